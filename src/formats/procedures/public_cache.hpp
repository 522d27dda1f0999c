// The hot read path of the public procedure page: the page as every anonymous visitor sees it, rendered once per
// path and language and kept in memory for kProcedurePageFreshness seconds (the issue asks for ≥ 50 % of the
// requests per second nginx serves for a static file of that size).
//
//   auto page = procedures::CachedPublicPage(services.db, key, now, [&] { return RenderForEveryone(); });
//   auto fresh = procedures::PeekPublicPage(services.db, key, now);   // the I/O thread's path: never loads
//   http::Response response = procedures::WithVisitorToken(*page, site::CsrfForPage(visitor));  // masked afresh
//
// Contract:
// - An entry is a rendered response, used while younger (by the caller's `now`) than kProcedurePageFreshness. The
//   first request after that renders it again; requests arriving meanwhile keep getting the previous page (one
//   render at a time per entry). So a change of a procedure, its documents or its tenant shows within
//   kProcedurePageFreshness seconds plus one render, in every process, without anyone telling the cache.
// - A render that gives nullopt (unknown or not public procedure) is not kept: the next request renders again.
// - Per process and per Database object; thread-safe; bounded (kMaxPublicPages; when full, stale entries go first,
//   then all).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "platform/db/database.hpp"
#include "platform/http/message.hpp"

namespace mw::procedures {

inline constexpr db::UnixSeconds kProcedurePageFreshness = 2;
inline constexpr std::size_t kMaxPublicPages = 20'000;

// A page rendered for a visitor without session, with `csrf_placeholder` (a random token occurring nowhere else)
// where each visitor's CSRF token goes, and without cookies.
struct PublicPage {
  std::string path;  // the request path it was rendered for
  std::string csrf_placeholder;
  http::Response response;
};

// The kept page of `key`, or what `render` returns when there is none or it is stale (see the contract).
std::shared_ptr<const PublicPage> CachedPublicPage(db::Database& db, const std::string& key, db::UnixSeconds now,
                                                   const std::function<std::optional<PublicPage>()>& render);
// The kept page of `key` if it is fresh at `now`, else nullptr. Never renders and never waits for a render, so an
// HTTP I/O thread may call it (http::FastHandler).
std::shared_ptr<const PublicPage> PeekPublicPage(db::Database& db, const std::string& key, db::UnixSeconds now);
// `page`'s response with `csrf` in place of the placeholder. `csrf` must need no HTML escaping ([A-Za-z0-9_-]).
http::Response WithVisitorToken(const PublicPage& page, std::string_view csrf);
// Drops every kept page of `db` in this process (after a change this process made and wants to show at once).
void ForgetPublicPages(db::Database& db);

}  // namespace mw::procedures
