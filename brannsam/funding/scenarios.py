"""Funding scenarios: the settings of the funding page as plain data, stored in DuckDB by name,
and packed into one URL parameter so that a copied link reproduces them on another laptop."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
import math
import re
import zlib
from dataclasses import asdict, dataclass, field

import pandas as pd

from brannsam import formatting as fmt
from brannsam.data import columns
from brannsam.funding import allocation, avoided, budget, calendar, consequences, options, ranges

# The ranges of the page's sliders: a link or a stored scenario outside them is refused.
MAX_WEIGHT = 10.0
MAX_PHASE_IN_YEARS = 10
MAX_CAP = 0.5


class ScenarioError(ValueError):
    """A scenario that cannot be saved or loaded, with the reason in Norwegian."""


class ScenarioExists(ScenarioError):
    """Saving would replace a scenario someone saved before: the caller must confirm."""


def _shown(value: float, years: bool) -> str:
    """A number in a message as a Norwegian reader writes it: `100 000 001`, `2040,5`, `2040`."""
    if years:
        return fmt.plain(value).replace("\u00a0", "")
    return fmt.plain(value)


def _number(
    value: object, what: str, low: float, high: float, problems: list[str], years: bool = False
) -> float | None:
    """A finite number within [low, high], or a problem in Norwegian (JSON can carry null,
    lists, strings, NaN and infinities)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        problems.append(f"{what}: «{str(value)[:20]}» er ikke et tall.")
        return None
    if not low <= value <= high:
        problems.append(
            f"{what}: {_shown(value, years)} er utenfor {_shown(low, years)}–{_shown(high, years)}."
        )
        return None
    return value


def start_date(settings: Settings) -> dt.date:
    """The day the cooperation starts: the first of the start month in the first plan year."""
    return dt.date(settings.forste_aar, settings.oppstart_maaned, 1)


def _checked_deadline(value: object, first_year: int, month: int, problems: list[str]) -> str | None:
    """A deadline as an ISO date before the start, or None (the default)."""
    if value is None or value == "":
        return None
    try:
        deadline = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        problems.append(f"Fristen for vedtak må være en dato som 2027-06-30, ikke «{str(value)[:20]}».")
        return None
    if not deadline < dt.date(first_year, month, 1):
        problems.append("Fristen for vedtak må være før samarbeidet starter.")
        return None
    if deadline.year < first_year - 5:
        problems.append("Fristen for vedtak kan være høyst fem år før oppstart.")
        return None
    return deadline.isoformat()


# Price and wage growth per year: Brannsam's assumption (compare the municipal deflator in the
# state budget), editable on the page.
GROWTH = 0.04
MAX_GROWTH = 0.15
MAX_EXTRAS = 100
MAX_LEFT_OUT = 100
# Share of the freed local årsverk realised in each plan year: posts fall vacant or move over
# time, so none of it is assumed from day one (Brannsam's assumption, editable).
REALISATION = (0.25, 0.50, 0.75, 1.00)
# The alternatives analysis: the discount rate (Finansdepartementets rundskriv R-109 gives 4 %
# real for the first 40 years; not checked against the circular's current text) and what the
# steering group would pay per year for one point of non-priced effect (its own judgment).
DISCOUNT_RATE = 0.04
MAX_DISCOUNT_RATE = 0.10
KR_PER_POINT = 2_000_000
MAX_KR_PER_POINT = 100_000_000
# The draft decision takes effect only if municipalities with at least this share of the region's
# inhabitants join (the study's proposal; the councils may set another).
MEMBERSHIP_CONDITION = 0.75


def _default_keys() -> dict[str, dict[str, float]]:
    return {block: dict(key) for block, key in allocation.DEFAULT_KEYS.items()}


# The analysis period of the alternatives' ranking: at least ten years (a measure's lifetime, not
# only the økonomiplan's four); the budget keeps the four plan years.
ANALYSIS_YEARS = 10
ANALYSIS_YEARS_RANGE = (calendar.PLAN_YEARS, 40)
MAX_JUDGEMENT = 2_000


