// SQL of the public part (migration 0202): map settings, regions, subscriptions.
#include "formats/procedures/public_store.hpp"
#include "formats/procedures/store.hpp"

#include <algorithm>
#include <map>

#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"
#include "platform/site/page_cache.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::procedures {
namespace {

constexpr std::string_view kSubscriptionColumns =
    "SELECT id, email, region_tenant_id, locale, created_at, confirmed_at, notified_until FROM procedure_subscription ";

Subscription SubscriptionFrom(const db::Row& row) {
  return {.id = row.Int(0),
          .email = row.Text(1),
          .region_tenant_id = row.OptInt(2),
          .locale = row.Text(3),
          .created_at = row.Int(4),
          .confirmed_at = row.OptInt(5),
          .notified_until = row.OptInt(6)};
}

}  // namespace

MapSettings LoadMapSettings(db::Tx& tx, std::int64_t tenant_id, const MapSettings& installation) {
  auto row = tx.QueryOne("SELECT map_tile_url, map_attribution FROM procedure_tenant_settings WHERE tenant_id = ?",
                         {tenant_id});
  if (!row) return {.tile_url = installation.tile_url, .attribution = installation.attribution, .is_default = true};
  return {.tile_url = row->Text(0), .attribution = row->Text(1), .is_default = false};
}

MapSettings LandMapSettings(db::Tx& tx, const MapSettings& installation) {
  auto row = tx.QueryOne("SELECT id FROM tenant WHERE kind = 'land' ORDER BY id LIMIT 1", {});
  if (!row) return {.tile_url = installation.tile_url, .attribution = installation.attribution, .is_default = true};
  return LoadMapSettings(tx, row->Int(0), installation);
}

std::vector<Error> ValidateMapSettings(const MapSettings& settings) {
  std::vector<Error> errors;
  const std::string& url = settings.tile_url;
  const bool plain = std::ranges::none_of(url, [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' ||
           c == 0x7f;
  });
  const bool tiles = url.find("{z}") != std::string::npos && url.find("{x}") != std::string::npos &&
                     url.find("{y}") != std::string::npos;
  const bool wms = AsciiLower(url).find("layers=") != std::string::npos;
  if (url.empty()) {
    errors.push_back({ErrorKind::kInvalid, "Bitte geben Sie die Adresse des Kartendienstes an.", "tile_url"});
  } else if (url.size() > kMaxTileUrlBytes || !url.starts_with("https://") || !plain || !IsValidUtf8(url)) {
    errors.push_back({ErrorKind::kInvalid,
                      "Die Adresse muss mit https:// beginnen, darf keine Leerzeichen oder Anführungszeichen "
                      "enthalten und höchstens 500 Zeichen lang sein.",
                      "tile_url"});
  } else if (!tiles && !wms) {
    errors.push_back({ErrorKind::kInvalid,
                      "Die Adresse muss eine Kachelvorlage mit {z}, {x} und {y} oder eine WMS-Adresse mit dem "
                      "Parameter LAYERS sein.",
                      "tile_url"});
  }
  std::string_view attribution = Trim(settings.attribution);
  if (attribution.empty()) {
    errors.push_back(
        {ErrorKind::kInvalid, "Bitte geben Sie den Quellenvermerk des Kartendienstes an.", "attribution"});
  } else if (auto valid = CheckText(attribution, "attribution", "Der Quellenvermerk"); !valid) {
    errors.push_back(valid.error());
  } else if (Utf8Length(attribution) > kMaxAttributionChars) {
    errors.push_back(
        {ErrorKind::kInvalid, "Der Quellenvermerk darf höchstens 300 Zeichen lang sein.", "attribution"});
  }
  return errors;
}

void SaveMapSettings(db::Tx& tx, std::int64_t tenant_id, const MapSettings& settings, db::UnixSeconds now) {
  tx.Exec(
      "INSERT INTO procedure_tenant_settings (tenant_id, map_tile_url, map_attribution, updated_at) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET map_tile_url = excluded.map_tile_url, "
      "map_attribution = excluded.map_attribution, updated_at = excluded.updated_at",
      {tenant_id, settings.tile_url, std::string(Trim(settings.attribution)), now});
  // The tenant's maps, and the Land's map on the overview.
  site::TouchPages(tx, {site::TenantScope(tenant_id), std::string(kProceduresScope)});
}

std::vector<std::int64_t> RegionTenantIds(db::Tx& tx, std::int64_t root_id) {
  std::multimap<std::int64_t, std::int64_t> children;
  for (const auto& row : tx.Query("SELECT id, parent_id FROM tenant WHERE parent_id IS NOT NULL", {})) {
    children.emplace(row.Int(1), row.Int(0));
  }
  std::vector<std::int64_t> ids{root_id};
  for (std::size_t index = 0; index < ids.size() && ids.size() < 100'000; ++index) {
    auto [from, to] = children.equal_range(ids[index]);
    for (auto it = from; it != to; ++it) {
      if (std::ranges::find(ids, it->second) == ids.end()) ids.push_back(it->second);
    }
  }
  return ids;
}

