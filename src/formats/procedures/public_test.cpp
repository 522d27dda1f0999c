// The public pages of the procedures format on both engines, through a real HTTP server: overview and its filters,
// the procedure page (public vs. draft, the anonymous page cache), Atom, GeoJSON, the subscription's double opt-in
// and its mail, unsubscribing, the published statements, the API and the map settings.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <set>
#include <string>

#include <boost/json.hpp>

#include "formats/procedures/public_internal.hpp"
#include "formats/procedures/publication_store.hpp"
#include "formats/procedures/public_store.hpp"
#include "formats/procedures/site_fixture_test.hpp"
#include "platform/core/text.hpp"
#include "platform/mail/outbox.hpp"
#include "platform/site/page_cache.hpp"

namespace mw::procedures {
namespace {

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// A server with the platform's routes and only the public part's; the tenants sachsen (Land), landkreis-leipzig
// (Kreis) with grimma (tenant_), and dresden.
class ProcedurePublicTest : public ProcedureSiteTest {
 protected:
  void RegisterFormatRoutes(http::Router& router) override { RegisterPublicRoutes(router, *services_); }

  void CreateTenants(db::Tx& tx) override {
    land_ = *tenancy::CreateTenant(tx, {.slug = "sachsen", .name = "Freistaat Sachsen", .kind = "land", .land = "SN"},
                                   now_);
    kreis_ = *tenancy::CreateTenant(tx,
                                    {.slug = "landkreis-leipzig",
                                     .name = "Landkreis Leipzig",
                                     .kind = "kreis",
                                     .land = "SN",
                                     .parent_slug = "sachsen"},
                                    now_);
    grimma_ = *tenancy::CreateTenant(
        tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN", .parent_slug = "landkreis-leipzig"}, now_);
    dresden_ = *tenancy::CreateTenant(
        tx, {.slug = "dresden", .name = "Stadt Dresden", .land = "SN", .parent_slug = "sachsen"}, now_);
    tenant_ = grimma_;
  }

  // A procedure of `tenant` whose display starts `start_in_days` from today; published unless `draft`.
  Procedure Make(const tenancy::Tenant& tenant, std::string title, Type type = Type::kBaugb32,
                 int start_in_days = -3, bool draft = false, bool publish_statements = false) {
    const law::Date today = LocalDate(now_);
    ProcedureInput input{.type = type,
                         .title = std::move(title),
                         .description = "Beschreibung mit <Sonderzeichen> & Umlauten: Grünzug",
                         .display_start = law::AddDays(today, start_in_days),
                         .geometry = R"({"type":"Point","coordinates":[12.72,51.24]})",
                         .publish_statements = publish_statements};
    auto dates = PlanDates(input, "SN", "", today);
    EXPECT_TRUE(dates.has_value());
    return db_->Write([&](db::Tx& tx) {
      Procedure procedure = Create(tx, tenant.id, std::nullopt, input, *dates, now_);
      if (draft) return procedure;
      return *SetPhase(tx, procedure.id, Phase::kPublished, now_);
    });
  }

  std::vector<mail::OutboxEntry> Outbox() { return mail::ListRecent(*db_, 100, std::nullopt); }

  static std::string TokenFrom(const std::string& text, std::string_view path) {
    std::smatch match;
    std::regex pattern(std::string(path) + R"(\?token=([A-Za-z0-9_-]+))");
    return std::regex_search(text, match, pattern) ? match[1].str() : "";
  }

  tenancy::Tenant land_, kreis_, grimma_, dresden_;
};

TEST_P(ProcedurePublicTest, OverviewFiltersByTypeRegionStatusOpenPeriodAndText) {
  Make(grimma_, "Bebauungsplan Mühlgraben");
  Make(dresden_, "Windpark Dresden-Nord", Type::kBimschg);
  Make(grimma_, "Flächennutzungsplan 2040", Type::kBaugb31, /*start_in_days=*/10);  // announced
  Make(grimma_, "Geheimer Entwurf", Type::kBaugb32, -3, /*draft=*/true);
  Browser visitor(port());

  auto all = visitor.Get("/verfahren");
  ASSERT_EQ(all.status, 200);
  EXPECT_TRUE(Contains(all.body, "Bebauungsplan Mühlgraben"));
  EXPECT_TRUE(Contains(all.body, "Windpark Dresden-Nord"));
  EXPECT_TRUE(Contains(all.body, "Flächennutzungsplan 2040"));
  EXPECT_FALSE(Contains(all.body, "Geheimer Entwurf"));

  auto by_type = visitor.Get("/verfahren?type=bimschg");
  EXPECT_TRUE(Contains(by_type.body, "Windpark Dresden-Nord"));
  EXPECT_FALSE(Contains(by_type.body, "Bebauungsplan Mühlgraben"));

  // A region is the tenant and everything below it: the Kreis holds Grimma, not Dresden.
  auto region = visitor.Get("/verfahren?region=landkreis-leipzig");
  EXPECT_TRUE(Contains(region.body, "Bebauungsplan Mühlgraben"));
  EXPECT_FALSE(Contains(region.body, "Windpark Dresden-Nord"));

  auto announced = visitor.Get("/verfahren?status=announced");
  EXPECT_TRUE(Contains(announced.body, "Flächennutzungsplan 2040"));
  EXPECT_FALSE(Contains(announced.body, "Bebauungsplan Mühlgraben"));

  auto text = visitor.Get("/verfahren?q=windpark");
  EXPECT_TRUE(Contains(text.body, "Windpark Dresden-Nord"));
  EXPECT_FALSE(Contains(text.body, "Bebauungsplan Mühlgraben"));

  auto tenant_list = visitor.Get("/grimma/verfahren");
  ASSERT_EQ(tenant_list.status, 200);
  EXPECT_TRUE(Contains(tenant_list.body, "Bebauungsplan Mühlgraben"));
  EXPECT_FALSE(Contains(tenant_list.body, "Windpark Dresden-Nord"));

  // The map view shows the same list (what a visitor without JavaScript sees) and names the GeoJSON.
  auto map = visitor.Get("/verfahren/karte?type=bimschg");
  ASSERT_EQ(map.status, 200);
  EXPECT_TRUE(Contains(map.body, "Windpark Dresden-Nord"));
  EXPECT_TRUE(Contains(map.body, "data-geojson=\"/verfahren.geojson?type=bimschg\""));

  EXPECT_EQ(visitor.Get("/verfahren?type=unbekannt").status, 400);
  EXPECT_EQ(visitor.Get("/verfahren?region=nirgendwo").status, 400);
  EXPECT_EQ(visitor.Get("/verfahren?q=" + std::string(300, 'x')).status, 400);
}

TEST_P(ProcedurePublicTest, ProcedurePageShowsPublicProceduresAndDraftsOnlyToTheBackOffice) {
  Procedure open = Make(grimma_, "Ortsumgehung Grimma", Type::kVwvfg73);
  Procedure draft = Make(grimma_, "Entwurf Gewerbegebiet", Type::kBaugb32, -3, true);
  Browser visitor(port());
  auto page = visitor.Get(ProcedurePath("grimma", open.id));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "Ortsumgehung Grimma"));
  EXPECT_TRUE(Contains(page.body, "&lt;Sonderzeichen&gt; &amp; Umlauten"));
  EXPECT_TRUE(Contains(page.body, "<details"));
  // #12 item 9: a Planfeststellung without a provision for objections through the portal explains the written way
  // (§ 73 Abs. 4 Satz 1 VwVfG) and offers no form.
  EXPECT_FALSE(Contains(page.body, "/grimma/verfahren/" + std::to_string(open.id) + "/stellungnahme"));
  EXPECT_FALSE(Contains(page.body, "Einwendung erheben"));
  EXPECT_TRUE(Contains(page.body, "Einwendungen schriftlich oder zur Niederschrift"));
  EXPECT_TRUE(Contains(page.body, "wahrt diese Form nicht (§ 3a Abs. 2 VwVfG)"));
  EXPECT_TRUE(Contains(page.body, "<li>Stadt Grimma"));
  EXPECT_TRUE(Contains(page.body, "Die Frist endet mit Ablauf des " + law::FormatGerman(open.objection_end)));
  EXPECT_TRUE(Contains(page.body, "/static/css/procedures.css"));
  // Where the procedure names such a provision, the portal takes objections.
  Procedure allowed = Make(grimma_, "Ortsumgehung Naunhof", Type::kVwvfg73);
  db_->Write([&](db::Tx& tx) {
    tx.Exec("UPDATE procedure SET online_objection_basis = ? WHERE id = ?",
            {std::string("§ 1 Beispielgesetz"), allowed.id});
  });
  auto allowed_page = visitor.Get(ProcedurePath("grimma", allowed.id));
  ASSERT_EQ(allowed_page.status, 200);
  EXPECT_TRUE(Contains(allowed_page.body, "/grimma/verfahren/" + std::to_string(allowed.id) + "/stellungnahme"));
  EXPECT_TRUE(Contains(allowed_page.body, "Einwendung erheben"));
  EXPECT_FALSE(Contains(allowed_page.body, "Einwendungen schriftlich oder zur Niederschrift"));
  EXPECT_FALSE(Contains(page.body, "/bearbeiten\""));
  EXPECT_EQ(visitor.Get(ProcedurePath("grimma", draft.id)).status, 404);
  EXPECT_EQ(visitor.Get(ProcedurePath("dresden", open.id)).status, 404);
  EXPECT_EQ(visitor.Get("/grimma/verfahren/0" + std::to_string(open.id)).status, 200);

