// Documents of procedures on both engines, through a real server: uploads by page and API (multipart), refusals,
// versions, download headers, drafts and removed documents hidden from visitors, DocumentChapters, the availability
// job against the server itself and its export.
#include <gtest/gtest.h>

#include "formats/procedures/availability.hpp"
#include "formats/procedures/document_store.hpp"
#include "formats/procedures/documents_pdf.hpp"
#include "formats/procedures/site_fixture_test.hpp"
#include "formats/procedures/uploads.hpp"

namespace mw::procedures {
namespace {

using mw::testing::BuildMultipart;
using mw::testing::HttpResponse;
using mw::testing::MultipartPart;
using mw::testing::Send;

// Uploads and downloads send many requests from one address: without the rate limits.
class DocumentsTest : public ProcedureSiteTest {
 protected:
  void SetUp() override {
    ProcedureSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    editor_ = CreateUser("redaktion@example.org", "Kim Muster", accounts::Role::kEditor);
    citizen_ = CreateUser("citizen@example.org", "Kim Muster");
    procedure_ = MakeProcedure("Bebauungsplan Mühlgraben", true);
  }

  bool RateLimited() const override { return false; }

  // A consultation whose display began five days ago and runs three more weeks.
  Procedure MakeProcedure(const std::string& title, bool publish) {
    law::Date today = LocalDate(now_);
    ProcedureInput input{.type = Type::kConsultation,
                         .title = title,
                         .description = "Entwurf",
                         .display_start = law::AddDays(today, -5),
                         .display_end = law::AddDays(today, 21)};
    auto dates = PlanDates(input, "SN", "", today);
    EXPECT_TRUE(dates.has_value());
    return db_->Write([&](db::Tx& tx) {
      auto procedure = Create(tx, tenant_.id, editor_.id, input, *dates, now_);
      if (publish) procedure = *SetPhase(tx, procedure.id, Phase::kPublished, now_);
      return procedure;
    });
  }

  std::string Base(const Procedure& procedure) const {
    return "/grimma/verfahren/" + std::to_string(procedure.id) + "/dokumente";
  }

  // Posts the upload form as a browser does (multipart with the page's CSRF token).
  HttpResponse UploadPage(Browser& browser, const Procedure& procedure, std::vector<MultipartPart> parts) {
    return PostMultipart(browser, Base(procedure), std::move(parts));
  }

  HttpResponse UploadApi(const std::string& token, const Procedure& procedure, std::vector<MultipartPart> parts) {
    auto body = BuildMultipart(parts);
    mw::testing::HeaderList headers{{"Content-Type", body.content_type}};
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    return Send(port(), "POST", "/api/v1/procedures/" + std::to_string(procedure.id) + "/documents", headers,
                body.body);
  }

  static MultipartPart File(std::string bytes, std::string filename) {
    return {.name = "file", .data = std::move(bytes), .filename = std::move(filename), .content_type = "application/pdf"};
  }

