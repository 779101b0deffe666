"""Parse two hostile uploads and print how long each took to refuse and the peak memory (run in
its own process by the `import_oversized` benchmark, so the peak is this parse's alone)."""

from __future__ import annotations

import io
import json
import resource
import time

import openpyxl

from brannsam.imports import importer

HEADER = ["Kommunenummer", "År", "Netto driftsutgifter 338 (kr)", "Netto driftsutgifter 339 (kr)", "Kilde"]


def workbook(rows: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Kostnader")
    sheet.append(HEADER)
    for _ in range(rows):
        sheet.append(["9999", 2024, "x", -1, "y"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    known = {"kommunenummer": {}, "brannvesen": {}, "samarbeidsomrade": {}}
    bad_csv = (";".join(HEADER) + "\n" + "9999;2024;x;-1;y\n" * 1_100_000).encode()
    files = {
        "xlsx_200k_rows": ("k.xlsx", workbook(200_000), None),
        "csv_18mb_bad_rows": ("k.csv", bad_csv, "kostnader"),
    }
    out: dict = {}
    for name, (filename, data, dataset) in files.items():
        start = time.perf_counter()
        parsed = importer.parse(filename, data, known, dataset)
        out[name] = {
            "bytes": len(data),
            "refused_s": round(time.perf_counter() - start, 2),
            "problems": len(parsed.problems),
        }
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
