"""The diff as one standalone, accessible HTML redline page (templates/redline.html.j2).

Every change is announced in words ("deleted:", "inserted:") hidden visually but read by
screen readers, since most do not announce <ins>/<del>; colour is never the only signal
(insertions are underlined, deletions struck through, also when printed).
"""

from __future__ import annotations

from pathlib import Path

from ...diff.result import Diff, Op, Topic
from ...document import Document


def render_html(diff: Diff, templates: Path | None = None, *,
                new: Document | None = None) -> str:
    """The redline page. With `new`, its header names the district and the policy, and the
    text below does not repeat them where they did not change."""
    from ..policy.templated import environment

    return environment(templates).get_template("redline.html.j2").render(
        doc=new, **redline_context(diff, header=new is None))


def redline_context(diff: Diff, *, header: bool = True) -> dict:
    """What the redline templates need: summary, change lists and the rows of the text.
    Without `header`, the page's own header shows the district's name and the policy
    number, so the rows leave them out where they did not change."""
    from ...diff.redline import rows as redline_rows

    anchors: dict[int, str] = {}
    rows = []
    for k, row in enumerate(redline_rows(diff, header=header), 1):
        anchor = f"block-{k}"
        anchors.setdefault(id(row.change), anchor)  # a move's link goes to its first place
        rows.append({"anchor": anchor, "kind": row.kind, "op": row.change.op.value,
                     "category": row.change.category.value, "label": row.label,
                     "spans": row.spans, "moved": row.moved})
    groups: list[dict] = []
    for row in rows:  # consecutive bullets form one list
        if row["kind"] == "item" and groups and groups[-1]["list"]:
            groups[-1]["rows"].append(row)
        else:
            groups.append({"list": row["kind"] == "item", "rows": [row]})

    def links(items):
        return [{"anchor": anchors.get(id(diff.changes[item.index]), ""),
                 "text": item.description} for item in items]

    return dict(
        diff=diff, summary=diff.summary, groups=groups, Op=Op,
        headline=diff.headline[:1].upper() + diff.headline[1:],
        departures=links(i for i in diff.listed if i.by_district),
        options=links(diff.listed_in(Topic.OPTION)),
        other=[i.description for i in diff.listed_in(Topic.FILLED_IN, Topic.MODEL, Topic.NOTE,
                                                     counted=False)])
