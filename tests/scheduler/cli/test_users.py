"""Issue 33: `scheduler users add|list|remove|passwd` and their exit codes."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.people.passwords import verify_password
from scheduler.web.store import Store

PASSWORD = "s3cret-pass"
# Each command hashes or checks a password with argon2 at its real cost (~0.2 s, more on a
# busy machine) after importing the CLI.
pytestmark = pytest.mark.slow


def users(data_dir, *args, password=PASSWORD, input=None):
    env = {"SCHEDULER_PASSWORD": password} if password else {}
    return CliRunner().invoke(
        app, ["users", *args, "--data-dir", str(data_dir)], env=env, input=input
    )


def test_add_list_passwd_and_remove_an_admin(tmp_path):
    data = tmp_path / "data"
    added = users(data, "add", "boss", "--role", "admin")
    assert added.exit_code == 0, added.output
    listed = users(data, "list")
    assert listed.output.split() == ["boss", "admin", "teams", "-"]
    assert PASSWORD not in listed.output
    store = Store(f"sqlite:///{data / 'scheduler.db'}")
    assert verify_password(store.user("boss").password_hash, PASSWORD)
    assert users(data, "passwd", "boss", password="another-pass").exit_code == 0
    assert verify_password(store.user("boss").password_hash, "another-pass")
    assert users(data, "remove", "boss").exit_code == 0
    assert users(data, "remove", "boss").exit_code == 4
    assert not store.has_users()
    store.close()


def test_the_password_is_asked_twice_without_the_variable(tmp_path):
    data = tmp_path / "data"
    result = users(
        data, "add", "boss", "--role", "admin", password=None, input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output


def test_bad_input_exits_2_and_writes_nothing(tmp_path):
    data = tmp_path / "data"
    result = users(data, "add", "wang", "--role", "agent", "--team", "5", password="short")
    assert result.exit_code == 2
    for words in ("8 characters", "agent id (--agent)", "no team 5"):
        assert words in result.output
    assert users(data, "add", "x", "--role", "boss").exit_code == 2
    assert users(data, "list").output == ""
