// Public holidays (gesetzliche Feiertage) of the 16 Länder for 1995–2100, as the calendar against which § 193 BGB and
// § 31 Abs. 3 VwVfG move a deadline. The rules are data in holidays.cpp, one row per holiday with the Länder, the years
// it holds and its legal source; Easter comes from Gauss's formula.
//
//   auto list = mw::law::Holidays("SN", 2025);                 // Result<std::vector<Holiday>>, sorted by date
//   auto calendar = mw::law::HolidayCalendar::Create("SN", "14625080");  // Crostwitz: Fronleichnam holds there
//   calendar->IsHoliday({2025, 11, 19});                       // "Buß- und Bettag"
//   calendar->IsWorkingDay({2025, 11, 20});                    // true
//
// Holidays that hold only in some municipalities:
//   - found by Amtlicher Gemeindeschlüssel (AGS) where the list is encoded: Fronleichnam in the Sorbian municipalities
//     of Sachsen named in the FronleichnamsVO whose whole area is covered, Fronleichnam in the Landkreis Eichsfeld
//     (Thüringen), the Augsburger Friedensfest and Mariä Himmelfahrt in the city of Augsburg;
//   - otherwise chosen by the caller by name ("Fronleichnam" in SN and TH, "Mariä Himmelfahrt" and "Augsburger
//     Friedensfest" in BY). Mariä Himmelfahrt in the other Bavarian municipalities with a Catholic majority is not
//     encoded (about 1,700 municipalities; the statistical office's list is not part of this module).
// PartialHoliday() names such a day when it is not selected, so that an explanation can point to it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "law/date.hpp"
#include "platform/core/result.hpp"

namespace mw::law {

enum class Land { kBW, kBY, kBE, kBB, kHB, kHH, kHE, kMV, kNI, kNW, kRP, kSL, kSN, kST, kSH, kTH };

// All Länder in the order of the codes BW BY BE BB HB HH HE MV NI NW RP SL SN ST SH TH.
std::span<const Land> AllLands();
// Accepts the two-letter code in either case ("SN", "sn").
Result<Land> ParseLand(std::string_view code);
std::string_view LandCode(Land land);  // "SN"
std::string_view LandName(Land land);  // "Sachsen"

struct Holiday {
  Date date;
  std::string name;    // "Buß- und Bettag"
  bool local = false;  // holds only in some municipalities (chosen by AGS or by the caller)
};

// Easter Sunday after Gauss's formula with its two exception rules; valid for the Gregorian calendar.
Date EasterSunday(int year);

// The names a caller may pass as extra local holidays in this Land ("Fronleichnam" for SN); empty if there are none.
std::vector<std::string> SelectableLocalHolidays(Land land);

// A Land's holiday calendar, optionally narrowed to one municipality. Cheap to copy.
class HolidayCalendar {
 public:
  // `ags`: optional eight-digit Amtlicher Gemeindeschlüssel of the authority's seat; must belong to the Land.
  // `extra_local`: names of local holidays that hold at the authority's seat (see SelectableLocalHolidays), matched
  // without regard to case.
  static Result<HolidayCalendar> Create(std::string_view land, std::string_view ags = {},
                                        const std::vector<std::string>& extra_local = {});

  Land land() const { return land_; }
  const std::string& ags() const { return ags_; }

  // All holidays of the year at this place, sorted by date. The rules are checked for 1995–2100; for other years they
  // are extrapolated (callers that return a Result reject such years first).
  std::vector<Holiday> HolidaysOf(int year) const;
  // The holiday's name, or nullopt on an ordinary day. Two holidays on one day are joined with " und ".
  std::optional<std::string> IsHoliday(Date date) const;
  // Not a Saturday, not a Sunday, not a holiday here (Werktag in the sense of § 193 BGB).
  bool IsWorkingDay(Date date) const;
  // A holiday that holds in parts of this Land but was not selected for this calendar ("Mariä Himmelfahrt"), or
  // nullopt. Used to warn that the deadline may differ at a seat where it holds.
  std::optional<std::string> PartialHoliday(Date date) const;
  // Notes about the municipality, e.g. that Fronleichnam holds only in some of its parts. Empty for most places.
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  HolidayCalendar() = default;

  Land land_ = Land::kBW;
  std::string ags_;
  std::vector<int> selected_local_;  // indices into the table of local holidays
  std::vector<std::string> notes_;
};

// One use case: the holiday list of a Land (and municipality) for one year.
Result<std::vector<Holiday>> Holidays(std::string_view land, int year, std::string_view ags = {},
                                      const std::vector<std::string>& extra_local = {});

}  // namespace mw::law
