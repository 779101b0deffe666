"""Verksted: the facilitator opens a round and shows its QR code; participants score from their
phones (`?kode=…`); the projector shows participation, agreement and the ranking as it forms."""

import secrets

import streamlit as st

from brannsam.cooperation import model as cooperation
from brannsam.data.services import DEFAULT_STRUCTURE
from brannsam.present import charts, export
from brannsam.present import formatting as fmt
from brannsam.ui import access, address, data, db, errors, layout, workshop_style
from brannsam.workshop import rounds, store

REFRESH_S = 3


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


def the_round(code: str) -> dict | None:
    """The round behind the code, or None after saying why not (a wrong code, or a round removed
    in another session)."""
    try:
        return data.fresh(store.info, code)
    except rounds.WorkshopError as err:
        errors.say(err)
        return None


def participant(code: str) -> None:
    """Made for a 390 px phone: one area at a time, large 1–5 controls, each answer saved at once."""
    workshop_style.phone()
    round_ = the_round(code)
    if round_ is None:
        return
    st.subheader(fmt.markdown_text(round_["navn"]))
    key = st.query_params.get("deltaker")
    name = st.session_state.get("verksted_deltaker") or (
        data.fresh(store.participant_by_key, code, key) if key else None
    )
    if not name:
        name = join_form(code, key)
        if not name:
            return
    answering(code, name)


def join_form(code: str, key: str | None) -> str | None:
    """The name and service form; returns the name once joined. The form is cleared in the same
    run, so joining costs one run of the page, not two."""
    slot = st.empty()
    with slot.container():
        services = list(data.services(DEFAULT_STRUCTURE)["navn"])
        with st.form("verksted_bli_med"):
            typed = st.text_input("Ditt navn", key="verksted_navn", max_chars=rounds.MAX_NAME)
            belonging = st.selectbox(
                "Ditt brannvesen",
                services,
                index=None,
                key="verksted_tilhorighet",
                placeholder="Velg brannvesen",
            )
            joined = st.form_submit_button("Bli med", type="primary", width="stretch")
        st.caption("Lenken i adressefeltet er din: last siden på nytt, så fortsetter du der du var.")
    if not joined:
        return None
    # The browser's key goes in the link: a reload continues here, another phone cannot take the
    # name over.
    key = key or secrets.token_urlsafe(12)
    try:
        with errors.shown("Påmeldingen"), db.writing() as writer:
            store.join(writer, code, typed, belonging, key)
            name = store.participant_by_key(writer, code, key)
    except rounds.WorkshopError as err:
        errors.say(err)
        return None
    st.query_params["deltaker"] = key
    st.session_state["verksted_deltaker"] = name
    slot.empty()
    return name


def save(code: str, name: str, area: str, label: str, criteria: list[str]) -> None:
    """Store one area's scores before the phone's part reruns, so the rerun already shows the
    next area (no second run). The scores are read as the controls hold them now."""
    scores = {c: st.session_state.get(f"verksted_score_{area}_{c}") for c in criteria}
    try:
        with errors.shown("Lagringen"), db.writing() as writer:
            store.answer(writer, code, name, area, scores)
        st.session_state["verksted_lagret"] = f"Lagret: {label}."
    except rounds.WorkshopError as err:
        st.session_state["verksted_lagringsfeil"] = str(err)


@st.fragment
def answering(code: str, name: str) -> None:
    """One area at a time. A fragment: a save reruns this part of the phone's page, not the whole
    app (18 phones in a hall share two cores). The 1–5 controls sit in a form, so a tap costs the
    server nothing; only «Lagre» does."""
    round_ = the_round(code)
    if round_ is None:
        return
    done = data.fresh(store.answered, code, name)
    if "verksted_lagret" in st.session_state:
        st.success(st.session_state.pop("verksted_lagret"))
        workshop_style.scroll_to_top()
    if round_["status"] != "aapen":
        st.info("Runden er stengt. Takk for svarene dine: de er lagret.")
        return
    names = data.area_names()
    if round_["styrt"]:
        area = round_["aktivt"]
        if area in done:
            st.info(f"Du har svart på «{fmt.markdown_text(names[area])}». Vent til ordstyreren går videre.")
            waiting(code, area)
            return
        position = round_["omrader"].index(area)
    else:
        remaining = [a for a in round_["omrader"] if a not in done]
        if not remaining:
            st.success(f"Takk, {fmt.markdown_text(name)}! Du har svart på alle {len(done)} områdene.")
            return
        area, position = remaining[0], len(done)
    total = len(round_["omrader"])
    st.progress(position / total, text=f"{position + 1} av {total}")
    st.markdown(f"### {fmt.markdown_text(names[area])}")
    st.caption(cooperation.SCALE_NOTE)
    with st.form(f"verksted_omrade_{area}", border=False):
        for c in round_["kriterier"]:
            st.segmented_control(
                f"{cooperation.CRITERIA[c]} (5 = {cooperation.FIVE_MEANS[c]})",
                [1, 2, 3, 4, 5],
                key=f"verksted_score_{area}_{c}",
                width="stretch",
            )
        st.form_submit_button(
            "Lagre og gå videre",
            key="verksted_send",
            type="primary",
            width="stretch",
            on_click=save,
            args=(code, name, area, names[area], round_["kriterier"]),
        )
    if "verksted_lagringsfeil" in st.session_state:
        errors.say(st.session_state.pop("verksted_lagringsfeil"))