  CreateUser("redaktion@grimma.example", "Test Person", accounts::Role::kEditor, grimma_.id);
  Browser editor(port());
  Login(editor, "redaktion@grimma.example");
  auto draft_page = editor.Get(ProcedurePath("grimma", draft.id));
  ASSERT_EQ(draft_page.status, 200);
  EXPECT_TRUE(Contains(draft_page.body, "Entwurf Gewerbegebiet"));
  EXPECT_TRUE(Contains(draft_page.body, "/grimma/verfahren/" + std::to_string(draft.id) + "/bearbeiten"));
  EXPECT_TRUE(Contains(draft_page.body, "/grimma/verfahren/" + std::to_string(draft.id) + "/bearbeitung"));
}

// #14 item 2: the deadline in front — weekday, the hour, the days left, what the end means; announced procedures say
// from when; after the end the page says so and the late link is secondary.
TEST_P(ProcedurePublicTest, TheDeadlineIsInFrontWithItsDaysLeftAndItsConsequence) {
  Procedure open = Make(grimma_, "Windpark Grimma-Nord", Type::kBimschg);
  Procedure announced = Make(grimma_, "Bebauungsplan Am Anger", Type::kBaugb32, /*start_in_days=*/5);
  Procedure closed = Make(grimma_, "Alte Planung", Type::kBaugb32, /*start_in_days=*/-120);
  const law::Date today = LocalDate(now_);
  Browser visitor(port());

  auto page = visitor.Get(ProcedurePath("grimma", open.id));
  ASSERT_EQ(page.status, 200);
  const std::string end = law::FormatGermanWithWeekday(open.objection_end) + ", 24:00 Uhr";
  EXPECT_TRUE(Contains(page.body, end)) << end;
  const int days = law::DaysBetween(today, open.objection_end) + 1;
  EXPECT_TRUE(Contains(page.body, "<strong>noch " + std::to_string(days) + " Tage</strong>"));
  EXPECT_TRUE(Contains(page.body, "sind für dieses Verfahren ausgeschlossen (§ 10 Abs. 3 Satz 9 BImSchG)"));
  EXPECT_TRUE(Contains(page.body, "kern-btn kern-btn--primary"));
  EXPECT_TRUE(Contains(page.body, "auch ohne das Portal erheben: schriftlich bei Stadt Grimma")) << "#14 item 3";

  auto soon = visitor.Get(ProcedurePath("grimma", announced.id));
  ASSERT_EQ(soon.status, 200);
  EXPECT_TRUE(Contains(soon.body, "Stellungnahmen sind ab " +
                                      law::FormatGermanWithWeekday(announced.display_start) + " möglich."));
  EXPECT_TRUE(Contains(soon.body, "(§ 4a Abs. 5 BauGB)"));
  EXPECT_FALSE(Contains(soon.body, "Tage</strong>"));

  auto over = visitor.Get(ProcedurePath("grimma", closed.id));
  ASSERT_EQ(over.status, 200);
  EXPECT_TRUE(Contains(over.body, "Die Frist ist am " + law::FormatGermanWithWeekday(closed.objection_end) +
                                      " abgelaufen."));
  EXPECT_TRUE(Contains(over.body, "kern-btn kern-btn--secondary"));
  EXPECT_FALSE(Contains(over.body, "kern-btn--primary\" href=\"/grimma/verfahren/"));
  EXPECT_FALSE(Contains(over.body, "(§ 4a Abs. 5 BauGB)")) << "the consequence is said before the end";

  // Every open entry of the lists carries its deadline.
  auto list = visitor.Get("/grimma/verfahren");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(Contains(list.body, "<strong>Frist bis " + end + "</strong> (noch " + std::to_string(days) + " Tage)"));
  // In English too.
  auto english = visitor.Get(ProcedurePath("grimma", open.id) + "?lang=en");
  ASSERT_EQ(english.status, 200);
  EXPECT_TRUE(Contains(english.body, "midnight (24:00)"));
  EXPECT_TRUE(Contains(english.body, std::to_string(days) + " days left"));
}

TEST_P(ProcedurePublicTest, AfterThePeriodTheLinkStaysWithANoteOnLateness) {
  Procedure closed = Make(grimma_, "Alte Planung", Type::kBaugb32, /*start_in_days=*/-120);
  Browser visitor(port());
  auto page = visitor.Get(ProcedurePath("grimma", closed.id));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "Stellungnahme abgeben"));
  EXPECT_TRUE(Contains(page.body, "als verspätet gekennzeichnet"));
}

