// The pure rules of formal procedures: types and their law rules, phases and statuses, planned dates, the late flag
// at the authority's midnight (with summer time), geometries and statement validation.
#include "formats/procedures/model.hpp"

#include <gtest/gtest.h>

namespace mw::procedures {
namespace {

TEST(ProcedureModel, TypesRoundTripAndMapToLawRules) {
  for (Type type : AllTypes()) EXPECT_EQ(ParseType(TypeName(type)), type);
  EXPECT_FALSE(ParseType("bimschg-ied").has_value());
  EXPECT_EQ(LawRule(Type::kBimschg, false, false), "bimschg");
  EXPECT_EQ(LawRule(Type::kBimschg, true, false), "bimschg-ied");
  EXPECT_EQ(LawRule(Type::kBimschg, false, true), "bimschg-uvp");
  EXPECT_EQ(LawRule(Type::kVwvfg73, false, true), "vwvfg-73-uvp");
  EXPECT_EQ(LawRule(Type::kBaugb32, false, false), "baugb-3-2");
  EXPECT_EQ(LawRule(Type::kConsultation, false, false), "free");
  EXPECT_TRUE(RequiresNameAndAddress(Type::kBimschg));
  EXPECT_FALSE(RequiresNameAndAddress(Type::kBaugb32));
}

// § 17 Abs. 1 VwVfG: name, occupation and address; only a natural person (the safer reading: all three required
// once anything is given, and a name that reads like an organisation is refused).
TEST(ProcedureModel, RepresentativeIsANaturalPersonWithNameOccupationAndAddress) {
  struct Case {
    Representative input;
    std::string_view refused_field;  // "" = valid
  };
  const Case cases[] = {
      {{}, ""},
      {{"Dr. Helga Brandt", "Ärztin", "Lindenstraße 4, 04683 Naunhof"}, ""},
      {{"  Petra Lange ", " Landwirtin ", " Am Anger 2\n04668 Grimma "}, ""},
      {{"Dr. Helga Brandt", "", "Lindenstraße 4, 04683 Naunhof"}, "representative_occupation"},
      {{"Dr. Helga Brandt", "Ärztin", ""}, "representative_address"},
      {{"", "Ärztin", "Lindenstraße 4, 04683 Naunhof"}, "representative"},
      {{"Helga", "Ärztin", "Lindenstraße 4, 04683 Naunhof"}, "representative"},
      {{"Dr. Helga Brandt", "Ärztin", "Naunhof"}, "representative_address"},
      {{"Bürgerinitiative Gegenwind", "-", "Lindenstraße 4, 04683 Naunhof"}, "representative"},
      {{"Gegenwind Naunhof e. V.", "Verein", "Lindenstraße 4, 04683 Naunhof"}, "representative"},
      {{"Heimatverein Naunhof", "Verein", "Lindenstraße 4, 04683 Naunhof"}, "representative"},
      {{"Brandt Windkraft GmbH", "Firma", "Lindenstraße 4, 04683 Naunhof"}, "representative"},
      {{"BI Muldenaue", "Initiative", "Am Anger 2, 04668 Grimma"}, "representative"},
      {{"Dr. Helga Brandt", "Ärztin", std::string(501, 'x') + " 4"}, "representative_address"},
  };
  for (const auto& c : cases) {
    auto result = ValidateRepresentative(c.input);
    if (c.refused_field.empty()) {
      EXPECT_TRUE(result.has_value()) << c.input.name << ": " << result.error().front().message;
    } else {
      ASSERT_FALSE(result.has_value()) << c.input.name;
      bool named = false;
      for (const auto& error : result.error()) named = named || error.field == c.refused_field;
      EXPECT_TRUE(named) << c.input.name << " → " << result.error().front().field;
    }
  }
  auto trimmed = ValidateRepresentative({"  Petra Lange ", " Landwirtin ", " Am Anger 2, 04668 Grimma "});
  ASSERT_TRUE(trimmed.has_value());
  EXPECT_EQ(trimmed->name, "Petra Lange");
  EXPECT_EQ(RepresentativeLine(*trimmed), "Petra Lange, Landwirtin, Am Anger 2, 04668 Grimma");
  auto organisation = ValidateRepresentative({"Bürgerinitiative Gegenwind", "-", "Lindenstraße 4, 04683 Naunhof"});
  EXPECT_NE(organisation.error().front().message.find("natürliche Person"), std::string::npos);
}

TEST(ProcedureModel, PhasesMoveForwardOnly) {
  EXPECT_TRUE(CanTransition(Phase::kDraft, Phase::kPublished));
  EXPECT_TRUE(CanTransition(Phase::kPublished, Phase::kHearing));
  EXPECT_TRUE(CanTransition(Phase::kPublished, Phase::kDecided));
  EXPECT_TRUE(CanTransition(Phase::kHearing, Phase::kDecided));
  EXPECT_TRUE(CanTransition(Phase::kDecided, Phase::kArchived));
  EXPECT_FALSE(CanTransition(Phase::kDraft, Phase::kDecided));
  EXPECT_FALSE(CanTransition(Phase::kArchived, Phase::kPublished));
  EXPECT_FALSE(CanTransition(Phase::kDecided, Phase::kPublished));
}

TEST(ProcedureModel, StatusFollowsTheDates) {
  law::Date start{2026, 12, 7};
  law::Date end{2027, 1, 20};
  EXPECT_EQ(StatusOn(Phase::kDraft, start, end, {2026, 12, 10}), Status::kDraft);
  EXPECT_EQ(StatusOn(Phase::kPublished, start, end, {2026, 12, 6}), Status::kAnnounced);
  EXPECT_EQ(StatusOn(Phase::kPublished, start, end, {2026, 12, 7}), Status::kParticipation);
  EXPECT_EQ(StatusOn(Phase::kPublished, start, end, {2027, 1, 20}), Status::kParticipation);
  EXPECT_EQ(StatusOn(Phase::kPublished, start, end, {2027, 1, 21}), Status::kEvaluation);
  EXPECT_EQ(StatusOn(Phase::kHearing, start, end, {2027, 2, 1}), Status::kHearing);
}

TEST(ProcedureModel, PlansBimschgDatesFromTheDeadlineEngine) {
  // The worked example of legal.md: display 6.10.–5.11.2025, objections until Buß- und Bettag → 20.11.2025 in SN.
  ProcedureInput input{.type = Type::kBimschg, .title = "T", .description = "D", .display_start = {2025, 10, 6}};
  auto dates = PlanDates(input, "SN", "", {2025, 9, 1});
  ASSERT_TRUE(dates.has_value()) << dates.error().message;
  EXPECT_EQ(dates->display_end, (law::Date{2025, 11, 5}));
  EXPECT_EQ(dates->objection_end, (law::Date{2025, 11, 20}));
  EXPECT_FALSE(dates->explanation.empty());
  EXPECT_TRUE(dates->warnings.empty());
  // IED: one month for objections.
  input.ied = true;
  auto ied = PlanDates(input, "SN", "", {2025, 9, 1});
  ASSERT_TRUE(ied.has_value());
  EXPECT_GT(ied->objection_end, dates->objection_end);
}

TEST(ProcedureModel, PastDatesAreAllowedWithAWarning) {
  ProcedureInput input{.type = Type::kBimschg, .title = "T", .description = "D", .display_start = {2025, 10, 6}};
  auto dates = PlanDates(input, "SN", "", {2026, 11, 26});
  ASSERT_TRUE(dates.has_value());
  ASSERT_EQ(dates->warnings.size(), 2u);
  EXPECT_NE(dates->warnings[0].find("bereits laufendes Verfahren"), std::string::npos);
}

TEST(ProcedureModel, FreePeriodDefaultsToThirtyDays) {
  ProcedureInput input{.type = Type::kConsultation, .title = "T", .description = "D", .display_start = {2026, 12, 1}};
  auto dates = PlanDates(input, "SN", "", {2026, 11, 26});
  ASSERT_TRUE(dates.has_value()) << dates.error().message;
  EXPECT_EQ(dates->objection_end, dates->display_end);
  EXPECT_EQ(law::DaysBetween(dates->display_start, dates->display_end), kDefaultFreeDays - 1);
  input.display_end = law::Date{2026, 12, 20};
  EXPECT_EQ(PlanDates(input, "SN", "", {2026, 11, 26})->display_end, (law::Date{2026, 12, 20}));
}

TEST(ProcedureModel, ADisplayEndBeforeTheMinimumIsRefused) {
  ProcedureInput input{.type = Type::kBaugb32,
                       .title = "T",
                       .description = "D",
                       .display_start = {2026, 12, 1},
                       .display_end = law::Date{2026, 12, 10}};
  auto dates = PlanDates(input, "SN", "", {2026, 11, 26});
  ASSERT_FALSE(dates.has_value());
  EXPECT_FALSE(dates.error().field.empty());
}

TEST(ProcedureModel, EndOfDayIsBerlinMidnightWithSummerTime) {
  // Winter: 20.11.2025 ends at 23:00 UTC.
  EXPECT_EQ(EndOfDay({2025, 11, 20}), 1763679600);  // 2025-11-20T23:00:00Z
  // Summer: 15.7.2026 ends at 22:00 UTC.
  EXPECT_EQ(EndOfDay({2026, 7, 15}), 1784152800);  // 2026-07-15T22:00:00Z
  // The night of the change to summer time (29.3.2026): the 28th ends at 23:00 UTC, the 29th at 22:00 UTC.
  EXPECT_EQ(EndOfDay({2026, 3, 28}), 1774738800);
  EXPECT_EQ(EndOfDay({2026, 3, 29}), 1774821600);
  // Back to winter time (25.10.2026): the 24th ends at 22:00 UTC, the 25th at 23:00 UTC.
  EXPECT_EQ(EndOfDay({2026, 10, 24}), 1792879200);
  EXPECT_EQ(EndOfDay({2026, 10, 25}), 1792969200);
}

TEST(ProcedureModel, LateMeansAfterTheLastDayLocalTime) {
  db::UnixSeconds midnight = EndOfDay({2025, 11, 20});
  EXPECT_FALSE(IsLate(midnight - 1, {2025, 11, 20}));  // 23:59:59 local on the last day
  EXPECT_TRUE(IsLate(midnight, {2025, 11, 20}));
  EXPECT_EQ(LocalDate(midnight - 1), (law::Date{2025, 11, 20}));
  EXPECT_EQ(LocalDate(midnight), (law::Date{2025, 11, 21}));
  EXPECT_EQ(LocalDate(1784152800 - 1), (law::Date{2026, 7, 15}));
}

TEST(ProcedureModel, GeometriesGiveAMapPoint) {
  auto point = CheckGeometry(R"({"type":"Point","coordinates":[12.72,51.24]})");
  ASSERT_TRUE(point.has_value());
  EXPECT_DOUBLE_EQ(point->lat, 51.24);
  EXPECT_DOUBLE_EQ(point->lon, 12.72);
  auto area = CheckGeometry(
      R"({"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[12,51],[13,51],[13,52],[12,51]]]}})");
  ASSERT_TRUE(area.has_value());
  EXPECT_NEAR(area->lon, 12.5, 1e-9);
  EXPECT_FALSE(CheckGeometry(R"({"type":"Point","coordinates":[200,51]})").has_value());
  EXPECT_FALSE(CheckGeometry(R"({"type":"LineString","coordinates":[[1,2],[3,4]]})").has_value());
  EXPECT_FALSE(CheckGeometry("not json").has_value());
}

