// The public announcement (Bekanntmachung) of a formal procedure as plain German text, with what the law asks it to
// say for each type (§ 10 Abs. 3, 4 BImSchG with § 9 9. BImSchV, § 73 Abs. 5 VwVfG, § 3 Abs. 2 BauGB, § 4 Abs. 2
// BauGB), and the Berlin wall-clock times the editor's hearing field uses. Pure: no I/O, no clock.
//
//   std::string text = procedures::AnnouncementText(procedure, tenant, "https://portal.example/grimma/verfahren/12");
//   auto at = procedures::ParseBerlinDateTime("2027-02-10T10:00");  // Unix seconds of 10:00 in Berlin
//   procedures::FormatBerlinDateTime(*at);                           // "10.02.2027, 10:00 Uhr"
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/procedures/store.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::procedures {

// "Stadt Grimma (Markt 16/17, 04668 Grimma)": the authority with its postal address on one line, where objections
// are raised in writing or for the record.
std::string WrittenTo(const tenancy::Tenant& tenant);

// The announcement of `procedure` by `tenant` (the authority); `procedure_url` is the address of the procedure's
// page in the portal, where the documents are published and statements are submitted online. Lines are separated
// by "\n"; paragraphs by an empty line.
std::string AnnouncementText(const Procedure& procedure, const tenancy::Tenant& tenant, std::string_view procedure_url);

// The public notice of the decision of a decided `procedure` (Bekanntmachung der Entscheidung) by `tenant`, dated the
// local day of decided_at; `procedure_url` is the procedure's page, where the notice and the whole decision are
// published. BImSchG (§ 10 Abs. 7 und 8 BImSchG) and Planfeststellung (§ 74 Abs. 4 und 5 VwVfG): the operative part,
// the instructions on remedies, the two weeks of publication and that the decision then counts as served; a
// procedure that ended without a decision on the application says so (§ 20 Abs. 4 der 9. BImSchV). Other types: the
// result with the rule that asks for it. docs/procedures/legal.md lists every sentence with its rule.
std::string DecisionNoticeText(const Procedure& procedure, const tenancy::Tenant& tenant, std::string_view procedure_url);

// What the announcement of `procedure` still lacks for its type, one error per field with a German sentence naming
// it and its rule (e.g. the hearing date of a BImSchG procedure, § 10 Abs. 4 Nr. 3 BImSchG); empty if complete.
// Publishing is refused while anything is missing.
std::vector<Error> MissingForPublication(const Procedure& procedure);

// A frozen version as served: a line with its number and date ("Fassung 2, veröffentlicht am …"; a correction names
// the version it replaces), an empty line, and the text as published.
std::string AnnouncementVersionText(const AnnouncementVersion& version, const AnnouncementVersion* previous);

// "YYYY-MM-DDTHH:MM" (the value of <input type="datetime-local">) as local time in Berlin, or nullopt. A time
// skipped by the change to summer time is taken as the same wall-clock time in winter time.
std::optional<db::UnixSeconds> ParseBerlinDateTime(std::string_view text);
// The instant as Berlin wall-clock time: "10.02.2027, 10:00 Uhr", or for the form "2027-02-10T10:00".
std::string FormatBerlinDateTime(db::UnixSeconds at);
std::string FormatBerlinDateTimeInput(db::UnixSeconds at);

}  // namespace mw::procedures
