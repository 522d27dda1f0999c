#include "formats/procedures/model.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <utility>

#include <boost/json.hpp>

#include "law/procedures.hpp"
#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"

namespace mw::procedures {
namespace {

constexpr std::array<std::pair<Type, std::string_view>, 6> kTypeNames{{
    {Type::kConsultation, "consultation"},
    {Type::kBaugb31, "baugb-3-1"},
    {Type::kBaugb32, "baugb-3-2"},
    {Type::kBaugb42, "baugb-4-2"},
    {Type::kBimschg, "bimschg"},
    {Type::kVwvfg73, "vwvfg-73"},
}};

constexpr std::array<std::pair<Phase, std::string_view>, 5> kPhaseNames{{
    {Phase::kDraft, "draft"},
    {Phase::kPublished, "published"},
    {Phase::kHearing, "hearing"},
    {Phase::kDecided, "decided"},
    {Phase::kArchived, "archived"},
}};

constexpr std::array<std::pair<Status, std::string_view>, 7> kStatusNames{{
    {Status::kDraft, "draft"},
    {Status::kAnnounced, "announced"},
    {Status::kParticipation, "participation"},
    {Status::kEvaluation, "evaluation"},
    {Status::kHearing, "hearing"},
    {Status::kDecided, "decided"},
    {Status::kArchived, "archived"},
}};

constexpr std::array<std::pair<Channel, std::string_view>, 3> kChannelNames{{
    {Channel::kOnline, "online"},
    {Channel::kPaper, "paper"},
    {Channel::kMail, "mail"},
}};

template <typename E, std::size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [item, name] : names) {
    if (item == value) return name;
  }
  return {};
}

template <typename E, std::size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& names, std::string_view name) {
  for (const auto& [item, item_name] : names) {
    if (item_name == name) return item;
  }
  return std::nullopt;
}

constexpr law::Date kEpoch{1970, 1, 1};

// The last Sunday of `month` in `year`.
law::Date LastSunday(int year, int month) {
  law::Date day = law::LastDayOfMonth(year, month);
  while (law::WeekdayOf(day) != law::Weekday::kSunday) day = law::AddDays(day, -1);
  return day;
}

// Central European Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
// October (EU directive 2000/84/EC).
db::UnixSeconds SummerStart(int year) { return law::DaysBetween(kEpoch, LastSunday(year, 3)) * 86400LL + 3600; }
db::UnixSeconds SummerEnd(int year) { return law::DaysBetween(kEpoch, LastSunday(year, 10)) * 86400LL + 3600; }

// Offset of Berlin's local time from UTC at the instant `at`.
db::UnixSeconds BerlinOffset(db::UnixSeconds at) {
  law::Date utc_day = law::AddDays(kEpoch, static_cast<int>((at >= 0 ? at : at - 86399) / 86400));
  bool summer = at >= SummerStart(utc_day.year) && at < SummerEnd(utc_day.year);
  return summer ? 7200 : 3600;
}

// A [longitude, latitude] pair within the world, or nullopt.
std::optional<LatLon> Position(const boost::json::value& value) {
  const auto* pair = value.if_array();
  if (!pair || pair->size() < 2 || !(*pair)[0].is_number() || !(*pair)[1].is_number()) return std::nullopt;
  double lon = (*pair)[0].to_number<double>();
  double lat = (*pair)[1].to_number<double>();
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return std::nullopt;
  return LatLon{lat, lon};
}

void Extend(places::Box& box, LatLon position, bool first) {
  if (first) {
    box = places::BoxOf({position.lat, position.lon});
    return;
  }
  box.min_lat = std::min(box.min_lat, position.lat);
  box.max_lat = std::max(box.max_lat, position.lat);
  box.min_lon = std::min(box.min_lon, position.lon);
  box.max_lon = std::max(box.max_lon, position.lon);
}

// Adds every position of a ring list (Polygon coordinates) to the running sums; false if one is malformed.
bool AddRings(const boost::json::value& rings, double& lat_sum, double& lon_sum, std::size_t& count,
              places::Box& box) {
  const auto* list = rings.if_array();
  if (!list || list->empty()) return false;
  for (const auto& ring : *list) {
    const auto* points = ring.if_array();
    if (!points || points->size() < 4) return false;
    for (const auto& point : *points) {
      auto position = Position(point);
      if (!position) return false;
      lat_sum += position->lat;
      lon_sum += position->lon;
      Extend(box, *position, count == 0);
      ++count;
    }
  }
  return true;
}

}  // namespace

