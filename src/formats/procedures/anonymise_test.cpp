// Anonymisation before publication: what must be gone, and what must stay readable.
#include "formats/procedures/anonymise.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mw::procedures {
namespace {

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST(AnonymiseTest, RemovesTheKnownNameItsPartsAddressAndEmail) {
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

TEST(AnonymiseTest, MatchesKnownStringsWithoutRegardToCaseButOnlyAsWholeWords) {
  std::string shown = Anonymise("KIM MUSTER schreibt. Die Musterung ist kein Name.", {"Kim Muster"});
  EXPECT_EQ(shown, "[…] schreibt. Die Musterung ist kein Name.");
}

TEST(AnonymiseTest, RemovesAnyEmailAddressAndTelephoneNumbers) {
  std::string shown = Anonymise(
      "Rückfragen an nachbar@web.example, Tel. 0341 1234567 oder +49 (0)171 98765-43, Fax 0341/7654321.", {});
  EXPECT_FALSE(Contains(shown, "nachbar")) << shown;
  EXPECT_FALSE(Contains(shown, "1234567")) << shown;
  EXPECT_FALSE(Contains(shown, "98765")) << shown;
  EXPECT_FALSE(Contains(shown, "7654321")) << shown;
  EXPECT_TRUE(Contains(shown, "Rückfragen an")) << shown;
}

TEST(AnonymiseTest, KeepsDatesParagraphsAndOrdinaryNumbers) {
  const std::string text =
      "Die Auslegung vom 06.10.2025 bis 05.11.2025 ist zu kurz (§ 10 Abs. 3 BImSchG). Die 4 Anlagen mit 250 m "
      "Gesamthöhe stehen 0,8 km vom Ort entfernt; Bebauungsplan Nr. 42.";
  EXPECT_EQ(Anonymise(text, {}), text);
}

TEST(AnonymiseTest, RemovesPostcodesWithTheirTownAndStreetAddresses) {
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

TEST(AnonymiseTest, RemovesTheNameUnderAClosingFormula) {
  std::string shown = Anonymise("Ich bin dagegen.\n\nMit freundlichen Grüßen\nJo Beispiel\n", {});
  EXPECT_FALSE(Contains(shown, "Jo Beispiel")) << shown;
  EXPECT_TRUE(Contains(shown, "Mit freundlichen Grüßen\n[…]")) << shown;
  EXPECT_TRUE(Contains(shown, "Ich bin dagegen.")) << shown;
}

TEST(AnonymiseTest, OrganisationNamesStayUnlessKnown) {
  const std::string text = "Der Umweltverband Muldental e.V. lehnt das Vorhaben ab.";
  EXPECT_EQ(Anonymise(text, {"Kim Muster"}), text);
  EXPECT_FALSE(Contains(Anonymise(text, {"Umweltverband Muldental e.V."}), "Muldental"));
}

TEST(AnonymiseTest, EmptyAndLongTextsAreSafe) {
  EXPECT_EQ(Anonymise("", {"Kim"}), "");
  EXPECT_EQ(Anonymise("Text", {"", " ", ","}), "Text");
  std::string long_text(100'000, 'a');
  long_text += " 0341 1234567";
  std::string shown = Anonymise(long_text, {"Kim Muster"});
  EXPECT_TRUE(shown.ends_with("[…]"));
}

}  // namespace
}  // namespace mw::procedures
