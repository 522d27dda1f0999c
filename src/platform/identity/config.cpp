#include "platform/identity/config.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <tuple>

#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>

#include "platform/core/text.hpp"
#include "platform/identity/json.hpp"

namespace mw::identity {
namespace {

constexpr std::size_t kMaxProviders = 32;
constexpr std::size_t kMaxKeyChars = 32;
constexpr std::size_t kMaxTextChars = 200;
constexpr std::size_t kMaxUrlChars = 2000;
constexpr std::size_t kMaxSecretChars = 1000;
constexpr std::size_t kMaxScopes = 20;
constexpr std::size_t kMaxAcrValues = 20;

std::unexpected<Error> Invalid(std::string message, std::string field) {
  return Fail(ErrorKind::kInvalid, std::move(message), std::move(field));
}

bool IsSlug(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyChars || key.front() == '-' || key.back() == '-') return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// A scope token of RFC 6749, section 3.3: printable ASCII without space, '"' and '\'.
bool IsScopeToken(std::string_view scope) {
  if (scope.empty() || scope.size() > kMaxTextChars) return false;
  for (char c : scope) {
    if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') return false;
  }
  return true;
}

// A claim name or dotted path: letters, digits, '_', '-', ':', '/' and '.' between names.
bool IsClaimPath(std::string_view path) {
  if (path.size() > kMaxTextChars || path.front() == '.' || path.back() == '.') return false;
  for (char c : path) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                         c == '-' || c == ':' || c == '/' || c == '.';
    if (!allowed) return false;
  }
  return true;
}

// The string at `name` in `object`: empty optional when absent, an error when present but not a usable text.
Result<std::optional<std::string>> TextMember(const boost::json::object& object, std::string_view name,
                                              const std::string& field, std::size_t max_chars) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return Invalid("Der Eintrag „" + field + "“ muss ein Text sein.", field);
  std::string text(value->get_string());
  if (!IsValidUtf8(text) || Utf8Length(text) > max_chars) {
    return Invalid("Der Eintrag „" + field + "“ ist zu lang oder kein gültiger Text (höchstens " +
                       std::to_string(max_chars) + " Zeichen).",
                   field);
  }
  return std::optional<std::string>(std::move(text));
}

Result<std::string> RequiredText(const boost::json::object& object, std::string_view name, const std::string& field,
                                 std::size_t max_chars) {
  auto text = TextMember(object, name, field, max_chars);
  if (!text) return std::unexpected(text.error());
  if (!*text || Trim(**text).empty()) return Invalid("Der Eintrag „" + field + "“ fehlt.", field);
  return std::move(**text);
}

Status CheckKnownMembers(const boost::json::object& object, std::initializer_list<std::string_view> known,
                         const std::string& where) {
  for (const auto& member : object) {
    bool is_known = false;
    for (std::string_view name : known) is_known = is_known || member.key() == name;
    if (!is_known) {
      const std::string field = where + "." + std::string(member.key());
      return Invalid("Der Eintrag „" + field + "“ ist unbekannt (Tippfehler?).", field);
    }
  }
  return Ok{};
}

Status ParseScopes(const boost::json::object& object, const std::string& where, ProviderConfig& provider) {
  const std::string field = where + ".scopes";
  const boost::json::value* value = object.if_contains("scopes");
  if (value == nullptr) {
    provider.scopes = {"openid", "profile", "email"};
    return Ok{};
  }
  if (!value->is_array() || value->get_array().size() > kMaxScopes) {
    return Invalid(
        "Der Eintrag „" + field + "“ muss eine Liste von höchstens " + std::to_string(kMaxScopes) + " Texten sein.",
        field);
  }
  for (const auto& scope : value->get_array()) {
    if (!scope.is_string() || !IsScopeToken(scope.get_string())) {
      return Invalid(
          "Der Eintrag „" + field + "“ enthält einen ungültigen Scope (ohne Leerzeichen und Anführungszeichen).",
          field);
    }
    provider.scopes.emplace_back(scope.get_string());
  }
  if (std::find(provider.scopes.begin(), provider.scopes.end(), "openid") == provider.scopes.end()) {
    return Invalid("Der Eintrag „" + field + "“ muss den Scope „openid“ enthalten.", field);
  }
  return Ok{};
}

