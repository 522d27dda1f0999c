// Platform administration (tenants, outgoing mails) and the legal pages every page links to.
#include "platform/audit/audit.hpp"
#include "platform/mail/names.hpp"
#include "platform/mail/outbox.hpp"
#include "platform/site/page_cache.hpp"
#include "platform/site/pages.hpp"

namespace mw::site {
namespace {

bool IsPlatformAdmin(const Visitor& visitor) { return visitor.user() && visitor.user()->is_platform_admin; }

// 403, or — for a platform administrator whose session lacks the second factor — the enrolment page with the
// explanation.
http::Response NotPlatformAdmin(Services& services, Visitor& visitor, const http::Request& request) {
  if (LacksSecondFactorForPlatformAdmin(services, visitor)) {
    return RedirectWithFlash(visitor, "/konto/zwei-faktor", "flash.second_factor_required");
  }
  return ErrorResponse(services, request, 403, services.renderer.T(visitor.locale, "error.forbidden"));
}

http::Response ShowPlatformAdmin(Services& services, Visitor& visitor, const http::Request& request,
                                 const std::vector<Error>& errors, boost::json::object values, int status) {
  auto tenants = services.db.Read([&](db::Tx& tx) { return tenancy::ListAll(tx); });
  boost::json::array rows;
  for (const auto& tenant : tenants) {
    std::string parent_name;
    for (const auto& candidate : tenants) {
      if (tenant.parent_id == candidate.id) parent_name = candidate.name;
    }
    rows.push_back(boost::json::object{{"slug", tenant.slug},
                                       {"name", tenant.name},
                                       {"kind_label", services.renderer.T(visitor.locale, "tenant.kind." + tenant.kind)},
                                       {"land", std::string(tenancy::LandName(tenant.land))},
                                       {"parent_name", parent_name}});
  }
  auto selected = [&](std::string_view key, std::string_view value) {
    return values.contains(key) && values.at(key).is_string() && values.at(key).as_string() == value;
  };
  boost::json::array kinds;
  for (const auto& kind : tenancy::TenantKinds()) {
    kinds.push_back(boost::json::object{{"value", kind},
                                        {"label", services.renderer.T(visitor.locale, "tenant.kind." + kind)},
                                        {"selected", selected("kind", kind)}});
  }
  boost::json::array lands;
  for (const auto& code : tenancy::LandCodes()) {
    lands.push_back(boost::json::object{
        {"value", code}, {"label", std::string(tenancy::LandName(code))}, {"selected", selected("land", code)}});
  }
  // Organisations whose last administrator left: a platform administrator names a member.
  boost::json::array orphaned;
  for (const auto& organisation : services.db.Read([](db::Tx& tx) { return accounts::OrganisationsWithoutAdmin(tx); })) {
    boost::json::array members;
    for (const auto& member : organisation.members) {
      members.push_back(boost::json::object{{"name", member.name}, {"email", member.email}});
    }
    orphaned.push_back(boost::json::object{{"name", organisation.name}, {"members", std::move(members)}});
  }
  boost::json::object model{{"tenants", std::move(rows)}, {"kinds", std::move(kinds)}, {"lands", std::move(lands)},
                            {"values", std::move(values)}, {"mail_href", "/verwaltung/mails"},
                            {"organisations_without_admin", std::move(orphaned)}};
  AddErrors(model, errors);
  return RenderPage(services, visitor, request, "platform_admin", std::move(model),
                    services.renderer.T(visitor.locale, "platform_admin.title"), {.status = status});
}

std::string MailStateLabel(const Services& services, std::string_view locale, mail::MailState state) {
  return services.renderer.T(locale, "mail_state." + std::string(mail::MailStateName(state)));
}

}  // namespace

http::Response GetPlatformAdmin(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!IsPlatformAdmin(visitor)) return NotPlatformAdmin(services, visitor, request);
  return ShowPlatformAdmin(services, visitor, request, {}, {{"kind", "gemeinde"}, {"land", "SN"}}, 200);
}

