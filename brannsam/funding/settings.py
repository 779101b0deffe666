"""The settings of a funding scenario as one typed, frozen model, at the bottom of the funding layer.

Types and ranges are declared on the fields and checked by pydantic (`from_dict`); the library's
errors become Norwegian in one place (`_norwegian`). What a type cannot say (a budget that sums to
nothing, an alternative's zones, a deadline before the start) is checked after, by the rules of
`budget`, `options` and `calendar`. The canonical form (`canonical`) is made once per settings:
the link and the short code derive from it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import math
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, NotRequired

import annotated_types
import pandas as pd
from pydantic import BeforeValidator, Field, Strict, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from brannsam import formatting as fmt
from brannsam.data import columns
from brannsam.funding import allocation, budget, calendar, options


class ScenarioError(ValueError):
    """A scenario that cannot be saved or loaded, with the reason in Norwegian."""


# The ranges of the page's sliders: a link or a stored scenario outside them is refused.
MAX_WEIGHT = 10.0
MAX_PHASE_IN_YEARS = 10
MAX_CAP = 0.5
# Price and wage growth per year: Brannsam's assumption (compare the municipal deflator in the
# state budget), editable on the page.
GROWTH = 0.04
MAX_GROWTH = 0.15
MAX_EXTRAS = 100
MAX_LEFT_OUT = 100
MAX_KEPT = 40
# Share of the freed local årsverk realised in each plan year: posts fall vacant or move over
# time, so none of it is assumed from day one (Brannsam's assumption, editable).
REALISATION = (0.25, 0.50, 0.75, 1.00)
# The alternatives analysis' settings. They stay here, not in `alternatives/`, because the
# settings' defaults need them and the funding layer sits below the alternatives. The discount
# rate: Finansdepartementets rundskriv R-109 gives 4 % real for the first 40 years (not checked
# against the circular's current text); what the steering group would pay per year for one point
# of non-priced effect is its own judgment.
DISCOUNT_RATE = 0.04
MAX_DISCOUNT_RATE = 0.10
KR_PER_POINT = 2_000_000
MAX_KR_PER_POINT = 100_000_000
# The analysis period of the alternatives' ranking: at least ten years (a measure's lifetime, not
# only the økonomiplan's four); the budget keeps the four plan years.
ANALYSIS_YEARS = 10
ANALYSIS_YEARS_RANGE = (calendar.PLAN_YEARS, 40)
MAX_JUDGEMENT = 2_000
# The draft decision takes effect only if municipalities with at least this share of the region's
# inhabitants join (the study's proposal; the councils may set another).
MEMBERSHIP_CONDITION = 0.75


def _whole_float_as_int(value: object) -> object:
    """2028.0 is the year 2028 (JSON does not tell them apart); 2028.5 stays and is refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number_as_text(value: object) -> object:
    """A municipality number stored as a number (5001) is the text «5001»."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _text_or_empty(value: object) -> object:
    """An extra's name left empty in the editor (None, NaN) is an empty name."""
    return value if isinstance(value, str) else ""


Number = Annotated[float, Strict()]
Whole = Annotated[int, BeforeValidator(_whole_float_as_int), Strict()]
Share = Annotated[float, Strict(), Field(ge=0, le=1, allow_inf_nan=False)]
Weight = Annotated[float, Strict(), Field(ge=0, le=MAX_WEIGHT, allow_inf_nan=False)]
MunicipalityNumber = Annotated[str, BeforeValidator(_number_as_text), Field(pattern=r"^\d{4}$")]
ServiceId = Annotated[str, Field(pattern=r"^[a-z0-9-]{1,80}$")]
ShortId = Annotated[str, Field(max_length=10)]
Option = dict[str, Any]  # an alternative as `options` describes and checks it


class BudgetLine(TypedDict):
    """One line of the priced package (`budget.COLUMNS`); a missing number is refused by
    `budget.validate` with the line's name, so None and NaN pass the type."""

    post: str | None
    blokk: str | None
    arsverk: Number | None
    kr_per_arsverk: Number | None
    drift_kr: Number | None
    investering_kr: Number | None
    levetid_aar: Number | None
    rente: Number | None
    besparelse_kr: Number | None
    erstatter: NotRequired[str | None]
    erstatter_mengde: NotRequired[Number | None]
    folger_medlemmer: NotRequired[bool | None]


