"""Run one command and print, as the last line of stdout, a JSON object with its wall time,
exit code and the max RSS of the largest process it ran (getrusage RUSAGE_CHILDREN: the command
and every child it waited for, e.g. pool workers).

    python benchmarks/measure.py -- shenbao batch render DIR -o OUT -j 2

Run in a fresh process for every measurement: RUSAGE_CHILDREN only ever grows within one process.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, check=False)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    tail = (proc.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-5:]
    print(json.dumps({"wall_s": wall, "returncode": proc.returncode,
                      "maxrss_mb": usage.ru_maxrss / 1024,          # Linux: kilobytes
                      "user_s": usage.ru_utime, "sys_s": usage.ru_stime,
                      "stderr_tail": tail}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
