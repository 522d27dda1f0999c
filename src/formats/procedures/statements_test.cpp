// The statement form, receipts (page, mail, PDF), withdrawal and the API on both engines, through a real server.
#include <boost/json.hpp>

#include "formats/procedures/document_store.hpp"
#include "formats/procedures/documents_pdf.hpp"
#include "formats/procedures/pdf_renders.hpp"
#include "formats/procedures/pdf_text_test.hpp"
#include "formats/procedures/statements_fixture_test.hpp"

namespace mw::procedures {
namespace {

using mw::testing::MultipartPart;

class StatementPagesTest : public StatementSiteTest {};

constexpr std::string_view kText = "Der Radweg an der Mulde fehlt im Entwurf. Bitte ergänzen Sie ihn – „jetzt“ § 3.";

std::vector<MultipartPart> Fields(std::string name = "Cora Citizen", std::string address = "Markt 1, 04668 Grimma") {
  return {{.name = "text", .data = std::string(kText)},
          {.name = "name", .data = std::move(name)},
          {.name = "address", .data = std::move(address)},
          {.name = "page", .data = "S. 12"},
          {.name = "consent", .data = "yes"}};
}

std::int64_t StatementIdFrom(const std::string& location) {
  // …/stellungnahmen/{id}/eingang
  auto end = location.rfind("/eingang");
  auto start = location.rfind('/', end - 1);
  return std::stoll(location.substr(start + 1, end - start - 1));
}

TEST_P(StatementPagesTest, TheFormNeedsALoginAndDraftsAreNotFound) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  auto draft = MakeProcedure(Type::kConsultation, 5, /*publish=*/false);
  Browser visitor(port());
  auto anonymous = visitor.Get(FormPath(procedure));
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_NE(anonymous.Header("location").find("/anmelden"), std::string::npos);
  Browser worker(port());
  Login(worker, "case@example.org");
  EXPECT_EQ(worker.Get(FormPath(draft)).status, 404);  // even for the back office
  EXPECT_EQ(worker.Get(FormPath(procedure)).status, 200);
}

// Attachments of up to 50 MB: a visitor without login gets the login redirect from the header alone; the server
// neither waits for the body nor writes it to a temporary file.
TEST_P(StatementPagesTest, AnAnonymousUploadIsRefusedBeforeItsBody) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  mw::testing::HttpConnection connection(port(), std::chrono::seconds(5));
  auto response = connection.SendRaw("POST " + FormPath(procedure) +
                                     " HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                                     "Content-Length: 50000000\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 303);
  EXPECT_NE(response->Header("location").find("/anmelden"), std::string::npos);
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM procedure_statement"), 0);
}

TEST_P(StatementPagesTest, ASubmissionIsStoredWithReceiptPageMailPdfAndAudit) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto form = citizen.Get(FormPath(procedure));
  EXPECT_NE(form.body.find("Cora Citizen"), std::string::npos) << "name prefilled from the account";
  EXPECT_NE(form.body.find("Stellungnahme abgeben"), std::string::npos);

  auto posted = PostForm(citizen, procedure, Fields());
  ASSERT_EQ(posted.status, 303) << posted.body;
  std::string location = posted.Header("location");
  std::int64_t id = StatementIdFrom(location);
  auto stored = db_->Read([&](db::Tx& tx) { return FindStatement(tx, id); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->text, kText);
  EXPECT_EQ(stored->user_id, citizen_.id);
  EXPECT_EQ(stored->author_address, "Markt 1, 04668 Grimma");
  EXPECT_EQ(stored->page, "S. 12");
  EXPECT_FALSE(stored->late);
  EXPECT_EQ(stored->sha256, ContentSha256(kText));

  auto receipt = citizen.Get(location);
  ASSERT_EQ(receipt.status, 200);
  EXPECT_NE(receipt.body.find(stored->reference), std::string::npos);
  EXPECT_NE(receipt.body.find(stored->sha256), std::string::npos);
  EXPECT_NE(receipt.body.find("eingang.pdf"), std::string::npos);

  auto mail = db_->Read([&](db::Tx& tx) {
    return tx.QueryOne("SELECT to_address, subject, body_text FROM mail_outbox ORDER BY id DESC", {});
  });
  ASSERT_TRUE(mail.has_value());
  EXPECT_EQ(mail->Text(0), "citizen@example.org");
  EXPECT_NE(mail->Text(1).find(stored->reference), std::string::npos);
  EXPECT_NE(mail->Text(2).find(stored->sha256), std::string::npos);
  EXPECT_NE(mail->Text(2).find("http://portal.test" + location), std::string::npos);

  auto audit = db_->Read([&](db::Tx& tx) {
    return tx.QueryOne("SELECT detail FROM audit_log WHERE action = 'statement.submit' AND object = ?",
                       {"statement:" + std::to_string(id)});
  });
  ASSERT_TRUE(audit.has_value());
  EXPECT_EQ(audit->Text(0).find("Radweg"), std::string::npos) << "no text in the audit log";

  auto pdf = citizen.Get(location + ".pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  EXPECT_GT(pdf.body.size(), 2000u);

  auto mine = citizen.Get("/stellungnahmen");
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find(stored->reference), std::string::npos);
}

