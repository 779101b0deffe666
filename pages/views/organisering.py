"""Organisering: the legal forms of cooperation, compared against weighted criteria, and which
forms fit the top cooperation areas."""

import streamlit as st

from brannsam import formatting as fmt
from brannsam.cooperation import model as cooperation
from brannsam.cooperation import orgforms
from brannsam.present import tables
from brannsam.ui import data, layout

layout.header(
    "Organisering av et regionalt samarbeid",
    "Hvilke juridiske former kan samarbeidet ha, hva betyr de for styring, arbeidsgiveransvar og "
    "kostnadsdeling, og hvilke passer for de samarbeidsområdene som rangeres høyest?",
)

forms = data.organisation_forms()
form_names = dict(zip(forms["form_id"], forms["navn"], strict=True))
st.subheader("Formene")
st.dataframe(orgforms.facts(forms), hide_index=True, width="stretch")
st.caption(
    "Merket «(ikke bekreftet)»: opplysninger domenenotatet ikke har bekreftet i en kilde. "
    + " ".join(orgforms.NOT_FOR_SERVICES.values())
)
layout.source_note(
    "Kommuneloven 2018 § 17-1, brannloven §§ 9, 15, 30, IKS-loven; Regjeringens veileder om interkommunalt "
    "samarbeid (2023)",
    2024,
)


@st.fragment
def comparison() -> None:
    st.subheader("Sammenligning")
    st.caption(orgforms.SCORE_NOTE)
    cols = st.columns(len(orgforms.CRITERIA))
    weights = {
        c: col.slider(label, 0, 5, 1, 1, key=f"org_vekt_{c}")
        for col, (c, label) in zip(cols, orgforms.CRITERIA.items(), strict=True)
    }
    scores = st.data_editor(
        orgforms.starting_table(forms).rename(index=form_names, columns=orgforms.CRITERIA),
        width="stretch",
        key="org_poeng",
        column_config={
            label: st.column_config.NumberColumn(min_value=1, max_value=5, step=1, format="%d")
            for label in orgforms.CRITERIA.values()
        },
    )
    scores = scores.rename(
        index={v: k for k, v in form_names.items()}, columns={v: k for k, v in orgforms.CRITERIA.items()}
    )
    table = orgforms.ranking(scores.fillna(3), weights, form_names)
    layout.table(
        tables.styled(
            table.rename(
                columns={"rang": "Rang", "navn": "Form", "poeng": "Vektet poeng", **orgforms.CRITERIA}
            ).reset_index(drop=True),
            decimals={"Vektet poeng": 2},
        ),
        hide_index=True,
        width="stretch",
    )
    st.markdown(
        f"Høyest med disse vektene: **{table.iloc[0]['navn']}** "
        f"({fmt.number(table.iloc[0]['poeng'], 2)} av 5)."
    )


comparison()

st.subheader("Hvilke former passer for de høyest rangerte samarbeidsområdene?")
areas = data.cooperation_areas()
names = dict(zip(areas["omrade_id"], areas["navn"], strict=True))
median, _, _ = cooperation.combine(data.cooperation_scores(), list(names))
ranked = cooperation.ranking(median, cooperation.DEFAULT_WEIGHTS, names)
if ranked.empty:
    st.caption("Ingen vurderinger av samarbeidsområdene ennå (siden Samarbeid): viser hele katalogen.")
    top = list(names)
else:
    st.caption("De tre høyest rangerte på siden Samarbeid (like vekter).")
    top = list(ranked.index[:3])
st.dataframe(orgforms.fit(areas, top, form_names), hide_index=True, width="stretch")
st.caption("Vurdering av egnethet ut fra domenenotatet (§ 2 og § 3), ikke juridisk rådgivning.")
