"""The diff as one standalone, accessible HTML redline page (templates/redline.html.j2).

Every change is announced in words ("deleted:", "inserted:") hidden visually but read by
screen readers, since most do not announce <ins>/<del>; colour is never the only signal
(insertions are underlined, deletions struck through, also when printed).
"""

from __future__ import annotations

from ..result import Category, Diff, Op
from . import describe, describe_run, grouped, runs


def render_html(diff: Diff) -> str:
    from ...writers.templated import environment

    departures, choices, other = grouped(diff)
    anchors = {id(c): f"change-{k}" for k, c in enumerate(diff.changes, 1)}
    rows = []
    for change in diff.changes:
        if change.category is Category.DRAFTING_NOTE:
            continue
        rows.append({
            "anchor": anchors[id(change)],
            "kind": (change.new or change.old).kind,
            "op": change.op.value,
            "category": change.category.value,
            "label": "" if (change.op is Op.EQUAL and not change.category.value)
                     or change.category is Category.FILLED_IN else describe(change),
            "spans": change.spans,
        })
    groups: list[dict] = []
    for row in rows:  # consecutive bullets form one list
        if row["kind"] == "item" and groups and groups[-1]["list"]:
            groups[-1]["rows"].append(row)
        else:
            groups.append({"list": row["kind"] == "item", "rows": [row]})
    def links(changes):
        return [{"anchor": anchors[id(run[0])], "text": describe_run(run)}
                for run in runs(list(changes))]

    template = environment().get_template("redline.html.j2")
    return template.render(
        diff=diff, summary=diff.summary, groups=groups, Op=Op,
        departures=links(departures), other=[describe(c) for c in other],
        adopted=[(c.old or c.new).id for c in choices
                 if c.category is Category.OPTION_ADOPTED],
        not_adopted=links(c for c in choices if c.category is Category.OPTION_NOT_ADOPTED))
