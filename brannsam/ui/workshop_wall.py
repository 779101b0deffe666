"""The workshop on the wall (`/verksted?kode=…&visning=projektor`): while the round is open, the
QR code, the address and the code to join, beside the answers as they come in; once closed, the
round's status; after the reveal, the ranking and the value/feasibility matrix. Large type, no
controls, one 1366×768 screen."""

from __future__ import annotations

import streamlit as st

from brannsam import formatting as fmt
from brannsam.present import charts, export
from brannsam.ui import address, data, workshop_style
from brannsam.workshop import rounds, store, tally

REFRESH_S = 3
WALL_CHART_PX = 500  # the chart beside the table after the reveal, within a 768 px screen


def join_link(code: str) -> tuple[str, bool]:
    """The link a phone opens to join, and whether phones in the room can reach it."""
    base, reachable = address.network_base()
    return f"{base}/verksted?kode={code}", reachable


def join_block(code: str, qr_width: int) -> None:
    """QR code, address and code: what a participant needs to join, readable from the hall. The
    link is the app's own, shown as code so nothing is added to it."""
    link, _ = join_link(code)
    st.image(export.qr_png(link), width=qr_width)
    st.markdown(f"**Bli med:** `{link}`")
    st.markdown(f"## Kode: {code}")


def now_scoring(round_: dict) -> str:
    """«Nå: Felles ledelse (2 av 10) · 7 av 12 har svart», for the wall and the facilitator."""
    return rounds.now_text(
        round_,
        data.item_names(rounds.subject(round_)),
        data.fresh(tally.area_progress, round_["kode"], round_["aktivt"]),
    )


def status_line(round_: dict) -> str:
    """What the round is doing now: the area everyone scores (a paced, open round), or that it is
    closed or revealed, never a «Nå: …» line left over from before the close."""
    if round_["status"] == "avslort":
        return "### Runden er stengt, og resultatet er avslørt."
    if round_["status"] == "lukket":
        return "### Runden er stengt. Resultatet kommer når ordstyreren avslører det."
    return f"### {now_scoring(round_)}" if round_["styrt"] else ""


def results(code: str, round_: dict, hidden: bool) -> None:
    table = rounds.shown(data.fresh(tally.results, code), round_["anonym"], hidden)
    if hidden:
        st.caption("Resultatet vises når ordstyreren avslører det (i alfabetisk rekkefølge til da).")
    scored = table.dropna(subset=["median"])
    if round_["status"] != "avslort" or scored.empty:
        st.table(rounds.wall_table(table, round_).set_index("Rang"))
        return
    # One 1366×768 screen: the ranked table beside one chart (the areas' value against
    # feasibility; the alternatives' points), never a chart above a table below the fold.
    left, right = st.columns([3, 2])
    left.table(rounds.wall_table(table, round_).set_index("Rang"))
    if rounds.subject(round_) == rounds.AREAS:
        figure = charts.value_feasibility_matrix(data.fresh(tally.matrix, code), height=WALL_CHART_PX)
    else:
        figure = charts.workshop_ranking(scored, *rounds.ranking_axis(round_), height=WALL_CHART_PX)
    right.plotly_chart(figure, width="stretch", key=f"vegg_figur_{code}")


@st.fragment(run_every=REFRESH_S)
def wall(code: str) -> None:
    """Refreshes by itself every few seconds. Whether the results show is the round's own
    setting on the server (`rounds.results_visible`), never the link's."""
    try:
        round_ = data.fresh(store.info, code)
    except rounds.WorkshopError as err:
        st.error(str(err))
        return
    code = round_["kode"]
    counts = data.fresh(tally.progress, code)
    st.markdown(
        f"## {fmt.markdown_text(round_['navn'])}\n"
        f"**{fmt.number(counts['deltakere'])}** med i runden · **{fmt.number(counts['ferdige'])}** ferdige · "
        f"runden er **{rounds.STATUS[round_['status']]}**"
    )
    line = status_line(round_)
    if line and round_["status"] != "avslort":  # the line above already says it is revealed
        st.markdown(line)
    hidden = not rounds.results_visible(round_)
    if round_["status"] == "aapen":
        join_col, live_col = st.columns([1, 2])
        with join_col:
            join_block(code, qr_width=260)
        with live_col:
            results(code, round_, hidden)
    else:
        results(code, round_, hidden)


def projector_view(code: str) -> None:
    workshop_style.projector()
    wall(code)
