"""What every command prints: one error type for bad arguments, one way to print a table."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from brannsam.present import export


class UsageError(ValueError):
    """Bad arguments to a command, explained in Norwegian (exit code 2)."""


def render(
    frame: pd.DataFrame,
    fmt: str,
    csv_decimals: int | None = None,
    table_format: Callable[[float], str] | None = None,
    formatters: dict[str, Callable[[object], str]] | None = None,
) -> str:
    """CSV with dot decimals (for scripts: `csv_decimals` places) or a readable table."""
    if fmt == "csv":
        float_format = f"%.{csv_decimals}f" if csv_decimals is not None else None
        return export.safe_text(frame).to_csv(index=False, float_format=float_format, lineterminator="\n")
    return frame.to_string(index=False, float_format=table_format, formatters=formatters) + "\n"
