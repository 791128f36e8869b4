"""The district policy file: a district's choices and local edits to one model policy.

It is the source of truth a district keeps in git. Format: docs/district-format.md.
Every mistake is reported with the file, the line and the field, against the model it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from .dates import parse_date
from .decisions import Alternative, Blank, Keep, OptionalText
from .errors import BoardPolicyError, NoChoiceMade, ValidationError
from .library import Library, library_flag, show_command
from .model_policy import BlockType, ModelBlock, ModelPolicy, Reference
from .yamlfile import (
    YamlDoc,
    check_list,
    check_mapping,
    check_text,
    dotted,
    load_yaml,
    nearest,
    shown,
    type_name,
)

# A district's name is printed in every header and wherever the model says {district}: a
# model may say it a thousand times, so a name of megabytes would compose gigabytes.
MAX_DISTRICT_NAME = 200

TOP_FIELDS = {"model", "district", "choices", "edits", "cross_references", "history",
              "conflicts", "blanks", "optional"}


class EditAction(StrEnum):
    """What a local edit does to the block it names."""

    DROP = "drop"
    REPLACE = "replace"  # also rewords a bullet
    ADD_AFTER = "add_after"
    ADD_BEFORE = "add_before"
    KEEP = "keep"  # print a drafting note, as a district that printed the model's note did


EDIT_ACTIONS = tuple(a.value for a in EditAction)


@dataclass(frozen=True, slots=True)
class OwnBullet:
    """A bullet the district wrote itself, placed among the model's options."""

    text: str


@dataclass(frozen=True, slots=True)
class Edit:
    """A local edit by block id: drop, replace (also rewords a bullet), add_after, add_before,
    or keep (print a drafting note, as a district that printed the model's note did)."""

    action: EditAction
    target: str
    text: str = ""
    id: str = ""  # for added paragraphs: a name the district may give them

    def __post_init__(self) -> None:
        object.__setattr__(self, "action", EditAction(self.action))  # "drop" works too


Entry = str | OwnBullet  # an option id, or the district's own bullet


@dataclass(frozen=True, slots=True)
class DistrictPolicy:
    model: str
    district: str
    # choice id -> its entries in printed order; None when the district has not chosen yet
    choices: tuple[tuple[str, tuple[Entry, ...] | None], ...] = ()
    edits: tuple[Edit, ...] = ()
    cross_references: tuple[Reference, ...] | None = None  # None: the model's
    history: tuple[tuple[str, tuple[str, ...]], ...] = ()  # key -> dates as written
    path: str = ""
    # model format v2, each as the file writes it (an absent one takes the model's default)
    alternatives: tuple[tuple[str, str], ...] = ()  # alternative id -> wording id
    blanks: tuple[tuple[str, str], ...] = ()  # blank id -> value
    optional: tuple[tuple[str, Keep], ...] = ()  # optional text id -> keep or omit

    def chosen(self, choice_id: str) -> tuple[Entry, ...] | None:
        return dict(self.choices).get(choice_id)

    def wording(self, alternative: Alternative) -> str | None:
        """The wording id adopted: the district's, else the model's recommended, else None."""
        return dict(self.alternatives).get(alternative.id) or alternative.recommended or None

    def value(self, blank: Blank) -> str | None:
        """The blank's value: the district's, else the model's recommended, else None."""
        return dict(self.blanks).get(blank.id) or blank.recommended or None

    def keeps(self, optional: OptionalText) -> bool | None:
        """Whether the optional text is printed; None when neither district nor model says."""
        decided = dict(self.optional).get(optional.id) or optional.recommended
        return None if decided is None else decided is Keep.KEEP

    def adopted_options(self) -> dict[str, list[str]]:
        """Choice id -> the model option ids adopted (the `choices` of JSON reports)."""
        return {cid: [e for e in (entries or ()) if isinstance(e, str)]
                for cid, entries in self.choices}


def load_district(path: str | Path, library: Library, *, require_choices: bool = True,
                  text: str | None = None) -> tuple[DistrictPolicy, ModelPolicy]:
    """Read and check a district policy file; returns it with the model edition it follows."""
    doc = load_yaml(path, text=text, what="district policy file")
    return parse_district(doc, library, require_choices=require_choices)


