"""Users, their teams and sessions, failed logins and the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from scheduler.people.roles import Account, Role
from scheduler.people.sessions import digest, expires_at, is_expired, new_secret
from scheduler.people.throttle import WINDOW
from scheduler.web.store.base import StoreBase, insert_row, now
from scheduler.web.store.tables import (
    audit_table,
    login_failures_table,
    sessions_table,
    user_teams_table,
    users_table,
)


@dataclass(frozen=True, kw_only=True)
class UserRecord:
    id: int
    account: Account
    password_hash: str
    calendar_secret: str | None
    created_at: str

    @property
    def username(self) -> str:
        return self.account.username


@dataclass(frozen=True, kw_only=True)
class SessionRecord:
    user: UserRecord
    csrf: str
    expires_at: str


@dataclass(frozen=True, kw_only=True)
class AuditRecord:
    id: int
    at: str
    username: str
    team_id: int | None
    action: str
    status: int


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


class UserStore(StoreBase):
    """The ``users``, ``user_teams``, ``sessions``, ``login_failures`` and ``audit`` tables."""

    def has_users(self) -> bool:
        """Whether any account exists (without one the app is open, as before accounts)."""
        with self.engine.connect() as conn:
            return conn.execute(select(users_table.c.id).limit(1)).first() is not None

    def add_user(self, account: Account, password_hash: str) -> UserRecord:
        """A new user; KeyError is never raised here, ValueError when the name is taken."""
        with self._write_lock, self.engine.begin() as conn:
            taken = conn.execute(
                select(users_table.c.id).where(users_table.c.username == account.username)
            ).first()
            if taken is not None:
                raise ValueError(f"there is already a user {account.username!r}")
            user_id = insert_row(
                conn,
                users_table,
                username=account.username,
                password_hash=password_hash,
                role=str(account.role),
                agent_id=account.agent_id,
                calendar_secret=new_secret() if account.role is Role.AGENT else None,
                created_at=now(),
            )
            for team_id in dict.fromkeys(account.teams):
                conn.execute(insert(user_teams_table).values(user_id=user_id, team_id=team_id))
        return self.user(account.username)

    def users(self) -> list[UserRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(users_table).order_by(users_table.c.username)).mappings()
            return [self._record(conn, dict(row)) for row in rows]

    def user(self, username: str) -> UserRecord:
        """One user; KeyError when there is none by that name."""
        found = self._user_where(users_table.c.username == username)
        if found is None:
            raise KeyError(f"no user {username!r}")
        return found

    def user_by_calendar(self, secret: str) -> UserRecord | None:
        return self._user_where(users_table.c.calendar_secret == secret)

    def _user_where(self, condition: Any) -> UserRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(users_table).where(condition)).mappings().first()
            return None if row is None else self._record(conn, dict(row))

    def _record(self, conn: Any, row: Mapping[str, Any]) -> UserRecord:
        teams = conn.execute(
            select(user_teams_table.c.team_id)
            .where(user_teams_table.c.user_id == row["id"])
            .order_by(user_teams_table.c.team_id)
        ).scalars()
        account = Account(
            username=row["username"],
            role=Role(row["role"]),
            teams=tuple(teams),
            agent_id=row["agent_id"],
        )
        return UserRecord(
            id=row["id"],
            account=account,
            password_hash=row["password_hash"],
            calendar_secret=row["calendar_secret"],
            created_at=row["created_at"],
        )

    def remove_user(self, username: str) -> None:
        """Remove a user and end their sessions; KeyError when there is none."""
        user = self.user(username)
        with self._write_lock, self.engine.begin() as conn:
            conn.execute(delete(sessions_table).where(sessions_table.c.user_id == user.id))
            conn.execute(delete(user_teams_table).where(user_teams_table.c.user_id == user.id))
            conn.execute(delete(users_table).where(users_table.c.id == user.id))

    def set_password(self, username: str, password_hash: str) -> None:
        """A new password hash; every session of the user ends (KeyError: no such user)."""
        user = self.user(username)
        with self._write_lock, self.engine.begin() as conn:
            conn.execute(
                update(users_table)
                .where(users_table.c.id == user.id)
                .values(password_hash=password_hash)
            )
            conn.execute(delete(sessions_table).where(sessions_table.c.user_id == user.id))

    def new_calendar_secret(self, username: str) -> str:
        """A new secret calendar URL for the user; the old one stops working."""
        secret = new_secret()
        with self._write_lock, self.engine.begin() as conn:
            conn.execute(
                update(users_table)
                .where(users_table.c.username == username)
                .values(calendar_secret=secret)
            )
        return secret

    # Sessions

    def open_session(self, user: UserRecord, hours: float) -> tuple[str, str]:
        """A new session for the user: (the cookie's secret, the CSRF token)."""
        secret, csrf = new_secret(), new_secret()
        created = datetime.now(UTC)
        with self._write_lock, self.engine.begin() as conn:
            conn.execute(
                insert(sessions_table).values(
                    digest=digest(secret),
                    user_id=user.id,
                    csrf=csrf,
                    created_at=created.isoformat(timespec="seconds"),
                    expires_at=expires_at(created, hours).isoformat(timespec="seconds"),
                )
            )
        return secret, csrf

    def session(self, secret: str) -> SessionRecord | None:
        """The live session of this cookie secret, or None (unknown, ended or expired)."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(
                    select(sessions_table).where(sessions_table.c.digest == digest(secret))
                )
                .mappings()
                .first()
            )
            if row is None or is_expired(_time(row["expires_at"]), datetime.now(UTC)):
                return None
            user = (
                conn.execute(select(users_table).where(users_table.c.id == row["user_id"]))
                .mappings()
                .first()
            )
            if user is None:
                return None
            return SessionRecord(
                user=self._record(conn, dict(user)), csrf=row["csrf"], expires_at=row["expires_at"]
            )

    def close_session(self, secret: str) -> None:
        with self._write_lock, self.engine.begin() as conn:
            conn.execute(delete(sessions_table).where(sessions_table.c.digest == digest(secret)))

    # Failed logins

    def login_failures(self, username: str, since: datetime | None = None) -> list[datetime]:
        """When this username's recent failed logins happened (within the throttle window)."""
        since = since or datetime.now(UTC) - WINDOW
        query = select(login_failures_table.c.at).where(
            login_failures_table.c.username == username,
            login_failures_table.c.at >= since.isoformat(timespec="seconds"),
        )
        with self.engine.connect() as conn:
            return [_time(at) for at in conn.execute(query).scalars()]

    def add_login_failure(self, username: str, at: datetime) -> None:
        with self._write_lock, self.engine.begin() as conn:
            insert_row(
                conn, login_failures_table, username=username, at=at.isoformat(timespec="seconds")
            )

    def clear_login_failures(self, username: str) -> None:
        with self._write_lock, self.engine.begin() as conn:
            conn.execute(
                delete(login_failures_table).where(login_failures_table.c.username == username)
            )

    # The audit log

    def add_audit(self, *, username: str, team_id: int | None, action: str, status: int) -> None:
        with self._write_lock, self.engine.begin() as conn:
            insert_row(
                conn,
                audit_table,
                at=now(),
                username=username,
                team_id=team_id,
                action=action,
                status=status,
            )

    def audit(self, team_id: int | None = None, limit: int = 200) -> list[AuditRecord]:
        """The newest entries first: one team's, or every entry (team_id None)."""
        query = select(audit_table).order_by(audit_table.c.id.desc()).limit(limit)
        if team_id is not None:
            query = query.where(audit_table.c.team_id == team_id)
        return self._list(query, lambda row: AuditRecord(**row))

    def user_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(users_table)).scalar_one())
