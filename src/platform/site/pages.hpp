// Handlers of the platform's pages (internal to the site module). Each takes the shared services and the request.
#pragma once

#include "platform/http/message.hpp"
#include "platform/site/context.hpp"
#include "platform/site/site.hpp"

namespace mw::site {

// pages_account.cpp
http::Response GetLogin(Services& services, http::Request& request);
http::Response PostLogin(Services& services, http::Request& request);
http::Response PostLogout(Services& services, http::Request& request);
http::Response GetRegister(Services& services, http::Request& request);
http::Response PostRegister(Services& services, http::Request& request);
http::Response GetRegisterDone(Services& services, http::Request& request);
http::Response PostResendConfirmation(Services& services, http::Request& request);
http::Response GetConfirm(Services& services, http::Request& request);
http::Response PostConfirm(Services& services, http::Request& request);
http::Response GetPasswordForgot(Services& services, http::Request& request);
http::Response PostPasswordForgot(Services& services, http::Request& request);
http::Response GetPasswordReset(Services& services, http::Request& request);
http::Response PostPasswordReset(Services& services, http::Request& request);
http::Response GetAccount(Services& services, http::Request& request);
http::Response GetAccountExport(Services& services, http::Request& request);
http::Response PostAccountDelete(Services& services, http::Request& request);
http::Response PostOrganisationMember(Services& services, http::Request& request);
http::Response GetOrganisationInvitation(Services& services, http::Request& request);
http::Response PostOrganisationInvitation(Services& services, http::Request& request);
http::Response PostOrganisationLeave(Services& services, http::Request& request);
http::Response PostAccountPassword(Services& services, http::Request& request);
http::Response PostAccountEmail(Services& services, http::Request& request);
http::Response GetEmailChange(Services& services, http::Request& request);
http::Response PostEmailChange(Services& services, http::Request& request);
http::Response PostUnlockRequest(Services& services, http::Request& request);
http::Response GetUnlock(Services& services, http::Request& request);
http::Response PostUnlock(Services& services, http::Request& request);
http::Response PostAccountToken(Services& services, http::Request& request);
http::Response PostAccountTokenRevoke(Services& services, http::Request& request);

// True if `password` is the logged-in `user`'s current one (a slow hash: never inside a write transaction). Never for
// an account without password.
bool IsCurrentPassword(Services& services, const accounts::User& user, std::string_view password);

// pages_second_factor.cpp (#15 item 4): the authenticator on /konto/zwei-faktor and the login's second step.
// Binds the login's second step (a right password, the code still asked for) to the browser.
inline constexpr std::string_view kSecondFactorCookie = "mw_second_factor";
// A platform administrator whose session lacks the second factor (accounts::FindSession then drops
// is_platform_admin): the enrolment page is where they are sent.
bool LacksSecondFactorForPlatformAdmin(Services& services, const Visitor& visitor);
http::Response GetSecondFactor(Services& services, http::Request& request);
http::Response GetSecondFactorQr(Services& services, http::Request& request);
http::Response PostSecondFactorBegin(Services& services, http::Request& request);
http::Response PostSecondFactorConfirm(Services& services, http::Request& request);
http::Response PostSecondFactorDisable(Services& services, http::Request& request);
http::Response GetSecondFactorLogin(Services& services, http::Request& request);
http::Response PostSecondFactorLogin(Services& services, http::Request& request);
// After a right password: for an account with an authenticator, the pending step bound to this browser and the
// redirect to /anmelden/zweiter-faktor (the session is created only when the code is given); nullopt otherwise.
std::optional<http::Response> BeginSecondFactorStep(Services& services, Visitor& visitor, const accounts::User& user,
                                                    std::string_view next);

// pages_identity.cpp (#15): login and linking with an identity provider.
http::Response GetIdentityLogin(Services& services, http::Request& request);
http::Response GetIdentityCallback(Services& services, http::Request& request);
http::Response PostIdentityLink(Services& services, http::Request& request);
http::Response PostIdentityUnlink(Services& services, http::Request& request);
// The provider's back-channel logout (a logout token, form field "logout_token"): ends the sessions it names.
http::Response PostIdentityBackChannelLogout(Services& services, http::Request& request);
// Where the logout of `session` sends the browser: the provider's end_session_endpoint (with id_token_hint and
// post_logout_redirect_uri) when the session began there and the provider has one; nullopt otherwise.
std::optional<std::string> ProviderLogoutUrl(Services& services, const accounts::Session& session);
// The login page's buttons of the configured providers ("identity_providers"), carrying the model's "next".
void AddIdentityToLogin(Services& services, std::string_view locale, boost::json::object& model);
// The account page's section "Anmeldedienste" ("identity"): each provider, linked or not, and the session's level.
void AddIdentityToAccount(Services& services, const Visitor& visitor, db::Tx& tx, boost::json::object& model);

// pages_tenant.cpp
http::Response GetHome(Services& services, http::Request& request);
http::Response GetTenant(Services& services, http::Request& request);
http::Response GetTenantAdmin(Services& services, http::Request& request);
http::Response PostTenantGrant(Services& services, http::Request& request);
http::Response GetTenantRevoke(Services& services, http::Request& request);
http::Response PostTenantRevoke(Services& services, http::Request& request);
http::Response GetTenantAudit(Services& services, http::Request& request);
http::Response GetTenantSettings(Services& services, http::Request& request);
http::Response PostTenantSettings(Services& services, http::Request& request);
http::Response GetTenantLogo(Services& services, http::Request& request);

// pages_platform.cpp
http::Response GetPlatformAdmin(Services& services, http::Request& request);
http::Response PostCreateTenant(Services& services, http::Request& request);
http::Response GetMails(Services& services, http::Request& request);
http::Response GetMail(Services& services, http::Request& request);
http::Response PostOrganisationAdmin(Services& services, http::Request& request);
http::Response GetLegalPage(Services& services, http::Request& request, std::string_view name);
// The registered formats' phrases under `key` (Section::activity_key, account_key, easy_language_key) in `locale`,
// in the order the formats registered, those without the key left out (#14 item 6).
std::vector<std::string> FormatPhrases(const Services& services, std::string_view locale,
                                       std::string Section::*key);
// "a", "a und b", "a, b und c" (the locale's "und": `text.and`).
std::string JoinedPhrases(const Services& services, std::string_view locale, const std::vector<std::string>& phrases);

// pages_tasks.cpp
http::Response GetTasks(Services& services, http::Request& request);

// api.cpp
http::Response ApiMe(Services& services, http::Request& request);
http::Response ApiTenants(Services& services, http::Request& request);
http::Response ApiTenant(Services& services, http::Request& request);

}  // namespace mw::site
