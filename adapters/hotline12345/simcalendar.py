"""The working calendar and the §4.8 deadlines of the simulated hotline.

    cal = Calendar(holidays=("2025-10-01",), workdays=("2025-09-28",))
    cal.add_working_days(datetime(2025, 11, 3, 9, 20, 11), 5)     # 2025-11-10 09:20:11
    cal.deadlines("02", dispatch)                                  # (sign, return, handle)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

__all__ = ["Calendar"]


class Calendar:
    """Monday–Friday, minus ``holidays``, plus ``workdays`` (ISO dates)."""

    def __init__(self, holidays: tuple[str, ...] = (), workdays: tuple[str, ...] = ()) -> None:
        self._off = {date.fromisoformat(d) for d in holidays}
        self._on = {date.fromisoformat(d) for d in workdays}

    def is_working(self, day: date) -> bool:
        return day in self._on or (day.weekday() < 5 and day not in self._off)

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The same clock time on the ``days``-th working day after ``start``'s day."""
        moment = start
        while days > 0:
            moment += timedelta(days=1)
            if self.is_working(moment.date()):
                days -= 1
        return moment

    def working_days_before(self, end: datetime, days: int) -> datetime:
        """The same clock time ``days`` working days before ``end``."""
        moment = end
        while days > 0:
            moment -= timedelta(days=1)
            if self.is_working(moment.date()):
                days -= 1
        return moment

    def deadlines(self, limit_type: str, dispatch: datetime) -> tuple[datetime, datetime, datetime]:
        """(signDeadline, returnDeadline, handleDeadline) of §4.8."""
        if limit_type == "01":
            two_h = dispatch + timedelta(hours=2)
            return two_h, two_h, self.add_working_days(dispatch, 1)
        handle = 15 if limit_type == "03" else 5
        return (self.add_working_days(dispatch, 1), self.add_working_days(dispatch, 2),
                self.add_working_days(dispatch, handle))