TEST_P(ProcedurePublicTest, KeptPagesShowAWriteAtOnceAndOtherChangesAfterTheirMaxAge) {
  Procedure procedure = Make(grimma_, "Radweg Mulde");
  Browser visitor(port());
  const std::string path = ProcedurePath("grimma", procedure.id);
  for (const std::string& page :
       {path, std::string("/verfahren"), std::string("/grimma/verfahren"), std::string("/verfahren/karte")}) {
    ASSERT_TRUE(Contains(visitor.Get(page).body, "Radweg Mulde")) << page;
  }
  // A change behind the store's back (no touch): every anonymous visitor gets the kept pages …
  db_->Write([&](db::Tx& tx) {
    tx.Exec("UPDATE procedure SET title = ? WHERE id = ?", {std::string("Radweg Mulde (geändert)"), procedure.id});
  });
  EXPECT_FALSE(Contains(visitor.Get(path).body, "(geändert)"));
  Browser another(port());
  EXPECT_FALSE(Contains(another.Get(path).body, "(geändert)"));
  EXPECT_FALSE(Contains(another.Get("/verfahren").body, "(geändert)"));
  // … until a write through the store touches the procedure: then its page and the lists show it at once.
  db_->Write([&](db::Tx& tx) { ASSERT_TRUE(SetResultPublished(tx, procedure.id, true, now_)); });
  auto page = visitor.Get(path).body;
  EXPECT_TRUE(Contains(page, "(geändert)"));
  EXPECT_TRUE(Contains(page, path + "/ergebnis")) << "the published result's link";
  for (const std::string& list :
       {std::string("/verfahren"), std::string("/grimma/verfahren"), std::string("/verfahren/karte")}) {
    EXPECT_TRUE(Contains(another.Get(list).body, "(geändert)")) << list;
  }
  // Without any write, a kept page is rendered again after its max age (what changes with the date alone).
  db_->Write([&](db::Tx& tx) { tx.Exec("UPDATE procedure SET phase = 'draft' WHERE id = ?", {procedure.id}); });
  EXPECT_EQ(visitor.Get(path).status, 200);
  now_ += site::kSharedPageMaxAge;
  EXPECT_EQ(visitor.Get(path).status, 404);
}