std::string_view TypeName(Type type) { return NameOf(kTypeNames, type); }
std::optional<Type> ParseType(std::string_view name) { return Parse(kTypeNames, name); }
const std::vector<Type>& AllTypes() {
  static const std::vector<Type> types = [] {
    std::vector<Type> out;
    for (const auto& [type, name] : kTypeNames) out.push_back(type);
    return out;
  }();
  return types;
}

std::string_view LawRule(Type type, bool ied, bool uvp) {
  switch (type) {
    case Type::kConsultation:
    case Type::kBaugb31:
      return "free";
    case Type::kBaugb32:
      return "baugb-3-2";
    case Type::kBaugb42:
      return "baugb-4-2";
    case Type::kBimschg:
      if (ied) return "bimschg-ied";
      if (uvp) return "bimschg-uvp";
      return "bimschg";
    case Type::kVwvfg73:
      return uvp ? "vwvfg-73-uvp" : "vwvfg-73";
  }
  return "free";
}

bool IsBauleitplanung(Type type) {
  return type == Type::kBaugb31 || type == Type::kBaugb32 || type == Type::kBaugb42;
}

bool RequiresNameAndAddress(Type type) { return type == Type::kBimschg || type == Type::kVwvfg73; }
bool HasHearing(Type type) { return type == Type::kBimschg || type == Type::kVwvfg73; }
bool TakesObjections(Type type) { return type == Type::kBimschg || type == Type::kVwvfg73; }
bool HasPreclusion(Type type) { return type == Type::kBimschg || type == Type::kVwvfg73; }

std::string_view PhaseName(Phase phase) { return NameOf(kPhaseNames, phase); }
std::optional<Phase> ParsePhase(std::string_view name) { return Parse(kPhaseNames, name); }

bool CanTransition(Phase from, Phase to) {
  switch (from) {
    case Phase::kDraft:
      return to == Phase::kPublished;
    case Phase::kPublished:
      return to == Phase::kHearing || to == Phase::kDecided;
    case Phase::kHearing:
      return to == Phase::kDecided;
    case Phase::kDecided:
      return to == Phase::kArchived;
    case Phase::kArchived:
      return false;
  }
  return false;
}

std::string_view StatusName(Status status) { return NameOf(kStatusNames, status); }
std::optional<Status> ParseStatus(std::string_view name) { return Parse(kStatusNames, name); }

Status StatusOn(Phase phase, law::Date display_start, law::Date objection_end, law::Date today) {
  switch (phase) {
    case Phase::kDraft:
      return Status::kDraft;
    case Phase::kHearing:
      return Status::kHearing;
    case Phase::kDecided:
      return Status::kDecided;
    case Phase::kArchived:
      return Status::kArchived;
    case Phase::kPublished:
      if (today < display_start) return Status::kAnnounced;
      if (today <= objection_end) return Status::kParticipation;
      return Status::kEvaluation;
  }
  return Status::kDraft;
}

bool IsPublic(Phase phase) { return phase != Phase::kDraft; }

bool TakesOnlineSubmissions(Type type, const LegalDetails& legal) {
  return type != Type::kVwvfg73 || !Trim(legal.online_objection_basis).empty();
}

bool MeetsWrittenForm(Type type, const LegalDetails& legal, Channel channel) {
  if (type != Type::kVwvfg73) return true;
  switch (channel) {
    case Channel::kPaper:
      return true;
    case Channel::kMail:
      return false;
    case Channel::kOnline:
      return TakesOnlineSubmissions(type, legal);
  }
  return false;
}

bool IsRepeatable(Type type) {
  return type == Type::kBaugb32 || type == Type::kBaugb42 || type == Type::kBimschg || type == Type::kVwvfg73;
}

