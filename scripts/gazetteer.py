#!/usr/bin/env python3
"""Builds gazetteer/gemeinden.tsv, the gazetteer of German municipalities (Gemeinden) that the place search reads.

Sources (see gazetteer/README.md for their licences):
  AUSZUG  Destatis' Gemeindeverzeichnis, "Auszug GV" (Satzart 60 rows: AGS, name, postcode of the seat, longitude,
          latitude), as a comma-separated file with decimal commas in the coordinates;
  PLZ     the postcode-to-municipality table of suche-postleitzahl.org (columns osm_id, ags, ort, plz, …), derived
          from OpenStreetMap.

    scripts/gazetteer.py AUSZUG.csv PLZ.csv > gazetteer/gemeinden.tsv          # all of Germany
    scripts/gazetteer.py AUSZUG.csv PLZ.csv --land 14 > …                           # one Land (14 = Sachsen)

Output: one line per municipality, tab-separated, sorted by AGS, after a header line starting with '#':
  AGS (8 digits)  official name  postcodes (5 digits each, comma-separated, the seat's first)  latitude  longitude
Coordinates are WGS 84 degrees, rounded to 4 decimals (about 10 m) — the point Destatis gives for the municipality.
"""
import argparse
import csv
import sys


def decimal(text):
    return float(text.strip().replace(",", "."))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("auszug")
    parser.add_argument("plz")
    parser.add_argument("--land", default="", help="two-digit AGS prefix of a Land; all of Germany when empty")
    args = parser.parse_args()

    places = {}
    with open(args.auszug, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row["satzart"] != "60":
                continue
            ags = row["land"] + row["rb"] + row["kreis"] + row["gemeinde"]
            if len(ags) != 8 or not ags.isdigit() or not ags.startswith(args.land):
                continue
            name = row["gemeindename"]
            if "gemfr" in name or "gemeindefrei" in name or "Hoheitsgebiet" in name:
                continue  # uninhabited areas (gemeindefreie Gebiete): nobody lives there to search for them
            lon, lat = row["laengengrad"], row["breitengrad"]
            if not lon.strip() or not lat.strip() or decimal(lat) == 0:
                continue  # no point given
            postcode = row["postleitzahl"].strip()
            places[ags] = {
                "name": row["gemeindename"].strip(),
                "postcodes": [postcode] if len(postcode) == 5 and postcode.isdigit() else [],
                "lat": decimal(lat),
                "lon": decimal(lon),
            }

    with open(args.plz, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            place = places.get(row["ags"].strip())
            postcode = row["plz"].strip()
            if place and len(postcode) == 5 and postcode.isdigit() and postcode not in place["postcodes"]:
                place["postcodes"].append(postcode)

    out = sys.stdout
    out.write("# ags\tname\tpostcodes\tlat\tlon\n")
    for ags in sorted(places):
        place = places[ags]
        seat, others = place["postcodes"][:1], sorted(place["postcodes"][1:])
        out.write(f"{ags}\t{place['name']}\t{','.join(seat + others)}\t{place['lat']:.4f}\t{place['lon']:.4f}\n")


if __name__ == "__main__":
    main()
