#!/usr/bin/env python3
"""Writes brands.tsv from OpenStreetMap's name-suggestion-index (BSD-3-Clause), the list of
chains that OSM mappers curate with the kind of place each one is (shop=supermarket,
amenity=fuel, ...). Each row: folded name, default category slug, the chain's display name
as NSI spells it, its Wikidata id, and its website (from NSI's wikidata.json), the last
two empty where NSI has none.

    npm pack name-suggestion-index@8.0.20260918 && tar xzf name-suggestion-index-*.tgz
    python3 generate_brands.py package/dist/json/nsi.json > brands.tsv

A name that several kinds claim goes to the kind most of its entries name, when that kind
has more than any other and at least 30 % of them (TESCO is groceries, though there are
Tesco cafés and fuel stations; a name split between a bank and a café says nothing). Each
kind counts once per name (its number of entries, then the order of KINDS, break a tie), and the services a chain adds to its main trade (a fuel
station's shop and car wash, a supermarket's café) count half.
Banks vote without a category, so a bank's name stays out; signage, ATMs and street
furniture do not vote. Short or generic names that would match a word of an ordinary
description are left out.

The display name of a row is the NSI name (brand, name, display name, operator) that folds
to the row's name, in NSI's casing; a row that only a match name gave ("krogers") shows the
brand it belongs to ("Kroger"). The commonest (display name, Wikidata id) among the entries
of the winning kind wins ("target" is Target USA, not Target Australia).
"""

import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict

# OSM kind (the NSI tree path without "brands/" or "operators/") -> default category slug.
KINDS = {
    "food.groceries": [
        "shop/supermarket", "shop/convenience", "shop/greengrocer", "shop/butcher",
        "shop/bakery", "shop/pastry", "shop/deli", "shop/frozen_food", "shop/alcohol",
        "shop/beverages", "shop/seafood", "shop/cheese", "shop/health_food", "shop/organic",
        "shop/farm", "shop/wine", "shop/dairy", "shop/food",
    ],
    "food.restaurants": [
        "amenity/fast_food", "amenity/restaurant", "amenity/food_court", "amenity/pub",
        "amenity/bar", "amenity/biergarten", "amenity/ice_cream",
    ],
    "food.coffee": ["amenity/cafe", "shop/coffee", "shop/tea"],
    # Not amenity/charging_station: supermarkets and car makers run chargers too.
    "transport.fuel": ["amenity/fuel"],
    "transport.car": [
        "shop/car_repair", "shop/tyres", "shop/car_parts", "amenity/car_wash",
        "amenity/vehicle_inspection", "shop/car",
    ],
    "transport.parking": ["amenity/parking", "amenity/parking_entrance"],
    "transport.public": [
        "route/train", "route/subway", "route/tram", "route/light_rail", "route/bus",
        "route/ferry", "route/trolleybus", "amenity/bicycle_rental",
    ],
    "travel.car_rental": ["amenity/car_rental", "amenity/car_sharing"],
    "travel.lodging": [
        "tourism/hotel", "tourism/motel", "tourism/hostel", "tourism/guest_house",
        "tourism/apartment", "tourism/camp_site",
    ],
    "health.pharmacy": ["amenity/pharmacy", "shop/medical_supply"],
    "health.medical": [
        "amenity/clinic", "amenity/doctors", "amenity/dentist", "amenity/hospital",
        "healthcare/laboratory", "healthcare/clinic", "healthcare/dentist",
        "healthcare/physiotherapist", "shop/optician", "shop/hearing_aids",
    ],
    "health.fitness": ["leisure/fitness_centre", "leisure/sports_centre"],
    "family.personal_care": [
        "shop/chemist", "shop/cosmetics", "shop/perfumery", "shop/beauty",
        "shop/hairdresser", "shop/massage",
    ],
    "family.pets": ["shop/pet", "amenity/veterinary", "shop/pet_grooming"],
    "family.childcare": ["amenity/kindergarten", "amenity/childcare"],
    "family.education": [
        "amenity/language_school", "amenity/driving_school", "amenity/music_school",
        "amenity/prep_school",
    ],
    "shopping.clothing": [
        "shop/clothes", "shop/shoes", "shop/bag", "shop/fashion_accessories",
        "shop/boutique", "shop/jewelry", "shop/watches", "shop/leather",
    ],
    "shopping.home": [
        "shop/furniture", "shop/houseware", "shop/bed", "shop/interior_decoration",
        "shop/kitchen", "shop/household_linen", "shop/curtain", "shop/lighting",
        "shop/carpet", "shop/bathroom_furnishing", "shop/appliance",
    ],
    "housing.maintenance": [
        "shop/doityourself", "shop/hardware", "shop/paint", "shop/trade",
        "shop/garden_centre", "shop/building_materials", "shop/flooring", "shop/tiles",
    ],
    "shopping.electronics": [
        "shop/electronics", "shop/computer", "shop/hifi", "shop/camera",
    ],
    # Phone shops are mostly the carriers' own (Vodafone, Movistar): their name on a
    # statement is the monthly bill far more often than a handset.
    "utilities.internet_phone": ["shop/telecommunication", "shop/mobile_phone"],
    "entertainment.hobbies": [
        "shop/books", "shop/sports", "shop/outdoor", "shop/toys", "shop/music",
        "shop/musical_instrument", "shop/craft", "shop/art", "shop/games", "shop/model",
        "shop/bicycle", "shop/fishing", "shop/video_games", "shop/hunting",
    ],
    "entertainment.events": [
        "amenity/cinema", "amenity/theatre", "amenity/nightclub", "shop/ticket",
        "leisure/bowling_alley", "leisure/amusement_arcade",
    ],
    "shopping.general": [
        "shop/department_store", "shop/variety_store", "shop/general", "shop/wholesale",
        "shop/discount", "shop/stationery", "shop/second_hand",
    ],
    "giving.gifts": ["shop/gift", "shop/florist"],
    "giving.charity": ["shop/charity"],
    "financial.insurance": ["office/insurance"],
    "financial.loans": ["shop/money_lender"],
}
SLUG_OF_KIND = {kind: slug for slug, kinds in KINDS.items() for kind in kinds}
# The last tie-break: a chain's main trade is likelier the earlier its category is above.
PRIORITY = {slug: -n for n, slug in enumerate(KINDS)}
SIDE_LINES = {
    "shop/convenience", "amenity/car_wash", "amenity/cafe",
    "shop/tyres", "shop/optician", "shop/hearing_aids",
}