TEST_P(ProcedurePublicTest, SavedMapSettingsShowOnTheKeptPagesAtOnce) {
  Procedure procedure = Make(grimma_, "Radweg Mulde");
  Browser visitor(port());
  const std::string path = ProcedurePath("grimma", procedure.id);
  ASSERT_FALSE(Contains(visitor.Get(path).body, "Karten-Quelle Grimma"));
  db_->Write([&](db::Tx& tx) {
    SaveMapSettings(tx, grimma_.id,
                    {.tile_url = "https://tiles.grimma.example/{z}/{x}/{y}.png", .attribution = "Karten-Quelle Grimma"},
                    now_);
  });
  EXPECT_TRUE(Contains(visitor.Get(path).body, "Karten-Quelle Grimma"));
}

// #14 item 6: without the operator's choice no visitor's address goes to a tile server — the pages name no tile host,
// the Content-Security-Policy allows none, and the map says it has no background. A tenant's own choice still counts.
TEST_P(ProcedurePublicTest, NoThirdPartyTilesUnlessChosen) {
  Procedure procedure = Make(grimma_, "Radweg Mulde");
  Browser visitor(port());
  for (const std::string path : {ProcedurePath("grimma", procedure.id), std::string("/verfahren/karte")}) {
    auto page = visitor.Get(path);
    ASSERT_EQ(page.status, 200) << path;
    const std::string policy = page.Header("content-security-policy");
    EXPECT_TRUE(Contains(policy, "img-src 'self' data:;")) << path << ": " << policy;
    EXPECT_FALSE(Contains(policy, "https://")) << path << ": " << policy;
    EXPECT_FALSE(Contains(page.body, "tile.openstreetmap.org")) << path;
    EXPECT_TRUE(Contains(page.body, "data-tile-url=\"\"")) << path;
    EXPECT_TRUE(Contains(page.body, "ohne Hintergrundkarte")) << path;
  }
  db_->Write([&](db::Tx& tx) {
    SaveMapSettings(tx, grimma_.id,
                    {.tile_url = "https://tiles.grimma.example/{z}/{x}/{y}.png", .attribution = "Karten-Quelle Grimma"},
                    now_);
  });
  auto chosen = visitor.Get(ProcedurePath("grimma", procedure.id));
  EXPECT_TRUE(Contains(chosen.Header("content-security-policy"), "https://tiles.grimma.example"));
  EXPECT_FALSE(Contains(chosen.body, "ohne Hintergrundkarte"));
}

// #14 item 6: on the English pages the German title and description of a procedure carry lang="de"; the German page
// needs no mark.
TEST_P(ProcedurePublicTest, GermanContentIsMarkedOnEnglishPages) {
  Procedure procedure = Make(grimma_, "Radweg Mulde");
  Browser visitor(port());
  auto english = visitor.Get(ProcedurePath("grimma", procedure.id) + "?lang=en");
  ASSERT_EQ(english.status, 200);
  EXPECT_TRUE(Contains(english.body, "<html lang=\"en\">"));
  EXPECT_TRUE(Contains(english.body, " lang=\"de\">Radweg Mulde</h1>")) << english.body;
  EXPECT_TRUE(Contains(visitor.Get("/verfahren?lang=en").body, " lang=\"de\">Radweg Mulde</a>"));
  EXPECT_FALSE(Contains(visitor.Get(ProcedurePath("grimma", procedure.id) + "?lang=de").body,
                        " lang=\"de\">Radweg Mulde"));
}

// The operator's base map for the whole installation (serve --map-tiles) is used where a tenant chose none.
TEST_P(ProcedurePublicTest, TheInstallationsBaseMapIsTheDefault) {
  services_->config.map_tile_url = "https://geodienste.land.example/wmts/{z}/{x}/{y}.png";
  services_->config.map_attribution = "© Land, dl-de/by-2-0";
  Procedure procedure = Make(grimma_, "Radweg Mulde");
  Browser visitor(port());
  auto page = visitor.Get(ProcedurePath("grimma", procedure.id));
  EXPECT_TRUE(Contains(page.Header("content-security-policy"), "https://geodienste.land.example"));
  EXPECT_TRUE(Contains(page.body, "data-tile-url=\"https://geodienste.land.example/wmts/{z}/{x}/{y}.png\""));
  EXPECT_TRUE(Contains(page.body, "© Land, dl-de/by-2-0"));
}

