"""Plotly figures. Each takes dataframes and returns a figure; text in Norwegian.

Plotly renders a subset of HTML in every label, legend and hover text, so a name a user typed
(a scenario, an assessor, a workshop area) could become a link on every visitor's screen: each
text that comes from data passes through `plain` first.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from brannsam.present import palette

FONT = {"family": "Source Sans Pro, sans-serif", "size": 14}
# A name's width at FONT's size, estimated per character (pixels), a little on the safe side.
NARROW, WIDE = set("ijlftrI.,:;!|'()/- "), set("mwMWÆæ")


def plain(text: object) -> str:
    """Text from data as plotly shows it literally: tags become entities, and «%» cannot start a
    hover-template field."""
    return html.escape(str(text), quote=False).replace("%", "&#37;")


def _plain(values: pd.Series) -> list[str]:
    return [plain(v) for v in values]


LAYOUT = {
    "font": FONT,
    "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
    "legend": {"orientation": "h", "y": -0.08},
    "separators": ", ",
}


def _layout(fig: go.Figure, height: int, **extra: object) -> go.Figure:
    fig.update_layout(height=height, **LAYOUT, **extra)
    return fig


def _figure(data: list[dict], height: int, **layout: object) -> go.Figure:
    """A figure built in one go, the common layout included: plotly checks each property as it
    is set, and a layout added afterwards walks the figure again (five times the work for the
    charts a slider redraws)."""
    return go.Figure(data=data, layout={"height": height, **LAYOUT, **layout})


def text_width(text: str) -> int:
    """About how many pixels `text` takes in FONT: what plotly would measure, without drawing."""
    return sum(4 if c in NARROW else 12 if c in WIDE else 9 if c.isupper() else 7 for c in text)


def _name_axes(names: pd.Series, x_title: str, **xaxis: object) -> dict[str, object]:
    """Layout for a horizontal bar chart with a name per bar, its margins fixed from the longest
    name. Left to itself plotly draws such a chart twice: once to measure the names, once more
    with the margin they need (automargin). On /finansiering that second pass was half of the
    chart's cost on every slider move (47 -> 27 ms in the browser)."""
    widest = max((text_width(str(n)) for n in names), default=0)
    return {
        "xaxis": {"title": {"text": x_title}, "automargin": False, **xaxis},
        "yaxis": {"automargin": False},
        "margin": {"l": 16 + widest, "r": 10, "t": 30, "b": 50},
    }


def layout(fig: go.Figure, height: int, **extra: object) -> go.Figure:
    """The common layout (font, margins, Norwegian separators) for a figure built elsewhere; `extra`
    may override any of it."""
    return _layout(fig, height).update_layout(**extra)


def contribution_bars(
    ranking: pd.DataFrame, labels: dict[str, str], value_label: str = "poeng", axis_title: str | None = None
) -> go.Figure:
    """Horizontal stacked bars: each municipality's index split by indicator, highest on top
    (the axis reads «Risikoindeks» unless `axis_title` says otherwise). Without plotly's legend:
    the page draws `contribution_key` beside it. Plotly lays its legend out again on every draw,
    and a weight slider redraws the chart: with the legend a move on /samarbeid took 147–188 ms
    in the browser, without it 129–135."""
    data = ranking.iloc[::-1]
    names = _plain(data["kommunenavn"])
    bars = [
        {
            "type": "bar",
            "y": names,
            "x": data[column].to_numpy(),
            "name": plain(label),
            "orientation": "h",
            "marker": {"color": colour},
            "hovertemplate": f"%{{y}}<br>{plain(label)}: %{{x:.1f}} {value_label}<extra></extra>",
        }
        for column, label, colour in _parts(ranking, labels)
    ]
    return _figure(
        bars,
        max(400, 22 * len(data)),
        barmode="stack",
        showlegend=False,
        **_name_axes(data["kommunenavn"], axis_title or f"Risikoindeks ({value_label}, 0–100)"),
    )