class OneOff(TypedDict):
    """A one-off transition cost, dated (`budget.ONE_OFF_COLUMNS`)."""

    post: str | None
    blokk: str | None
    aar: Whole
    belop_kr: Number


class LocalExtra(TypedDict):
    """What one municipality pays alone on top of its share."""

    kommunenummer: MunicipalityNumber
    post: NotRequired[Annotated[str, BeforeValidator(_text_or_empty)]]
    belop_kr: Annotated[float, Strict(), Field(ge=0, le=budget.LIMITS["drift_kr"], allow_inf_nan=False)]


def _default_keys() -> dict[str, dict[str, float]]:
    return {block: dict(key) for block, key in allocation.DEFAULT_KEYS.items()}


@dataclass(frozen=True)
class Settings:
    """A scenario as the user sets it. The package it prices is always one of the alternatives:
    `alternativ` names the steering group's recommendation (None: the one the analysis ranks
    first), and `options.settings_for` fills `budsjett`, `engang` and `valgt` with that
    alternative's lines when it is priced. Unpriced settings have no lines (`lines()` refuses),
    so nothing prices a package that is not on the alternatives page. Frozen: a change is a new
    `dataclasses.replace`, so the canonical form cached on an instance stays true."""

    # the priced alternative's lines (None: not priced yet)
    budsjett: Annotated[list[BudgetLine], Field(max_length=budget.MAX_LINES)] | None = None
    nokler: dict[str, dict[str, Weight]] = field(default_factory=_default_keys)
    forste_aar: Annotated[Whole, Field(ge=calendar.FIRST_YEARS[0], le=calendar.FIRST_YEARS[1])] = field(
        default_factory=calendar.default_first_year
    )
    vekst: Annotated[Number, Field(ge=0, le=MAX_GROWTH, allow_inf_nan=False)] = GROWTH
    # the priced alternative's one-offs, dated (None: not priced yet)
    engang: Annotated[list[OneOff], Field(max_length=budget.MAX_LINES)] | None = None
    tilvalg: Annotated[list[LocalExtra], Field(max_length=MAX_EXTRAS)] = field(default_factory=list)
    innfasing_aar: Annotated[Whole, Field(ge=1, le=MAX_PHASE_IN_YEARS)] = 3
    innfasing_tak: Annotated[Number, Field(ge=0, le=MAX_CAP, allow_inf_nan=False)] = 0.10
    # municipalities that do not join
    uten: Annotated[list[MunicipalityNumber], Field(max_length=MAX_LEFT_OUT)] = field(default_factory=list)
    realisering: Annotated[
        list[Share], Field(min_length=calendar.PLAN_YEARS, max_length=calendar.PLAN_YEARS)
    ] = field(default_factory=lambda: list(REALISATION))
    # None: the study's alternatives as the source files give them (each checked by `options`)
    alternativer: Annotated[list[Option], Field(min_length=1, max_length=options.MAX_OPTIONS)] | None = None
    kalkulasjonsrente: Annotated[Number, Field(ge=0, le=MAX_DISCOUNT_RATE, allow_inf_nan=False)] = (
        DISCOUNT_RATE
    )
    kr_per_poeng: Annotated[Number, Field(ge=0, le=MAX_KR_PER_POINT, allow_inf_nan=False)] = KR_PER_POINT
    alternativ: ShortId | None = None  # the steering group's recommendation (None: the analysis' first)
    # the month of the first plan year the cooperation starts (1 = 1 January)
    oppstart_maaned: Annotated[Whole, Field(ge=1, le=12)] = 1
    medlemsvilkar: Annotated[Number, Field(ge=0, le=1, allow_inf_nan=False)] = MEMBERSHIP_CONDITION
    # years the alternatives' ranking counts
    analyseperiode: Annotated[Whole, Field(ge=ANALYSIS_YEARS_RANGE[0], le=ANALYSIS_YEARS_RANGE[1])] = (
        ANALYSIS_YEARS
    )
    vurdering: str = ""  # the steering group's own overall judgement of the alternatives
    valgt: ShortId | None = None  # the alternative whose lines `budsjett` holds (set when priced)
    # ISO date the councils must decide by (None: `calendar.decision_deadline`)
    vedtaksfrist: str | None = None
    # a shared service when an owner stays out (`avoided.SHARED_RULES`)
    delt_tjeneste: Literal["fortsetter", "oppgjor"] = "fortsetter"
    # Services that keep their own duty-officer rota under the priced alternative (no zone base
    # reaches them in time), so their rota is not avoided; set with `budsjett` when priced.
    egen_vakt: Annotated[list[ServiceId], Field(max_length=MAX_KEPT)] = field(default_factory=list)

    def lines(self) -> pd.DataFrame:
        if self.budsjett is None:
            raise ScenarioError("Oppsettet er ikke priset: velg et alternativ først.")
        return budget.with_defaults(pd.DataFrame(self.budsjett, columns=list(budget.COLUMNS)))

    @property
    def legacy(self) -> bool:
        """Lines from an older link or scenario that named no alternative: kept as its own package."""
        return self.budsjett is not None and self.valgt is None

    def with_first_year(self, year: int) -> Settings:
        """The same plan moved to start in `year`: dated one-off costs move with it, so none falls
        outside the plan years (an alternative's own are dated from the start)."""
        shift = int(year) - self.forste_aar
        moved = (
            None
            if self.engang is None
            else [
                OneOff(post=r["post"], blokk=r["blokk"], aar=int(r["aar"]) + shift, belop_kr=r["belop_kr"])
                for r in self.engang
            ]
        )
        deadline = self.vedtaksfrist
        if deadline is not None:
            old = dt.date.fromisoformat(deadline)
            day = min(old.day, 28 if old.month == 2 else 31)
            deadline = old.replace(year=old.year + shift, day=day).isoformat()
        return dataclasses.replace(self, forste_aar=int(year), engang=moved, vedtaksfrist=deadline)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @functools.cached_property
    def canonical(self) -> str:
        """The settings as one JSON text, keys sorted: what the link packs and the short code
        hashes. Made once per settings (they are frozen), through the declared types, so settings
        made in code (a whole number where a float belongs) read as the same settings loaded."""
        typed = json.loads(_ADAPTER.dump_json(self, warnings=False))
        return json.dumps(typed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: object, checked: Settings | None = None) -> Settings:
        """Checked settings from a link or the database: what is missing takes its default
        (older scenarios), anything out of range or of the wrong type is refused in Norwegian.
        The budget, one-offs, extras and alternatives `data` repeats unchanged from `checked`
        (settings already checked) are not checked by their rules again: a slider move changes
        one number of many."""
        if not isinstance(data, dict):
            raise ScenarioError("Oppsettet er ikke et gyldig scenario.")
        try:
            typed = _ADAPTER.validate_python(data)
        except ValidationError as err:
            raise ScenarioError("Oppsettet kan ikke brukes: " + " ".join(_norwegian(err, data)[:5])) from None
        return _checked(typed, checked)