TEST_P(ProcedurePublicTest, AtomFeedsAreWellFormedWithNewestFirst) {
  Make(grimma_, "Erstes Verfahren & Co");
  now_ += 60;
  Make(dresden_, "Zweites Verfahren");
  // Published last, though its display began a month earlier (a running procedure taken over): the newest entry.
  now_ += 60;
  Make(grimma_, "Übernommenes Verfahren", Type::kBaugb32, -33);
  Browser visitor(port());
  auto feed = visitor.Get("/verfahren.atom");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.Header("content-type"), "application/atom+xml; charset=utf-8");
  EXPECT_TRUE(feed.body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
  EXPECT_TRUE(Contains(feed.body, "<feed xmlns=\"http://www.w3.org/2005/Atom\""));
  EXPECT_TRUE(Contains(feed.body, "Erstes Verfahren &amp; Co"));
  EXPECT_LT(feed.body.find("Zweites Verfahren"), feed.body.find("Erstes Verfahren"));
  EXPECT_LT(feed.body.find("Übernommenes Verfahren"), feed.body.find("Zweites Verfahren"))
      << "newest publication first, whatever the display";
  // Each entry has the elements Atom requires, and elements are balanced.
  std::size_t entries = 0;
  for (std::size_t at = feed.body.find("<entry>"); at != std::string::npos; at = feed.body.find("<entry>", at + 1)) {
    ++entries;
    std::string entry = feed.body.substr(at, feed.body.find("</entry>", at) - at);
    for (std::string_view element : {"<id>", "<title>", "<updated>", "<link "}) EXPECT_TRUE(Contains(entry, element));
  }
  EXPECT_EQ(entries, 3u);
  std::regex open_tag(R"(<([a-z]+)[ >])"), close_tag(R"(</([a-z]+)>)");
  auto count = [&](const std::regex& pattern) {
    return std::distance(std::sregex_iterator(feed.body.begin(), feed.body.end(), pattern), std::sregex_iterator());
  };
  EXPECT_EQ(count(open_tag), count(close_tag) + /*self-closing links*/ count(std::regex("<link ")));

  auto tenant_feed = visitor.Get("/grimma/verfahren.atom");
  ASSERT_EQ(tenant_feed.status, 200);
  EXPECT_TRUE(Contains(tenant_feed.body, "Erstes Verfahren"));
  EXPECT_FALSE(Contains(tenant_feed.body, "Zweites Verfahren"));
  EXPECT_EQ(visitor.Get("/nirgendwo/verfahren.atom").status, 404);
}

// The feeds are kept like the shared pages: the same bytes for everyone (no cookie), and a new procedure is in them
// at once, kept or not.
TEST_P(ProcedurePublicTest, KeptFeedsShowANewProcedureAtOnceAndSetNoCookie) {
  Make(grimma_, "Erstes Verfahren");
  Browser visitor(port());
  for (const char* path : {"/verfahren.atom", "/grimma/verfahren.atom"}) {
    auto first = visitor.Get(path);
    ASSERT_EQ(first.status, 200);
    EXPECT_TRUE(first.HeaderValues("set-cookie").empty()) << path;
    EXPECT_EQ(visitor.Get(path).body, first.body) << path;
    EXPECT_FALSE(Contains(first.body, "Neues Verfahren")) << path;
  }
  Make(grimma_, "Neues Verfahren");
  for (const char* path : {"/verfahren.atom", "/grimma/verfahren.atom"}) {
    EXPECT_TRUE(Contains(visitor.Get(path).body, "Neues Verfahren")) << path;
  }
}

TEST_P(ProcedurePublicTest, GeoJsonHasAFeatureForEachProcedureOfTheFilter) {
  Make(grimma_, "Mit Punkt");
  Make(dresden_, "Windpark", Type::kBimschg);
  Browser visitor(port());
  auto response = visitor.Get("/verfahren.geojson?tenant=grimma");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("content-type"), "application/geo+json");
  auto json = boost::json::parse(response.body).as_object();
  EXPECT_EQ(json.at("type"), "FeatureCollection");
  auto& features = json.at("features").as_array();
  ASSERT_EQ(features.size(), 1u);
  auto& feature = features[0].as_object();
  EXPECT_EQ(feature.at("geometry").at("type"), "Point");
  EXPECT_EQ(feature.at("properties").at("title"), "Mit Punkt");
  EXPECT_EQ(visitor.Get("/verfahren.geojson?status=nonsense").status, 422);
}