http::Response PostCreateTenant(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!IsPlatformAdmin(visitor)) return NotPlatformAdmin(services, visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  tenancy::NewTenant form{.slug = request.Form("slug"),
                          .name = request.Form("name"),
                          .kind = request.Form("kind"),
                          .land = request.Form("land"),
                          .parent_slug = request.Form("parent"),
                          .ags = request.Form("ags")};
  auto created = services.db.Write([&](db::Tx& tx) -> Result<tenancy::Tenant> {
    auto tenant = tenancy::CreateTenant(tx, form, now);
    if (tenant) {
      // A new tenant shows on the start page, its parent's page and every region filter.
      TouchPages(tx, {std::string(kAllScope)});
      audit::Record(tx,
                    audit::Entry{.actor_user_id = visitor.user()->id,
                                 .actor_label = visitor.user()->email,
                                 .tenant_id = tenant->id,
                                 .action = "tenant.create",
                                 .object = "tenant:" + tenant->slug,
                                 .detail = tenant->name,
                                 .remote_ip = request.remote_ip},
                    now);
    }
    return tenant;
  });
  if (!created) {
    boost::json::object values{{"slug", form.slug}, {"name", form.name}, {"kind", form.kind},
                               {"land", form.land}, {"parent", form.parent_slug}, {"ags", form.ags}};
    return ShowPlatformAdmin(services, visitor, request, {created.error()}, std::move(values), 422);
  }
  return RedirectWithFlash(visitor, "/verwaltung", "flash.tenant_created");
}

http::Response PostOrganisationAdmin(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!IsPlatformAdmin(visitor)) return NotPlatformAdmin(services, visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  auto named = services.db.Write([&](db::Tx& tx) -> Result<accounts::User> {
    auto member = accounts::SetOrganisationAdmin(tx, request.Form("email"));
    if (member) {
      audit::Record(tx,
                    audit::Entry{.actor_user_id = visitor.user()->id,
                                 .actor_label = visitor.user()->email,
                                 .action = "organisation.admin_set",
                                 .object = "organisation:" + std::to_string(*member->organisation_id),
                                 .detail = "user:" + std::to_string(member->id),
                                 .remote_ip = request.remote_ip},
                    now);
    }
    return member;
  });
  if (!named) return ShowPlatformAdmin(services, visitor, request, {named.error()}, {}, 422);
  return RedirectWithFlash(visitor, "/verwaltung", "flash.organisation_admin_set");
}

http::Response GetMails(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!IsPlatformAdmin(visitor)) return NotPlatformAdmin(services, visitor, request);
  // The list shows addresses only masked (a subject may name the petition a person signed); the whole mail is one
  // audited click away. The look at the list is recorded too, before the page is sent.
  const auto recent = mail::ListRecent(services.db, 200, std::nullopt);
  services.db.Write([&](db::Tx& tx) {
    audit::Record(tx,
                  audit::Entry{.actor_user_id = visitor.user()->id,
                               .actor_label = visitor.user()->email,
                               .action = "mail.list",
                               .object = "mail_outbox",
                               .detail = std::to_string(recent.size()) + " E-Mails",
                               .remote_ip = request.remote_ip},
                  services.now());
  });
  boost::json::array rows;
  for (const auto& entry : recent) {
    rows.push_back(boost::json::object{{"id", entry.id},
                                       {"created", FormatTime(entry.created_at, visitor.locale)},
                                       {"to", mail::MaskedAddress(entry.mail.to_address)},
                                       {"subject", entry.mail.subject},
                                       {"state_label", MailStateLabel(services, visitor.locale, entry.state)},
                                       {"href", "/verwaltung/mails/" + std::to_string(entry.id)}});
  }
  return RenderPage(services, visitor, request, "admin_mails", {{"mails", std::move(rows)}},
                    services.renderer.T(visitor.locale, "admin_mails.title"),
                    {.breadcrumbs = {{services.renderer.T(visitor.locale, "platform_admin.title"), "/verwaltung"},
                                     {services.renderer.T(visitor.locale, "admin_mails.title"), ""}}});
}

