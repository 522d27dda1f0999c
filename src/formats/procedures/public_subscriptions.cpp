// E-mail notification about new procedures of a region: the form (on its own page, linked from /verfahren with the
// region filtered there), the double opt-in (a link to a page whose button confirms: mail scanners open links on their
// own), the periodic mail with an unsubscribe link in every mail, and the unsubscribe page.
#include <algorithm>
#include <map>

#include "formats/procedures/handlers.hpp"
#include "formats/procedures/public_internal.hpp"
#include "platform/core/text.hpp"
#include "platform/mail/mail.hpp"
#include "platform/site/mails.hpp"

namespace mw::procedures {
namespace {

using site::Services;
using site::Visitor;

constexpr limits::Rule kSubscribePerIp{.limit = 10, .window_seconds = 3600};
constexpr limits::Rule kSubscribePerEmail{.limit = 3, .window_seconds = 24 * 3600};
constexpr std::string_view kSubscribePath = "/verfahren/abonnieren";
constexpr std::string_view kConfirmPath = "/verfahren/abo/bestaetigen";
constexpr std::string_view kUnsubscribePath = "/verfahren/abo/abbestellen";

http::Response SubscriptionPage(Services& services, Visitor& visitor, const http::Request& request,
                                boost::json::object model, std::string_view title_key, int status = 200) {
  std::string title = T(services, visitor, title_key);
  model["title"] = title;
  return site::RenderPage(services, visitor, request, "procedures_public_subscription", std::move(model), title,
                          {.status = status,
                           .breadcrumbs = {{T(services, visitor, "procedures.public.overview_title"), "/verfahren"},
                                           {title, ""}}});
}

// GET /verfahren/abonnieren[?region=slug]: the form, with the region chosen on the overview. It lives on a page of
// its own so that the overview does not carry a second select of every tenant (520 options at Land scale).
http::Response GetSubscribe(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  boost::json::object values;
  if (std::string region = request.Query("region"); !region.empty() && region.size() <= 40) {
    values["region"] = std::move(region);  // an unknown slug selects nothing: "alle Regionen" stays chosen
  }
  boost::json::object model{{"form", services.db.Read([&](db::Tx& tx) {
                               return SubscriptionForm(tenancy::ListNames(tx), services, visitor.locale,
                                                       std::move(values));
                             })}};
  return SubscriptionPage(services, visitor, request, std::move(model), "procedures.public.subscribe_title");
}

http::Response PostSubscribe(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  // People leave the hidden field empty; a bot that fills it is told the same as a person and nothing is stored.
  if (!request.Form("website").empty()) return site::RedirectWithFlash(visitor, "/verfahren", "procedures.public.subscribe_sent");
  const std::string email_input(Trim(request.Form("email")));
  const std::string region_slug = request.Form("region");
  const bool consent = request.Form("consent") == "yes";
  std::vector<Error> errors;
  auto email = accounts::NormalizeEmail(email_input);
  if (!email || !mail::LooksLikeEmailAddress(*email)) {
    errors.push_back({ErrorKind::kInvalid, T(services, visitor, "procedures.public.subscribe_email_invalid"),
                      "subscribe_email"});
  }
  std::optional<tenancy::Tenant> region;
  if (!region_slug.empty()) {
    region = region_slug.size() <= 40
                 ? services.db.Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, region_slug); })
                 : std::nullopt;
    if (!region) {
      errors.push_back({ErrorKind::kInvalid, T(services, visitor, "procedures.public.subscribe_region_invalid"),
                        "subscribe_region"});
    }
  }
  if (!consent) {
    errors.push_back({ErrorKind::kInvalid, T(services, visitor, "procedures.public.subscribe_consent_missing"),
                      "subscribe_consent"});
  }
  if (!errors.empty()) {
    boost::json::object values{{"email", email_input}, {"region", region_slug}, {"consent", consent}};
    boost::json::object model{{"form", services.db.Read([&](db::Tx& tx) {
                                 return SubscriptionForm(tenancy::ListNames(tx), services, visitor.locale, std::move(values));
                               })}};
    site::AddErrors(model, errors);
    return SubscriptionPage(services, visitor, request, std::move(model), "procedures.public.subscribe_title", 422);
  }
  const db::UnixSeconds now = services.now();
  if (!services.limiter.Allow("procedure-subscribe-ip:" + request.remote_ip, kSubscribePerIp, now) ||
      !services.limiter.Allow("procedure-subscribe_email:" + *email, kSubscribePerEmail, now)) {
    return site::ErrorResponse(services, request, 429, T(services, visitor, "error.rate_limited"));
  }
  const std::string region_name =
      region ? region->name : T(services, visitor, "procedures.public.subscribe_all_regions");
  bool queued = services.db.Write([&](db::Tx& tx) {
    auto token = Subscribe(tx,
                           {.email = *email,
                            .region_tenant_id = region ? std::optional(region->id) : std::nullopt,
                            .locale = visitor.locale},
                           now);
    if (!token) return false;
    accounts::User recipient{.email = *email, .name = "", .locale = visitor.locale};
    auto mail = site::ComposeMail(services, "procedures_public_confirm", recipient,
                                  {{"region_name", region_name},
                                   {"confirm_url", services.config.base_url + std::string(kConfirmPath) +
                                                       "?token=" + *token}},
                                  "procedure-subscription");
    site::QueueMail(tx, mail, now);
    return true;
  });
  if (queued && services.notify_outbox) services.notify_outbox();
  // The same answer whether or not the address had subscribed before.
  return site::RedirectWithFlash(visitor, "/verfahren", "procedures.public.subscribe_sent");
}