def contribution_key(ranking: pd.DataFrame, labels: dict[str, str]) -> list[tuple[str, str]]:
    """The parts of `contribution_bars` as (colour, label), in the order they are stacked (for
    `maps.swatch_legend`); a part keeps its colour when another's weight is 0."""
    return [(colour, label) for _, label, colour in _parts(ranking, labels)]


def _parts(ranking: pd.DataFrame, labels: dict[str, str]) -> list[tuple[str, str, str]]:
    colours = palette.categorical(list(labels))
    return [(c, labels[c], colours[c]) for c in labels if c in ranking.columns]


def diverging_bars(
    frame: pd.DataFrame,
    label: str,
    value: str,
    title: str,
    hover: str,
    span: tuple[str, str] | None = None,
) -> go.Figure:
    """Positive values in one colour, negative in another (who pays more, who pays less); with
    `span` (low and high columns) a whisker shows how sure each bar is."""
    data = frame.sort_values(value)
    values = data[value].to_numpy()
    bar = {
        "type": "bar",
        "y": _plain(data[label]),
        "x": values,
        "orientation": "h",
        # A colour name per bar. A 0/1 array on a two-colour scale drew the same, but plotly.js
        # warned about every bar with a stack trace in the console: 15 ms of each slider move.
        "marker": {
            "color": np.where(
                values > 0, palette.STATION["døgnkasernert"], palette.STATION["ikke kasernert"]
            ).tolist()
        },
        "customdata": _plain(data[hover]),
        "hovertemplate": "%{y}: %{customdata}<extra></extra>",
    }
    if span:
        low, high = span
        bar["error_x"] = {
            "type": "data",
            "symmetric": False,
            "array": (data[high] - data[value]).to_numpy(),
            "arrayminus": (data[value] - data[low]).to_numpy(),
            "color": "#555555",
            "thickness": 1.2,
            "width": 3,
        }
    return _figure([bar], max(400, 22 * len(data)), **_name_axes(data[label], title, tickformat=",.0f"))


def plan_bars(summary: pd.DataFrame) -> go.Figure:
    """The region per plan year: contributions and the local cost they replace side by side, the
    net change as a line (above zero: extra cost; below: saving)."""
    years = [str(y) for y in summary.index]
    fig = go.Figure()
    fig.add_bar(
        x=years, y=summary["bidrag_kr"], name="Bidrag i alt", marker_color=palette.STATION["døgnkasernert"]
    )
    fig.add_bar(
        x=years,
        y=summary["unngatt_kr"],
        name="Unngått lokal kostnad",
        marker_color=palette.STATION["ikke kasernert"],
    )
    whiskers = None
    if "lav_kr" in summary:
        whiskers = {
            "type": "data",
            "symmetric": False,
            "array": (summary["hoy_kr"] - summary["netto_endring_kr"]).to_numpy(),
            "arrayminus": (summary["netto_endring_kr"] - summary["lav_kr"]).to_numpy(),
            "color": "#333333",
        }
    fig.add_scatter(
        x=years,
        y=summary["netto_endring_kr"],
        name="Netto endring (med spenn)" if whiskers else "Netto endring",
        mode="lines+markers",
        line={"color": "#333333", "width": 3},
        error_y=whiskers,
        hovertemplate="%{x}: %{y:,.0f} kr<extra>Netto endring</extra>",
    )
    fig.update_yaxes(tickformat=",.0f")
    fig.update_xaxes(type="category")  # whole years, never «2 026,5» between two of them
    return _layout(fig, 380, barmode="group", yaxis_title="Kroner per år")