@dataclass
class Settings:
    """A scenario as the user sets it. The package it prices is always one of the alternatives:
    `alternativ` names the steering group's recommendation (None: the one the analysis ranks
    first), and `options.settings_for` fills `budsjett`, `engang` and `valgt` with that
    alternative's lines when it is priced. Unpriced settings have no lines (`lines()` refuses),
    so nothing prices a package that is not on the alternatives page."""

    budsjett: list[dict] | None = None  # the priced alternative's lines (None: not priced yet)
    nokler: dict[str, dict[str, float]] = field(default_factory=_default_keys)
    forste_aar: int = field(default_factory=calendar.default_first_year)
    vekst: float = GROWTH
    engang: list[dict] | None = None  # the priced alternative's one-offs, dated (None: not priced yet)
    tilvalg: list[dict] = field(default_factory=list)
    innfasing_aar: int = 3
    innfasing_tak: float = 0.10
    uten: list[str] = field(default_factory=list)  # municipalities that do not join
    realisering: list[float] = field(default_factory=lambda: list(REALISATION))
    alternativer: list[dict] | None = None  # None: the study's alternatives as the source files give them
    kalkulasjonsrente: float = DISCOUNT_RATE
    kr_per_poeng: float = KR_PER_POINT
    alternativ: str | None = None  # the steering group's recommendation (None: the analysis' first)
    oppstart_maaned: int = 1  # the month of the first plan year the cooperation starts (1 = 1 January)
    medlemsvilkar: float = MEMBERSHIP_CONDITION
    analyseperiode: int = ANALYSIS_YEARS  # years the alternatives' ranking counts
    vurdering: str = ""  # the steering group's own overall judgement of the alternatives
    valgt: str | None = None  # the alternative whose lines `budsjett` holds (set when priced)
    vedtaksfrist: str | None = (
        None  # ISO date the councils must decide by (None: `calendar.decision_deadline`)
    )
    delt_tjeneste: str = avoided.GOES_ON  # a shared service when an owner stays out (SHARED_RULES)
    # Services that keep their own duty-officer rota under the priced alternative (no zone base
    # reaches them in time), so their rota is not avoided; set with `budsjett` when priced.
    egen_vakt: list[str] = field(default_factory=list)

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
        moved = None if self.engang is None else [dict(r, aar=int(r["aar"]) + shift) for r in self.engang]
        deadline = self.vedtaksfrist
        if deadline is not None:
            old = dt.date.fromisoformat(deadline)
            day = min(old.day, 28 if old.month == 2 else 31)
            deadline = old.replace(year=old.year + shift, day=day).isoformat()
        return dataclasses.replace(self, forste_aar=int(year), engang=moved, vedtaksfrist=deadline)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object, checked: Settings | None = None) -> Settings:
        """Checked settings from a link or the database: what is missing takes its default
        (older scenarios), anything out of range or of the wrong type is refused. The budget,
        one-offs, extras and alternatives `data` repeats unchanged from `checked` (settings
        already checked) are not checked again: a slider move changes one number of many."""
        if not isinstance(data, dict):
            raise ScenarioError("Oppsettet er ikke et gyldig scenario.")
        default = cls()
        problems: list[str] = []

        def unchanged(name: str) -> bool:
            return checked is not None and name in data and data[name] == getattr(checked, name)

        priced_as = data.get("valgt")
        if priced_as is not None and (not isinstance(priced_as, str) or columns.text_problem(priced_as, 10)):
            problems.append("Alternativet som er priset, må være et kort kjennetegn som «B».")
            priced_as = None
        if checked is not None and unchanged("budsjett"):
            lines = checked.budsjett
        elif data.get("budsjett") is None:
            lines = None
        elif priced_as == options.ZERO and data["budsjett"] == []:
            lines = []  # the zero alternative priced: nothing shared, nothing to check
        else:
            lines = _checked_lines(data["budsjett"], [], problems)
            if priced_as is None and budget.is_legacy_default(lines):
                lines = None  # the package older versions priced by default: the recommendation now
        nokler = _checked_keys(data.get("nokler", default.nokler), problems)
        first = _whole(
            data.get("forste_aar", default.forste_aar),
            "Første budsjettår",
            calendar.FIRST_YEARS,
            "et årstall",
            problems,
        )
        growth = _number(data.get("vekst", default.vekst), "Pris- og lønnsvekst", 0, MAX_GROWTH, problems)
        if lines is None:
            one_offs = None  # unpriced: the alternative's own one-offs are dated when it is priced
        elif checked is not None and unchanged("engang") and unchanged("forste_aar"):
            one_offs = checked.engang
        else:
            one_offs = _checked_one_offs(data.get("engang"), first or default.forste_aar, problems)
        if checked is not None and unchanged("tilvalg"):
            extras = checked.tilvalg
        else:
            extras = _checked_extras(data.get("tilvalg", default.tilvalg), problems)
        left_out = _checked_left_out(data.get("uten", []), problems)
        years = _whole(
            data.get("innfasing_aar", default.innfasing_aar),
            "Innfasing (år)",
            (1, MAX_PHASE_IN_YEARS),
            "et helt antall år",
            problems,
        )
        cap = _number(
            data.get("innfasing_tak", default.innfasing_tak), "Maks endring per år", 0, MAX_CAP, problems
        )
        realisation = _checked_realisation(data.get("realisering", default.realisering), problems)
        if checked is not None and unchanged("alternativer"):
            alternatives = checked.alternativer
        else:
            alternatives = _checked_options(data.get("alternativer"), problems)
        rate = _number(
            data.get("kalkulasjonsrente", default.kalkulasjonsrente),
            "Kalkulasjonsrente",
            0,
            MAX_DISCOUNT_RATE,
            problems,
        )
        per_point = _number(
            data.get("kr_per_poeng", default.kr_per_poeng), "Kroner per poeng", 0, MAX_KR_PER_POINT, problems
        )
        condition = _number(data.get("medlemsvilkar", default.medlemsvilkar), "Medlemsvilkår", 0, 1, problems)
        month = _whole(
            data.get("oppstart_maaned", default.oppstart_maaned),
            "Oppstartsmåned",
            (1, 12),
            "en måned",
            problems,
        )
        chosen = data.get("alternativ")
        if chosen is not None and (not isinstance(chosen, str) or columns.text_problem(chosen, 10)):
            problems.append("Alternativet må være et kort kjennetegn som «B».")
        period = _whole(
            data.get("analyseperiode", default.analyseperiode),
            "Analyseperiode (år)",
            ANALYSIS_YEARS_RANGE,
            "et helt antall år",
            problems,
        )
        deadline = _checked_deadline(
            data.get("vedtaksfrist"), int(first or default.forste_aar), int(month or 1), problems
        )
        shared = data.get("delt_tjeneste", default.delt_tjeneste)
        if shared not in avoided.SHARED_RULES:
            problems.append("Regelen for delte brannvesen må være «fortsetter» eller «oppgjor».")
        kept = _checked_kept(data.get("egen_vakt", []), problems)
        judgement = data.get("vurdering", default.vurdering)
        if not isinstance(judgement, str):
            problems.append("Styringsgruppens vurdering må være tekst.")
        elif problem := _text_lines_problem(judgement, MAX_JUDGEMENT):
            problems.append(f"Styringsgruppens vurdering {problem}.")
        if problems:
            raise ScenarioError("Oppsettet kan ikke brukes: " + " ".join(problems[:5]))
        return cls(
            budsjett=None if lines is None else list(lines),
            nokler=nokler if "alle" in nokler else default.nokler,
            forste_aar=int(_given(first)),
            vekst=float(_given(growth)),
            engang=None if one_offs is None else list(one_offs),
            tilvalg=list(extras),
            innfasing_aar=int(_given(years)),
            innfasing_tak=float(_given(cap)),
            uten=sorted(left_out),
            realisering=[float(v) for v in realisation],
            alternativer=alternatives,
            kalkulasjonsrente=float(_given(rate)),
            kr_per_poeng=float(_given(per_point)),
            alternativ=chosen,
            medlemsvilkar=float(_given(condition)),
            oppstart_maaned=int(month or 1),
            analyseperiode=int(_given(period)),
            vurdering=judgement.strip(),
            valgt=priced_as if lines is not None else None,
            vedtaksfrist=deadline,
            delt_tjeneste=shared,
            egen_vakt=kept if lines is not None else [],
        )