TEST(ProcedureModel, ValidatesProcedures) {
  EXPECT_TRUE(ValidateProcedure({.title = "T", .description = "D"}).empty());
  auto errors = ValidateProcedure({.type = Type::kBaugb32, .title = "", .description = "D", .ied = true,
                                   .geometry = "{}"});
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].field, "title");
  EXPECT_EQ(errors[1].field, "ied");
  EXPECT_EQ(errors[2].field, "geometry");
}

TEST(ProcedureModel, StatementsNeedNameAndAddressWhereTheLawAsks) {
  auto missing = ValidateStatement({.text = "Einwendung"}, true);
  ASSERT_FALSE(missing.has_value());
  ASSERT_EQ(missing.error().size(), 2u);
  EXPECT_EQ(missing.error()[0].field, "name");
  EXPECT_EQ(missing.error()[1].field, "address");
  auto ok = ValidateStatement({.text = "  Einwendung\n", .name = " Kim ", .address = "Markt 1, 04668 Grimma"}, true);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->text, "Einwendung");
  EXPECT_EQ(ok->name, "Kim");
  EXPECT_TRUE(ValidateStatement({.text = "Hinweis"}, false).has_value());
  EXPECT_FALSE(ValidateStatement({.text = std::string(kMaxStatementChars + 1, 'a')}, false).has_value());
  EXPECT_FALSE(ValidateStatement({.text = "\xff"}, false).has_value());
}

