-- Where a procedure is, for the place search (#14 item 1: "im Umkreis von 10 km um Grimma"): the bounding box of its
-- map geometry (a point's box is the point), NULL when it has none or when the box spans more than
-- procedures::kMaxAreaSpanDegrees (then the places of its authority count, by AGS). The index holds every column the
-- search reads (the box, and the phase and last day that make a procedure open), so that a search reads only the
-- index entries in a band of latitudes around the place, not every procedure of the Land.
ALTER TABLE procedure ADD COLUMN area_min_lat REAL;
ALTER TABLE procedure ADD COLUMN area_min_lon REAL;
ALTER TABLE procedure ADD COLUMN area_max_lat REAL;
ALTER TABLE procedure ADD COLUMN area_max_lon REAL;
-- Procedures saved before: their map point stands for the area until they are saved again (the box of a polygon is
-- computed from the GeoJSON when it is written).
UPDATE procedure SET area_min_lat = lat, area_max_lat = lat, area_min_lon = lon, area_max_lon = lon
  WHERE lat IS NOT NULL AND lon IS NOT NULL;
CREATE INDEX procedure_area ON procedure(area_min_lat, area_max_lat, area_min_lon, area_max_lon, phase, objection_end);