// #14 item 4: the receipt PDF holds everything that was submitted — who (name, address), to whom (authority,
// procedure), about what (the document and page), when and how, the reference, the whole text — as extractable text.
TEST_P(StatementPagesTest, TheReceiptPdfHoldsEverythingSubmitted) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  std::string document_pdf = MinimalPdf({"Begründung"});
  auto document = db_->Write([&](db::Tx& tx) {
    auto chapter = EnsureChapter(tx, procedure.id, "Planunterlagen", now_);
    return *AddVersion(tx,
                       {.procedure_id = procedure.id, .chapter_id = chapter.id, .title = "Begründung zum Radwegeplan",
                        .facts = {.filename = "begruendung.pdf", .content_type = "application/pdf",
                                  .size = document_pdf.size(), .sha256 = Sha256Hex(document_pdf)}},
                       StringSource(document_pdf), now_);
  });
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto fields = Fields();
  fields.push_back({.name = "document_id", .data = std::to_string(document.document.id)});
  auto posted = PostForm(citizen, procedure, fields);
  ASSERT_EQ(posted.status, 303) << posted.body;
  auto stored = db_->Read([&](db::Tx& tx) { return FindStatement(tx, StatementIdFrom(posted.Header("location"))); });
  ASSERT_TRUE(stored.has_value());
  ASSERT_EQ(stored->document_id, document.document.id);

  auto pdf = citizen.Get(posted.Header("location") + ".pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_NE(pdf.body.find("/StructTreeRoot"), std::string::npos) << "a tagged PDF";
  const std::string text = testing::WithoutSpaces(testing::PdfText(pdf.body));
  for (const std::string& expected :
       std::vector<std::string>{stored->reference, "Stadt Grimma", procedure.title, "Cora Citizen",
                                "Markt 1, 04668 Grimma", "Begründung zum Radwegeplan", "S. 12", "online",
                                stored->sha256, std::string(kText)}) {
    EXPECT_NE(text.find(testing::WithoutSpaces(expected)), std::string::npos) << expected << "\nin: " << text;
  }
}

TEST_P(StatementPagesTest, CsrfNameAndAddressAndConsentAreChecked) {
  auto objection = MakeProcedure(Type::kBimschg, -3);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(PostForm(citizen, objection, Fields(), /*csrf=*/false).status, 403);

  auto form = citizen.Get(FormPath(objection));
  EXPECT_NE(form.body.find("Einwendung erheben"), std::string::npos);
  auto missing = PostForm(citizen, objection, Fields("", ""));
  EXPECT_EQ(missing.status, 422);
  EXPECT_NE(missing.body.find("Bitte geben Sie Ihren Namen an."), std::string::npos);
  EXPECT_NE(missing.body.find("Bitte geben Sie Ihre Anschrift an."), std::string::npos);
  auto no_consent = Fields();
  no_consent.pop_back();
  EXPECT_EQ(PostForm(citizen, objection, no_consent).status, 422);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM procedure_statement"), 0);

  // Other types take name and address optionally.
  auto consultation = MakeProcedure(Type::kConsultation, -3);
  EXPECT_EQ(PostForm(citizen, consultation, Fields("", "")).status, 303);
}

TEST_P(StatementPagesTest, ControlCharactersAreRefusedWithTheFieldNamedInFormAndApi) {
  auto procedure = MakeProcedure(Type::kBimschg, -3);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  citizen.Get(FormPath(procedure));
  const std::string token = ApiToken(citizen_);
  const std::string path = "/api/v1/procedures/" + std::to_string(procedure.id) + "/statements";
  const std::vector<std::pair<std::string, std::string>> kControls = {
      {"U+0000", std::string("Cora\0", 5)}, {"U+0007", "Cora\x07"}, {"U+001B", "Cora \x1B[2J"},
      {"U+0085", "Cora\xC2\x85"}, {"U+009B", "Cora \xC2\x9B" "31m"}, {"U+FFFE", "Cora \xEF\xBF\xBE"}};
  for (const auto& [code_point, value] : kControls) {
    for (const std::string field : {"text", "name", "address", "page"}) {
      auto fields = Fields();
      for (auto& part : fields) {
        if (part.name == field) part.data = value;
      }
      auto response = PostForm(citizen, procedure, fields);
      EXPECT_EQ(response.status, 422) << field << " " << code_point;
      EXPECT_NE(response.body.find("href=\"#" + field + "\""), std::string::npos) << field << " " << code_point;
      EXPECT_NE(response.body.find(code_point), std::string::npos) << field << " " << code_point;
      boost::json::object body{{"text", "Mehr Bäume"}, {"name", "Cora"}, {"address", "Markt 1"}};
      body[field] = value;
      auto api = Api("POST", path, token, boost::json::serialize(body));
      EXPECT_EQ(api.status, 422) << field << " " << code_point << " " << api.body;
      EXPECT_NE(api.body.find("\"field\":\"" + field + "\""), std::string::npos) << api.body;
    }
  }
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM procedure_statement"), 0);
  auto multi_line = Fields();
  multi_line[0].data = "Erstens:\r\n\tmehr Bäume.\r\nZweitens: ein Radweg.";
  multi_line[2].data = "Markt 1\r\n04668 Grimma";
  EXPECT_EQ(PostForm(citizen, procedure, multi_line).status, 303);
}

