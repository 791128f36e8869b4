"""The diff as one standalone, accessible HTML redline page (templates/redline.html.j2).

Every change is announced in words ("deleted:", "inserted:") hidden visually but read by
screen readers, since most do not announce <ins>/<del>; colour is never the only signal
(insertions are underlined, deletions struck through, also when printed).
"""

from __future__ import annotations

from pathlib import Path

from ...diff.result import Category, Diff, Op
from ...diff.wording import describe, describe_run, grouped, runs


def render_html(diff: Diff, templates: Path | None = None) -> str:
    from ..policy.templated import environment

    return environment(templates).get_template("redline.html.j2").render(**redline_context(diff))


def redline_context(diff: Diff) -> dict:
    """What the redline templates need: summary, change lists and the rows of the text."""
    departures, choices, other = grouped(diff)
    from ...diff.redline import rows as redline_rows

    anchors: dict[int, str] = {}
    rows = []
    for k, row in enumerate(redline_rows(diff), 1):
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
    def links(changes):
        return [{"anchor": anchors.get(id(run[0]), ""), "text": describe_run(run)}
                for run in runs(list(changes))]

    return dict(
        diff=diff, summary=diff.summary, groups=groups, Op=Op,
        departures=links(departures), other=[describe(c) for c in other],
        adopted=[(c.old or c.new).id for c in choices
                 if c.category is Category.OPTION_ADOPTED],
        not_adopted=links(c for c in choices if c.category is Category.OPTION_NOT_ADOPTED))
