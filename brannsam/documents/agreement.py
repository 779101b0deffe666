"""The agreement the draft decision points to: a draft for the chosen alternative's form (a host
municipality agreement, an IKS company agreement, or a cooperation agreement), with the points the
law asks such an agreement to settle and an economy annex filled from the funding model (the key,
each member's contribution per year, its ceiling and how the amounts are adjusted).

The list of points follows the government's guide to intermunicipal cooperation (2023) as the
study reads it; the text says the list must be checked against the law before adoption."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from brannsam import formatting as fmt
from brannsam.documents import decision
from brannsam.documents.document import Document, Section, Table
from brannsam.funding import allocation, budget, calendar, consequences, options
from brannsam.funding.settings import Settings

TITLES = {
    "vertskommune": "Utkast til vertskommuneavtale",
    "iks": "Utkast til selskapsavtale for interkommunalt selskap",
    "avtale": "Utkast til samarbeidsavtale",
    "felles_brannvesen": "Utkast til avtale om felles brann- og redningsvesen",
}
LAW = {
    "vertskommune": "kommuneloven kapittel 20 (§ 20-4 om samarbeidsavtalen)",
    "iks": "lov om interkommunale selskaper (§ 4 om selskapsavtalen)",
    "avtale": "brannloven § 15 og kommuneloven § 17-1",
    "felles_brannvesen": "brannloven § 9 og kommuneloven kapittel 20",
}
SOURCES = [
    "Lov om kommuner og fylkeskommuner (kommuneloven, 2018) kapittel 17 og 20.",
    "Lov om interkommunale selskaper (IKS-loven, 1999).",
    "Lov om vern mot brann, eksplosjon og ulykker med farlig stoff og om brannvesenets redningsoppgaver "
    "(brannloven) §§ 9, 10 og 15.",
    "Kommunal- og distriktsdepartementet: «Veileder om interkommunalt samarbeid» (2023), kapittel 5.",
    "Bidrag og kostnadstak: mulighetsstudiens finansieringsmodell (KOSTRA 338+339 fra SSB, DSBs register "
    "over brannstasjoner, studiens budsjett for alternativet).",
]


def _host(option: dict, kommuner: pd.DataFrame, left_out: list[str]) -> tuple[str, str]:
    """(the host as the agreement names it, how it was chosen)."""
    host = options.host_municipality(option, kommuner)
    names = kommuner.set_index("kommunenummer")["kommunenavn"]
    if host is not None and host not in left_out:
        return f"{names[host]} kommune", "foreslått i mulighetsstudien"
    largest = options.next_host(kommuner, left_out)
    if host is not None:
        return f"{largest['kommunenavn']} kommune", f"den foreslåtte står utenfor; {decision.HOST_RULE}"
    return option["vertskap"].replace(" (forslag)", ""), "foreslått i mulighetsstudien"


def _economy_annex(settings: Settings, result: consequences.Result) -> Section:
    """The key, each member's contribution per plan year with its ceiling, and the adjustment."""
    table = result.table
    wide = table.pivot(index=["kommunenummer", "kommunenavn"], columns="aar", values="bidrag_kr")
    first = table[table["aar"] == settings.forste_aar].set_index("kommunenummer")
    frame = pd.DataFrame({"Kommune": wide.index.get_level_values("kommunenavn")})
    for year in wide.columns:
        frame[f"Bidrag {year} (kr)"] = [fmt.kroner(v) for v in wide[year]]
    frame[f"Tak {settings.forste_aar} (kr)"] = [
        fmt.kroner(decision.ceiling(first.loc[nr, "bidrag_hoy_kr"])) if "bidrag_hoy_kr" in first else ""
        for nr in wide.index.get_level_values("kommunenummer")
    ]
    totals = table.groupby("aar")["bidrag_kr"].sum()
    meaning = allocation.meaning(settings.nokler)
    return Section(
        "Vedlegg: økonomi",
        [
            "Fordelingsnøkkel: " + allocation.describe(settings.nokler, budget.BLOCKS) + ". " + meaning,
            "Samarbeidets budsjett: "
            + "; ".join(f"{int(y)}: {fmt.kroner(v)}" for y, v in totals.items())
            + ". Lokale tilvalg betales av kommunen som ønsker dem.",
            "Beløpene er i løpende kroner med "
            f"{fmt.percent(settings.vekst, 1)} årlig pris- og lønnsvekst. De justeres hvert år med "
            "kommunal deflator i statsbudsjettet og legges fram for deltakerne med budsjettet. Går en "
            "kommunes bidrag over taket dens kommunestyre vedtok, behandles saken på nytt der.",
        ],
        [Table("Bidrag per kommune og år, og kostnadstaket", frame, "Estimat")],
    )


