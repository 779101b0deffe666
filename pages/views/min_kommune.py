"""Min kommune: one municipality on one screen, as its brief to the council says it, with the
brief as Word and PDF, and all 40 at once."""

import datetime as dt

import streamlit as st

from brannsam import formatting as fmt
from brannsam.documents import brief
from brannsam.documents import writers as documents
from brannsam.funding import scenarios
from brannsam.ui import address, downloads, layout, results
from brannsam.ui import funding_state as state

layout.header(
    "Min kommune",
    "Én kommune på én side: innbyggere, brannvesen og stasjoner, dekning, plass i risikobildet, "
    "samarbeid og hva kommunen betaler sammenlignet med i dag. Lenken med ?kommune=… åpner rett på din "
    "kommune, og vedlegget til saksframlegget kan lastes ned som Word og PDF.",
)

region = results.brief_region()
names = dict(zip(region.kommuner["kommunenummer"], region.kommuner["kommunenavn"], strict=True))
choice = layout.linked_choice(
    "Kommune",
    "kommune",
    {nr: f"{nr} {name}" for nr, name in names.items()},
    "kommune_valg",
    "Velg kommune",
    "Fant ikke kommunenummeret «{value}». Velg kommunen i lista under.",
)
settings = state.current()
state.warn_link_problem()
priced = results.priced(settings)
result = results.funding_evaluated(priced)
link = address.scenario_link(settings)
scenario = "Gjeldende oppsett på siden Finansiering"

if not choice:
    st.info("Velg en kommune. Alle kommunene:")
    keep = f"&oppsett={scenarios.encode(settings)}"  # a municipality's link keeps the current settings
    st.markdown("\n".join(f"- [{nr} {name}](?kommune={nr}{keep})" for nr, name in names.items()))
else:
    if choice in settings.uten:
        st.info(
            f"{fmt.markdown_text(names[choice])} står utenfor samarbeidet i gjeldende oppsett (siden "
            "Finansiering, «Kommuner som sier nei»). Vedlegget sier hva det betyr for kommunen."
        )
    item = results.brief(choice, scenarios.encode(priced), scenario, link, dt.date.today())
    c1, c2 = st.columns(2)
    for column, kind, mime in (
        (c1, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (c2, "pdf", "application/pdf"),
    ):
        downloads.button(
            column,
            f"Last ned vedlegget ({'Word' if kind == 'docx' else 'PDF'})",
            lambda kind=kind: documents.WRITERS[kind](item),
            file_name=item.file_name(kind),
            mime=mime,
            key=f"kommune_{kind}",
            on_click="ignore",
        )
    st.subheader(item.title)
    st.caption(f"Scenario: {scenario} · {item.date} · lenken som gjenskaper oppsettet:")
    st.code(link, language=None, wrap_lines=True)
    if brief.link_note(link) is None:
        st.info(
            "Lenken kommer ikke med i vedlegget: et vedlegg viser bare en kort lenke til et lagret scenario "
            "på en offentlig adresse. Lagre scenarioet, og sett BRANNSAM_URL til appens offentlige adresse, "
            "om vedlegget skal ha lenken."
        )
    for section in item.sections:
        st.markdown(f"#### {fmt.markdown_text(section.heading)}")
        for text in section.paragraphs:
            st.markdown(fmt.markdown_text(text))
        for table in section.tables:
            st.markdown(
                f"**{fmt.markdown_text(table.title)}**" + (f" {layout.ESTIMATE_BADGE}" if table.note else "")
            )
            st.dataframe(table.frame, hide_index=True, width="stretch")
        cols = st.columns(len(section.charts) or 1)
        for column, (caption, png) in zip(cols, section.charts, strict=False):
            column.image(png, caption=caption, width="stretch")
    with st.expander("Forbehold, kilder og forslag til vedtak (utkast)"):
        st.markdown("**Forbehold**\n\n" + "\n".join(f"- {fmt.markdown_text(t)}" for t in item.caveats))
        st.markdown("**Kilder**\n\n" + "\n".join(f"- {fmt.markdown_text(t)}" for t in item.sources))
        st.markdown(
            "**Forslag til vedtak – utkast**\n\n" + "\n\n".join(fmt.markdown_text(t) for t in item.draft)
        )

st.divider()
outside = len([nr for nr in names if nr in settings.uten])
if brief.link_note(link) is None:
    st.info("Vedleggene får ingen lenke: scenarioet er ikke lagret, eller adressen er denne maskinens.")
downloads.button(
    st,
    f"Last ned vedleggene for alle {len(names)} kommunene (zip med Word-filer"
    + (f"; {outside} av dem om å stå utenfor)" if outside else ")"),
    lambda: documents.zipped(
        brief.municipality_briefs(
            list(names),
            region,
            priced,
            scenario,
            link,
            dt.date.today(),
            result,
            results.alternatives_compared(settings),
        ),
        "docx",
    ),
    file_name="brannsam-vedlegg-alle-kommuner.zip",
    mime="application/zip",
    key="kommune_alle",
    on_click="ignore",
)
