"""The workshop's facilitator (`/verksted?visning=ordstyrer`): open a round, choose it, close or
reveal it, pace it, download it. Every button, download and QR code acts on the round the
«Runde» list shows, chosen by its code: a status change never moves the choice to another round.
Participants who open `/verksted` without a code see only the field for the code, never the
password."""

from __future__ import annotations

import streamlit as st

from brannsam import formatting as fmt
from brannsam.present import charts, export
from brannsam.ui import data, db, downloads, errors, layout, password, workshop_wall
from brannsam.workshop import rounds, store, tally

FACILITATOR_VIEW = "ordstyrer"


def code_entry() -> None:
    """/verksted without a code: a participant types the code from the wall. The facilitator's
    login is one link away, so phones never see a password field."""
    layout.header("Verksted", "Skriv koden fra lerretet for å bli med, eller skann QR-koden.")
    with st.form("verksted_kode_skjema", border=True):
        typed = st.text_input("Koden fra lerretet", key="verksted_kode_felt", max_chars=12)
        if st.form_submit_button("Bli med", type="primary", width="stretch") and typed.strip():
            st.query_params["kode"] = rounds.normalised_code(typed)
            st.rerun()
    st.page_link(
        "pages/views/verksted.py",
        label="Ordstyrer: åpne og styr runder",
        query_params={"visning": FACILITATOR_VIEW},
    )


def act(code: str, target: str | None) -> None:
    """Change or remove the round `code` (the one shown when the button was drawn)."""
    try:
        with errors.shown("Endringen"), db.writing() as writer:
            if target is None:
                store.remove(writer, code)
            else:
                store.set_status(writer, code, target)
    except rounds.WorkshopError as err:
        st.session_state["verksted_feil"] = (
            f"Runden {code} finnes ikke lenger (fjernet i en annen fane?): {err}"
        )


def move(code: str, to_area: str, from_area: str) -> None:
    """One step of a paced round, named by where it goes from and to: a second click of the same
    button finds the round already moved and changes nothing."""
    try:
        with errors.shown("Flyttingen"), db.writing() as writer:
            store.move_to(writer, code, to_area, from_area)
    except rounds.WorkshopError as err:
        st.session_state["verksted_feil"] = str(err)


def pace_controls(round_: dict) -> None:
    """A paced round: the facilitator moves everyone back or on, one area at a time. Each button
    names the area it moves to, and its key carries it."""
    names = data.item_names(rounds.subject(round_))
    code, here = round_["kode"], round_["aktivt"]
    back, ahead = rounds.neighbour(round_, -1), rounds.neighbour(round_, 1)
    # Short labels that fit a phone's width; where each goes is said beside them.
    steps = st.columns([1, 1, 2])
    steps[0].button(
        "◀ Forrige",
        key=f"verksted_forrige_{code}_{back}",
        disabled=back is None,
        on_click=move,
        args=(code, back, here),
        width="stretch",
    )
    steps[1].button(
        "Neste ▶",
        key=f"verksted_neste_{code}_{ahead}",
        type="primary",
        disabled=ahead is None,
        on_click=move,
        args=(code, ahead, here),
        width="stretch",
    )
    where = [f"Alle svarer nå på «{fmt.markdown_text(names[here])}»."]
    if back:
        where.append(f"Forrige: «{fmt.markdown_text(names[back])}».")
    if ahead:
        where.append(f"Neste: «{fmt.markdown_text(names[ahead])}».")
    steps[2].caption(" ".join(where))


