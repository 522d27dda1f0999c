#include "law/holidays.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace mw::law {
namespace {

// Sources for the expectations in this file:
// - Easter 2020–2030: table "Ostern Termine (Ostersonntage) bis 2030",
// http://www.ostern-feiern.de/html/ostern-wann.html;
//   2031–2037: https://alle-tage-feiertage.de/?p=2419 and the table at https://scientiade.com/Osterdatum;
//   2038 (25 April, the latest possible date) and 2095 (24 April): epd report in
//   http://www.volksstimme.de/nachrichten/vermischtes/noch_mehr_panorama/272972_Warum-ist-Ostern-in-diesem-Jahr-so-spaet.html;
//   1818 (22 March) and 2008 (23 March): http://heimatverein.he-webpack.de/?p=2137.
//   Gauss's exception years 1954/2049 (25 → 18 April) and 1981/2076 (26 → 19 April) follow the rule as printed by the
//   Bistum Essen (https://www.bistum-essen.de/pressemenue/lexikon/o-lexikon/osterformel) and were cross-checked with
//   the independent algorithm of python-dateutil's easter().
// - The holiday lists: the Länder statutes, § 2 FTG Brandenburg (Ostersonntag, Pfingstsonntag; 8 May only a
//   Gedenktag, http://www.anwalt24.de/gesetze/ftg/2), § 1 HFeiertagsG (no Ostersonntag,
//   https://www.anwalt24.de/gesetze/hfeiertagsg/1), § 1 Berliner FTG as summarised by the Senatsverwaltung für Inneres
//   (https://berlin.de/sen/inneres/buerger-und-staat/verfassungs-und-verwaltungsrecht/artikel.1435639.php), § 2
//   ThürFGtG as amended 19 March 2019 (Weltkindertag; http://kirchenrecht-ekm.de/document/9627), § 1 FTG BW (as quoted
//   at http://christian-dicker.de/Sonn-%20und%20Feiertagsregelungen%20der%20Laender.htm), and the overview of
//   state-specific holidays at
//   https://familie-gauch.de/index.php/home/flur-diele/hobbyraum/astronomie/kalender-mathematik/deutsche-feiertage-berechnung/deutsche-feiertage-berechnung-feiertage-in-den-bundeslaendern
//   and https://preussische-masse.de/kalender/feiertage.html.
// - Reformationstag in HB, HH, NI, SH from 2018: https://st-laurentius-achim.de/reformationstag-neuer-feiertag and
//   https://www.welt.de/regionales/hamburg/article174052711/Tag-der-Reformation-ist-neuer-Feiertag-in-Hamburg.html;
//   nationwide in 2017: https://kalender-2018.net/neuer-feiertag-fuer-norddeutschland.
// - Frauentag in Mecklenburg-Vorpommern from 2023 (Berlin since 2019):
//   https://www.spiegel.de/politik/deutschland/mecklenburg-vorpommern-macht-frauentag-2023-zum-feiertag-a-847a7dc8-6645-43f2-84f3-93cefde741c7
// - 8 May 2020 and 2025 in Berlin:
//   https://www.morgenpost.de/berlin/article239374757/8-Mai-wird-2025-in-Berlin-wieder-ein-Feiertag.html and
//   https://www.stuttgarter-nachrichten.de/inhalt.8-mai-warum-nur-berlin-feiertag-mhsd.f988d89d-864c-43b5-974c-490f51556c32.html
// - Buß- und Bettag only in Sachsen since 1995: https://www.mdr.de/sachsen/faktensammlung-buss-bettag-sachsen-100.html
// - Fronleichnam in Sachsen: FronleichnamsVO (https://www.revosax.sachsen.de/vorschrift/4142-FronleichnamsVO) and its
//   mapping to today's municipalities (https://de-academic.com/dic.nsf/dewiki/478602); AGS from the municipalities'
//   Wikipedia infoboxes (Crostwitz 14 6 25 080, Nebelschütz 14 6 25 350, Panschwitz-Kuckau 14 6 25 440, Räckelwitz
//   14 6 25 470, Radibor 14 6 25 490, Ralbitz-Rosenthal 14 6 25 500, Wittichenau 14 6 25 640).
// - Fronleichnam in the Landkreis Eichsfeld: http://www.kreis-eic.de/feiertagsrecht.html; Kreisschlüssel 16 0 61,
//   Heilbad Heiligenstadt 16 0 61 045.
// - Augsburger Friedensfest: https://inklupedia.de/index.php?mobileaction=toggle_view_mobile&redirect=no&title=Augsburg
//   (Gemeindeschlüssel 09 7 61 000); München 09162000.

using Expected = std::vector<std::pair<Date, std::string>>;

struct LandYearCase {
  const char* land;
  int year;
  Expected holidays;
};

// The complete list per Land for 2020 (Berlin's 8 May, Thüringen's Weltkindertag, Frauentag in Berlin but not yet in
// Mecklenburg-Vorpommern), 2025 (8 May again in Berlin, Frauentag in both) and 2026.
const LandYearCase kLandYearCases[] = {
    {"BW",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 1, 6}, "Heilige Drei Könige"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 6, 11}, "Fronleichnam"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 11, 1}, "Allerheiligen"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"BY",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 1, 6}, "Heilige Drei Könige"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 6, 11}, "Fronleichnam"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 11, 1}, "Allerheiligen"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"BE",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 3, 8}, "Internationaler Frauentag"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 8}, "Tag der Befreiung"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"BB",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 12}, "Ostersonntag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 5, 31}, "Pfingstsonntag"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 10, 31}, "Reformationstag"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"HB",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 10, 31}, "Reformationstag"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"HH",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 10, 31}, "Reformationstag"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"HE",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 6, 11}, "Fronleichnam"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"MV",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 10, 31}, "Reformationstag"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"NI",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 10, 31}, "Reformationstag"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"NW",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 6, 11}, "Fronleichnam"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 11, 1}, "Allerheiligen"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"RP",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 6, 11}, "Fronleichnam"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 11, 1}, "Allerheiligen"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"SL",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 6, 11}, "Fronleichnam"},
      {{2020, 8, 15}, "Mariä Himmelfahrt"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 11, 1}, "Allerheiligen"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"SN",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 10, 31}, "Reformationstag"},
      {{2020, 11, 18}, "Buß- und Bettag"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"ST",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 1, 6}, "Heilige Drei Könige"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 10, 31}, "Reformationstag"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"SH",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 10, 31}, "Reformationstag"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"TH",
     2020,
     {{{2020, 1, 1}, "Neujahr"},
      {{2020, 4, 10}, "Karfreitag"},
      {{2020, 4, 13}, "Ostermontag"},
      {{2020, 5, 1}, "Tag der Arbeit"},
      {{2020, 5, 21}, "Christi Himmelfahrt"},
      {{2020, 6, 1}, "Pfingstmontag"},
      {{2020, 9, 20}, "Weltkindertag"},
      {{2020, 10, 3}, "Tag der Deutschen Einheit"},
      {{2020, 10, 31}, "Reformationstag"},
      {{2020, 12, 25}, "1. Weihnachtstag"},
      {{2020, 12, 26}, "2. Weihnachtstag"}}},
    {"BW",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 1, 6}, "Heilige Drei Könige"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 6, 19}, "Fronleichnam"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 11, 1}, "Allerheiligen"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"BY",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 1, 6}, "Heilige Drei Könige"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 6, 19}, "Fronleichnam"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 11, 1}, "Allerheiligen"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"BE",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 3, 8}, "Internationaler Frauentag"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 8}, "Tag der Befreiung"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"BB",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 20}, "Ostersonntag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 8}, "Pfingstsonntag"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 10, 31}, "Reformationstag"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"HB",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 10, 31}, "Reformationstag"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"HH",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 10, 31}, "Reformationstag"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"HE",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 6, 19}, "Fronleichnam"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"MV",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 3, 8}, "Internationaler Frauentag"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 10, 31}, "Reformationstag"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"NI",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 10, 31}, "Reformationstag"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"NW",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 6, 19}, "Fronleichnam"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 11, 1}, "Allerheiligen"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"RP",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 6, 19}, "Fronleichnam"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 11, 1}, "Allerheiligen"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"SL",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 6, 19}, "Fronleichnam"},
      {{2025, 8, 15}, "Mariä Himmelfahrt"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 11, 1}, "Allerheiligen"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"SN",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 10, 31}, "Reformationstag"},
      {{2025, 11, 19}, "Buß- und Bettag"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"ST",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 1, 6}, "Heilige Drei Könige"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 10, 31}, "Reformationstag"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"SH",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 10, 31}, "Reformationstag"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"TH",
     2025,
     {{{2025, 1, 1}, "Neujahr"},
      {{2025, 4, 18}, "Karfreitag"},
      {{2025, 4, 21}, "Ostermontag"},
      {{2025, 5, 1}, "Tag der Arbeit"},
      {{2025, 5, 29}, "Christi Himmelfahrt"},
      {{2025, 6, 9}, "Pfingstmontag"},
      {{2025, 9, 20}, "Weltkindertag"},
      {{2025, 10, 3}, "Tag der Deutschen Einheit"},
      {{2025, 10, 31}, "Reformationstag"},
      {{2025, 12, 25}, "1. Weihnachtstag"},
      {{2025, 12, 26}, "2. Weihnachtstag"}}},
    {"BW",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 1, 6}, "Heilige Drei Könige"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 6, 4}, "Fronleichnam"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 11, 1}, "Allerheiligen"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"BY",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 1, 6}, "Heilige Drei Könige"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 6, 4}, "Fronleichnam"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 11, 1}, "Allerheiligen"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"BE",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 3, 8}, "Internationaler Frauentag"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"BB",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 5}, "Ostersonntag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 24}, "Pfingstsonntag"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 10, 31}, "Reformationstag"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"HB",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 10, 31}, "Reformationstag"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"HH",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 10, 31}, "Reformationstag"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"HE",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 6, 4}, "Fronleichnam"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"MV",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 3, 8}, "Internationaler Frauentag"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 10, 31}, "Reformationstag"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"NI",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 10, 31}, "Reformationstag"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"NW",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 6, 4}, "Fronleichnam"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 11, 1}, "Allerheiligen"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"RP",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 6, 4}, "Fronleichnam"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 11, 1}, "Allerheiligen"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"SL",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 6, 4}, "Fronleichnam"},
      {{2026, 8, 15}, "Mariä Himmelfahrt"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 11, 1}, "Allerheiligen"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"SN",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 10, 31}, "Reformationstag"},
      {{2026, 11, 18}, "Buß- und Bettag"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"ST",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 1, 6}, "Heilige Drei Könige"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 10, 31}, "Reformationstag"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"SH",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 10, 31}, "Reformationstag"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
    {"TH",
     2026,
     {{{2026, 1, 1}, "Neujahr"},
      {{2026, 4, 3}, "Karfreitag"},
      {{2026, 4, 6}, "Ostermontag"},
      {{2026, 5, 1}, "Tag der Arbeit"},
      {{2026, 5, 14}, "Christi Himmelfahrt"},
      {{2026, 5, 25}, "Pfingstmontag"},
      {{2026, 9, 20}, "Weltkindertag"},
      {{2026, 10, 3}, "Tag der Deutschen Einheit"},
      {{2026, 10, 31}, "Reformationstag"},
      {{2026, 12, 25}, "1. Weihnachtstag"},
      {{2026, 12, 26}, "2. Weihnachtstag"}}},
};