def parse_district(doc: YamlDoc, library: Library, *,
                   require_choices: bool = True) -> tuple[DistrictPolicy, ModelPolicy]:
    """Check the whole file; every mistake is reported at once (`Problems`), each naming its
    line, so a clerk fixes them in one pass."""
    if doc.data is None:
        raise ValidationError("is empty; a district policy file needs at least 'model' and "
                              "'district' (boardpolicy init writes one)", path=doc.path)
    top = check_mapping(doc, (), doc.data, TOP_FIELDS)
    model = _model(doc, library, top.get("model"))
    name = ""
    with doc.checking():
        name = check_text(doc, ("district",), top.get("district"), one_line=True)
        if len(name) > MAX_DISTRICT_NAME:
            raise doc.error(("district",), f"is {len(name):,} characters long; a district's "
                                           f"name is at most {MAX_DISTRICT_NAME} characters")
    if model is None:  # nothing else can be checked without the model
        doc.raise_problems()
        raise AssertionError("unreachable: a missing model is a problem")
    district = DistrictPolicy(
        model=str(top.get("model")),
        district=name,
        choices=_parse_choices(doc, model, top.get("choices"), require_choices),
        edits=_parse_edits(doc, top.get("edits")),
        cross_references=_parse_references(doc, top.get("cross_references")),
        history=_parse_history(doc, model, top.get("history")),
        path=doc.path,
        alternatives=_parse_alternatives(doc, model, top.get("choices"), require_choices),
        blanks=_parse_blanks(doc, model, top.get("blanks"), require_choices),
        optional=_parse_optional(doc, model, top.get("optional"), require_choices),
    )
    _check_edit_targets(doc, model, district)
    _refuse_conflicts(doc, top.get("conflicts"))
    doc.raise_problems()
    return district, model


def _refuse_conflicts(doc: YamlDoc, raw: Any) -> None:
    """`boardpolicy upgrade` writes what it could not merge under `conflicts:`; the file is
    not a policy until the clerk has settled each one and deleted it."""
    if raw in (None, []):
        return
    with doc.checking():
        for i, item in enumerate(check_list(doc, ("conflicts",), raw)):
            block = item.get("block") if isinstance(item, dict) else None
            name = f"block '{block}'" if block else "a block"
            doc.report(doc.error(("conflicts", i), f"{name} is in conflict after an upgrade: "
                                 "keep the district's edit or take the new edition's text, "
                                 "then delete this entry (or upgrade the old file again, "
                                 "letting the district's side or the model's settle every "
                                 "conflict)"))


def _model(doc: YamlDoc, library: Library, raw: Any) -> ModelPolicy | None:
    model: ModelPolicy | None = None
    with doc.checking():
        ref = check_text(doc, ("model",), raw)
        try:
            model = library.get(ref)
        except BoardPolicyError as exc:  # an unknown model or edition: say where the file says
            if exc.path:  # the model file itself is broken: that file is the one to name
                raise
            raise doc.error(("model",), exc.message) from None
    return model


def _parse_choices(doc: YamlDoc, model: ModelPolicy, raw: Any, required: bool):
    choices = {c.id: c for c in model.choices}
    if raw is None:
        raw = {}
    with doc.checking():
        check_mapping(doc, ("choices",), raw, set(choices) | {a.id for a in model.alternatives})
    if not isinstance(raw, dict):
        raw = {}
    out: list[tuple[str, tuple[Entry, ...] | None]] = []
    for cid, choice in choices.items():
        value = raw.get(cid)
        key = ("choices", cid)
        if value is None:
            if required and ("choices",) not in doc.suggested:
                where = key if cid in raw else ("choices",)
                doc.report(NoChoiceMade(f"{dotted(where)}: {_no_choice_message(model, cid)}",
                                        path=doc.path, line=doc.line(where),
                                        model=model.name + library_flag(model),
                                        fresh=_fresh(doc)))
            out.append((cid, None))
            continue
        if value == "all":  # shorthand: every option, in the model's order
            out.append((cid, tuple(o.id for o in choice.options)))
            continue
        entries: list[Entry] = []
        option_ids = {o.id for o in choice.options}
        with doc.checking():
            items = check_list(doc, key, value)
            for i, item in enumerate(items):
                with doc.checking():
                    entries.append(_entry(doc, (*key, i), item, option_ids, entries))
        out.append((cid, tuple(entries)))
    return tuple(out)


def _not_made(doc: YamlDoc, model: ModelPolicy, section: str, ident: str, raw: dict,
              what: str) -> None:
    """A decision the model gives no default for, not made: reported at its line."""
    where = (section, ident) if ident in raw else (section,) if section in _top(doc) else ()
    doc.report(NoChoiceMade(f"{dotted(where) + ': ' if where else ''}no decision made for "
                            f"'{ident}': {what} (see `{show_command(model)}`)",
                            path=doc.path, line=doc.line(where),
                            model=model.name + library_flag(model), fresh=_fresh(doc)))