def draft(
    settings: Settings,
    option: dict,
    kommuner: pd.DataFrame,
    result: consequences.Result,
    today: dt.date,
) -> Document:
    """The draft agreement for the alternative `settings` price (`option`), with its members."""
    form = option["form"] if option["form"] in TITLES else "avtale"
    members = kommuner[~kommuner["kommunenummer"].isin(settings.uten)].sort_values("kommunenavn")
    host, chosen_by = _host(option, kommuner, settings.uten)
    lines = settings.lines()
    tasks = "; ".join(lines.loc[budget.is_function(lines), "post"]) or "ingen"
    start = fmt.date(calendar.start_date(settings))
    parties = ", ".join(f"{name} kommune" for name in members["kommunenavn"])
    host_text = {
        "vertskommune": (
            f"{host} er vertskommune ({chosen_by}). Vertskommunen ansetter de felles årsverkene, fører "
            "regnskapet og rapporterer til deltakerne hvert tertial."
        ),
        "iks": (
            f"Selskapet er {host}. Hver deltakers eierandel og innskuddsplikt følger fordelingsnøkkelen i "
            "vedlegget, om ikke deltakerne avtaler noe annet. Representantskapet har ett medlem fra hver "
            "deltaker."
        ),
        "avtale": f"Samarbeidet koordineres av {host}; ingen ansatte flytter.",
        "felles_brannvesen": f"Det felles brann- og redningsvesenet er organisert i {host}.",
    }[form]
    sections = [
        Section(
            "1. Parter",
            [f"Avtalen er inngått mellom {parties} ({fmt.count(len(members), 'kommune', 'kommuner')})."],
        ),
        Section("2. Organisering", [host_text]),
        Section(
            "3. Oppgaver og myndighet",
            [
                f"Samarbeidet omfatter: {tasks}. Myndighet etter brannloven delegeres til samarbeidet i den "
                "utstrekning kommunestyrene vedtar; myndighetsutøvelsen skjer under hver kommunes formelle "
                "ansvar (brannloven § 9). Utrykningsstyrkene og stasjonene blir lokale.",
            ],
        ),
        Section(
            "4. Styring og instruks",
            [
                "Deltakerne kan gi vertskommunen eller samarbeidet instruks i saker som gjelder deres egen "
                "kommune, innenfor avtalen. Brannsjefene i deltakerkommunene møtes i et fagråd minst to "
                "ganger i året.",
            ],
        ),
        Section(
            "5. Økonomi",
            [
                "Kostnadene fordeles etter nøkkelen i vedlegget. Budsjettet for neste år og økonomiplanen "
                "legges fram for deltakerne innen 1. oktober. Bidragene betales kvartalsvis.",
            ],
        ),
        Section(
            "6. Endring, uttreden og avvikling",
            [
                "Endringer i avtalen krever likelydende vedtak i alle kommunestyrene. En deltaker kan si opp "
                "sin deltakelse med virkning fra 1. januar, tidligst ett år etter at oppsigelsen er mottatt. "
                "Ved avvikling fordeles eiendeler og forpliktelser etter fordelingsnøkkelen det siste året.",
            ],
        ),
        Section(
            "7. Ikrafttredelse",
            [
                f"Avtalen trer i kraft {start} når kommunestyrene har vedtatt den og DSB har fått melding "
                "(brannloven § 10)."
            ],
        ),
        _economy_annex(settings, result),
    ]
    return Document(
        file_stem=f"avtaleutkast-{option['id']}-{today.isoformat()}",
        title=f"{TITLES[form]} – Brannsamarbeid Trøndelag, alternativ {option['id']} «{option['navn']}»",
        scenario="",
        date=fmt.date(today),
        link="",
        sections=sections,
        caveats=[
            f"Utkast fra mulighetsstudien. Punktene følger det {LAW[form]} krever at avtalen avklarer, "
            "slik studien leser Kommunal- og distriktsdepartementets veileder (2023); kontroller listen mot "
            "lovteksten før avtalen legges fram.",
            "Bidragene er estimater fra studiens finansieringsmodell, med tak fra det høye anslaget; de "
            "erstattes av budsjettet når brannvesenenes egne tall er kjent.",
        ],
        sources=SOURCES,
        draft=[],
    )