_ADAPTER = TypeAdapter(Settings)


def _checked(typed: Settings, checked: Settings | None) -> Settings:
    """`typed` (types and ranges held) after the rules a type cannot state."""
    problems: list[str] = []

    def unchanged(name: str) -> bool:
        return checked is not None and getattr(typed, name) == getattr(checked, name)

    for name, what in (("valgt", "Alternativet som er priset"), ("alternativ", "Alternativet")):
        value = getattr(typed, name)
        if value is not None and columns.text_problem(value, 10):
            problems.append(f"{what} må være et kort kjennetegn som «B».")
    lines: list[BudgetLine] | None = typed.budsjett
    if lines is None or unchanged("budsjett"):
        pass
    elif typed.valgt == options.ZERO and lines == []:
        pass  # the zero alternative priced: nothing shared, nothing to check
    else:
        problems += budget.validate(budget.with_defaults(pd.DataFrame(lines, columns=list(budget.COLUMNS))))
        if typed.valgt is None and budget.is_legacy_default(lines):
            lines = None  # the package older versions priced by default: the recommendation now
    one_offs: list[OneOff] | None
    if lines is None:
        one_offs = None  # unpriced: the alternative's own one-offs are dated when it is priced
    elif typed.engang is None:  # an older scenario: the one-offs it had by default
        one_offs = typing.cast(list[OneOff], budget.legacy_one_offs(typed.forste_aar))
    else:
        one_offs = typed.engang
        if not (unchanged("engang") and unchanged("forste_aar")):
            problems += budget.validate_one_offs(one_offs)
    if len(set(typed.uten)) != len(typed.uten):
        problems.append("Kommunene som står utenfor må være en liste med ulike kommunenumre.")
    if typed.alternativer is not None and not unchanged("alternativer"):
        ids = [o.get("id") for o in typed.alternativer]
        if len(set(ids)) != len(ids):
            problems.append("To alternativer har samme kjennetegn.")
        for option in typed.alternativer:
            problems += options.validate(option)
    deadline = calendar.checked_deadline(
        typed.vedtaksfrist, typed.forste_aar, typed.oppstart_maaned, problems
    )
    if problem := _text_lines_problem(typed.vurdering, MAX_JUDGEMENT):
        problems.append(f"Styringsgruppens vurdering {problem}.")
    if problems:
        raise ScenarioError("Oppsettet kan ikke brukes: " + " ".join(problems[:5]))
    keys = {
        block: {driver: weight for driver, weight in key.items() if driver in allocation.DRIVERS}
        for block, key in typed.nokler.items()
        if block == "alle" or block in budget.BLOCKS
    }
    return dataclasses.replace(
        typed,
        budsjett=lines,
        nokler=keys if "alle" in keys else _default_keys(),
        engang=one_offs,
        uten=sorted(typed.uten),
        vurdering=typed.vurdering.strip(),
        valgt=typed.valgt if lines is not None else None,
        vedtaksfrist=deadline,
        egen_vakt=sorted(set(typed.egen_vakt)) if lines is not None else [],
    )


