"""The district policy file written: a new one from nothing (`dump_district`, for `init` and
`import`) and an existing one rewritten in place (`rewrite`, for `upgrade`), the district's
comments, key order and quoting kept there, only what changed written anew. One writer,
ruamel.yaml's, and one rule for how a value is written (`scalar`); PyYAML stays the reader
(yamlfile.py), for its speed and its line numbers.

ruamel.yaml is imported only here, so it never leaks past this module: callers give and get
back our dataclasses and text.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .decisions import Blank, Keep
from .district import (
    DistrictPolicy,
    Edit,
    EditAction,
    Entry,
    OwnBullet,
    choice_question,
    note_of,
)
from .errors import InputError
from .library import library_flag
from .yamlfile import nearest

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from .model_policy import ModelBlock, ModelPolicy

WIDTH = 96  # the column where folded text is broken
# Plain (unquoted) only when every YAML reader, 1.1 (PyYAML) as well as 1.2, reads the text
# back as this text: a short name of letters, digits and harmless punctuation, not a word
# YAML 1.1 reads as true, false or nothing.
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ./@_'’()-]*[A-Za-z0-9.)]$")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}
_PLAIN_LIMIT = 60
HEADER = (
    "# District policy file for boardpolicy: the district's choices and edits to a model.\n"
    "# See the model with `boardpolicy show {name}`; check this file with\n"
    "# `boardpolicy validate FILE`; render it with `boardpolicy render FILE -o policy.docx`."
)
# A model from the user's own library folder: each command names the folder, so it works
# when pasted.
HEADER_LIBRARY = (
    "# District policy file for boardpolicy: the district's choices and edits to a model.\n"
    "# See the model with `boardpolicy show {name}{flag}`;\n"
    "# check this file with `boardpolicy validate FILE{flag}`;\n"
    "# render it with `boardpolicy render FILE{flag} -o policy.docx`."
)
REFERENCES_NOTE = "# cross_references: the model's are printed; list code/title pairs to " \
    "change them."
DATES_NOTE = "# Dates as YYYY-MM-DD, M/D/YYYY or Month D, YYYY; printed as written."


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap what the district wrote
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _text(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


# --- a new file ----------------------------------------------------------------------------------

def new_district(model: ModelPolicy, model_ref: str, district: str,
                 chosen: tuple[str, ...] | None, *,
                 decided: Decided | None = None,
                 bullets_closed: bool = False) -> tuple[str, list[str]]:
    """A new district policy file (`init`): its text, and the ids of the decisions left open.
    `chosen` lists the option ids chosen, in any of the model's choices (ids are unique in a
    model), and wording ids of its alternatives; None leaves every choice open. `decided`:
    the blanks filled and the optional text kept or omitted. A decision not made takes the
    model's recommendation, written out so that the file says what the policy prints.
    `bullets_closed`: the options in `chosen` are all the district chooses, even none of
    them (init --all or --none beside a wording)."""
    wordings = model.wording_ids()
    if not model.choices and not wordings and chosen is not None:
        raise InputError(f"{model.ref} has no choices to make")
    _check_chosen(model, chosen or ())
    picked = [i for i in chosen or () if i in wordings]
    choices = _new_choices(model, chosen, picked, bullets_closed)
    decided = decided or Decided()
    given = {wordings[i].id: i for i in picked}
    policy = DistrictPolicy(
        model=model_ref, district=district, choices=choices,
        alternatives=_or_recommended((a.id, given.get(a.id), a.recommended)
                                      for a in model.alternatives),
        blanks=_or_recommended((b.id, dict(decided.blanks).get(b.id), b.recommended)
                                for b in model.blanks),
        optional=_or_recommended((o.id, dict(decided.optional).get(o.id), o.recommended)
                                  for o in model.optionals))
    return dump_district(policy, model), _left_open(policy, model)


def _new_choices(model: ModelPolicy, chosen: tuple[str, ...] | None, picked: list[str],
                 bullets_closed: bool) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    """Each choice's options chosen, or None for a choice left open: every choice when
    nothing was chosen, or when only wordings were (unless the bullets are closed)."""
    bullets = [i for i in chosen or () if i not in picked]
    open_bullets = chosen is None or (not bullets and bool(picked) and not bullets_closed)
    return tuple((c.id, None if open_bullets else
                  tuple(o.id for o in c.options if o.id in bullets)) for c in model.choices)


def _left_open(policy: DistrictPolicy, model: ModelPolicy) -> list[str]:
    """The ids of the decisions the new file leaves to the district."""
    left = [cid for cid, entries in policy.choices if entries is None]
    left += [a.id for a in model.alternatives if policy.wording(a) is None]
    left += [b.id for b in model.blanks if policy.value(b) is None]
    left += [o.id for o in model.optionals if policy.keeps(o) is None]
    return left


def _or_recommended(decisions: Iterable[tuple[str, Any, Any]]) -> tuple[tuple[str, Any], ...]:
    """(id, value) for each decision given a value or recommended one by the model."""
    return tuple((ident, given or recommended) for ident, given, recommended in decisions
                 if given or recommended)


def _check_chosen(model: ModelPolicy, chosen: tuple[str, ...]) -> None:
    """Every id `init` was given is an option or a wording of the model, and no two are
    wordings of one alternative."""
    wordings = model.wording_ids()
    option_ids = [o.id for c in model.choices for o in c.options]
    for ident in chosen:
        if ident not in option_ids and ident not in wordings:
            known = option_ids + list(wordings)
            hint = nearest(ident, known)
            tip = f"did you mean '{hint}'?" if hint else f"known: {', '.join(known)}"
            what = "option or wording id" if wordings else "option id"
            raise InputError(f"unknown {what} '{ident}' for {model.name}; {tip}")
    picked = [i for i in chosen if i in wordings]
    for ident in picked:
        other = next((i for i in picked if i != ident and wordings[i] is wordings[ident]), None)
        if other:
            raise InputError(f"'{ident}' and '{other}' are two wordings of "
                             f"'{wordings[ident].id}'; choose one")


@dataclass(frozen=True, slots=True)
class Decided:
    """What `init` was told besides the choices: blank id -> value, optional id -> Keep."""

    blanks: tuple[tuple[str, str], ...] = ()
    optional: tuple[tuple[str, Keep], ...] = ()


def decide(model: ModelPolicy, settings: list[str], omitted: list[str],
           kept: list[str]) -> Decided:
    """`--set BLANK=VALUE`, `--omit ID` and `--keep ID`, checked against the model; an
    InputError names the flag."""
    blanks = {b.id: b for b in model.blanks}
    values: dict[str, str] = {}
    for setting in settings:
        ident, equals, value = setting.partition("=")
        ident, value = ident.strip(), value.strip()
        if not equals or not value:
            raise InputError(f"--set: write BLANK=VALUE, e.g. --set "
                             f"{next(iter(blanks), 'answer-time')}=\"ten (10)\"")
        if ident not in blanks:
            raise InputError(f"--set: {_unknown(ident, list(blanks), 'blank', model)}")
        problem = blanks[ident].problem(value)
        if problem:
            raise InputError(f"--set: {ident}: {problem}")
        values[ident] = value
    optional_ids = [o.id for o in model.optionals]
    decided: dict[str, Keep] = {}
    for flag, ids, keep in (("--omit", omitted, Keep.OMIT), ("--keep", kept, Keep.KEEP)):
        for ident in ids:
            if ident not in optional_ids:
                raise InputError(f"{flag}: {_unknown(ident, optional_ids, 'optional text', model)}")
            if decided.get(ident, keep) is not keep:
                raise InputError(f"{flag}: '{ident}' is both kept and omitted")
            decided[ident] = keep
    return Decided(tuple(values.items()), tuple(decided.items()))


def _unknown(ident: str, known: list[str], what: str, model: ModelPolicy) -> str:
    if not known:
        return f"{model.ref} has no {what}"
    hint = nearest(ident, known)
    tip = f"did you mean '{hint}'?" if hint else f"known: {', '.join(known)}"
    return f"unknown {what} id '{ident}' for {model.name}; {tip}"


def dump_district(district: DistrictPolicy, model: ModelPolicy) -> str:
    """The district policy file as commented YAML a clerk can read and edit: each choice's
    question and drafting note above it, the options not chosen listed as comments below it."""
    from ruamel.yaml.comments import CommentedMap

    data = CommentedMap()
    flag = library_flag(model)
    header = HEADER_LIBRARY if flag else HEADER
    data.yaml_set_start_comment(header.format(name=model.name, flag=flag))
    data["model"] = scalar(district.model)
    data["district"] = scalar(district.district)
    data["choices"], trailing = _choice_map(district, model)
    for name, section, comments in (("blanks", *_blank_map(district, model)),
                                    ("optional", *_optional_map(district, model))):
        if section is not None:
            data[name] = section
            _comment_before(data, name, trailing)
            trailing = comments
    data["edits"] = _seq([_edit_node(e) for e in district.edits])
    _comment_before(data, "edits", trailing)
    if district.cross_references is not None:
        data["cross_references"] = _seq([_reference_node(r.code, r.title)
                                         for r in district.cross_references])
    data["history"] = _history_map(district, model)
    if district.cross_references is None:
        _comment_before(data, "history", [(0, REFERENCES_NOTE)])
    return _text(data)


Comments = list[tuple[int, str]]  # (indentation, "# words") for each comment line


def _choice_map(district: DistrictPolicy, model: ModelPolicy) -> tuple[Any, Comments]:
    """The choices, and the comment lines that follow the last one (its options not chosen),
    which belong before the next key."""
    from ruamel.yaml.comments import CommentedMap

    if not model.choices and not model.alternatives:
        return None, []
    section = CommentedMap()
    pending: Comments = []
    for choice in model.choices:
        entries = district.chosen(choice.id)
        section[choice.id] = None if entries is None else _seq([_entry(e) for e in entries])
        _comment_before(section, choice.id, pending + _choice_comments(choice, model))
        pending = _options_left(choice, entries)
    written = dict(district.alternatives)
    for alt in model.alternatives:
        section[alt.id] = scalar(written[alt.id]) if alt.id in written else None
        question = alt.question or f"Which wording does the district adopt for “{alt.id}”?"
        block = model.block(alt.id)
        note = note_of(model, block) if block is not None else ""
        _comment_before(section, alt.id, pending + [(2, line) for line in note_lines(note)] + [
            (2, f"# {question} One of:")] + [
            (2, f"#   {w.id}: {_shortened(model.published(w.text))}"
                f"{'  (recommended)' if w.id == alt.recommended else ''}")
            for w in alt.wordings])
        pending = []
    return section, pending


def _blank_map(district: DistrictPolicy, model: ModelPolicy) -> tuple[Any, Comments]:
    """Each blank with its value, the question and the model's value above it."""
    from ruamel.yaml.comments import CommentedMap

    if not model.blanks:
        return None, []
    section = CommentedMap()
    values = dict(district.blanks)
    for blank in model.blanks:
        section[blank.id] = scalar(values[blank.id]) if blank.id in values else None
        advice = f"the model's: {blank.recommended}" if blank.recommended else \
            "the model leaves it blank"
        _comment_before(section, blank.id, [
            (2, f"# {blank.label} ({blank.kind.value}; {advice}):"),
            (2, f"#   {_shortened(_in_context(model, blank.id))}")])
    return section, []


