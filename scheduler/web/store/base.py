"""What every table's part of the store shares: the engine, the write lock, the caches, and
the queries they all make (insert a row, get one record, list records)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, Table, insert, select
from sqlalchemy.engine import Connection

from scheduler.web.store.engine import make_engine
from scheduler.web.store.migrate import upgrade

R = TypeVar("R")
ToRecord = Callable[[Mapping[str, Any]], R]

# SQL integers are 64-bit; a larger id (from a URL or a form) names nothing.
MAX_ID = 2**63 - 1


def check_id(*ids: int | None) -> None:
    """KeyError for an id no row can have (the same error as a missing row)."""
    if any(i is not None and not 0 <= i <= MAX_ID for i in ids):
        raise KeyError(f"no such id: {ids}")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def insert_row(conn: Connection, table: Table, **values: Any) -> int:
    """Insert one row and return its new id."""
    result = conn.execute(insert(table).values(**values))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def of_team(table: Table, team_id: int, *columns: Any) -> Select[Any]:
    """The rows of one team: all columns, or only ``columns``."""
    return select(*(columns or (table,))).where(table.c.team_id == team_id)


class Lru:
    """A small thread-safe cache for immutable values (inputs and rosters never change)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


class StoreBase:
    """The database connection and caches that the per-table parts of ``Store`` share."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        try:
            upgrade(self.engine)
        except BaseException:
            self.engine.dispose()
            raise
        # Version numbers are "max + 1": one writer at a time in this process, and the
        # unique constraint (team_id, version) with a retry for any other.
        self._write_lock = threading.Lock()
        self._teams = Lru(32)
        self._rosters = Lru(32)
        self._derived = Lru(128)

    def close(self) -> None:
        self.engine.dispose()

    def derived(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """A value computed from stored rows that never change (coverage, page contexts)."""
        return self._derived.get(key, make)

    def _first(self, query: Select[Any], to_record: ToRecord[R]) -> R | None:
        """The first record the query finds, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else to_record(dict(row))

    def _get(self, query: Select[Any], to_record: ToRecord[R], missing: str) -> R:
        """The record the query finds; KeyError(missing) when there is none."""
        found = self._first(query, to_record)
        if found is None:
            raise KeyError(missing)
        return found

    def _list(self, query: Select[Any], to_record: ToRecord[R]) -> list[R]:
        with self.engine.connect() as conn:
            return [to_record(dict(row)) for row in conn.execute(query).mappings()]