TEST_P(StatementPagesTest, ALateSubmissionIsAcceptedAndFlagged) {
  auto over = MakeProcedure(Type::kConsultation, -100);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto form = citizen.Get(FormPath(over));
  EXPECT_NE(form.body.find("Die Frist ist abgelaufen"), std::string::npos);
  auto posted = PostForm(citizen, over, Fields());
  ASSERT_EQ(posted.status, 303) << posted.body;
  auto stored = db_->Read([&](db::Tx& tx) { return FindStatement(tx, StatementIdFrom(posted.Header("location"))); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->late);
  auto receipt = citizen.Get(posted.Header("location"));
  EXPECT_NE(receipt.body.find("Verspätet eingegangen"), std::string::npos);
  auto mail = db_->Read([&](db::Tx& tx) { return tx.QueryOne("SELECT body_text FROM mail_outbox", {}); });
  EXPECT_NE(mail->Text(0).find("Verspätet"), std::string::npos);

  // A case worker rules that it came in time (issue #12 item 12): the receipt follows the override.
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(OverrideLate(tx, stored->id, false, "Ausfall des Portals am letzten Tag der Frist", case_worker_.id,
                             now_)
                    .has_value());
  });
  auto ruled = citizen.Get(posted.Header("location"));
  EXPECT_EQ(ruled.body.find("Verspätet eingegangen"), std::string::npos);
  EXPECT_NE(ruled.body.find("Ja, innerhalb der Frist eingegangen"), std::string::npos);
}

// Issue #12 item 14: once the period is over, a statement can no longer be withdrawn (a clear 409).
TEST_P(StatementPagesTest, AWithdrawalAfterThePeriodIsRefused) {
  auto over = MakeProcedure(Type::kConsultation, -100);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto posted = PostForm(citizen, over, Fields());
  ASSERT_EQ(posted.status, 303) << posted.body;
  std::string receipt = posted.Header("location");
  std::string withdraw = receipt.substr(0, receipt.rfind("/eingang")) + "/zurueckziehen";
  auto page = citizen.Get(receipt);
  EXPECT_EQ(page.body.find("/zurueckziehen"), std::string::npos) << "no withdraw link after the period";
  auto form = citizen.Get(withdraw);
  EXPECT_EQ(form.status, 409);
  EXPECT_NE(form.body.find("Die Frist für Stellungnahmen ist abgelaufen"), std::string::npos);
  auto mine = citizen.Get("/stellungnahmen");
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find(receipt), std::string::npos) << "the statement is listed";
  EXPECT_EQ(mine.body.find(withdraw), std::string::npos) << "and offers no withdrawal the server would refuse";
  auto refused = citizen.Post(withdraw, "csrf=" + citizen.csrf());
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("nicht mehr über das Portal zurückgezogen"), std::string::npos) << refused.body;
  auto stored = db_->Read([&](db::Tx& tx) { return FindStatement(tx, StatementIdFrom(posted.Header("location"))); });
  EXPECT_FALSE(stored->withdrawn);

  // #14 item 4: the list says where the procedure stands and, once it is published, leads to the result.
  EXPECT_NE(mine.body.find("Verfahren: Auswertung"), std::string::npos) << mine.body;
  EXPECT_EQ(mine.body.find("/ergebnis\""), std::string::npos);
  db_->Write([&](db::Tx& tx) { SetResultPublished(tx, over.id, true, now_); });
  auto heard = citizen.Get("/stellungnahmen");
  EXPECT_NE(heard.body.find("href=\"/grimma/verfahren/" + std::to_string(over.id) + "/ergebnis\""), std::string::npos)
      << heard.body;
  EXPECT_NE(heard.body.find("Ergebnis und Antwort der Behörde"), std::string::npos);
}

