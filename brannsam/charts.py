"""Plotly figures. Each takes dataframes and returns a figure; text in Norwegian."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from brannsam import palette

FONT = {"family": "Source Sans Pro, sans-serif", "size": 14}


def _layout(fig: go.Figure, height: int, **extra: object) -> go.Figure:
    fig.update_layout(
        height=height,
        font=FONT,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": -0.08},
        separators=", ",
        **extra,
    )
    return fig


def contribution_bars(ranking: pd.DataFrame, labels: dict[str, str], value_label: str = "poeng") -> go.Figure:
    """Horizontal stacked bars: each municipality's index split by indicator, highest on top."""
    parts = [c for c in labels if c in ranking.columns]
    colours = palette.categorical(parts)
    data = ranking.iloc[::-1]
    fig = go.Figure()
    for column in parts:
        fig.add_bar(
            y=data["kommunenavn"],
            x=data[column],
            name=labels[column],
            orientation="h",
            marker_color=colours[column],
            hovertemplate=f"%{{y}}<br>{labels[column]}: %{{x:.1f}} {value_label}<extra></extra>",
        )
    return _layout(
        fig,
        max(400, 22 * len(data)),
        barmode="stack",
        xaxis_title=f"Risikoindeks ({value_label}, 0–100)",
    )


def diverging_bars(frame: pd.DataFrame, label: str, value: str, title: str, hover: str) -> go.Figure:
    """Positive values in one colour, negative in another (who pays more, who pays less)."""
    data = frame.sort_values(value)
    colours = [
        palette.STATION["døgnkasernert"] if v > 0 else palette.STATION["ikke kasernert"] for v in data[value]
    ]
    fig = go.Figure(
        go.Bar(
            y=data[label],
            x=data[value],
            orientation="h",
            marker_color=colours,
            customdata=data[hover],
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    return _layout(fig, max(400, 22 * len(data)), xaxis_title=title)