def workshop_ranking(
    results: pd.DataFrame,
    span: tuple[float, float] = (1, 5),
    title: str = "Vektet medianpoeng (1–5)",
    height: int | None = None,
) -> go.Figure:
    """The round's areas (or alternatives) by median score, best on top; hover shows the
    disagreement."""
    data = results.sort_values("median")
    fig = go.Figure(
        go.Bar(
            y=_plain(data["navn"]),
            x=data["median"],
            orientation="h",
            marker_color=palette.STATION["døgnkasernert"],
            customdata=data[["deltakere", "spredning"]].to_numpy(),
            hovertemplate="%{y}: %{x:.2f} poeng<br>%{customdata[0]} svar, uenighet %{customdata[1]:.1f}"
            "<extra></extra>",
        )
    )
    fig.update_xaxes(range=list(span))
    return _layout(fig, height or max(300, 48 * len(data)), xaxis_title=title)


def scenario_bars(table: pd.DataFrame) -> go.Figure:
    """Grouped bars per municipality, one colour per scenario."""
    scenarios = [c for c in table.columns if c != "Kommune"]
    colours = palette.categorical(scenarios)
    fig = go.Figure()
    for name in scenarios:
        fig.add_bar(
            x=_plain(table["Kommune"]),
            y=table[name],
            name=plain(name),
            marker_color=colours[name],
            hovertemplate="%{x}: %{y:,.0f} kr<extra>" + plain(name) + "</extra>",
        )
    return _layout(fig, 460, barmode="group", yaxis_title="Kroner per år", xaxis_tickangle=-60)


def verdict_heatmap(matrix: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    """Services × rules, one colour per verdict (a discrete colour scale, one band per verdict)."""
    verdicts = list(colours)
    codes = matrix.apply(lambda col: col.map(verdicts.index)).to_numpy(dtype=float)
    n = len(verdicts)
    scale = []
    for i, v in enumerate(verdicts):
        scale += [[i / n, colours[v]], [(i + 1) / n, colours[v]]]
    fig = go.Figure(
        go.Heatmap(
            z=codes,
            x=[plain(c) for c in matrix.columns],
            y=[plain(i) for i in matrix.index],
            text=matrix.to_numpy(),
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            colorscale=scale,
            zmin=-0.5,  # code i sits in the middle of colour band i
            zmax=n - 0.5,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    return _layout(fig, 40 + 34 * len(matrix), xaxis_side="top", yaxis_autorange="reversed")


def value_feasibility_matrix(frame: pd.DataFrame, height: int = 480) -> go.Figure:
    """Value (y) against feasibility (x); bubble size = expected yearly gain where given. Labels
    of points close together alternate above and below, so they do not print over each other."""
    gain = frame["gevinst_kr"].fillna(0)
    order = frame.sort_values(["verdi", "gjennomforbarhet"]).index
    above = pd.Series([i % 2 == 0 for i in range(len(order))], index=order).reindex(frame.index)
    size = 18 + 40 * (gain / gain.max()) if gain.max() > 0 else pd.Series(18, index=frame.index)
    fig = go.Figure(
        go.Scatter(
            x=frame["gjennomforbarhet"],
            y=frame["verdi"],
            mode="markers+text",
            text=_plain(frame["navn"]),
            textposition=["top center" if up else "bottom center" for up in above],
            marker={
                "size": size,
                "color": palette.CATEGORICAL[2],
                "opacity": 0.75,
                "line": {"width": 1, "color": "#333"},
            },
            customdata=gain,
            hovertemplate="%{text}<br>Verdi %{y:.1f}, gjennomførbarhet %{x:.1f}"
            "<br>Gevinst %{customdata:,.0f} kr<extra></extra>",
        )
    )
    fig.add_hline(y=3, line_dash="dot", line_color="#999")
    fig.add_vline(x=3, line_dash="dot", line_color="#999")
    return _layout(
        fig,
        height,
        xaxis={"title": "Gjennomførbarhet (1–5)", "range": [0.8, 5.4]},
        yaxis={"title": "Verdi (1–5)", "range": [0.8, 5.4]},
    )
