import datetime as dt

import pytest

from bot.identity.parse import date_of_birth, link_code, trainee_number


@pytest.mark.parametrize("text,expected", [
    ("T-1001", "T-1001"), ("my number is t1001", "T-1001"), ("Ｔ－１００１です", "T-1001"),
    ("hello", None), ("", None), ("'; drop table trainees; --", None),
])
def test_trainee_numbers(text, expected):
    assert trainee_number(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("2002-04-12", dt.date(2002, 4, 12)), ("2002/4/12", dt.date(2002, 4, 12)),
    ("2002年4月12日です", dt.date(2002, 4, 12)), ("12/04/2002", dt.date(2002, 4, 12)),
    ("２００２－０４－１２", dt.date(2002, 4, 12)),
    ("2002-02-30", None), ("2030-01-01", None), ("april", None), ("", None),
])
def test_dates_of_birth(text, expected):
    assert date_of_birth(text, today=dt.date(2026, 11, 24)) == expected


@pytest.mark.parametrize("text,expected", [
    ("SJ5XDLRQ", "SJ5XDLRQ"), ("sj5x-dlrq", "SJ5XDLRQ"), ("SJ5X DLRQ", "SJ5XDLRQ"),
    ("SJ5XDLR0", None), ("short", None), ("x" * 100, None),
])
def test_link_codes(text, expected):
    assert link_code(text) == expected


def test_month_first_languages_read_numeric_dates_month_first():
    today = dt.date(2026, 11, 24)
    assert date_of_birth("04/12/2002", today=today, month_first=True) == dt.date(2002, 4, 12)
    assert date_of_birth("04/12/2002", today=today) == dt.date(2002, 12, 4)
    assert date_of_birth("2002-04-12", today=today, month_first=True) == dt.date(2002, 4, 12)   # ISO is unambiguous


def test_thai_buddhist_era_years_are_converted():
    today = dt.date(2026, 11, 24)
    assert date_of_birth("12/04/2545", today=today) == dt.date(2002, 4, 12)
    assert date_of_birth("2545-04-12", today=today) == dt.date(2002, 4, 12)


def test_month_first_setting_comes_from_languages_yml():
    from bot.language.names import month_first_dates

    assert month_first_dates("tl") and not month_first_dates("vi") and not month_first_dates("en")
