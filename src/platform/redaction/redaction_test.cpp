// Redaction: the suggestions (what must be gone, and what must stay readable), applying them, and checking a
// reviewed text against the original.
#include "platform/redaction/redaction.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mw::redaction {
namespace {

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// The text with every suggestion blacked out.
std::string Anonymise(std::string_view text, const std::vector<std::string>& known) {
  return Apply(text, Suggest(text, known));
}

TEST(RedactionSuggestTest, RemovesTheKnownNameItsPartsAddressAndEmail) {
  std::string shown = Anonymise(
      "Ich, Kim Muster, wohne direkt neben der geplanten Anlage. Muster ist mein Familienname; schreiben Sie an "
      "kim.muster@example.org oder Markt 1.",
      {"Kim Muster", "Markt 1, 04668 Grimma", "kim.muster@example.org"});
  EXPECT_FALSE(Contains(shown, "Kim")) << shown;
  EXPECT_FALSE(Contains(shown, "Muster")) << shown;
  EXPECT_FALSE(Contains(shown, "example.org")) << shown;
  EXPECT_FALSE(Contains(shown, "Markt 1")) << shown;
  EXPECT_TRUE(Contains(shown, "wohne direkt neben der geplanten Anlage")) << shown;
  EXPECT_TRUE(Contains(shown, "[…]")) << shown;
}

TEST(RedactionSuggestTest, MatchesKnownStringsWithoutRegardToCaseButOnlyAsWholeWords) {
  std::string shown = Anonymise("KIM MUSTER schreibt. Die Musterung ist kein Name.", {"Kim Muster"});
  EXPECT_EQ(shown, "[…] schreibt. Die Musterung ist kein Name.");
}

TEST(RedactionSuggestTest, RemovesAnyEmailAddressAndTelephoneNumbers) {
  std::string shown = Anonymise(
      "Rückfragen an nachbar@web.example, Tel. 0341 1234567 oder +49 (0)171 98765-43, Fax 0341/7654321.", {});
  EXPECT_FALSE(Contains(shown, "nachbar")) << shown;
  EXPECT_FALSE(Contains(shown, "1234567")) << shown;
  EXPECT_FALSE(Contains(shown, "98765")) << shown;
  EXPECT_FALSE(Contains(shown, "7654321")) << shown;
  EXPECT_TRUE(Contains(shown, "Rückfragen an")) << shown;
}

TEST(RedactionSuggestTest, KeepsDatesParagraphsAndOrdinaryNumbers) {
  const std::string text =
      "Die Auslegung vom 06.10.2025 bis 05.11.2025 ist zu kurz (§ 10 Abs. 3 BImSchG). Die 4 Anlagen mit 250 m "
      "Gesamthöhe stehen 0,8 km vom Ort entfernt; Bebauungsplan Nr. 42.";
  EXPECT_EQ(Anonymise(text, {}), text);
}

TEST(RedactionSuggestTest, RemovesPostcodesWithTheirTownAndStreetAddresses) {
  std::string shown = Anonymise(
      "Ich wohne in der Musterstraße 12, 04668 Grimma. Mein Bruder wohnt Am Markt 3a, meine Mutter in der "
      "Leipziger Straße 5 und An der Kirche 7-9 ist unser Büro.",
      {});
  EXPECT_FALSE(Contains(shown, "Musterstraße")) << shown;
  EXPECT_FALSE(Contains(shown, "04668")) << shown;
  EXPECT_FALSE(Contains(shown, "Grimma")) << shown;
  EXPECT_FALSE(Contains(shown, "Markt 3a")) << shown;
  EXPECT_FALSE(Contains(shown, "Leipziger Straße 5")) << shown;
  EXPECT_FALSE(Contains(shown, "Kirche 7")) << shown;
  EXPECT_TRUE(Contains(shown, "Ich wohne in der")) << shown;
  EXPECT_TRUE(Contains(shown, "ist unser Büro.")) << shown;
}

TEST(RedactionSuggestTest, RemovesTheNameUnderAClosingFormula) {
  std::string shown = Anonymise("Ich bin dagegen.\n\nMit freundlichen Grüßen\nJo Beispiel\n", {});
  EXPECT_FALSE(Contains(shown, "Jo Beispiel")) << shown;
  EXPECT_TRUE(Contains(shown, "Mit freundlichen Grüßen\n[…]")) << shown;
  EXPECT_TRUE(Contains(shown, "Ich bin dagegen.")) << shown;
}

TEST(RedactionSuggestTest, OrganisationNamesStayUnlessKnown) {
  const std::string text = "Der Umweltverband Muldental e.V. lehnt das Vorhaben ab.";
  EXPECT_EQ(Anonymise(text, {"Kim Muster"}), text);
  EXPECT_FALSE(Contains(Anonymise(text, {"Umweltverband Muldental e.V."}), "Muldental"));
}

TEST(RedactionSuggestTest, EmptyAndLongTextsAreSafe) {
  EXPECT_EQ(Anonymise("", {"Kim"}), "");
  EXPECT_EQ(Anonymise("Text", {"", " ", ","}), "Text");
  std::string long_text(100'000, 'a');
  long_text += " 0341 1234567";
  std::string shown = Anonymise(long_text, {"Kim Muster"});
  EXPECT_TRUE(shown.ends_with("[…]"));
}

// ---- the new kinds: parcels, health, third persons -----------------------------------------------------------

struct SuggestCase {
  std::string text;
  std::vector<std::string> known;
  std::string expected;  // Apply(text, Suggest(text, known))
};

class SuggestTableTest : public ::testing::TestWithParam<SuggestCase> {};

TEST_P(SuggestTableTest, BlacksOutWhatIdentifiesAPerson) {
  const SuggestCase& row = GetParam();
  EXPECT_EQ(Anonymise(row.text, row.known), row.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SuggestTableTest,
    ::testing::Values(
        SuggestCase{"Mein Grundstück Flurstück 123/4 liegt nah.", {}, "Mein Grundstück Flurstück […] liegt nah."},
        SuggestCase{"Betroffen ist Flst. 45/12.", {}, "Betroffen ist Flst. […]."},
        SuggestCase{"Flst.-Nr. 45/12 ist meins.", {}, "Flst.-Nr. […] ist meins."},
        SuggestCase{"Die Flurstücke 12 und 13 gehören uns.", {}, "Die Flurstücke […] gehören uns."},
        SuggestCase{"Flurstücke 12, 13 und 14/2 sowie 15.", {}, "Flurstücke […]."},
        SuggestCase{"Gemarkung Grimma, Flur 3, ist betroffen.", {}, "Gemarkung […], Flur […], ist betroffen."},
        SuggestCase{"Der Flur des Rathauses ist eng.", {}, "Der Flur des Rathauses ist eng."},
        SuggestCase{"Ich habe Asthma und bin schwerbehindert.", {}, "Ich habe […] und bin […]."},
        SuggestCase{"Meine DEPRESSION wird schlimmer; die Therapie hilft.", {},
                    "Meine […] wird schlimmer; die […] hilft."},
        SuggestCase{"Ich sitze im Rollstuhl, meine Frau ist schwanger.", {}, "Ich sitze im […], meine Frau ist […]."},
        SuggestCase{"Die Krankheitskosten und der Krebsgang bleiben.", {},
                    "Die Krankheitskosten und der Krebsgang bleiben."},
        SuggestCase{"Herr Meier und Frau Dr. Anna Schmidt sind dagegen.", {},
                    "Herr […] und Frau Dr. […] sind dagegen."},
        SuggestCase{"Familie Krause, Nachbarin Ute Lehmann und mein Nachbar Özdemir klagen.", {},
                    "Familie […], Nachbarin […] und mein Nachbar […] klagen."},
        SuggestCase{"Meine Nachbarin Frau Ilse Brandt hat Einwände.", {}, "Meine Nachbarin Frau […] hat Einwände."},
        SuggestCase{"Frau Bürgermeisterin hat geantwortet.", {}, "Frau Bürgermeisterin hat geantwortet."},
        SuggestCase{"Unser Nachbar hat auch Einwände.", {}, "Unser Nachbar hat auch Einwände."},
        SuggestCase{"JÜRGEN MÜLLER aus der Weißstraße 4 schreibt.", {"Jürgen Müller"}, "[…] aus der […] schreibt."},
        SuggestCase{"Vertreten durch Grete Groß für alle Unterzeichnenden.", {"Grete Groß"},
                    "Vertreten durch […] für alle Unterzeichnenden."},
        SuggestCase{"Straße, Größe und Maße: alles zu groß.", {}, "Straße, Größe und Maße: alles zu groß."}));

TEST(RedactionSpanTest, SpansAreOnCodePointBoundariesAndCarryTheirKind) {
  const std::string text = "Ärger mit Herrn Ömer Öztürk wegen Asthma, Tel. 0341 1234567.";
  auto spans = Suggest(text, {});
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0].kind, Kind::kThirdPerson);
  EXPECT_EQ(text.substr(spans[0].begin, spans[0].end - spans[0].begin), "Ömer Öztürk");
  EXPECT_EQ(spans[1].kind, Kind::kHealth);
  EXPECT_EQ(spans[2].kind, Kind::kPhone);
  for (const Span& span : spans) {
    EXPECT_LT(span.begin, span.end);
    EXPECT_NE(static_cast<unsigned char>(text[span.begin]) & 0xC0, 0x80);
    if (span.end < text.size()) {
      EXPECT_NE(static_cast<unsigned char>(text[span.end]) & 0xC0, 0x80);
    }
  }
}

TEST(RedactionSpanTest, KindNamesRoundTrip) {
  for (Kind kind : {Kind::kKnown, Kind::kEmail, Kind::kPhone, Kind::kPostcode, Kind::kStreet, Kind::kSignature,
                    Kind::kParcel, Kind::kHealth, Kind::kThirdPerson, Kind::kManual}) {
    EXPECT_EQ(KindFromName(KindName(kind)), kind);
  }
  EXPECT_EQ(KindFromName("nonsense"), std::nullopt);
}

// ---- Apply --------------------------------------------------------------------------------------------------

TEST(RedactionApplyTest, MergesOverlappingAndTouchingSpansIntoOneMark) {
  const std::string text = "abcdefghij";
  EXPECT_EQ(Apply(text, {{2, 5, Kind::kKnown}, {4, 7, Kind::kStreet}}), "ab[…]hij");
  EXPECT_EQ(Apply(text, {{2, 4, Kind::kKnown}, {4, 6, Kind::kStreet}}), "ab[…]ghij");
  EXPECT_EQ(Apply(text, {{6, 8, Kind::kKnown}, {0, 1, Kind::kStreet}}), "[…]bcdef[…]ij");
  EXPECT_EQ(Apply(text, {}), text);
  EXPECT_EQ(Apply(text, {{8, 99, Kind::kKnown}}), "abcdefgh[…]");
}

TEST(RedactionApplyTest, NeverCutsACharacterInHalf) {
  const std::string text = "Maß für Öl";  // "ß" is C3 9F, "Ö" C3 96
  EXPECT_EQ(Apply(text, {{3, 4, Kind::kManual}}), "Ma[…] für Öl");   // inside "ß": the whole "ß"
  EXPECT_EQ(Apply(text, {{10, 11, Kind::kManual}}), "Maß für […]l");
}

TEST(RedactionApplyTest, WithinShiftsTheSpansOfAnExcerpt) {
  std::vector<Span> spans{{2, 5, Kind::kKnown}, {8, 12, Kind::kManual}, {20, 22, Kind::kPhone}};
  auto part = Within(spans, 4, 10);
  ASSERT_EQ(part.size(), 2u);
  EXPECT_EQ(part[0], (Span{0, 1, Kind::kKnown}));
  EXPECT_EQ(part[1], (Span{4, 6, Kind::kManual}));
}

// ---- MatchRedaction -----------------------------------------------------------------------------------------

struct MatchCase {
  std::string name;
  std::string original;
  std::string redacted;
  bool accepted;
  std::string applied;  // Apply(original, spans) when accepted, with LF line breaks
};

class MatchRedactionTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(MatchRedactionTest, AcceptsOnlyBlackouts) {
  const MatchCase& row = GetParam();
  auto spans = MatchRedaction(row.original, row.redacted);
  ASSERT_EQ(spans.has_value(), row.accepted) << row.name;
  if (spans) {
    EXPECT_EQ(Apply(row.original, *spans), row.applied) << row.name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MatchRedactionTest,
    ::testing::Values(
        MatchCase{"unchanged", "Ich bin dagegen.", "Ich bin dagegen.", true, "Ich bin dagegen."},
        MatchCase{"one blackout", "Ich, Kim Muster, bin dagegen.", "Ich, […], bin dagegen.", true,
                  "Ich, […], bin dagegen."},
        MatchCase{"at start and end", "Kim schreibt: nein Muster", "[…] schreibt: nein […]", true,
                  "[…] schreibt: nein […]"},
        MatchCase{"everything", "Kim Muster", "[…]", true, "[…]"},
        MatchCase{"umlauts and sharp s", "Grüße von Jürgen Weiß aus Görlitz.", "Grüße von […] aus […].", true,
                  "Grüße von […] aus […]."},
        MatchCase{"repeated pieces", "a b a b a", "a […] a", true, "a […] a"},
        MatchCase{"adjacent marks", "Kim Muster ist da.", "[…][…] ist da.", true, "[…] ist da."},
        MatchCase{"CRLF from a textarea", "Zeile eins\nKim Muster\nZeile drei",
                  "Zeile eins\r\n[…]\r\nZeile drei", true, "Zeile eins\n[…]\nZeile drei"},
        MatchCase{"CRLF in the original", "Erste\r\nKim\r\nLetzte", "Erste\n[…]\nLetzte", true,
                  "Erste\r\n[…]\r\nLetzte"},
        MatchCase{"leading line break dropped", "\nIch bin dagegen.", "Ich bin […].", true, "\nIch bin […]."},
        MatchCase{"words added", "Ich bin dagegen.", "Ich bin sehr dagegen.", false, ""},
        MatchCase{"words added beside a mark", "Ich, Kim, bin dagegen.", "Ich, […], bin klar dagegen.", false, ""},
        MatchCase{"reworded", "Ich bin dagegen.", "Ich bin dafür.", false, ""},
        MatchCase{"a word deleted without mark", "Ich bin sehr dagegen.", "Ich bin dagegen.", false, ""},
        MatchCase{"empty blackout", "Ich bin dagegen.", "Ich bin […]dagegen.", false, ""},
        MatchCase{"mark instead of nothing at the end", "Ich bin dagegen.", "Ich bin dagegen.[…]", false, ""},
        MatchCase{"pieces in another order", "eins zwei drei", "drei […] eins", false, ""},
        MatchCase{"mark inside a character", "Maß", "Ma[…]\x9F", false, ""},
        MatchCase{"empty redacted", "Ich bin dagegen.", "", false, ""}),
    [](const auto& info) {
      std::string name;
      for (char c : info.param.name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

TEST(MatchRedactionBoundsTest, LongTextsWithManyMarksAreFast) {
  // 50,000 characters of "a" with a mark every 100: a backtracking matcher would take forever on the last piece.
  std::string original(50'000, 'a');
  std::string redacted;
  for (int index = 0; index < 500; ++index) redacted += index == 0 ? "" : std::string(kMark) + std::string(98, 'a');
  redacted = std::string(50, 'a') + redacted + std::string(kMark) + "b";
  EXPECT_FALSE(MatchRedaction(original, redacted).has_value());
  original.back() = 'b';
  EXPECT_TRUE(MatchRedaction(original, std::string(100, 'a') + std::string(kMark) + "b").has_value());
}

}  // namespace
}  // namespace mw::redaction