struct LegalDetailsCase {
  const char* description;
  Type type;
  LegalDetails legal;
  std::vector<std::string> fields;  // the fields refused
};

const LegalDetailsCase kLegalDetailsCases[] = {
    {"a Bebauungsplan", Type::kBaugb32, {.plan_type = "bplan"}, {}},
    {"a Flächennutzungsplan for the authorities", Type::kBaugb42, {.plan_type = "fnp"}, {}},
    {"an unknown plan type", Type::kBaugb32, {.plan_type = "regionalplan"}, {"plan_type"}},
    {"a plan type outside the Bauleitplanung", Type::kBimschg, {.plan_type = "bplan"}, {"plan_type"}},
    {"no repetition for a free consultation", Type::kConsultation, {.repeated = true, .repeat_reason = "Neu"},
     {"repeated"}},
    {"no repetition for early participation", Type::kBaugb31, {.repeated = true, .repeat_reason = "Neu"},
     {"repeated"}},
    {"a repeated publication", Type::kBaugb32,
     {.repeated = true, .repeated_scope = "Teilfläche W 3", .repeat_reason = "Wohnbaufläche W 3 verkleinert"}, {}},
    {"a repeated request to the authorities", Type::kBaugb42, {.repeated = true, .repeat_reason = "Geändert"}, {}},
    {"a repeated BImSchG participation", Type::kBimschg, {.repeated = true, .repeat_reason = "Anlage verschoben"},
     {}},
    {"a repetition records its reason", Type::kBaugb32, {.repeated = true, .repeat_reason = " \n "},
     {"repeat_reason"}},
    {"a reason without repetition", Type::kBaugb32, {.repeat_reason = "Geändert"}, {"repeat_reason"}},
    {"a shortened end without repetition", Type::kVwvfg73, {.shortened_objection_end = law::Date{2026, 5, 1}},
     {"shortened_objection_end"}},
    {"a reason with a control character", Type::kBaugb32, {.repeated = true, .repeat_reason = "Grund\x01"},
     {"repeat_reason"}},
    {"a provision for online objections in a Planfeststellung", Type::kVwvfg73,
     {.online_objection_basis = "§ 1 LVwVfG (Beispiel)"}, {}},
    {"a provision for online objections elsewhere", Type::kBimschg, {.online_objection_basis = "§ 1"},
     {"online_objection_basis"}},
    {"a Gemeindeschlüssel of eight digits", Type::kVwvfg73, {.filing_ags = "14625460"}, {}},
    {"a Gemeindeschlüssel too short", Type::kVwvfg73, {.filing_ags = "1462546"}, {"filing_ags"}},
    {"a Gemeindeschlüssel with letters", Type::kVwvfg73, {.filing_ags = "1462546x"}, {"filing_ags"}},
    {"a site too long", Type::kBimschg, {.site = std::string(kMaxDetailChars + 1, 'a')}, {"site"}},
    {"environmental information too long",
     Type::kBaugb32,
     {.environmental_info = std::string(kMaxEnvironmentalInfoChars + 1, 'a')},
     {"environmental_info"}},
};