// § 12 Abs. 2 der 9. BImSchV (issue #12 item 10): a BImSchG objection form lets the person ask that name and address
// be made unrecognisable before forwarding to the applicant; other types do not offer it.
TEST_P(StatementPagesTest, ABimschgObjectionMayAskToConcealNameAndAddress) {
  auto bimschg = MakeProcedure(Type::kBimschg, -3);
  auto consultation = MakeProcedure(Type::kConsultation, -3);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  EXPECT_NE(citizen.Get(FormPath(bimschg)).body.find("name=\"conceal_from_applicant\""), std::string::npos);
  EXPECT_EQ(citizen.Get(FormPath(consultation)).body.find("conceal_from_applicant"), std::string::npos);
  auto fields = Fields();
  fields.push_back({.name = "conceal_from_applicant", .data = "yes"});
  auto posted = PostForm(citizen, bimschg, fields);
  ASSERT_EQ(posted.status, 303) << posted.body;
  auto stored = db_->Read([&](db::Tx& tx) { return FindStatement(tx, StatementIdFrom(posted.Header("location"))); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->conceal_from_applicant);
  auto plain = PostForm(citizen, bimschg, Fields());
  ASSERT_EQ(plain.status, 303);
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return FindStatement(tx, StatementIdFrom(plain.Header("location"))); })
                   ->conceal_from_applicant);
}

TEST_P(StatementPagesTest, OnlyTheSubmitterWithdrawsAndOnlyOnce) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  CreateUser("other@example.org", "Otto Other");
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto posted = PostForm(citizen, procedure, Fields());
  ASSERT_EQ(posted.status, 303);
  std::string receipt = posted.Header("location");
  std::string withdraw = receipt.substr(0, receipt.rfind("/eingang")) + "/zurueckziehen";

  Browser other(port());
  Login(other, "other@example.org");
  EXPECT_EQ(other.Get(receipt).status, 404);
  EXPECT_EQ(other.Get(receipt + ".pdf").status, 404);
  EXPECT_EQ(other.Get(withdraw).status, 404);
  other.Get("/stellungnahmen");
  EXPECT_EQ(other.Post(withdraw, "csrf=" + other.csrf()).status, 404);

  EXPECT_NE(citizen.Get("/stellungnahmen").body.find(withdraw), std::string::npos) << "offered while the period runs";
  EXPECT_EQ(citizen.Get(withdraw).status, 200);
  auto done = citizen.Submit(withdraw, withdraw, {});
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(done.Header("location"), "/stellungnahmen");
  citizen.Get("/stellungnahmen");
  EXPECT_EQ(citizen.Post(withdraw, "csrf=" + citizen.csrf()).status, 409);
  auto mine = citizen.Get("/stellungnahmen");
  EXPECT_NE(mine.body.find("zurückgezogen"), std::string::npos);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM procedure_statement WHERE state = 'withdrawn'"), 1);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit_log WHERE action = 'statement.withdraw'"), 1);
}

TEST_P(StatementPagesTest, TheBackOfficeSeesReceiptsAndIsAudited) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto posted = PostForm(citizen, procedure, Fields());
  ASSERT_EQ(posted.status, 303);
  Browser worker(port());
  Login(worker, "case@example.org");
  auto page = worker.Get(posted.Header("location"));
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("zurueckziehen"), std::string::npos) << "only the submitter withdraws";
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit_log WHERE action = 'statement.view'"), 1);
}

