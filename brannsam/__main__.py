"""Command line: `python -m brannsam build | estimate`."""

from __future__ import annotations

import argparse
import sys
import time

from brannsam import build, estimates, paths, sources


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    target = build.build(paths.sources_dir(), paths.database_path())
    print(f"Bygget {target} på {time.perf_counter() - started:.2f} s.")
    return 0


def _estimate(args: argparse.Namespace) -> int:
    for path in estimates.write(paths.sources_dir()):
        print(f"Skrev {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m brannsam", description="Brannsam")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="bygg databasen fra kildefilene").set_defaults(run=_build)
    commands.add_parser("estimate", help="lag estimatfilene på nytt").set_defaults(run=_estimate)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (sources.SourceError, build.DatabaseLockedError) as err:
        print(str(err), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
