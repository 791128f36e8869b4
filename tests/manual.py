"""A small policy manual for tests: models derived from the bundled 5460 under other numbers,
series and titles, in a user library, and one district file for each."""

from __future__ import annotations

from pathlib import Path

from .conftest import ROOT

MODEL = ROOT / "model_policies" / "mtsba" / "5460.yaml"
SERIES = {"1": "SCHOOL BOARD", "2": "INSTRUCTION", "3": "STUDENTS", "5": "PERSONNEL"}


def make_manual(folder: Path, numbers: list[str]) -> tuple[Path, Path]:
    """(library folder, policies folder) with one model and one district file per number."""
    library, policies = folder / "library", folder / "policies"
    (library / "acme").mkdir(parents=True)
    policies.mkdir()
    source = MODEL.read_text(encoding="utf-8")
    for k, number in enumerate(numbers):
        series = SERIES.get(number[0], "PERSONNEL")
        model = (source.replace("publisher: mtsba", "publisher: acme")
                 .replace('number: "5460"', f'number: "{number}"')
                 .replace("series: PERSONNEL", f"series: {series}")
                 .replace("title: Electronic Resources and Social Networking",
                          f"title: Policy {number} of the Manual"))
        (library / "acme" / f"{number}.yaml").write_text(model, encoding="utf-8")
        (policies / f"policy-{number}.yaml").write_text(
            f"model: acme/{number}\ndistrict: Glacier School District\n"
            f"choices:\n  forbidden: [phone-numbers]\n"
            f"history:\n  adopted: {1 + k % 12}/1/2019\n", encoding="utf-8")
    return library, policies
