"""Verksted: the facilitator opens a round and shows its QR code; participants score from their
phones (`?kode=…`); the projector shows participation, agreement and the ranking as it forms."""

import io

import segno
import streamlit as st

from brannsam import charts, cooperation, workshop
from brannsam import formatting as fmt
from brannsam.ui import access, address, data, db, errors, layout

REFRESH_S = 3


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()


def base_url() -> str:
    return address.network_base()[0]


def participant(code: str) -> None:
    """Made for a 390 px phone: one area at a time, large 1–5 controls, each answer saved at once."""
    cursor = db.cursor()
    try:
        round_ = workshop.info(cursor, code)
    except workshop.WorkshopError as err:
        st.error(str(err))
        return
    st.subheader(round_["navn"])
    name = st.session_state.get("verksted_deltaker")
    if not name:
        services = list(data.services("dsb")["navn"])
        with st.form("verksted_bli_med"):
            typed = st.text_input("Ditt navn", key="verksted_navn", max_chars=workshop.MAX_NAME)
            belonging = st.selectbox("Ditt brannvesen", services, index=None, key="verksted_tilhorighet")
            joined = st.form_submit_button("Bli med", type="primary", width="stretch")
        if joined:
            try:
                with errors.shown("Påmeldingen"), db.writing() as writer:
                    workshop.join(writer, code, typed, belonging)
                    st.session_state["verksted_deltaker"] = " ".join(typed.split())
                    st.rerun()
            except workshop.WorkshopError as err:
                st.error(str(err))
        st.caption("Har du svart før? Skriv det samme navnet, så fortsetter du der du var.")
        return
    done = workshop.answered(cursor, code, name)
    if "verksted_lagret" in st.session_state:
        st.success(st.session_state.pop("verksted_lagret"))
    remaining = [a for a in round_["omrader"] if a not in done]
    if round_["status"] != "aapen":
        st.info("Runden er stengt. Takk for svarene dine: de er lagret.")
        return
    if not remaining:
        st.success(f"Takk, {fmt.markdown_text(name)}! Du har svart på alle {len(done)} områdene.")
        return
    area = remaining[0]
    areas = data.cooperation_areas()
    names = dict(zip(areas["omrade_id"], areas["navn"], strict=True))
    st.progress(len(done) / len(round_["omrader"]), text=f"{len(done) + 1} av {len(round_['omrader'])}")
    st.markdown(f"### {names[area]}")
    scores = {
        c: st.segmented_control(
            cooperation.CRITERIA[c], [1, 2, 3, 4, 5], key=f"verksted_score_{area}_{c}", width="stretch"
        )
        for c in round_["kriterier"]
    }
    if st.button("Lagre og gå videre", key="verksted_send", type="primary", width="stretch"):
        try:
            with errors.shown("Lagringen"), db.writing() as writer:
                workshop.answer(writer, code, name, area, scores)
                st.session_state["verksted_lagret"] = f"Lagret: {names[area]}."
                st.rerun()
        except workshop.WorkshopError as err:
            st.error(str(err))


@st.fragment(run_every=REFRESH_S)
def projector(code: str) -> None:
    """Refreshes by itself: who has joined and finished, agreement per area, the ranking."""
    cursor = db.cursor()
    try:
        round_ = workshop.info(cursor, code)
    except workshop.WorkshopError as err:  # removed in another session
        st.error(str(err))
        return
    counts = workshop.progress(cursor, code)
    m1, m2, m3 = st.columns(3)
    m1.metric("Med i runden", fmt.number(counts["deltakere"]))
    m2.metric("Ferdige", fmt.number(counts["ferdige"]))
    m3.metric("Status", workshop.STATUS[round_["status"]])
    table = workshop.results(cursor, code)
    scored = table.dropna(subset=["median"])
    if scored.empty:
        st.caption("Ingen svar ennå.")
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
            charts.value_feasibility_matrix(workshop.matrix(cursor, code)),
            width="stretch",
            key=f"verksted_matrise_{code}",
        )


def facilitator() -> None:
    layout.header(
        "Verksted",
        "Åpne en runde, vis QR-koden, og la deltakerne gi poeng fra mobilen. Resultatet vokser fram på "
        "lerretet og havner på siden Samarbeid når runden er stengt.",
    )
    if not access.password_field("verksted_passord"):
        st.stop()
    cursor = db.cursor()
    areas = data.cooperation_areas()
    names = dict(zip(areas["omrade_id"], areas["navn"], strict=True))
    with st.expander("Ny runde", expanded=workshop.rounds(cursor).empty), st.form("verksted_ny"):
        title = st.text_input("Navn på runden", key="verksted_rundenavn", max_chars=80)
        chosen = st.multiselect("Samarbeidsområder", list(names), default=list(names), format_func=names.get)
        criteria = st.multiselect(
            "Kriterier",
            list(cooperation.CRITERIA),
            default=list(cooperation.CRITERIA),
            format_func=cooperation.CRITERIA.get,
        )
        anonymous = st.checkbox("Anonym (navnene vises ikke)", value=True)
        if st.form_submit_button("Åpne runden", type="primary"):
            try:
                with errors.shown("Runden"), db.writing() as writer:
                    code = workshop.create(writer, title, chosen, criteria, anonymous)
                    st.session_state["verksted_valgt"] = code
            except workshop.WorkshopError as err:
                st.error(str(err))
    listed = workshop.rounds(cursor)
    if listed.empty:
        st.info("Ingen runder ennå.")
        return
    labels = {r.kode: f"{r.navn} ({r.kode}, {workshop.STATUS[r.status]})" for r in listed.itertuples()}
    default = st.session_state.get("verksted_valgt")
    code = st.selectbox(
        "Runde",
        list(labels),
        index=list(labels).index(default) if default in labels else 0,
        format_func=labels.get,
        key="verksted_runde",
    )
    status = listed.set_index("kode").loc[code, "status"]
    actions = st.columns(4)
    for column, (label, target) in zip(
        actions, [("Åpne", "aapen"), ("Steng", "lukket"), ("Avslør resultatet", "avslort")], strict=False
    ):
        if column.button(label, key=f"verksted_{target}", disabled=status == target):
            with errors.shown("Endringen"), db.writing() as writer:
                workshop.set_status(writer, code, target)
                st.rerun()
    with actions[3].popover("Fjern runden"):
        st.caption("Svarene forsvinner også fra siden Samarbeid.")
        if st.button("Fjern", key="verksted_fjern"):
            with errors.shown("Fjerningen"), db.writing() as writer:
                workshop.remove(writer, code)
                st.rerun()
    link = f"{base_url()}/verksted?kode={code}"
    join_col, live_col = st.columns([1, 2])
    with join_col:
        st.image(qr_png(link), width=320)
        st.markdown(f"## {code}")
        st.caption(f"Bli med: {fmt.markdown_text(link)}")
    with live_col:
        projector(code)


code = st.query_params.get("kode")
if code:
    participant(code)
else:
    facilitator()