  accounts::User editor_;
  accounts::User citizen_;
  Procedure procedure_;
};

TEST_P(DocumentsTest, UploadByPageKeepsEveryVersionDownloadable) {
  mw::testing::FormBrowser editor(port());
  Login(editor, "redaktion@example.org");
  std::string first = MinimalPdf({"Begründung", "Fassung 1"});
  auto uploaded = UploadPage(editor, procedure_,
                             {{.name = "title", .data = "Begründung"},
                              {.name = "new_chapter", .data = "Gutachten"},
                              {.name = "note", .data = ""},
                              File(first, "Begründung Teil 1.pdf")});
  ASSERT_EQ(uploaded.status, 303) << uploaded.body;
  auto document = db_->Read([&](db::Tx& tx) { return DocumentsOf(tx, procedure_.id, false); });
  ASSERT_EQ(document.size(), 1u);
  const std::string href = Base(procedure_) + "/" + std::to_string(document[0].id);

  auto download = Send(port(), "GET", href);
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, first);
  EXPECT_EQ(download.Header("content-type"), "application/pdf");
  EXPECT_EQ(download.Header("etag"), "\"" + Sha256Hex(first) + "\"");
  EXPECT_EQ(download.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(download.Header("cache-control"), "public, no-cache");
  EXPECT_NE(download.Header("content-disposition").find("filename*=UTF-8''Begr%C3%BCndung%20Teil%201.pdf"),
            std::string::npos)
      << download.Header("content-disposition");
  auto cached = Send(port(), "GET", href, {{"If-None-Match", download.Header("etag")}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_TRUE(cached.body.empty());

  // Version 2 becomes current; version 1 stays under its own URL, for the public only once the editors say so.
  std::string second = MinimalPdf({"Begründung", "Fassung 2"});
  auto again = UploadPage(editor, procedure_,
                          {{.name = "document", .data = std::to_string(document[0].id)},
                           {.name = "note", .data = "Korrigiert"},
                           File(second, "Begruendung-2.pdf")});
  ASSERT_EQ(again.status, 303) << again.body;
  EXPECT_EQ(Send(port(), "GET", href).body, second);
  EXPECT_EQ(Send(port(), "GET", href, {{"If-None-Match", download.Header("etag")}}).status, 200)
      << "the old ETag no longer matches";
  EXPECT_EQ(Send(port(), "GET", href + "/v/1").status, 404) << "a superseded version is not public by default";
  EXPECT_EQ(Send(port(), "GET", href + "/v/2").status, 200) << "the current version is";
  auto for_editor = editor.Get(href + "/v/1");
  EXPECT_EQ(for_editor.status, 200);
  EXPECT_EQ(for_editor.Header("cache-control"), "private, no-cache");
  auto page_before = editor.Get(Base(procedure_));
  EXPECT_NE(page_before.body.find("bleibt öffentlich abrufbar"), std::string::npos) << "the checkbox";
  ASSERT_EQ(editor.Submit(Base(procedure_), href + "/v/1/oeffentlich", {{"public", "yes"}}).status, 303);
  auto old = Send(port(), "GET", href + "/v/1");
  ASSERT_EQ(old.status, 200);
  EXPECT_EQ(old.body, first);
  EXPECT_EQ(old.Header("cache-control"), "public, max-age=86400");
  ASSERT_EQ(editor.Submit(Base(procedure_), href + "/v/1/oeffentlich", {}).status, 303);
  EXPECT_EQ(Send(port(), "GET", href + "/v/1").status, 404);
  EXPECT_EQ(editor.Submit(Base(procedure_), href + "/v/2/oeffentlich", {{"public", "yes"}}).status, 404)
      << "the current version is public anyway";
  EXPECT_EQ(Send(port(), "GET", href + "/v/3").status, 404);

  // The editors' page lists both versions; the upload and the new version are audited.
  auto page = editor.Get(Base(procedure_));
  EXPECT_NE(page.body.find("Begruendung-2.pdf"), std::string::npos);
  EXPECT_NE(page.body.find(Sha256Hex(first)), std::string::npos);
  auto audited = db_->Read([&](db::Tx& tx) {
    return tx.QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'procedure.document.upload'", {})->Int(0);
  });
  EXPECT_EQ(audited, 2);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) {
              return tx.QueryOne("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'procedure.document.version_%'", {})
                  ->Int(0);
            }),
            2);
}

TEST_P(DocumentsTest, FilesAreStoredUnderTheirRealTypeAndOnlyCompletePdfsShowInline) {
  mw::testing::FormBrowser editor(port());
  Login(editor, "redaktion@example.org");
  auto upload = [&](std::string bytes, std::string filename) {
    return UploadPage(editor, procedure_,
                      {{.name = "title", .data = "Anlage"}, {.name = "new_chapter", .data = "Anlagen"},
                       File(std::move(bytes), std::move(filename))});
  };
  // An HTML page behind "%PDF-", and a PDF cut off before its end: refused with a clear message.
  auto html = upload("%PDF-1.4\n<html><script>alert(1)</script></html>", "Antrag.pdf");
  EXPECT_EQ(html.status, 422);
  EXPECT_NE(html.body.find("kein vollständiges PDF-Dokument"), std::string::npos);
  std::string pdf = MinimalPdf({"Antrag"});
  EXPECT_EQ(upload(pdf.substr(0, pdf.size() - 40), "Antrag.pdf").status, 422);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return DocumentsOf(tx, procedure_.id, true); }).empty());

  // A real PDF called "….exe" with a right-to-left override in its name is stored as "….pdf" without it.
  ASSERT_EQ(upload(pdf, "Rechnung\u202Efdp.exe").status, 303);
  auto documents = db_->Read([&](db::Tx& tx) { return DocumentsOf(tx, procedure_.id, false); });
  ASSERT_EQ(documents.size(), 1u);
  EXPECT_EQ(documents[0].current.filename, "Rechnungfdp.pdf");
  auto download = Send(port(), "GET", Base(procedure_) + "/" + std::to_string(documents[0].id));
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.Header("content-disposition").rfind("inline; filename=\"Rechnungfdp.pdf\"", 0), 0u)
      << download.Header("content-disposition");
  EXPECT_EQ(download.Header("x-content-type-options"), "nosniff");

  // Anything else is downloaded, never shown: a PNG, and a "PDF" stored before the check existed.
  std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "bild";
  ASSERT_EQ(UploadPage(editor, procedure_,
                       {{.name = "title", .data = "Lageplan"}, {.name = "new_chapter", .data = "Pläne"},
                        {.name = "file", .data = png, .filename = "Lageplan", .content_type = "image/png"}})
                .status,
            303);
  std::string broken = "%PDF-1.4\n<html></html>";
  db_->Write([&](db::Tx& tx) {
    auto chapter = EnsureChapter(tx, procedure_.id, "Alt", now_);
    return AddVersion(tx,
                      {.procedure_id = procedure_.id,
                       .chapter_id = chapter.id,
                       .title = "Altbestand",
                       .facts = {.filename = "alt.pdf", .content_type = "application/pdf", .size = broken.size(),
                                 .sha256 = Sha256Hex(broken)}},
                      StringSource(broken), now_);
  });
  for (const auto& document : db_->Read([&](db::Tx& tx) { return DocumentsOf(tx, procedure_.id, false); })) {
    if (document.title == "Anlage") continue;
    auto served = Send(port(), "GET", Base(procedure_) + "/" + std::to_string(document.id));
    ASSERT_EQ(served.status, 200) << document.title;
    EXPECT_EQ(served.Header("content-disposition").rfind("attachment;", 0), 0u) << document.title;
    EXPECT_EQ(served.Header("x-content-type-options"), "nosniff");
    if (document.title == "Lageplan") {
      EXPECT_NE(served.Header("content-disposition").find("Lageplan.png"), std::string::npos);
    }
  }
}

TEST_P(DocumentsTest, RefusesWhatIsNotAcceptedWithGermanMessages) {
  mw::testing::FormBrowser editor(port());
  Login(editor, "redaktion@example.org");
  auto html = UploadPage(editor, procedure_,
                         {{.name = "title", .data = "Antrag"},
                          {.name = "new_chapter", .data = "Antrag"},
                          File("<html><script>alert(1)</script></html>", "Antrag.pdf")});
  EXPECT_EQ(html.status, 422);
  EXPECT_NE(html.body.find("muss mit %PDF beginnen"), std::string::npos);
  auto empty = UploadPage(editor, procedure_,
                          {{.name = "title", .data = "Antrag"}, {.name = "new_chapter", .data = "Antrag"},
                           File("", "Antrag.pdf")});
  EXPECT_EQ(empty.status, 422);
  auto untitled = UploadPage(editor, procedure_, {{.name = "new_chapter", .data = "Antrag"}, File(MinimalPdf({"x"}), "a.pdf")});
  EXPECT_EQ(untitled.status, 422);
  EXPECT_NE(untitled.body.find("Bitte geben Sie einen Titel an."), std::string::npos);

  // Over the route's limit: answered 413 from the Content-Length alone.
  mw::testing::HttpConnection connection(port());
  connection.SetCookieJar(&editor.jar());
  connection.Write("POST " + Base(procedure_) +
                   " HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: " +
                   std::to_string(kMaxDocumentBytes + 1024 * 1024) + "\r\n\r\n");
  auto too_big = connection.ReadResponse();
  ASSERT_TRUE(too_big.has_value());
  EXPECT_EQ(too_big->status, 413);

  // A citizen may not upload; nothing was stored.
  mw::testing::FormBrowser citizen(port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(citizen.Get(Base(procedure_)).status, 403);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return DocumentsOf(tx, procedure_.id, true); }).empty());
}