TEST_P(ProcedurePublicTest, SubscriptionNeedsConfirmationMailsNewProceduresAndCanBeCancelled) {
  Browser visitor(port());
  // The overview links to the form's own page with the region it filters by, and carries no second tenant select.
  auto overview = visitor.Get("/verfahren?region=landkreis-leipzig");
  ASSERT_EQ(overview.status, 200);
  EXPECT_TRUE(Contains(overview.body, "href=\"/verfahren/abonnieren?region=landkreis-leipzig\""));
  EXPECT_FALSE(Contains(overview.body, "id=\"subscribe_region\""));
  auto form = visitor.Get("/verfahren/abonnieren?region=landkreis-leipzig");
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(Contains(form.body, "<option value=\"landkreis-leipzig\" selected>"));
  EXPECT_EQ(visitor.Get("/verfahren/abonnieren?region=" + std::string(41, 'x')).status, 200);  // too long: ignored
  // Errors are shown with the form.
  auto invalid =
      visitor.Submit("/verfahren/abonnieren", "/verfahren/abonnieren", {{"email", "kein-mail"}, {"region", "grimma"}});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_TRUE(Contains(invalid.body, "href=\"#subscribe_email\""));
  EXPECT_TRUE(Outbox().empty());

  auto sent = visitor.Submit("/verfahren/abonnieren", "/verfahren/abonnieren",
                             {{"email", "Kim@Example.org"}, {"region", "landkreis-leipzig"}, {"consent", "yes"}});
  ASSERT_EQ(sent.status, 303) << sent.body;
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].mail.to_address, "kim@example.org");
  const std::string token = TokenFrom(outbox[0].mail.body_text, "/verfahren/abo/bestaetigen");
  ASSERT_FALSE(token.empty()) << outbox[0].mail.body_text;
  // Only the hash is stored.
  auto stored = db_->Read([&](db::Tx& tx) {
    return tx.QueryOne("SELECT confirm_hash FROM procedure_subscription", {})->Text(0);
  });
  EXPECT_NE(stored, token);
  EXPECT_EQ(stored, Sha256Hex(token));

  // Unconfirmed: nothing is mailed.
  now_ += 60;
  Make(grimma_, "Vor der Bestätigung");
  now_ += 60;
  EXPECT_EQ(NotifySubscribers(*services_, now_).done, 0);

  // Opening the link shows a button; only its POST confirms.
  auto page = visitor.Get("/verfahren/abo/bestaetigen?token=" + token);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "value=\"" + token + "\""));
  auto confirmed = visitor.Submit("/verfahren/abo/bestaetigen?token=" + token, "/verfahren/abo/bestaetigen",
                                  {{"token", token}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  auto again = visitor.Submit("/verfahren", "/verfahren/abo/bestaetigen", {{"token", token}});
  EXPECT_EQ(again.status, 404);

  // Published after the confirmation, in the region: mailed once; Dresden is not in the region.
  now_ += 60;
  Make(grimma_, "Neues Baugebiet Grimma");
  Make(dresden_, "Neues in Dresden");
  now_ += 60;
  EXPECT_EQ(NotifySubscribers(*services_, now_).done, 1);
  EXPECT_EQ(NotifySubscribers(*services_, now_ + 600).done, 0);
  outbox = Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  const mail::OutboxEntry* news = nullptr;
  for (const auto& entry : outbox) {
    if (entry.mail.category == "procedure-subscription" && Contains(entry.mail.body_text, "Neues Baugebiet")) news = &entry;
  }
  ASSERT_NE(news, nullptr);
  EXPECT_FALSE(Contains(news->mail.body_text, "Neues in Dresden"));
  EXPECT_FALSE(Contains(news->mail.body_text, "Vor der Bestätigung"));
  const std::string unsubscribe = TokenFrom(news->mail.body_text, "/verfahren/abo/abbestellen");
  ASSERT_FALSE(unsubscribe.empty()) << news->mail.body_text;

  // Unsubscribing: a page with a button; the POST deletes the subscription.
  auto unsubscribe_page = visitor.Get("/verfahren/abo/abbestellen?token=" + unsubscribe);
  ASSERT_EQ(unsubscribe_page.status, 200);
  auto removed = visitor.Submit("/verfahren/abo/abbestellen?token=" + unsubscribe, "/verfahren/abo/abbestellen",
                                {{"token", unsubscribe}});
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(db_->Read([&](db::Tx& tx) {
              return tx.QueryOne("SELECT COUNT(*) FROM procedure_subscription", {})->Int(0);
            }),
            0);
  now_ += 60;
  Make(grimma_, "Nach der Abmeldung");
  now_ += 60;
  EXPECT_EQ(NotifySubscribers(*services_, now_).done, 0);
  EXPECT_EQ(visitor.Submit("/verfahren", "/verfahren/abo/abbestellen", {{"token", unsubscribe}}).status, 404);
}

// Text stored before every field was checked: control characters, C1, a noncharacter and an address the outbox
// refuses. The feeds stay well-formed XML 1.0, and one subscriber whose mail fails does not stop the others.
bool OnlyXmlCharacters(const std::string& text) {
  if (!IsValidUtf8(text)) return false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t code_point = NextCodePoint(text, pos);
    if (code_point == U'\t' || code_point == U'\n' || code_point == U'\r') continue;
    if (IsForbiddenInText(code_point)) return false;
  }
  return true;
}

TEST_P(ProcedurePublicTest, StoredControlCharactersDoNotBreakFeedsOrTheSubscriptionJob) {
  auto subscribe = [&](const std::string& email) {
    db_->Write([&](db::Tx& tx) {
      auto token = Subscribe(tx, {.email = email, .region_tenant_id = std::nullopt, .locale = "de"}, now_);
      ASSERT_TRUE(token.has_value());
      ASSERT_TRUE(ConfirmSubscription(tx, *token, now_));
    });
  };
  subscribe("a..b@x.de");             // accepted by the e-mail check of old, refused by the outbox
  subscribe("kim@example.org");
  subscribe(std::string(65, 'k') + "@example.org");
  subscribe("lea@example.org");
  now_ += 60;
  Make(grimma_, "Baugebiet \x1B[2J\xC2\x85\xC2\x9B S\xC3\xBC\x64 \xEF\xBF\xBF\x07 <&>");

  for (const char* path : {"/verfahren.atom", "/grimma/verfahren.atom"}) {
    auto feed = Browser(port()).Get(path);
    ASSERT_EQ(feed.status, 200) << path;
    EXPECT_TRUE(OnlyXmlCharacters(feed.body)) << path;
    EXPECT_TRUE(Contains(feed.body, "Baugebiet")) << path;
    EXPECT_TRUE(Contains(feed.body, "&lt;&amp;&gt;")) << path;
  }

  now_ += 60;
  auto report = NotifySubscribers(*services_, now_);
  EXPECT_EQ(report.done, 2);
  EXPECT_EQ(report.failed, 2);
  std::set<std::string> mailed;
  for (const auto& entry : Outbox()) {
    if (entry.mail.category != "procedure-subscription") continue;
    mailed.insert(entry.mail.to_address);
    EXPECT_TRUE(OnlyXmlCharacters(entry.mail.subject + entry.mail.body_text)) << entry.mail.body_text;
    EXPECT_TRUE(Contains(entry.mail.body_text, "Baugebiet"));
  }
  EXPECT_EQ(mailed, (std::set<std::string>{"kim@example.org", "lea@example.org"}));
  // The others are not marked as notified: they are tried again (and fail again, logged) at the next run.
  EXPECT_EQ(NotifySubscribers(*services_, now_ + 600).failed, 2);
}