TEST(ProcedureModel, ValidatesTheLegalDetails) {
  for (const auto& test_case : kLegalDetailsCases) {
    ProcedureInput input{.type = test_case.type, .title = "T", .description = "D", .legal = test_case.legal};
    std::vector<std::string> fields;
    for (const auto& error : ValidateProcedure(input)) fields.push_back(error.field);
    EXPECT_EQ(fields, test_case.fields) << test_case.description;
  }
}

// Issue #12 item 8: a repeated participation records its reason with the dates; § 22 UVPG limits it to the changes.
TEST(ProcedureModel, RepeatedParticipationRecordsItsReasonAndItsShortenedPeriod) {
  ProcedureInput uvp{.type = Type::kVwvfg73, .title = "T", .description = "D", .uvp = true,
                     .display_start = {2026, 3, 2},
                     .legal = {.repeated = true, .repeat_reason = "Trasse im Abschnitt 2 verlegt;\nnur dort betroffen"}};
  std::vector<std::string> fields;
  for (const auto& error : ValidateProcedure(uvp)) fields.push_back(error.field);
  EXPECT_EQ(fields, std::vector<std::string>{"repeated_scope"}) << "§ 22 Abs. 1 Satz 3 UVPG: limited to the changes";
  uvp.legal.repeated_scope = "Abschnitt 2";
  EXPECT_TRUE(ValidateProcedure(uvp).empty());

  uvp.legal.shortened_objection_end = law::Date{2026, 4, 18};
  auto dates = PlanDates(uvp, "SN", "", {2026, 2, 1});
  ASSERT_TRUE(dates) << dates.error().message;
  EXPECT_EQ(dates->objection_end, (law::Date{2026, 4, 20}));
  ASSERT_FALSE(dates->explanation.empty());
  EXPECT_EQ(dates->explanation.front(),
            "Grund der erneuten Beteiligung: Trasse im Abschnitt 2 verlegt; nur dort betroffen");
  // The engine's field is the form's field.
  uvp.legal.shortened_objection_end = law::Date{2026, 4, 10};
  auto refused = PlanDates(uvp, "SN", "", {2026, 2, 1});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "shortened_objection_end");

  // § 73 Abs. 8 VwVfG without UVP: two weeks from the notice.
  ProcedureInput change{.type = Type::kVwvfg73, .title = "T", .description = "D", .display_start = {2026, 3, 5},
                        .legal = {.repeated = true, .repeat_reason = "Lärmschutzwand ergänzt"}};
  auto two_weeks = PlanDates(change, "SN", "", {2026, 2, 1});
  ASSERT_TRUE(two_weeks) << two_weeks.error().message;
  EXPECT_EQ(two_weeks->objection_end, (law::Date{2026, 3, 19}));
}

// Issue #12 item 9: § 73 Abs. 4 Satz 1 VwVfG asks for writing or the record; a web form or plain e-mail does not
// meet it (§ 3a Abs. 2 VwVfG) unless a provision allows objections through the portal.
TEST(ProcedureModel, APlanfeststellungTakesObjectionsOnlineOnlyWhereAProvisionAllowsIt) {
  const LegalDetails none;
  const LegalDetails allowed{.online_objection_basis = "§ 1 LVwVfG (Beispiel)"};
  for (Type type : AllTypes()) {
    const bool plan = type == Type::kVwvfg73;
    EXPECT_EQ(TakesOnlineSubmissions(type, none), !plan) << TypeName(type);
    EXPECT_TRUE(TakesOnlineSubmissions(type, allowed)) << TypeName(type);
    EXPECT_TRUE(MeetsWrittenForm(type, none, Channel::kPaper)) << TypeName(type);
    EXPECT_EQ(MeetsWrittenForm(type, none, Channel::kOnline), !plan) << TypeName(type);
    EXPECT_EQ(MeetsWrittenForm(type, none, Channel::kMail), !plan) << TypeName(type);
    EXPECT_EQ(MeetsWrittenForm(type, allowed, Channel::kMail), !plan) << "a plain e-mail never is: " << TypeName(type);
    EXPECT_TRUE(MeetsWrittenForm(type, allowed, Channel::kOnline)) << TypeName(type);
  }
  EXPECT_FALSE(TakesOnlineSubmissions(Type::kVwvfg73, {.online_objection_basis = " \t"}));
}

