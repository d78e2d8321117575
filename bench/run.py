"""`make bench`: every benchmark in this folder, on freshly made databases, printing its figures.

Each benchmark module defines `run() -> list[str]` (lines to print). Benchmarks that need
PostgreSQL use BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ictgov_bench).
"""

import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

BENCHMARKS = [
    "geography_bench",
    "extraction_bench",
    "excel_bench",
    "directives_bench",
    "backup_bench",
    "licensing_bench",
    "registry_bench",
    "reporting_bench",
]


def main(names: list[str]) -> int:
    failed = 0
    for name in names or BENCHMARKS:
        started = time.perf_counter()
        module = importlib.import_module(name)
        print(f"== {name}")
        try:
            for line in module.run():
                print(f"   {line}")
        except Exception as exc:  # a broken benchmark must not hide the others' figures
            failed += 1
            print(f"   FAILED: {exc!r}")
        print(f"   ({time.perf_counter() - started:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
