"""The model's calendar: one step is one week. Every count of weeks derives from here."""

from __future__ import annotations

WEEKS_PER_YEAR = 52
WEEKS_PER_QUARTER = WEEKS_PER_YEAR // 4
MONTHS_PER_YEAR = 12


def year_of(week: int) -> int:
    """The 0-based year a simulated week belongs to: weeks 1 to 52 are year 0 (week 0, the
    start, counts as year 0 too)."""
    return max(week - 1, 0) // WEEKS_PER_YEAR


def weeks_into_year(week: int) -> int:
    """Weeks of the current budget year simulated after `week` weeks (52 at a year's end)."""
    return week % WEEKS_PER_YEAR or (WEEKS_PER_YEAR if week else 0)


def month_of(week_of_year: int) -> int:
    """The 0-based month (0..11) of a 0-based week within its year."""
    return min(week_of_year * MONTHS_PER_YEAR // WEEKS_PER_YEAR, MONTHS_PER_YEAR - 1)


def weeks(years: int) -> int:
    """Weeks in `years` years."""
    return years * WEEKS_PER_YEAR


__all__ = ["MONTHS_PER_YEAR", "WEEKS_PER_QUARTER", "WEEKS_PER_YEAR", "month_of", "weeks",
           "weeks_into_year", "year_of"]
