"""Where Brannsam's files live (the database path can be moved with BRANNSAM_DB), and the
address others reach it at (BRANNSAM_URL)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
IMPORTS_DIR = DATA_DIR / "imports"


def sources_dir() -> Path:
    """The source files; BRANNSAM_SOURCES overrides the default (tests, a data workshop)."""
    override = os.environ.get("BRANNSAM_SOURCES")
    return Path(override) if override else SOURCES_DIR


def imports_dir() -> Path:
    """Accepted import files, replayed by the build; BRANNSAM_IMPORTS overrides the default."""
    override = os.environ.get("BRANNSAM_IMPORTS")
    return Path(override) if override else IMPORTS_DIR


def database_path() -> Path:
    """The DuckDB file the app reads; BRANNSAM_DB overrides the default."""
    override = os.environ.get("BRANNSAM_DB")
    return Path(override) if override else DATA_DIR / "brannsam.duckdb"


def workshop_secret_path() -> Path:
    """The key anonymous workshop rounds hash names with, kept beside the database (a rebuild
    keeps it, and it never leaves this machine)."""
    db = database_path()
    return db.with_name(db.stem + ".verksted-nokkel")


# Where the app runs when nothing else is known (a link written from the command line).
LOCAL_URL = "http://localhost:8501"


def public_url() -> str | None:
    """`BRANNSAM_URL` without a trailing slash (the address people outside this machine reach),
    or None. The one place the setting is read."""
    value = os.environ.get("BRANNSAM_URL", "").strip()
    return value.rstrip("/") or None
