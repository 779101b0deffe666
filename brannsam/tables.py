"""Tables shown in Norwegian number format whatever the reader's browser locale.

A pandas Styler carries the display text while the cells keep their numbers, so a table still
sorts by value when a column header is clicked.
"""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from brannsam import formatting as fmt


def styled(
    frame: pd.DataFrame, decimals: dict[str, int] | None = None, kroner: tuple[str, ...] = ()
) -> Styler:
    """Format every numeric column: whole numbers without decimals, others with one (or as
    given in `decimals`), columns in `kroner` as `1 234 kr`."""
    decimals = decimals or {}
    formats = {}
    for column in frame.columns:
        if column in kroner:
            formats[column] = fmt.kroner
        elif pd.api.types.is_integer_dtype(frame[column]):
            formats[column] = fmt.number
        elif pd.api.types.is_float_dtype(frame[column]):
            places = decimals.get(column, 1)
            formats[column] = lambda v, places=places: fmt.number(v, places)
    return frame.style.format(formats, na_rep=fmt.MISSING)