def _text_lines_problem(text: str, limit: int) -> str | None:
    """`columns.text_problem` for a text of several lines (line breaks are allowed, nothing else
    unseen is)."""
    if len(text) > limit:
        return f"er {len(text)} tegn, høyst {limit} er tillatt"
    return next((p for line in text.splitlines() if (p := columns.text_problem(line, limit))), None)


def _given(value: float | None) -> float:
    """A value `from_dict` checked: None only beside a problem, and problems are refused first."""
    if value is None:
        raise ScenarioError("Oppsettet kan ikke brukes: en verdi mangler.")
    return value


def _whole(
    value: object, what: str, bounds: tuple[float, float], kind: str, problems: list[str]
) -> float | None:
    """A whole number within `bounds`; `kind` names what a fraction is not («et årstall»)."""
    years = kind == "et årstall"
    number = _number(value, what, *bounds, problems, years)
    if number is not None and not float(number).is_integer():
        problems.append(f"{what}: {_shown(number, years)} er ikke {kind}.")
        return None
    return number


def _checked_lines(lines: object, default: list[dict], problems: list[str]) -> list[dict]:
    if not isinstance(lines, list) or not all(isinstance(r, dict) for r in lines):
        problems.append("Budsjettet må være en liste med budsjettposter.")
        return default
    problems += budget.validate(budget.with_defaults(pd.DataFrame(lines, columns=list(budget.COLUMNS))))
    return lines