std::vector<Error> ValidateProcedure(const ProcedureInput& input) {
  std::vector<Error> errors;
  CheckTextField(errors, input.title, "title", "Bitte geben Sie einen Titel an.", "Der Titel", kMaxTitleChars, true);
  CheckTextField(errors, input.description, "description", "Bitte beschreiben Sie das Verfahren.", "Die Beschreibung",
                 kMaxDescriptionChars, true, TextLines::kMulti);
  CheckTextField(errors, input.applicant, "applicant", "", "Der Vorhabenträger", kMaxApplicantChars, false);
  CheckTextField(errors, input.documents_location, "documents_location", "", "Der Auslegungsort", kMaxLocationChars,
                 false, TextLines::kMulti);
  if (input.ied && input.type != Type::kBimschg) {
    errors.push_back({ErrorKind::kInvalid, "Die Angabe „IED-Anlage“ gilt nur für Genehmigungen nach dem BImSchG.",
                      "ied"});
  }
  if (input.uvp && input.type != Type::kBimschg && input.type != Type::kVwvfg73) {
    errors.push_back({ErrorKind::kInvalid,
                      "Die Angabe „UVP-pflichtig“ gilt nur für BImSchG-Genehmigungen und Planfeststellungen.", "uvp"});
  }
  const LegalDetails& legal = input.legal;
  CheckTextField(errors, legal.site, "site", "", "Der Standort", kMaxDetailChars, false);
  CheckTextField(errors, legal.installation, "installation", "", "Art und Umfang der Anlage", kMaxDetailChars, false);
  CheckTextField(errors, legal.operation_start, "operation_start", "", "Der Zeitpunkt der Inbetriebnahme",
                 kMaxDetailChars, false);
  CheckTextField(errors, legal.reports, "reports", "", "Die Angabe der Berichte und Empfehlungen",
                 kMaxEnvironmentalInfoChars, false);
  CheckTextField(errors, legal.environmental_info, "environmental_info", "",
                 "Die Angabe der umweltbezogenen Informationen", kMaxEnvironmentalInfoChars, false);
  CheckTextField(errors, legal.repeated_scope, "repeated_scope", "", "Die Angabe der geänderten Teile",
                 kMaxDetailChars, false);
  CheckTextField(errors, legal.filing_municipality, "filing_municipality", "", "Die Gemeinde", kMaxDetailChars, false);
  if (!legal.plan_type.empty() && legal.plan_type != kPlanFnp && legal.plan_type != kPlanBplan) {
    errors.push_back({ErrorKind::kInvalid,
                      "Die Art des Bauleitplans muss Flächennutzungsplan (fnp) oder Bebauungsplan (bplan) sein.",
                      "plan_type"});
  } else if (!legal.plan_type.empty() && !IsBauleitplanung(input.type)) {
    errors.push_back({ErrorKind::kInvalid, "Die Art des Bauleitplans gilt nur für die Bauleitplanung.", "plan_type"});
  }
  const std::string_view ags = Trim(legal.filing_ags);
  if (!ags.empty() && (ags.size() != 8 || !std::all_of(ags.begin(), ags.end(), [](char c) { return c >= '0' && c <= '9'; }))) {
    errors.push_back({ErrorKind::kInvalid, "Der Gemeindeschlüssel muss aus acht Ziffern bestehen.", "filing_ags"});
  }
  CheckTextField(errors, legal.repeat_reason, "repeat_reason", "", "Der Grund der erneuten Beteiligung",
                 kMaxDetailChars, false, TextLines::kMulti);
  CheckTextField(errors, legal.online_objection_basis, "online_objection_basis", "",
                 "Die Vorschrift für Einwendungen über das Portal", kMaxDetailChars, false);
  if (!Trim(legal.online_objection_basis).empty() && input.type != Type::kVwvfg73) {
    errors.push_back({ErrorKind::kInvalid,
                      "Eine Vorschrift für Einwendungen über das Portal ist nur bei der Planfeststellung anzugeben; die "
                      "anderen Verfahren nehmen Stellungnahmen nach ihrem eigenen Recht elektronisch entgegen.",
                      "online_objection_basis"});
  }
  if (legal.repeated) {
    if (!IsRepeatable(input.type)) {
      errors.push_back({ErrorKind::kInvalid,
                        "Eine erneute Beteiligung nach einer Änderung regelt das Gesetz für § 3 Abs. 2 und § 4 Abs. 2 "
                        "BauGB (§ 4a Abs. 3), die Planfeststellung (§ 73 Abs. 8 VwVfG, § 22 UVPG) und das "
                        "BImSchG-Verfahren (§ 8 Abs. 2 der 9. BImSchV).",
                        "repeated"});
    }
    if (Trim(legal.repeat_reason).empty()) {
      errors.push_back({ErrorKind::kInvalid,
                        "Bitte halten Sie fest, was geändert wurde und warum erneut beteiligt wird – und, wenn eine Frist "
                        "verkürzt wird, warum die kürzere Frist angemessen ist.",
                        "repeat_reason"});
    }
    if (input.type == Type::kVwvfg73 && input.uvp && Trim(legal.repeated_scope).empty()) {
      errors.push_back({ErrorKind::kInvalid,
                        "Die erneute Beteiligung ist auf die Änderungen zu beschränken (§ 22 Abs. 1 Satz 3 UVPG): Bitte "
                        "geben Sie die geänderten Teile an.",
                        "repeated_scope"});
    }
  } else if (!Trim(legal.repeat_reason).empty() || legal.shortened_objection_end) {
    errors.push_back({ErrorKind::kInvalid,
                      "Grund und verkürzte Frist gehören zu einer erneuten Beteiligung: Bitte kreuzen Sie „Erneute "
                      "Beteiligung nach Änderung“ an oder lassen Sie die Felder leer.",
                      Trim(legal.repeat_reason).empty() ? "shortened_objection_end" : "repeat_reason"});
  }
  if (input.geometry.size() > kMaxGeometryBytes) {
    errors.push_back({ErrorKind::kInvalid,
                      "Die Geometrie darf höchstens " + std::to_string(kMaxGeometryBytes / 1000) + " kB groß sein.",
                      "geometry"});
  } else if (!Trim(input.geometry).empty()) {
    auto checked = CheckGeometry(input.geometry);
    if (!checked) errors.push_back(checked.error());
  }
  return errors;
}

