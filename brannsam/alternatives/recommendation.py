"""The recommendation as the study writes it: which alternative it recommends and who chose it,
what it costs (the figures of the tables, rounded alike), the switching values, the steering
group's judgement, what it buys and what must be cut, the risk, the secondary ranking and what
would change it, and how the alternatives were compared, with its public sources."""

from __future__ import annotations

import pandas as pd

from brannsam import formatting as fmt
from brannsam.alternatives import analysis, display, package
from brannsam.alternatives.effects import DUTY_OFFICER_LIMIT_MIN, REACH_LIMITS
from brannsam.funding import budget, options, ranges
from brannsam.funding.settings import Settings


def _chosen_id(settings: Settings, ranking: analysis.Ranking) -> str:
    """The alternative the settings price (their recommendation), else the ranking's first."""
    return settings.valgt or settings.alternativ or ranking.first


def switching_sentences(ranking: analysis.Ranking, chosen: str) -> list[str]:
    """The switching values in words: what the chosen alternative's non-priced effects must be
    worth per year to be preferred to today's arrangement, and to each other alternative."""
    t = ranking.table.set_index("alternativ")
    values = analysis.switching_values(ranking.table, chosen).set_index("alternativ")
    names = t["navn"]
    if chosen == options.ZERO:
        return [
            "Dagens ordning koster ingenting ekstra; hvert av de andre alternativene må gi ikke-prissatte "
            "virkninger verdt minst sin kostnad per år for å foretrekkes: "
            + "; ".join(
                f"{i} {display.signed_amount(values.loc[i, 'per_aar_kr'])}"
                for i in values.index
                if i != options.ZERO
            )
            + "."
        ]
    own = values.loc[chosen, "mot_nullalternativet_kr"]
    out = [
        f"Byttepunkt: «{names[chosen]}» må gi ikke-prissatte virkninger (bedre kvalitet, robusthet og "
        f"fagmiljø) verdt minst {fmt.approx_kroner(own)} per år for å foretrekkes framfor dagens "
        "ordning."
        if own > 0
        else f"«{names[chosen]}» koster ikke mer enn dagens ordning over analyseperioden."
    ]
    for other in values.index:
        if other in (chosen, options.ZERO):
            continue
        diff = values.loc[chosen, "per_aar_kr"] - values.loc[other, "per_aar_kr"]
        if diff > 0:
            out.append(
                f"Mot «{names[other]}»: {chosen} koster {fmt.approx_kroner(diff)} mer per år, så {chosen}s "
                f"ikke-prissatte virkninger må være verdt minst så mye mer enn {other}s."
            )
        elif diff < 0:
            out.append(
                f"Mot «{names[other]}»: {other} koster {fmt.approx_kroner(-diff)} mer per år; {other} "
                f"foretrekkes bare om dens ikke-prissatte virkninger er verdt minst så mye mer enn {chosen}s."
            )
    return out


def reach_warning(comparison: analysis.Comparison, option_id: str) -> str:
    """A sentence when the alternative's duty officer reaches fewer inhabitants than today's
    arrangement (empty when it does not)."""
    found = comparison.effects[option_id]
    lower = [m for m in REACH_LIMITS if found.reach_after[m] < found.reach_today[m] - 1e-9]
    if not lower:
        return ""
    parts = [
        f"{fmt.percent(found.reach_after[m], 0)} innen {m} minutter mot "
        f"{fmt.percent(found.reach_today[m], 0)} i dag"
        for m in lower
    ]
    return (
        "Overordnet vakt når færre innbyggere enn med dagens ordning: " + " og ".join(parts) + " (dagens "
        "rekkevidde er en antakelse: at hvert brannvesen har vakt fra hovedstasjonen)."
    )


