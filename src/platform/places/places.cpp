#include "platform/places/places.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>
#include <optional>

#include "platform/core/text.hpp"

namespace mw::places {
namespace {

constexpr double kEarthRadiusKm = 6371.0;

double Radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

bool IsDigits(std::string_view s, std::size_t count) {
  return s.size() == count && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string_view> Split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = s.find(separator, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::optional<double> ParseDegrees(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "Grimma, Stadt" → "Grimma"; "Halle (Saale), Stadt" → "Halle (Saale)".
std::string_view WithoutSuffix(std::string_view official_name) {
  std::size_t comma = official_name.find(',');
  return comma == std::string_view::npos ? official_name : Trim(official_name.substr(0, comma));
}

void SortByName(std::vector<const Place*>& found) {
  std::sort(found.begin(), found.end(), [](const Place* a, const Place* b) {
    return a->name != b->name ? a->name < b->name : a->ags < b->ags;
  });
}

}  // namespace

bool IsValid(Point point) {
  return point.lat >= -90 && point.lat <= 90 && point.lon >= -180 && point.lon <= 180;
}

double DistanceKm(Point a, Point b) {
  const double dlat = Radians(b.lat - a.lat);
  const double dlon = Radians(b.lon - a.lon);
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(Radians(a.lat)) * std::cos(Radians(b.lat)) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

double DistanceKm(Point point, const Box& box) {
  return DistanceKm(point, Point{std::clamp(point.lat, box.min_lat, box.max_lat),
                                 std::clamp(point.lon, box.min_lon, box.max_lon)});
}

Box BoxAround(Point centre, double radius_km) {
  const double dlat = radius_km / kEarthRadiusKm * 180.0 / std::numbers::pi;
  // A degree of longitude is shortest at the box's edge farthest from the equator.
  const double far_lat = std::min(89.0, std::abs(centre.lat) + dlat);
  const double dlon = dlat / std::cos(Radians(far_lat));
  return {.min_lat = centre.lat - dlat, .min_lon = centre.lon - dlon, .max_lat = centre.lat + dlat,
          .max_lon = centre.lon + dlon};
}

Box BoxOf(Point point) { return {point.lat, point.lon, point.lat, point.lon}; }

bool Meets(const Box& a, const Box& b) {
  return a.min_lat <= b.max_lat && b.min_lat <= a.max_lat && a.min_lon <= b.max_lon && b.min_lon <= a.max_lon;
}

Point CentreOf(const Box& box) { return {(box.min_lat + box.max_lat) / 2, (box.min_lon + box.max_lon) / 2}; }

std::string Place::Label() const { return postcodes.empty() ? ags + " " + name : postcodes.front() + " " + name; }

std::string NameKey(std::string_view name) {
  // Lower case first (the umlauts' capitals too), then the umlauts spelt out, then every spelling folded.
  std::string lower;
  for (std::size_t at = 0; at < name.size();) {
    std::string_view rest = name.substr(at);
    if (rest.starts_with("Ä")) lower += "ä", at += 2;
    else if (rest.starts_with("Ö")) lower += "ö", at += 2;
    else if (rest.starts_with("Ü")) lower += "ü", at += 2;
    else lower += static_cast<char>(name[at] >= 'A' && name[at] <= 'Z' ? name[at] - 'A' + 'a' : name[at]), ++at;
  }
  std::string spelt = GermanToAscii(lower);
  std::string key;
  bool space = false;
  for (std::size_t at = 0; at < spelt.size(); ++at) {
    const char c = spelt[at];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    if (!letter) {
      space = !key.empty();
      continue;
    }
    if (space) key += ' ', space = false;
    key += c;
    // "ae", "oe", "ue" are how an umlaut is written without one: fold them to the base letter.
    if ((c == 'a' || c == 'o' || c == 'u') && at + 1 < spelt.size() && spelt[at + 1] == 'e') ++at;
  }
  return key;
}

Result<Gazetteer> Gazetteer::Parse(std::string_view text) {
  Gazetteer gazetteer;
  std::size_t line_number = 0;
  for (std::string_view line : Split(text, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto fields = Split(line, '\t');
    auto fail = [&](std::string_view what) {
      return Fail(ErrorKind::kInvalid,
                  "Das Ortsverzeichnis ist in Zeile " + std::to_string(line_number) + " fehlerhaft: " +
                      std::string(what) + ".");
    };
    if (fields.size() != 5) return fail("sie hat nicht fünf durch Tabulatoren getrennte Felder");
    if (!IsDigits(fields[0], 8)) return fail("der Gemeindeschlüssel hat nicht acht Ziffern");
    if (Trim(fields[1]).empty() || !IsValidUtf8(fields[1])) return fail("der Name fehlt oder ist kein UTF-8");
    Place place{.ags = std::string(fields[0]),
                .official_name = std::string(Trim(fields[1])),
                .name = std::string(WithoutSuffix(Trim(fields[1])))};
    if (!fields[2].empty()) {
      for (std::string_view postcode : Split(fields[2], ',')) {
        if (!IsDigits(postcode, 5)) return fail("eine Postleitzahl hat nicht fünf Ziffern");
        place.postcodes.emplace_back(postcode);
      }
    }
    auto lat = ParseDegrees(fields[3]);
    auto lon = ParseDegrees(fields[4]);
    if (!lat || !lon || !IsValid({*lat, *lon})) return fail("Breite oder Länge ist keine gültige Koordinate");
    place.point = {*lat, *lon};
    if (gazetteer.by_ags_.contains(place.ags)) return fail("der Gemeindeschlüssel steht schon in einer Zeile davor");
    const std::size_t index = gazetteer.places_.size();
    gazetteer.by_ags_.emplace(place.ags, index);
    for (const auto& postcode : place.postcodes) gazetteer.by_postcode_[postcode].push_back(index);
    gazetteer.name_keys_.push_back(NameKey(place.name));
    gazetteer.by_name_[gazetteer.name_keys_.back()].push_back(index);
    if (std::string official = NameKey(place.official_name); official != gazetteer.name_keys_.back()) {
      gazetteer.by_name_[official].push_back(index);
    }
    gazetteer.places_.push_back(std::move(place));
  }
  return gazetteer;
}

const Place* Gazetteer::ByAgs(std::string_view ags) const {
  auto it = by_ags_.find(std::string(ags));
  return it == by_ags_.end() ? nullptr : &places_[it->second];
}

std::vector<const Place*> Gazetteer::ByPostcode(std::string_view postcode) const {
  std::vector<const Place*> found;
  if (auto it = by_postcode_.find(std::string(postcode)); it != by_postcode_.end()) {
    for (std::size_t index : it->second) found.push_back(&places_[index]);
  }
  SortByName(found);
  return found;
}

std::vector<const Place*> Gazetteer::ByName(std::string_view name) const {
  const std::string key = NameKey(name);
  std::vector<const Place*> found;
  if (key.empty()) return found;
  if (auto it = by_name_.find(key); it != by_name_.end()) {
    for (std::size_t index : it->second) found.push_back(&places_[index]);
  } else {
    const std::string word_prefix = key + " ";
    for (std::size_t index = 0; index < places_.size(); ++index) {
      if (name_keys_[index].starts_with(word_prefix)) found.push_back(&places_[index]);
    }
  }
  SortByName(found);
  return found;
}

std::vector<const Place*> Gazetteer::Find(std::string_view query) const {
  query = Trim(query);
  if (IsDigits(query, 8)) {
    const Place* place = ByAgs(query);
    return place ? std::vector<const Place*>{place} : std::vector<const Place*>{};
  }
  if (IsDigits(query, 5)) return ByPostcode(query);
  if (query.size() > 6 && IsDigits(query.substr(0, 5), 5) && query[5] == ' ') {
    auto by_postcode = ByPostcode(query.substr(0, 5));
    const std::string key = NameKey(query.substr(6));
    std::vector<const Place*> named;
    for (const Place* place : by_postcode) {
      if (NameKey(place->name) == key || NameKey(place->official_name) == key) named.push_back(place);
    }
    return named.empty() ? by_postcode : named;
  }
  return ByName(query);
}

std::vector<const Place*> Gazetteer::Within(Point centre, double radius_km) const {
  const Box box = BoxAround(centre, radius_km);
  std::vector<std::pair<double, const Place*>> near;
  for (const auto& place : places_) {
    if (!Meets(box, BoxOf(place.point))) continue;
    const double distance = DistanceKm(centre, place.point);
    if (distance <= radius_km) near.emplace_back(distance, &place);
  }
  std::sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const Place*> out;
  for (const auto& [distance, place] : near) out.push_back(place);
  return out;
}

}  // namespace mw::places