Result<Dates> PlanDates(const ProcedureInput& input, std::string_view land, std::string_view ags, law::Date today) {
  law::DeadlineRequest request;
  request.rule = std::string(LawRule(input.type, input.ied, input.uvp));
  request.land = std::string(land);
  // Only a municipality's AGS (8 digits) narrows local holidays; a Land's or Kreis's says nothing more than `land`.
  if (ags.size() == 8) request.ags = std::string(ags);
  request.display_start = input.display_start;
  request.display_end = input.display_end;
  request.announcement = input.announcement;
  request.last_announcement = input.legal.last_announcement;
  // § 73 Abs. 4 Satz 1 VwVfG: objections may also be filed at the Gemeinde; its holidays count too.
  if (input.type == Type::kVwvfg73 && !Trim(input.legal.filing_ags).empty()) {
    request.filing_ags.push_back(std::string(Trim(input.legal.filing_ags)));
  }
  if (request.rule == "free" && !input.display_end) request.length = law::Length{kDefaultFreeDays, law::TimeUnit::kDays};
  request.repeated = input.legal.repeated;
  request.objection_end = input.legal.shortened_objection_end;
  auto computed = law::ComputeDeadlines(request);
  if (!computed) {
    Error error = computed.error();
    if (error.field.empty() || error.field == "rule" || error.field == "land") error.field = "display_start";
    if (error.field == "last_announcement") error.field = "last_announcement_date";
    if (error.field == "objection_end") error.field = "shortened_objection_end";
    return std::unexpected(error);
  }
  Dates dates{computed->display_start, computed->display_end, computed->objection_end, computed->explanation,
              computed->warnings};
  if (input.legal.repeated && !Trim(input.legal.repeat_reason).empty()) {
    // The reason belongs to the record of the dates (explanation lines are single lines).
    std::string reason(Trim(input.legal.repeat_reason));
    std::replace(reason.begin(), reason.end(), '\n', ' ');
    std::erase(reason, '\r');
    dates.explanation.insert(dates.explanation.begin(), "Grund der erneuten Beteiligung: " + reason);
  }
  if (input.display_start < today) {
    dates.warnings.push_back("Die Auslegung hat vor dem heutigen Tag begonnen (" +
                             law::FormatGerman(input.display_start) +
                             "): Das ist nur richtig, wenn ein bereits laufendes Verfahren übernommen wird.");
  }
  if (dates.objection_end < today) {
    dates.warnings.push_back("Die Frist für Stellungnahmen ist bereits abgelaufen (" +
                             law::FormatGerman(dates.objection_end) +
                             "): Eingehende Stellungnahmen werden als verspätet gekennzeichnet.");
  }
  return dates;
}