def _in_context(model: ModelPolicy, ident: str) -> str:
    """The sentence a blank sits in, the blank as `___`."""
    from .decisions import MARKER

    block = next(b for b in model.blocks if any(d.id == ident for d in b.inline))
    sentence = next((s for s in re.split(r"(?<=[.;:])\s+", block.text)
                     if f"{{{ident}}}" in s), block.text)
    blank = next(d for d in block.inline if d.id == ident)
    unit = f" {blank.unit}" if isinstance(blank, Blank) and blank.unit else ""
    return MARKER.sub(lambda m: f"___{unit}" if m[1] == ident else "…",
                      sentence).replace("{district}", model.district_placeholder)


def _optional_map(district: DistrictPolicy, model: ModelPolicy) -> tuple[Any, Comments]:
    """Each optional sentence or paragraph: keep or omit, its words above it."""
    from ruamel.yaml.comments import CommentedMap

    if not model.optionals:
        return None, []
    section = CommentedMap()
    decided = dict(district.optional)
    for opt in model.optionals:
        section[opt.id] = decided[opt.id].value if opt.id in decided else None
        advice = f"the model recommends: {opt.recommended.value}" if opt.recommended else \
            "the model leaves it to the district"
        _comment_before(section, opt.id, [
            (2, f"# keep or omit ({advice}): {_shortened(model.published(opt.text))}")])
    return section, []


