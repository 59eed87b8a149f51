import datetime as dt

import pytest

from geo.read.parsing import ParseError, parse_coordinate, parse_date, parse_number
from geo.regions import canonical_region, region_code


@pytest.mark.parametrize("text, value", [
    ("57.257.750 FCFA", 57257750), ("56 564 000", 56564000), ("56\u202f564\u202f000 F CFA", 56564000),
    ("16,2717", 16.2717), ("1,747", 1747), ("257,000", 257000), ("1.755", 1755), ("12.5", 12.5),
    ("3 millions USD", 3_000_000), ("84 millions FCFA", 84_000_000), ("0,5", 0.5), ("-3", -3), (42, 42),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["abc", "12.34.5", "1,2,3", "5 chèvres"])
def test_parse_number_refuses(text):
    with pytest.raises(ParseError):
        parse_number(text)


def test_blank_is_none():
    assert parse_number("") is None and parse_date(" ") is None and parse_coordinate(None) is None


@pytest.mark.parametrize("text, value", [
    ("31 juillet 2017", dt.date(2017, 7, 31)), ("1er juin 2017", dt.date(2017, 6, 1)),
    ("03/05/2017", dt.date(2017, 5, 3)), ("2017-05-03", dt.date(2017, 5, 3)), ("11/10/2019", dt.date(2019, 10, 11)),
    ("3 août 2017", dt.date(2017, 8, 3)), ("20 September 2017", dt.date(2017, 9, 20)), ("06.07.17", dt.date(2017, 7, 6)),
])
def test_parse_date(text, value):
    assert parse_date(text) == value


@pytest.mark.parametrize("text", ["31/02/2017", "30 février 2017", "2017-13-01", "demain"])
def test_parse_date_refuses_impossible_dates(text):
    with pytest.raises(ParseError):
        parse_date(text)


def test_coordinates_always_take_one_separator_as_decimal():
    assert parse_coordinate("16,2717") == pytest.approx(16.2717)
    assert parse_coordinate("1.409") == pytest.approx(1.409)
    with pytest.raises(ParseError):
        parse_coordinate("16°N")


@pytest.mark.parametrize("spelling, code", [
    ("Tombouctou", "ML-6"), ("Timbuktu", "ML-6"), ("Tomboctou", "ML-6"), ("Ségou", "ML-4"), ("Segou", "ML-4"),
    ("Taoudénit", "ML-10"), ("Taoudeni", "ML-10"), ("Taoudenni", "ML-10"), ("Ménaka", "ML-9"), ("MENAKA", "ML-9"),
    ("Bamako", "ML-BKO"), ("District de Bamako", "ML-BKO"), ("Région de Gao", "ML-7"), ("ML07", "ML-7"),
])
def test_crosswalk(spelling, code):
    assert region_code(spelling) == code


def test_crosswalk_unknown():
    assert region_code("Paris") is None and canonical_region("Timbuktu") == "Tombouctou"