Result<LatLon> CheckGeometry(std::string_view geojson) {
  auto located = LocateGeometry(geojson);
  if (!located) return std::unexpected(located.error());
  return located->centre;
}

Result<GeometryPlace> LocateGeometry(std::string_view geojson) {
  auto fail = [] {
    return std::unexpected(Error{ErrorKind::kInvalid,
                                 "Die Geometrie ist kein gültiges GeoJSON (Point, Polygon oder MultiPolygon mit "
                                 "Koordinaten als [Länge, Breite]).",
                                 "geometry"});
  };
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(geojson, ec);
  if (ec || !value.is_object()) return fail();
  const boost::json::object* object = &value.as_object();
  const auto* kind = object->if_contains("type");
  if (kind && kind->is_string() && kind->as_string() == "Feature") {
    const auto* geometry = object->if_contains("geometry");
    if (!geometry || !geometry->is_object()) return fail();
    object = &geometry->as_object();
    kind = object->if_contains("type");
  }
  const auto* coordinates = object->if_contains("coordinates");
  if (!kind || !kind->is_string() || !coordinates) return fail();
  std::string_view type = kind->as_string();
  if (type == "Point") {
    auto position = Position(*coordinates);
    if (!position) return fail();
    return GeometryPlace{*position, places::BoxOf({position->lat, position->lon})};
  }
  double lat_sum = 0;
  double lon_sum = 0;
  std::size_t count = 0;
  places::Box box;
  if (type == "Polygon") {
    if (!AddRings(*coordinates, lat_sum, lon_sum, count, box)) return fail();
  } else if (type == "MultiPolygon") {
    const auto* polygons = coordinates->if_array();
    if (!polygons || polygons->empty()) return fail();
    for (const auto& polygon : *polygons) {
      if (!AddRings(polygon, lat_sum, lon_sum, count, box)) return fail();
    }
  } else {
    return fail();
  }
  return GeometryPlace{LatLon{lat_sum / static_cast<double>(count), lon_sum / static_cast<double>(count)}, box};
}

db::UnixSeconds EndOfDay(law::Date day) {
  law::Date next = law::AddDays(day, 1);
  // Local midnight at the start of `next`: summer time if the change to summer time happened before it (on the last
  // Sunday of March at 02:00) and the change back did not (on the last Sunday of October at 03:00).
  bool summer = next > LastSunday(next.year, 3) && next <= LastSunday(next.year, 10);
  return law::DaysBetween(kEpoch, next) * 86400LL - (summer ? 7200 : 3600);
}

db::UnixSeconds LocalSeconds(db::UnixSeconds at) {
  return at + BerlinOffset(at);
}

law::Date LocalDate(db::UnixSeconds at) {
  db::UnixSeconds local = LocalSeconds(at);
  return law::AddDays(kEpoch, static_cast<int>((local >= 0 ? local : local - 86399) / 86400));
}

bool IsLate(db::UnixSeconds received_at, law::Date objection_end) { return received_at >= EndOfDay(objection_end); }