def paragraphs(ranking: analysis.Ranking, comparison: analysis.Comparison, settings: Settings) -> list[str]:
    """The recommendation as paragraphs: which alternative the study recommends and who chose
    it, what it costs (the same figures as the tables), the switching values, the steering
    group's judgement, what it buys, what must be cut, the risk, the secondary ranking and what
    would change it, and how sure it is."""
    t = ranking.table.set_index("alternativ")
    chosen = _chosen_id(settings, ranking)
    row = t.loc[chosen]
    option = next(o for o in comparison.options if o["id"] == chosen)
    years = comparison.priced[chosen].region.index
    period = settings.analyseperiode
    who = package.who_chose(settings)
    if settings.alternativ is not None and ranking.first != chosen:
        who += f"; analysen rangerer «{t.loc[ranking.first, 'navn']}» først"
    if chosen == options.ZERO:
        lead = f"Studien anbefaler dagens ordning ({who}): ingen samarbeidsform er anbefalt."
    else:
        lead = (
            f"Studien anbefaler alternativ {chosen} «{row['navn']}» ({who}). Organisering: "
            f"{display.form_name(row['form'])}; vertskap: {option['vertskap']}. Kostnad per år mot dagens "
            "ordning, "
            f"i snitt over analyseperioden på {period} år (nåverdien fordelt på årene): "
            f"{display.signed_amount(row['per_aar_kr'])} "
            f"(spenn {fmt.kroner_span(row['per_aar_lav_kr'], row['per_aar_hoy_kr'])}; "
            f"{ranges.sign_text(row['per_aar_lav_kr'], row['per_aar_hoy_kr'])}). Netto for regionen i "
            f"{years[-1]}, når gevinstene er realisert som forutsatt: "
            f"{display.signed_amount(row['siste_aar_kr'])}."
        )
    switching = " ".join(switching_sentences(ranking, chosen))
    judgement = (
        f"Styringsgruppens samlede vurdering av de ikke-prissatte virkningene: {settings.vurdering}"
        if settings.vurdering
        else "Styringsgruppen har ennå ikke skrevet sin samlede vurdering av de ikke-prissatte virkningene."
    )
    found = comparison.effects[chosen]
    buys = (
        f"Det gir {int(row['vaktordninger'])} vaktordning(er) for overordnet vakt, "
        f"{int(row['vaktordninger_svake'])} "
        f"med færre enn {budget.ROTA_LEADERS:g} ledere (i dag {found.weak_today} av {found.rotas_today}); "
        "overordnet vakt når "
        f"{fmt.percent(row['ov_30_min'])} av innbyggerne innen {REACH_LIMITS[0]} minutter og "
        f"{fmt.percent(row['ov_60_min'])} innen {REACH_LIMITS[1]}; {int(row['krav_endret'])} vurderinger "
        "av R9–R13 endres."
    )
    if warning := reach_warning(comparison, chosen):
        buys += " " + warning
    buys = " ".join([buys, *found.notes])
    cuts = ""
    if chosen != options.ZERO:
        freed = (
            f"Nettotallet forutsetter at {fmt.number(row['arsverk_frigjort'], 1)} lokale årsverk "
            "frigjøres, "
            f"innfaset {'/'.join(fmt.percent(v, 0) for v in settings.realisering)}."
            if row["arsverk_frigjort"] > 0
            else "Alternativet frigjør ingen lokale årsverk."
        )
        cuts = (
            f"{freed} Blir ingenting kuttet lokalt, er netto "
            f"{display.signed_amount(row['uten_kutt_siste_aar_kr'])} i {years[-1]}."
        )
        if pd.notna(row["arsverk_balanse"]):
            needed = fmt.number(row["arsverk_balanse"], 1)
            cuts += f" For å gå i null må om lag {needed} lokale årsverk frigjøres."
    risk = (
        "Gjennomføringsrisiko (−4 til +4, regnes som usikkerhet og er ikke med i poengsummen): "
        + ", ".join(f"{i} {display.plus_minus(t.loc[i, 'ip_' + options.RISK_CRITERION])}" for i in t.index)
        + ". Usikkerheten i kostnadene står i spennene."
    )
    method = (
        "Som en sekundær visning rangeres alternativene med "
        f"{fmt.kroner(settings.kr_per_poeng)} per poeng og år som styringsgruppens betalingsvilje "
        f"(poengene er summen av {len(options.EFFECT_CRITERIA)} kriterier med vekt 1), "
        f"over en analyseperiode på {period} år med {fmt.percent(settings.kalkulasjonsrente)} "
        "kalkulasjonsrente (Finansdepartementets rundskriv R-109; ikke kontrollert mot gjeldende tekst). "
        f"Verdien per år (betalingsvilje × poeng − kostnad per år) er for {chosen} "
        f"{display.signed_amount(row['verdi_kr'])}."
    )
    sure = (
        "Rangeringen hviler på estimater: dagens kostnad og bemanning er estimater, budsjettpostene er "
        "antakelser, og de ikke-prissatte virkningene er utkast til arbeidsgruppene skal vurdere dem."
        if comparison.estimated
        else "Rangeringen bygger på brannvesenenes egne tall."
    )
    return [
        p
        for p in (
            lead,
            switching,
            judgement,
            buys,
            cuts,
            risk,
            method,
            "Hva som endrer rekkefølgen: " + " ".join(ranking.flips),
            sure,
        )
        if p
    ]