TEST(Holidays, MatchTheStatutoryListOfEveryLand) {
  for (const auto& test_case : kLandYearCases) {
    auto holidays = Holidays(test_case.land, test_case.year);
    ASSERT_TRUE(holidays) << holidays.error().message;
    Expected actual;
    for (const auto& holiday : *holidays) actual.emplace_back(holiday.date, holiday.name);
    EXPECT_EQ(actual, test_case.holidays) << test_case.land << " " << test_case.year;
  }
}

struct MovableFeastCase {
  int year;
  Date easter_sunday;
  Date good_friday;
  Date easter_monday;
  Date ascension;
  Date whit_monday;
  Date corpus_christi;
  Date repentance_day;
};

// Every year 2020–2030: the movable feasts follow from Easter (Karfreitag −2, Ostermontag +1, Christi Himmelfahrt +39,
// Pfingstmontag +50, Fronleichnam +60 days), Buß- und Bettag is the Wednesday before 23 November.
const MovableFeastCase kMovableFeasts[] = {
    {2020, {2020, 4, 12}, {2020, 4, 10}, {2020, 4, 13}, {2020, 5, 21}, {2020, 6, 1}, {2020, 6, 11}, {2020, 11, 18}},
    {2021, {2021, 4, 4}, {2021, 4, 2}, {2021, 4, 5}, {2021, 5, 13}, {2021, 5, 24}, {2021, 6, 3}, {2021, 11, 17}},
    {2022, {2022, 4, 17}, {2022, 4, 15}, {2022, 4, 18}, {2022, 5, 26}, {2022, 6, 6}, {2022, 6, 16}, {2022, 11, 16}},
    {2023, {2023, 4, 9}, {2023, 4, 7}, {2023, 4, 10}, {2023, 5, 18}, {2023, 5, 29}, {2023, 6, 8}, {2023, 11, 22}},
    {2024, {2024, 3, 31}, {2024, 3, 29}, {2024, 4, 1}, {2024, 5, 9}, {2024, 5, 20}, {2024, 5, 30}, {2024, 11, 20}},
    {2025, {2025, 4, 20}, {2025, 4, 18}, {2025, 4, 21}, {2025, 5, 29}, {2025, 6, 9}, {2025, 6, 19}, {2025, 11, 19}},
    {2026, {2026, 4, 5}, {2026, 4, 3}, {2026, 4, 6}, {2026, 5, 14}, {2026, 5, 25}, {2026, 6, 4}, {2026, 11, 18}},
    {2027, {2027, 3, 28}, {2027, 3, 26}, {2027, 3, 29}, {2027, 5, 6}, {2027, 5, 17}, {2027, 5, 27}, {2027, 11, 17}},
    {2028, {2028, 4, 16}, {2028, 4, 14}, {2028, 4, 17}, {2028, 5, 25}, {2028, 6, 5}, {2028, 6, 15}, {2028, 11, 22}},
    {2029, {2029, 4, 1}, {2029, 3, 30}, {2029, 4, 2}, {2029, 5, 10}, {2029, 5, 21}, {2029, 5, 31}, {2029, 11, 21}},
    {2030, {2030, 4, 21}, {2030, 4, 19}, {2030, 4, 22}, {2030, 5, 30}, {2030, 6, 10}, {2030, 6, 20}, {2030, 11, 20}},
};

