"""A page's own view of a result every session shares (`st.cache_resource`): a page that changed
its tables would change its own view only, never what other sessions see."""

from __future__ import annotations

import dataclasses
from typing import TypeVar

import numpy as np
import pandas as pd

Shared = TypeVar("Shared")


def page_view(result: Shared) -> Shared:
    """A page's own view of a result every session shares: the same dataclass with each table a
    shallow copy (pandas copies on write, so the copy costs no data, and a change to it, a new
    column included, never reaches the shared table) and each array a read-only view. An object
    that appears twice stays one object (`WhatIf.changed` compares by identity)."""
    if not dataclasses.is_dataclass(result) or isinstance(result, type):
        return result
    seen: dict[int, object] = {}

    def view(value: object) -> object:
        if id(value) not in seen:
            if isinstance(value, (pd.DataFrame, pd.Series)):
                seen[id(value)] = value.copy(deep=False)
            elif isinstance(value, np.ndarray):
                frozen = value.view()
                frozen.flags.writeable = False
                seen[id(value)] = frozen
            elif isinstance(value, (list, dict)):
                seen[id(value)] = type(value)(value)
            else:
                seen[id(value)] = value
        return seen[id(value)]

    fields = {f.name: view(getattr(result, f.name)) for f in dataclasses.fields(result) if f.init}
    return dataclasses.replace(result, **fields)  # type: ignore[type-var]
