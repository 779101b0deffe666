"""The figures section of docs/speed.md, written from bench/results.json: the document states the
last measured figures, never a log of past runs (history lives in git). `make bench` rewrites it;
a unit test fails when the two differ."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
DOC = ROOT / "docs" / "speed.md"
START = "<!-- figures: written by bench/report.py from bench/results.json -->"
END = "<!-- /figures -->"
TIMING = ("median_ms", "p95_ms", "n", "target_ms", "meets_target")


def _number(value: object) -> str:
    if isinstance(value, bool):
        return "ja" if value else "**nei**"
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ") if abs(value) >= 10 else f"{value:.3g}"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return str(value)


def _other(values: dict) -> str:
    return "; ".join(
        f"{key} {_number(value)}" for key, value in values.items() if not isinstance(value, dict)
    )


def _rows(name: str, path: list[str], values: dict) -> list[str]:
    """One row per timed figure, and one for what else a level reports."""
    rows = []
    what = " / ".join(path) or "–"
    if "median_ms" in values:
        target = _number(values["target_ms"]) if "target_ms" in values else "–"
        met = _number(values["meets_target"]) if "meets_target" in values else "–"
        rest = _other({k: v for k, v in values.items() if k not in TIMING})
        rows.append(
            f"| `{name}` | {what} | {_number(values['median_ms'])} | {_number(values['p95_ms'])} | "
            f"{_number(values['n'])} | {target} | {met} | {rest} |"
        )
    else:
        rest = _other(values)
        if rest:
            rows.append(f"| `{name}` | {what} | | | | | | {rest} |")
    for key, value in values.items():
        if isinstance(value, dict):
            rows += _rows(name, [*path, key], value)
    return rows


def section(results: dict) -> str:
    """The figures as a markdown table, with the machine and the data they were measured on."""
    machine, data = results.get("machine", {}), results.get("data", {})
    lines = [
        START,
        "",
        f"Last `make bench` (or single benchmark) run: {machine.get('measured', '–')}, on "
        f"{machine.get('cpus', '–')} CPU cores, Python {machine.get('python', '–')}; data: "
        + ", ".join(f"{_number(v)} {k}" for k, v in data.items())
        + ". Times in ms; a benchmark that could not finish shows its error («feil»).",
        "",
        "| benchmark | what | median | p95 | n | target | met | other figures |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, values in results.get("benchmarks", {}).items():
        lines += _rows(name, [], values)
    return "\n".join([*lines, "", END])


def rewritten(doc: str, results: dict) -> str:
    """`doc` with its figures section replaced by `section(results)`."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(doc):
        raise ValueError(f"{DOC.name} has no figures section ({START!r} … {END!r})")
    return pattern.sub(lambda _: section(results), doc)


def main() -> None:
    DOC.write_text(rewritten(DOC.read_text(), json.loads(RESULTS.read_text())))
    print(f"Skrev tallene i {DOC}")


if __name__ == "__main__":
    main()
