#include "formats/petitions/model.hpp"

#include <glib.h>

#include <algorithm>
#include <array>
#include <memory>
#include <utility>

#include "platform/accounts/accounts.hpp"
#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"

namespace mw::petitions {
namespace {

constexpr std::array<std::pair<State, std::string_view>, 7> kStateNames{{
    {State::kDraft, "draft"},
    {State::kInModeration, "in_moderation"},
    {State::kPublished, "published"},
    {State::kClosed, "closed"},
    {State::kAnswered, "answered"},
    {State::kArchived, "archived"},
    {State::kRejected, "rejected"},
}};

// NFKC and Unicode case folding (glib; libstdc++ has no Unicode normalisation), NFKC again since folding may
// produce unnormalised text. Invalid UTF-8 is returned unchanged (callers validate before).
std::string FoldCase(std::string_view text) {
  auto run = [](gchar* (*transform)(const gchar*, gssize), const std::string& in) -> std::string {
    std::unique_ptr<gchar, decltype(&g_free)> out(transform(in.data(), static_cast<gssize>(in.size())), &g_free);
    return out ? std::string(out.get()) : in;
  };
  auto nfkc = [](const gchar* in, gssize size) { return g_utf8_normalize(in, size, G_NORMALIZE_NFKC); };
  std::string value(text);
  if (!g_utf8_validate(value.data(), static_cast<gssize>(value.size()), nullptr)) return value;
  return run(nfkc, run(g_utf8_casefold, run(nfkc, value)));
}

// The providers that deliver "name+tag@domain" to "name@domain". Hotmail and Live exist under many country domains.
bool DropsPlusTag(std::string_view domain) {
  static constexpr std::array<std::string_view, 7> kDomains{"gmail.com",  "googlemail.com", "outlook.com",
                                                            "icloud.com", "me.com",         "posteo.de",
                                                            "mailbox.org"};
  if (std::find(kDomains.begin(), kDomains.end(), domain) != kDomains.end()) return true;
  return domain.starts_with("hotmail.") || domain.starts_with("live.");
}

}  // namespace

std::string SignerKey(std::string_view email) {
  std::string key = FoldCase(Trim(email));
  auto at = key.rfind('@');
  if (at == std::string::npos) return key;
  std::string local = key.substr(0, at);
  std::string domain = key.substr(at + 1);
  if (domain == "googlemail.com") domain = "gmail.com";
  if (DropsPlusTag(domain)) local = local.substr(0, local.find('+'));
  if (domain == "gmail.com") std::erase(local, '.');
  return local + "@" + domain;
}

std::string NameKey(std::string_view name) {
  std::string folded = FoldCase(name);
  std::vector<std::string> words;
  std::string word;
  for (const gchar* cursor = folded.c_str(); *cursor; cursor = g_utf8_next_char(cursor)) {
    gunichar c = g_utf8_get_char(cursor);
    if (g_unichar_isalnum(c) || g_unichar_ismark(c)) {
      const gchar* next = g_utf8_next_char(cursor);
      word.append(cursor, static_cast<std::size_t>(next - cursor));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::sort(words.begin(), words.end());
  std::string key;
  for (const auto& part : words) key += (key.empty() ? "" : " ") + part;
  return key;
}

std::string_view StateName(State state) {
  for (const auto& [candidate, name] : kStateNames) {
    if (candidate == state) return name;
  }
  return "draft";
}

std::optional<State> ParseState(std::string_view name) {
  for (const auto& [state, candidate] : kStateNames) {
    if (candidate == name) return state;
  }
  return std::nullopt;
}

bool CanTransition(State from, State to) {
  switch (from) {
    case State::kDraft:
      return to == State::kInModeration;
    case State::kInModeration:
      return to == State::kPublished || to == State::kRejected || to == State::kDraft;
    case State::kPublished:
      return to == State::kClosed;
    case State::kClosed:
      return to == State::kAnswered || to == State::kArchived;
    case State::kAnswered:
      return to == State::kArchived;
    case State::kArchived:
    case State::kRejected:
      return false;
  }
  return false;
}

bool IsPublic(State state) {
  return state == State::kPublished || state == State::kClosed || state == State::kAnswered ||
         state == State::kArchived;
}

std::vector<Error> ValidateDraft(const Draft& draft) {
  std::vector<Error> errors;
  CheckTextField(errors, draft.title, "title", "Bitte geben Sie einen Titel an.", "Der Titel", kMaxTitleChars, true);
  CheckTextField(errors, draft.demand, "demand", "Bitte geben Sie Ihre Forderung an.", "Die Forderung", kMaxDemandChars,
                 true, TextLines::kMulti);
  CheckTextField(errors, draft.justification, "justification", "Bitte begründen Sie Ihre Petition.", "Die Begründung",
                 kMaxJustificationChars, true, TextLines::kMulti);
  CheckTextField(errors, draft.addressee, "addressee", "", "Der Adressat", kMaxAddresseeChars, false);
  auto bad_quorum = [](std::int64_t quorum) { return quorum < 1 || quorum > kMaxQuorum; };
  auto bad_period = [](int days) { return days < 1 || days > kMaxPeriodDays; };
  if (bad_quorum(draft.quorum) || (draft.requested_quorum && bad_quorum(*draft.requested_quorum))) {
    errors.push_back({ErrorKind::kInvalid,
                      "Das Quorum muss zwischen 1 und " + std::to_string(kMaxQuorum) + " Unterschriften liegen.",
                      "quorum"});
  }
  if (bad_period(draft.period_days) || (draft.requested_period_days && bad_period(*draft.requested_period_days))) {
    errors.push_back({ErrorKind::kInvalid,
                      "Die Zeichnungsfrist muss zwischen 1 und " + std::to_string(kMaxPeriodDays) + " Tagen liegen.",
                      "period_days"});
  }
  return errors;
}

std::expected<ValidSignature, std::vector<Error>> ValidateSignature(const SignatureInput& input, bool require_consent,
                                                                    bool require_address) {
  std::vector<Error> errors;
  ValidSignature out;
  CheckTextField(errors, input.name, "name", "Bitte geben Sie Ihren Namen an.", "Ihr Name", kMaxNameChars, true);
  out.name = std::string(Trim(input.name));
  if (auto email = accounts::NormalizeEmail(input.email)) {
    out.email_normalized = *email;
  } else {
    errors.push_back(std::move(email.error()));
  }
  std::string_view postcode = Trim(input.postcode);
  bool digits = postcode.size() == 5 &&
                std::all_of(postcode.begin(), postcode.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    errors.push_back({ErrorKind::kInvalid, "Die Postleitzahl besteht aus fünf Ziffern.", "postcode"});
  }
  out.postcode = std::string(postcode);
  CheckTextField(errors, input.address, "address", "Bitte geben Sie Ihre Anschrift an (Straße, Hausnummer, Ort).",
                 "Die Anschrift", kMaxAddressChars, require_address);
  out.address = std::string(Trim(input.address));
  out.show_public = input.show_public;
  out.notify = input.notify;
  if (require_consent && !input.consent) {
    errors.push_back(
        {ErrorKind::kInvalid, "Bitte bestätigen Sie, dass Sie die Datenschutzerklärung gelesen haben.", "consent"});
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return out;
}

std::optional<Error> CheckNote(std::string_view text, std::size_t max_chars, bool required, std::string_view field) {
  std::vector<Error> errors;
  CheckTextField(errors, text, field, "Bitte geben Sie einen Text ein.", "Der Text", max_chars, required,
                 TextLines::kMulti);
  if (errors.empty()) return std::nullopt;
  return errors.front();
}

db::UnixSeconds ClosesAt(db::UnixSeconds published_at, int period_days) {
  return published_at + static_cast<db::UnixSeconds>(period_days) * 24 * 3600;
}

int DaysLeftToSign(db::UnixSeconds closes_at, db::UnixSeconds now) {
  constexpr db::UnixSeconds kDaySeconds = 24 * 3600;
  if (closes_at <= now) return 0;
  return static_cast<int>((closes_at - now + kDaySeconds - 1) / kDaySeconds);
}

bool IsOpenForSigning(State state, std::optional<db::UnixSeconds> closes_at, db::UnixSeconds now) {
  return state == State::kPublished && closes_at.has_value() && now < *closes_at;
}

int QuorumPercent(std::int64_t count, std::int64_t quorum) {
  if (quorum <= 0) return 100;
  if (count >= quorum) return 100;
  if (count <= 0) return 0;
  return static_cast<int>(count * 100 / quorum);
}

}  // namespace mw::petitions
