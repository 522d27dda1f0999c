// The page cache: responses that do not depend on the visitor (public pages and feeds for a visitor without session
// and notice, per language) rendered once and then answered from memory — by every format, on a worker or on the
// HTTP I/O thread. A page stays in use until a write changes what it shows; writes say so by touching scopes.
//
//   // a handler (worker): the kept page, or render it for an anonymous visitor and keep it
//   if (auto shared = site::ServeSharedPage(services, visitor, request, {site::TenantScope(tenant.id), "petitions"},
//                                           [&](site::Visitor& anonymous) { return ShowPage(anonymous); })) {
//     return std::move(*shared);
//   }
//   // the route's fast handler (I/O thread): only a kept, current page; never the database
//   router.Add(http::Method::kGet, "/{tenant}/petitionen", ShowList, {.fast = site::SharedPageFast(services)});
//   // a write that changes what pages show, inside its transaction
//   services.db.Write([&](db::Tx& tx) { ...; site::TouchPages(tx, {site::TenantScope(tenant_id)}); });
//   // each server process polls the generations of other processes' writes
//   site::PageGenerationWatch watch(db);
//
// Contract:
// - A scope is a name for what a page depends on: kAllScope (every page depends on it), TenantScope(id) (anything
//   of one tenant: its name and settings, and every format's content of that tenant), a format's name ("petitions",
//   "procedures": the format's Land-wide pages) and OffersScope (the offer lists of the start page). A page declares
//   its scopes; a write touches the scopes whose pages it changes.
// - TouchPages bumps the scopes' generations in the database inside the write, and in this process's memory after
//   the commit (before Database::Write returns): a page rendered before is not answered again, in this process at
//   once. Other processes adopt the new generations by polling (PageGenerationWatch, every kPollInterval), so they
//   stop answering the old page within kPollInterval plus one query.
// - A kept page records the generations of its scopes as they were before it was rendered; it is answered while all
//   of them are unchanged and it is younger than its max age (kSharedPageMaxAge: for what changes with the clock
//   alone, such as phases by date). A render that overlaps a touch is therefore never kept past that touch.
// - One render at a time per key: concurrent requests for a missing or outdated page wait for that render instead
//   of rendering too. Peek never waits, never renders and never reads the database.
// - Per process and per Database object; thread-safe; bounded (PageCacheLimits: entries and bytes; when full, pages
//   no longer current go first, then the least recently used half).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/http/message.hpp"
#include "platform/site/site.hpp"

namespace mw::site {

struct Visitor;

inline constexpr std::string_view kAllScope = "all";
inline constexpr std::string_view kOffersScope = "offers";
// "tenant:<id>".
std::string TenantScope(std::int64_t tenant_id);

// The longest a kept page is answered without a touch (pages that change with the date alone).
inline constexpr db::UnixSeconds kSharedPageMaxAge = 60;
// How often PageGenerationWatch asks the database for other processes' touches.
inline constexpr std::chrono::milliseconds kPollInterval{250};

// A response as every visitor without session and notice sees it, rendered with `csrf_placeholder` (a random token
// occurring nowhere else) where each visitor's CSRF token goes, and without cookies. Once kept, its body is a
// http::SharedBody with a hole wherever the placeholder was, which every response for it shares (never copied).
struct SharedPage {
  std::string csrf_placeholder;
  http::Response response;
  // Where the header's navigation of the anonymous render lies in the body (offset, length), for pages shared with
  // logged-in visitors too (SharedWith::kEveryone); nullopt otherwise.
  std::optional<std::pair<std::size_t, std::size_t>> nav;
};

// Whom a page is the same for. kVisitorsWithoutSession: the page shows something of the visitor (a form filled for
// them, links by their roles), so only visitors without session share it. kEveryone: apart from the header's
// navigation (login state, name, logout) the page is the same for every visitor; a logged-in visitor gets the kept
// page with their own navigation put in its place (RenderNav), instead of a render.
enum class SharedWith { kVisitorsWithoutSession, kEveryone };

struct PageCacheLimits {
  std::size_t max_entries = 20'000;
  std::size_t max_bytes = 256u << 20;  // bodies and keys
};

// The cache itself; formats use the functions below. See the contract above.
class PageCache {
 public:
  explicit PageCache(PageCacheLimits limits = {});
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;
  ~PageCache();

