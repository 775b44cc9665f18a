"""Soak run of the property-based page test: every page through its URL over the full range of each
control (the heavy resolution controls included), many examples, failures collected rather than stopping.

    python -m benchmarks.soak_pages --examples 40 --seed 1 [--pages explorer fig5] [--report soak.json]

Prints, per page, the number of page x input combinations tried, the failures and the time; the exit
status is 1 when anything failed. The check is ``tests.app.test_pages_property.problems`` (an exception,
or "nan", "None", "inf" shown to the reader) and the inputs are drawn by hypothesis from the same
strategies (``page_input(page, full=True)``), randomised by ``--seed``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

from hypothesis import HealthCheck, Phase, given, seed, settings


def soak_page(page: str, examples: int, rng_seed: int) -> dict:
    """Run ``examples`` inputs of one page; returns counts, failures and the wall time."""
    from tests.app.test_pages_property import page_input, problems

    tried, failures = [], []

    @seed(rng_seed)
    @settings(
        max_examples=examples, phases=[Phase.generate], deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(page_input(page, full=True))
    def run(example):
        query, preset = example
        tried.append(example)
        found = problems(page, query, preset)
        if found:
            failures.append(dict(query=query, preset=preset, problems=found))

    t0 = time.perf_counter()
    run()
    return dict(page=page, tried=len(tried), failures=failures, seconds=round(time.perf_counter() - t0, 1))


def main(argv=None) -> int:
    from tests.app.test_pages_property import SPECS

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=40, help="inputs per page")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pages", nargs="*", default=list(SPECS), choices=list(SPECS))
    ap.add_argument("--report", help="write the results as JSON to this file")
    args = ap.parse_args(argv)
    os.environ.setdefault("IMBALANCE_CACHE_DIR", tempfile.mkdtemp(prefix="soak-cache-"))
    results = []
    for page in args.pages:
        r = soak_page(page, args.examples, args.seed)
        results.append(r)
        print(f"{page:12s} {r['tried']:5d} inputs  {len(r['failures']):3d} failures  {r['seconds']:8.1f} s",
              flush=True)  # fmt: skip
        for f in r["failures"][:5]:
            print("    ", json.dumps(f, ensure_ascii=False)[:400], flush=True)
    total = sum(r["tried"] for r in results)
    bad = sum(len(r["failures"]) for r in results)
    secs = sum(r["seconds"] for r in results)
    print(f"TOTAL {total} page x input combinations, {bad} failures, {secs:.0f} s (seed {args.seed})")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as fh:
            json.dump(dict(seed=args.seed, examples=args.examples, results=results), fh, indent=1)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
