"""The LibreOffice path as a batch: every *.json of DIR filled into the docxtpl template, then
converted by `soffice --headless --convert-to pdf` — one soffice call per worker for all of
that worker's files (LibreOffice's cheapest way; it converts one file at a time per process).

    python benchmarks/lo_batch.py DIR -o OUT [-j N] [--profiles PROFILE_DIR]

With -j N the inputs are shared out among N workers, each filling its share then running its
own soffice with its own profile (two soffice processes cannot share one). Profiles are kept in
PROFILE_DIR (default: OUT/.profiles) so a warm-up run can create them.
"""
from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _worker(args: tuple[list[str], str, str]) -> int:
    from bench_libreoffice import _jinja_env, convert, fill
    files, out, profile = args
    out_dir = Path(out)
    docx_dir = out_dir / "docx"
    docx_dir.mkdir(parents=True, exist_ok=True)
    env = _jinja_env()
    written = []
    for name in files:
        path = Path(name)
        target = docx_dir / f"{path.stem}.docx"
        target.write_bytes(fill(json.loads(path.read_text(encoding="utf-8")), env))
        written.append(target)
    if written:
        convert(Path(profile), out_dir / "pdf", written)
    return len(written)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input_dir", type=Path)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--profiles", type=Path)
    args = parser.parse_args()
    profiles = args.profiles or args.out / ".profiles"
    inputs = sorted(str(p) for p in args.input_dir.glob("*.json"))
    shares = [(inputs[i::args.jobs], str(args.out), str(profiles / f"p{i}")) for i in range(args.jobs)]
    if args.jobs == 1:
        done = [_worker(shares[0])]
    else:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            done = list(pool.map(_worker, shares))
    pdfs = len(list((args.out / "pdf").glob("*.pdf")))
    if pdfs != len(inputs):
        print(f"only {pdfs} of {len(inputs)} PDFs written", file=sys.stderr)
        return 1
    return 0 if sum(done) == len(inputs) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