TEST_P(DocumentsTest, DraftsAndRemovedDocumentsAreHiddenFromVisitors) {
  auto draft = MakeProcedure("Entwurf im Haus", false);
  std::string pdf = MinimalPdf({"Entwurf"});
  auto stored = db_->Write([&](db::Tx& tx) {
    auto chapter = EnsureChapter(tx, draft.id, "Antrag", now_);
    return *AddVersion(tx,
                       {.procedure_id = draft.id, .chapter_id = chapter.id, .title = "Antrag",
                        .facts = {.filename = "a.pdf", .content_type = "application/pdf", .size = pdf.size(),
                                  .sha256 = Sha256Hex(pdf)}},
                       StringSource(pdf), now_);
  });
  std::string href = Base(draft) + "/" + std::to_string(stored.document.id);
  EXPECT_EQ(Send(port(), "GET", href).status, 404);
  mw::testing::FormBrowser editor(port());
  Login(editor, "redaktion@example.org");
  auto seen = editor.Get(href);
  EXPECT_EQ(seen.status, 200);
  EXPECT_EQ(seen.Header("cache-control"), "private, no-cache");

  // Removing a published document: gone for visitors and from DocumentChapters, kept for the back office.
  auto api = UploadApi(ApiToken(editor_), procedure_, {{.name = "title", .data = "Plan"}, File(pdf, "plan.pdf")});
  ASSERT_EQ(api.status, 201) << api.body;
  auto id = boost::json::parse(api.body).as_object().at("id").as_int64();
  std::string public_href = Base(procedure_) + "/" + std::to_string(id);
  EXPECT_EQ(Send(port(), "GET", public_href).status, 200);
  auto removed = editor.Submit(Base(procedure_), public_href + "/entfernen", {});
  EXPECT_EQ(removed.status, 303);
  EXPECT_EQ(Send(port(), "GET", public_href).status, 404);
  EXPECT_EQ(Send(port(), "GET", public_href + "/v/1").status, 404);
  EXPECT_EQ(editor.Get(public_href + "/v/1").status, 200);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) {
                    return DocumentChapters(*services_, tx, procedure_, "grimma", "de");
                  }).empty());
  EXPECT_EQ(editor.Submit(Base(procedure_), public_href + "/wiederherstellen", {}).status, 303);
  EXPECT_EQ(Send(port(), "GET", public_href).status, 200);
}

