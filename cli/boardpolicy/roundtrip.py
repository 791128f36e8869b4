"""A district policy file rewritten in place: the district's comments, key order and quoting
kept, only what changed written anew (ruamel.yaml's round-trip mode; `dump_district` writes
new files from nothing).

ruamel.yaml is imported only here, so it never leaks past this module: callers give and get
back our dataclasses and text.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

from .district import DistrictPolicy, Edit, EditAction, Entry, OwnBullet

WIDTH = 96  # where folded text is broken, as dump_district breaks it


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap what the district wrote
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def rewrite(text: str, before: DistrictPolicy, after: DistrictPolicy,
            conflicts: list[dict[str, str]] | None = None,
            notes: tuple[str, str] | None = None) -> str:
    """`text` (the file `before` was read from) changed to say `after`, with `conflicts`
    written under `conflicts:` for the clerk to settle. `notes`: the old and the new model's
    drafting note of the choice, for the comment `dump_district` wrote above it."""
    from ruamel.yaml.comments import CommentedMap

    yaml = _yaml()
    data = yaml.load(text)
    if not isinstance(data, CommentedMap):  # load_district has checked the file already
        raise ValueError("a district policy file is a mapping")
    if after.model != before.model:
        data["model"] = after.model
    _choices(data, before, after)
    if notes and notes[0] != notes[1]:
        _note_comment(data, *notes)
    _edits(data, before, after)
    if conflicts:
        _conflicts(data, conflicts)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _choices(data: Any, before: DistrictPolicy, after: DistrictPolicy) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not after.choices and "choices" not in data:
        return
    old = dict(before.choices)
    if "choices" not in data or data["choices"] is None:
        _insert_after(data, "district", "choices", CommentedMap())
    section = data["choices"]
    for cid, entries in after.choices:
        if cid in old and old[cid] == entries and cid in section:
            continue
        if entries is None:
            section[cid] = None
            continue
        seq = CommentedSeq(_entry(e) for e in entries)
        if not entries:
            seq.fa.set_flow_style()
        section[cid] = seq
    for cid in [c for c in section if c not in dict(after.choices)]:
        del section[cid]


def note_lines(note: str) -> list[str]:
    """The comment lines `dump_district` writes for a choice's drafting note."""
    return [f"# {line}" for line in textwrap.wrap(f"The model says: {note}", 88)] if note \
        else []


def _note_comment(data: Any, old: str, new: str) -> None:
    """'# The model says: ...' above the choices, as written for the old model: now the new
    model's note (a comment the district wrote itself is never touched)."""
    import copy

    slot = data.ca.items.get("choices")
    tokens = slot[3] if slot and len(slot) > 3 and isinstance(slot[3], list) else None
    wanted = note_lines(old)
    if not tokens or not wanted:
        return
    values = [t.value.rstrip("\n") for t in tokens]
    for k in range(len(values) - len(wanted) + 1):
        if values[k:k + len(wanted)] == wanted:
            fresh = []
            for line in note_lines(new):
                token = copy.copy(tokens[k])
                token.value = line + "\n"
                fresh.append(token)
            tokens[k:k + len(wanted)] = fresh
            return


def _entry(entry: Entry) -> Any:
    from ruamel.yaml.comments import CommentedMap

    if isinstance(entry, OwnBullet):
        return CommentedMap(text=folded(entry.text, 12))
    return entry


def _edits(data: Any, before: DistrictPolicy, after: DistrictPolicy) -> None:
    """The new list of edits: an edit that did not change keeps its node, and so the comments
    attached to it; a removed edit hands its trailing comments to the edit before it."""
    from ruamel.yaml.comments import CommentedSeq

    if before.edits == after.edits:
        return
    raw = data.get("edits") or []
    nodes = list(raw) if len(raw) == len(before.edits) else [None] * len(before.edits)
    unused = list(range(len(before.edits)))
    seq = CommentedSeq()
    if isinstance(raw, CommentedSeq):
        seq.ca.comment = raw.ca.comment
    reused: dict[int, Any] = {}
    for edit in after.edits:
        k = next((i for i in unused if before.edits[i] == edit and nodes[i] is not None), None)
        if k is None:
            seq.append(_edit_node(edit))
            continue
        unused.remove(k)
        reused[k] = nodes[k]
        seq.append(nodes[k])
    for k in unused:  # comments after a removed edit go to the nearest kept edit before it
        earlier = [reused[i] for i in sorted(reused) if i < k]
        if earlier and nodes[k] is not None:
            _carry_comments(nodes[k], earlier[-1])
    if nodes and nodes[-1] is not None and seq and seq[-1] is not nodes[-1]:
        _carry_comments(nodes[-1], seq[-1], move=True)  # what followed the list still does
    if not seq:
        seq.fa.set_flow_style()
    if "edits" in data:
        data["edits"] = seq
    else:
        _insert_after(data, "choices", "edits", seq)


def _edit_node(edit: Edit) -> Any:
    from ruamel.yaml.comments import CommentedMap

    node = CommentedMap()
    node[edit.action.value] = edit.target
    if edit.id:
        node["id"] = edit.id
    if edit.action not in (EditAction.DROP, EditAction.KEEP):
        node["text"] = folded(edit.text, 10)
    return node


def _carry_comments(src: Any, dst: Any, *, move: bool = False) -> None:
    """Give `dst` the comment lines that follow `src` (taking them from `src` if `move`)."""
    if not hasattr(src, "ca") or not hasattr(dst, "ca") or not src or not dst:
        return
    last_src, last_dst = list(src)[-1], list(dst)[-1]
    tokens = src.ca.items.get(last_src)
    if not tokens or len(tokens) < 3 or tokens[2] is None:
        return
    slot = dst.ca.items.setdefault(last_dst, [None, None, None, None])
    if slot[2] is None:
        slot[2] = tokens[2]
        if move:
            tokens[2] = None


def _conflicts(data: Any, conflicts: list[dict[str, str]]) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    seq = CommentedSeq()
    for conflict in conflicts:
        node = CommentedMap()
        for key, value in conflict.items():
            node[key] = folded(value, 6) if value else ""
        seq.append(node)
    anchor = "edits" if "edits" in data else "district"
    _insert_after(data, anchor, "conflicts", seq)
    data.yaml_set_comment_before_after_key(
        "conflicts", before="\n".join(textwrap.wrap(
            "CONFLICTS from `boardpolicy upgrade`: each block below was changed both by the new "
            "edition and by the district. `edits` holds the district's side. For each: keep it "
            "(leave the edit) or take the new edition's text (delete the edit it names), then "
            "delete the entry. validate and render refuse this file until none is left.", 90)))


def _insert_after(data: Any, key: str, new_key: str, value: Any) -> None:
    keys = list(data)
    data.insert(keys.index(key) + 1 if key in keys else len(keys), new_key, value)


def folded(text: str, indent: int) -> Any:
    """Long plain prose as a folded block (`>-`), broken as dump_district breaks it; anything
    else as ruamel.yaml quotes it."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    plain = text == " ".join(text.split()) and text.isprintable() and \
        not text.startswith(("#", "'", '"', "-", "?", ":", "|", ">", "!", "&", "*", "%", "@"))
    if not plain or len(text) <= WIDTH - indent - 12:
        return text
    lines = textwrap.wrap(text, width=max(40, WIDTH - indent), break_long_words=False,
                          break_on_hyphens=False)
    if " ".join(lines) != text:
        return text
    scalar = FoldedScalarString(text)
    positions, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        positions.append(at)  # the space where the line breaks
        at += 1
    scalar.fold_pos = positions
    return scalar
