"""An agent's month as an iCalendar file: one event per shift, in Asia/Shanghai time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from scheduler.roster.model import Roster
from scheduler.roster.page import ZH_NAMES
from scheduler.team.model import Team

TIMEZONE = ZoneInfo("Asia/Shanghai")
PRODID = "-//cs-roster//roster//ZH"


def agent_calendar(
    team: Team, roster: Roster, agent_id: str, *, stamp: datetime, uid_prefix: str, lang: str = "zh"
) -> bytes:
    """One VEVENT per shift worked; an evening shift ending after midnight ends the next day.

    ``stamp`` (DTSTAMP) and ``uid_prefix`` make the file the same each time it is made,
    so a calendar that imports it again updates the events instead of doubling them.
    """
    shifts = {s.id: s for s in team.shifts}
    names = {a.agent_id: a.name for a in team.agents}
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{names.get(agent_id, agent_id)} · {roster.month}")
    calendar.add("x-wr-timezone", str(TIMEZONE))
    for day in roster.month.days:
        entry = roster.entry(agent_id, day)
        shift = shifts.get(entry.shift)
        if shift is None:
            continue
        start = datetime.combine(day, shift.start, tzinfo=TIMEZONE)
        event = Event()
        event.add("uid", f"{uid_prefix}-{agent_id}-{day.isoformat()}@cs-roster")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=shift.length_min))
        if lang == "zh":
            event.add("summary", ZH_NAMES.get(shift.id, shift.id))
        else:
            event.add("summary", f"{shift.id.capitalize()} shift")
        if entry.shares:
            event.add("description", ", ".join(f"{shop} {pct}%" for shop, pct in entry.shares))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical
