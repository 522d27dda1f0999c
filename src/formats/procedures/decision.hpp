// The end of a formal procedure: what the decision step asks for per type, and the two weeks during which the whole
// decision is published and after which it counts as served (§ 10 Abs. 7 und 8 BImSchG, § 74 Abs. 4 und 5 VwVfG).
// The notice text itself is announcement.hpp's DecisionNoticeText. Pure: no I/O, no clock.
//
//   procedures::DecisionInput input{.outcome = Outcome::kGranted, .operative_part = "Die Genehmigung wird erteilt …",
//                                   .remedies = "Gegen diesen Bescheid kann …", .conditions = true};
//   auto errors = procedures::ValidateDecision(Type::kBimschg, input);     // empty: complete
//   auto period = procedures::DecisionDisplay(Type::kBimschg, Outcome::kGranted, {2026, 12, 7});
//   period->first;          // 2026-12-08: from the day after the notice (§ 10 Abs. 8 Satz 3 BImSchG)
//   period->last;           // 2026-12-21: two weeks; the decision counts as served at its end (Satz 5)
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/procedures/model.hpp"
#include "law/date.hpp"
#include "platform/core/result.hpp"

namespace mw::procedures {

// How a procedure ended (column procedure.decision_outcome).
enum class Outcome {
  kGranted,   // the approval is granted, the plan adopted, the draft concluded
  kRejected,  // the application is refused
  kEnded,     // ended without a decision on the application (withdrawn, settled)
};
std::string_view OutcomeName(Outcome outcome);  // "granted", "rejected", "ended"
std::optional<Outcome> ParseOutcome(std::string_view name);

// What the decision step asks for.
struct DecisionInput {
  Outcome outcome = Outcome::kGranted;
  // The operative part (verfügender Teil) of the decision, or for kEnded how and why the procedure ended.
  std::string operative_part;
  // The instructions on remedies (Rechtsbehelfsbelehrung); required where the notice replaces service.
  std::string remedies;
  // BImSchG: the approval carries conditions (Auflagen), which the notice must point to (§ 10 Abs. 8 Satz 2).
  bool conditions = false;
};
inline constexpr std::size_t kMaxRemediesChars = 5'000;

// Whether the whole decision is published for two weeks after its notice and then counts as served — on those who
// objected and on third parties (§ 10 Abs. 8 BImSchG), on the affected persons not served individually (§ 74 Abs. 4
// VwVfG): BImSchG procedures and Planfeststellung. Their decision needs the instructions on remedies.
bool NoticeReplacesService(Type type);

// The trimmed input, or every problem (field → German message): the operative part is required (at most
// kMaxDescriptionChars), the remedies where a decision on the application is served by notice (at most
// kMaxRemediesChars); conditions only with a granted approval. Control characters are refused as everywhere.
std::expected<DecisionInput, std::vector<Error>> ValidateDecision(Type type, const DecisionInput& input);

// The first and last day on which the whole decision is published: from the day after the notice for two weeks
// (§ 10 Abs. 8 Satz 3 BImSchG, § 74 Abs. 4 Satz 2 VwVfG; § 187 Abs. 2, § 188 Abs. 2 BGB). The end does not move off
// a weekend or holiday: it is a period of the authority's own doing (§ 31 Abs. 4 VwVfG). With its end the decision
// counts as served (§ 10 Abs. 8 Satz 5 BImSchG, § 74 Abs. 4 Satz 3 VwVfG).
// nullopt for types whose notice does not replace service, and for kEnded.
struct DisplayPeriod {
  law::Date first;
  law::Date last;
};
std::optional<DisplayPeriod> DecisionDisplay(Type type, Outcome outcome, law::Date notice_day);

}  // namespace mw::procedures