def new_round_form() -> None:
    if st.session_state.pop("verksted_ny_apnet", False):
        st.session_state.pop("verksted_rundenavn", None)
    with st.expander("Ny runde", expanded=data.fresh(store.all_rounds).empty):
        about = st.radio(
            "Hva skal deltakerne vurdere?",
            list(rounds.SUBJECTS),
            format_func=lambda s: {
                rounds.AREAS: "Samarbeidsområdene (1–5 per kriterium)",
                rounds.ALTERNATIVES: "Alternativene (−4 … +4 mot nullalternativet)",
            }[s],
            key="verksted_gjelder",
            horizontal=True,
        )
        names = data.item_names(about)
        every = rounds.criteria_of(about)
        with st.form("verksted_ny", clear_on_submit=True):
            title = st.text_input("Navn på runden", key="verksted_rundenavn", max_chars=rounds.MAX_NAME)
            chosen = st.multiselect(
                rounds.ITEM_WORD[about]
                + (" (nullalternativet er det de andre måles mot)" if about == rounds.ALTERNATIVES else ""),
                list(names),
                default=list(names),
                format_func=names.__getitem__,
                key=f"verksted_valgte_{about}",
            )
            criteria = st.multiselect(
                "Kriterier",
                list(every),
                default=list(every),
                format_func=every.__getitem__,
                key=f"verksted_kriterier_{about}",
            )
            if about == rounds.ALTERNATIVES:
                st.caption(
                    f"Når runden er stengt og har minst {rounds.MIN_PARTICIPANTS} deltakere per "
                    "alternativ, blir medianene alternativenes ikke-prissatte poeng, "
                    "med runden oppgitt som kilde."
                )
            _round_options(title, chosen, criteria, about)


def _round_options(title: str, chosen: list[str], criteria: list[str], about: str) -> None:
    """The rest of the new-round form: anonymity, pace and the button."""
    anonymous = st.checkbox("Anonym (navnene vises ikke)", value=True)
    paced = st.checkbox("Ordstyreren styrer tempoet (alle svarer på det samme, du går videre)", value=False)
    if not st.form_submit_button("Åpne runden", type="primary"):
        return
    try:
        with errors.shown("Runden") as opened, db.writing() as writer:
            code = store.create(writer, title, chosen, criteria, anonymous, paced, True, about)
    except rounds.WorkshopError as err:
        errors.say(err)
        return
    if not opened.ok:
        return
    # The selector shows the round just opened, whatever it showed before, and the form starts
    # empty (a second click cannot open the same round twice).
    st.session_state["verksted_runde"] = code
    st.session_state["verksted_ny_apnet"] = True
    st.rerun()


def chosen_round() -> dict | None:
    """The round the «Runde» list shows, by its code. The list's labels never change with the
    status (that would make Streamlit pick the first round again)."""
    listed = data.fresh(store.all_rounds)
    if listed.empty:
        st.info("Ingen runder ennå.")
        return None
    labels = {r.kode: f"{r.navn} ({r.kode})" for r in listed.itertuples()}
    if st.session_state.get("verksted_runde") not in labels:
        st.session_state.pop("verksted_runde", None)  # removed in another tab: pick afresh
    code = st.selectbox("Runde", list(labels), format_func=labels.__getitem__, key="verksted_runde")
    try:
        return data.fresh(store.info, code)
    except rounds.WorkshopError as err:
        errors.say(err)
        return None


def round_actions(round_: dict) -> None:
    code, status = round_["kode"], round_["status"]
    st.markdown(f"Status: **{rounds.STATUS[status]}**")
    actions = st.columns(4)
    # Each button carries the code of the round it was drawn for: a round removed in another tab
    # is refused, never swapped for the next one in the list.
    for column, (label, target) in zip(
        actions, [("Åpne", "aapen"), ("Steng", "lukket"), ("Avslør resultatet", "avslort")], strict=False
    ):
        column.button(
            label, key=f"verksted_{target}", disabled=status == target, on_click=act, args=(code, target)
        )
    with actions[3].popover(f"Fjern runden {code}"):
        st.caption(
            f"Runden «{fmt.markdown_text(round_['navn'])}» ({code}) og svarene forsvinner, også fra "
            "siden Samarbeid."
        )
        st.button(f"Fjern {code}", key="verksted_fjern", on_click=act, args=(code, None))


