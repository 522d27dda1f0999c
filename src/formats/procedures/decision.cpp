// The decision step's rules and the period of the decision's publication; sources in decision.hpp.
#include "formats/procedures/decision.hpp"

#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"

namespace mw::procedures {

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kGranted:
      return "granted";
    case Outcome::kRejected:
      return "rejected";
    case Outcome::kEnded:
      return "ended";
  }
  return "granted";
}

std::optional<Outcome> ParseOutcome(std::string_view name) {
  for (Outcome outcome : {Outcome::kGranted, Outcome::kRejected, Outcome::kEnded}) {
    if (OutcomeName(outcome) == name) return outcome;
  }
  return std::nullopt;
}

bool NoticeReplacesService(Type type) {
  return type == Type::kBimschg || type == Type::kVwvfg73;
}

std::expected<DecisionInput, std::vector<Error>> ValidateDecision(Type type, const DecisionInput& input) {
  std::vector<Error> errors;
  DecisionInput out = input;
  out.operative_part = std::string(Trim(input.operative_part));
  out.remedies = std::string(Trim(input.remedies));
  const bool ended = input.outcome == Outcome::kEnded;
  CheckTextField(errors, input.operative_part, "decision_text",
                 ended ? "Bitte geben Sie an, wie und warum das Verfahren ohne Entscheidung endet."
                       : "Bitte geben Sie den verfügenden Teil der Entscheidung an.",
                 "Die Entscheidung", kMaxDescriptionChars, true, TextLines::kMulti);
  const bool remedies_required = NoticeReplacesService(type) && !ended;
  CheckTextField(errors, input.remedies, "remedies",
                 type == Type::kBimschg
                     ? "Bitte geben Sie die Rechtsbehelfsbelehrung an: Die Bekanntmachung muss sie enthalten (§ 10 "
                       "Abs. 8 Satz 2 BImSchG)."
                     : "Bitte geben Sie die Rechtsbehelfsbelehrung an: Der Beschluss wird mit ihr veröffentlicht (§ 74 "
                       "Abs. 4 Satz 2 VwVfG).",
                 "Die Rechtsbehelfsbelehrung", kMaxRemediesChars, remedies_required, TextLines::kMulti);
  if (input.conditions && (type != Type::kBimschg || input.outcome != Outcome::kGranted)) {
    errors.push_back({ErrorKind::kInvalid,
                      "Auf Nebenbestimmungen (Auflagen) wird nur bei einer erteilten Genehmigung nach dem BImSchG "
                      "hingewiesen.",
                      "conditions"});
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return out;
}

std::optional<DisplayPeriod> DecisionDisplay(Type type, Outcome outcome, law::Date notice_day) {
  if (!NoticeReplacesService(type) || outcome == Outcome::kEnded) return std::nullopt;
  // A period that begins with the start of a day (the day after the notice, § 187 Abs. 2 BGB) and lasts two weeks
  // ends with the day before the day of the same name two weeks later (§ 188 Abs. 2 BGB).
  law::Date first = law::AddDays(notice_day, 1);
  return DisplayPeriod{first, law::AddDays(first, 13)};
}

}  // namespace mw::procedures
