"""Every download button: its file is made when clicked, and a failure gives the user a file
that says in Norwegian why it could not be made (`documents.failed`), never the browser's
English «Failed to generate file»."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from brannsam.documents import failed


def button(
    where: Any, label: str, data: bytes | Callable[[], bytes], *, file_name: str, **options: Any
) -> None:
    """`where.download_button` (a column, a container or `st`) with a guarded builder."""
    made = failed.guarded(data, file_name) if callable(data) else data
    options.setdefault("on_click", "ignore")
    where.download_button(label, made, file_name=file_name, **options)
