"""The Erlang calculator page: its form, parsed and checked, and the answer's figures."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scheduler.demand.erlang import ConcurrencyMethod, QueueFigures
from scheduler.demand.erlang_calculator import CalculatorAnswer, CalculatorInput
from scheduler.team.errors import InputError
from scheduler.web.service import ErlangRequest

# The calculator's form: (field, label, default text); shares are asked in percent.
ERLANG_FIELDS = (
    ("volume", "Chats per interval", "100"),
    ("interval", "Interval (min)", "30"),
    ("aht", "Average handle time (s)", "180"),
    ("target", "Service level target (%)", "80"),
    ("within", "Answered within (s)", "20"),
    ("patience", "Mean patience (s), for Erlang A", ""),
    ("concurrency", "Chats an agent runs at once", "1"),
    ("shrinkage", "Shrinkage (%)", "0"),
    ("max_occupancy", "Occupancy cap (%)", "85"),
    ("max_abandon", "Abandonment cap (%), Erlang A", "5"),
)
PERCENT_FIELDS = frozenset({"target", "shrinkage", "max_occupancy", "max_abandon"})
ERLANG_METHODS = tuple(str(m) for m in ConcurrencyMethod)


@dataclass(frozen=True, kw_only=True)
class ErlangField:
    name: str
    label: str
    value: str
    """As typed (or the default), to fill the form again."""
    error: str = ""


@dataclass(frozen=True, kw_only=True)
class ErlangRow:
    agents: int
    service_level: str
    asa_s: str
    occupancy: str
    waited: str
    abandoned: str
    answer: bool


@dataclass(frozen=True, kw_only=True)
class ErlangAnswer:
    model: str
    """"Erlang C" or "Erlang A"."""
    traffic: str
    on_duty: int
    scheduled: int
    shrinkage: str
    """"30%" when shrinkage was given (scheduled > on duty), else empty."""
    binding: str
    service_level: str
    asa_s: str
    occupancy: str
    waited: str
    abandoned: str
    within_s: str
    table: tuple[ErlangRow, ...]
    by_method: tuple[tuple[str, int], ...]
    """Agents on duty by each concurrency method, when an agent runs several chats."""


@dataclass(frozen=True, kw_only=True)
class ErlangPage:
    fields: tuple[ErlangField, ...]
    method: str
    methods: tuple[str, ...]
    errors: tuple[InputError, ...]
    answer: ErlangAnswer | None


def erlang_form(values: Mapping[str, str]) -> tuple[ErlangRequest | None, list[InputError]]:
    """The calculator's figures from the form (percentages as shares), or the problems."""
    errors: list[InputError] = []
    parsed: dict[str, float | None] = {}
    for name, _, default in ERLANG_FIELDS:
        text = values.get(name, default).strip()
        if not text:
            if name != "patience":
                errors.append(InputError(name, None, "is required"))
            parsed[name] = None
            continue
        try:
            number = float(text)
        except ValueError:
            errors.append(InputError(name, None, f"{text[:40]!r} is not a number"))
            continue
        if not math.isfinite(number):
            errors.append(InputError(name, None, f"{text[:40]!r} is not a number"))
            continue
        parsed[name] = number / 100 if name in PERCENT_FIELDS else number
    method = values.get("method", str(ConcurrencyMethod.SLOTS))
    if method not in ERLANG_METHODS:
        errors.append(InputError("method", None, f"must be one of {', '.join(ERLANG_METHODS)}"))
    concurrency = parsed.get("concurrency")
    if concurrency is not None and concurrency != int(concurrency):
        errors.append(InputError("concurrency", None, "must be a whole number"))
    if errors:
        return None, errors
    return (
        ErlangRequest(
            volume=float(parsed["volume"] or 0),
            aht=float(parsed["aht"] or 0),
            interval=float(parsed["interval"] or 0),
            target=float(parsed["target"] or 0),
            within=float(parsed["within"] or 0),
            patience=parsed["patience"],
            concurrency=int(parsed["concurrency"] or 0),
            concurrency_method=ConcurrencyMethod(method),
            shrinkage=float(parsed["shrinkage"] or 0),
            max_occupancy=float(parsed["max_occupancy"] or 0),
            max_abandon=float(parsed["max_abandon"] or 0),
        ),
        [],
    )


def _pct(value: float) -> str:
    return f"{value:.1%}"


def _secs(value: float) -> str:
    return "∞" if math.isinf(value) else f"{value:.1f}"


def erlang_answer(
    given: CalculatorInput, answer: CalculatorAnswer, by_method: Mapping[str, int]
) -> ErlangAnswer:
    """The calculator's answer as the page shows it (the CLI's figures and table)."""
    erlang_a = given.patience_s is not None
    figures = answer.figures

    def row_of(agents: int, f: QueueFigures) -> ErlangRow:
        return ErlangRow(
            agents=agents,
            service_level=_pct(f.service_level),
            asa_s=_secs(f.asa_s),
            occupancy=_pct(f.occupancy),
            waited=_pct(f.p_wait),
            abandoned=_pct(f.abandon) if erlang_a else "–",
            answer=agents == answer.on_duty,
        )

    return ErlangAnswer(
        model="Erlang A" if erlang_a else "Erlang C",
        traffic=f"{given.workload.traffic:.2f}",
        on_duty=answer.on_duty,
        scheduled=answer.scheduled,
        shrinkage=f"{given.shrinkage:.0%}" if given.shrinkage else "",
        binding=answer.binding,
        service_level=_pct(figures.service_level) if figures else "–",
        asa_s=_secs(figures.asa_s) if figures else "–",
        occupancy=_pct(figures.occupancy) if figures else "–",
        waited=_pct(figures.p_wait) if figures else "–",
        abandoned=_pct(figures.abandon) if figures and erlang_a else "–",
        within_s=f"{given.target.within_s:g}",
        table=tuple(row_of(agents, f) for agents, f in answer.table),
        by_method=tuple(by_method.items()),
    )


def erlang_page(
    values: Mapping[str, str],
    answer: ErlangAnswer | None = None,
    errors: Sequence[InputError] = (),
) -> ErlangPage:
    """The form filled with ``values`` (else the defaults), each problem by its field."""
    by_field = {e.file: e.message for e in errors}
    return ErlangPage(
        fields=tuple(
            ErlangField(
                name=name,
                label=label,
                value=values.get(name, default)[:60],
                error=by_field.get(name, ""),
            )
            for name, label, default in ERLANG_FIELDS
        ),
        method=values.get("method", "slots") if values.get("method") in ERLANG_METHODS else "slots",
        methods=ERLANG_METHODS,
        errors=tuple(errors),
        answer=answer,
    )