# Words a description holds for other reasons: a brand called so would match them.
COMMON_WORDS = set(
    """the and for with from card pay cash shop store stores market bank sale online
    service services payment purchase debit credit direct express super city center
    centre plus more home house one top day best free next new first go""".split()
)
MIN_LEN = 3


def kind_of(path):
    parts = path.split("/")
    if parts[0] not in ("brands", "operators", "transit"):
        return None
    return "/".join(parts[1:3])


def fold(name):
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", text).strip()


def without_qualifier(name):
    """NSI tells same-named entries apart in parentheses: "Target (USA)"."""
    return re.sub(r"\s*\([^)]*\)$", "", name or "").strip()


def latin(name):
    """Statements are printed in Latin letters: 咖世家 is no name for COSTA COFFEE."""
    return all(ord(c) < 0x250 or not c.isalpha() for c in name)


def displays_of(item):
    """(folded name, display name) for every name of an entry."""
    tags = item.get("tags", {})
    shown = [without_qualifier(item.get("displayName"))] + [
        tags.get(k) for k in ("brand", "name", "operator", "network", "brand:en")]
    # A match name stands for the chain, whose name is the shorter of its brand and the
    # entry's name: "Costco" for Costco Gasoline, "Applebee's" for the brand's long form.
    chain = sorted(filter(None, shown[:2]), key=lambda s: (not latin(s), len(s)))
    canonical = next(iter(chain), None) or next(filter(None, shown), None)
    pairs = [(fold(s), s) for s in filter(None, shown)]
    if item.get("displayName") and shown[0]:
        pairs.append((fold(item["displayName"]), shown[0]))
    pairs += [(fold(m), canonical) for m in item.get("matchNames", []) if canonical]
    return pairs


