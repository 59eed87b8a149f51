"""Write the SYNTHETIC example files the README's commands use (run from the repository root):

    python examples/make_examples.py

- partner.csv, partner.xlsx: a small French partner sheet of CVR projects, SYNTHETIC (titles and
  partners say so; places and coordinates are GeoNames points from data/gazetteer.csv), with the
  usual traps: FCFA amounts with dots, day-first dates, an HXL row, a blank row, latitude and
  longitude swapped, a point in another region than the one named, an impossible date, a repeated
  row;
- sites.csv: a SYNTHETIC sites sheet (two cantonment sites, one MOC camp, at GeoNames towns);
- projets_regions_2023.csv: a SYNTHETIC sheet of nine CVR projects as partners write them since 2024:
  each names one of the regions the 2023 reform made operational and a cercle of it, and has no
  coordinates (data/regions_2023.csv gives each region's parent; the cercles are GeoNames towns);
- cod_ab_adm1.zip: an admin-1 boundary file in the style of OCHA's COD-AB (columns ADM1_FR and
  ADM1_PCODE, projected to UTM 30N, a zipped shapefile). It is a COPY of the shipped Natural Earth
  polygons, renamed and reprojected, never a new polygon and not an OCHA file.

The files are deterministic: running this again, on any day, gives the same bytes. Nothing written
carries the clock: the zip entries, the workbook's properties and the shapefile's DBF header (which
GDAL stamps with the day of writing) are all dated FIXED_DAY.
"""
from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADERS = ["Intitulé du projet", "Localité", "Région", "Partenaire", "Coût (FCFA)", "Bénéficiaires directs",
           "dont femmes", "Date de lancement", "Latitude", "Longitude"]
HXL = ["#activity+name", "#loc+name", "#adm1+name", "#org+impl", "#value+xof", "#reached", "#reached+f", "#date+start",
       "#geo+lat", "#geo+lon"]
# GeoNames cities500 points (data/gazetteer.csv), written the French way
GAO, KIDAL, TOMBOUCTOU = ("16,27167", "-0,04472"), ("18,44345", "1,40921"), ("16,77348", "-3,00742")
ROWS = [
    ["SYNTHETIC Forage communautaire", "Gao", "Gao", "SYNTHETIC ONG A", "12.500.000 FCFA", "1 200", "450",
     "15/03/2024", *GAO],
    ["SYNTHETIC Maraîchage des femmes", "Kidal", "Kidal", "SYNTHETIC ONG B", "8.750.000", "300", "280", "02/04/2024",
     "", ""],
    None,                                                                     # a blank row
    ["SYNTHETIC Réhabilitation d'une école", "Tombouctou", "Tombouctou", "SYNTHETIC ONG A", "21 000 000", "650", "300",
     "1er avril 2024", *TOMBOUCTOU],
    ["SYNTHETIC Projet aux coordonnées inversées", "Gao", "Gao", "SYNTHETIC ONG C", "4.000.000", "80", "40",
     "20/04/2024", GAO[1], GAO[0]],                                           # latitude and longitude swapped
    ["SYNTHETIC Projet mal placé", "Kidal", "Tombouctou", "SYNTHETIC ONG C", "3.000.000", "70", "30", "22/04/2024",
     *KIDAL],                                                                 # Kidal's point, Tombouctou named
    ["SYNTHETIC Projet à la date impossible", "Gao", "Gao", "SYNTHETIC ONG C", "5.000.000", "90", "45", "31/02/2024",
     *GAO],
    ["SYNTHETIC Forage communautaire", "Gao", "Gao", "SYNTHETIC ONG A", "12.500.000 FCFA", "1 200", "450",
     "15/03/2024", *GAO],                                                     # the first row again
    ["SYNTHETIC Formation professionnelle", "Mopti", "Mopti", "SYNTHETIC ONG B", "3.400.000 FCFA", "120", "60",
     "10/05/2024", "", ""],
]
SITES = [["Nom du site", "Type", "Localité", "Région", "Statut", "Date de début", "Latitude", "Longitude"],
         ["SYNTHETIC site A", "cantonment", "Tessalit", "Kidal", "SYNTHETIC", "01/02/2024", "", ""],
         ["SYNTHETIC site B", "cantonment", "Ansongo", "Gao", "SYNTHETIC", "15/02/2024", "", ""],
         ["SYNTHETIC camp C", "moc_camp", "Gao", "Gao", "SYNTHETIC", "01/03/2024", *GAO]]
REGIONS_2023_HEADERS = ["Intitulé du projet", "Région", "Cercle", "Partenaire", "Coût (FCFA)", "Bénéficiaires directs",
                        "Date de lancement"]