def _text_lines_problem(text: str, limit: int) -> str | None:
    """`columns.text_problem` for a text of several lines (line breaks are allowed, nothing else
    unseen is)."""
    if len(text) > limit:
        return f"er {len(text)} tegn, høyst {limit} er tillatt"
    return next((p for line in text.splitlines() if (p := columns.text_problem(line, limit))), None)


# What each field is called on the page, and what a whole number in it is («et årstall»).
LABELS = {
    "forste_aar": ("Første budsjettår", "et årstall"),
    "vekst": ("Pris- og lønnsvekst", ""),
    "innfasing_aar": ("Innfasing (år)", "et helt antall år"),
    "innfasing_tak": ("Maks endring per år", ""),
    "kalkulasjonsrente": ("Kalkulasjonsrente", ""),
    "kr_per_poeng": ("Kroner per poeng", ""),
    "oppstart_maaned": ("Oppstartsmåned", "en måned"),
    "medlemsvilkar": ("Medlemsvilkår", ""),
    "analyseperiode": ("Analyseperiode (år)", "et helt antall år"),
}
# What a value of the wrong shape in each field should have been.
SHAPES = {
    "budsjett": "Budsjettet må være en liste med budsjettposter.",
    "nokler": "Fordelingsnøklene må være vekter per blokk.",
    "engang": "Engangskostnadene må være en liste.",
    "tilvalg": "Tilvalgene må være en liste med kommune og beløp.",
    "uten": "Kommunene som står utenfor må være en liste med ulike kommunenumre.",
    "realisering": f"Gevinstrealiseringen må ha én andel for hvert av de {calendar.PLAN_YEARS} årene.",
    "alternativer": f"Alternativene må være en liste med 1–{options.MAX_OPTIONS} alternativer.",
    "egen_vakt": "Brannvesenene som beholder egen overordnet vakt, må være en liste med kjennetegn.",
    "valgt": "Alternativet som er priset, må være et kort kjennetegn som «B».",
    "alternativ": "Alternativet må være et kort kjennetegn som «B».",
    "delt_tjeneste": "Regelen for delte brannvesen må være «fortsetter» eller «oppgjor».",
    "vurdering": "Styringsgruppens vurdering må være tekst.",
    "vedtaksfrist": "Fristen for vedtak må være en dato som 2027-06-30.",
}
_NUMBER_ERRORS = {"float_type", "int_type", "finite_number", "int_from_float", "float_parsing", "int_parsing"}
_RANGE_ERRORS = {"greater_than_equal", "less_than_equal"}