def website_of(wikidata, qid):
    entry = wikidata.get(qid) or {}
    sites = entry.get("officialWebsites") or [None]
    return entry.get("identities", {}).get("website") or sites[0] or ""


def usable(name, generic):
    if len(name) < MIN_LEN or not name.isascii() or not re.search("[a-z]", name):
        return False
    if name in COMMON_WORDS or any(g.search(name) for g in generic):
        return False
    # Three letters only when it is clearly a name (B&Q, C&A), not a word like "bar".
    return len(name) > 3 or not name.isalpha()


def main(path):
    data = json.load(open(path, encoding="utf-8"))["nsi"]
    generic_path = path.replace("nsi.json", "genericWords.json")
    generic = [re.compile(p) for p in json.load(open(generic_path))["genericWords"]]
    wikidata_path = path.replace("json/nsi.json", "wikidata/wikidata.json")
    wikidata = json.load(open(wikidata_path, encoding="utf-8"))["wikidata"]
    kinds_of_name = defaultdict(Counter)
    # folded name -> slug -> Counter of (display name, wikidata id)
    displays = defaultdict(lambda: defaultdict(Counter))
    for tree_path, entry in data.items():
        kind = kind_of(tree_path) or ""
        slug = SLUG_OF_KIND.get(kind)
        for item in entry["items"]:
            tags = item.get("tags", {})
            names = {item.get("displayName"), tags.get("brand"), tags.get("name"),
                     tags.get("operator"), tags.get("network"), tags.get("brand:en")}
            names.update(item.get("matchNames", []))
            if slug is None and kind != "amenity/bank":
                continue
            for name in filter(None, names):
                kinds_of_name[fold(name)][kind] += 1
            for name, shown in displays_of(item):
                displays[name][slug][(shown, tags.get("brand:wikidata", ""))] += 1
    out = []
    for name, kinds in kinds_of_name.items():
        if not usable(name, generic):
            continue
        # (kinds, entries) per category: entries only break a tie between kinds.
        score = defaultdict(lambda: [0.0, 0, 0])
        for kind, entries in kinds.items():
            tally = score[SLUG_OF_KIND.get(kind)]
            tally[0] += 0.5 if kind in SIDE_LINES else 1.0
            tally[1] += entries
            tally[2] = PRIORITY.get(SLUG_OF_KIND.get(kind), -99)
        ranked = sorted(score.items(), key=lambda item: item[1], reverse=True)
        slug, best = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else [0.0, 0, -99]
        total = sum(kinds_score for kinds_score, _, _ in score.values())
        if slug is None:
            continue
        if not (best > runner_up and best[0] >= 0.3 * total):
            # Kinds too split to say the category (COSTCO: fuel, pharmacy, optician...):
            # the chain is still known by name, so the row keeps its name and no category.
            slug = ""
        # Latin letters, most entries, the shortest name, alphabetical: the same every run.
        votes = displays[name][slug or None] or sum(displays[name].values(), Counter())
        best_shown = lambda v: (not latin(v[0][0]), -v[1], len(v[0][0]), v[0])
        (shown, qid), _ = min(votes.items(), key=best_shown)
        out.append((name, slug, shown, qid, website_of(wikidata, qid) if qid else ""))
    version = json.load(open(path, encoding="utf-8"))["_meta"]["version"]
    print(f"# Chain names and their default category, from OpenStreetMap's name-suggestion-index")
    print(f"# {version} by data/generate_brands.py. BSD-3-Clause, Copyright 2026 name-suggestion-index")
    print("# contributors: see brands.LICENSE.md. Wikidata ids and websites from the same package's")
    print("# dist/wikidata/wikidata.json (Wikidata's data is CC0).")
    print("# Columns: name, category slug (empty: the kinds are too split to tell), display name,")
    print("# Wikidata id, website.")
    for row in sorted(out):
        print("\t".join(row))


if __name__ == "__main__":
    main(sys.argv[1])
