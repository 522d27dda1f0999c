// Drafts of a long form that arrive after the sender's session has ended (#14 item 3, "never lose the work"): a
// citizen writes a statement for an hour, the session times out, they press "Absenden" — and what they wrote is kept
// for them instead of being lost with the login redirect. After logging in they land on the form again, filled in,
// with a notice that it has not been sent yet.
//
// Rules (docs/security.md, "Login targets and form drafts"):
//  - Only a form sent with the cookie of a session that ended lately (accounts::FindEndedSession) and with that
//    session's CSRF token is kept: a forged request (another site's form, a request without the token) keeps nothing,
//    so nobody can plant text in someone else's form. The draft belongs to that session's account and is shown to
//    that account only — not to whoever logs in next in the same browser.
//  - It is bound to a random token in the cookie mw_draft (HttpOnly, SameSite=Lax, one day) and stored by the
//    token's hash, with the form's address; one draft per browser, a new one replaces the old.
//  - It is deleted when it is shown, and after kDraftLifetime by the purge job (data minimisation). It is not a
//    submission: nothing is received, and the form's own submission is what counts (its time, its checks).
//  - The handler decides which fields are kept (never attachments, never consents).
//
//   // the form's POST, for a visitor who is not logged in:
//   if (auto owner = site::EndedSessionOwner(services, request)) {
//     return site::KeepDraftAndLogin(services, visitor, request, *owner, {{"text", request.Form("text")}});
//   }
//   return site::LoginRequired(visitor, request);
//   // the form's GET, logged in:
//   if (auto draft = site::TakeDraft(services, visitor, request)) values = *draft;
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json.hpp>

#include "platform/site/context.hpp"

namespace mw::site {

inline constexpr std::string_view kDraftCookie = "mw_draft";
inline constexpr db::UnixSeconds kDraftLifetime = 24 * 3600;
// The kept fields as JSON; a statement (50,000 characters) fits many times over.
inline constexpr std::size_t kMaxDraftBytes = 1 << 20;

// The body gate of a form whose drafts are kept: FormGate, except that a visitor whose cookie names a lately ended
// session may send the body (still refused when the browser marks it as sent from another site, or when a token in
// header or query is not that session's), so that the handler can keep what was written.
http::BodyGate DraftKeepingFormGate(Services& services);

// The account of the lately ended session the request's cookie names, if the form's "csrf" field is that session's
// token (constant time); nullopt otherwise.
std::optional<std::int64_t> EndedSessionOwner(Services& services, const http::Request& request);

// Keeps `fields` as the draft of the form at the request's path for `user_id` (replacing this browser's earlier one)
// and answers with the login redirect back to the form and the notice flash.draft_kept. Fields larger than
// kMaxDraftBytes are not kept: the login redirect then says so (flash.draft_not_kept), never nothing.
http::Response KeepDraftAndLogin(Services& services, Visitor& visitor, const http::Request& request,
                                 std::int64_t user_id, const boost::json::object& fields);

// The draft of the form at the request's path that this browser keeps for the logged-in visitor, deleted as it is
// taken (and its cookie with it); nullopt if there is none. A draft of another account stays where it is.
std::optional<boost::json::object> TakeDraft(Services& services, Visitor& visitor, const http::Request& request);

// Deletes drafts past their lifetime; returns how many.
int PurgeExpiredDrafts(db::Tx& tx, db::UnixSeconds now);

}  // namespace mw::site
