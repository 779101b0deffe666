"""What the browser tests and the benchmarks share: the real server started on a free port, and
Debian's Chromium to drive it. Neither `tests/` nor `bench/` imports the other."""