// Only the header of a large upload is sent: whoever may not upload gets the answer at once, without the server
// waiting for (or storing) the body. Before the body gates the server read all 15 MB into a temporary file first.
TEST_P(DocumentsTest, UploadsOfThoseWhoMayNotAreRefusedFromTheHeader) {
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  Browser editor(port());
  Login(editor, "redaktion@example.org");
  const std::string citizen_session = *citizen.jar().Get("mw_session");
  const std::string editor_session = *editor.jar().Get("mw_session");
  auto header_only = [&](const std::string& path, const std::string& extra) {
    mw::testing::HttpConnection connection(port(), std::chrono::seconds(5));
    auto response = connection.SendRaw("POST " + path +
                                       " HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                                       "Content-Length: 15000000\r\n" +
                                       extra + "\r\n");
    EXPECT_TRUE(response) << path << " " << extra;
    return response.value_or(HttpResponse{});
  };
  const std::string page = Base(procedure_);
  const std::string api = "/api/v1/procedures/" + std::to_string(procedure_.id) + "/documents";

  auto anonymous = header_only(page, "");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_NE(anonymous.Header("location").find("/anmelden"), std::string::npos);
  auto not_an_editor = header_only(page, "Cookie: mw_session=" + citizen_session + "\r\n");
  EXPECT_EQ(not_an_editor.status, 403);
  EXPECT_NE(not_an_editor.body.find("Sie haben keine Berechtigung"), std::string::npos) << not_an_editor.body;
  // The editor's own session, but sent from another site's page, or with a token that is not theirs.
  auto cross_site =
      header_only(page, "Cookie: mw_session=" + editor_session + "\r\nSec-Fetch-Site: cross-site\r\n");
  EXPECT_EQ(cross_site.status, 403);
  auto forged = header_only(page, "Cookie: mw_session=" + editor_session + "\r\nX-CSRF-Token: " + RandomToken() + "\r\n");
  EXPECT_EQ(forged.status, 403);

  auto no_token = header_only(api, "");
  EXPECT_EQ(no_token.status, 401);
  EXPECT_EQ(no_token.Header("content-type"), "application/problem+json");
  EXPECT_EQ(no_token.Header("www-authenticate"), "Bearer");
  auto citizen_token = header_only(api, "Authorization: Bearer " + ApiToken(citizen_) + "\r\n");
  EXPECT_EQ(citizen_token.status, 403);
  EXPECT_EQ(citizen_token.Header("content-type"), "application/problem+json");
  auto unknown_procedure =
      header_only("/api/v1/procedures/999999/documents", "Authorization: Bearer " + ApiToken(editor_) + "\r\n");
  EXPECT_EQ(unknown_procedure.status, 403);

  // The editor's upload with the page's (masked) token in the header goes through as before.
  ASSERT_EQ(editor.Get(page).status, 200);
  auto body = BuildMultipart({{.name = "csrf", .data = editor.csrf()},
                              {.name = "title", .data = "Begründung"},
                              {.name = "new_chapter", .data = "Gutachten"},
                              {.name = "note", .data = ""},
                              File(MinimalPdf({"Begründung"}), "b.pdf")});
  mw::testing::HttpConnection connection(port());
  connection.SetCookieJar(&editor.jar());
  auto uploaded = connection.Request("POST", page, {{"Content-Type", body.content_type}, {"X-CSRF-Token", editor.csrf()}},
                                     body.body);
  EXPECT_EQ(uploaded.status, 303) << uploaded.body;
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return DocumentsOf(tx, procedure_.id, false); }).size(), 1u);
}

TEST_P(DocumentsTest, ApiUploadsAndListsAndDocumentChaptersHasItsShape) {
  std::string pdf = MinimalPdf({"Antrag"});
  EXPECT_EQ(UploadApi("", procedure_, {{.name = "title", .data = "Antrag"}, File(pdf, "a.pdf")}).status, 401);
  EXPECT_EQ(UploadApi(ApiToken(citizen_), procedure_, {{.name = "title", .data = "Antrag"}, File(pdf, "a.pdf")}).status,
            403);
  auto refused = UploadApi(ApiToken(editor_), procedure_,
                           {{.name = "title", .data = "Antrag"}, File("GIF89a not accepted", "a.pdf")});
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("%PDF"), std::string::npos);

  auto created = UploadApi(ApiToken(editor_), procedure_,
                           {{.name = "title", .data = "Antrag nach § 4"},
                            {.name = "chapter", .data = "Antrag"},
                            {.name = "note", .data = "Erstfassung"},
                            File(pdf, "Antrag.pdf")});
  ASSERT_EQ(created.status, 201) << created.body;
  auto json = boost::json::parse(created.body).as_object();
  EXPECT_EQ(json.at("version").as_int64(), 1);
  EXPECT_EQ(json.at("sha256").as_string(), Sha256Hex(pdf));
  EXPECT_EQ(json.at("size").to_number<std::int64_t>(), static_cast<std::int64_t>(pdf.size()));
  EXPECT_EQ(json.at("content_type").as_string(), "application/pdf");
  EXPECT_EQ(json.at("href").as_string(), Base(procedure_) + "/" + std::to_string(json.at("id").as_int64()));

  auto list = Send(port(), "GET", "/api/v1/procedures/" + std::to_string(procedure_.id) + "/documents");
  ASSERT_EQ(list.status, 200);
  auto documents = boost::json::parse(list.body).as_object().at("documents").as_array();
  ASSERT_EQ(documents.size(), 1u);
  EXPECT_EQ(documents[0].as_object().at("chapter").as_string(), "Antrag");
  auto draft = MakeProcedure("Entwurf", false);
  EXPECT_EQ(Send(port(), "GET", "/api/v1/procedures/" + std::to_string(draft.id) + "/documents").status, 404);

  auto chapters = db_->Read([&](db::Tx& tx) { return DocumentChapters(*services_, tx, procedure_, "grimma", "de"); });
  ASSERT_EQ(chapters.size(), 1u);
  const auto& chapter = chapters[0].as_object();
  EXPECT_EQ(chapter.at("title").as_string(), "Antrag");
  const auto& item = chapter.at("documents").as_array().at(0).as_object();
  for (const char* key : {"id", "title", "href", "content_type", "size_label", "version", "sha256", "uploaded_at"}) {
    EXPECT_TRUE(item.contains(key)) << key;
  }
  EXPECT_EQ(item.at("title").as_string(), "Antrag nach § 4");
  EXPECT_EQ(item.at("size_label").as_string(), SizeLabel(pdf.size(), "de"));
}