// Every way a statement comes in — the form, the API for a citizen, the API for the back office's entry of a letter —
// makes it searchable in the back office's inbox at once, and the inbox's search finds the procedure's own only.
TEST_P(StatementPagesTest, EveryWayInIsSearchableInTheInboxAtOnce) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  auto other = MakeProcedure(Type::kConsultation, -3);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto posted = PostForm(citizen, procedure, Fields());  // kText: "Der Radweg an der Mulde fehlt …"
  ASSERT_EQ(posted.status, 303) << posted.body;
  auto by_form = db_->Read([&](db::Tx& tx) { return FindStatement(tx, StatementIdFrom(posted.Header("location"))); });
  ASSERT_TRUE(by_form.has_value());
  std::string citizen_token = ApiToken(citizen_);
  std::string worker_token = ApiToken(case_worker_);
  auto api_path = [](const Procedure& to) { return "/api/v1/procedures/" + std::to_string(to.id) + "/statements"; };
  auto by_api = Api("POST", api_path(procedure), citizen_token,
                    R"({"text":"Die Fischtreppe am Wehr fehlt.","name":"Cora","address":"Markt 1"})");
  ASSERT_EQ(by_api.status, 201) << by_api.body;
  std::string today = law::FormatIso(LocalDate(now_));
  auto by_letter = Api("POST", api_path(procedure), worker_token,
                       R"({"channel":"mail","received_at":")" + today +
                           R"(","text":"Der Hochwasserschutz ist zu schwach.","name":"Emil Brief","address":"Am Anger 2"})");
  ASSERT_EQ(by_letter.status, 201) << by_letter.body;
  // The same words in another procedure of the tenant.
  auto elsewhere = Api("POST", api_path(other), worker_token,
                       R"({"channel":"paper","received_at":")" + today +
                           R"(","text":"Radweg, Fischtreppe und Hochwasserschutz.","name":"Otto Anders","address":"Am Anger 3"})");
  ASSERT_EQ(elsewhere.status, 201) << elsewhere.body;
  auto reference = [](const mw::testing::HttpResponse& created) {
    return std::string(boost::json::parse(created.body).as_object().at("reference").as_string());
  };

  Browser worker(port());
  Login(worker, "case@example.org");
  const std::string inbox = "/grimma/verfahren/" + std::to_string(procedure.id) + "/bearbeitung";
  const std::vector<std::pair<std::string, std::string>> searches{
      {"Radweg", by_form->reference}, {"Fischtreppen", reference(by_api)}, {"Hochwasser", reference(by_letter)}};
  for (const auto& [word, expected] : searches) {
    auto found = worker.Get(inbox + "?q=" + word);
    ASSERT_EQ(found.status, 200) << word;
    EXPECT_NE(found.body.find(expected), std::string::npos) << word;
    for (const auto& [_, not_expected] : searches) {
      if (not_expected != expected) {
        EXPECT_EQ(found.body.find(not_expected), std::string::npos) << word;
      }
    }
    EXPECT_EQ(found.body.find(reference(elsewhere)), std::string::npos) << word << ": another procedure's statement";
    EXPECT_EQ(found.body.find("Otto Anders"), std::string::npos) << word;
  }
  auto there = worker.Get("/grimma/verfahren/" + std::to_string(other.id) + "/bearbeitung?q=Radweg");
  EXPECT_NE(there.body.find("Otto Anders"), std::string::npos);
  EXPECT_EQ(there.body.find(by_form->reference), std::string::npos);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit_log WHERE action = 'statement.list'"), 4) << "every view audited";
}

TEST_P(StatementPagesTest, AttachmentsAreRecognisedByContent) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto refused = Fields();
  refused.push_back({.name = "attachments", .data = "MZ\x90\x00binary", .filename = "plan.pdf"});
  auto response = PostForm(citizen, procedure, refused);
  EXPECT_EQ(response.status, 422);
  EXPECT_NE(response.body.find("hat ein Format, das wir nicht annehmen"), std::string::npos);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM procedure_statement"), 0);

  auto accepted = Fields();
  auto incomplete = Fields();
  incomplete.push_back({.name = "attachments", .data = "%PDF-1.4\n<html></html>", .filename = "Anlage.pdf"});
  response = PostForm(citizen, procedure, incomplete);
  EXPECT_EQ(response.status, 422);
  EXPECT_NE(response.body.find("kein vollständiges PDF-Dokument"), std::string::npos);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM procedure_statement"), 0);

  const std::string pdf = MinimalPdf({"Stellungnahme"});
  accepted.push_back({.name = "attachments", .data = pdf, .filename = "Anlage „1“\u200B.exe",
                      .content_type = "application/pdf"});
  auto posted = PostForm(citizen, procedure, accepted);
  ASSERT_EQ(posted.status, 303) << posted.body;
  auto receipt = citizen.Get(posted.Header("location"));
  EXPECT_NE(receipt.body.find(Sha256Hex(pdf)), std::string::npos);
  std::string base = posted.Header("location").substr(0, posted.Header("location").rfind("/eingang"));
  auto download = citizen.Get(base + "/anlagen/1");
  EXPECT_EQ(download.status, 200);
  EXPECT_EQ(download.body, pdf);
  EXPECT_EQ(download.Header("content-type"), "application/pdf");
  EXPECT_EQ(download.Header("x-content-type-options"), "nosniff");
  EXPECT_NE(download.Header("content-disposition").find("attachment;"), std::string::npos);
  EXPECT_NE(download.Header("content-disposition").find("%E2%80%9C.pdf"), std::string::npos)
      << "stored as a .pdf, without the zero-width space: " << download.Header("content-disposition");
}

TEST_P(StatementPagesTest, AStatementLongerThanTheCapIsRefusedInFormApiAndPaperEntry) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  // One word without a space: the worst case for the PDF layout, one character over the cap.
  const std::string too_long(kMaxStatementChars + 1, 'a');
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto fields = Fields();
  fields[0].data = too_long;
  auto form = PostForm(citizen, procedure, fields);
  EXPECT_EQ(form.status, 422);
  EXPECT_NE(form.body.find("höchstens 50.000 Zeichen"), std::string::npos);

  std::string path = "/api/v1/procedures/" + std::to_string(procedure.id) + "/statements";
  std::string body = R"({"name":"Cora","address":"Markt 1","text":")" + too_long + "\"}";
  auto api = Api("POST", path, ApiToken(citizen_), body);
  EXPECT_EQ(api.status, 422);
  EXPECT_NE(api.body.find("50.000 Zeichen"), std::string::npos);
  auto paper = Api("POST", path, ApiToken(case_worker_),
                   R"({"channel":"paper","received_at":")" + law::FormatIso(LocalDate(now_)) +
                       R"(","name":"Cora","address":"Markt 1","text":")" + too_long + "\"}");
  EXPECT_EQ(paper.status, 422);
  EXPECT_NE(paper.body.find("50.000 Zeichen"), std::string::npos);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM procedure_statement"), 0);

  // At the cap the statement is taken, and its receipt PDF is written.
  fields[0].data = std::string(kMaxStatementChars, 'a');
  auto posted = PostForm(citizen, procedure, fields);
  ASSERT_EQ(posted.status, 303) << posted.body.substr(0, 2000);
  auto pdf = citizen.Get(posted.Header("location") + ".pdf");
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(pdf.Header("x-content-type-options"), "nosniff");
}

