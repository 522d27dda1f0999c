// The pure rules of petitions: transitions, form limits with their German messages, the signing window.
#include "formats/petitions/model.hpp"

#include <gtest/gtest.h>

#include "platform/core/text.hpp"

namespace mw::petitions {
namespace {

TEST(PetitionStateTest, NamesRoundTrip) {
  for (State state : {State::kDraft, State::kInModeration, State::kPublished, State::kClosed, State::kAnswered,
                      State::kArchived, State::kRejected}) {
    EXPECT_EQ(ParseState(StateName(state)), state);
  }
  EXPECT_EQ(ParseState("open"), std::nullopt);
}

TEST(PetitionStateTest, OnlyTheLifecycleTransitionsAreAllowed) {
  struct Case {
    State from;
    State to;
    bool allowed;
  };
  const Case cases[] = {
      {State::kDraft, State::kInModeration, true},     {State::kDraft, State::kPublished, false},
      {State::kInModeration, State::kPublished, true}, {State::kInModeration, State::kRejected, true},
      {State::kInModeration, State::kDraft, true},     {State::kPublished, State::kClosed, true},
      {State::kPublished, State::kDraft, false},       {State::kPublished, State::kRejected, false},
      {State::kClosed, State::kAnswered, true},        {State::kClosed, State::kPublished, false},
      {State::kAnswered, State::kArchived, true},      {State::kArchived, State::kPublished, false},
      {State::kRejected, State::kPublished, false},    {State::kRejected, State::kInModeration, false},
  };
  for (const auto& test : cases) {
    EXPECT_EQ(CanTransition(test.from, test.to), test.allowed) << StateName(test.from) << " -> " << StateName(test.to);
  }
}

TEST(PetitionStateTest, OnlyPublishedAndLaterArePublic) {
  EXPECT_FALSE(IsPublic(State::kDraft));
  EXPECT_FALSE(IsPublic(State::kInModeration));
  EXPECT_FALSE(IsPublic(State::kRejected));
  EXPECT_TRUE(IsPublic(State::kPublished));
  EXPECT_TRUE(IsPublic(State::kClosed));
  EXPECT_TRUE(IsPublic(State::kAnswered));
  EXPECT_TRUE(IsPublic(State::kArchived));
}

Draft ValidDraft() {
  return {.title = "Mehr Radwege in Grimma",
          .demand = "Die Stadt baut bis 2028 einen Radweg an der Leipziger Straße.",
          .justification = "Schulkinder fahren dort auf der Fahrbahn.",
          .addressee = "Stadtrat Grimma"};
}

TEST(PetitionDraftTest, LimitsAndMessages) {
  struct Case {
    std::string name;
    void (*change)(Draft&);
    std::string field;    // empty: valid
    std::string message;  // part of the German message
  };
  const std::vector<Case> cases = {
      {"valid", [](Draft&) {}, "", ""},
      {"title at limit", [](Draft& d) { d.title = std::string(200, 'a'); }, "", ""},
      {"title umlauts count as one",
       [](Draft& d) {
         d.title = std::string();
         for (int i = 0; i < 200; ++i) d.title += "ä";
       },
       "", ""},
      {"title too long", [](Draft& d) { d.title = std::string(201, 'a'); }, "title", "höchstens 200 Zeichen"},
      {"title missing", [](Draft& d) { d.title = "   "; }, "title", "Bitte geben Sie einen Titel an."},
      {"demand too long", [](Draft& d) { d.demand = std::string(2001, 'a'); }, "demand", "höchstens 2000 Zeichen"},
      {"demand missing", [](Draft& d) { d.demand = ""; }, "demand", "Forderung"},
      {"justification at limit", [](Draft& d) { d.justification = std::string(10000, 'a'); }, "", ""},
      {"justification too long", [](Draft& d) { d.justification = std::string(10001, 'a'); }, "justification",
       "höchstens 10000 Zeichen"},
      {"addressee optional", [](Draft& d) { d.addressee = ""; }, "", ""},
      {"addressee too long", [](Draft& d) { d.addressee = std::string(201, 'a'); }, "addressee", "Der Adressat"},
      {"invalid utf-8", [](Draft& d) { d.title = "Rad\xff"; }, "title", "ungültige Zeichen"},
      {"quorum zero", [](Draft& d) { d.quorum = 0; }, "quorum", "Quorum"},
      {"period too long", [](Draft& d) { d.period_days = 366; }, "period_days", "Zeichnungsfrist"},
      {"period zero", [](Draft& d) { d.period_days = 0; }, "period_days", "Zeichnungsfrist"},
  };
  for (const auto& test : cases) {
    SCOPED_TRACE(test.name);
    Draft draft = ValidDraft();
    test.change(draft);
    auto errors = ValidateDraft(draft);
    if (test.field.empty()) {
      EXPECT_TRUE(errors.empty()) << errors.front().message;
      continue;
    }
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors.front().field, test.field);
    EXPECT_NE(errors.front().message.find(test.message), std::string::npos) << errors.front().message;
  }
}

TEST(PetitionSignatureTest, LimitsAndMessages) {
  struct Case {
    std::string name;
    SignatureInput input;
    std::string field;  // empty: valid
    std::string message;
  };
  const SignatureInput ok{.name = "Kim Muster", .email = " Kim@Example.ORG ", .postcode = "04668", .consent = true};
  auto with = [&](auto change) {
    SignatureInput input = ok;
    change(input);
    return input;
  };
  const std::vector<Case> cases = {
      {"valid", ok, "", ""},
      {"name missing", with([](SignatureInput& s) { s.name = ""; }), "name", "Bitte geben Sie Ihren Namen an."},
      {"name too long", with([](SignatureInput& s) { s.name = std::string(201, 'x'); }), "name",
       "Ihr Name darf höchstens 200 Zeichen lang sein."},
      {"email invalid", with([](SignatureInput& s) { s.email = "kim@"; }), "email", "gültige E-Mail-Adresse"},
      {"postcode four digits", with([](SignatureInput& s) { s.postcode = "4668"; }), "postcode", "fünf Ziffern"},
      {"postcode letters", with([](SignatureInput& s) { s.postcode = "0466a"; }), "postcode", "fünf Ziffern"},
      {"no consent", with([](SignatureInput& s) { s.consent = false; }), "consent", "Datenschutzerklärung"},
  };
  for (const auto& test : cases) {
    SCOPED_TRACE(test.name);
    auto result = ValidateSignature(test.input);
    if (test.field.empty()) {
      ASSERT_TRUE(result.has_value());
      EXPECT_EQ(result->email_normalized, "kim@example.org");
      EXPECT_EQ(result->postcode, "04668");
      continue;
    }
    ASSERT_FALSE(result.has_value());
    ASSERT_EQ(result.error().size(), 1u);
    EXPECT_EQ(result.error().front().field, test.field);
    EXPECT_NE(result.error().front().message.find(test.message), std::string::npos);
  }
  // API clients collect consent themselves.
  EXPECT_TRUE(ValidateSignature(with([](SignatureInput& s) { s.consent = false; }), false).has_value());
}

TEST(PetitionWindowTest, SigningIsOpenFromPublicationForThePeriod) {
  const db::UnixSeconds published = 1'780'000'000;
  const db::UnixSeconds closes = ClosesAt(published, 42);
  EXPECT_EQ(closes, published + 42 * 86400);
  struct Case {
    State state;
    std::optional<db::UnixSeconds> closes_at;
    db::UnixSeconds now;
    bool open;
  };
  const Case cases[] = {
      {State::kPublished, closes, published, true},     {State::kPublished, closes, closes - 1, true},
      {State::kPublished, closes, closes, false},       {State::kPublished, std::nullopt, published, false},
      {State::kInModeration, closes, published, false}, {State::kClosed, closes, published, false},
      {State::kDraft, closes, published, false},
  };
  for (const auto& test : cases) {
    EXPECT_EQ(IsOpenForSigning(test.state, test.closes_at, test.now), test.open)
        << StateName(test.state) << " at " << test.now;
  }
}

// The days left that a petition's page shows: a begun day counts, the last 24 hours are day 1, the end is 0.
TEST(PetitionWindowTest, DaysLeftCountABegunDay) {
  const db::UnixSeconds published = 1'780'000'000;
  const db::UnixSeconds closes = ClosesAt(published, 42);
  EXPECT_EQ(DaysLeftToSign(closes, published), 42);
  EXPECT_EQ(DaysLeftToSign(closes, published + 1), 42);
  EXPECT_EQ(DaysLeftToSign(closes, closes - 86'401), 2);
  EXPECT_EQ(DaysLeftToSign(closes, closes - 86'400), 1);
  EXPECT_EQ(DaysLeftToSign(closes, closes - 1), 1);
  EXPECT_EQ(DaysLeftToSign(closes, closes), 0);
  EXPECT_EQ(DaysLeftToSign(closes, closes + 86'400), 0);
}

TEST(PetitionWindowTest, QuorumPercentIsCapped) {
  EXPECT_EQ(QuorumPercent(0, 1000), 0);
  EXPECT_EQ(QuorumPercent(1, 1000), 0);
  EXPECT_EQ(QuorumPercent(500, 1000), 50);
  EXPECT_EQ(QuorumPercent(5000, 1000), 100);
}

TEST(SignerKeyTest, OneKeyPerPersonWhereTheProviderIsKnown) {
  struct Case {
    std::string email;
    std::string key;
  };
  const Case cases[] = {
      {"kim@example.org", "kim@example.org"},
      {"Kim@Example.ORG", "kim@example.org"},                      // case folding, whole address
      {"max.muster+petition@gmail.com", "maxmuster@gmail.com"},    // Gmail: dots and +tag
      {"Max.Muster@GoogleMail.com", "maxmuster@gmail.com"},        // googlemail.com is gmail.com
      {"kim+a@outlook.com", "kim@outlook.com"},                    // Microsoft
      {"kim+a@hotmail.de", "kim@hotmail.de"},
      {"kim+a@live.co.uk", "kim@live.co.uk"},
      {"kim+a@icloud.com", "kim@icloud.com"},                      // Apple
      {"kim+a@me.com", "kim@me.com"},
      {"kim+a@posteo.de", "kim@posteo.de"},
      {"kim+a@mailbox.org", "kim@mailbox.org"},
      {"k.i.m@outlook.com", "k.i.m@outlook.com"},                  // dots count outside Gmail
      {"kim+a@gmx.de", "kim+a@gmx.de"},                            // GMX and WEB.DE: no plus addressing, kept
      {"kim+a@web.de", "kim+a@web.de"},
      {"kim+a@example.org", "kim+a@example.org"},                  // unknown provider: kept
      {"kim+a@notgmail.com", "kim+a@notgmail.com"},
      {"\xef\xbd\x8b\xef\xbd\x89\xef\xbd\x8d@example.org", "kim@example.org"},  // NFKC: full-width letters
      {"jo\xcc\x88rg@example.org", "j\xc3\xb6rg@example.org"},                 // NFKC: composed ö
      {"J\xc3\x96RG@example.org", "j\xc3\xb6rg@example.org"},                  // Unicode case folding
      {"stra\xc3\x9f" "e@example.org", "strasse@example.org"},                 // ß folds to ss
  };
  for (const auto& test : cases) EXPECT_EQ(SignerKey(test.email), test.key) << test.email;
}

TEST(NameKeyTest, SpellingsOfOneNameShareAKey) {
  EXPECT_EQ(NameKey("Kim Müller"), NameKey("kim  MÜLLER"));
  EXPECT_EQ(NameKey("Kim Müller"), NameKey("Müller, Kim"));
  EXPECT_EQ(NameKey("Kim Müller"), NameKey("Kim Mu\xcc\x88ller"));
  EXPECT_NE(NameKey("Kim Müller"), NameKey("Kim Mueller"));
  EXPECT_NE(NameKey("Kim Müller"), NameKey("Kai Müller"));
  EXPECT_EQ(NameKey(" , "), "");
}

}  // namespace
}  // namespace mw::petitions
