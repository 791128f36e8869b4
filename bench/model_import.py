"""Speed of `boardpolicy model import` on a 10-page model document (issue 24: under 2 s).

Builds a Word model in the conventions (blanks, alternatives, optional text, choices, notes)
of about ten pages with python-docx, then times the whole command, as a clerk runs it.

    python bench/model_import.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docx import Document

SECTION = [
    "Each volunteer [shall] [may] complete a background check before working with students "
    "in section {n}, and the school keeps the result with the volunteer's application.",
    "The [Principal] approves each volunteer within [ten (10)] school days of an application "
    "made under section {n}, and says why when an application is refused.",
    "A volunteer who leaves returns the badge within ___ days. [OPTIONAL: The office keeps a "
    "list of badges returned under section {n}.]",
    "Volunteers under section {n} may:",
    "(DISTRICT MUST CHOOSE WHICH TASKS VOLUNTEERS MAY DO IN SECTION {n})",
]
ITEMS = ["Read aloud to small groups in section {n};", "Chaperone field trips in section {n};",
         "Help in the library in section {n}."]


def build(path: Path, sections: int = 21) -> None:
    doc = Document()
    doc.add_paragraph("COMMUNITY 4130 — REC")
    doc.add_paragraph("Volunteers in the Schools", style="Title")
    for n in range(1, sections + 1):
        for text in SECTION:
            doc.add_paragraph(text.format(n=n))
        for item in ITEMS:
            doc.add_paragraph(item.format(n=n), style="List Bullet")
        doc.add_paragraph(f"[OPTIONAL] The District may thank volunteers of section {n}.")
    doc.save(str(path))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "4130-model.docx"
        build(source)
        pdf = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                              folder, str(source)], capture_output=True, check=False)
        pages = "?"
        if pdf.returncode == 0:
            info = subprocess.run(["pdfinfo", str(source.with_suffix(".pdf"))],
                                  capture_output=True, text=True, check=False).stdout
            pages = next((line.split()[-1] for line in info.splitlines()
                          if line.startswith("Pages:")), "?")
        times = []
        for run in range(3):
            out = Path(folder) / "lib" / "demo" / f"4130-{run}.yaml"
            out.parent.parent.mkdir(exist_ok=True)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "boardpolicy", "model", "import", str(source),
                            "-o", str(out), "--number", "4130"], check=True,
                           capture_output=True)
            times.append(time.perf_counter() - start)
        print(f"model import of a {pages}-page model document: best {min(times):.2f} s, "
              f"worst {max(times):.2f} s of {len(times)} runs")


if __name__ == "__main__":
    main()