Status ParseClaims(const boost::json::object& object, const std::string& where, ProviderConfig& provider) {
  const std::string field = where + ".claims";
  const boost::json::value* value = object.if_contains("claims");
  if (value == nullptr) return Ok{};
  if (!value->is_object()) return Invalid("Der Eintrag „" + field + "“ muss ein Objekt sein.", field);
  const auto& claims = value->get_object();
  if (auto known = CheckKnownMembers(claims, {"name", "email", "address", "postcode"}, field); !known) return known;
  for (auto [name, target] : {std::pair<std::string_view, std::string*>{"name", &provider.claims.name},
                              {"email", &provider.claims.email},
                              {"address", &provider.claims.address},
                              {"postcode", &provider.claims.postcode}}) {
    const std::string claim_field = field + "." + std::string(name);
    auto text = TextMember(claims, name, claim_field, kMaxTextChars);
    if (!text) return std::unexpected(text.error());
    if (!*text) continue;
    if (!(*text)->empty() && !IsClaimPath(**text)) {
      return Invalid("Der Eintrag „" + claim_field +
                         "“ muss ein Claim-Name sein (Buchstaben, Ziffern, „_“, „-“, „:“, „/“; Pfade mit „.“).",
                     claim_field);
    }
    *target = std::move(**text);
  }
  return Ok{};
}

Status ParseAcrLevels(const boost::json::object& object, const std::string& where, ProviderConfig& provider) {
  const std::string field = where + ".acr_levels";
  const boost::json::value* value = object.if_contains("acr_levels");
  if (value == nullptr) return Ok{};
  if (!value->is_object() || value->get_object().size() > kMaxAcrValues) {
    return Invalid("Der Eintrag „" + field + "“ muss ein Objekt mit höchstens " + std::to_string(kMaxAcrValues) +
                       " Einträgen sein (acr-Wert → „basic“, „substantial“ oder „high“).",
                   field);
  }
  for (const auto& member : value->get_object()) {
    const std::string acr_field = field + "." + std::string(member.key());
    if (member.key().empty() || member.key().size() > kMaxUrlChars || !IsValidUtf8(member.key())) {
      return Invalid("Ein acr-Wert in „" + field + "“ ist leer, zu lang oder kein gültiger Text.", field);
    }
    std::optional<TrustLevel> level;
    if (member.value().is_string()) level = ParseTrustLevel(member.value().get_string());
    if (!level) {
      return Invalid("Der Eintrag „" + acr_field + "“ muss „basic“, „substantial“ oder „high“ sein.", acr_field);
    }
    provider.acr_levels.emplace_back(std::string(member.key()), *level);
  }
  return Ok{};
}

Result<ProviderConfig> ParseProvider(const boost::json::value& value, const std::string& where) {
  if (!value.is_object()) return Invalid("Der Eintrag „" + where + "“ muss ein Objekt sein.", where);
  const auto& object = value.get_object();
  if (auto known = CheckKnownMembers(
          object,
          {"key", "name", "issuer", "client_id", "client_secret", "scopes", "claims", "acr_levels", "client_auth"},
          where);
      !known) {
    return std::unexpected(known.error());
  }
  ProviderConfig provider;
  auto key = RequiredText(object, "key", where + ".key", kMaxTextChars);
  if (!key) return std::unexpected(key.error());
  if (!IsSlug(*key)) {
    return Invalid("Der Eintrag „" + where +
                       ".key“ darf nur Kleinbuchstaben (a–z), Ziffern und „-“ enthalten (höchstens 32 Zeichen).",
                   where + ".key");
  }
  provider.key = std::move(*key);
  for (auto [name, target, max_chars] :
       {std::tuple<std::string_view, std::string*, std::size_t>{"name", &provider.display_name, kMaxTextChars},
        {"issuer", &provider.issuer, kMaxUrlChars},
        {"client_id", &provider.client_id, kMaxUrlChars},
        {"client_secret", &provider.client_secret, kMaxSecretChars}}) {
    auto text = RequiredText(object, name, where + "." + std::string(name), max_chars);
    if (!text) return std::unexpected(text.error());
    *target = std::move(*text);
  }
  if (auto issuer = CheckProviderUrl(provider.issuer, "Die Adresse des Ausstellers (issuer)", where + ".issuer");
      !issuer) {
    return std::unexpected(issuer.error());
  }
  if (provider.issuer.find('?') != std::string::npos) {
    return Invalid("Die Adresse des Ausstellers (issuer) darf keine Abfrage („?“) enthalten.", where + ".issuer");
  }
  auto client_auth = TextMember(object, "client_auth", where + ".client_auth", kMaxTextChars);
  if (!client_auth) return std::unexpected(client_auth.error());
  if (*client_auth && **client_auth == "client_secret_post") {
    provider.client_auth = ClientAuth::kClientSecretPost;
  } else if (*client_auth && **client_auth != "client_secret_basic") {
    return Invalid("Der Eintrag „" + where + ".client_auth“ muss „client_secret_basic“ oder „client_secret_post“ sein.",
                   where + ".client_auth");
  }
  if (auto scopes = ParseScopes(object, where, provider); !scopes) return std::unexpected(scopes.error());
  if (auto claims = ParseClaims(object, where, provider); !claims) return std::unexpected(claims.error());
  if (auto acr = ParseAcrLevels(object, where, provider); !acr) return std::unexpected(acr.error());
  return provider;
}

