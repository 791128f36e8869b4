"""The diff as one standalone, accessible HTML redline page (templates/redline.html.j2).

Every change is announced in words ("deleted:", "inserted:") hidden visually but read by
screen readers, since most do not announce <ins>/<del>; colour is never the only signal
(insertions are underlined, deletions struck through, also when printed).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...diff.redline import Place
from ...diff.result import Diff, Listed, Op, Span, Topic, UnitKind
from ...document import Document


@dataclass(frozen=True, slots=True)
class _Row:
    """One block of the redline as the template writes it."""

    anchor: str  # the block's id in the page, which the list of changes links to
    kind: UnitKind
    op: str
    category: str
    label: str
    spans: tuple[Span, ...]
    moved: Place | None


@dataclass(slots=True)
class _Group:
    """Rows the page writes together: consecutive bullets as one list, else one row."""

    list: bool  # the template's name for it
    rows: builtins.list[_Row] = field(default_factory=builtins.list)


def render_html(diff: Diff, templates: Path | None = None, *,
                new: Document | None = None) -> str:
    """The redline page. With `new`, its header names the district and the policy, and the
    text below does not repeat them where they did not change."""
    from ..policy.templated import environment

    return environment(templates).get_template("redline.html.j2").render(
        doc=new, **redline_context(diff, header=new is None))


def redline_context(diff: Diff, *, header: bool = True, prefix: str = "") -> dict[str, Any]:
    """What the redline templates need: summary, change lists and the rows of the text.
    Without `header`, the page's own header shows the district's name and the policy
    number, so the rows leave them out where they did not change. `prefix` starts every
    anchor, so that many policies' redlines share one page."""
    from ...diff.redline import rows as redline_rows

    anchors: dict[int, str] = {}
    groups: list[_Group] = []
    for k, row in enumerate(redline_rows(diff, header=header), 1):
        anchor = f"{prefix}block-{k}"
        anchors.setdefault(id(row.change), anchor)  # a move's link goes to its first place
        shown = _Row(anchor, row.kind, row.change.op.value, row.change.category.value,
                     row.label, row.spans, row.moved)
        bullet = row.kind is UnitKind.ITEM
        if not (bullet and groups and groups[-1].list):
            groups.append(_Group(bullet))
        groups[-1].rows.append(shown)

    def links(items: Iterable[Listed]) -> list[dict[str, str]]:
        return [{"anchor": anchors.get(id(diff.changes[item.index]), ""),
                 "text": item.description} for item in items]

    return dict(
        diff=diff, summary=diff.summary, groups=groups, Op=Op,
        headline=diff.headline[:1].upper() + diff.headline[1:],
        departures=links(i for i in diff.listed if i.by_district),
        options=links(diff.listed_in(Topic.OPTION)),
        other=[i.description for i in diff.listed_in(Topic.FILLED_IN, Topic.MODEL, Topic.NOTE,
                                                     counted=False)])
