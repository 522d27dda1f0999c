#include "law/holidays.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "platform/core/text.hpp"

namespace mw::law {
namespace {

constexpr std::array<Land, 16> kAllLands = {Land::kBW, Land::kBY, Land::kBE, Land::kBB, Land::kHB, Land::kHH,
                                            Land::kHE, Land::kMV, Land::kNI, Land::kNW, Land::kRP, Land::kSL,
                                            Land::kSN, Land::kST, Land::kSH, Land::kTH};

struct LandInfo {
  std::string_view code;
  std::string_view name;
  std::string_view ags_prefix;  // first two digits of every Amtlicher Gemeindeschlüssel in the Land
};

// Indexed by Land. AGS prefixes: the Länder numbering of the Gemeindeschlüssel (01 Schleswig-Holstein … 16 Thüringen).
constexpr std::array<LandInfo, 16> kLandInfo = {{
    {"BW", "Baden-Württemberg", "08"},
    {"BY", "Bayern", "09"},
    {"BE", "Berlin", "11"},
    {"BB", "Brandenburg", "12"},
    {"HB", "Bremen", "04"},
    {"HH", "Hamburg", "02"},
    {"HE", "Hessen", "06"},
    {"MV", "Mecklenburg-Vorpommern", "13"},
    {"NI", "Niedersachsen", "03"},
    {"NW", "Nordrhein-Westfalen", "05"},
    {"RP", "Rheinland-Pfalz", "07"},
    {"SL", "Saarland", "10"},
    {"SN", "Sachsen", "14"},
    {"ST", "Sachsen-Anhalt", "15"},
    {"SH", "Schleswig-Holstein", "01"},
    {"TH", "Thüringen", "16"},
}};

const LandInfo& InfoOf(Land land) {
  return kLandInfo[static_cast<std::size_t>(land)];
}

// A set of Länder as a bit mask, so that the rule table below reads like the statutes' lists.
using LandSet = std::uint32_t;
constexpr LandSet Bit(Land land) {
  return LandSet{1} << static_cast<unsigned>(land);
}
template <typename... Lands>
constexpr LandSet Set(Lands... lands) {
  return (Bit(lands) | ...);
}
constexpr LandSet kEveryLand = (LandSet{1} << 16) - 1;

// When in the year a holiday falls.
enum class Anchor { kFixed, kEaster, kRepentanceDay };
struct DateRule {
  Anchor anchor;
  int month = 0;          // kFixed
  int day = 0;            // kFixed
  int easter_offset = 0;  // kEaster: days after Easter Sunday
};
constexpr DateRule Fixed(int month, int day) {
  return {Anchor::kFixed, month, day, 0};
}
constexpr DateRule EasterPlus(int days) {
  return {Anchor::kEaster, 0, 0, days};
}
// Buß- und Bettag: the Wednesday before the last Sunday of the church year, i.e. the last Wednesday before 23 November.
constexpr DateRule RepentanceDay() {
  return {Anchor::kRepentanceDay, 0, 0, 0};
}

Date DateIn(int year, DateRule rule) {
  switch (rule.anchor) {
    case Anchor::kFixed:
      return Date{year, rule.month, rule.day};
    case Anchor::kEaster:
      return AddDays(EasterSunday(year), rule.easter_offset);
    case Anchor::kRepentanceDay: {
      Date date{year, 11, 22};
      while (WeekdayOf(date) != Weekday::kWednesday) date = AddDays(date, -1);
      return date;
    }
  }
  return Date{};
}

// A holiday that holds in the whole of the listed Länder in the years first_year..last_year.
struct HolidayRule {
  std::string_view name;
  DateRule date;
  LandSet lands;
  int first_year;
  int last_year;
  std::string_view source;
};

constexpr int kAlways = kFirstSupportedYear;
constexpr int kOpen = kLastSupportedYear;

// The Länder laws: FTG BW § 1; BayFTG Art. 1; Berliner FTG § 1; FTG BB § 2; Bremisches FeiertagsG § 1; Hamburgisches
// FeiertagsG § 1; HFeiertagsG § 1; FTG M-V § 2; NFeiertagsG § 2; FTG NRW § 2; LFtG RP § 2; SFG Saarland § 1; SächsSFG
// § 1; FeiertG LSA § 2; SFTG SH § 2; ThürFGtG § 2. Tag der Deutschen Einheit: Art. 2 Abs. 2 Einigungsvertrag.
// Buß- und Bettag: abolished from 1995 in every Land but Sachsen to finance the Pflegeversicherung.
constexpr std::array<HolidayRule, 24> kHolidayRules = {{
    {"Neujahr", Fixed(1, 1), kEveryLand, kAlways, kOpen, "Feiertagsgesetze aller Länder"},
    {"Heilige Drei Könige", Fixed(1, 6), Set(Land::kBW, Land::kBY, Land::kST), kAlways, kOpen,
     "FTG BW § 1, BayFTG Art. 1 Abs. 1 Nr. 1, FeiertG LSA § 2"},
    {"Internationaler Frauentag", Fixed(3, 8), Set(Land::kBE), 2019, kOpen, "Berliner FTG § 1 (seit 2019)"},
    {"Internationaler Frauentag", Fixed(3, 8), Set(Land::kMV), 2023, kOpen, "FTG M-V § 2 (seit 2023)"},
    {"Karfreitag", EasterPlus(-2), kEveryLand, kAlways, kOpen, "Feiertagsgesetze aller Länder"},
    {"Ostersonntag", EasterPlus(0), Set(Land::kBB), kAlways, kOpen, "FTG BB § 2 Abs. 1 Nr. 3"},
    {"Ostermontag", EasterPlus(1), kEveryLand, kAlways, kOpen, "Feiertagsgesetze aller Länder"},
    {"Tag der Arbeit", Fixed(5, 1), kEveryLand, kAlways, kOpen, "Feiertagsgesetze aller Länder"},
    {"Tag der Befreiung", Fixed(5, 8), Set(Land::kBE), 2020, 2020, "Berliner FTG, einmaliger Feiertag 2020"},
    {"Tag der Befreiung", Fixed(5, 8), Set(Land::kBE), 2025, 2025, "Berliner FTG, einmaliger Feiertag 2025"},
    {"Christi Himmelfahrt", EasterPlus(39), kEveryLand, kAlways, kOpen, "Feiertagsgesetze aller Länder"},
    {"Pfingstsonntag", EasterPlus(49), Set(Land::kBB), kAlways, kOpen, "FTG BB § 2 Abs. 1 Nr. 7"},
    {"Pfingstmontag", EasterPlus(50), kEveryLand, kAlways, kOpen, "Feiertagsgesetze aller Länder"},
    {"Fronleichnam", EasterPlus(60), Set(Land::kBW, Land::kBY, Land::kHE, Land::kNW, Land::kRP, Land::kSL), kAlways,
     kOpen, "FTG BW § 1, BayFTG Art. 1, HFeiertagsG § 1, FTG NRW § 2, LFtG RP § 2, SFG § 1"},
    {"Mariä Himmelfahrt", Fixed(8, 15), Set(Land::kSL), kAlways, kOpen, "SFG Saarland § 1"},
    {"Weltkindertag", Fixed(9, 20), Set(Land::kTH), 2019, kOpen, "ThürFGtG § 2 Abs. 1 (seit 2019)"},
    {"Tag der Deutschen Einheit", Fixed(10, 3), kEveryLand, kAlways, kOpen, "Art. 2 Abs. 2 Einigungsvertrag"},
    {"Reformationstag", Fixed(10, 31), Set(Land::kBB, Land::kMV, Land::kSN, Land::kST, Land::kTH), kAlways, kOpen,
     "FTG BB § 2, FTG M-V § 2, SächsSFG § 1, FeiertG LSA § 2, ThürFGtG § 2"},
    // 2017 as the nationwide one-off, from 2018 by statute in the four northern Länder.
    {"Reformationstag", Fixed(10, 31), Set(Land::kHB, Land::kHH, Land::kNI, Land::kSH), 2017, kOpen,
     "Feiertagsgesetze HB, HH, NI, SH (seit 2018; 2017 einmalig bundesweit)"},
    {"Reformationstag", Fixed(10, 31), Set(Land::kBW, Land::kBY, Land::kBE, Land::kHE, Land::kNW, Land::kRP, Land::kSL),
     2017, 2017, "500. Jahrestag der Reformation, einmalig 2017"},
    {"Allerheiligen", Fixed(11, 1), Set(Land::kBW, Land::kBY, Land::kNW, Land::kRP, Land::kSL), kAlways, kOpen,
     "FTG BW § 1, BayFTG Art. 1, FTG NRW § 2, LFtG RP § 2, SFG § 1"},
    {"Buß- und Bettag", RepentanceDay(), Set(Land::kSN), kAlways, kOpen, "SächsSFG § 1"},
    {"1. Weihnachtstag", Fixed(12, 25), kEveryLand, kAlways, kOpen, "Feiertagsgesetze aller Länder"},
    {"2. Weihnachtstag", Fixed(12, 26), kEveryLand, kAlways, kOpen, "Feiertagsgesetze aller Länder"},
}};

// A holiday that holds only in some municipalities of one Land.
struct LocalHolidayRule {
  std::string_view id;  // ASCII key a caller may use instead of the name
  std::string_view name;
  DateRule date;
  Land land;
  // AGS where the holiday holds in the whole municipality. Fewer than eight digits: every AGS with that prefix.
  std::span<const std::string_view> whole_municipalities;
  // AGS where it holds in some parts only; the caller decides (extra_local) and gets a note.
  std::span<const std::string_view> partial_municipalities;
  std::string_view source;
};

// FronleichnamsVO Sachsen vom 4. Mai 1993 (SächsGVBl. S. 417), geändert am 30. Mai 1995: the listed 1993
// municipalities, and after a merger only those former municipalities (§ 1 Satz 2). Encoded are today's municipalities
// made up of listed ones only: Crostwitz, Nebelschütz, Panschwitz-Kuckau (with Ostro), Puschwitz (14 6 25 460, in the
// Verwaltungsgemeinschaft Neschwitz; listed in § 1 of the FronleichnamsVO), Räckelwitz, Ralbitz-Rosenthal (formed 1994
// from Ralbitz and Rosenthal).
constexpr std::array<std::string_view, 6> kFronleichnamSachsenWhole = {"14625080", "14625350", "14625440",
                                                                       "14625460", "14625470", "14625500"};
// Radibor and Wittichenau contain listed former municipalities but also parts merged in later (e.g. Maukendorf,
// Rachlau, Saalau into Wittichenau in 1994). Bautzen, Göda, Großdubrau, Hoyerswerda, Königswartha and Neschwitz are
// partial too, their AGS is not encoded.
constexpr std::array<std::string_view, 2> kFronleichnamSachsenPartial = {"14625490", "14625640"};
// ThürFGtG § 2 Abs. 2, § 10 Abs. 1: Fronleichnam holds where it was kept in 1994; the whole Landkreis Eichsfeld
// (Kreisschlüssel 16 0 61, per the Landratsamt), and some places in the Unstrut-Hainich-Kreis and the Wartburgkreis
// that are not encoded.
constexpr std::array<std::string_view, 1> kFronleichnamThueringenWhole = {"16061"};
// BayFTG Art. 1 Abs. 2: Augsburger Hohes Friedensfest in the city of Augsburg (AGS 09 7 61 000). The city has a
// Catholic majority, so Mariä Himmelfahrt (BayFTG Art. 1 Abs. 1 Nr. 2) holds there too.
constexpr std::array<std::string_view, 1> kAugsburg = {"09761000"};

const std::array<LocalHolidayRule, 4> kLocalHolidayRules = {{
    {"fronleichnam", "Fronleichnam", EasterPlus(60), Land::kSN, kFronleichnamSachsenWhole, kFronleichnamSachsenPartial,
     "FronleichnamsVO Sachsen"},
    {"fronleichnam",
     "Fronleichnam",
     EasterPlus(60),
     Land::kTH,
     kFronleichnamThueringenWhole,
     {},
     "ThürFGtG § 2 Abs. 2, § 10 Abs. 1"},
    {"mariae-himmelfahrt",
     "Mariä Himmelfahrt",
     Fixed(8, 15),
     Land::kBY,
     kAugsburg,
     {},
     "BayFTG Art. 1 Abs. 1 Nr. 2 (Gemeinden mit überwiegend katholischer Bevölkerung)"},
    {"augsburger-friedensfest",
     "Augsburger Friedensfest",
     Fixed(8, 8),
     Land::kBY,
     kAugsburg,
     {},
     "BayFTG Art. 1 Abs. 2 (Stadt Augsburg)"},
}};

bool Holds(const HolidayRule& rule, Land land, int year) {
  return (rule.lands & Bit(land)) != 0 && year >= rule.first_year && year <= rule.last_year;
}

bool MatchesAgs(std::span<const std::string_view> entries, std::string_view ags) {
  return std::any_of(entries.begin(), entries.end(),
                     [&](std::string_view entry) { return !ags.empty() && ags.starts_with(entry); });
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names) {
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined;
}

}  // namespace

std::span<const Land> AllLands() {
  return kAllLands;
}

Result<Land> ParseLand(std::string_view code) {
  const std::string upper = [&] {
    std::string text(Trim(code));
    for (char& c : text) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return text;
  }();
  for (Land land : kAllLands) {
    if (InfoOf(land).code == upper) return land;
  }
  std::string known;
  for (Land land : kAllLands) {
    if (!known.empty()) known += ", ";
    known += InfoOf(land).code;
  }
  return Fail(ErrorKind::kInvalid,
              "Unbekanntes Bundesland „" + std::string(code) + "“. Erlaubt sind die Kürzel " + known + ".", "land");
}

std::string_view LandCode(Land land) {
  return InfoOf(land).code;
}
std::string_view LandName(Land land) {
  return InfoOf(land).name;
}

// Gauss's Easter formula (1800) for the Gregorian calendar, in the form with the secular quantities M and N:
// a = J mod 19, b = J mod 4, c = J mod 7, d = (19a + M) mod 30, e = (2b + 4c + 6d + N) mod 7; Easter is on the
// (22 + d + e)th of March or the (d + e − 9)th of April, except that 26 April becomes 19 April and 25 April becomes
// 18 April when d = 28, e = 6 and a > 10 (Gauss's two exceptions; for 1900–2099 M = 24 and N = 5).
Date EasterSunday(int year) {
  const int k = year / 100;
  const int p = (13 + 8 * k) / 25;
  const int q = k / 4;
  const int m = (15 - p + k - q) % 30;
  const int n = (4 + k - q) % 7;
  const int a = year % 19;
  const int b = year % 4;
  const int c = year % 7;
  const int d = (19 * a + m) % 30;
  const int e = (2 * b + 4 * c + 6 * d + n) % 7;
  if (22 + d + e <= 31) return Date{year, 3, 22 + d + e};
  int april_day = d + e - 9;
  if (april_day == 26) april_day = 19;
  if (april_day == 25 && d == 28 && e == 6 && a > 10) april_day = 18;
  return Date{year, 4, april_day};
}

std::vector<std::string> SelectableLocalHolidays(Land land) {
  std::vector<std::string> names;
  for (const auto& rule : kLocalHolidayRules) {
    if (rule.land == land) names.emplace_back(rule.name);
  }
  return names;
}

Result<HolidayCalendar> HolidayCalendar::Create(std::string_view land_code, std::string_view ags,
                                                const std::vector<std::string>& extra_local) {
  auto land = ParseLand(land_code);
  if (!land) return std::unexpected(land.error());

  HolidayCalendar calendar;
  calendar.land_ = *land;
  calendar.ags_ = std::string(Trim(ags));

  const std::string& key = calendar.ags_;
  if (!key.empty()) {
    const bool eight_digits =
        key.size() == 8 && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!eight_digits) {
      return Fail(ErrorKind::kInvalid,
                  "Der Amtliche Gemeindeschlüssel muss aus acht Ziffern bestehen (zum Beispiel 14625080); angegeben "
                  "ist „" +
                      key + "“.",
                  "ags");
    }
    const LandInfo& info = InfoOf(*land);
    if (!key.starts_with(info.ags_prefix)) {
      return Fail(ErrorKind::kInvalid,
                  "Der Gemeindeschlüssel " + key + " gehört nicht zu " + std::string(info.name) +
                      " (dort beginnen die Schlüssel mit " + std::string(info.ags_prefix) + ").",
                  "ags");
    }
  }

