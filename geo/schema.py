"""What the project's records are: the record kinds and their fields, the one table of column
synonyms partners use (French, English, HXL), the measures a region is shaded by, the date and
partner columns of each kind. Every module reads these facts from here.

>>> RECORD_KINDS
('cvr_projects', 'sites', 'trainings')
>>> [f.name for f in SCHEMAS["sites"] if f.required]
['name']
"""
from __future__ import annotations

from dataclasses import dataclass

RECORD_KINDS = ("cvr_projects", "sites", "trainings")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # text | count | money | date | lat | lon | region
    required: bool = False


SCHEMAS: dict[str, tuple[Field, ...]] = {
    "cvr_projects": (
        Field("title", "text", True), Field("place", "text"), Field("region", "region"), Field("cercle", "text"),
        Field("partner", "text"), Field("cost_xof", "money"), Field("beneficiaries", "count"),
        Field("youth", "count"), Field("women", "count"), Field("launch_date", "date"),
        Field("duration_months", "count"), Field("category", "text"),
        Field("latitude", "lat"), Field("longitude", "lon"),
    ),
    "sites": (
        Field("name", "text", True), Field("site_type", "text"), Field("place", "text"),
        Field("region", "region"), Field("cercle", "text"), Field("status", "text"), Field("works", "text"),
        Field("date_start", "date"), Field("latitude", "lat"), Field("longitude", "lon"),
    ),
    "trainings": (
        Field("title", "text", True), Field("activity_type", "text"), Field("date_start", "date"),
        Field("date_end", "date"), Field("place", "text"), Field("region", "region"), Field("cercle", "text"),
        Field("organiser", "text"),
        Field("audience", "text"), Field("men", "count"), Field("women", "count"),
        Field("total", "count"), Field("latitude", "lat"), Field("longitude", "lon"),
    ),
}

# Field -> spellings a partner may use as a header, or an HXL hashtag (matched after folding).
SYNONYMS: dict[str, list[str]] = {
    "title": ["title", "titre", "intitule", "intitule du projet", "titre du projet", "nom du projet",
              "project", "projet", "project title", "project name", "activite", "activity",
              "session", "formation", "name", "nom", "#activity", "#activity+name", "#project", "#project+name"],
    "name": ["name", "nom", "site", "nom du site", "site name", "camp", "#loc+site", "#site+name"],
    "place": ["place", "lieu", "localite", "location", "commune", "village", "ville", "town",
              "#loc", "#loc+name", "#adm3+name"],
    "region": ["region", "regions", "region name", "adm1", "adm1 fr", "adm1 name", "#adm1",
               "#adm1+name", "#adm1+code", "adm1 pcode"],
    # a cercle (admin-2) by its name or P-code (ML0101); the cercle's chief town places a row with no
    # place nor coordinates
    "cercle": ["cercle", "cercles", "circle", "nom du cercle", "cercle name", "adm2", "adm2 fr", "adm2 name",
               "adm2 pcode", "#adm2", "#adm2+name", "#adm2+code"],
    "partner": ["partner", "partners", "partenaire", "partenaires", "ong", "ngo", "partenaire de mise en oeuvre",
                "partenaires de mise en oeuvre", "ong partenaire", "ong partenaires", "partenaire d execution",
                "partenaire d'execution", "structure", "structure de mise en oeuvre", "implementing partner",
                "implementing partners", "implementing organisation", "implementing organization", "organisation",
                "organization", "#org", "#org+impl", "#org+name"],
    "cost_xof": ["cost", "cout", "cout fcfa", "cout du projet", "budget", "budget fcfa",
                 "montant", "montant fcfa", "cost xof", "cost fcfa", "cost_xof", "#value",
                 "#value+cost", "#value+xof"],
    "beneficiaries": ["beneficiaries", "beneficiaires", "beneficiaires directs", "direct beneficiaries",
                      "nombre de beneficiaires", "#reached", "#beneficiary", "#affected+reached"],
    "youth": ["youth", "jeunes", "dont jeunes", "#reached+youth"],
    "women": ["women", "femmes", "dont femmes", "of which women", "f", "#reached+f",
              "#reached+women", "#affected+f"],
    "men": ["men", "hommes", "h", "m", "dont hommes", "#reached+m", "#reached+men"],
    "total": ["total", "participants", "nombre de participants", "effectif", "#reached+total"],
    "launch_date": ["launch date", "date de lancement", "date", "start date", "date de debut",
                    "lancement", "#date", "#date+start"],
    "date_start": ["date start", "date_start", "start", "debut", "date de debut", "date",
                   "start date", "#date", "#date+start"],
    "date_end": ["date end", "date_end", "end", "fin", "date de fin", "end date", "#date+end"],
    "duration_months": ["duration", "duree", "duree mois", "duration months", "duree (mois)", "#date+duration"],
    "category": ["category", "categorie", "type de projet", "secteur", "sector", "#sector"],
    "site_type": ["type", "site type", "type de site", "#loc+type"],
    "status": ["status", "statut", "etat", "#status"],
    "works": ["works", "travaux", "#status+works"],
    "activity_type": ["activity type", "activity_type", "type d activite", "type d'activite", "type of activity",
                      "#activity+type"],
    "organiser": ["organiser", "organizer", "organisateur", "#org+organiser"],
    "audience": ["audience", "public", "public cible", "beneficiaires cibles", "cible", "#targeted"],
    "latitude": ["latitude", "lat", "y", "#geo+lat"],
    "longitude": ["longitude", "lon", "long", "lng", "x", "#geo+lon"],
}

