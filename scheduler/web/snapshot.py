"""Frozen page contexts as JSON and back, to keep a finished plan's page in the store.

Handles what page contexts are made of: dataclasses, tuples (``tuple[X, ...]`` and fixed
``tuple[A, B]``), dates, str, int, float, bool and None. A context whose fields have
changed since it was stored does not read back (``SnapshotError``), rather than showing
wrong figures.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date
from typing import Any, TypeVar

T = TypeVar("T")


class SnapshotError(ValueError):
    """The stored JSON does not fit the context class as it is now."""


def dumps(value: object) -> str:
    return json.dumps(_plain(value), ensure_ascii=False)


def loads(cls: type[T], text: str) -> T:
    try:
        value: T = _build(cls, json.loads(text))
    except (KeyError, TypeError, ValueError) as exc:
        raise SnapshotError(f"cannot read a stored {cls.__name__}: {exc}") from exc
    return value


def _plain(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store a {type(value).__name__}")


def _build(kind: Any, value: Any) -> Any:
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        if set(value) != names:
            raise KeyError(f"fields {sorted(set(value) ^ names)}")
        return kind(**{name: _build(hints[name], value[name]) for name in names})
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v) for v in value)
        if len(args) != len(value):
            raise ValueError(f"expected {len(args)} values, got {len(value)}")
        return tuple(_build(a, v) for a, v in zip(args, value, strict=True))
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (other,) = [a for a in args if a is not type(None)]
        return _build(other, value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind in (str, int, bool) and type(value) is kind:
        return value
    raise TypeError(f"{value!r} is not a {kind}")
