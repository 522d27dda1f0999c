// Tests of the statements part share this fixture: the procedures' site fixture (a real server with all the format's
// routes on both engines, tenant "grimma") with a citizen and a case worker of grimma, procedures published through
// the store, and a helper that posts the multipart statement form as a browser does.
#pragma once

#include <string>
#include <vector>

#include "formats/procedures/site_fixture_test.hpp"

namespace mw::procedures {

class StatementSiteTest : public ProcedureSiteTest {
 protected:
  void SetUp() override {
    ProcedureSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    citizen_ = CreateUser("citizen@example.org", "Cora Citizen");
    case_worker_ = CreateUser("case@example.org", "Carl Case", accounts::Role::kCaseWorker);
  }

  // A procedure of `type` whose display starts `start_in_days` from today (negative: in the past), published
  // (or left a draft).
  Procedure MakeProcedure(Type type, int start_in_days, bool publish = true) {
    return db_->Write([&](db::Tx& tx) {
      law::Date today = LocalDate(now_);
      ProcedureInput input{.type = type,
                           .title = "Verfahren " + std::string(TypeName(type)),
                           .description = "Beschreibung",
                           .display_start = law::AddDays(today, start_in_days)};
      if (type == Type::kBimschg || type == Type::kVwvfg73) input.announcement = law::AddDays(input.display_start, -8);
      auto dates = PlanDates(input, "SN", "", today);
      EXPECT_TRUE(dates.has_value()) << (dates ? "" : dates.error().message);
      Procedure procedure = Create(tx, tenant_.id, std::nullopt, input, *dates, now_);
      if (publish) procedure = *SetPhase(tx, procedure.id, Phase::kPublished, now_);
      return procedure;
    });
  }

  std::string FormPath(const Procedure& procedure) const {
    return "/grimma/verfahren/" + std::to_string(procedure.id) + "/stellungnahme";
  }

  // Posts the statement form of `procedure` (see PostMultipart).
  mw::testing::HttpResponse PostForm(Browser& browser, const Procedure& procedure,
                                     std::vector<mw::testing::MultipartPart> parts, bool csrf = true) {
    return PostMultipart(browser, FormPath(procedure), std::move(parts), csrf);
  }

  accounts::User citizen_;
  accounts::User case_worker_;
};

}  // namespace mw::procedures