def _bounds(name: str) -> tuple[float, float]:
    """The range a top-level number field declares (its `Field(ge=…, le=…)`)."""
    low, high = -math.inf, math.inf
    for item in _HINTS[name].__metadata__:
        for bound in getattr(item, "metadata", [item]):
            if isinstance(bound, annotated_types.Ge):
                low = float(bound.ge)  # type: ignore[arg-type]
            elif isinstance(bound, annotated_types.Le):
                high = float(bound.le)  # type: ignore[arg-type]
    return low, high


_HINTS = typing.get_type_hints(Settings, include_extras=True)


def _shown(value: float, years: bool) -> str:
    """A number in a message as a Norwegian reader writes it: `100 000 001`, `2040,5`, `2040`."""
    return fmt.plain(value).replace("\u00a0", "") if years else fmt.plain(value)


def _is_real(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _number_problem(what: str, value: object, bounds: tuple[float, float], kind: str = "") -> str:
    """A number that is not one, outside its range, or not whole where it must be."""
    years = kind == "et årstall"
    if not _is_real(value):
        return f"{what}: «{str(value)[:20]}» er ikke et tall."
    number = float(value)  # type: ignore[arg-type]
    low, high = bounds
    if not low <= number <= high:
        return f"{what}: {_shown(number, years)} er utenfor {_shown(low, years)}–{_shown(high, years)}."
    return f"{what}: {_shown(number, years)} er ikke {kind or 'et tall'}."


def _row_name(data: dict, name: str, index: int) -> str:
    """A budget line or one-off as its message names it: its name, else its row."""
    rows = data.get(name)
    row = rows[index] if isinstance(rows, list) and index < len(rows) else None
    post = row.get("post") if isinstance(row, dict) else None
    return fmt.visible(post[:40]) if isinstance(post, str) and post.strip() else f"rad {index + 1}"


def _one(error: Any, data: dict) -> str:
    """One pydantic error as the page says it."""
    loc, kind, value = error["loc"], error["type"], error["input"]
    name = str(loc[0]) if loc else ""
    if name in LABELS and len(loc) == 1 and (kind in _NUMBER_ERRORS or kind in _RANGE_ERRORS):
        label, whole = LABELS[name]
        return _number_problem(label, value, _bounds(name), whole)
    if name == "nokler" and len(loc) == 3 and kind in _NUMBER_ERRORS | _RANGE_ERRORS:
        what = f"Vekt «{allocation.DRIVERS.get(str(loc[2]), loc[2])}»"
        return _number_problem(what, value, (0, MAX_WEIGHT))
    if name == "realisering" and len(loc) == 2:
        return _number_problem("Gevinstrealisering", value, (0, 1))
    if name == "tilvalg" and len(loc) == 3 and loc[2] == "belop_kr":
        return _number_problem("Tilvalg (kr)", value, (0, budget.LIMITS["drift_kr"]))
    if name == "tilvalg" and len(loc) >= 2:
        return "Et tilvalg mangler gyldig kommunenummer."
    if name in ("budsjett", "engang") and len(loc) == 3 and isinstance(loc[1], int):
        row = _row_name(data, name, loc[1])
        heading = budget.COLUMNS if name == "budsjett" else budget.ONE_OFF_COLUMNS
        column = heading.get(str(loc[2]), str(loc[2]))
        lead = row if name == "budsjett" else f"Engangskostnad {row}"
        if kind == "missing":
            return f"{lead}: «{column}» mangler."
        return f"{lead}: «{column}» er ikke {'et tall' if kind in _NUMBER_ERRORS else 'gyldig'}."
    return SHAPES.get(name, "Oppsettet er ikke et gyldig scenario.")


def _norwegian(err: ValidationError, data: dict) -> list[str]:
    """The library's errors as the page says them, each once, in the fields' order."""
    said: list[str] = []
    for error in err.errors():
        if (text := _one(error, data)) not in said:
            said.append(text)
    return said