def _fresh(doc: YamlDoc) -> bool:
    """Whether the file holds nothing `init --interactive` would lose: no edits and no
    dates (an upgraded or imported file has the district's own; starting afresh drops them)."""
    top = _top(doc)
    history = top.get("history")
    dates = history.values() if isinstance(history, dict) else ()
    return not top.get("edits") and not any(dates)


def _top(doc: YamlDoc) -> dict:
    return doc.data if isinstance(doc.data, dict) else {}


def _section(doc: YamlDoc, name: str, raw: Any, known: set[str]) -> dict:
    """A mapping of decisions by id; unknown ids are reported, and a section that is not a
    mapping is read as empty once reported."""
    if raw is None:
        return {}
    with doc.checking():
        check_mapping(doc, (name,), raw, known)
    return raw if isinstance(raw, dict) else {}


def _parse_alternatives(doc: YamlDoc, model: ModelPolicy, raw: Any,
                        required: bool) -> tuple[tuple[str, str], ...]:
    """Each alternative's wording, under `choices` beside the choices of bullets."""
    raw = raw if isinstance(raw, dict) else {}
    out = []
    for alt in model.alternatives:
        key = ("choices", alt.id)
        value = raw.get(alt.id)
        if value is None:
            if required and not alt.recommended:
                _not_made(doc, model, "choices", alt.id, raw, "choose one wording: "
                          + ", ".join(w.id for w in alt.wordings))
            continue
        with doc.checking():
            wording = check_text(doc, key, value)
            if alt.wording(wording) is None:
                ids = [w.id for w in alt.wordings]
                hint = nearest(wording, ids)
                tip = f"did you mean '{hint}'?" if hint else f"its wordings: {', '.join(ids)}"
                raise doc.error(key, f"'{shown(wording)}' is not a wording of '{alt.id}'; {tip}")
            out.append((alt.id, wording))
    return tuple(out)


def _parse_blanks(doc: YamlDoc, model: ModelPolicy, raw: Any,
                  required: bool) -> tuple[tuple[str, str], ...]:
    """Each blank's value, checked against its kind (a number of days, a date...)."""
    raw = _section(doc, "blanks", raw, {b.id for b in model.blanks})
    out = []
    for blank in model.blanks:
        key = ("blanks", blank.id)
        value = raw.get(blank.id)
        if value is None or value == "":
            if required and not blank.recommended:
                _not_made(doc, model, "blanks", blank.id, raw,
                          f"fill in {blank.label.lower()} ({blank.kind.value})")
            continue
        with doc.checking():
            text = check_text(doc, key, value, one_line=True)
            problem = blank.problem(text)
            if problem:
                raise doc.error(key, problem)
            out.append((blank.id, text))
    return tuple(out)


def _parse_optional(doc: YamlDoc, model: ModelPolicy, raw: Any,
                    required: bool) -> tuple[tuple[str, Keep], ...]:
    """Whether each optional sentence or paragraph is kept: `keep` or `omit`."""
    raw = _section(doc, "optional", raw, {o.id for o in model.optionals})
    out = []
    for opt in model.optionals:
        key = ("optional", opt.id)
        value = raw.get(opt.id)
        if value is None:
            if required and opt.recommended is None:
                _not_made(doc, model, "optional", opt.id, raw, "write keep or omit")
            continue
        with doc.checking():
            text = check_text(doc, key, value)
            if text not in {k.value for k in Keep}:
                raise doc.error(key, f"must be keep or omit, not '{shown(text)}'")
            out.append((opt.id, Keep(text)))
    return tuple(out)


def _entry(doc: YamlDoc, key: tuple, item: Any, option_ids: set[str],
           entries: list[Entry]) -> Entry:
    """One entry of a choice: an option id, or {text: ...} for the district's own bullet."""
    if isinstance(item, dict):
        check_mapping(doc, key, item, {"text"})
        return OwnBullet(check_text(doc, (*key, "text"), item.get("text")))
    option = check_text(doc, key, item)
    if option not in option_ids:
        first = option.split()[0] if option.split() else ""
        if first in option_ids:  # a line uncommented from init's listing, description and all
            raise doc.error(key, f"did you mean '{first}'? delete the description after "
                                 "the id")
        hint = nearest(option, option_ids)
        tip = f"did you mean '{hint}'?" if hint else f"known: {', '.join(sorted(option_ids))}"
        raise doc.error(key, f"unknown option id '{shown(option)}'; {tip}")
    if option in entries:
        raise doc.error(key, f"the option '{option}' is listed twice")
    return option


