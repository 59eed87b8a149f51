"""A second generator of partner sheets, written apart from bench/bench_validate.py's: what an NGO's
Excel export of a CVR project list looks like when it reaches the dashboard. SYNTHETIC: the titles,
partners and figures are made up here (labelled SYNTHETIC), the places are names of Mali's
gazetteer; nothing is written to data/.

- Excel's "CSV (séparateur : point-virgule)": Windows-1252, CRLF line ends, semicolons, a header
  row with accents and a unit in brackets;
- 15 columns, three the dashboard does not use (an internal code, a person in charge, remarks),
  which travel in the stored records' `extra`; the partner's column is headed "Partenaire de mise
  en œuvre", with the ligature;
- cells Excel quotes: titles with a semicolon, or with quotation marks (doubled inside the quoted cell);
- amounts written "57 257 750" (a no-break space between thousands) or "57257750", counts as
  numbers, coordinates with a decimal comma on a third of the rows;
- dates day first ("03/05/2019"), and on one row in eight only a month ("août 2017", "08/2017");
- 3% of rows with a mistake a partner makes: an impossible date, a figure in words, a place
  outside Mali, no title, an unknown region.

    python bench/partner_sheet.py ROWS OUT.csv     # writes one sheet
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

HEADER = ["Code interne", "Intitulé du projet", "Localité", "Région", "Cercle", "Partenaire de mise en œuvre",
          "Coût (FCFA)", "Bénéficiaires directs", "dont femmes", "dont jeunes", "Date de lancement",
          "Latitude", "Longitude", "Responsable", "Observations"]
PLACES = [("Gao", "Gao", "Gao", 16.2717, -0.0447), ("Ansongo", "Gao", "Ansongo", 15.6597, 0.5022),
          ("Bourem", "Gao", "Bourem", 16.9535, -0.3500), ("Kidal", "Kidal", "Kidal", 18.4411, 1.4078),
          ("Tombouctou", "Tombouctou", "Tombouctou", 16.7735, -3.0074), ("Goundam", "Tombouctou", "Goundam", 16.4145, -3.6708),
          ("Mopti", "Mopti", "Mopti", 14.4843, -4.1830), ("Sévaré", "Mopti", "Mopti", 14.5333, -4.1000),
          ("Bandiagara", "Mopti", "Bandiagara", 14.3501, -3.6104), ("Ménaka", "Ménaka", "Ménaka", 15.9182, 2.4022),
          ("Ségou", "Ségou", "Ségou", 13.4317, -6.2157), ("Niono", "Ségou", "Niono", 14.2526, -5.9929)]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
WORKS = ["Réhabilitation de la route", "Forage équipé", "Marché à bétail", "Périmètre maraîcher",
         "Formation professionnelle des jeunes", "Centre de santé", "Latrines scolaires", "Digue de retenue"]
PEOPLE = ["M. Traoré", "Mme Maïga", "M. Cissé", "Mme Touré", "M. Ag Intalla"]
NBSP = "\u00a0"


def row(i: int, rng: random.Random) -> tuple[list[str], bool]:
    place, region, cercle, lat, lon = rng.choice(PLACES)
    work = rng.choice(WORKS)
    title = f"SYNTHETIC {work} de {place} n° {i}"
    if i % 9 == 0:
        title = f"SYNTHETIC {work}; phase {i % 3 + 1}"            # a semicolon: Excel quotes the cell
    elif i % 13 == 0:
        title = f'SYNTHETIC {work} "{place}-{rng.choice(PLACES)[0]}"'   # quotation marks, doubled in the file
    cost = rng.randint(2_000_000, 95_000_000)
    cost_text = f"{cost:,}".replace(",", NBSP) if i % 2 else str(cost)
    beneficiaries = rng.randint(40, 9000)
    women = rng.randint(0, beneficiaries // 2)
    youth = rng.randint(0, beneficiaries // 2) if i % 4 else ""
    year, month, day = rng.randint(2015, 2023), rng.randint(1, 12), rng.randint(1, 28)
    date = f"{day:02d}/{month:02d}/{year}"
    if i % 8 == 3:
        date = f"{MONTHS[month - 1]} {year}" if i % 16 == 3 else f"{month:02d}/{year}"   # a month only
    lat_text = lon_text = ""
    if i % 3 == 0:
        lat_text = f"{lat + rng.uniform(-0.05, 0.05):.5f}".replace(".", ",")
        lon_text = f"{lon + rng.uniform(-0.05, 0.05):.5f}".replace(".", ",")
    remark = "" if i % 5 else rng.choice(["RAS", "Travaux en cours", "Réception provisoire faite",
                                           "Retard dû à l'insécurité; reprise prévue"])
    cells = [f"PRJ-{i:07d}", title, place, region, cercle, f"SYNTHETIC ONG {i % 11}", cost_text, str(beneficiaries),
             str(women), str(youth), date, lat_text, lon_text, rng.choice(PEOPLE), remark]
    bad = i % 100
    if bad == 17:
        cells[10] = "31/02/2019"                         # an impossible date
    elif bad == 41:
        cells[7] = "environ deux mille"                  # a figure in words
    elif bad == 73:
        cells[11], cells[12] = "48,8566", "2,3522"       # Paris: outside Mali
        cells[2] = ""
    return cells, bad in (17, 41, 73)


def quoted(cell: str) -> str:
    """A cell as Excel writes it: quoted when it holds a semicolon or a quotation mark."""
    return f'"{cell.replace(chr(34), chr(34) * 2)}"' if (";" in cell or '"' in cell) else cell


def write_partner_sheet(path: Path, rows: int, seed: int = 26) -> int:
    """Write `rows` data rows; returns how many carry a mistake (3%)."""
    rng = random.Random(seed)
    mistakes = 0
    with open(path, "w", encoding="cp1252", newline="") as out:
        out.write(";".join(HEADER) + "\r\n")
        for i in range(rows):
            cells, bad = row(i, rng)
            mistakes += bad
            out.write(";".join(quoted(c) for c in cells) + "\r\n")
    return mistakes


if __name__ == "__main__":
    count = write_partner_sheet(Path(sys.argv[2]), int(sys.argv[1]))
    print(f"{sys.argv[2]}: {int(sys.argv[1]):,} rows, {count:,} with a mistake")