std::optional<Date> DateOf(const std::vector<Holiday>& holidays, std::string_view name) {
  for (const auto& holiday : holidays) {
    if (holiday.name == name) return holiday.date;
  }
  return std::nullopt;
}

TEST(Holidays, MovableFeastsEveryYear2020To2030) {
  for (const auto& feast : kMovableFeasts) {
    EXPECT_EQ(EasterSunday(feast.year), feast.easter_sunday) << feast.year;
    auto nordrhein_westfalen = Holidays("NW", feast.year);
    auto sachsen = Holidays("SN", feast.year);
    ASSERT_TRUE(nordrhein_westfalen && sachsen);
    EXPECT_EQ(DateOf(*nordrhein_westfalen, "Karfreitag"), feast.good_friday) << feast.year;
    EXPECT_EQ(DateOf(*nordrhein_westfalen, "Ostermontag"), feast.easter_monday) << feast.year;
    EXPECT_EQ(DateOf(*nordrhein_westfalen, "Christi Himmelfahrt"), feast.ascension) << feast.year;
    EXPECT_EQ(DateOf(*nordrhein_westfalen, "Pfingstmontag"), feast.whit_monday) << feast.year;
    EXPECT_EQ(DateOf(*nordrhein_westfalen, "Fronleichnam"), feast.corpus_christi) << feast.year;
    EXPECT_EQ(DateOf(*sachsen, "Buß- und Bettag"), feast.repentance_day) << feast.year;
    EXPECT_EQ(WeekdayOf(feast.repentance_day), Weekday::kWednesday);
    EXPECT_GE(feast.repentance_day, (Date{feast.year, 11, 16}));
    EXPECT_LE(feast.repentance_day, (Date{feast.year, 11, 22}));
  }
}