TEST_P(ProcedurePublicTest, SubscribingIsRateLimitedPerAddress) {
  Browser visitor(port());
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_EQ(visitor
                  .Submit("/verfahren/abonnieren", "/verfahren/abonnieren",
                          {{"email", "viel@example.org"}, {"consent", "yes"}})
                  .status,
              303);
  }
  EXPECT_EQ(
      visitor
          .Submit("/verfahren/abonnieren", "/verfahren/abonnieren", {{"email", "viel@example.org"}, {"consent", "yes"}})
          .status,
      429);
  // One unconfirmed subscription, its token renewed.
  EXPECT_EQ(db_->Read([&](db::Tx& tx) {
              return tx.QueryOne("SELECT COUNT(*) FROM procedure_subscription", {})->Int(0);
            }),
            1);
}

TEST_P(ProcedurePublicTest, PublishedStatementsAreOnlyTheReviewedOnesAndNameOnlyConsentingOrganisations) {
  Procedure procedure = Make(grimma_, "Spielplatz am Markt", Type::kBaugb32, -3, false, /*publish_statements=*/true);
  Procedure unpublished = Make(grimma_, "Ohne Veröffentlichung");
  db_->Write([&](db::Tx& tx) {
    Statement kim = Submit(
        tx, procedure,
        {.input = {.text = "Ich, Kim Muster, wohne Musterweg 4, 04668 Grimma. Tel. 0341 1234567, kim@example.org.\n"
                           "Mit freundlichen Grüßen\nKim Muster",
                   .name = "Kim Muster",
                   .address = "Musterweg 4, 04668 Grimma"},
         .author_email = "kim@example.org",
         .publish_text_consent = true},
        now_);
    Statement association = Submit(tx, procedure,
                                   {.input = {.text = "Der Umweltverband Muldental bittet um Bäume.", .name = "Jo Beispiel"},
                                    .organisation_name = "Umweltverband Muldental",
                                    .author_email = "jo@verband.example",
                                    .publish_consent = true,
                                    .publish_text_consent = true},
                                   now_);
    // Not reviewed: not published, whatever it says.
    Submit(tx, procedure,
           {.input = {.text = "Die Firma Geheim GmbH ist dagegen.", .name = "Alex Test"},
            .organisation_name = "Geheim GmbH",
            .author_email = "alex@geheim.example",
            .publish_text_consent = true},
           now_);
    Submit(tx, unpublished, {.input = {.text = "Nicht öffentlich", .name = "Sam"}}, now_);
    // The case worker accepts the automatic suggestions (the review's form: publication_test.cpp).
    for (const Statement& reviewed : {kim, association}) {
      auto spans = SuggestedSpans(reviewed);
      SavePublication(tx,
                      {.statement_id = reviewed.id,
                       .state = PublicationState::kPublished,
                       .redacted_text = redaction::Apply(reviewed.text, spans),
                       .spans = spans},
                      now_);
    }
  });
  Browser visitor(port());
  auto page = visitor.Get(ProcedurePath("grimma", procedure.id) + "/stellungnahmen");
  ASSERT_EQ(page.status, 200);
  for (std::string_view gone : {"Kim", "Muster", "Musterweg", "04668", "1234567", "kim@example.org", "Geheim GmbH",
                                "Alex Test", "Jo Beispiel", "jo@verband.example", "ist dagegen"}) {
    EXPECT_FALSE(Contains(page.body, gone)) << gone;
  }
  EXPECT_TRUE(Contains(page.body, "Umweltverband Muldental"));
  EXPECT_TRUE(Contains(page.body, "Privatperson"));
  EXPECT_TRUE(Contains(page.body, "bittet um Bäume"));
  EXPECT_TRUE(Contains(page.body, "Ich, […], wohne […]"));
  EXPECT_TRUE(Contains(page.body, "2 veröffentlichte Stellungnahmen"));
  EXPECT_EQ(visitor.Get(ProcedurePath("grimma", unpublished.id) + "/stellungnahmen").status, 404);
  // The procedure page links to them.
  EXPECT_TRUE(Contains(visitor.Get(ProcedurePath("grimma", procedure.id)).body, "/stellungnahmen\""));
}