http::Response GetMail(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!IsPlatformAdmin(visitor)) return NotPlatformAdmin(services, visitor, request);
  db::UnixSeconds now = services.now();
  std::int64_t id = 0;
  try {
    id = std::stoll(request.PathParam("id"));
  } catch (const std::exception&) {
    return ErrorResponse(services, request, 404, services.renderer.T(visitor.locale, "error.not_found"));
  }
  auto entry = mail::Get(services.db, id);
  if (!entry) return ErrorResponse(services, request, 404, services.renderer.T(visitor.locale, "error.not_found"));
  // A mail body holds personal data (names, links with secrets): every look at one is recorded, durably, before
  // the page is sent.
  services.db.Write([&](db::Tx& tx) {
    audit::Record(tx,
                  audit::Entry{.actor_user_id = visitor.user()->id,
                               .actor_label = visitor.user()->email,
                               .action = "mail.view",
                               .object = "mail:" + std::to_string(entry->id),
                               .detail = entry->mail.category,
                               .remote_ip = request.remote_ip},
                  now);
  });
  boost::json::object model{{"mail", boost::json::object{{"id", entry->id},
                                                         {"to", entry->mail.to_address},
                                                         {"subject", entry->mail.subject},
                                                         {"body_text", entry->mail.body_text},
                                                         {"created", FormatTime(entry->created_at, visitor.locale)},
                                                         {"state_label", MailStateLabel(services, visitor.locale,
                                                                                        entry->state)}}}};
  return RenderPage(services, visitor, request, "admin_mail", std::move(model), entry->mail.subject,
                    {.breadcrumbs = {{services.renderer.T(visitor.locale, "platform_admin.title"), "/verwaltung"},
                                     {services.renderer.T(visitor.locale, "admin_mails.title"), "/verwaltung/mails"},
                                     {entry->mail.subject, ""}}});
}

// The legal pages (imprint, privacy, accessibility, easy language) show the installation's configuration alone: the
// same for every visitor without session, kept in the page cache and answered on the I/O thread like the others.
std::vector<std::string> FormatPhrases(const Services& services, std::string_view locale,
                                       std::string Section::*key) {
  std::vector<std::string> out;
  for (const auto& section : services.sections) {
    if (!(section.*key).empty()) out.push_back(services.renderer.T(locale, section.*key));
  }
  return out;
}

std::string JoinedPhrases(const Services& services, std::string_view locale, const std::vector<std::string>& phrases) {
  std::string out;
  for (std::size_t phrase_idx = 0; phrase_idx < phrases.size(); ++phrase_idx) {
    if (phrase_idx > 0) {
      out += phrase_idx + 1 == phrases.size() ? " " + services.renderer.T(locale, "text.and") + " " : ", ";
    }
    out += phrases[phrase_idx];
  }
  return out;
}

http::Response GetLegalPage(Services& services, http::Request& request, std::string_view name) {
  Visitor visitor = ResolveVisitor(services, request);
  const auto render = [&](Visitor& for_whom) {
    boost::json::object model{{"operator_name", services.config.operator_name},
                              {"operator_address", services.config.operator_address},
                              {"operator_email", services.config.operator_email}};
    if (name == "privacy") {
      // Which tile server the maps use, if the operator chose one: it learns the visitor's address (#14 item 6).
      const std::string& tiles = services.config.map_tile_url;
      const std::size_t host_start = tiles.find("://");
      if (host_start != std::string::npos) {
        const std::string origin = tiles.substr(0, tiles.find_first_of("/?#", host_start + 3));
        model["map_service"] = services.renderer.T(for_whom.locale, "privacy.map_service", {{"service", origin}});
      }
    }
    if (name == "easy_language") {
      // Only what the registered formats offer (#14 item 6).
      boost::json::array activities;
      for (auto& sentence : FormatPhrases(services, for_whom.locale, &Section::easy_language_key)) {
        activities.emplace_back(sentence);
      }
      model["activities"] = std::move(activities);
    }
    return RenderPage(services, for_whom, request, name, std::move(model),
                      services.renderer.T(for_whom.locale, std::string(name) + ".title"));
  };
  auto shared = ServeSharedPage(services, visitor, request, {std::string(kAllScope)}, render);
  if (shared) return std::move(*shared);
  return render(visitor);
}

}  // namespace mw::site