TEST_P(DocumentsTest, AvailabilityJobRecordsChecksAndTheAuthorityExportsThem) {
  std::string pdf = MinimalPdf({"Antrag"});
  ASSERT_EQ(UploadApi(ApiToken(editor_), procedure_, {{.name = "title", .data = "Antrag"}, File(pdf, "a.pdf")}).status,
            201);
  const std::string base_url = "http://127.0.0.1:" + std::to_string(port());
  EXPECT_EQ(CheckDocuments(*db_, base_url, CurlFetch, now_), 1);
  now_ += kCheckIntervalSeconds;
  // The registered job, as `mitwirken jobs run procedures-check-documents` runs it, with the server's address.
  db_->Write([&](db::Tx& tx) { SaveOrigin(tx, base_url, now_); });
  jobs::Scheduler scheduler(*db_, "test", [this] { return now_.load(); });
  AddJobs(scheduler, *services_);
  ASSERT_TRUE(scheduler.RunNow(kCheckJobName, now_).has_value());
  now_ += kCheckIntervalSeconds;
  EXPECT_EQ(CheckDocuments(*db_, "http://127.0.0.1:1", CurlFetch, now_), 1) << "nothing listens on port 1";

  auto checks = db_->Read([&](db::Tx& tx) { return ChecksOf(tx, procedure_.id); });
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_TRUE(checks[0].ok);
  EXPECT_EQ(checks[0].http_status, 200);
  EXPECT_TRUE(checks[0].sha256_match);
  EXPECT_TRUE(checks[1].ok);
  EXPECT_FALSE(checks[2].ok);
  EXPECT_EQ(checks[2].http_status, 0);
  EXPECT_FALSE(checks[2].error.empty());

  mw::testing::FormBrowser editor(port());
  Login(editor, "redaktion@example.org");
  auto page = editor.Get(Base(procedure_) + "/verfuegbarkeit");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Nachweis der Verfügbarkeit"), std::string::npos);
  auto csv = editor.Get(Base(procedure_) + "/verfuegbarkeit.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find(",Antrag,1,"), std::string::npos) << csv.body;
  int lines = 0;
  for (char c : csv.body) lines += c == '\n';
  EXPECT_EQ(lines, 4) << "header and every check";
  EXPECT_EQ(Send(port(), "GET", Base(procedure_) + "/verfuegbarkeit.csv").status, 303) << "login first";
  mw::testing::FormBrowser citizen(port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(citizen.Get(Base(procedure_) + "/verfuegbarkeit.csv").status, 403);
}

TEST_P(DocumentsTest, DemoDocumentsLoadOnce) {
  LoadDocumentDemo(*db_, now_);  // no demo procedure yet: nothing to do, nothing fails
  // With a procedure of a demo title, its documents appear once, one of them with two versions.
  MakeProcedure("Windpark Naunhof-Ost: Genehmigung von vier Windenergieanlagen", true);
  LoadDocumentDemo(*db_, now_);
  LoadDocumentDemo(*db_, now_);
  auto counts = db_->Read([&](db::Tx& tx) {
    return std::make_pair(tx.QueryOne("SELECT COUNT(*) FROM procedure_document", {})->Int(0),
                          tx.QueryOne("SELECT COUNT(*) FROM procedure_document_version", {})->Int(0));
  });
  EXPECT_EQ(counts.first, 4);
  EXPECT_EQ(counts.second, 5);
}

MW_INSTANTIATE_FOR_ENGINES(DocumentsTest);

}  // namespace
}  // namespace mw::procedures
