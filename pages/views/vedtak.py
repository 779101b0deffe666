"""Vedtak: what each of the 40 councils decided on the study, and what the decisions mean for the
cooperation: the share of inhabitants against the membership condition, each member's
contribution recomputed for the members against the ceiling it adopted, and the host."""

import datetime as dt

import streamlit as st

from brannsam import formatting as fmt
from brannsam.decisions import followed, letters, register
from brannsam.documents import writers as documents
from brannsam.funding.settings import Settings
from brannsam.present import export, maps, tables
from brannsam.ui import data, db, downloads, errors, layout, password, results

layout.header(
    "Vedtak",
    "Hva kommunestyrene har vedtatt om samarbeidet: status, dato, saksnummer, kostnadstaket de vedtok og "
    "vilkårene deres. Vedtakene styrer hvem som er med i scenarioet «Vedtatt»: andelen av innbyggerne mot "
    "vilkåret i forslaget til vedtak, og hver kommunes bidrag regnet på nytt med kommunene som er med, mot "
    "taket den vedtok.",
)

if message := st.session_state.pop("vedtak_melding", None):
    st.success(message)

STUDY = "Studiens anbefaling"
saved = data.scenario_names()
chosen = st.selectbox(
    "Scenarioet kommunestyrene stemte over",
    [STUDY, *saved],
    key="vedtak_scenario",
    help="Bidragene og kostnadstakene sammenlignes med dette scenarioets alternativ.",
)
settings = Settings() if chosen == STUDY else data.scenario(chosen)
today = dt.date.today()
result = results.decisions_followed(settings, today)
registered = data.decisions()
decided = result.decided

c1, c2, c3, c4 = st.columns(4)
c1.metric("Andel innbyggere som har sagt ja", fmt.percent(decided.share, 1))
c2.metric("Vilkår", f"{fmt.percent(decided.threshold, 0)} innen {decided.deadline:%d.%m.%Y}")
c3.metric("Bidrag over vedtatt tak", fmt.number(result.over))
c4.metric(
    "Kommuner som har behandlet saken", fmt.number(int((result.table["status"] != "ikke behandlet").sum()))
)
(st.success if decided.met else st.warning)(fmt.markdown_text(result.summary()))

view_map, view_table = st.tabs(["Kart", "Tabell"])
with view_map:
    st.pydeck_chart(maps.decision_map(data.map_borders(), registered), height=460)
    layout.colour_legend({status: maps.DECISION_COLOURS[status] for status in register.STATUSES})
with view_table:
    shown = followed.shown(result)
    money = tuple(c for c in shown.columns if "(kr)" in c)
    layout.table(tables.styled(shown, kroner=money), hide_index=True, width="stretch", key="vedtak_tabell")
downloads.button(
    st,
    "Last ned vedtakene (Excel)",
    lambda: export.to_excel({"Vedtak": shown}, notes=[result.summary()]),
    file_name="vedtak.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="vedtak_excel",
    on_click="ignore",
)

st.divider()
st.subheader("Registrer vedtak")
allowed = password.password_field("vedtak_passord")
user = password.name_field("vedtak_navn", disabled=not allowed)
names = dict(zip(registered["kommunenummer"], registered["kommune"], strict=True))
with st.form("vedtak_ett", border=True):
    k1, k2, k3 = st.columns(3)
    nr = k1.selectbox("Kommune", list(names), format_func=lambda n: f"{n} {names[n]}", key="vedtak_kommune")
    status = k2.selectbox("Status", register.STATUSES, key="vedtak_status")
    date = k3.date_input("Vedtaksdato", today, max_value=today, format="DD.MM.YYYY", key="vedtak_dato")
    k4, k5 = st.columns(2)
    case = k4.text_input("Saksnummer", max_chars=register.MAX_CASE, key="vedtak_sak")
    ceiling = k5.text_input("Kostnadstak (kr, bare ved «ja»)", key="vedtak_tak")
    conditions = st.text_area("Vilkår i vedtaket", max_chars=register.MAX_CONDITIONS, key="vedtak_vilkar")
    submitted = st.form_submit_button("Registrer", type="primary", disabled=not allowed)