http::Response GetConfirm(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  return SubscriptionPage(services, visitor, request,
                          {{"pending", true},
                           {"action", kConfirmPath},
                           {"token", CutText(request.Query("token"), 200)},
                           {"text", T(services, visitor, "procedures.public.confirm_text")},
                           {"button", T(services, visitor, "procedures.public.confirm_button")}},
                          "procedures.public.confirm_title");
}

http::Response PostConfirm(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  const db::UnixSeconds now = services.now();
  auto confirmed = services.db.Write([&](db::Tx& tx) { return ConfirmSubscription(tx, request.Form("token"), now); });
  boost::json::object model{{"done", true}, {"ok", confirmed.has_value()}};
  model["message"] = confirmed ? T(services, visitor, "procedures.public.confirm_ok") : confirmed.error().message;
  return SubscriptionPage(services, visitor, request, std::move(model), "procedures.public.confirm_title",
                          confirmed ? 200 : site::StatusFor(confirmed.error().kind));
}

http::Response GetUnsubscribe(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  return SubscriptionPage(services, visitor, request,
                          {{"pending", true},
                           {"action", kUnsubscribePath},
                           {"token", CutText(request.Query("token"), 200)},
                           {"text", T(services, visitor, "procedures.public.unsubscribe_text")},
                           {"button", T(services, visitor, "procedures.public.unsubscribe_button")}},
                          "procedures.public.unsubscribe_title");
}

http::Response PostUnsubscribe(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto removed = services.db.Write([&](db::Tx& tx) { return Unsubscribe(tx, request.Form("token")); });
  boost::json::object model{{"done", true}, {"ok", removed.has_value()}};
  model["message"] = removed ? T(services, visitor, "procedures.public.unsubscribe_ok") : removed.error().message;
  return SubscriptionPage(services, visitor, request, std::move(model), "procedures.public.unsubscribe_title",
                          removed ? 200 : site::StatusFor(removed.error().kind));
}

}  // namespace

boost::json::object SubscriptionForm(const std::vector<tenancy::TenantName>& tenants, const Services& services,
                                     std::string_view locale, boost::json::object values) {
  std::string current;
  if (auto* region = values.if_contains("region"); region && region->is_string()) current = region->as_string();
  boost::json::array regions{boost::json::object{
      {"value", ""},
      {"label", services.renderer.T(locale, "procedures.public.subscribe_all_regions")},
      {"selected", current.empty()}}};
  for (const auto& tenant : tenants) {
    regions.push_back(
        boost::json::object{{"value", tenant.slug}, {"label", tenant.name}, {"selected", tenant.slug == current}});
  }
  return {{"action", kSubscribePath}, {"values", std::move(values)}, {"regions", std::move(regions)}};
}