TEST(ProcedureModel, ThePlanDatesUseTheFilingPlaceAndTheLastAnnouncement) {
  // Planfeststellung by the Landesdirektion in Dresden, display from 6.5.2025: objections nominally until Thursday
  // 19.6.2025, Fronleichnam in Puschwitz where objections may also be filed → Friday 20.6.2025.
  ProcedureInput input{.type = Type::kVwvfg73, .title = "T", .description = "D", .display_start = {2025, 5, 6}};
  auto dresden = PlanDates(input, "SN", "14612000", {2025, 4, 1});
  ASSERT_TRUE(dresden);
  EXPECT_EQ(dresden->objection_end, (law::Date{2025, 6, 19}));
  input.legal.filing_ags = "14625460";
  auto puschwitz = PlanDates(input, "SN", "14612000", {2025, 4, 1});
  ASSERT_TRUE(puschwitz);
  EXPECT_EQ(puschwitz->objection_end, (law::Date{2025, 6, 20}));

  // BauGB § 3 Abs. 2 from Friday 31.10.2025: the month ends Sunday 30.11. → Monday 1.12.2025, and the late flag follows.
  ProcedureInput plan{.type = Type::kBaugb32, .title = "T", .description = "D", .display_start = {2025, 10, 31}};
  auto moved = PlanDates(plan, "SN", "", {2025, 10, 1});
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->objection_end, (law::Date{2025, 12, 1}));
  EXPECT_FALSE(IsLate(EndOfDay({2025, 11, 30}) + 3600, moved->objection_end)) << "a statement on Monday is in time";
  EXPECT_TRUE(IsLate(EndOfDay({2025, 12, 1}), moved->objection_end));

  // § 9 Abs. 2 der 9. BImSchV: the lead time counts from the last announcement.
  ProcedureInput bimschg{.type = Type::kBimschg,
                         .title = "T",
                         .description = "D",
                         .display_start = {2025, 10, 6},
                         .announcement = law::Date{2025, 9, 26},
                         .legal = {.last_announcement = law::Date{2025, 9, 29}}};
  auto late = PlanDates(bimschg, "SN", "", {2025, 9, 1});
  ASSERT_TRUE(late);
  ASSERT_EQ(late->warnings.size(), 1u);
  EXPECT_NE(late->warnings[0].find("letzte Bekanntmachung"), std::string::npos);
  bimschg.legal.last_announcement = law::Date{2025, 9, 20};
  auto reversed = PlanDates(bimschg, "SN", "", {2025, 9, 1});
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().field, "last_announcement_date");
}

TEST(ProcedureModel, ReferencesAndHashes) {
  EXPECT_EQ(FormatReference("GRI", 2026, 42), "GRI-2026-00042");
  EXPECT_EQ(ContentSha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// The prefix makes references unique across tenants: derived from the slug, the place's name rather than the kind of
// authority, with fallbacks that never run out.
TEST(ProcedureModel, ReferencePrefixCandidates) {
  auto grimma = ReferencePrefixCandidates("grimma", 7);
  ASSERT_EQ(grimma.size(), 100u);
  EXPECT_EQ(grimma[0], "GRI");
  EXPECT_EQ(grimma[1], "GRI2");
  EXPECT_EQ(grimma[98], "GRI99");
  EXPECT_EQ(grimma.back(), "T7");
  EXPECT_EQ(ReferencePrefixCandidates("landkreis-leipzig", 3)[0], "LEI");
  EXPECT_EQ(ReferencePrefixCandidates("stadt-bad-lausick", 3)[0], "BAD");
  EXPECT_EQ(ReferencePrefixCandidates("landesdirektion-sachsen", 3)[0], "LAN");
  EXPECT_EQ(ReferencePrefixCandidates("a1", 3)[0], "AXX");
  EXPECT_EQ(ReferencePrefixCandidates("14", 3)[0], "XXX");
  EXPECT_EQ(ReferencePrefixCandidates("landkreis", 3)[0], "LAN");  // a lone kind word is the name
}

// What a person reads off a receipt finds the statement: old and new forms, any case, with spaces around.
TEST(ProcedureModel, AsReference) {
  EXPECT_EQ(AsReference(" gri-2026-00042 "), "GRI-2026-00042");
  EXPECT_EQ(AsReference("2026-00042"), "2026-00042");
  EXPECT_EQ(AsReference("LEI2-2027-1"), "LEI2-2027-1");
  EXPECT_EQ(AsReference("T12-2026-00003"), "T12-2026-00003");
  EXPECT_FALSE(AsReference("Lärm"));
  EXPECT_FALSE(AsReference("2026"));
  EXPECT_FALSE(AsReference("26-00042"));
  EXPECT_FALSE(AsReference("GRI-2026-"));
  EXPECT_FALSE(AsReference("GRI 2026 00042"));
  EXPECT_FALSE(AsReference(""));
}

}  // namespace
}  // namespace mw::procedures