TEST_P(StatementPagesTest, ReceiptPdfsAreRenderedInABoundedNumberOfSlots) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto posted = PostForm(citizen, procedure, Fields());
  ASSERT_EQ(posted.status, 303);
  std::string pdf_path = posted.Header("location") + ".pdf";
  ForgetPdfsForTesting();
  SetPdfRenderSlotsForTesting(0);  // every slot taken
  auto busy = citizen.Get(pdf_path);
  SetPdfRenderSlotsForTesting(kPdfRenderSlots);
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.Header("retry-after"), std::to_string(kPdfRetryAfterSeconds));
  EXPECT_EQ(citizen.Get(pdf_path).status, 200);
}

TEST_P(StatementPagesTest, ApiCitizenSubmitsAndMayNotEnterPaperOrList) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  std::string token = ApiToken(citizen_);
  std::string path = "/api/v1/procedures/" + std::to_string(procedure.id) + "/statements";
  EXPECT_EQ(mw::testing::Send(port(), "POST", path, {{"Content-Type", "application/json"}}, "{}").status, 401);
  auto created = Api("POST", path, token, R"({"text":"Mehr Bäume","name":"Cora","address":"Markt 1"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = boost::json::parse(created.body).as_object();
  EXPECT_TRUE(body.contains("id"));
  EXPECT_EQ(body["procedure_id"].as_int64(), procedure.id);
  EXPECT_EQ(body["sha256"].as_string(), ContentSha256("Mehr Bäume"));
  EXPECT_FALSE(body["late"].as_bool());
  EXPECT_TRUE(std::string_view(body["reference"].as_string()).starts_with("GRI-"));  // the tenant's prefix
  EXPECT_EQ(body["received_at"].as_string().back(), 'Z');
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM mail_outbox"), 1);

  auto statement = Api("GET", "/api/v1/statements/" + std::to_string(body["id"].as_int64()), token);
  EXPECT_EQ(statement.status, 200);
  EXPECT_EQ(Api("POST", path, token, R"({"text":"x","channel":"paper","received_at":"2026-05-01"})").status, 403);
  EXPECT_EQ(Api("GET", path, token).status, 403);
  EXPECT_EQ(Api("POST", path, token, R"({"text":""})").status, 422);
}