struct EasterCase {
  int year;
  Date easter_sunday;
};

const EasterCase kEasterCases[] = {
    {2031, {2031, 4, 13}}, {2032, {2032, 3, 28}}, {2033, {2033, 4, 17}}, {2034, {2034, 4, 9}}, {2035, {2035, 3, 25}},
    {2036, {2036, 4, 13}}, {2037, {2037, 4, 5}},  {2038, {2038, 4, 25}},  // the latest possible Easter
    {2095, {2095, 4, 24}}, {2008, {2008, 3, 23}},  // outside the supported range: the formula itself still holds
    {1818, {1818, 3, 22}},                         // the earliest possible Easter
    {1954, {1954, 4, 18}},                         // Gauss's second exception: 25 April becomes 18 April
    {2049, {2049, 4, 18}}, {1981, {1981, 4, 19}},  // Gauss's first exception: 26 April becomes 19 April
    {2076, {2076, 4, 19}}, {2100, {2100, 3, 28}},  // the secular quantities change after 2099 (M = 24, N = 6)
};

TEST(EasterSunday, MatchesPublishedDatesIncludingGaussExceptions) {
  for (const auto& test_case : kEasterCases) {
    EXPECT_EQ(EasterSunday(test_case.year), test_case.easter_sunday) << test_case.year;
  }
}

