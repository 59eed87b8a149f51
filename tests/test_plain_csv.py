"""The quick CSV path (Arrow's CSV parser for the lines of the usual width, the csv module for the
lines with quotes, a split for the others) reads exactly what the csv module's row-by-row path reads:
the same cells, None where a row is short, the same row numbers, blank rows, HXL tags, notes and
too-wide rows, and the same error when there is no table."""
import random

import pytest

from geo.read.tables import ReadError, _read_csv_rows, _read_plain_csv, read_table

CELLS = ["", " ", "  ", "a", "Gao", "é", "Ménaka", "\u00a0", "\u2003", "#org", "#adm1+name", "1.234", "57.257.750 FCFA",
         "\\", "\x1a", "\x0c", " x ", "#", "nan", "None", "=1+1", "'", "a b", "\t", "\u2028", "\x85", "\x0b", "NA", "null"]


def random_text(rng: random.Random, delimiter: str) -> str:
    lines = []
    width = rng.randint(1, 6)
    for _ in range(rng.randint(0, 2)):           # blank lines before the header
        lines.append(rng.choice(["", " ", delimiter * rng.randint(1, 3)]))
    lines.append(delimiter.join(rng.choice(["Titre", "Région", "", "Coût", "Lieu", "Titre"]) for _ in range(width)))
    if rng.random() < 0.3:
        lines.append(delimiter.join(rng.choice(["#org", "#adm1+name", "", "x"]) for _ in range(width)))
    for _ in range(rng.randint(0, 12)):
        cells = [rng.choice(CELLS) for _ in range(rng.choice([0, width - 1, width, width, width + 1, width + 3]))]
        lines.append(delimiter.join(c for c in cells if c != delimiter))
    ending = rng.choice(["\n", "\r\n"])
    return ending.join(lines) + rng.choice(["", ending, ending * 2])


def outcome(read, *args):
    try:
        table = read(*args)
    except ReadError as err:
        return ("error", str(err))
    if table is NotImplemented:
        return table
    return (table.frame.to_dict("split"), table.row_numbers, table.blank_rows, table.hxl_tags,
            [str(n) for n in table.notes], {k: str(v) for k, v in table.row_problems.items()})


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_both_paths_read_the_same_table(delimiter):
    rng = random.Random(7)
    quick = 0
    for _ in range(400):
        text = random_text(rng, delimiter)
        try:
            plain = outcome(_read_plain_csv, text, delimiter, "f.csv")
        except Exception as err:   # noqa: BLE001 -- name the text that broke it
            raise AssertionError(f"{text!r}: {err!r}") from err
        if plain[0] is None:
            continue
        quick += 1
        assert plain == outcome(_read_csv_rows, text, delimiter, "f.csv"), repr(text)
    assert quick > 300                                  # the quick path did read (nearly) all of them


def test_quoted_cells_on_one_line_go_the_quick_way_others_the_careful_way():
    """An Excel export quotes a cell with the delimiter or a quotation mark in it: each such line
    is read by the csv module alone, the rest by pandas. A quoted cell over several lines, a quote
    never closed or a lone carriage return send the whole text the careful way."""
    assert _read_plain_csv('a;b\n"x;y";2\n', ";", "f.csv") is not None
    assert _read_plain_csv('a;b\n"x\ny";2\n', ";", "f.csv") is None
    assert _read_plain_csv('a;b\n"x;2\n3;4\n', ";", "f.csv") is None
    assert _read_plain_csv("a;b\r1;2\r", ";", "f.csv") is None
    assert _read_plain_csv("a;b\n1;2\n", ";", "f.csv") is not None


QUOTED = ['"x;y"', '"a ""b"" c"', 'x"y', '"a"b', ' "a;b"', '""', '"";""', '"#org"', '"é;ü"', '"\u00a0"', '"open']


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_quoted_cells_read_the_same_both_ways(delimiter):
    rng = random.Random(26)
    quick = 0
    for _ in range(400):
        lines = random_text(rng, delimiter).replace("\r\n", "\n").split("\n")
        for _ in range(rng.randint(1, 4)):   # a quoted cell in some lines, the delimiter as it is
            at = rng.randrange(len(lines))
            lines[at] = delimiter.join(filter(None, [lines[at], rng.choice(QUOTED).replace(";", delimiter)]))
        text = "\n".join(lines)
        plain = outcome(lambda *args: _read_plain_csv(*args) or NotImplemented, text, delimiter, "f.csv")
        if plain is NotImplemented or plain[0] is None:   # not for the quick path
            continue
        quick += 1
        assert plain == outcome(_read_csv_rows, text, delimiter, "f.csv"), repr(text)
    assert quick > 200


def test_a_shipped_table_reads_the_same_both_ways():
    from geo.paths import DATA_DIR

    path = DATA_DIR / "gazetteer.csv"           # no quotes in it: the quick path reads it
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    assert _read_plain_csv(text, ",", path.name) is not None
    assert outcome(read_table, path) == outcome(_read_csv_rows, text, ",", path.name)


def test_a_line_longer_than_arrow_s_blocks_reads_the_same_both_ways():
    """Arrow parses in blocks of a few MB; a cell of 6 MB (refused later by validation, read here)
    is still one cell of its line."""
    text = "Titre;Région\n" + "Route;Gao\n" * 50 + "x" * 6_000_000 + ";Kidal\n" + "Forage;Mopti\n" * 50
    plain = outcome(_read_plain_csv, text, ";", "f.csv")
    assert plain[0]["data"][50] == ["x" * 6_000_000, "Kidal"]
    assert plain == outcome(_read_csv_rows, text, ";", "f.csv")
