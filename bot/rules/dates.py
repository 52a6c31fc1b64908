"""Calendar arithmetic in whole months."""
from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta


def add_months(day: dt.date, months: int) -> dt.date:
    return day + relativedelta(months=months)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (0 when end is before start)."""
    if end < start:
        return 0
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months
