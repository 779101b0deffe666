"""Each fire service against the regulation's rules (data/sources/regler.csv).

The thresholds come from the rules file (`terskel`, several separated by «;»), so correcting a
threshold there and rebuilding changes the verdicts; what is Brannsam's own reading of a rule
(e.g. which settlements count as «tett bebyggelse») is a named constant in `checks`.

A verdict is «oppfylt», «ikke oppfylt» or «ukjent»; «ukjent» whenever the figure is missing or
is only an estimate, because an estimate cannot show that a service meets or breaks the law. What
the estimate suggests is still shown next to it («estimatet tilsier …»). Rules that concern the
110-central, or thresholds the service is below, say so instead.
"""

from __future__ import annotations

import pandas as pd

from brannsam.risk import duty
from brannsam.risk.checks import CHECKS, no_data
from brannsam.risk.context import Context
from brannsam.risk.verdicts import GJELDER_110, IKKE_OPPFYLT, STATUS_TEXT, UKJENT, Verdict


def assess(ctx: Context, rules: pd.DataFrame, service: str) -> pd.DataFrame:
    """One row per rule for one service."""
    rows = []
    for _, rule in rules.iterrows():
        if rule["gjelder"] == "110":
            verdict = Verdict(GJELDER_110, "Midt-Norge 110-sentral", "")
        else:
            verdict = CHECKS.get(rule["regel_id"], no_data)(ctx, service, duty.limits(rule["terskel"]))
        rows.append(
            {
                "regel_id": rule["regel_id"],
                "tittel": rule["tittel"],
                "krav": rule["krav"],
                "referanse": reference(rule["gammel_ref"], rule["ny_ref"]),
                "status": rule["status"],
                "status_tekst": STATUS_TEXT[rule["status"]],
                "tolkning": rule["tolkning"],
                "terskel_grunnlag": rule.get("terskel_grunnlag") or "",
                "vurdering": verdict.vurdering,
                "verdi": verdict.verdi,
                "kilde_tall": verdict.kilde,
                "estimatet_tilsier": verdict.estimatet_tilsier,
                "samarbeidsomrade": rule["samarbeidsomrade"],
            }
        )
    return pd.DataFrame(rows)


UNCONFIRMED_PARAGRAPH = "brann- og redningsvesenforskriften 2021: paragraf ikke bekreftet"


def reference(old: object, new: object) -> str:
    """The regulation in force first (its paragraph where confirmed, else said to be
    unconfirmed), then the repealed 2002 paragraph a carried-over number comes from."""
    given = [v.strip() if isinstance(v, str) else "" for v in (old, new)]
    parts = [given[1] or UNCONFIRMED_PARAGRAPH]
    if given[0]:
        parts.append(f"opprinnelig {given[0]}")
    return " / ".join(parts)


def assess_all(ctx: Context, rules: pd.DataFrame, services: pd.DataFrame) -> pd.DataFrame:
    """Services (rows) × rules (columns) of verdicts, for the region view."""
    table = {
        row["navn"]: assess(ctx, rules, row["brannvesen_id"]).set_index("regel_id")["vurdering"]
        for _, row in services.iterrows()
    }
    return pd.DataFrame(table).T


def gaps(assessment: pd.DataFrame) -> pd.DataFrame:
    """Rules not shown to be met that a regional function could cover."""
    open_rules = assessment[assessment["vurdering"].isin([IKKE_OPPFYLT, UKJENT])]
    return open_rules[open_rules["samarbeidsomrade"].map(lambda v: isinstance(v, str) and bool(v.strip()))]