  // The kept page of `key` if current at `now`; otherwise what `render` returns, kept with the generations of
  // `scopes` (and kAllScope) read before the render, for `max_age` seconds. A render giving nullopt is not kept and
  // gives nullptr. An exception of `render` passes through and keeps nothing.
  std::shared_ptr<const SharedPage> Get(const std::string& key, const std::vector<std::string>& scopes,
                                        db::UnixSeconds now, db::UnixSeconds max_age,
                                        const std::function<std::optional<SharedPage>()>& render);
  // The kept page of `key` if current at `now`, else nullptr. Never renders, never waits for a render.
  std::shared_ptr<const SharedPage> Peek(const std::string& key, db::UnixSeconds now);

  // Makes `generation` the generation of `scope` if it is newer than the one known.
  void Adopt(std::string_view scope, std::int64_t generation);
  // The highest generation adopted by polling (PollPageGenerations asks for newer ones).
  std::int64_t polled_up_to() const;
  void set_polled_up_to(std::int64_t generation);

  std::size_t entries() const;
  std::size_t bytes() const;
  // Renders done so far (for tests and metrics).
  std::int64_t renders() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The cache of `db` in this process (created on first use).
PageCache& PageCacheOf(const db::Database& db);

// Inside a Database::Write: bumps the generations of `scopes` in the database (at the end of the write, see
// Tx::BeforeCommit: it takes the lock of one row every touching write shares until the commit) and, once committed,
// in this process, so that every page depending on one of them is rendered again. May be called anywhere in the
// write, by any function that changes what pages show.
void TouchPages(db::Tx& tx, const std::vector<std::string>& scopes);
// One poll: adopts the generations other processes committed since the last poll. Returns how many scopes changed.
int PollPageGenerations(db::Database& db);

// Polls PollPageGenerations(db) every `interval` on a thread of its own until destroyed. `db` must outlive it.
class PageGenerationWatch {
 public:
  explicit PageGenerationWatch(db::Database& db, std::chrono::milliseconds interval = kPollInterval);
  PageGenerationWatch(const PageGenerationWatch&) = delete;
  PageGenerationWatch& operator=(const PageGenerationWatch&) = delete;
  ~PageGenerationWatch();

 private:
  db::Database& db_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

// The page for `visitor` from the page all visitors without session and notice share (keyed by language and the
// request target, path and query): the kept one, or `render` called with an anonymous visitor of the same language
// (a worker's path; one render at a time per page). The response shares the kept body. Where the page has a form
// (the placeholder occurs), it carries the visitor's CSRF token masked afresh for this response and the visitor's
// cookies; a page without a form carries no token and sets no CSRF cookie (the visitor's other cookies, such as the
// language, are set). Only a 200 response is kept. nullopt when the page is not shared with this visitor (a session
// unless `with` is kEveryone, a notice to show, a token that would need escaping): the caller renders it for them.
// With kEveryone a logged-in visitor's response is the kept text with their own navigation and token, a copy
// (`Cache-Control: private, no-store`, as every page for a logged-in visitor). When the site is configured without
// page cache (SiteConfig::page_cache, for measuring renders), always nullopt.
std::optional<http::Response> ServeSharedPage(Services& services, const Visitor& visitor, const http::Request& request,
                                              const std::vector<std::string>& scopes,
                                              const std::function<http::Response(Visitor& anonymous)>& render,
                                              SharedWith with = SharedWith::kVisitorsWithoutSession,
                                              db::UnixSeconds max_age = kSharedPageMaxAge);
// The I/O thread's path: the kept, current page for `visitor` and `request`, or nullopt. Never the database.
std::optional<http::Response> PeekSharedPage(Services& services, const Visitor& visitor, const http::Request& request);
// A route's fast handler (http::RouteOptions::fast) answering PeekSharedPage for a request without session cookie
// (resolving a session would read the database).
http::FastHandler SharedPageFast(Services& services);

// For responses that are the same for every visitor, with or without session, and carry no form and no cookie
// (feeds, GeoJSON, open data): the kept one, or `render`'s (kept if 200), keyed by the request target alone, under
// the same generations as pages. The response never gets a cookie.
http::Response ServeSharedResource(Services& services, const http::Request& request,
                                   const std::vector<std::string>& scopes, const std::function<http::Response()>& render,
                                   db::UnixSeconds max_age = kSharedPageMaxAge);
// A route's fast handler answering the kept, current resource of ServeSharedResource on the I/O thread.
http::FastHandler SharedResourceFast(Services& services);
// `page`'s response with `csrf` in place of the placeholder (the shared body with `csrf` as its fill; the body is
// not copied); `csrf` must need no HTML escaping ([A-Za-z0-9_-]).
http::Response WithVisitorToken(const SharedPage& page, std::string_view csrf);

}  // namespace mw::site