if submitted and allowed:
    try:
        decision = register.checked(
            nr, status, names, today, date if status != "ikke behandlet" else None, case, ceiling, conditions
        )
    except register.DecisionError as err:
        errors.say(err, "Vedtaket ble ikke registrert: ")
    else:
        with errors.shown("Registreringen") as stored, db.writing() as writer:
            register.record(writer, [decision], user, "siden Vedtak")
        if stored.ok:  # drawn again, so the overview above counts it
            st.session_state["vedtak_melding"] = (
                f"Registrert: {fmt.markdown_text(names[decision.kommunenummer])} {decision.status}."
            )
            st.rerun()

st.markdown("**Flere på en gang: fyll ut malen**")
t1, t2 = st.columns(2)
downloads.button(
    t1,
    "Last ned malen (Excel)",
    lambda: register.template(registered),
    file_name="vedtak-mal.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="vedtak_mal",
    on_click="ignore",
)
upload = t2.file_uploader("Last opp utfylt mal", type=["xlsx", "csv"], key="vedtak_fil", disabled=not allowed)
if upload is not None and allowed:
    found, problems = register.read_template(upload.name, upload.getvalue(), names, today)
    if problems:
        errors.say_all(problems[:20], "Fila ble ikke importert (ingenting er endret):")
    else:
        changes = register.changed(found, registered)
        if not changes:
            st.info("Fila sier det samme som registeret: ingenting å importere.")
        elif st.button(f"Importer {fmt.count(len(changes), 'vedtak', 'vedtak')}", key="vedtak_importer"):
            with errors.shown("Importen") as stored, db.writing() as writer:
                register.record(writer, changes, user, f"import: {upload.name}")
            if stored.ok:
                st.session_state["vedtak_melding"] = (
                    f"Importerte {fmt.count(len(changes), 'vedtak', 'vedtak')} fra "
                    f"{fmt.markdown_text(upload.name)}."
                )
                st.rerun()

st.subheader("Utkast til avtale")
st.caption(
    "Avtalen forslaget til vedtak viser til, for formen det anbefalte alternativet har, med et vedlegg om "
    "økonomi fylt ut fra finansieringsmodellen: nøkkelen, hver kommunes bidrag per år, taket og justeringen."
)
downloads.button(
    st,
    "Last ned utkast til avtale (Word)",
    lambda: documents.to_docx(results.agreement_draft(settings, today)),
    file_name="avtaleutkast.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    key="vedtak_avtale",
    on_click="ignore",
)

st.subheader("Infoskriv")
st.caption(
    "Et datert statusbrev til styringsgruppen og kommunene: milepæler, anbefalingen og kostnaden, vedtakene "
    "så langt og hva de betyr, og hva som er endret siden forrige infoskriv. Hvert infoskriv tas vare på, "
    "så det neste kan si hva som er nytt."
)
if st.button("Lag infoskriv", disabled=not allowed, key="vedtak_infoskriv") and allowed:
    with st.spinner("Skriver infoskrivet …"):
        letter = results.status_letter(settings, today)
        files = {kind: documents.WRITERS[kind](letter) for kind in ("docx", "pdf")}
    with errors.shown("Infoskrivet") as kept, db.writing() as writer:
        letters.record(writer, user, letter.title, dt.datetime.now())
    if kept.ok:
        st.session_state["vedtak_brev"] = (letter.file_stem, files)
if brev := st.session_state.get("vedtak_brev"):
    stem, files = brev
    w1, w2 = st.columns(2)
    downloads.button(
        w1, "Last ned infoskrivet (Word)", files["docx"], file_name=f"{stem}.docx", key="vedtak_brev_docx"
    )
    downloads.button(
        w2, "Last ned infoskrivet (PDF)", files["pdf"], file_name=f"{stem}.pdf", key="vedtak_brev_pdf"
    )

st.subheader("Historikk")
history = data.decision_history()
if history.empty:
    st.caption("Ingen vedtak registrert ennå.")
else:
    st.dataframe(register.history_shown(history), hide_index=True, width="stretch", key="vedtak_historikk")
    if st.button("Angre siste registrering", disabled=not allowed, key="vedtak_angre"):
        try:
            with errors.shown("Angringen") as done, db.writing() as writer:
                undone = register.undo_last(writer, user)
            if done.ok:
                told = ", ".join(f"{names[r.kommunenummer]} {r.status}" for r in undone.itertuples())
                st.session_state["vedtak_melding"] = f"Angret: {fmt.markdown_text(told)}."
                st.rerun()
        except register.DecisionError as err:
            errors.say(err)