# The one HXL hashtag the reporting template writes under each field's header (each is one of the
# field's SYNONYMS, so a sheet that keeps the row maps every column by it, whatever its headers say).
HXL_TAGS: dict[str, str] = {
    "title": "#activity+name", "name": "#loc+site", "place": "#loc+name", "region": "#adm1+name",
    "cercle": "#adm2+name", "partner": "#org+impl", "cost_xof": "#value+xof", "beneficiaries": "#reached",
    "youth": "#reached+youth", "women": "#reached+f", "men": "#reached+m", "total": "#reached+total",
    "launch_date": "#date+start", "date_start": "#date+start", "date_end": "#date+end",
    "duration_months": "#date+duration", "category": "#sector", "site_type": "#loc+type", "status": "#status",
    "works": "#status+works", "activity_type": "#activity+type", "organiser": "#org+organiser",
    "audience": "#targeted", "latitude": "#geo+lat", "longitude": "#geo+lon",
}
# The reporting template's example row starts with one of these (folded, any language): the reader
# never imports such a row (geo.read.headers.is_example_row).
EXAMPLE_MARKS = {"fr": "EXEMPLE — ne pas importer", "en": "EXAMPLE — do not import"}

# Tables an export can write: the record kinds, the programme totals and dated events as the
# sources report them, and the per-region figures.
TABLE_KINDS = RECORD_KINDS + ("programme_totals", "events", "regions")
# Cantonment sites and MOC camps: their positions never leave in the public view.
SENSITIVE_KINDS = frozenset({"sites"})
SITE_TYPES = ("cantonment", "moc_camp")

# Per-region figures (geo.model.summary.region_summary's columns), and the subset offered in the
# app's measure picker (the others are reached from the command line and exports).
MEASURES = ("projects", "cost_xof", "beneficiaries", "women", "trainings", "participants",
            "participants_men", "participants_women", "reached", "sites", "cantonment_sites", "moc_camps")
MAP_MEASURES = ("projects", "cost_xof", "beneficiaries", "women", "trainings", "participants",
                "participants_women", "reached", "sites")

# What a record of the trainings table is, from its source's words: a training course or
# capacity-building workshop (its participants are people trained); an awareness session or
# campaign (its audience is people reached, never added to the trained); a community dialogue.
# A partner's row that does not say is a training.
ACTIVITY_TYPES = ("training", "awareness", "dialogue")
# Fields whose value is one of a closed list of codes: a partner may write the code or its label in
# either language (the catalogue's "activity.training", "site_type.cantonment"...); validation keeps
# the code. {field: (catalogue prefix, codes)}
CODED_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "activity_type": ("activity", ACTIVITY_TYPES), "site_type": ("site_type", SITE_TYPES)}
# The kinds of CVR project the programme funds (shared/DOMAIN.md: labour-intensive works, sanitation,
# market gardens, vocational training, income-generating activities), offered as a list by the
# reporting template and the record form; a category outside it is kept as written. Labels: the
# catalogue's "category.<key>".
CVR_CATEGORIES = ("himo", "sanitation", "market_garden", "vocational_training", "income_generating", "other")
# A figure the source qualifies ("plus de 7.000", "environ 54", "près de 42,612", "au moins 3 000") keeps the word
# beside it, in a column named after the figure with this suffix: more_than, about or nearly.
QUALIFIERS = ("more_than", "about", "nearly", "at_least")
DEFAULT_MEASURE = "projects"

# The dates of each kind, first the one that places a record in a year (filters, timelines).
DATE_COLUMNS = {"cvr_projects": ("launch_date",), "sites": ("date_start",), "trainings": ("date_start", "date_end")}
PARTNER_COLUMNS = {"cvr_projects": "partner", "trainings": "organiser"}
# The kind of record an event's category belongs to, for the kind filter (others: no kind).
EVENT_KINDS = {"cvr": "cvr_projects", "training": "trainings", "attack": "sites", "moc": "sites",
               "cantonment": "sites", "ddr": "sites"}
# Where a record's position comes from, best first.
# near_place: the source gives a distance to a located place ("à environ 25 km de la ville de
# Kidal"): the record is drawn at that place with a circle of that radius (near_place, radius_km,
# near_quote columns), marked approximate.
# cercle_town: the record names its cercle and no place: at the cercle's chief town (a cercle bears
# its name), marked approximate. region_town: it names only a 2023 region: at that region's capital,
# marked approximate and, like region_centroid, counted but never drawn as a point.
LOCATION_SOURCES = ("record", "gazetteer", "near_place", "cercle_town", "region_town", "region_centroid", "unlocated")