bool IsLoopbackHost(std::string_view host) {
  return host == "127.0.0.1" || host == "[::1]" || host == "localhost";
}

}  // namespace

std::string_view TrustLevelName(TrustLevel level) {
  switch (level) {
    case TrustLevel::kSubstantial:
      return "substantial";
    case TrustLevel::kHigh:
      return "high";
    case TrustLevel::kBasic:
      break;
  }
  return "basic";
}

std::optional<TrustLevel> ParseTrustLevel(std::string_view name) {
  if (name == "basic") return TrustLevel::kBasic;
  if (name == "substantial") return TrustLevel::kSubstantial;
  if (name == "high") return TrustLevel::kHigh;
  return std::nullopt;
}

TrustLevel ProviderConfig::LevelOfAcr(std::string_view acr) const {
  for (const auto& [value, level] : acr_levels) {
    if (value == acr) return level;
  }
  return TrustLevel::kBasic;
}

const ProviderConfig* IdentityConfig::Find(std::string_view key) const {
  for (const auto& provider : providers) {
    if (provider.key == key) return &provider;
  }
  return nullptr;
}

Status CheckProviderUrl(std::string_view url, std::string_view what, std::string field) {
  const std::string prefix(what);
  if (url.size() > kMaxUrlChars) return Invalid(prefix + " ist zu lang.", std::move(field));
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || !parsed->has_authority() || parsed->encoded_host().empty()) {
    return Invalid(prefix + " ist keine gültige Adresse: „" + std::string(url) + "“.", std::move(field));
  }
  if (parsed->has_userinfo()) {
    return Invalid(prefix + " darf keinen Benutzernamen und kein Passwort enthalten.", std::move(field));
  }
  const std::string scheme = AsciiLower(parsed->scheme());
  const std::string host = AsciiLower(parsed->encoded_host());
  if (scheme != "https" && !(scheme == "http" && IsLoopbackHost(host))) {
    return Invalid(
        prefix + " muss mit „https://“ beginnen (http nur für 127.0.0.1 und localhost): „" + std::string(url) + "“.",
        std::move(field));
  }
  return Ok{};
}

Result<IdentityConfig> ParseIdentityConfig(std::string_view json) {
  if (json.size() > kMaxConfigBytes) {
    return Fail(ErrorKind::kTooLarge, "Die Konfiguration der Anmeldedienste ist größer als " +
                                          std::to_string(kMaxConfigBytes / 1024) + " KiB.");
  }
  const auto root = ParseJsonObject(json);
  if (!root) {
    return Invalid("Die Konfiguration der Anmeldedienste ist kein gültiges JSON-Objekt mit dem Eintrag „providers“.",
                   "");
  }
  if (auto known = CheckKnownMembers(*root, {"providers"}, "(oberste Ebene)"); !known) {
    return std::unexpected(known.error());
  }
  const boost::json::value* list = root->if_contains("providers");
  if (list == nullptr || !list->is_array()) {
    return Invalid("Der Eintrag „providers“ fehlt oder ist keine Liste.", "providers");
  }
  if (list->get_array().size() > kMaxProviders) {
    return Invalid("Es sind höchstens " + std::to_string(kMaxProviders) + " Anmeldedienste möglich.", "providers");
  }
  IdentityConfig config;
  std::set<std::string> keys;
  for (std::size_t provider_idx = 0; provider_idx < list->get_array().size(); ++provider_idx) {
    const std::string where = "providers[" + std::to_string(provider_idx) + "]";
    auto provider = ParseProvider(list->get_array()[provider_idx], where);
    if (!provider) return std::unexpected(provider.error());
    if (!keys.insert(provider->key).second) {
      return Invalid("Der Schlüssel „" + provider->key + "“ ist mehrfach vergeben.", where + ".key");
    }
    config.providers.push_back(std::move(*provider));
  }
  return config;
}

Result<IdentityConfig> LoadIdentityConfig(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorKind::kNotFound,
                "Die Konfiguration der Anmeldedienste „" + path.string() + "“ kann nicht gelesen werden.");
  }
  std::string text(kMaxConfigBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return ParseIdentityConfig(text);
}

}  // namespace mw::identity
