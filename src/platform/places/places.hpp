// Places: the gazetteer of German municipalities (Gemeinden) with their Amtlicher Gemeindeschlüssel (AGS), postcodes
// and one point, the lookup of what a person types ("Grimma", "grimma", "Görlitz", "Goerlitz", "04668",
// "04668 Grimma") and distances on the earth. Pure: no I/O — the caller reads the file (gazetteer/gemeinden.tsv of
// the resources, see its README for the format and licences) and hands its text to Gazetteer::Parse.
//
//   auto gazetteer = places::Gazetteer::Parse(text);           // Result: a malformed line is an error
//   auto found = gazetteer->Find("Grimma");                     // one place, several (a choice), or none
//   auto near = gazetteer->Within(found[0]->point, 10);         // the municipalities within 10 km of it
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/core/result.hpp"

namespace mw::places {

// WGS 84 degrees.
struct Point {
  double lat = 0;
  double lon = 0;
};

// A box of latitudes and longitudes (an area's bounding box; a point is a box of no size).
struct Box {
  double min_lat = 0;
  double min_lon = 0;
  double max_lat = 0;
  double max_lon = 0;
};

// True for a latitude in [-90, 90] and a longitude in [-180, 180] (and no NaN).
bool IsValid(Point point);

// Great-circle distance in kilometres (haversine, mean earth radius 6371 km).
double DistanceKm(Point a, Point b);
// Distance from `point` to the nearest point of `box` in kilometres: 0 inside it.
double DistanceKm(Point point, const Box& box);
// The smallest box holding every point within `radius_km` of `centre` (for a prefilter in SQL; an exact test with
// DistanceKm follows). Not meant for the poles or across the antimeridian (Germany is far from both).
Box BoxAround(Point centre, double radius_km);
// The box of a point.
Box BoxOf(Point point);
// True if the boxes share at least one point.
bool Meets(const Box& a, const Box& b);
Point CentreOf(const Box& box);

// One municipality.
struct Place {
  std::string ags;                     // 8 digits: Land (2), Regierungsbezirk (1), Kreis (2), Gemeinde (3)
  std::string official_name;           // "Grimma, Stadt"
  std::string name;                    // without the official suffix: "Grimma"
  std::vector<std::string> postcodes;  // 5 digits each, the seat's first; may be empty
  Point point;
  // "04668 Grimma": how a choice between several places names this one (the AGS when it has no postcode).
  std::string Label() const;
};

// The comparison form of a place name: lower case, umlauts and "ae/oe/ue" spellings folded to the base letter
// ("Görlitz", "Goerlitz" and "GORLITZ" give the same), ß as ss, every run of other characters (spaces, '-', '/',
// '.', brackets) one space.
std::string NameKey(std::string_view name);

class Gazetteer {
 public:
  Gazetteer() = default;
  // Parses the gazetteer file: lines "AGS<TAB>official name<TAB>postcodes<TAB>lat<TAB>lon", '#' lines ignored. An
  // error names the first malformed line.
  static Result<Gazetteer> Parse(std::string_view text);

  std::size_t size() const { return places_.size(); }
  const std::vector<Place>& all() const { return places_; }
  const Place* ByAgs(std::string_view ags) const;
  // The places with this postcode (exact, 5 digits); a postcode may span several municipalities.
  std::vector<const Place*> ByPostcode(std::string_view postcode) const;
  // The places whose name is `name` (NameKey equal, with or without the official suffix); if there is none, those
  // whose name begins with it as a whole word ("Frankfurt" → "Frankfurt am Main", "Frankfurt (Oder)"). Sorted by
  // name and AGS.
  std::vector<const Place*> ByName(std::string_view name) const;
  // What a person typed: a postcode, a name, "postcode name" (the places of the postcode with that name, or of the
  // postcode alone if none has it), or an AGS of 8 digits. Empty when nothing matches; more than one is a choice.
  std::vector<const Place*> Find(std::string_view query) const;
  // Every place within `radius_km` of `centre`, nearest first.
  std::vector<const Place*> Within(Point centre, double radius_km) const;

 private:
  std::vector<Place> places_;
  std::vector<std::string> name_keys_;  // NameKey of each place's name, by index
  std::unordered_map<std::string, std::size_t> by_ags_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_postcode_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_name_;
};

}  // namespace mw::places