def _no_choice_message(model: ModelPolicy, cid: str) -> str:
    choice = model.block(cid)
    note = note_of(model, choice) if choice else ""
    said = f"the model says {note.strip('()')}; " if note else ""
    return (f"no choice made: {said}list the option ids this district forbids (see "
            f"`{show_command(model)}`), or write `{cid}: []` to forbid none")


def _parse_edits(doc: YamlDoc, raw: Any) -> tuple[Edit, ...]:
    if raw is None:
        return ()
    edits = []
    with doc.checking():
        for i, item in enumerate(check_list(doc, ("edits",), raw)):
            with doc.checking():
                edits.append(_edit(doc, ("edits", i), item))
    return tuple(edits)


def _edit(doc: YamlDoc, key: tuple, item: Any) -> Edit:
    check_mapping(doc, key, item, {*EDIT_ACTIONS, "text", "id"})
    actions = [a for a in EditAction if a.value in item]
    if len(actions) != 1:
        raise doc.error(key, f"an edit needs exactly one of {', '.join(EDIT_ACTIONS)}")
    action = actions[0]
    target = check_text(doc, (*key, action.value), item[action.value])
    bare = action in (EditAction.DROP, EditAction.KEEP)
    text = check_text(doc, (*key, "text"), item.get("text"), required=not bare)
    if bare and "text" in item:
        raise doc.error((*key, "text"), f"a {action.value} takes no text")
    return Edit(action, target, text,
                check_text(doc, (*key, "id"), item.get("id"), required=False))


_NOT_EDITABLE = {
    BlockType.NOTE: "drafting notes are never printed in an adopted policy",
    BlockType.REFERENCES: "set `cross_references` instead",
    BlockType.HISTORY: "set `history` instead",
    BlockType.LEGAL: "legal references are the model's",
}


def _check_edit_targets(doc: YamlDoc, model: ModelPolicy, district: DistrictPolicy) -> None:
    """Every edit names a block that exists and can take that edit, once."""
    changed: dict[str, EditAction] = {}
    for i, edit in enumerate(district.edits):
        with doc.checking():
            _check_target(doc, ("edits", i, edit.action.value), model, district, edit, changed)
    _check_added_ids(doc, model, district)


def _check_added_ids(doc: YamlDoc, model: ModelPolicy, district: DistrictPolicy) -> None:
    """An added paragraph's id names it once, and placing it leads to a block of the model:
    an id the model already has, or two added paragraphs of one id, would print it twice;
    paragraphs placed next to each other in a circle would print nowhere."""
    taken = model.block_ids() | model.option_ids()
    placed_by: dict[str, Edit] = {}
    for i, edit in enumerate(district.edits):
        if not edit.id:
            continue
        key = ("edits", i, "id")
        if edit.id in taken:
            doc.report(doc.error(key, f"'{edit.id}' is already the id of a block of the model; "
                                      "give the added paragraph an id of its own"))
        elif edit.id in placed_by:
            doc.report(doc.error(key, f"'{edit.id}' is the id of another added paragraph; "
                                      "give each added paragraph an id of its own"))
        else:
            placed_by[edit.id] = edit
    for i, edit in enumerate(district.edits):
        if edit.action not in (EditAction.ADD_AFTER, EditAction.ADD_BEFORE):
            continue
        path = [edit.id] if placed_by.get(edit.id) is edit else []
        target = edit.target
        while target in placed_by and target not in path:
            path.append(target)
            target = placed_by[target].target
        if target in path:
            circle = " → ".join([*path[path.index(target):], target])
            doc.report(doc.error(("edits", i, edit.action.value),
                                 f"added paragraphs are placed next to each other in a circle "
                                 f"({circle}), so none of them would be printed; place one "
                                 "next to a block of the model"))