def method_paragraphs(settings: Settings, comparison: analysis.Comparison) -> list[str]:
    """How the alternatives are compared, with its public sources."""
    years = comparison.priced[comparison.options[0]["id"]].region.index
    return [
        "Alternativene er sammenlignet slik DFØs veileder i samfunnsøkonomiske analyser beskriver: hvert "
        "alternativ måles mot nullalternativet, som er dagens brannvesen med avtalene de har i dag og "
        "dagens kostnad framskrevet med pris- og lønnsveksten. Prissatte virkninger er netto endring mot i "
        f"dag for regionen {years[0]}–{years[-1]}, med spenn fra antakelsenes lave og høye verdi; "
        f"nåverdien er regnet i første års priser med {fmt.percent(settings.kalkulasjonsrente)} "
        "kalkulasjonsrente (Finansdepartementets rundskriv R-109). Rangeringen teller en analyseperiode på "
        f"{settings.analyseperiode} år, ikke bare økonomiplanens fire: etter planårene føres siste planårs "
        "netto videre i faste priser (gevinstene så langt realiseringen har kommet). Investeringer regnes "
        "som årlig annuitet, så perioden bærer bare sine egne år og har ingen restverdi. Budsjettet og "
        "vedleggene til kommunestyrene følger økonomiplanens år.",
        "Lokale årsverk som felles poster frigjør, tas ut gradvis ("
        + " / ".join(fmt.percent(v, 0) for v in settings.realisering)
        + " av dem per år); brannvesenenes egne vaktordninger for overordnet vakt faller bort fra start der "
        f"en sone i alternativet når fram innen {DUTY_OFFICER_LIMIT_MIN} minutter (en antakelse); "
        "der ingen sone når fram, beholder brannvesenet sin egen vakt og kostnaden. "
        "«Uten lokale kutt» viser netto endring om ingen lokale årsverk tas ut.",
        "Ikke-prissatte virkninger er vurdert med pluss-minus-metoden (−4 til +4 mot nullalternativet) for "
        "tjenestekvalitet, robusthet, kompetanse og lokal forankring (vekt 1 hver), og vist side om side med "
        "de prissatte. De legges fram først som byttepunkter: hvor mye et alternativs ikke-prissatte "
        "virkninger må være verdt per år for at det skal foretrekkes. Gjennomføringsrisiko er usikkerhet, "
        "ikke en virkning: den vises, men telles ikke med i poengsummen. Som en sekundær visning "
        f"verdsettes ett poeng til {fmt.kroner(settings.kr_per_poeng)} per år, og rangeringen sier hvor "
        "rekkefølgen snur.",
    ]