std::optional<std::string> Subscribe(db::Tx& tx, const SubscriptionRequest& request, db::UnixSeconds now) {
  std::optional<std::int64_t> unconfirmed;
  for (const auto& row : tx.Query(std::string(kSubscriptionColumns) + "WHERE email = ?", {request.email})) {
    Subscription existing = SubscriptionFrom(row);
    if (existing.region_tenant_id != request.region_tenant_id) continue;
    if (existing.confirmed_at) return std::nullopt;
    unconfirmed = existing.id;
  }
  std::string token = RandomToken();
  if (unconfirmed) {
    tx.Exec("UPDATE procedure_subscription SET confirm_hash = ?, created_at = ?, locale = ? WHERE id = ?",
            {Sha256Hex(token), now, request.locale, *unconfirmed});
  } else {
    tx.Exec(
        "INSERT INTO procedure_subscription (email, region_tenant_id, locale, confirm_hash, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        {request.email, request.region_tenant_id, request.locale, Sha256Hex(token), now});
  }
  return token;
}

Result<Subscription> ConfirmSubscription(db::Tx& tx, std::string_view token, db::UnixSeconds now) {
  const auto not_found = [] {
    return Fail(ErrorKind::kNotFound,
                "Dieser Bestätigungslink ist ungültig, schon benutzt oder abgelaufen. Bitte bestellen Sie die "
                "Benachrichtigung noch einmal.");
  };
  if (token.empty() || token.size() > 200) return not_found();
  auto row = tx.QueryOne(std::string(kSubscriptionColumns) + "WHERE confirm_hash = ?", {Sha256Hex(token)});
  if (!row) return not_found();
  Subscription subscription = SubscriptionFrom(*row);
  if (now - subscription.created_at > kSubscriptionConfirmSeconds) return not_found();
  tx.Exec(
      "UPDATE procedure_subscription SET confirm_hash = NULL, confirmed_at = ?, notified_until = ? WHERE id = ?",
      {now, now, subscription.id});
  subscription.confirmed_at = now;
  subscription.notified_until = now;
  return subscription;
}

std::string NewUnsubscribeToken(db::Tx& tx, std::int64_t subscription_id, db::UnixSeconds now) {
  std::string token = RandomToken();
  tx.Exec("INSERT INTO procedure_unsubscribe_token (token_hash, subscription_id, created_at) VALUES (?, ?, ?)",
          {Sha256Hex(token), subscription_id, now});
  return token;
}

Result<Subscription> Unsubscribe(db::Tx& tx, std::string_view token) {
  const auto not_found = [] {
    return Fail(ErrorKind::kNotFound, "Dieser Abmeldelink ist ungültig oder die Benachrichtigung ist schon abbestellt.");
  };
  if (token.empty() || token.size() > 200) return not_found();
  auto row = tx.QueryOne("SELECT subscription_id FROM procedure_unsubscribe_token WHERE token_hash = ?",
                         {Sha256Hex(token)});
  if (!row) return not_found();
  const std::int64_t id = row->Int(0);
  auto subscription = tx.QueryOne(std::string(kSubscriptionColumns) + "WHERE id = ?", {id});
  tx.Exec("DELETE FROM procedure_unsubscribe_token WHERE subscription_id = ?", {id});
  tx.Exec("DELETE FROM procedure_subscription WHERE id = ?", {id});
  if (!subscription) return not_found();
  return SubscriptionFrom(*subscription);
}

std::vector<Subscription> ConfirmedSubscriptions(db::Tx& tx) {
  std::vector<Subscription> out;
  for (const auto& row :
       tx.Query(std::string(kSubscriptionColumns) + "WHERE confirmed_at IS NOT NULL ORDER BY id", {})) {
    out.push_back(SubscriptionFrom(row));
  }
  return out;
}

void MarkNotified(db::Tx& tx, std::int64_t subscription_id, db::UnixSeconds until) {
  tx.Exec("UPDATE procedure_subscription SET notified_until = ? WHERE id = ?", {until, subscription_id});
}

int PurgeUnconfirmedSubscriptions(db::Tx& tx, db::UnixSeconds now) {
  return static_cast<int>(tx.Exec("DELETE FROM procedure_subscription WHERE confirmed_at IS NULL AND created_at < ?",
                                  {now - kSubscriptionConfirmSeconds}));
}

}  // namespace mw::procedures