TEST(EasterSunday, IsAlwaysASundayBetween22MarchAnd25April) {
  for (int year = kFirstSupportedYear; year <= kLastSupportedYear; ++year) {
    const Date easter = EasterSunday(year);
    EXPECT_EQ(WeekdayOf(easter), Weekday::kSunday) << year;
    EXPECT_GE(easter, (Date{year, 3, 22})) << year;
    EXPECT_LE(easter, (Date{year, 4, 25})) << year;
  }
}

struct RuleCase {
  const char* description;
  const char* land;
  Date date;
  std::optional<std::string> holiday;
};

// The Land-specific rules and their history within 1995–2100.
const RuleCase kRuleCases[] = {
    {"Buß- und Bettag: Sachsen keeps it from 1995 on", "SN", {1995, 11, 22}, "Buß- und Bettag"},
    {"Buß- und Bettag: abolished elsewhere from 1995", "ST", {1995, 11, 22}, std::nullopt},
    {"Buß- und Bettag: abolished in Bayern too", "BY", {2025, 11, 19}, std::nullopt},
    {"Buß- und Bettag 2100", "SN", {2100, 11, 17}, "Buß- und Bettag"},
    {"Reformationstag in the eastern Länder since before 1995", "BB", {1995, 10, 31}, "Reformationstag"},
    {"Reformationstag in Thüringen", "TH", {2030, 10, 31}, "Reformationstag"},
    {"Reformationstag: not yet in Niedersachsen 2016", "NI", {2016, 10, 31}, std::nullopt},
    {"Reformationstag 2017: nationwide one-off (NI)", "NI", {2017, 10, 31}, "Reformationstag"},
    {"Reformationstag 2017: nationwide one-off (BY)", "BY", {2017, 10, 31}, "Reformationstag"},
    {"Reformationstag 2017: nationwide one-off (BE)", "BE", {2017, 10, 31}, "Reformationstag"},
    {"Reformationstag 2018: not in Bayern", "BY", {2018, 10, 31}, std::nullopt},
    {"Reformationstag from 2018 in Hamburg", "HH", {2018, 10, 31}, "Reformationstag"},
    {"Reformationstag from 2018 in Bremen", "HB", {2019, 10, 31}, "Reformationstag"},
    {"Reformationstag from 2018 in Schleswig-Holstein", "SH", {2024, 10, 31}, "Reformationstag"},
    {"Reformationstag never in Nordrhein-Westfalen after 2017", "NW", {2025, 10, 31}, std::nullopt},
    {"Weltkindertag: not before 2019", "TH", {2018, 9, 20}, std::nullopt},
    {"Weltkindertag from 2019", "TH", {2019, 9, 20}, "Weltkindertag"},
    {"Weltkindertag only in Thüringen", "SN", {2024, 9, 20}, std::nullopt},
    {"Frauentag Berlin: not before 2019", "BE", {2018, 3, 8}, std::nullopt},
    {"Frauentag Berlin from 2019", "BE", {2019, 3, 8}, "Internationaler Frauentag"},
    {"Frauentag Mecklenburg-Vorpommern: not in 2022", "MV", {2022, 3, 8}, std::nullopt},
    {"Frauentag Mecklenburg-Vorpommern from 2023", "MV", {2023, 3, 8}, "Internationaler Frauentag"},
    {"Frauentag not in Brandenburg", "BB", {2024, 3, 8}, std::nullopt},
    {"8 May 2020 in Berlin", "BE", {2020, 5, 8}, "Tag der Befreiung"},
    {"8 May 2025 in Berlin", "BE", {2025, 5, 8}, "Tag der Befreiung"},
    {"8 May is one-off in Berlin: not 2021", "BE", {2021, 5, 8}, std::nullopt},
    {"8 May is one-off in Berlin: not 2030", "BE", {2030, 5, 8}, std::nullopt},
    {"8 May is only a Gedenktag in Brandenburg", "BB", {2020, 5, 8}, std::nullopt},
    {"Heilige Drei Könige in Sachsen-Anhalt", "ST", {2025, 1, 6}, "Heilige Drei Könige"},
    {"Heilige Drei Könige in Baden-Württemberg", "BW", {1995, 1, 6}, "Heilige Drei Könige"},
    {"Heilige Drei Könige not in Hessen", "HE", {2025, 1, 6}, std::nullopt},
    {"Mariä Himmelfahrt statewide in the Saarland", "SL", {2025, 8, 15}, "Mariä Himmelfahrt"},
    {"Mariä Himmelfahrt in Bayern only in some municipalities", "BY", {2025, 8, 15}, std::nullopt},
    {"Allerheiligen in Rheinland-Pfalz", "RP", {2025, 11, 1}, "Allerheiligen"},
    {"Allerheiligen not in Sachsen", "SN", {2025, 11, 1}, std::nullopt},
    {"Fronleichnam in Hessen", "HE", {2025, 6, 19}, "Fronleichnam"},
    {"Fronleichnam in Sachsen only in some municipalities", "SN", {2025, 6, 19}, std::nullopt},
    {"Ostersonntag is a holiday in Brandenburg", "BB", {2025, 4, 20}, "Ostersonntag"},
    {"Ostersonntag is no listed holiday in Hessen", "HE", {2025, 4, 20}, std::nullopt},
    {"Pfingstsonntag in Brandenburg", "BB", {2026, 5, 24}, "Pfingstsonntag"},
    {"An ordinary Thursday", "SN", {2025, 11, 20}, std::nullopt},
};

