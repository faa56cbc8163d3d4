"""`scheduler replan` and `scheduler swap`: change a published roster mid-month."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

import solver
from scheduler.cli.app import app
from scheduler.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_INFEASIBLE,
    EXIT_NOT_FOUND,
    ProgressTable,
    fail_on_input,
)
from scheduler.people.ledger import LEDGER_CSV, ledger_beside
from scheduler.roster.build import RosterOutcome, write_roster_outputs
from scheduler.roster.files import (
    CHANGES_CSV,
    ROSTER_HTML,
    SUMMARY_JSON,
    changes_csv,
    read_roster,
)
from scheduler.roster.model import Change, Roster
from scheduler.roster.page import RosterPage, mark_changes
from scheduler.roster.replan import FEWEST_CHANGES, KEEP_COVER, check_swap, make_replan
from scheduler.team.errors import InputErrors
from scheduler.team.folder import parse_date, read_team
from scheduler.team.model import Team

TEAM_DIR_KEY = "team_dir"


def parse_day(option: str, text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as exc:
        typer.echo(f"{option}: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from exc


def write_with_changes(
    out: Path,
    team: Team,
    outcome: RosterOutcome,
    changes: tuple[Change, ...],
    ledger: str | None = None,
) -> None:
    """The roster files, changes.csv (and ledger.csv when given), and a roster page with the
    changed cells marked."""
    assert outcome.roster is not None
    page = RosterPage.from_roster(team, outcome.roster, outcome.coverage, outcome.summary)
    extra = {CHANGES_CSV: changes_csv(changes)}
    if ledger is not None:
        extra[LEDGER_CSV] = ledger
    write_roster_outputs(out, team, outcome, extra=extra, page=mark_changes(page, changes))


@app.command()
def replan(
    team_dir: Annotated[Path, typer.Argument(help="The team folder, with its current leave.")],
    roster: Annotated[Path, typer.Option(help="The published roster.csv to change.")],
    from_: Annotated[
        str, typer.Option("--from", help="First day to re-plan (YYYY-MM-DD); earlier days stay.")
    ],
    out: Annotated[Path, typer.Option(help="Folder for the new roster files and changes.csv.")],
    previous: Annotated[
        Path | None, typer.Option(help="Last month's roster.csv, as for `scheduler roster`.")
    ] = None,
    time_limit: Annotated[
        float, typer.Option(help="Seconds the solver may search (it stops once it proves optimal).")
    ] = 20.0,
    workers: Annotated[int, typer.Option(help="Solver threads.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed for repeatable runs.")] = 0,
    keep_cover: Annotated[
        bool,
        typer.Option(
            "--keep-cover",
            help="Keep the cover first: move rest days and call agents in within every rule.",
        ),
    ] = False,
) -> None:
    """Re-plan a published roster from --from on with the fewest changes.

    Days before --from are kept exactly; the rest is rebuilt with every hard rule (the
    kept days count for rest days, consecutive days and the rotation) while changing as
    few agent-days and shop assignments as possible, then covering as well as possible.
    Writes the files of `scheduler roster` plus changes.csv into OUT. With --keep-cover the
    cover comes first: rest days move and agents are called in wherever that closes
    shortfall, with as few changes as that cover allows.

    Exit codes: 0 written, 2 bad input, 3 no roster can satisfy the hard rules (the reasons
    are printed), 4 no roster found within the time limit.
    """
    start = parse_day("--from", from_)
    try:
        team = read_team(team_dir)
        published = read_roster(roster, team)
        prev = read_roster(previous, team) if previous else None
        params = solver.SolveParams(time_limit_s=time_limit, num_workers=workers, seed=seed)
        result = make_replan(
            team,
            published,
            start,
            previous=prev,
            params=params,
            on_progress=ProgressTable(),
            choice=KEEP_COVER if keep_cover else FEWEST_CHANGES,
        )
    except InputErrors as errors:
        fail_on_input(errors)
        return
    outcome = result.outcome
    if outcome.roster is None:
        typer.echo(outcome.explanation, err=True)
        raise typer.Exit(
            EXIT_INFEASIBLE if outcome.summary["status"] == "INFEASIBLE" else EXIT_NOT_FOUND
        )
    outcome.summary[TEAM_DIR_KEY] = str(team_dir.resolve())
    try:
        ledger = ledger_beside(roster, published, team, outcome.roster)
    except InputErrors as errors:
        fail_on_input(errors)
        return
    write_with_changes(out, team, outcome, result.changes, ledger)
    assert outcome.result is not None
    figures = outcome.summary["replan"]
    typer.echo(outcome.result.summary(terms=False))
    typer.echo(f"shortfall   {outcome.summary['shortfall']:g} agent-shifts")
    typer.echo(
        f"changed     {figures['changed_days']} of {figures['remaining_agent_days']} agent-days "
        f"from {start} ({figures['changed_percent']:g}%), {figures['changed_shops']} shop "
        "assignments"
    )
    typer.echo(f"Changes: {out / CHANGES_CSV}")
    typer.echo(f"Roster page: {out / ROSTER_HTML}")


def team_dir_of(roster: Path, given: Path | None) -> Path:
    """--team, else the team folder summary.json beside the roster names."""
    if given is not None:
        return given
    summary = roster.parent / SUMMARY_JSON
    try:
        recorded = json.loads(summary.read_text(encoding="utf-8")).get(TEAM_DIR_KEY)
    except (OSError, ValueError):
        recorded = None
    if not recorded:
        typer.echo(f"{roster}: give the team folder with --team (no {TEAM_DIR_KEY} in {summary})")
        raise typer.Exit(EXIT_BAD_INPUT)
    return Path(recorded)


@app.command()
def swap(
    roster: Annotated[Path, typer.Argument(help="The roster.csv to change.")],
    agent_a: Annotated[str, typer.Argument(help="The first agent.")],
    date_a: Annotated[str, typer.Argument(help="The first agent's day (YYYY-MM-DD).")],
    agent_b: Annotated[str, typer.Argument(help="The second agent.")],
    date_b: Annotated[str, typer.Argument(help="The second agent's day (YYYY-MM-DD).")],
    team: Annotated[
        Path | None,
        typer.Option(help="The team folder; default: the one summary.json beside it names."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Where to write the swapped roster; default: in place.")
    ] = None,
    previous: Annotated[
        Path | None, typer.Option(help="Last month's roster.csv, as for `scheduler roster`.")
    ] = None,
    allow_shortfall: Annotated[
        bool, typer.Option(help="Apply a swap even when it leaves more shortfall.")
    ] = False,
    time_limit: Annotated[float, typer.Option(help="Seconds the check may take.")] = 30.0,
    workers: Annotated[int, typer.Option(help="Solver threads.")] = 2,
) -> None:
    """Swap two agents' days, after checking every hard rule and the coverage.

    Two agents exchange their entries on DATE_A and on DATE_B: B takes over A's day on
    DATE_A and A takes over B's on DATE_B (the same date twice exchanges that one day). One
    agent named twice exchanges their own two days. The swap is applied (the roster files
    and changes.csv are rewritten) only when every hard rule holds and the shortfall does
    not grow; otherwise the rule it breaks is printed.

    Exit codes: 0 applied, 2 bad input, 3 refused (the reasons are printed).
    """
    day_a, day_b = parse_day("DATE_A", date_a), parse_day("DATE_B", date_b)
    team_dir = team_dir_of(roster, team)
    try:
        the_team = read_team(team_dir)
        current: Roster = read_roster(roster, the_team)
        prev = read_roster(previous, the_team) if previous else None
        checked = check_swap(
            the_team,
            current,
            agent_a,
            day_a,
            agent_b,
            day_b,
            previous=prev,
            params=solver.SolveParams(time_limit_s=time_limit, num_workers=workers),
            allow_shortfall=allow_shortfall,
        )
    except InputErrors as errors:
        fail_on_input(errors)
        return
    if not checked.accepted:
        typer.echo(f"Swap refused: {agent_a} {day_a} ⇄ {agent_b} {day_b}.", err=True)
        typer.echo("It breaks:", err=True)
        for reason in checked.reasons:
            typer.echo(f"  - {reason}", err=True)
        raise typer.Exit(EXIT_INFEASIBLE)
    outcome = checked.outcome
    assert outcome is not None
    outcome.summary[TEAM_DIR_KEY] = str(team_dir.resolve())
    outcome.summary["swap"] = {
        "agents": [agent_a, agent_b],
        "dates": [day_a.isoformat(), day_b.isoformat()],
        "shortfall_before": checked.shortfall_before,
    }
    target = out or roster.parent
    assert outcome.roster is not None
    try:
        ledger = ledger_beside(roster, current, the_team, outcome.roster)
    except InputErrors as errors:
        fail_on_input(errors)
        return
    write_with_changes(target, the_team, outcome, checked.changes, ledger)
    typer.echo(f"Swap applied: {agent_a} {day_a} ⇄ {agent_b} {day_b}.")
    for c in checked.changes:
        typer.echo(f"  {c.agent_id} {c.date}: {c.before.shift} → {c.after.shift}")
    typer.echo(f"shortfall   {checked.shortfall_before:g} → {checked.shortfall_after:g}")
    typer.echo(f"Roster page: {target / ROSTER_HTML}")