TEST_P(ProcedurePublicTest, ApiListsAndGetsPublicProceduresAndDraftsOnlyWithABackOfficeToken) {
  Procedure open = Make(grimma_, "Öffentlich");
  Make(dresden_, "Anderswo", Type::kBimschg);
  Procedure draft = Make(grimma_, "Noch Entwurf", Type::kBaugb32, -3, true);
  Browser client(port());
  auto list = client.Get("/api/v1/procedures?tenant=grimma");
  ASSERT_EQ(list.status, 200);
  auto body = boost::json::parse(list.body).as_object();
  ASSERT_EQ(body.at("items").as_array().size(), 1u);
  EXPECT_EQ(body.at("total").as_int64(), 1);
  EXPECT_EQ(body.at("items").as_array()[0].at("title"), "Öffentlich");
  auto limited = boost::json::parse(client.Get("/api/v1/procedures?limit=1&offset=1").body).as_object();
  EXPECT_EQ(limited.at("items").as_array().size(), 1u);
  EXPECT_EQ(limited.at("total").as_int64(), 2);
  EXPECT_EQ(client.Get("/api/v1/procedures?limit=101").status, 422);
  EXPECT_EQ(client.Get("/api/v1/procedures?open=vielleicht").status, 422);

  auto one = client.Get("/api/v1/procedures/" + std::to_string(open.id));
  ASSERT_EQ(one.status, 200);
  auto procedure = boost::json::parse(one.body).as_object();
  EXPECT_EQ(procedure.at("title"), "Öffentlich");
  EXPECT_TRUE(procedure.at("documents").is_array());
  EXPECT_EQ(client.Get("/api/v1/procedures/" + std::to_string(draft.id)).status, 404);
  EXPECT_EQ(client.Get("/api/v1/procedures/" + std::to_string(draft.id), {{"Authorization", "Bearer falsch"}}).status,
            401);

  auto editor = CreateUser("redaktion@grimma.example", "Test Person", accounts::Role::kEditor, grimma_.id);
  std::string token = ApiToken(editor);
  auto with_token =
      client.Get("/api/v1/procedures/" + std::to_string(draft.id), {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(with_token.status, 200);
}

TEST_P(ProcedurePublicTest, MapSettingsAreForTenantAdminsValidatedAuditedAndUsedOnThePage) {
  Procedure procedure = Make(grimma_, "Mit Karte");
  const std::string path = "/grimma/verfahren/karteneinstellungen";
  Browser anonymous(port());
  EXPECT_EQ(anonymous.Get(path).status, 303);
  CreateUser("redaktion@grimma.example", "Test Person", accounts::Role::kEditor, grimma_.id);
  Browser editor(port());
  Login(editor, "redaktion@grimma.example");
  EXPECT_EQ(editor.Get(path).status, 403);

  CreateUser("verwaltung@grimma.example", "Test Person", accounts::Role::kAdmin, grimma_.id);
  Browser admin(port());
  Login(admin, "verwaltung@grimma.example");
  auto form = admin.Get(path);
  ASSERT_EQ(form.status, 200);
  EXPECT_FALSE(Contains(form.body, "openstreetmap.org")) << "no third party's tiles by default";
  auto invalid = admin.Submit(path, path, {{"tile_url", "http://geo.example/{z}/{x}/{y}.png"}, {"attribution", ""}});
  EXPECT_EQ(invalid.status, 422);
  EXPECT_TRUE(Contains(invalid.body, "href=\"#tile_url\""));
  EXPECT_TRUE(Contains(invalid.body, "href=\"#attribution\""));
  auto saved = admin.Submit(path, path,
                            {{"tile_url", "https://geodienste.sachsen.example/wmts/{z}/{x}/{y}.png"},
                             {"attribution", "© GeoSN, dl-de/by-2-0"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(db_->Read([&](db::Tx& tx) {
              return tx.QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'procedure.map_settings'", {})->Int(0);
            }),
            1);
  auto page = anonymous.Get(ProcedurePath("grimma", procedure.id));
  EXPECT_TRUE(Contains(page.body, "data-tile-url=\"https://geodienste.sachsen.example/wmts/{z}/{x}/{y}.png\""));
  EXPECT_TRUE(Contains(page.body, "© GeoSN, dl-de/by-2-0"));
}

TEST_P(ProcedurePublicTest, OffersListProceduresInParticipationOrAnnounced) {
  Make(grimma_, "Läuft gerade");
  Make(grimma_, "Kommt bald", Type::kBaugb31, 10);
  Make(grimma_, "Längst vorbei", Type::kBaugb32, -200);
  ASSERT_FALSE(services_->offer_sources.empty());
  auto offers = db_->Read([&](db::Tx& tx) { return services_->offer_sources.back()(tx, grimma_.id, "de", 10); });
  std::vector<std::string> titles;
  for (const auto& offer : offers) titles.push_back(offer.title);
  EXPECT_NE(std::ranges::find(titles, "Läuft gerade"), titles.end());
  EXPECT_NE(std::ranges::find(titles, "Kommt bald"), titles.end());
  EXPECT_EQ(std::ranges::find(titles, "Längst vorbei"), titles.end());
  EXPECT_EQ(offers.front().format_label, "Verfahren");
}

MW_INSTANTIATE_FOR_ENGINES(ProcedurePublicTest);

}  // namespace
}  // namespace mw::procedures
