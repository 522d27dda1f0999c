#include "platform/site/drafts.hpp"

#include <spdlog/spdlog.h>

#include "platform/core/crypto.hpp"

namespace mw::site {
namespace {

std::optional<accounts::EndedSession> EndedSessionOf(Services& services, const http::Request& request) {
  auto token = request.Cookie(kSessionCookie);
  if (!token) return std::nullopt;
  db::UnixSeconds now = services.now();
  return services.db.Read([&](db::Tx& tx) { return accounts::FindEndedSession(tx, *token, now); });
}

bool CsrfOfSession(const accounts::EndedSession& session, std::string_view sent) {
  Visitor owner;
  owner.csrf = session.csrf_token;
  return CsrfMatches(owner, sent);
}

}  // namespace

http::BodyGate DraftKeepingFormGate(Services& services) {
  http::BodyGate gate = FormGate(services);
  return [&services, gate = std::move(gate)](const http::Request& request) -> std::optional<http::Response> {
    auto ended = EndedSessionOf(services, request);
    if (!ended) return gate(request);
    if (request.Header("sec-fetch-site") == "cross-site") {
      return CsrfFailure(services, ResolveVisitor(services, request), request);
    }
    std::string early_token = request.Header("x-csrf-token").value_or(request.Query("csrf"));
    if (!early_token.empty() && !CsrfOfSession(*ended, early_token)) {
      return CsrfFailure(services, ResolveVisitor(services, request), request);
    }
    return std::nullopt;
  };
}

std::optional<std::int64_t> EndedSessionOwner(Services& services, const http::Request& request) {
  auto ended = EndedSessionOf(services, request);
  if (!ended || !CsrfOfSession(*ended, request.Form("csrf"))) return std::nullopt;
  return ended->user_id;
}

http::Response KeepDraftAndLogin(Services& services, Visitor& visitor, const http::Request& request,
                                 std::int64_t user_id, const boost::json::object& fields) {
  std::string text = boost::json::serialize(fields);
  auto target = ValidLocalTarget(request.target.substr(0, request.target.find('?')));
  if (!target) return LoginRequired(visitor, request);
  if (text.size() > kMaxDraftBytes) {
    // Never lost in silence: the notice says that nothing was kept, and that the browser's way back still has it.
    spdlog::warn("form draft not kept ({} bytes) for {}", text.size(), request.path);
    return RedirectWithFlash(visitor, WithNextTarget("/anmelden", *target), "flash.draft_not_kept");
  }
  db::UnixSeconds now = services.now();
  std::string token = RandomToken();
  auto earlier = request.Cookie(kDraftCookie);
  services.db.Write([&](db::Tx& tx) {
    if (earlier) tx.Exec("DELETE FROM form_draft WHERE token_hash = ?", {Sha256Hex(*earlier)});
    tx.Exec("INSERT INTO form_draft (token_hash, user_id, target, fields, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            {Sha256Hex(token), user_id, *target, text, now, now + kDraftLifetime});
  });
  visitor.cookies.push_back(MakeCookie(services, kDraftCookie, token, kDraftLifetime));
  return RedirectWithFlash(visitor, WithNextTarget("/anmelden", *target), "flash.draft_kept");
}

std::optional<boost::json::object> TakeDraft(Services& services, Visitor& visitor, const http::Request& request) {
  auto token = request.Cookie(kDraftCookie);
  const accounts::User* user = visitor.user();
  if (!token || !user) return std::nullopt;
  std::string target = request.target.substr(0, request.target.find('?'));
  db::UnixSeconds now = services.now();
  std::string token_hash = Sha256Hex(*token);
  struct Found {
    bool exists = false;
    std::optional<std::string> fields;
  };
  Found found = services.db.Write([&](db::Tx& tx) {
    auto row = tx.QueryOne("SELECT user_id, target, fields FROM form_draft WHERE token_hash = ? AND expires_at > ?",
                           {token_hash, now});
    if (!row) return Found{};
    if (row->Int(0) != user->id || row->Text(1) != target) return Found{.exists = true};
    tx.Exec("DELETE FROM form_draft WHERE token_hash = ?", {token_hash});
    return Found{.exists = true, .fields = row->Text(2)};
  });
  // The cookie goes with the draft, or when it names none any more; a draft of another account or form stays.
  if (found.exists && !found.fields) return std::nullopt;
  visitor.cookies.push_back(MakeCookie(services, kDraftCookie, "", 0));
  if (!found.fields) return std::nullopt;
  boost::system::error_code error;
  auto parsed = boost::json::parse(*found.fields, error);
  if (error || !parsed.is_object()) return std::nullopt;
  return std::move(parsed.as_object());
}

int PurgeExpiredDrafts(db::Tx& tx, db::UnixSeconds now) {
  return static_cast<int>(tx.Exec("DELETE FROM form_draft WHERE expires_at <= ?", {now}));
}

}  // namespace mw::site
