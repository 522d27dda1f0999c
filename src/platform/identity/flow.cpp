#include "platform/identity/flow.hpp"

#include <algorithm>
#include <memory>

#include <cjose/base64.h>
#include <cjose/util.h>
#include <boost/json/value.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url.hpp>

#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"
#include "platform/identity/json.hpp"

namespace mw::identity {
namespace {

std::string ProviderName(const ProviderConfig& provider) {
  return "„" + provider.display_name + "“";
}

std::unexpected<Error> Garbled(const ProviderConfig& provider, std::string_view what, std::string field = {}) {
  return Fail(
      ErrorKind::kUnavailable,
      "Der Anmeldedienst " + ProviderName(provider) + " hat eine unbrauchbare Antwort geschickt: " + std::string(what),
      std::move(field));
}

std::string QueryOf(std::initializer_list<std::pair<std::string_view, std::string_view>> parameters) {
  std::string query;
  for (const auto& [name, value] : parameters) {
    if (!query.empty()) query += '&';
    query += FormEncode(name);
    query += '=';
    query += FormEncode(value);
  }
  return query;
}

std::string Base64(std::string_view data) {
  char* encoded = nullptr;
  std::size_t length = 0;
  if (!cjose_base64_encode(reinterpret_cast<const std::uint8_t*>(data.data()), data.size(), &encoded, &length,
                           nullptr)) {
    throw std::bad_alloc();
  }
  std::string out(encoded, length);
  cjose_get_dealloc()(encoded);
  return out;
}

}  // namespace

std::string FormEncode(std::string_view value) {
  boost::urls::encoding_opts options;
  options.space_as_plus = false;
  return boost::urls::encode(value, boost::urls::unreserved_chars, options);
}

LoginStart NewLoginStart() {
  return LoginStart{.state = RandomToken(), .nonce = RandomToken(), .code_verifier = RandomToken()};
}

std::string PkceChallenge(std::string_view code_verifier) {
  return Sha256Base64Url(code_verifier);
}

std::string DiscoveryUrl(std::string_view issuer) {
  std::string url(issuer);
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + "/.well-known/openid-configuration";
}

Result<ProviderMetadata> ParseDiscovery(std::string_view document, const ProviderConfig& provider) {
  const auto parsed = ParseJsonObject(document);
  if (!parsed) return Garbled(provider, "Das Discovery-Dokument ist kein JSON-Objekt.");
  const boost::json::object& object = *parsed;
  ProviderMetadata metadata;
  struct Entry {
    std::string_view name;
    std::string* target;
    bool required;
  };
  for (const Entry& entry :
       {Entry{"issuer", &metadata.issuer, true},
        Entry{"authorization_endpoint", &metadata.authorization_endpoint, true},
        Entry{"token_endpoint", &metadata.token_endpoint, true}, Entry{"jwks_uri", &metadata.jwks_uri, true},
        Entry{"userinfo_endpoint", &metadata.userinfo_endpoint, false},
        Entry{"end_session_endpoint", &metadata.end_session_endpoint, false}}) {
    const boost::json::value* value = object.if_contains(entry.name);
    if (value == nullptr && !entry.required) continue;
    if (value == nullptr || !value->is_string() || value->get_string().empty()) {
      return Garbled(provider, "Im Discovery-Dokument fehlt „" + std::string(entry.name) + "“.",
                     std::string(entry.name));
    }
    *entry.target = std::string(value->get_string());
    if (entry.name == "issuer") continue;
    if (auto url =
            CheckProviderUrl(*entry.target, "Die Adresse „" + std::string(entry.name) + "“", std::string(entry.name));
        !url) {
      return Garbled(provider, url.error().message, std::string(entry.name));
    }
  }
  // OpenID Connect Discovery 1.0, section 4.3: the issuer must be exactly the one asked for, or a provider could
  // speak for another.
  if (metadata.issuer != provider.issuer) {
    return Fail(ErrorKind::kInvalid,
                "Der Anmeldedienst " + ProviderName(provider) + " nennt sich „" +
                    ScrubText(CutText(metadata.issuer, 200), false) + "“, konfiguriert ist aber „" + provider.issuer +
                    "“. Die Anmeldung wurde abgebrochen.",
                "issuer");
  }
  if (const boost::json::value* methods = object.if_contains("code_challenge_methods_supported")) {
    const bool has_s256 =
        methods->is_array() &&
        std::any_of(methods->get_array().begin(), methods->get_array().end(), [](const boost::json::value& method) {
          return method.is_string() && method.get_string() == "S256";
        });
    if (!has_s256) {
      return Garbled(provider, "Der Dienst unterstützt PKCE mit S256 nicht.", "code_challenge_methods_supported");
    }
  }
  return metadata;
}

std::string AuthorizationUrl(const ProviderMetadata& metadata, const ProviderConfig& provider,
                             const AuthorizationRequest& request) {
  std::string scope;
  for (const auto& entry : provider.scopes) scope += (scope.empty() ? "" : " ") + entry;
  const std::string challenge = PkceChallenge(request.start.code_verifier);
  std::string query = QueryOf({{"response_type", "code"},
                               {"client_id", provider.client_id},
                               {"redirect_uri", request.redirect_uri},
                               {"scope", scope},
                               {"state", request.start.state},
                               {"nonce", request.start.nonce},
                               {"code_challenge", challenge},
                               {"code_challenge_method", "S256"}});
  if (!request.acr_values.empty()) query += "&" + QueryOf({{"acr_values", request.acr_values}});
  boost::urls::url url(metadata.authorization_endpoint);
  if (url.has_query() && !url.encoded_query().empty()) query = std::string(url.encoded_query()) + "&" + query;
  url.set_encoded_query(query);
  url.remove_fragment();
  return std::string(url.buffer());
}

TokenRequest BuildTokenRequest(const ProviderMetadata& metadata, const ProviderConfig& provider, std::string_view code,
                               std::string_view redirect_uri, std::string_view code_verifier) {
  TokenRequest request{.url = metadata.token_endpoint,
                       .body = QueryOf({{"grant_type", "authorization_code"},
                                        {"code", code},
                                        {"redirect_uri", redirect_uri},
                                        {"code_verifier", code_verifier},
                                        {"client_id", provider.client_id}}),
                       .headers = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"}};
  if (provider.client_auth == ClientAuth::kClientSecretPost) {
    request.body += "&" + QueryOf({{"client_secret", provider.client_secret}});
  } else {
    // RFC 6749, section 2.3.1: both parts form-encoded before they are joined and base64-encoded.
    request.headers.push_back("Authorization: Basic " +
                              Base64(FormEncode(provider.client_id) + ":" + FormEncode(provider.client_secret)));
  }
  return request;
}

Result<TokenResponse> ParseTokenResponse(int status, std::string_view body, const ProviderConfig& provider) {
  const auto parsed = ParseJsonObject(body);
  const boost::json::object* object = parsed ? &*parsed : nullptr;
  if (status != 200) {
    const boost::json::value* code = object ? object->if_contains("error") : nullptr;
    if (code && code->is_string() && code->get_string() == "invalid_grant") {
      return Fail(ErrorKind::kUnauthorized,
                  "Der Anmeldedienst " + ProviderName(provider) +
                      " hat die Anmeldung nicht bestätigt (der Code ist abgelaufen oder wurde schon verwendet). "
                      "Bitte melden Sie sich noch einmal an.",
                  "code");
    }
    return Fail(
        ErrorKind::kUnavailable,
        "Der Anmeldedienst " + ProviderName(provider) + " hat die Anmeldung abgelehnt (HTTP " + std::to_string(status) +
            (code && code->is_string() ? ", " + ScrubText(CutText(std::string(code->get_string()), 80), false) : "") +
            "). Bitte versuchen Sie es später noch einmal.",
        "token_endpoint");
  }
  if (object == nullptr) return Garbled(provider, "Die Antwort des Token-Endpunkts ist kein JSON-Objekt.");
  TokenResponse response;
  const boost::json::value* id_token = object->if_contains("id_token");
  if (id_token == nullptr || !id_token->is_string() || id_token->get_string().empty()) {
    return Garbled(provider, "Die Antwort des Token-Endpunkts enthält kein ID-Token.", "id_token");
  }
  response.id_token = std::string(id_token->get_string());
  if (const boost::json::value* access_token = object->if_contains("access_token")) {
    const boost::json::value* token_type = object->if_contains("token_type");
    if (!access_token->is_string() || token_type == nullptr || !token_type->is_string() ||
        !IEquals(token_type->get_string(), "Bearer")) {
      return Garbled(provider, "Das Access-Token der Antwort ist kein Bearer-Token.", "access_token");
    }
    response.access_token = std::string(access_token->get_string());
    // It goes into an Authorization header: printable ASCII only.
    if (response.access_token.empty() || response.access_token.size() > 8192 ||
        !std::all_of(response.access_token.begin(), response.access_token.end(),
                     [](char c) { return c > 0x20 && c < 0x7f; })) {
      return Garbled(provider, "Das Access-Token der Antwort ist ungültig.", "access_token");
    }
  }
  return response;
}

}  // namespace mw::identity