def _checked_keys(raw: object, problems: list[str]) -> dict[str, dict[str, float]]:
    """Weights per block; unknown blocks and drivers are dropped, bad weights refused."""
    if not isinstance(raw, dict) or not all(isinstance(k, dict) for k in raw.values()):
        problems.append("Fordelingsnøklene må være vekter per blokk.")
        return {}
    return {
        block: {
            d: w
            for d, v in key.items()
            if d in allocation.DRIVERS
            and (w := _number(v, f"Vekt «{allocation.DRIVERS[d]}»", 0, MAX_WEIGHT, problems)) is not None
        }
        for block, key in raw.items()
        if block == "alle" or block in budget.BLOCKS
    }


def _checked_one_offs(one_offs: object, first: float, problems: list[str]) -> list[dict]:
    if one_offs is None:  # an older scenario: the one-offs it had by default, in its own first years
        return budget.legacy_one_offs(int(first))
    if not isinstance(one_offs, list) or not all(isinstance(r, dict) for r in one_offs):
        problems.append("Engangskostnadene må være en liste.")
        return []
    problems += budget.validate_one_offs(one_offs)
    return one_offs


def _checked_realisation(profile: object, problems: list[str]) -> list[float]:
    """One share from 0 to 1 per plan year."""
    if not isinstance(profile, list) or len(profile) != calendar.PLAN_YEARS:
        problems.append(f"Gevinstrealiseringen må ha én andel for hvert av de {calendar.PLAN_YEARS} årene.")
        return list(REALISATION)
    checked = [_number(v, "Gevinstrealisering", 0, 1, problems) for v in profile]
    shares = [v for v in checked if v is not None]
    return shares if len(shares) == len(checked) else list(REALISATION)