std::expected<StatementInput, std::vector<Error>> ValidateStatement(const StatementInput& input,
                                                                    bool require_name_and_address) {
  std::vector<Error> errors;
  CheckTextField(errors, input.text, "text", "Bitte schreiben Sie Ihre Stellungnahme.", "Die Stellungnahme",
                 kMaxStatementChars, true, TextLines::kMulti);
  if (!errors.empty() && errors.back().field == "text" && IsValidUtf8(input.text) &&
      Utf8Length(Trim(input.text)) > kMaxStatementChars) {
    errors.back().message =
        "Die Stellungnahme darf höchstens 50.000 Zeichen lang sein (etwa 25 Seiten). Bitte kürzen Sie den Text oder "
        "fügen Sie ihn als Anlage (zum Beispiel als PDF) bei.";
  }
  CheckTextField(errors, input.name, "name", "Bitte geben Sie Ihren Namen an.", "Der Name", kMaxNameChars,
                 require_name_and_address);
  CheckTextField(errors, input.address, "address", "Bitte geben Sie Ihre Anschrift an.", "Die Anschrift",
                 kMaxAddressChars, require_name_and_address, TextLines::kMulti);
  CheckTextField(errors, input.page, "page", "", "Die Seitenangabe", kMaxPageChars, false);
  if (!errors.empty()) return std::unexpected(std::move(errors));
  StatementInput out;
  // The text is kept as written (its SHA-256 is on the receipt); only surrounding blank lines go.
  out.text = std::string(Trim(input.text));
  out.name = std::string(Trim(input.name));
  out.address = std::string(Trim(input.address));
  out.document_id = input.document_id;
  out.page = std::string(Trim(input.page));
  return out;
}

namespace {

// Words and word endings (lower case) that name an organisation, not a person (§ 17 Abs. 1 Satz 3 VwVfG).
constexpr std::array<std::string_view, 27> kOrganisationWords{
    "gmbh",    "ggmbh", "ag",       "kg",         "ohg",         "ug",          "e.v.",   "ev",
    "eg",      "gbr",   "mbb",      "verein",     "verband",     "initiative",  "bi",     "stiftung",   "partei",
    "bündnis", "club",  "netzwerk", "gesellschaft", "genossenschaft", "arbeitsgemeinschaft",
    "interessengemeinschaft", "ig", "firma", "kanzlei"};
constexpr std::array<std::string_view, 10> kOrganisationEndings{
    "verein", "verband", "initiative", "stiftung", "gesellschaft", "genossenschaft", "bündnis", "gemeinschaft",
    "partei", "kanzlei"};

// The words of `text` in lower case (ASCII letters folded; a word ends at a space, comma, slash or parenthesis).
std::vector<std::string> LowerWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == ',' || c == '/' || c == '(' || c == ')' || c == '\t' || c == '&' || c == '+') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  for (auto& w : words) w = AsciiLower(w);
  return words;
}

bool LooksLikeOrganisation(std::string_view name) {
  std::string lower = AsciiLower(name);
  if (lower.find("e. v.") != std::string::npos || lower.find("e.v.") != std::string::npos) return true;
  for (const auto& word : LowerWords(name)) {
    for (auto organisation : kOrganisationWords) {
      if (word == organisation) return true;
    }
    for (auto ending : kOrganisationEndings) {
      if (word.size() >= ending.size() && word.ends_with(ending)) return true;
    }
  }
  return false;
}