TEST(HolidayCalendar, AppliesTheLandSpecificRulesAndTheirHistory) {
  for (const auto& test_case : kRuleCases) {
    auto calendar = HolidayCalendar::Create(test_case.land);
    ASSERT_TRUE(calendar) << test_case.description;
    EXPECT_EQ(calendar->IsHoliday(test_case.date), test_case.holiday) << test_case.description;
  }
}

TEST(HolidayCalendar, WorkingDaysExcludeWeekendsAndHolidays) {
  auto sachsen = HolidayCalendar::Create("SN");
  ASSERT_TRUE(sachsen);
  EXPECT_TRUE(sachsen->IsWorkingDay({2025, 11, 20}));   // Thursday
  EXPECT_FALSE(sachsen->IsWorkingDay({2025, 11, 19}));  // Buß- und Bettag
  EXPECT_FALSE(sachsen->IsWorkingDay({2025, 11, 22}));  // Saturday
  EXPECT_FALSE(sachsen->IsWorkingDay({2025, 11, 23}));  // Sunday
  auto sachsen_anhalt = HolidayCalendar::Create("st");  // codes in any case
  ASSERT_TRUE(sachsen_anhalt);
  EXPECT_TRUE(sachsen_anhalt->IsWorkingDay({2025, 11, 19}));
}

struct LocalCase {
  const char* description;
  const char* land;
  const char* ags;
  std::vector<std::string> extra_local;
  Date date;
  std::optional<std::string> holiday;
  std::optional<std::string> partial;  // what PartialHoliday reports
};

