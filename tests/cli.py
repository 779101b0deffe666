"""Run `python -m brannsam …` as a user would from the shell, with extra environment variables.

`brannsam_cli` runs the command line's `main` in this process (what the shell would print, and
its exit code, in a fraction of a new interpreter's start-up); `brannsam_process` starts the
real `python -m brannsam`, for what only a process of its own shows: the exit code through
`__main__`, and a database locked by another process."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from brannsam.cli import main as cli

ROOT = Path(__file__).resolve().parents[1]


def brannsam_process(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "brannsam", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


@contextlib.contextmanager
def _environment(env: dict[str, str]):
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def brannsam_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    """`python -m brannsam *args` with `env` added, run in this process."""
    out, err = io.StringIO(), io.StringIO()
    with _environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:  # argparse's usage errors and --help
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    return subprocess.CompletedProcess(["brannsam", *args], code, out.getvalue(), err.getvalue())