@st.fragment(run_every=REFRESH_S)
def waiting(code: str, answered_area: str) -> None:
    """A paced round's phone that has answered the area on the wall asks every few seconds
    whether the facilitator has moved on (only while it waits), and then shows the next area."""
    try:
        round_ = data.fresh(store.info, code)
    except rounds.WorkshopError:
        st.rerun(scope="app")
    if round_["aktivt"] != answered_area or round_["status"] != "aapen":
        st.rerun(scope="app")
    st.caption("Neste område kommer opp her av seg selv.")


@st.fragment(run_every=REFRESH_S)
def projector(code: str) -> None:
    """Refreshes by itself: who has joined and finished, agreement per area, the ranking."""
    round_ = the_round(code)
    if round_ is None:
        return
    counts = data.fresh(store.progress, code)
    m1, m2, m3 = st.columns(3)
    m1.metric("Med i runden", fmt.number(counts["deltakere"]))
    m2.metric("Ferdige", fmt.number(counts["ferdige"]))
    m3.metric("Status", rounds.STATUS[round_["status"]])
    if round_["styrt"]:
        st.markdown(now_scoring(round_))
    table = rounds.shown(data.fresh(store.results, code), round_["anonym"])
    scored = table.dropna(subset=["median"])
    if scored.empty:
        few = table["deltakere"].sum() > 0
        st.caption(
            f"Verdiene vises når et område har minst {rounds.MIN_SHOWN} svar (anonym runde)."
            if few
            else "Ingen svar ennå."
        )
        return
    st.plotly_chart(charts.workshop_ranking(scored), width="stretch", key=f"verksted_rangering_{code}")
    st.dataframe(
        scored[["rang", "navn", "deltakere", "median", "spredning"]].rename(
            columns={
                "rang": "Rang",
                "navn": "Område",
                "deltakere": "Svar",
                "median": "Poeng",
                "spredning": "Uenighet",
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "Poeng = vektet median (1–5, like vekter). Uenighet = høyeste minus laveste poeng, snitt over "
        "kriteriene."
    )
    if round_["status"] == "avslort":
        st.plotly_chart(
            charts.value_feasibility_matrix(data.fresh(store.matrix, code)),
            width="stretch",
            key=f"verksted_matrise_{code}",
        )


def now_scoring(round_: dict) -> str:
    """«Nå: Felles ledelse (2 av 10) · 7 av 12 har svart», for the wall and the facilitator."""
    return rounds.now_text(
        round_, data.area_names(), data.fresh(store.area_progress, round_["kode"], round_["aktivt"])
    )


@st.fragment(run_every=REFRESH_S)
def wall(code: str, hide_until_reveal: bool) -> None:
    """The projector's own view: large type, no controls, the answers per area, results shown
    when the facilitator reveals them (if so chosen)."""
    round_ = the_round(code)
    if round_ is None:
        return
    counts = data.fresh(store.progress, code)
    st.markdown(
        f"## {fmt.markdown_text(round_['navn'])} · kode {round_['kode']}\n"
        f"**{fmt.number(counts['deltakere'])}** med i runden · **{fmt.number(counts['ferdige'])}** ferdige · "
        f"runden er **{rounds.STATUS[round_['status']]}**"
    )
    if round_["styrt"]:
        st.markdown(f"### {now_scoring(round_)}")
    hidden = hide_until_reveal and round_["status"] != "avslort"
    table = rounds.shown(data.fresh(store.results, code), round_["anonym"], hidden)
    if hidden:
        st.caption("Resultatet vises når ordstyreren avslører det.")
    st.table(rounds.wall_table(table).set_index("Rang"))


def projector_view(code: str) -> None:
    workshop_style.projector()
    wall(code, st.query_params.get("skjul") == "1")


def move(code: str, area: str) -> None:
    try:
        with errors.shown("Flyttingen"), db.writing() as writer:
            store.move_to(writer, code, area)
    except rounds.WorkshopError as err:
        st.session_state["verksted_feil"] = str(err)


def pace_controls(code: str) -> None:
    """A paced round: the facilitator moves everyone back or on, one area at a time."""
    round_ = data.fresh(store.info, code)
    if not round_["styrt"]:
        return
    names = data.area_names()
    back, ahead = rounds.neighbour(round_, -1), rounds.neighbour(round_, 1)
    steps = st.columns([1, 1, 2])
    steps[0].button(
        "◀ Forrige område", key="verksted_forrige", disabled=back is None, on_click=move, args=(code, back)
    )
    steps[1].button(
        "Neste område ▶",
        key="verksted_neste",
        type="primary",
        disabled=ahead is None,
        on_click=move,
        args=(code, ahead),
    )
    steps[2].caption(f"Alle svarer nå på «{fmt.markdown_text(names[round_['aktivt']])}».")


def facilitator() -> None:
    layout.header(
        "Verksted",
        "Åpne en runde, vis QR-koden, og la deltakerne gi poeng fra mobilen. Resultatet vokser fram på "
        "lerretet og havner på siden Samarbeid når runden er stengt.",
    )
    with st.form("verksted_kode_skjema", border=True):
        typed = st.text_input("Deltaker? Skriv koden fra lerretet", key="verksted_kode_felt", max_chars=12)
        if st.form_submit_button("Bli med", type="primary", width="stretch") and typed.strip():
            st.query_params["kode"] = rounds.normalised_code(typed)
            st.rerun()
    st.caption("Ordstyrer: logg inn med administratorpassordet for å åpne og styre runder.")
    if not access.password_field("verksted_passord"):
        st.stop()
    names = data.area_names()
    if st.session_state.pop("verksted_ny_apnet", False):
        st.session_state.pop("verksted_rundenavn", None)
    with (
        st.expander("Ny runde", expanded=data.fresh(store.all_rounds).empty),
        st.form("verksted_ny", clear_on_submit=True),
    ):
        title = st.text_input("Navn på runden", key="verksted_rundenavn", max_chars=80)
        chosen = st.multiselect("Samarbeidsområder", list(names), default=list(names), format_func=names.get)
        criteria = st.multiselect(
            "Kriterier",
            list(cooperation.CRITERIA),
            default=list(cooperation.CRITERIA),
            format_func=cooperation.CRITERIA.get,
        )
        anonymous = st.checkbox("Anonym (navnene vises ikke)", value=True)
        paced = st.checkbox(
            "Ordstyreren styrer tempoet (alle svarer på samme område, du går videre)", value=False
        )
        if st.form_submit_button("Åpne runden", type="primary"):
            try:
                with errors.shown("Runden"), db.writing() as writer:
                    code = store.create(writer, title, chosen, criteria, anonymous, paced)
                # The selector shows the round just opened, whatever it showed before, and the
                # form starts empty (a second click cannot open the same round twice).
                st.session_state["verksted_runde"] = code
                st.session_state["verksted_ny_apnet"] = True
                st.rerun()
            except rounds.WorkshopError as err:
                errors.say(err)
    listed = data.fresh(store.all_rounds)
    if listed.empty:
        st.info("Ingen runder ennå.")
        return
    labels = {r.kode: f"{r.navn} ({r.kode}, {rounds.STATUS[r.status]})" for r in listed.itertuples()}
    if st.session_state.get("verksted_runde") not in labels:
        st.session_state.pop("verksted_runde", None)  # removed in another tab: pick afresh
    code = st.selectbox("Runde", list(labels), format_func=labels.get, key="verksted_runde")
    status = listed.set_index("kode").loc[code, "status"]
    actions = st.columns(4)
    # Each button carries the code of the round it was drawn for: a round removed in another tab
    # is refused, never swapped for the next one in the list.
    for column, (label, target) in zip(
        actions, [("Åpne", "aapen"), ("Steng", "lukket"), ("Avslør resultatet", "avslort")], strict=False
    ):
        column.button(
            label, key=f"verksted_{target}", disabled=status == target, on_click=act, args=(code, target)
        )
    with actions[3].popover("Fjern runden"):
        st.caption("Svarene forsvinner også fra siden Samarbeid.")
        st.button("Fjern", key="verksted_fjern", on_click=act, args=(code, None))
    pace_controls(code)
    if "verksted_feil" in st.session_state:
        errors.say(st.session_state.pop("verksted_feil"))
    base, reachable = address.network_base()
    if not reachable:
        st.warning(
            "Telefonene kan ikke nå denne adressen (den peker på denne maskinen selv). Start appen med "
            "«make verksted» på et nettverk telefonene er på, eller sett BRANNSAM_URL til maskinens "
            "adresse, f.eks. BRANNSAM_URL=http://10.0.0.12:8501."
        )
    link = f"{base}/verksted?kode={code}"
    hide = st.toggle("Skjul resultatet på lerretet til det avsløres", key="verksted_skjul")
    wall_link = f"{base}/verksted?kode={code}&visning=projektor" + ("&skjul=1" if hide else "")
    tools = st.columns(2)
    tools[0].link_button("Åpne lerretsvisningen", wall_link)
    tools[1].download_button(
        "Last ned resultatet (Excel)",
        lambda: export.to_excel(
            rounds.export_sheets(data.fresh(store.results, code), data.fresh(store.info, code))
        ),
        file_name=f"verksted-{code}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="verksted_excel",
        on_click="ignore",
    )
    join_col, live_col = st.columns([1, 2])
    with join_col:
        st.image(export.qr_png(link), width=320)
        st.markdown(f"## {code}")
        st.caption(f"Bli med: {fmt.markdown_text(link)}")
    with live_col:
        projector(code)


code = st.query_params.get("kode")
if code and st.query_params.get("visning") == "projektor":
    projector_view(code)
elif code:
    participant(code)
else:
    facilitator()
