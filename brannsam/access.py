"""Who may change data: one admin password, configured outside the repository.

There is no default password. With none configured, the protected actions are disabled.
"""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field

ENV_VAR = "BRANNSAM_ADMIN_PASSWORD"
HOW_TO_ENABLE = (
    f"Ingen administratorpassord er satt, så denne handlingen er slått av. Sett miljøvariabelen "
    f"{ENV_VAR} eller «admin_password» i .streamlit/secrets.toml og start appen på nytt."
)


MAX_NAME = 60
UNNAMED = "admin (navn ikke oppgitt)"


def log_name(name: str | None) -> str:
    """Who the import log records: there are no user accounts (one admin password), so the person
    types a name; without one the log says so rather than inventing a user."""
    cleaned = " ".join((name or "").split())[:MAX_NAME]
    return cleaned or UNNAMED


def allowed(given: str | None, configured: str | None) -> bool:
    """Constant-time comparison; never true when no password is configured."""
    if not configured or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), configured.encode("utf-8"))


FREE_TRIES = 3
FIRST_WAIT_S = 5.0
LONGEST_WAIT_S = 300.0


# All clients together: a guesser with many addresses still meets a wait, later than one does.
FREE_TRIES_OVERALL = 20
# A wrong try is forgotten after this long, so a count left by a room full of phones (or a slow
# guesser) fades instead of locking the facilitator out for the rest of the day.
FORGET_AFTER_S = 900.0


@dataclass
class Attempts:
    """Wrong admin passwords in the last FORGET_AFTER_S: after `free_tries`, each further try
    waits twice as long as the one before (5 s, 10 s, … up to 5 minutes), so guessing is slow."""

    times: list[float] = field(default_factory=list)
    locked_until: float = 0.0
    free_tries: int = FREE_TRIES

    @property
    def failures(self) -> int:
        return len(self.times)

    def wait(self, now: float) -> float:
        """Seconds before the next try is checked at all."""
        return max(0.0, self.locked_until - now)

    def failed(self, now: float) -> None:
        self.times = [t for t in self.times if now - t < FORGET_AFTER_S] + [now]
        if self.failures >= self.free_tries:
            delay = FIRST_WAIT_S * 2 ** (self.failures - self.free_tries)
            self.locked_until = now + min(LONGEST_WAIT_S, delay)

    def succeeded(self) -> None:
        self.times, self.locked_until = [], 0.0


@dataclass
class Limiter:
    """Wrong passwords counted per client address and over all clients, for the whole server: a
    reload or a new tab starts a new session but not a new count."""

    clients: dict[str, Attempts] = field(default_factory=dict)
    overall: Attempts = field(default_factory=lambda: Attempts(free_tries=FREE_TRIES_OVERALL))
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def wait(self, client: str, now: float) -> float:
        with self.lock:
            own = self.clients.get(client, Attempts())
            return max(own.wait(now), self.overall.wait(now))

    def failed(self, client: str, now: float) -> int:
        """Count a wrong try; returns the client's wrong tries in a row."""
        with self.lock:
            own = self.clients.setdefault(client, Attempts())
            own.failed(now)
            self.overall.failed(now)
            return own.failures

    def succeeded(self, client: str) -> None:
        """The right password: this client's count and the server's start afresh."""
        with self.lock:
            self.clients.pop(client, None)
            self.overall.succeeded()