const LocalCase kLocalCases[] = {
    {"Fronleichnam in Crostwitz", "SN", "14625080", {}, {2025, 6, 19}, "Fronleichnam", std::nullopt},
    {"Fronleichnam in Nebelschütz", "SN", "14625350", {}, {2026, 6, 4}, "Fronleichnam", std::nullopt},
    {"Fronleichnam in Panschwitz-Kuckau", "SN", "14625440", {}, {2025, 6, 19}, "Fronleichnam", std::nullopt},
    {"Fronleichnam in Puschwitz (FronleichnamsVO Sachsen)", "SN", "14625460", {}, {2025, 6, 19}, "Fronleichnam",
     std::nullopt},
    {"Fronleichnam in Puschwitz 2026", "SN", "14625460", {}, {2026, 6, 4}, "Fronleichnam", std::nullopt},
    {"Fronleichnam not in Neschwitz", "SN", "14625360", {}, {2025, 6, 19}, std::nullopt, "Fronleichnam"},
    {"Fronleichnam in Räckelwitz", "SN", "14625470", {}, {2025, 6, 19}, "Fronleichnam", std::nullopt},
    {"Fronleichnam in Ralbitz-Rosenthal", "SN", "14625500", {}, {2025, 6, 19}, "Fronleichnam", std::nullopt},
    {"Fronleichnam only in parts of Radibor", "SN", "14625490", {}, {2025, 6, 19}, std::nullopt, "Fronleichnam"},
    {"Fronleichnam not in Sachsen without a place", "SN", "", {}, {2025, 6, 19}, std::nullopt, "Fronleichnam"},
    {"Fronleichnam chosen by the caller in Sachsen",
     "SN",
     "",
     {"Fronleichnam"},
     {2025, 6, 19},
     "Fronleichnam",
     std::nullopt},
    {"Fronleichnam chosen by its ASCII key", "SN", "", {"fronleichnam"}, {2025, 6, 19}, "Fronleichnam", std::nullopt},
    {"Fronleichnam in Heilbad Heiligenstadt (Landkreis Eichsfeld)",
     "TH",
     "16061045",
     {},
     {2025, 6, 19},
     "Fronleichnam",
     std::nullopt},
    {"Fronleichnam not in Erfurt", "TH", "16051000", {}, {2025, 6, 19}, std::nullopt, "Fronleichnam"},
    {"Augsburger Friedensfest in Augsburg",
     "BY",
     "09761000",
     {},
     {2025, 8, 8},
     "Augsburger Friedensfest",
     std::nullopt},
    {"Mariä Himmelfahrt in Augsburg (Catholic majority, BayFTG Art. 1 Abs. 1 Nr. 2)",
     "BY",
     "09761000",
     {},
     {2025, 8, 15},
     "Mariä Himmelfahrt",
     std::nullopt},
    {"Mariä Himmelfahrt not chosen in München by its AGS",
     "BY",
     "09162000",
     {},
     {2025, 8, 15},
     std::nullopt,
     "Mariä Himmelfahrt"},
    {"Augsburger Friedensfest not in München",
     "BY",
     "09162000",
     {},
     {2025, 8, 8},
     std::nullopt,
     "Augsburger Friedensfest"},
    {"Mariä Himmelfahrt chosen by the caller in Bayern",
     "BY",
     "09162000",
     {"Mariä Himmelfahrt"},
     {2025, 8, 15},
     "Mariä Himmelfahrt",
     std::nullopt},
    {"Mariä Himmelfahrt, case-insensitive",
     "BY",
     "",
     {"MARIä HIMMELFAHRT"},
     {2025, 8, 15},
     "Mariä Himmelfahrt",
     std::nullopt},
    {"Mariä Himmelfahrt not chosen in Bayern", "BY", "", {}, {2025, 8, 15}, std::nullopt, "Mariä Himmelfahrt"},
    {"No partial holidays in Niedersachsen", "NI", "", {}, {2025, 8, 15}, std::nullopt, std::nullopt},
};

TEST(HolidayCalendar, LocalHolidaysByGemeindeschluesselOrByName) {
  for (const auto& test_case : kLocalCases) {
    auto calendar = HolidayCalendar::Create(test_case.land, test_case.ags, test_case.extra_local);
    ASSERT_TRUE(calendar) << test_case.description << ": " << calendar.error().message;
    EXPECT_EQ(calendar->IsHoliday(test_case.date), test_case.holiday) << test_case.description;
    EXPECT_EQ(calendar->PartialHoliday(test_case.date), test_case.partial) << test_case.description;
  }
}

TEST(HolidayCalendar, MarksLocalHolidaysAndExplainsPartialMunicipalities) {
  auto crostwitz = Holidays("SN", 2025, "14625080");
  ASSERT_TRUE(crostwitz);
  ASSERT_EQ(crostwitz->size(), 12u);  // Sachsen's eleven plus Fronleichnam
  const auto fronleichnam = std::find_if(crostwitz->begin(), crostwitz->end(),
                                         [](const Holiday& holiday) { return holiday.name == "Fronleichnam"; });
  ASSERT_NE(fronleichnam, crostwitz->end());
  EXPECT_TRUE(fronleichnam->local);
  EXPECT_EQ(fronleichnam->date, (Date{2025, 6, 19}));

  auto radibor = HolidayCalendar::Create("SN", "14625490");
  ASSERT_TRUE(radibor);
  ASSERT_EQ(radibor->notes().size(), 1u);
  EXPECT_NE(radibor->notes()[0].find("nur in einem Teil des Gemeindegebiets"), std::string::npos);

  EXPECT_EQ(SelectableLocalHolidays(Land::kBY),
            (std::vector<std::string>{"Mariä Himmelfahrt", "Augsburger Friedensfest"}));
  EXPECT_TRUE(SelectableLocalHolidays(Land::kNW).empty());
}