def live_view(round_: dict) -> None:
    """The facilitator's own copy of what the wall shows, hidden as the wall hides it (the
    projector may mirror this screen)."""
    code = round_["kode"]
    counts = data.fresh(tally.progress, code)
    m1, m2, m3 = st.columns(3)
    m1.metric("Med i runden", fmt.number(counts["deltakere"]))
    m2.metric("Ferdige", fmt.number(counts["ferdige"]))
    m3.metric("Status", rounds.STATUS[round_["status"]])
    line = workshop_wall.status_line(round_)
    if line:
        st.markdown(line)
    hidden = not rounds.results_visible(round_)
    table = rounds.shown(data.fresh(tally.results, code), round_["anonym"], hidden)
    if hidden:
        st.caption(rounds.NOT_REVEALED + " Til da vises bare hvor mange som har svart.")
        st.table(rounds.wall_table(table, round_).set_index("Rang"))
        return
    scored = table.dropna(subset=["median"])
    if scored.empty:
        few = table["deltakere"].sum() > 0
        st.caption(
            f"Verdiene vises når et område eller alternativ har minst {rounds.MIN_SHOWN} svar (anonym runde)."
            if few
            else "Ingen svar ennå."
        )
        return
    st.plotly_chart(
        charts.workshop_ranking(scored, *rounds.ranking_axis(round_)),
        width="stretch",
        key=f"verksted_rangering_{code}",
    )
    if round_["status"] == "avslort" and rounds.subject(round_) == rounds.AREAS:
        st.plotly_chart(
            charts.value_feasibility_matrix(data.fresh(tally.matrix, code)),
            width="stretch",
            key=f"verksted_matrise_{code}",
        )
    st.table(rounds.wall_table(table, round_).set_index("Rang"))
    st.caption(rounds.RESULT_NOTE[rounds.subject(round_)])


@st.fragment(run_every=workshop_wall.REFRESH_S)
def live(code: str) -> None:
    try:
        round_ = data.fresh(store.info, code)
    except rounds.WorkshopError as err:
        errors.say(err)
        return
    live_view(round_)


def facilitator() -> None:
    layout.header(
        "Verksted: ordstyrer",
        "Åpne en runde, vis lerretet med QR-koden, og la deltakerne gi poeng fra mobilen. Resultatet vokser "
        "fram på lerretet og havner på siden Samarbeid når runden er stengt.",
    )
    if not password.password_field("verksted_passord"):
        st.stop()
    new_round_form()
    round_ = chosen_round()
    if round_ is None:
        return
    code = round_["kode"]
    round_actions(round_)
    # What comes and goes (a paced round's buttons, a refused change, the address warning) keeps
    # one place each, empty or not, so the code, the QR and the live view stay where they were
    # and a new round's are drawn over the old. Otherwise, when the live view's timer starts a
    # run just as a full run ends, the browser skips clearing the old ones (Streamlit 1.67) and
    # the facilitator sees two codes.
    pace, refused, unreachable = st.empty(), st.empty(), st.empty()
    if round_["styrt"]:
        with pace.container():
            pace_controls(round_)
    if "verksted_feil" in st.session_state:
        with refused:
            errors.say(st.session_state.pop("verksted_feil"))
    link, reachable = workshop_wall.join_link(code)
    if not reachable:
        unreachable.warning(
            "Telefonene kan ikke nå denne adressen (den peker på denne maskinen selv). Start appen med "
            "«make verksted» på et nettverk telefonene er på, eller sett BRANNSAM_URL til maskinens "
            "adresse, f.eks. BRANNSAM_URL=http://10.0.0.12:8501."
        )
    hide = st.toggle(
        "Skjul resultatet til det avsløres (lerretet, denne siden, Samarbeid, eksport)",
        value=round_["skjul"],
        key=f"verksted_skjul_{code}",
    )
    if hide != round_["skjul"]:
        with errors.shown("Endringen") as changed, db.writing() as writer:
            store.set_hidden(writer, code, hide)
        if changed.ok:
            st.rerun()
    wall_link = link + "&visning=projektor"
    tools = st.columns(2)
    tools[0].link_button("Åpne lerretsvisningen", wall_link)
    downloads.button(
        tools[1],
        f"Last ned resultatet for {code} (Excel)",
        lambda: export.to_excel(
            rounds.export_sheets(data.fresh(tally.results, code), data.fresh(store.info, code))
        ),
        disabled=not rounds.results_visible(round_),
        help=None if rounds.results_visible(round_) else rounds.NOT_REVEALED,
        file_name=f"verksted-{code}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="verksted_excel",
        on_click="ignore",
    )
    join_col, live_col = st.columns([1, 2])
    with join_col:
        workshop_wall.join_block(code, qr_width=320)
    with live_col:
        live(code)
