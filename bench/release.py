"""Times a release at once: `boardpolicy upgrade MANUAL` of a 600-policy manual against a
library of 600 models in two editions each (issue 24: under 10 s on two cores).

    python bench/release.py [--policies 600] [--jobs 2] [--folder DIR]

Each generated model is a v2 model with a paragraph the new edition rewrites, a blank and
an alternative; a third of the districts edit a paragraph (conflicts, or kept edits), a
third fill the blank, and every tenth model gains a blank with no recommended value.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODEL = """format: boardpolicy-model/2
publisher: bench
number: "{n}"
title: Bench Policy {n}
edition: "{edition}"
default: {default}
status: recommended
blocks:
  - id: intro
    type: paragraph
    text: The {{district}} keeps policy {n} as the Board adopts it{tail}.
  - id: steady
    type: paragraph
    text: This paragraph is the same in both editions of policy {n}.
  - id: timing
    type: paragraph
    text: A request is answered within {{answer-days}} of its receipt{extra_marker}.
    blanks:
      - id: answer-days
        label: Days to answer
        kind: days
        recommended: five (5)
        unit: days{extra}
  - id: verb
    type: paragraph
    text: Staff {{verb-choice}} keep a record of each request.
    alternatives:
      - id: verb-choice
        recommended: verb-shall
        wordings:
          - {{ id: verb-shall, text: shall }}
          - {{ id: verb-may, text: may }}
"""

EXTRA = """
      - id: review-days
        label: Days to review
        kind: days
        unit: days"""


def generate(root: Path, count: int) -> tuple[Path, Path]:
    library, manual = root / "library" / "bench", root / "manual"
    library.mkdir(parents=True)
    manual.mkdir()
    for k in range(count):
        n = str(1000 + k)
        (library / f"{n}@1.yaml").write_text(MODEL.format(
            n=n, edition="1", default="false", tail="", extra="", extra_marker=""))
        new_blank = k % 10 == 0
        (library / f"{n}.yaml").write_text(MODEL.format(
            n=n, edition="2", default="true", tail=" and reviews it each year",
            extra=EXTRA if new_blank else "",
            extra_marker=" and reviewed within {review-days}" if new_blank else ""))
        lines = [f"model: bench/{n}@1", "district: Bench School District"]
        if k % 3 == 1:
            lines += ["blanks:", "  answer-days: ten (10)"]
        if k % 3 == 2:
            lines += ["edits:", "  - replace: intro",
                      f"    text: The district has its own words for policy {n}."]
        (manual / f"{n}.yaml").write_text("\n".join(lines) + "\n")
    return root / "library", manual


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--policies", type=int, default=600)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    root = Path(args.folder or tempfile.mkdtemp(prefix="boardpolicy-release-"))
    library, manual = generate(root, args.policies)
    out = root / "after"
    command = [sys.executable, "-m", "boardpolicy", "upgrade", str(manual), "-L", str(library),
               "-o", str(out), "-j", str(args.jobs), "-f", "json"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    import json

    counts = json.loads(done.stdout)["counts"] if done.stdout else done.stderr
    print(f"upgrade of {args.policies} policies, {args.jobs} jobs: {elapsed:.2f} s "
          f"(exit {done.returncode}); {counts}")
    if args.folder is None:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