TEST(HolidayCalendar, ListsALocalHolidayOnceEvenIfChosenTwice) {
  // Augsburg's AGS selects the Friedensfest already; naming it as well must not list it twice.
  auto holidays = Holidays("BY", 2025, "09761000", {"Augsburger Friedensfest"});
  ASSERT_TRUE(holidays);
  EXPECT_EQ(std::count_if(holidays->begin(), holidays->end(),
                          [](const Holiday& holiday) { return holiday.name == "Augsburger Friedensfest"; }),
            1);
  auto calendar = HolidayCalendar::Create("BY", "09761000", {"Augsburger Friedensfest"});
  ASSERT_TRUE(calendar);
  EXPECT_EQ(calendar->IsHoliday({2025, 8, 8}), "Augsburger Friedensfest");
}

struct BadInputCase {
  const char* description;
  const char* land;
  int year;
  const char* ags;
  std::vector<std::string> extra_local;
  const char* field;
  const char* message;
};

const BadInputCase kBadInputCases[] = {
    {"unknown Land",
     "XX",
     2025,
     "",
     {},
     "land",
     "Unbekanntes Bundesland „XX“. Erlaubt sind die Kürzel BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, "
     "TH."},
    {"empty Land", "", 2025, "", {}, "land", nullptr},
    {"year before 1995",
     "SN",
     1994,
     "",
     {},
     "year",
     "Das Jahr 1994 liegt außerhalb des unterstützten Zeitraums 1995 bis 2100."},
    {"year after 2100", "SN", 2101, "", {}, "year", nullptr},
    {"AGS too short",
     "SN",
     2025,
     "1462508",
     {},
     "ags",
     "Der Amtliche Gemeindeschlüssel muss aus acht Ziffern bestehen (zum Beispiel 14625080); angegeben ist "
     "„1462508“."},
    {"AGS with letters", "SN", 2025, "14625O80", {}, "ags", nullptr},
    {"AGS of another Land",
     "SN",
     2025,
     "09761000",
     {},
     "ags",
     "Der Gemeindeschlüssel 09761000 gehört nicht zu Sachsen (dort beginnen die Schlüssel mit 14)."},
    {"local holiday of another Land",
     "SN",
     2025,
     "",
     {"Mariä Himmelfahrt"},
     "extra_local",
     "„Mariä Himmelfahrt“ kann in Sachsen nicht als örtlicher Feiertag gewählt werden; möglich: Fronleichnam."},
    {"no local holidays in the Land",
     "NW",
     2025,
     "",
     {"Rosenmontag"},
     "extra_local",
     "„Rosenmontag“ kann in Nordrhein-Westfalen nicht als örtlicher Feiertag gewählt werden; dort gibt es keine "
     "örtlichen Feiertage zur Auswahl."},
};

TEST(Holidays, RejectsBadInputWithAGermanMessage) {
  for (const auto& test_case : kBadInputCases) {
    auto holidays = Holidays(test_case.land, test_case.year, test_case.ags, test_case.extra_local);
    ASSERT_FALSE(holidays) << test_case.description;
    EXPECT_EQ(holidays.error().kind, ErrorKind::kInvalid) << test_case.description;
    EXPECT_EQ(holidays.error().field, test_case.field) << test_case.description;
    if (test_case.message != nullptr) {
      EXPECT_EQ(holidays.error().message, test_case.message) << test_case.description;
    }
  }
}

TEST(Lands, HaveCodesAndNames) {
  ASSERT_EQ(AllLands().size(), 16u);
  EXPECT_EQ(LandCode(Land::kSN), "SN");
  EXPECT_EQ(LandName(Land::kST), "Sachsen-Anhalt");
  EXPECT_EQ(LandName(Land::kTH), "Thüringen");
  auto land = ParseLand(" by ");
  ASSERT_TRUE(land);
  EXPECT_EQ(*land, Land::kBY);
}

}  // namespace
}  // namespace mw::law
