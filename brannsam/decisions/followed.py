"""What the registered decisions mean for the cooperation: who is in, whether the membership
condition holds, each member's contribution recomputed for those members against the ceiling
its council adopted, and where the host stands.

The «Vedtatt» scenario's members: until the deadline, every municipality that has not said no
(those still to decide are counted in, and the page says so); after it, only those that said
yes. The share against the condition counts only the yeses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from brannsam import formatting as fmt
from brannsam.decisions import register
from brannsam.funding import calendar, consequences, membership, options
from brannsam.funding.settings import Settings

HEADER = [
    "kommunenummer",
    "kommune",
    "status",
    "dato",
    "sak",
    "tak_kr",
    "bidrag_kr",
    "over_tak",
    "vilkar",
    "merknad",
]
AGAIN = "må behandles på nytt"


@dataclass(frozen=True)
class Followed:
    table: pd.DataFrame  # HEADER, one row per municipality
    decided: membership.Condition  # the yeses' share against the condition
    possible: float  # the share if every municipality still to decide says yes (0 after the deadline)
    deadline_passed: bool
    host: str  # where the host stands, in a sentence
    settings: Settings  # the «Vedtatt» scenario: the package with the members as decided
    year: int  # the year the ceilings apply to (the first plan year)

    @property
    def over(self) -> int:
        return int(self.table["over_tak"].fillna(False).astype(bool).sum())

    def summary(self) -> str:
        """One paragraph: the share, the condition, the ceilings exceeded and the host."""
        counts = self.table["status"].value_counts()
        told = ", ".join(f"{int(counts.get(s, 0))} {s}" for s in register.STATUSES)
        text = f"Registrert: {told}. {self.decided.text()}"
        counted = (
            "bare kommunene som har sagt ja (fristen er ute)"
            if self.deadline_passed
            else "alle kommunene som ikke har sagt nei (fram til fristen regnes de som ennå ikke har "
            "vedtatt, som med)"
        )
        text += f" Bidragene {self.year} er regnet med {counted}."
        if not self.decided.met and not self.deadline_passed:
            text += (
                f" Sier alle som ikke har behandlet saken ja, blir andelen {fmt.percent(self.possible, 1)}."
            )
        if self.over:
            text += (
                f" {fmt.count(self.over, 'kommune', 'kommuner')} får et bidrag over taket sitt vedtak satte "
                f"og {AGAIN}."
            )
        return f"{text} {self.host}"


def _members(decisions: pd.DataFrame, passed: bool) -> list[str]:
    """The municipalities left out of the «Vedtatt» scenario."""
    status = decisions.set_index("kommunenummer")["status"]
    out = status != "ja" if passed else status == "nei"
    return sorted(status.index[out])


def _host_text(option: dict, kommuner: pd.DataFrame, decisions: pd.DataFrame) -> str:
    host = options.host_municipality(option, kommuner)
    if host is None:
        return f"Alternativ {option['id']} har ingen vertskommune ({options.FORMS[option['form']]})."
    row = decisions.set_index("kommunenummer").loc[host]
    name = row["kommune"]
    if row["status"] == "ja":
        return f"Vertskommunen {name} har sagt ja."
    if row["status"] == "nei":
        return (
            f"Den foreslåtte vertskommunen {name} har sagt nei: vertskommunen må avklares mellom dem som "
            "blir med."
        )
    return f"Den foreslåtte vertskommunen {name} har ikke vedtatt ennå ({row['status']})."


def follow(
    package_settings: Settings,
    option: dict,
    inputs: consequences.Inputs,
    decisions: pd.DataFrame,
    today: dt.date,
) -> Followed:
    """The decisions (`register.current`) against the package the councils voted on
    (`package_settings`, priced; `option` its alternative)."""
    deadline = calendar.decision_deadline(package_settings)
    passed = today > deadline
    left_out = _members(decisions, passed)
    adopted = dataclasses.replace(package_settings, uten=left_out)
    pop = inputs.kommuner.set_index("kommunenummer")["innbyggere"].astype(float)
    status = decisions.set_index("kommunenummer")["status"]
    yes = pop.reindex(status.index[status == "ja"]).sum() / pop.sum()
    pending = pop.reindex(status.index[status.isin(["utsatt", register.UNTREATED])]).sum() / pop.sum()
    decided = membership.Condition(
        float(yes), float(package_settings.medlemsvilkar), deadline, "Kommunene som har sagt ja"
    )
    year = package_settings.forste_aar
    table = decisions.copy()
    try:
        evaluated = consequences.evaluate(adopted, inputs).table
        paid = evaluated[evaluated["aar"] == year].set_index("kommunenummer")["bidrag_kr"]
    except consequences.ConsequenceError:
        paid = pd.Series(dtype="int64")  # nobody in: no contribution to compare
    table["bidrag_kr"] = table["kommunenummer"].map(paid).astype("Int64")
    over = (table["status"] == "ja") & table["tak_kr"].notna() & (table["bidrag_kr"] > table["tak_kr"])
    table["over_tak"] = over.astype("boolean").where(table["tak_kr"].notna() & (table["status"] == "ja"))
    table["merknad"] = ""
    table.loc[over.fillna(False).astype(bool), "merknad"] = AGAIN
    table.loc[table["bidrag_kr"].isna(), "merknad"] = "står utenfor"
    return Followed(
        table[HEADER],
        decided,
        0.0 if passed else float(yes + pending),
        passed,
        _host_text(option, inputs.kommuner, decisions),
        adopted,
        year,
    )


SHOWN = {k: v for k, v in register.HEADERS.items() if k in HEADER} | {
    "bidrag_kr": "Bidrag {year} (kr)",
    "over_tak": "Over taket",
    "merknad": "Merknad",
}


def shown(result: Followed) -> pd.DataFrame:
    """The table in Norwegian for the page and its Excel: amounts as numbers, the rest as text."""
    table = result.table.copy()
    table["dato"] = table["dato"].map(lambda d: f"{d:%d.%m.%Y}" if pd.notna(d) else "")
    table["over_tak"] = table["over_tak"].map({True: "ja", False: "nei"}).fillna("")
    table[["sak", "vilkar"]] = table[["sak", "vilkar"]].fillna("")
    table["tak_kr"] = table["tak_kr"].astype("Float64")
    table["bidrag_kr"] = table["bidrag_kr"].astype("Float64")
    return table.rename(columns={k: v.format(year=result.year) for k, v in SHOWN.items()})
