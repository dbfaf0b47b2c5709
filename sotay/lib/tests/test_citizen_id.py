import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.lib.citizen_id import CitizenIdError, make_citizen_id, validate_citizen_id
from sotay.lib.dates import add_months, age_in_years


def test_valid_id_passes_and_is_cleaned():
    assert validate_citizen_id(" 034 085 012345 ") == "034085012345"


@pytest.mark.parametrize("bad", ["", "12345678901", "1234567890123", "03408501234a", "999085012345"])
def test_malformed_ids_are_refused_in_vietnamese(bad):
    with pytest.raises(CitizenIdError) as exc:
        validate_citizen_id(bad)
    assert "định danh" in str(exc.value) or "mã tỉnh" in str(exc.value)


def test_birth_year_and_gender_must_match():
    with pytest.raises(CitizenIdError, match="năm sinh"):
        validate_citizen_id("034085012345", born=dt.date(1986, 1, 1))
    with pytest.raises(CitizenIdError, match="giới tính"):
        validate_citizen_id("034085012345", female=True)
    assert validate_citizen_id("034185012345", born=dt.date(1985, 5, 1), female=True)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)), st.booleans(), st.integers(0, 999_999))
def test_made_ids_always_validate(born, female, serial):
    cid = make_citizen_id("034", born, female, serial)
    assert validate_citizen_id(cid, born=born, female=female) == cid


def test_add_months_keeps_day_or_falls_back_to_month_end():
    assert add_months(dt.date(2024, 3, 15), 12) == dt.date(2025, 3, 15)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)


def test_age_in_years():
    assert age_in_years(dt.date(2000, 6, 15), dt.date(2018, 6, 14)) == 17
    assert age_in_years(dt.date(2000, 6, 15), dt.date(2018, 6, 15)) == 18