// #12 item 9: a Planfeststellung takes objections in writing or for the record (§ 73 Abs. 4 Satz 1 VwVfG); without a
// provision that allows them through the portal, form and API refuse online objections, the case worker enters the
// letters, and a plain e-mail is marked as not meeting the written form.
TEST_P(StatementPagesTest, APlanfeststellungWithoutAProvisionTakesObjectionsOnlyInWriting) {
  auto procedure = MakeProcedure(Type::kVwvfg73, -3);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto form = citizen.Get(FormPath(procedure));
  EXPECT_EQ(form.status, 409);
  EXPECT_NE(form.body.find("schriftlich oder zur Niederschrift"), std::string::npos) << form.body;
  // A post with a valid token (from the page just loaded) is refused all the same.
  auto parts = Fields();
  parts.insert(parts.begin(), mw::testing::MultipartPart{.name = "csrf", .data = citizen.csrf()});
  auto multipart = mw::testing::BuildMultipart(parts);
  mw::testing::HttpConnection connection(port());
  connection.SetCookieJar(&citizen.jar());
  auto posted =
      connection.Request("POST", FormPath(procedure), {{"Content-Type", multipart.content_type}}, multipart.body);
  EXPECT_EQ(posted.status, 409) << posted.body;
  const std::string path = "/api/v1/procedures/" + std::to_string(procedure.id) + "/statements";
  auto online = Api("POST", path, ApiToken(citizen_), R"({"text":"Einwendung","name":"Cora","address":"Markt 1"})");
  EXPECT_EQ(online.status, 409);
  EXPECT_NE(online.body.find("§ 73 Abs. 4 Satz 1 VwVfG"), std::string::npos) << online.body;
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM procedure_statement"), 0);

  const std::string token = ApiToken(case_worker_);
  const std::string received = law::FormatIso(LocalDate(now_));
  auto letter = Api("POST", path, token,
                    R"({"channel":"paper","received_at":")" + received +
                        R"(","text":"Brief","name":"Horst Weber","address":"Mühlweg 7, 04668 Grimma"})");
  ASSERT_EQ(letter.status, 201) << letter.body;
  auto mail = Api("POST", path, token,
                  R"({"channel":"mail","received_at":")" + received +
                      R"(","text":"E-Mail","name":"Betrieb Kühn","address":"Dorfstraße 1, 04668 Grimma"})");
  ASSERT_EQ(mail.status, 201) << mail.body;
  Browser worker(port());
  Login(worker, "case@example.org");
  const std::string inbox = "/grimma/verfahren/" + std::to_string(procedure.id) + "/bearbeitung";
  auto mail_page = worker.Get(inbox + "/" + std::to_string(boost::json::parse(mail.body).as_object()["id"].as_int64()));
  ASSERT_EQ(mail_page.status, 200);
  EXPECT_NE(mail_page.body.find("Schriftform nicht gewahrt"), std::string::npos);
  auto letter_page =
      worker.Get(inbox + "/" + std::to_string(boost::json::parse(letter.body).as_object()["id"].as_int64()));
  ASSERT_EQ(letter_page.status, 200);
  EXPECT_EQ(letter_page.body.find("Schriftform nicht gewahrt"), std::string::npos);
  auto list = worker.Get(inbox);
  ASSERT_EQ(list.status, 200);
  std::size_t marks = 0;
  for (auto at = list.body.find("Schriftform nicht gewahrt"); at != std::string::npos;
       at = list.body.find("Schriftform nicht gewahrt", at + 1)) {
    ++marks;
  }
  EXPECT_EQ(marks, 1u) << "only the e-mail";

  // With a provision named, the portal takes objections.
  db_->Write([&](db::Tx& tx) {
    tx.Exec("UPDATE procedure SET online_objection_basis = ? WHERE id = ?",
            {std::string("§ 1 Beispielgesetz"), procedure.id});
  });
  EXPECT_EQ(citizen.Get(FormPath(procedure)).status, 200);
  EXPECT_EQ(PostForm(citizen, procedure, Fields()).status, 303);
}

TEST_P(StatementPagesTest, ApiCaseWorkerEntersPaperWithoutRateLimitAndListsAudited) {
  auto procedure = MakeProcedure(Type::kVwvfg73, -60);  // its objection period is over
  std::string token = ApiToken(case_worker_);
  std::string path = "/api/v1/procedures/" + std::to_string(procedure.id) + "/statements";
  std::string in_time = law::FormatIso(law::AddDays(procedure.objection_end, -1));
  for (int letter_idx = 0; letter_idx < 100; ++letter_idx) {
    auto created = Api("POST", path, token,
                       R"({"channel":"paper","received_at":")" + in_time +
                           R"(","text":"Wir lehnen die Trasse ab.","name":"Person )" + std::to_string(letter_idx) +
                           R"(","address":"Am Anger 2, 04668 Grimma"})");
    ASSERT_EQ(created.status, 201) << letter_idx << ": " << created.body;
    EXPECT_FALSE(boost::json::parse(created.body).as_object()["late"].as_bool());
  }
  auto late = Api("POST", path, token,
                  R"({"channel":"mail","received_at":")" + law::FormatIso(law::AddDays(procedure.objection_end, 1)) +
                      R"(T09:30:00+01:00","text":"Zu spät","name":"BI Muldenaue","address":"Am Anger 2",)"
                      R"("signatories":63,"representative":"Petra Lange","representative_occupation":"Landwirtin",)"
                      R"("representative_address":"Am Anger 2, 04668 Grimma"})");
  ASSERT_EQ(late.status, 201) << late.body;
  EXPECT_TRUE(boost::json::parse(late.body).as_object()["late"].as_bool());
  // § 17 Abs. 1 VwVfG: the representative with name, occupation and address, and a natural person.
  std::string paper_list = R"({"channel":"paper","received_at":")" + in_time +
                     R"(","text":"Liste","name":"BI Muldenaue","address":"Am Anger 2","signatories":63,)";
  auto without_occupation = Api("POST", path, token,
                                paper_list + R"("representative":"Petra Lange","representative_address":"Am Anger 2, )"
                                       R"(04668 Grimma"})");
  EXPECT_EQ(without_occupation.status, 422);
  EXPECT_NE(without_occupation.body.find("representative_occupation"), std::string::npos) << without_occupation.body;
  auto organisation = Api("POST", path, token,
                          paper_list + R"("representative":"Bürgerinitiative Muldenaue","representative_occupation":"-",)"
                                 R"("representative_address":"Am Anger 2, 04668 Grimma"})");
  EXPECT_EQ(organisation.status, 422);
  EXPECT_NE(organisation.body.find("natürliche Person"), std::string::npos) << organisation.body;
  auto stored = db_->Read([&](db::Tx& tx) {
    return FindStatement(tx, boost::json::parse(late.body).as_object()["id"].as_int64());
  });
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->representative_occupation, "Landwirtin");
  EXPECT_EQ(stored->representative_address, "Am Anger 2, 04668 Grimma");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM mail_outbox"), 0) << "paper statements get no mail";
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM procedure_statement WHERE entered_by = ? AND user_id IS NULL",
                      {case_worker_.id}),
            101) << "the refused lists are not stored";

  auto listed = Api("GET", path, token);
  ASSERT_EQ(listed.status, 200);
  auto list = boost::json::parse(listed.body).as_object();
  EXPECT_EQ(list["items"].as_array().size(), 101u);
  EXPECT_EQ(list["items"].as_array().back().as_object().at("signatories").as_int64(), 63);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM audit_log WHERE action = 'statement.list' AND object = ?",
                      {"procedure:" + std::to_string(procedure.id)}),
            1);
  // Without name and address an objection is refused (§ 73 VwVfG), with a date in the future too.
  EXPECT_EQ(Api("POST", path, token, R"({"channel":"paper","received_at":"2026-05-01","text":"x"})").status, 422);
  EXPECT_EQ(Api("POST", path, token,
                R"({"channel":"paper","received_at":"2099-01-01","text":"x","name":"a","address":"b"})")
                .status,
            422);
}

