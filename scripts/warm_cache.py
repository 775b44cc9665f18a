"""Fill the solver's disk cache with every page's default view: ``python scripts/warm_cache.py``.

For a deployment whose file system is read-only at run time (a PaaS slug may be): run it during the build,
so the app starts with its cache filled (the cache is then read without writing, new results stay in
memory), and the first visitors after a restart or after anyone clears Streamlit's memory cache get the
disk cache's speed. Each page runs once under ``streamlit.testing`` (no server, no browser); a page that
fails is reported and the others still run. Uses ``$IMBALANCE_CACHE_DIR`` or the app's ``cache/``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from dashboard.warmup import order  # noqa: E402 (the repository is on the path now)


def main() -> int:
    failed = 0
    for stem in order(p.stem for p in (ROOT / "views").glob("*.py")):
        page = ROOT / "views" / f"{stem}.py"
        t0 = time.perf_counter()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=1800)
        at.switch_page(f"views/{page.name}")
        at.run()
        ok = not at.exception
        failed += not ok
        print(f"{page.stem:>14}: {'ok' if ok else 'FAILED'} in {time.perf_counter() - t0:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