def _checked_options(raw: object, problems: list[str]) -> list[dict] | None:
    """The alternatives as edited (None: the source files' own)."""
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw or len(raw) > options.MAX_OPTIONS:
        problems.append(f"Alternativene må være en liste med 1–{options.MAX_OPTIONS} alternativer.")
        return None
    ids = [o.get("id") for o in raw if isinstance(o, dict)]
    if len(set(ids)) != len(ids):
        problems.append("To alternativer har samme kjennetegn.")
    for option in raw:
        problems += options.validate(option)
    return raw


def _checked_extras(extras: object, problems: list[str]) -> list[dict]:
    if not isinstance(extras, list) or len(extras) > MAX_EXTRAS:
        problems.append("Tilvalgene må være en liste med kommune og beløp.")
        return []
    for row in extras:
        if not isinstance(row, dict) or not re.fullmatch(r"\d{4}", str(row.get("kommunenummer", ""))):
            problems.append("Et tilvalg mangler gyldig kommunenummer.")
        else:
            _number(row.get("belop_kr"), "Tilvalg (kr)", 0, budget.LIMITS["drift_kr"], problems)
    return extras


def _checked_kept(kept: object, problems: list[str]) -> list[str]:
    """The services that keep their own rota: a short list of service ids."""
    if (
        not isinstance(kept, list)
        or len(kept) > MAX_KEPT
        or not all(isinstance(s, str) and re.fullmatch(r"[a-z0-9-]{1,80}", s) for s in kept)
    ):
        problems.append("Brannvesenene som beholder egen overordnet vakt, må være en liste med kjennetegn.")
        return []
    return sorted(set(kept))


MAX_KEPT = 40


def _checked_left_out(left_out: object, problems: list[str]) -> list[str]:
    if (
        not isinstance(left_out, list)
        or len(left_out) > MAX_LEFT_OUT
        or not all(isinstance(nr, str) and re.fullmatch(r"\d{4}", nr) for nr in left_out)
        or len(set(left_out)) != len(left_out)
    ):
        problems.append("Kommunene som står utenfor må være en liste med ulike kommunenumre.")
        return []
    return left_out


# A link holds a few kilobytes of settings; more than this is not a scenario (zip-bomb guard).
MAX_LINK_CHARS = 20_000
MAX_DECODED_BYTES = 200_000


def encode(settings: Settings) -> str:
    raw = json.dumps(settings.to_dict(), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def decode(text: str) -> Settings:
    invalid = ScenarioError("Lenken inneholder ikke et gyldig scenario.")
    if len(text) > MAX_LINK_CHARS:
        raise invalid
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), MAX_DECODED_BYTES)
        if inflater.unconsumed_tail:
            raise invalid
        data = json.loads(raw)
    except (ValueError, zlib.error) as err:
        raise invalid from err
    return Settings.from_dict(data)


MAX_URL = 200
CODE_LENGTH = 10
CODE_ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def short_code(settings: Settings) -> str:
    """A short code for a stored scenario's settings (the first ten characters of their hash): the
    database keeps the settings, so a link of a few dozen characters finds them again."""
    try:  # the settings as stored and read back (whole numbers as floats, defaults filled in)
        canonical = Settings.from_dict(json.loads(json.dumps(settings.to_dict()))).to_dict()
    except ScenarioError:
        canonical = settings.to_dict()
    raw = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return base64.b32encode(hashlib.sha256(raw.encode()).digest()).decode()[:CODE_LENGTH]


def is_code(text: str) -> bool:
    return len(text) == CODE_LENGTH and set(text) <= CODE_ALPHABET


def short_link(settings: Settings, base_url: str) -> str:
    """`link`, shortened to `?kode=` for settings saved as a scenario (the caller knows they are)."""
    long = link(settings, base_url)
    return long.split("?", 1)[0] + f"?kode={short_code(settings)}"