REGIONS_2023_ROWS = [[f"SYNTHETIC Projet RVC {region}", region, cercle, "SYNTHETIC ONG D", cost, people, day]
                     for region, cercle, cost, people, day in [
                         ("Bougouni", "Yanfolila", "6.000.000", "150", "05/02/2024"),
                         ("Koutiala", "Yorosso", "7.500.000", "210", "12/02/2024"),
                         ("Nioro", "Diéma", "4.200.000", "90", "19/02/2024"),
                         ("Kita", "Kita", "5.100.000", "120", "26/02/2024"),
                         ("Bandiagara", "Bankass", "9.000.000", "300", "04/03/2024"),
                         ("Douentza", "Douentza", "3.900.000", "80", "11/03/2024"),
                         ("San", "Tominian", "6.600.000", "175", "18/03/2024"),
                         ("Dioïla", "Dioïla", "5.500.000", "140", "25/03/2024"),
                         ("Nara", "Nara", "4.800.000", "110", "01/04/2024")]]
PCODES = {"ML-1": "ML01", "ML-2": "ML02", "ML-3": "ML03", "ML-4": "ML04", "ML-5": "ML05", "ML-6": "ML06",
          "ML-7": "ML07", "ML-8": "ML08", "ML-BKO": "ML09"}
LABEL = "COPY of Natural Earth admin-1 (public domain), renamed like an OCHA COD-AB file; not an OCHA file"
FIXED_DAY = (2024, 6, 1)   # the date every generated file carries, whatever day it is written


def write_csv(path: Path, rows: list, delimiter: str = ";") -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    for row in rows:
        writer.writerow(row if row is not None else [])
    path.write_text(out.getvalue(), encoding="utf-8")


def write_xlsx(path: Path, rows: list) -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Projets"
    for row in rows:
        sheet.append(row if row is not None else [])
    book.properties.created = book.properties.modified = dt.datetime(*FIXED_DAY)   # the same bytes each time
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def write_cod_ab(path: Path) -> None:
    import geopandas as gpd

    from geo.read.boundaries import load_boundaries

    shipped = load_boundaries().frame
    frame = gpd.GeoDataFrame({"ADM0_FR": "Mali", "ADM0_PCODE": "ML", "ADM1_FR": shipped["region"],
                              "ADM1_PCODE": shipped["iso_code"].map(PCODES), "SOURCE": LABEL},
                             geometry=shipped.geometry, crs=shipped.crs).to_crs(32630)
    with tempfile.TemporaryDirectory() as folder:
        frame.to_file(Path(folder) / "cod_ab_adm1.shp", driver="ESRI Shapefile", encoding="utf-8")
        fix_dbf_date(Path(folder) / "cod_ab_adm1.dbf")
        parts = sorted(Path(folder).iterdir())
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for part in parts:
                archive.writestr(_entry(part.name), part.read_bytes())
    path.write_bytes(buffer.getvalue())


def fix_dbf_date(path: Path) -> None:
    """Date a DBF file FIXED_DAY: bytes 1-3 of its header are the day it was last written (year - 1900,
    month, day), which GDAL takes from the clock."""
    data = bytearray(path.read_bytes())
    year, month, day = FIXED_DAY
    data[1:4] = bytes((year - 1900, month, day))
    path.write_bytes(bytes(data))


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry dated FIXED_DAY, stored (not deflated: no zlib version can change the bytes either),
    marked as made on Unix whatever the machine."""
    info = zipfile.ZipInfo(name, date_time=(*FIXED_DAY, 0, 0, 0))
    info.create_system = 3
    return info


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every member dated FIXED_DAY, and the workbook's own dates too (openpyxl
    writes the time of saving)."""
    import re

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    stamp = "{:04d}-{:02d}-{:02d}T00:00:00Z".format(*FIXED_DAY).encode()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            archive.writestr(_entry(info.filename), content)
    return buffer.getvalue()


def main() -> None:
    sheet = [HEADERS, HXL, *ROWS]
    write_csv(HERE / "partner.csv", sheet)
    write_xlsx(HERE / "partner.xlsx", sheet)
    write_csv(HERE / "sites.csv", SITES)
    write_csv(HERE / "projets_regions_2023.csv", [REGIONS_2023_HEADERS, *REGIONS_2023_ROWS])
    write_cod_ab(HERE / "cod_ab_adm1.zip")
    print("wrote", ", ".join(p.name for p in sorted(HERE.iterdir()) if p.suffix in {".csv", ".xlsx", ".zip"}))


if __name__ == "__main__":
    main()
