#include <filesystem>
#include <memory>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "platform/site/openapi.hpp"
#include "platform/site/page_cache.hpp"
#include "platform/site/pages.hpp"
#include "platform/site/participation.hpp"

namespace mw::site {

void RegisterRoutes(http::Router& router, Services& services) {
  using http::Method;
  auto bind = [&services](http::Response (*handler)(Services&, http::Request&)) {
    return [&services, handler](http::Request& request) { return handler(services, request); };
  };
  // Forms carry a few short fields; registration has the most.
  http::RouteOptions form{.body_limit = 16 * 1024, .field_limit = 4 * 1024};

  // The liveness answer needs nothing but memory: it is given on the I/O thread, without the trip to a worker.
  router.Add(Method::kGet, "/healthz", [](http::Request&) { return http::Response::Text(200, "ok\n"); },
             {.fast = [](const http::Request&) -> std::optional<http::Response> {
               return http::Response::Text(200, "ok\n");
             }});
  router.Add(Method::kGet, "/readyz", [&services](http::Request&) {
    bool ready = false;
    try {
      ready = services.db.Ping();
    } catch (const std::exception&) {
    }
    return ready ? http::Response::Text(200, "ready\n") : http::Response::Text(503, "database unavailable\n");
  });
  // No /metrics here: they are served only on their own address (mitwirken serve --metrics-listen).
  router.Add(Method::kGet, "/static/*", services.config.static_assets
                                            ? http::StaticFiles(*services.config.static_assets)
                                            : http::StaticFiles(services.config.static_dir));

  const http::RouteOptions shared_page{.fast = SharedPageFast(services)};
  router.Add(Method::kGet, "/", bind(GetHome), shared_page);
  router.Add(Method::kGet, "/beteiligung", bind(GetParticipation), shared_page);
  for (std::string_view page : {"barrierefreiheit", "impressum", "datenschutz", "leichte-sprache"}) {
    static const std::map<std::string_view, std::string_view> kTemplates{{"barrierefreiheit", "accessibility"},
                                                                         {"impressum", "imprint"},
                                                                         {"datenschutz", "privacy"},
                                                                         {"leichte-sprache", "easy_language"}};
    std::string_view name = kTemplates.at(page);
    router.Add(Method::kGet, "/" + std::string(page),
               [&services, name](http::Request& request) { return GetLegalPage(services, request, name); },
               shared_page);
  }

  router.Add(Method::kGet, "/anmelden", bind(GetLogin), shared_page);
  router.Add(Method::kPost, "/anmelden", bind(PostLogin), form);
  router.Add(Method::kPost, "/anmelden/entsperren", bind(PostUnlockRequest), form);
  router.Add(Method::kGet, "/anmelden/zweiter-faktor", bind(GetSecondFactorLogin));
  router.Add(Method::kPost, "/anmelden/zweiter-faktor", bind(PostSecondFactorLogin), form);
  router.Add(Method::kGet, "/anmelden/entsperren/bestaetigen", bind(GetUnlock));
  router.Add(Method::kPost, "/anmelden/entsperren/bestaetigen", bind(PostUnlock), form);
  router.Add(Method::kPost, "/abmelden", bind(PostLogout), form);
  // Login with an identity provider (#15); 404 for a provider that is not configured.
  router.Add(Method::kGet, "/anmelden/{provider}", bind(GetIdentityLogin));
  router.Add(Method::kGet, "/anmelden/{provider}/zurueck", bind(GetIdentityCallback));
  // Sent by the provider's server (a logout token of at most 16 KiB), not by a browser.
  router.Add(Method::kPost, "/anmelden/{provider}/abmelden-kanal", bind(PostIdentityBackChannelLogout),
             {.body_limit = 32 * 1024, .field_limit = 20 * 1024});
  router.Add(Method::kPost, "/konto/anmeldedienste/{provider}/verknuepfen", bind(PostIdentityLink), form);
  router.Add(Method::kPost, "/konto/anmeldedienste/{provider}/trennen", bind(PostIdentityUnlink), form);
  router.Add(Method::kGet, "/registrieren", bind(GetRegister), shared_page);
  router.Add(Method::kPost, "/registrieren", bind(PostRegister), form);
  router.Add(Method::kGet, "/registrieren/gesendet", bind(GetRegisterDone));
  router.Add(Method::kPost, "/registrieren/erneut", bind(PostResendConfirmation), form);
  router.Add(Method::kGet, "/registrieren/bestaetigen", bind(GetConfirm));
  router.Add(Method::kPost, "/registrieren/bestaetigen", bind(PostConfirm), form);
  router.Add(Method::kGet, "/passwort-vergessen", bind(GetPasswordForgot));
  router.Add(Method::kPost, "/passwort-vergessen", bind(PostPasswordForgot), form);
  router.Add(Method::kGet, "/passwort-neu", bind(GetPasswordReset));
  router.Add(Method::kPost, "/passwort-neu", bind(PostPasswordReset), form);
  router.Add(Method::kGet, "/aufgaben", bind(GetTasks));
  router.Add(Method::kGet, "/konto", bind(GetAccount));
  router.Add(Method::kGet, "/konto/export", bind(GetAccountExport));
  router.Add(Method::kGet, "/konto/zwei-faktor", bind(GetSecondFactor));
  router.Add(Method::kGet, "/konto/zwei-faktor/qr.svg", bind(GetSecondFactorQr));
  router.Add(Method::kPost, "/konto/zwei-faktor/beginnen", bind(PostSecondFactorBegin), form);
  router.Add(Method::kPost, "/konto/zwei-faktor/bestaetigen", bind(PostSecondFactorConfirm), form);
  router.Add(Method::kPost, "/konto/zwei-faktor/abschalten", bind(PostSecondFactorDisable), form);
  router.Add(Method::kPost, "/konto/loeschen", bind(PostAccountDelete), form);
  router.Add(Method::kPost, "/konto/passwort", bind(PostAccountPassword), form);
  router.Add(Method::kPost, "/konto/email", bind(PostAccountEmail), form);
  router.Add(Method::kGet, "/konto/email/bestaetigen", bind(GetEmailChange));
  router.Add(Method::kPost, "/konto/email/bestaetigen", bind(PostEmailChange), form);
  router.Add(Method::kPost, "/konto/organisation/mitglieder", bind(PostOrganisationMember), form);
  router.Add(Method::kGet, "/konto/organisation/einladung", bind(GetOrganisationInvitation));
  router.Add(Method::kPost, "/konto/organisation/einladung", bind(PostOrganisationInvitation), form);
  router.Add(Method::kPost, "/konto/organisation/verlassen", bind(PostOrganisationLeave), form);
  router.Add(Method::kPost, "/konto/tokens", bind(PostAccountToken), form);
  router.Add(Method::kPost, "/konto/tokens/{id}/widerrufen", bind(PostAccountTokenRevoke), form);

  router.Add(Method::kGet, "/verwaltung", bind(GetPlatformAdmin));
  router.Add(Method::kPost, "/verwaltung/mandanten", bind(PostCreateTenant), form);
  router.Add(Method::kGet, "/verwaltung/mails", bind(GetMails));
  router.Add(Method::kGet, "/verwaltung/mails/{id}", bind(GetMail));
  router.Add(Method::kPost, "/verwaltung/organisationen/administration", bind(PostOrganisationAdmin), form);

  // The API description, built once at start from docs/openapi.json and the formats' fragments. JSON is YAML too,
  // so the older address /api/v1/openapi.yaml serves the same document.
  auto openapi = std::make_shared<Result<std::string>>(BuildOpenApi(services.config.openapi_file));
  if (!*openapi) spdlog::warn("openapi: {}", openapi->error().message);
  auto serve_openapi = [&services, openapi](std::string content_type) {
    return [&services, openapi, content_type](http::Request& request) {
      if (!*openapi) return ErrorResponse(services, request, 404, "Die API-Beschreibung ist nicht installiert.");
      http::Response response = http::Response::Json(200, **openapi);
      response.SetHeader("Content-Type", content_type);
      return response;
    };
  };
  router.Add(Method::kGet, "/api/v1/openapi.json", serve_openapi("application/json"));
  router.Add(Method::kGet, "/api/v1/openapi.yaml", serve_openapi("application/yaml; charset=utf-8"));
  router.Add(Method::kGet, "/api/v1/me", bind(ApiMe));
  router.Add(Method::kGet, "/api/v1/tenants", bind(ApiTenants));
  router.Add(Method::kGet, "/api/v1/participation", bind(ApiParticipation));
  router.Add(Method::kGet, "/api/v1/tenants/{slug}", bind(ApiTenant));

  router.Add(Method::kGet, "/{tenant}", bind(GetTenant), shared_page);
  router.Add(Method::kGet, "/{tenant}/verwaltung", bind(GetTenantAdmin));
  router.Add(Method::kPost, "/{tenant}/verwaltung/rollen", bind(PostTenantGrant), form);
  router.Add(Method::kGet, "/{tenant}/verwaltung/rollen/entziehen", bind(GetTenantRevoke));
  router.Add(Method::kPost, "/{tenant}/verwaltung/rollen/entziehen", bind(PostTenantRevoke), form);
  router.Add(Method::kGet, "/{tenant}/verwaltung/protokoll", bind(GetTenantAudit));
  router.Add(Method::kGet, "/{tenant}/verwaltung/einstellungen", bind(GetTenantSettings));
  router.Add(Method::kPost, "/{tenant}/verwaltung/einstellungen", bind(PostTenantSettings),
             {.body_limit = 1024 * 1024,
              .multipart = true,
              .field_limit = 4 * 1024,
              .max_files = 1,
              .before_body = FormGate(services, HasTenantRole({accounts::Role::kAdmin}))});
  router.Add(Method::kGet, "/{tenant}/logo", bind(GetTenantLogo));

  router.SetErrorRenderer([&services](const http::Request& request, int status, const std::string& message) {
    return ErrorResponse(services, request, status, message);
  });
}

}  // namespace mw::site
