"""The child process of a job (``python -m dashboard.job_child SERVER_PID``): JSON in, JSON lines out.

Reads {"target": "module:function", "kwargs": {...}} on stdin, calls ``function(**kwargs, progress=...)``
and writes one JSON line per progress step ({"progress": [fraction, text]}) and a last line, {"done":
result} or {"error": "what went wrong"}, on its standard output (anything the computation prints goes to
stderr). Tables come back as {"__frame__": DataFrame.to_dict("split")}, arrays as lists, dataclasses as
objects.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
import os
import sys
import threading
import time


def encode(value):
    """``value`` as JSON-able data: DataFrames tagged, arrays, numpy numbers and dataclasses plain, NaN as
    null."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return encode({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    if hasattr(value, "to_dict") and hasattr(value, "columns"):
        return {"__frame__": encode(value.to_dict(orient="split"))}
    if hasattr(value, "tolist"):
        return encode(value.tolist())
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else str(value)
    return value


def orphaned_exit(parent: int) -> None:
    """Exit as soon as the server that started this job is gone (it cannot kill us then)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def main() -> None:
    server = int(sys.argv[1]) if len(sys.argv) > 1 else os.getppid()  # the server's pid, given by it
    threading.Thread(target=orphaned_exit, args=(server,), daemon=True).start()
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    sys.stdout = sys.stderr  # the protocol owns the real stdout
    request = json.loads(sys.stdin.read())
    module, _, name = request["target"].partition(":")

    def send(**message) -> None:
        out.write(json.dumps(encode(message), allow_nan=False) + "\n")

    def progress(fraction: float, text: str) -> None:
        send(progress=[float(fraction), str(text)])

    try:
        fn = getattr(importlib.import_module(module), name)
        send(done=fn(**request["kwargs"], progress=progress))
    except Exception as err:  # noqa: BLE001 (reported to the page in words)
        send(error=f"{type(err).__name__}: {err}")


if __name__ == "__main__":
    main()
