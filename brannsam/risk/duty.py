"""The duty arrangement the regulation asks of a settlement, decided in one place.

R5 sets the arrangement by the settlement's size (`terskel` 3000;8000;20000 in regler.csv) and R6
the number of crews in the largest (100000). The thresholds are read from the rules once
(`DutyRules.from_rules`); the regulation check, the staffing model, the risk indicators and the
funding driver all ask this engine, so correcting a threshold in regler.csv moves them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from brannsam import formatting as fmt

# The classes of R5, from the smallest settlement to the largest.
PART_TIME, ROTATING, DAYTIME, AROUND_THE_CLOCK = 1, 2, 3, 4
NAMES = {
    PART_TIME: "deltid uten fast vakt",
    ROTATING: "deltid med dreiende vakt",
    DAYTIME: "heltid, kasernert i ordinær arbeidstid",
    AROUND_THE_CLOCK: "heltid, kasernert døgnet rundt",
}


def limits(text: object) -> tuple[float, ...]:
    """A rule's `terskel` as numbers: `3000;8000;20000` -> (3000.0, 8000.0, 20000.0)."""
    if not isinstance(text, str) or not text.strip():
        return ()
    return tuple(float(part) for part in text.split(";"))


@dataclass(frozen=True)
class DutyRules:
    rotating_from: float  # R5: rotating part-time duty from this size
    daytime_above: float  # R5: a crew on station by day above this size
    around_the_clock_above: float  # R5: a crew around the clock above this size
    many_crews_above: float  # R6: three crews above this size

    @classmethod
    def from_rules(cls, rules: pd.DataFrame) -> DutyRules:
        """From the rules table (columns regel_id, terskel), as the build stores regler.csv."""
        by_id = rules.set_index("regel_id")["terskel"]
        first, second, third = limits(by_id["R5"])
        return cls(first, second, third, limits(by_id["R6"])[0])

    @classmethod
    def from_file(cls, directory: Path) -> DutyRules:
        """From regler.csv in a source folder (the estimates are made before any database)."""
        return cls.from_rules(pd.read_csv(directory / "regler.csv", dtype=str))

    def duty_class(self, inhabitants: float) -> int:
        """R5's class: below 3 000 | 3 000–8 000 | over 8 000–20 000 | over 20 000."""
        if inhabitants < self.rotating_from:
            return PART_TIME
        if inhabitants <= self.daytime_above:
            return ROTATING
        if inhabitants <= self.around_the_clock_above:
            return DAYTIME
        return AROUND_THE_CLOCK

    def crews(self, inhabitants: float) -> int:
        """Crews on station around the clock that R5 and R6 ask for."""
        if inhabitants > self.many_crews_above:
            return 3
        return 1 if self.duty_class(inhabitants) == AROUND_THE_CLOCK else 0

    def thresholds(self) -> tuple[float, float, float]:
        return self.rotating_from, self.daytime_above, self.around_the_clock_above

    def describe(self) -> str:
        """The classes in words, for notes and labels."""
        a, b, c = (fmt.plain(v) for v in self.thresholds())
        return (
            f"dreiende deltidsvakt fra {a} innbyggere, dagkasernert over {b}, døgnkasernert over {c}; "
            f"tre vaktlag over {fmt.plain(self.many_crews_above)}"
        )


def judged_sizes(settlements: pd.DataFrame) -> pd.Series:
    """The sizes a threshold may be judged on: a guessed size (`innbyggere_estimert`) counts as
    none, so a guess never moves a settlement into a higher class of R5 or R6, the staffing it
    asks for or what a municipality pays for beredskap."""
    sizes = settlements["innbyggere"].astype(float)
    if "innbyggere_estimert" not in settlements:
        return sizes
    return sizes.where(~settlements["innbyggere_estimert"].fillna(False).astype(bool))


def classes(settlements: pd.DataFrame, rules: DutyRules) -> pd.Series:
    """R5's class for each settlement (a missing or guessed size counts as none)."""
    return judged_sizes(settlements).fillna(0).map(rules.duty_class)


def guesses_that_matter(settlements: pd.DataFrame, rules: DutyRules) -> pd.DataFrame:
    """The guessed settlements whose guessed size would put them in a higher R5 class if a source
    confirmed it: what the guess would change (columns navn, kommunenummer, innbyggere, krav)."""
    guessed = settlements[settlements["innbyggere_estimert"].fillna(False).astype(bool)]
    would = guessed["innbyggere"].fillna(0).map(rules.duty_class)
    hit = guessed[would > PART_TIME]
    return pd.DataFrame(
        {
            "navn": hit["navn"].to_numpy(),
            "kommunenummer": hit["kommunenummer"].to_numpy(),
            "innbyggere": hit["innbyggere"].to_numpy(),
            "krav": would[would > PART_TIME].map(NAMES).to_numpy(),
        }
    )