jobs::BatchReport NotifySubscribers(Services& services, db::UnixSeconds now) {
  struct Snapshot {
    std::vector<Subscription> subscriptions;
    std::map<std::int64_t, tenancy::Tenant> tenants;
    std::vector<Procedure> procedures;
  };
  Snapshot snapshot = services.db.Read([&](db::Tx& tx) {
    Snapshot out;
    out.subscriptions = ConfirmedSubscriptions(tx);
    if (out.subscriptions.empty()) return out;
    for (auto& tenant : tenancy::ListAll(tx)) out.tenants.emplace(tenant.id, std::move(tenant));
    // Every public procedure published up to now, newest first.
    out.procedures = List(tx, {.public_only = true, .limit = kMaxListed});
    return out;
  });
  auto& [subscriptions, tenants, procedures] = snapshot;
  std::erase_if(procedures, [&](const Procedure& procedure) {
    return !procedure.published_at || *procedure.published_at > now;
  });
  std::ranges::sort(procedures, [](const Procedure& a, const Procedure& b) { return *a.published_at > *b.published_at; });
  // One transaction per subscriber: their mail and their "notified until" commit together, and a subscriber whose
  // mail cannot be built or queued (say, an address stored before the e-mail check) is logged and retried at the next
  // run without holding back anyone else's mail.
  auto notify_one = [&](const Subscription& subscription) {
    return services.db.Write([&](db::Tx& tx) {
      const db::UnixSeconds since = subscription.notified_until.value_or(subscription.confirmed_at.value_or(now));
      std::vector<std::int64_t> region;
      if (subscription.region_tenant_id) region = RegionTenantIds(tx, *subscription.region_tenant_id);
      const std::string& locale = subscription.locale;
      boost::json::array listed;
      for (const auto& procedure : procedures) {
        if (*procedure.published_at <= since) continue;
        if (subscription.region_tenant_id && std::ranges::find(region, procedure.tenant_id) == region.end()) continue;
        auto tenant = tenants.find(procedure.tenant_id);
        if (tenant == tenants.end()) continue;
        listed.push_back(boost::json::object{
            {"title", procedure.title},
            {"url", services.config.base_url + ProcedurePath(tenant->second.slug, procedure.id)},
            {"tenant_name", tenant->second.name},
            {"type_label", TypeLabel(services, locale, procedure.type)},
            {"objection_end", DateLabel(procedure.objection_end, locale)}});
      }
      if (listed.empty()) return false;
      std::string region_name = services.renderer.T(locale, "procedures.public.subscribe_all_regions");
      if (subscription.region_tenant_id) {
        if (auto tenant = tenants.find(*subscription.region_tenant_id); tenant != tenants.end()) {
          region_name = tenant->second.name;
        }
      }
      const std::string token = NewUnsubscribeToken(tx, subscription.id, now);
      accounts::User recipient{.email = subscription.email, .name = "", .locale = locale};
      const std::size_t count = listed.size();
      auto mail = site::ComposeMail(
          services, "procedures_public_new", recipient,
          {{"region_name", region_name},
           {"procedures", std::move(listed)},
           {"count", count},
           {"overview_url", services.config.base_url + "/verfahren"},
           {"unsubscribe_url", services.config.base_url + std::string(kUnsubscribePath) + "?token=" + token}},
          "procedure-subscription");
      site::QueueMail(tx, mail, now);  // throws if refused: the transaction (token, mark) rolls back
      MarkNotified(tx, subscription.id, now);
      return true;
    });
  };
  auto report = jobs::ForEachItem("procedures-subscriptions", subscriptions, notify_one, [](const Subscription& s) {
    return "subscription " + std::to_string(s.id);
  });
  if (report.done > 0 && services.notify_outbox) services.notify_outbox();
  return report;
}

void RegisterSubscriptionRoutes(http::Router& router, Services& services) {
  using http::Method;
  auto bind = [&services](http::Response (*handler)(Services&, http::Request&)) {
    return [&services, handler](http::Request& request) { return handler(services, request); };
  };
  http::RouteOptions form{.body_limit = 8 * 1024, .field_limit = 4 * 1024};
  router.Add(Method::kGet, std::string(kSubscribePath), bind(GetSubscribe));
  router.Add(Method::kPost, std::string(kSubscribePath), bind(PostSubscribe), form);
  router.Add(Method::kGet, std::string(kConfirmPath), bind(GetConfirm));
  router.Add(Method::kPost, std::string(kConfirmPath), bind(PostConfirm), form);
  router.Add(Method::kGet, std::string(kUnsubscribePath), bind(GetUnsubscribe));
  router.Add(Method::kPost, std::string(kUnsubscribePath), bind(PostUnsubscribe), form);
}

}  // namespace mw::procedures