  for (int rule_idx = 0; rule_idx < static_cast<int>(kLocalHolidayRules.size()); ++rule_idx) {
    const auto& rule = kLocalHolidayRules[rule_idx];
    if (rule.land != *land) continue;
    if (MatchesAgs(rule.whole_municipalities, key)) {
      calendar.selected_local_.push_back(rule_idx);
    } else if (MatchesAgs(rule.partial_municipalities, key)) {
      calendar.notes_.push_back("In der Gemeinde mit dem Schlüssel " + key + " ist " + std::string(rule.name) +
                                " nur in einem Teil des Gemeindegebiets gesetzlicher Feiertag (" +
                                std::string(rule.source) + "); gilt er am Sitz der Behörde, bitte „" +
                                std::string(rule.name) + "“ als örtlichen Feiertag angeben.");
    }
  }

  for (const auto& requested : extra_local) {
    const std::string_view wanted = Trim(requested);
    if (wanted.empty()) continue;
    int found = -1;
    for (int rule_idx = 0; rule_idx < static_cast<int>(kLocalHolidayRules.size()); ++rule_idx) {
      const auto& rule = kLocalHolidayRules[rule_idx];
      if (rule.land == *land && (IEquals(wanted, rule.name) || IEquals(wanted, rule.id))) found = rule_idx;
    }
    if (found < 0) {
      const auto selectable = SelectableLocalHolidays(*land);
      std::string message = "„" + std::string(wanted) + "“ kann in " + std::string(LandName(*land)) +
                            " nicht als örtlicher Feiertag gewählt werden; ";
      message += selectable.empty() ? "dort gibt es keine örtlichen Feiertage zur Auswahl."
                                    : "möglich: " + JoinNames(selectable) + ".";
      return Fail(ErrorKind::kInvalid, message, "extra_local");
    }
    if (std::find(calendar.selected_local_.begin(), calendar.selected_local_.end(), found) ==
        calendar.selected_local_.end()) {
      calendar.selected_local_.push_back(found);
    }
  }
  return calendar;
}