bool HasDigit(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::expected<Representative, std::vector<Error>> ValidateRepresentative(const Representative& input) {
  Representative out{std::string(Trim(input.name)), std::string(Trim(input.occupation)),
                     std::string(Trim(input.address))};
  std::vector<Error> errors;
  if (out.empty()) {
    CheckTextField(errors, input.name, "representative", "", "Der Name der Vertretung", kMaxNameChars, false);
    CheckTextField(errors, input.occupation, "representative_occupation", "", "Der Beruf der Vertretung",
                   kMaxOccupationChars, false);
    CheckTextField(errors, input.address, "representative_address", "", "Die Anschrift der Vertretung",
                   kMaxAddressChars, false, TextLines::kMulti);
    if (!errors.empty()) return std::unexpected(std::move(errors));
    return out;
  }
  CheckTextField(errors, input.name, "representative",
                 "Bitte geben Sie den Namen der Vertretung an (§ 17 Abs. 1 VwVfG: Name, Beruf und Anschrift).",
                 "Der Name der Vertretung", kMaxNameChars, true);
  if (errors.empty()) {
    if (LooksLikeOrganisation(out.name)) {
      errors.push_back({ErrorKind::kInvalid,
                        "Vertretung kann nur eine natürliche Person sein (§ 17 Abs. 1 Satz 3 VwVfG), keine "
                        "Organisation oder Initiative. Bitte geben Sie Vor- und Nachnamen der Person an.",
                        "representative"});
    } else if (LowerWords(out.name).size() < 2 || HasDigit(out.name)) {
      errors.push_back({ErrorKind::kInvalid,
                        "Bitte geben Sie Vor- und Nachnamen der Person an, die als Vertretung benannt ist.",
                        "representative"});
    }
  }
  CheckTextField(errors, input.occupation, "representative_occupation",
                 "Bitte geben Sie den Beruf der Vertretung an (§ 17 Abs. 1 Satz 1 VwVfG).", "Der Beruf der Vertretung",
                 kMaxOccupationChars, true);
  std::size_t before = errors.size();
  CheckTextField(errors, input.address, "representative_address",
                 "Bitte geben Sie die Anschrift der Vertretung an (§ 17 Abs. 1 Satz 1 VwVfG).",
                 "Die Anschrift der Vertretung", kMaxAddressChars, true, TextLines::kMulti);
  if (errors.size() == before && (!HasDigit(out.address) || LowerWords(out.address).size() < 2)) {
    errors.push_back({ErrorKind::kInvalid,
                      "Bitte geben Sie die vollständige Anschrift der Vertretung an (Straße und Hausnummer, "
                      "Postleitzahl und Ort).",
                      "representative_address"});
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return out;
}

std::string RepresentativeLine(const Representative& representative) {
  std::string line;
  for (const std::string* part : {&representative.name, &representative.occupation, &representative.address}) {
    std::string_view value = Trim(*part);
    if (value.empty()) continue;
    if (!line.empty()) line += ", ";
    for (char c : value) line += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return line;
}

std::string_view ChannelName(Channel channel) { return NameOf(kChannelNames, channel); }
std::optional<Channel> ParseChannel(std::string_view name) { return Parse(kChannelNames, name); }

std::string FormatReference(std::string_view prefix, int year, std::int64_t number) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "-%04d-%05lld", year, static_cast<long long>(number));
  return std::string(prefix) + buffer;
}

std::vector<std::string> ReferencePrefixCandidates(std::string_view slug, std::int64_t tenant_id) {
  // Words that name the kind of authority rather than the place; dropped when they lead the slug.
  static constexpr std::array<std::string_view, 9> kKindWords{
      "landkreis", "kreis", "lk", "stadt", "gemeinde", "markt", "amt", "landratsamt", "verwaltungsgemeinschaft"};
  std::vector<std::string> words;
  for (std::size_t start = 0; start <= slug.size();) {
    std::size_t end = std::min(slug.find('-', start), slug.size());
    if (end > start) words.emplace_back(slug.substr(start, end - start));
    start = end + 1;
  }
  if (words.size() > 1 && std::ranges::find(kKindWords, words.front()) != kKindWords.end()) {
    words.erase(words.begin());
  }
  std::string base;
  for (const auto& word : words) {
    for (char c : word) {
      if (base.size() < 3 && c >= 'a' && c <= 'z') base += static_cast<char>(c - 'a' + 'A');
    }
  }
  while (base.size() < 3) base += 'X';
  std::vector<std::string> out{base};
  for (int suffix = 2; suffix <= 99; ++suffix) out.push_back(base + std::to_string(suffix));
  out.push_back("T" + std::to_string(tenant_id));
  return out;
}

std::optional<std::string> AsReference(std::string_view text) {
  std::string reference(Trim(text));
  for (char& c : reference) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  // [PREFIX-]YYYY-NNNNN: a prefix of letters and digits starting with a letter, a year of four digits, a number.
  std::size_t pos = 0;
  if (!reference.empty() && reference[0] >= 'A' && reference[0] <= 'Z') {
    while (pos < reference.size() && pos < 8 && std::isalnum(static_cast<unsigned char>(reference[pos]))) ++pos;
    if (pos == reference.size() || reference[pos] != '-') return std::nullopt;
    ++pos;
  }
  auto digits = [&](std::size_t min, std::size_t max) {
    std::size_t count = 0;
    while (pos < reference.size() && count < max && std::isdigit(static_cast<unsigned char>(reference[pos]))) {
      ++pos;
      ++count;
    }
    return count >= min;
  };
  if (!digits(4, 4) || pos == reference.size() || reference[pos] != '-') return std::nullopt;
  ++pos;
  if (!digits(1, 9) || pos != reference.size()) return std::nullopt;
  return reference;
}

std::string ContentSha256(std::string_view text) { return Sha256Hex(text); }

}  // namespace mw::procedures
