"""A manual's findings as text: one line per finding, grouped under its policy, and the
count at the end, so a clerk reads it top to bottom and a CI log greps it."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from ...prose import count

if TYPE_CHECKING:
    from ...check import CheckFinding, CheckReport

BOLD, DIM, RED, RESET = "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[0m"


def render_text(report: CheckReport, *, color: bool = False) -> str:
    lines: list[str] = []
    for policy, findings in groupby(report.findings, key=lambda f: f.policy):
        heading = f"Policy {policy}" if policy else "Files with no number"
        lines.append(f"{BOLD}{heading}{RESET}" if color else heading)
        lines += [f"  {_line(finding, color)}" for finding in findings]
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def _line(finding: CheckFinding, color: bool) -> str:
    kind = f"{RED}{finding.kind.value}{RESET}" if color else finding.kind.value
    return f"{finding.file}: {kind}: {finding.message}"


def _summary(report: CheckReport) -> str:
    checked = (f"{count(report.files, 'file')}, "
               f"{count(report.policies, 'policy', 'policies')}")
    if not report.findings:
        return f"no findings ({checked} checked)"
    policies = len({f.policy for f in report.findings})
    return (f"{count(len(report.findings), 'finding')} in "
            f"{count(policies, 'policy', 'policies')} ({checked} checked)")