std::vector<Holiday> HolidayCalendar::HolidaysOf(int year) const {
  std::vector<Holiday> holidays;
  for (const auto& rule : kHolidayRules) {
    if (Holds(rule, land_, year)) holidays.push_back(Holiday{DateIn(year, rule.date), std::string(rule.name), false});
  }
  for (int rule_idx : selected_local_) {
    const auto& rule = kLocalHolidayRules[rule_idx];
    holidays.push_back(Holiday{DateIn(year, rule.date), std::string(rule.name), true});
  }
  std::stable_sort(holidays.begin(), holidays.end(),
                   [](const Holiday& left, const Holiday& right) { return left.date < right.date; });
  return holidays;
}

std::optional<std::string> HolidayCalendar::IsHoliday(Date date) const {
  std::vector<std::string> names;
  for (const auto& holiday : HolidaysOf(date.year)) {
    if (holiday.date == date) names.push_back(holiday.name);
  }
  if (names.empty()) return std::nullopt;
  std::string joined = names.front();
  for (std::size_t name_idx = 1; name_idx < names.size(); ++name_idx) joined += " und " + names[name_idx];
  return joined;
}

bool HolidayCalendar::IsWorkingDay(Date date) const {
  const Weekday weekday = WeekdayOf(date);
  return weekday != Weekday::kSaturday && weekday != Weekday::kSunday && !IsHoliday(date);
}

std::optional<std::string> HolidayCalendar::PartialHoliday(Date date) const {
  for (int rule_idx = 0; rule_idx < static_cast<int>(kLocalHolidayRules.size()); ++rule_idx) {
    const auto& rule = kLocalHolidayRules[rule_idx];
    if (rule.land != land_) continue;
    if (std::find(selected_local_.begin(), selected_local_.end(), rule_idx) != selected_local_.end()) continue;
    if (DateIn(date.year, rule.date) == date) return std::string(rule.name);
  }
  return std::nullopt;
}

Result<std::vector<Holiday>> Holidays(std::string_view land, int year, std::string_view ags,
                                      const std::vector<std::string>& extra_local) {
  if (year < kFirstSupportedYear || year > kLastSupportedYear) {
    return Fail(ErrorKind::kInvalid,
                "Das Jahr " + std::to_string(year) + " liegt außerhalb des unterstützten Zeitraums 1995 bis 2100.",
                "year");
  }
  auto calendar = HolidayCalendar::Create(land, ags, extra_local);
  if (!calendar) return std::unexpected(calendar.error());
  return calendar->HolidaysOf(year);
}

}  // namespace mw::law