def _choice_comments(choice: ModelBlock, model: ModelPolicy) -> Comments:
    note = note_of(model, choice)
    return [(2, line) for line in note_lines(note)] + [
        (2, f"# {choice_question(choice)} List the ids of the options chosen; [] chooses "
            "none.")]


def _options_left(choice: ModelBlock, entries: tuple[Entry, ...] | None) -> Comments:
    """The options not chosen, listed as comments so the clerk can move one into the list."""
    chosen = {e for e in entries or () if isinstance(e, str)}
    width = max((len(o.id) for o in choice.options), default=0)
    return [(2, f"#  - {o.id.ljust(width)}  {_shortened(o.text)}")
            for o in choice.options if o.id not in chosen]


def _shortened(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 70 else flat[:67] + "..."


def _reference_node(code: str, title: str) -> CommentedMap:
    from ruamel.yaml.comments import CommentedMap

    node = CommentedMap()
    node["code"] = scalar(code)
    node["title"] = scalar(title)
    return node


def _history_map(district: DistrictPolicy, model: ModelPolicy) -> Any:
    """Every history field of the model, each empty, one date or a list of dates."""
    from ruamel.yaml.comments import CommentedMap

    from .model_policy import BlockType

    values = dict(district.history)
    keys = [f.key for b in model.blocks if b.type is BlockType.HISTORY for f in b.history]
    if not keys:
        return None
    section = CommentedMap()
    for key in keys:
        dates = values.get(key, ())
        section[key] = (_seq([scalar(d) for d in dates]) if len(dates) > 1
                        else scalar(dates[0]) if dates else None)
    _comment_before(section, keys[0], [(2, DATES_NOTE)])
    return section


def _seq(items: list[Any]) -> CommentedSeq:
    """A list; an empty one written `[]`, so that it reads back as a list and not as nothing."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    if not items:
        seq.fa.set_flow_style()
    return seq


def _comment_before(mapping: Any, key: str, lines: Comments) -> None:
    """Comment lines above `key`, each at its own indentation."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not lines:
        return
    slot = mapping.ca.items.setdefault(key, [None, [], None, None])
    if slot[1] is None:
        slot[1] = []
    slot[1] += [CommentToken(text + "\n", CommentMark(indent)) for indent, text in lines]


# --- an existing file, rewritten -----------------------------------------------------------------

@dataclass(frozen=True)
class Decisions:
    """What a rewrite knows of the new model's decisions: every id it asks (a key naming
    anything else goes), and those the district has still to decide (written empty)."""

    known: frozenset[str]
    undecided: tuple[tuple[str, str], ...] = ()  # (section: choices|blanks|optional, id)

    def open_in(self, section: str) -> list[str]:
        return [ident for name, ident in self.undecided if name == section]


def rewrite(text: str, before: DistrictPolicy, after: DistrictPolicy,
            conflicts: list[dict[str, str]] | None = None,
            notes: tuple[str, str] | None = None, *,
            decisions: Decisions | None = None) -> str:
    """`text` (the file `before` was read from) changed to say `after`, with `conflicts`
    written under `conflicts:` for the clerk to settle. `notes`: the old and the new model's
    drafting note of the choice, for the comment `dump_district` wrote above it;
    `decisions`: the new model's, for the blanks, alternatives and optional text."""
    from ruamel.yaml.comments import CommentedMap

    newline = line_ending(text)
    yaml = _yaml()
    data = yaml.load(text.replace("\r\n", "\n"))
    if not isinstance(data, CommentedMap):  # load_district has checked the file already
        raise ValueError("a district policy file is a mapping")
    if after.model != before.model:
        data["model"] = after.model
    _choices(data, before, after, decisions)
    if decisions is not None:
        _decided(data, before, after, decisions)
    if notes and notes[0] != notes[1]:
        _note_comment(data, *notes)
    _edits(data, before, after)
    if conflicts:
        _conflicts(data, conflicts)
    return _text(data).replace("\n", newline)


def line_ending(text: str) -> str:
    """The line ending a file is written with: CRLF when its first line ends so (a file
    saved on Windows), else LF. ruamel keeps the CR inside the comments and scalars it
    carries over but ends the lines it writes with LF, so a CRLF file came back mixed."""
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def _choices(data: Any, before: DistrictPolicy, after: DistrictPolicy,
             decisions: Decisions | None = None) -> None:
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
    kept = set(dict(after.choices)) | (decisions.known if decisions else set())
    for cid in [c for c in section if c not in kept]:
        del section[cid]


def _decided(data: Any, before: DistrictPolicy, after: DistrictPolicy,
             decisions: Decisions) -> None:
    """Blanks, wordings (under `choices:`) and optional text: the district's values where
    they changed, empty for what it has to decide, and none for what the model left."""
    sections = (("choices", before.alternatives, after.alternatives),
                ("blanks", before.blanks, after.blanks),
                ("optional", tuple((k, v.value) for k, v in before.optional),
                 tuple((k, v.value) for k, v in after.optional)))
    for name, old, new in sections:
        _decided_section(data, name, dict(old), dict(new), decisions)


def _decided_section(data: Any, name: str, old: dict[str, str], new: dict[str, str],
                     decisions: Decisions) -> None:
    from ruamel.yaml.comments import CommentedMap

    section = data.get(name)
    wanted = decisions.open_in(name)
    if not isinstance(section, CommentedMap):
        if not new and not wanted:
            return
        section = CommentedMap()
        _insert_after(data, "optional" if "optional" in data else "blanks" if "blanks" in data
                      else "choices" if "choices" in data else "district", name, section)
    for ident, value in new.items():
        if old.get(ident) != value or ident not in section:
            section[ident] = scalar(value)
    for ident in [i for i in old if i not in new and i in section]:
        del section[ident]
    for ident in [i for i in section if i not in decisions.known]:
        del section[ident]
    for ident in wanted:
        if section.get(ident) is None:
            section[ident] = None
    if not section:
        del data[name]


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
        return CommentedMap(text=scalar(entry.text, 12))
    return scalar(entry)


def _edits(data: Any, before: DistrictPolicy, after: DistrictPolicy) -> None:
    """The new list of edits: an edit that did not change keeps its node, and so the comments
    attached to it; a removed edit hands its trailing comments to the edit before it."""
    from ruamel.yaml.comments import CommentedSeq

    if before.edits == after.edits:
        return
    raw = data.get("edits") or []
    nodes = list(raw) if len(raw) == len(before.edits) else [None] * len(before.edits)
    seq = CommentedSeq()
    if isinstance(raw, CommentedSeq):
        seq.ca.comment = raw.ca.comment
    reused = _reuse_nodes(seq, nodes, before.edits, after.edits)
    _keep_comments(seq, nodes, reused)
    if not seq:
        seq.fa.set_flow_style()
    if "edits" in data:
        data["edits"] = seq
    else:
        _insert_after(data, "choices", "edits", seq)


def _reuse_nodes(seq: Any, nodes: list[Any], before: tuple[Edit, ...],
                 after: tuple[Edit, ...]) -> dict[int, Any]:
    """Fill `seq` with `after`'s edits, each an old node where the edit is unchanged (its
    comments kept) or a new one; returns the old nodes reused, by their old position."""
    unused = list(range(len(before)))
    reused: dict[int, Any] = {}
    for edit in after:
        k = next((i for i in unused if before[i] == edit and nodes[i] is not None), None)
        if k is None:
            seq.append(_edit_node(edit))
            continue
        unused.remove(k)
        reused[k] = nodes[k]
        seq.append(nodes[k])
    return reused


def _keep_comments(seq: Any, nodes: list[Any], reused: dict[int, Any]) -> None:
    """Comments after a removed edit go to the nearest kept edit before it; those after the
    old list's last edit still follow the list."""
    for k in (k for k in range(len(nodes)) if k not in reused):
        earlier = [reused[i] for i in sorted(reused) if i < k]
        if earlier and nodes[k] is not None:
            _carry_comments(nodes[k], earlier[-1])
    if nodes and nodes[-1] is not None and seq and seq[-1] is not nodes[-1]:
        _carry_comments(nodes[-1], seq[-1], move=True)


def _edit_node(edit: Edit) -> Any:
    from ruamel.yaml.comments import CommentedMap

    node = CommentedMap()
    node[edit.action.value] = scalar(edit.target)
    if edit.id:
        node["id"] = scalar(edit.id)
    if edit.action not in (EditAction.DROP, EditAction.KEEP):
        node["text"] = scalar(edit.text, 10)
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
            node[key] = scalar(value, 6) if value else ""
        seq.append(node)
    anchor = "edits" if "edits" in data else "district"
    _insert_after(data, anchor, "conflicts", seq)
    data.yaml_set_comment_before_after_key(
        "conflicts", before="\n".join(textwrap.wrap(
            "CONFLICTS from `boardpolicy upgrade`: each block below was changed both by the new "
            "edition and by the district. `edits` holds the district's side. For each: keep it "
            "or take the new edition's side, as its `settle` says (which lines to leave or "
            "delete), then delete the entry. The line numbers are the file's as written: delete "
            "from the bottom up, and the lines above keep theirs. validate and render refuse "
            "this file until none is left.", 90)))


def item_lines(text: str, key: str) -> list[tuple[int, int]]:
    """The first and the last line (counted from 1) of each item of the top-level list `key`
    in `text`, without the blank and comment lines that follow it: what a clerk keeps or
    deletes to keep or delete the item. Read with PyYAML's composer (its C one when there):
    only where nodes stand is needed, and an upgrade asks this of each file several times."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = yaml.compose(text, Loader=loader)
    if not isinstance(root, yaml.MappingNode):
        return []
    keys = [k for k, _ in root.value]
    found = next((k for k, (name, _) in enumerate(root.value) if name.value == key), None)
    if found is None or not isinstance(root.value[found][1], yaml.SequenceNode):
        return []
    items = root.value[found][1].value
    if not items:
        return []
    lines = text.splitlines()
    end = keys[found + 1].start_mark.line if found + 1 < len(keys) else len(lines)
    starts = [item.start_mark.line for item in items]
    return [(start + 1, _last_line(lines, start, stop) + 1)
            for start, stop in zip(starts, [*starts[1:], end], strict=True)]


def _last_line(lines: list[str], start: int, stop: int) -> int:
    """The last line before `stop` (counted from 0) that is neither blank nor a comment."""
    last = stop - 1
    while last > start and (not lines[last].strip() or lines[last].lstrip().startswith("#")):
        last -= 1
    return last


def _insert_after(data: Any, key: str, new_key: str, value: Any) -> None:
    keys = list(data)
    data.insert(keys.index(key) + 1 if key in keys else len(keys), new_key, value)


def scalar(text: str, narrower: int = 0) -> Any:
    """How a value is written, in a new file and in a rewritten one alike: plain when every
    YAML reader reads it back as this text; long prose folded (`>-`) so that its lines end by
    column WIDTH - `narrower`; anything else double-quoted, with the escapes YAML needs."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if len(text) <= _PLAIN_LIMIT and _PLAIN.match(text) and "  " not in text \
            and text.lower() not in _YAML_WORDS:
        return text
    block = _folded(text, narrower)
    return block if block is not None else DoubleQuotedScalarString(text)


def _folded(text: str, narrower: int) -> Any:
    """Long plain prose as a folded block, broken between words; None for anything else."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    plain = text == " ".join(text.split()) and text.isprintable() and \
        not text.startswith(("#", "'", '"', "-", "?", ":", "|", ">", "!", "&", "*", "%", "@"))
    if not plain or len(text) <= WIDTH - narrower - 12:
        return None
    lines = textwrap.wrap(text, width=max(40, WIDTH - narrower), break_long_words=False,
                          break_on_hyphens=False)
    if " ".join(lines) != text:
        return None
    block = FoldedScalarString(text)
    positions, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        positions.append(at)  # the space where the line breaks
        at += 1
    block.fold_pos = positions
    return block