def link(settings: Settings, base_url: str) -> str:
    """The address that reproduces `settings` on the funding page under `base_url` (see
    `paths.public_url`). An address that is no plain http(s) address is refused in Norwegian
    rather than written into a council's document."""
    base = base_url.strip().rstrip("/")
    if (problem := columns.text_problem(base, MAX_URL)) or not re.fullmatch(r"https?://[^\s<>\"]+", base):
        raise ScenarioError(
            f"Adressen i BRANNSAM_URL kan ikke brukes i lenken ({problem or 'ikke en http(s)-adresse'})."
        )
    return f"{base}/finansiering?oppsett={encode(settings)}"


MAX_NAME = 80
# Names the comparison table uses for its own columns.
RESERVED_NAMES = {"kommune", "kommunenummer"}


def check_name(name: str) -> str:
    name = " ".join(name.split()) if isinstance(name, str) else name
    if not name:
        raise ScenarioError("Gi scenarioet et navn.")
    if problem := columns.text_problem(name, MAX_NAME):
        raise ScenarioError(f"Navnet {problem}.")
    if name.lower() in RESERVED_NAMES:
        raise ScenarioError(f"«{name}» brukes som kolonnenavn i sammenligningen; velg et annet navn.")
    return name


def check_references(settings: Settings, known: set[str], stations: set[str] | None = None) -> None:
    """Every municipality a scenario names (left out, local extras) must be one of the region's,
    someone must join, and (given the region's `stations`) every duty-officer zone of an edited
    alternative must have a station as its base: a scenario that fails this is never stored."""
    named = [*settings.uten, *(str(row.get("kommunenummer")) for row in settings.tilvalg)]
    unknown = [nr for nr in named if nr not in known]
    if unknown:
        raise ScenarioError(f"Scenarioet nevner kommunenummer {unknown[0]}, som ikke er en av kommunene.")
    if known and set(settings.uten) >= known:
        raise ScenarioError("Minst én kommune må være med i samarbeidet.")
    if stations is not None and settings.alternativer:
        problems = [p for o in settings.alternativer for p in options.validate(o, stations=stations)]
        if problems:
            raise ScenarioError("Alternativene kan ikke brukes: " + " ".join(problems[:3]))


def compare(named: dict[str, Settings], inputs: consequences.Inputs, step: int = 0) -> pd.DataFrame:
    """Net change per municipality (rows) in each scenario (columns) in plan year `step` (0 = each
    scenario's first year), each with its range, the difference between the last and the first
    scenario, and a total row; a municipality a scenario leaves out has no figure there."""
    kommuner = inputs.kommuner.set_index("kommunenummer")["kommunenavn"]
    out = pd.DataFrame({"Kommune": kommuner})
    for name, settings in named.items():
        table = ranges.evaluate(settings, inputs).table
        chosen = table[table["aar"] == settings.forste_aar + step].set_index("kommunenummer")
        out[f"{name} ({settings.forste_aar + step})"] = chosen["netto_endring_kr"].reindex(out.index)
        out[f"{name}: spenn"] = [
            fmt.kroner_span(lo, hi) if pd.notna(lo) else fmt.MISSING
            for lo, hi in zip(
                chosen["lav_kr"].reindex(out.index), chosen["hoy_kr"].reindex(out.index), strict=True
            )
        ]
    figures = [c for c in out.columns if c != "Kommune" and not c.endswith(": spenn")]
    if len(figures) >= 2:
        first, last = next(iter(named)), list(named)[-1]
        out[f"Forskjell ({last} − {first})"] = out[figures[-1]] - out[figures[0]]
    total = {c: (out[c].sum() if c in figures or c.startswith("Forskjell") else "") for c in out.columns}
    total["Kommune"] = "Sum"
    return pd.concat([out.reset_index(drop=True), pd.DataFrame([total])], ignore_index=True)