TEST_P(StatementPagesTest, OnlineSubmissionsAreRateLimitedPerAccount) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  std::string token = ApiToken(citizen_);
  std::string path = "/api/v1/procedures/" + std::to_string(procedure.id) + "/statements";
  for (int post_idx = 0; post_idx < 20; ++post_idx) {
    ASSERT_EQ(Api("POST", path, token, R"({"text":"Noch ein Hinweis"})").status, 201) << post_idx;
  }
  EXPECT_EQ(Api("POST", path, token, R"({"text":"Noch ein Hinweis"})").status, 429);
}

TEST_P(StatementPagesTest, TheDataExportHoldsOwnStatements) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  ASSERT_EQ(PostForm(citizen, procedure, Fields()).status, 303);
  auto exported = citizen.Get("/konto/export");
  ASSERT_EQ(exported.status, 200);
  auto data = boost::json::parse(exported.body).as_object();
  const auto& statements = data.at("procedures").as_object().at("statements").as_array();
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].as_object().at("text").as_string(), kText);
}

TEST_P(StatementPagesTest, TheFormWarnsAndAsksForConsentToPublishTheText) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  db_->Write([&](db::Tx& tx) {
    tx.Exec("UPDATE procedure SET publish_statements = 1 WHERE id = ?", {procedure.id});
  });
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto form = citizen.Get(FormPath(procedure));
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("keine Angaben zu Ihrer Gesundheit"), std::string::npos);
  auto checkbox = form.body.find("id=\"publish_text_consent\"");
  ASSERT_NE(checkbox, std::string::npos);
  EXPECT_EQ(form.body.substr(checkbox, form.body.find('>', checkbox) - checkbox).find("checked"), std::string::npos)
      << "not preselected";

  auto without = PostForm(citizen, procedure, Fields());
  ASSERT_EQ(without.status, 303) << without.body;
  auto parts = Fields();
  parts.push_back({.name = "publish_text_consent", .data = "yes"});
  auto with = PostForm(citizen, procedure, parts);
  ASSERT_EQ(with.status, 303) << with.body;
  auto consent_of = [&](const mw::testing::HttpResponse& posted) {
    return db_->Read([&](db::Tx& tx) { return FindStatement(tx, StatementIdFrom(posted.Header("location"))); })
        ->publish_text_consent;
  };
  EXPECT_FALSE(consent_of(without));
  EXPECT_TRUE(consent_of(with));

  // The case workers' API for paper statements takes the consent as a boolean.
  std::string token = ApiToken(case_worker_);
  std::string path = "/api/v1/procedures/" + std::to_string(procedure.id) + "/statements";
  std::string today = law::FormatIso(LocalDate(now_));
  auto created = Api("POST", path, token,
                     R"({"channel":"paper","received_at":")" + today +
                         R"(","text":"Bitte mehr Bäume.","name":"Per Post","publish_text_consent":true})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto id = boost::json::parse(created.body).as_object().at("id").as_int64();
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return FindStatement(tx, id); })->publish_text_consent);
  EXPECT_EQ(Api("POST", path, token,
                R"({"channel":"paper","received_at":")" + today +
                    R"(","text":"x","name":"Per Post","publish_text_consent":"ja"})")
                .status,
            422);
}

MW_INSTANTIATE_FOR_ENGINES(StatementPagesTest);

}  // namespace
}  // namespace mw::procedures
