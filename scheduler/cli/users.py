"""`scheduler users add|list|remove|passwd`: the web app's accounts, in its database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

import scheduler.web.service as service
from scheduler.cli.app import app
from scheduler.cli.common import EXIT_NOT_FOUND, fail_on_input
from scheduler.people.roles import Account, Role
from scheduler.team.errors import InputErrors
from scheduler.web.settings import Settings
from scheduler.web.store import Store

PASSWORD_ENV = "SCHEDULER_PASSWORD"

users = typer.Typer(
    no_args_is_help=True,
    help="Accounts of the web app: admin, lead (of teams) and agent (one agent of one team).",
)
app.add_typer(users, name="users")

DataDir = Annotated[
    Path,
    typer.Option(
        "--data-dir",
        help="The web app's data folder (its scheduler.db); DATABASE_URL overrides it.",
    ),
]


def open_store(data_dir: Path) -> Store:
    settings = Settings(data_dir=data_dir)
    if settings.database_url is None:
        data_dir.mkdir(parents=True, exist_ok=True)
    return Store(settings.url())


def read_password(confirm: bool = True) -> str:
    """SCHEDULER_PASSWORD, else asked twice without echo."""
    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=confirm)
    return password


@users.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The login name.")],
    role: Annotated[Role, typer.Option(help="admin, lead or agent.")],
    data_dir: DataDir,
    team: Annotated[
        list[int] | None, typer.Option(help="A team id (repeat for a lead of several teams).")
    ] = None,
    agent: Annotated[str | None, typer.Option(help="The agent id of an agent.")] = None,
) -> None:
    """Add a user; the password comes from SCHEDULER_PASSWORD or a prompt.

    Once one user exists, every page and API call of `scheduler serve` needs a login.
    Exit codes: 0 added, 2 bad input (nothing written).
    """
    store = open_store(data_dir)
    try:
        account = Account(username=name, role=role, teams=tuple(team or ()), agent_id=agent)
        service.add_user(store, account, read_password())
    except InputErrors as errors:
        fail_on_input(errors)
    finally:
        store.close()
    typer.echo(f"Added {role} {name}" + (f" (teams {', '.join(map(str, team))})" if team else ""))


@users.command("list")
def list_(data_dir: DataDir) -> None:
    """The users: name, role, teams, agent id."""
    store = open_store(data_dir)
    try:
        for user in store.users():
            a = user.account
            teams = ",".join(map(str, a.teams)) or "-"
            typer.echo(
                f"{a.username:<20} {a.role:<6} teams {teams:<10} {a.agent_id or ''}".rstrip()
            )
    finally:
        store.close()


@users.command("remove")
def remove(name: Annotated[str, typer.Argument()], data_dir: DataDir) -> None:
    """Remove a user and end their sessions. Exit code 4 when there is no such user."""
    store = open_store(data_dir)
    try:
        store.remove_user(name)
    except KeyError:
        typer.echo(f"There is no user {name!r}.", err=True)
        raise typer.Exit(EXIT_NOT_FOUND) from None
    finally:
        store.close()
    typer.echo(f"Removed {name}")


@users.command("passwd")
def passwd(name: Annotated[str, typer.Argument()], data_dir: DataDir) -> None:
    """Set a user's password (SCHEDULER_PASSWORD or a prompt); their sessions end."""
    store = open_store(data_dir)
    try:
        store.user(name)
        service.change_password(store, name, read_password())
    except KeyError:
        typer.echo(f"There is no user {name!r}.", err=True)
        raise typer.Exit(EXIT_NOT_FOUND) from None
    except InputErrors as errors:
        fail_on_input(errors)
    finally:
        store.close()
    typer.echo(f"Password of {name} changed; their sessions ended.")


__all__ = ["users"]