def _check_target(doc: YamlDoc, key: tuple, model: ModelPolicy, district: DistrictPolicy,
                  edit: Edit, changed: dict[str, EditAction]) -> None:
    known = model.block_ids() | {e.id for e in district.edits if e.id}
    options = model.option_ids()
    target = edit.target
    if target not in known | options:
        hint = nearest(target, known | options)
        tip = f"; did you mean '{hint}'?" if hint else f"; see `{show_command(model)}`"
        raise doc.error(key, f"no block with the id '{target}'{tip}")
    block = model.block(target)
    if edit.action in (EditAction.ADD_AFTER, EditAction.ADD_BEFORE):
        return  # a paragraph may be added next to any block, a choice or a note too
    if edit.action is EditAction.KEEP:
        if block is None or block.type is not BlockType.NOTE:
            raise doc.error(key, f"'{target}' is not a drafting note; `keep` prints a "
                                 "drafting note in the adopted policy")
        return
    if block is not None and block.type is BlockType.CHOICE:
        raise doc.error(key, f"'{target}' cannot be edited this way: choose its bullets "
                             f"under `choices.{target}` instead")
    if block is not None and block.type in _NOT_EDITABLE:
        raise doc.error(key, f"'{target}' cannot be edited this way: "
                             f"{_NOT_EDITABLE[block.type]}")
    if target in options:
        if edit.action is not EditAction.REPLACE:
            raise doc.error(key, f"'{target}' is a bullet: to leave it out, remove it from "
                                 "the choices; to reword it, use `replace`")
        adopted = {e for _, entries in district.choices for e in (entries or ())
                   if isinstance(e, str)}
        made = any(entries is not None for _, entries in district.choices)
        if made and target not in adopted:
            raise doc.error(key, f"'{target}' is not among the district's chosen bullets, "
                                 "so it is never printed")
    if target in changed:
        raise doc.error(key, f"'{target}' already has a `{changed[target].value}` edit")
    changed[target] = edit.action


def _parse_references(doc: YamlDoc, raw: Any) -> tuple[Reference, ...] | None:
    if raw is None:
        return None
    out = []
    with doc.checking():
        for i, item in enumerate(check_list(doc, ("cross_references",), raw)):
            key = ("cross_references", i)
            with doc.checking():
                check_mapping(doc, key, item, {"code", "title"})
                out.append(Reference(
                    check_text(doc, (*key, "code"), item.get("code"), required=False),
                    check_text(doc, (*key, "title"), item.get("title"))))
    return tuple(out)


def _parse_history(doc: YamlDoc, model: ModelPolicy, raw: Any):
    fields = [f for b in model.blocks if b.type is BlockType.HISTORY for f in b.history]
    if raw is None:
        return ()
    out = []
    with doc.checking():
        check_mapping(doc, ("history",), raw, {f.key for f in fields})
        for name, value in raw.items():
            values = value if isinstance(value, list) else \
                ([] if value in (None, "") else [value])
            dates = []
            for i, item in enumerate(values):
                ikey = ("history", name, i) if isinstance(value, list) else ("history", name)
                if i and _split_date(values[i - 1], item):
                    continue  # the year of a date split at its comma: reported with its start
                with doc.checking():
                    dates.append(_date(doc, ikey, item, values[i + 1: i + 2]))
            out.append((name, tuple(dates)))
    return tuple(out)


def _split_date(before: Any, item: Any) -> bool:
    """YAML's flow-comma trap: [March 14, 2022] is two items, "March 14" and 2022."""
    return isinstance(before, str) and isinstance(item, int) and 1000 <= item <= 9999 and \
        bool(re.fullmatch(r"[A-Za-z]+\.? \d{1,2}", before.strip()))


def _date(doc: YamlDoc, key: tuple, item: Any, following: list[Any]) -> str:
    """One history date, checked; `following` is the next item of its list, if any."""
    if isinstance(item, bool) or not isinstance(item, (str, int)):
        raise doc.error(key, f"must be a date, not {type_name(item)}")
    text = check_text(doc, key, item)
    try:
        parse_date(text)
    except ValueError as exc:
        message = str(exc)
        if following and _split_date(item, following[0]):
            message += (f"; in [ ], a comma separates dates: quote a date that holds one, "
                        f"e.g. ['{text}, {following[0]}']")
        raise doc.error(key, message) from None
    return text


# --- writing -----------------------------------------------------------------------------------

def note_of(model: ModelPolicy, choice: ModelBlock) -> str:
    """The drafting note a choice points to ("DISTRICT MUST CHOOSE ..."), or ""."""
    note = model.block(choice.note) if choice.note else None
    return note.text if note is not None else ""


def choice_question(choice: ModelBlock) -> str:
    """The question a choice asks, in the model's own words."""
    question = (choice.question or f"Which options does the district choose for "
                f"“{choice.id}”?").strip()
    return question if question.endswith("?") else question + "?"
