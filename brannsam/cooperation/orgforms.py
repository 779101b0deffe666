"""Comparing the legal forms of cooperation (kommuneloven, IKS-loven, brannloven § 9) against
criteria the steering group weights. The starting scores are Brannsam's own judgement from the
pros and cons in Regjeringens veileder om interkommunalt samarbeid (2023), not a source: the page
says so and lets the group change them."""

from __future__ import annotations

import pandas as pd

from brannsam import scoring

CRITERIA = {
    "styring": "Styring og kontroll",
    "kostnad": "Lave etablerings- og driftskostnader",
    "fleksibilitet": "Fleksibilitet (inn/ut, endringer)",
    "juridisk": "Juridisk trygghet (myndighetsutøvelse)",
    "forankring": "Lokal forankring",
}
# Brannsam's judgement, 1–5 (5 best), from the same guide; the political council cannot run services.
STARTING_SCORES = {
    "avtale": {"styring": 2, "kostnad": 5, "fleksibilitet": 5, "juridisk": 3, "forankring": 5},
    # cannot make enkeltvedtak (kommuneloven § 19-1), so it cannot hold the service's authority
    "oppgavefellesskap": {"styring": 3, "kostnad": 4, "fleksibilitet": 4, "juridisk": 1, "forankring": 4},
    "vertskommune": {"styring": 3, "kostnad": 4, "fleksibilitet": 3, "juridisk": 5, "forankring": 3},
    "iks": {"styring": 4, "kostnad": 3, "fleksibilitet": 3, "juridisk": 4, "forankring": 2},
    "felles_brannvesen": {"styring": 4, "kostnad": 2, "fleksibilitet": 2, "juridisk": 4, "forankring": 1},
}
NOT_FOR_SERVICES = {
    "politisk_rad": "Et interkommunalt politisk råd kan ikke drive et brannvesen (kommuneloven kap. 18)."
}
SCORE_NOTE = (
    "Startskårene er Brannsams skjønn ut fra fordeler og ulemper i domenenotatet (§ 2), ikke en kilde. "
    "Juster dem i tabellen."
)
UNCONFIRMED = "ikke bekreftet"
WORDS = scoring.Vocabulary(unknown="Ukjent kriterium", at_least_one="ett kriterium")


def starting_table(forms: pd.DataFrame) -> pd.DataFrame:
    """Forms that can run services × criteria, with the starting scores."""
    rows = forms[forms["form_id"].isin(list(STARTING_SCORES))]
    table = pd.DataFrame([STARTING_SCORES[f] for f in rows["form_id"]], index=rows["form_id"])
    return table[list(CRITERIA)].astype(float)


def ranking(scores: pd.DataFrame, weights: dict[str, float], names: dict[str, str]) -> pd.DataFrame:
    """Forms by weighted score. All-zero weights count as equal weights, so the table the group
    edits never goes blank."""
    share = scoring.shares(weights, CRITERIA, WORDS, complete=True, zero_means_equal=True)
    parts = scoring.weighted(scores.clip(1, 5), share)
    return scoring.ranked(parts, [names[i] for i in scores.index], label="navn", score="poeng")


def facts(forms: pd.DataFrame) -> pd.DataFrame:
    """The legal forms with Norwegian headers; fields no source confirms are tagged."""
    out = forms.copy()
    for _, row in out.iterrows():
        flagged = row["ubekreftet"].split(";") if isinstance(row["ubekreftet"], str) else []
        for field in filter(None, (f.strip() for f in flagged)):
            out.loc[out["form_id"] == row["form_id"], field] = f"{row[field]} ({UNCONFIRMED})"
    return out.rename(
        columns={
            "navn": "Form",
            "lovgrunnlag": "Lovgrunnlag",
            "styring": "Styring",
            "arbeidsgiver": "Arbeidsgiver",
            "kostnadsdeling": "Kostnadsdeling",
            "begrensninger": "Begrensninger",
            "fordeler": "Fordeler",
            "ulemper": "Ulemper",
        }
    ).drop(columns=["form_id", "ubekreftet"])


def fit(areas: pd.DataFrame, top: list[str], form_names: dict[str, str]) -> pd.DataFrame:
    """For the given areas: which forms suit them and why (from the area catalogue)."""
    chosen = areas.set_index("omrade_id").loc[top]
    return pd.DataFrame(
        {
            "Samarbeidsområde": chosen["navn"],
            "Egnede former": chosen["egnede_former"].map(
                lambda s: ", ".join(form_names.get(f, f) for f in s.split(";"))
            ),
            "Hvorfor": chosen["begrunnelse"],
        }
    ).reset_index(drop=True)


# Forms in which staff shared by the members have one employer (organisasjonsformer.csv,
# «arbeidsgiver»): the host municipality, the company, or the merged service. An agreement leaves
# each municipality its own staff, so it cannot carry a budget with shared årsverk.
SHARED_EMPLOYER = ("vertskommune", "iks", "felles_brannvesen")


def fitting(ranking: pd.DataFrame, names: dict[str, str], shared_staff: bool) -> tuple[str, str]:
    """The best-ranked form that can carry the budget, and why: with shared årsverk, only a form
    with a shared employer will do."""
    ids = {name: form_id for form_id, name in names.items()}
    for name in ranking["navn"]:
        if not shared_staff or ids.get(name) in SHARED_EMPLOYER:
            reason = (
                "budsjettet har felles årsverk, og de ansatte trenger én arbeidsgiver"
                if shared_staff
                else "budsjettet har ingen felles årsverk"
            )
            return name, reason
    raise ValueError("Ingen organisasjonsform passer budsjettet.")
