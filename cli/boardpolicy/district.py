"""The district policy file: a district's choices and local edits to one model policy.

It is the source of truth a district keeps in git. Format: docs/district-format.md.
Every mistake is reported with the file, the line and the field, against the model it names.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .dates import parse_date
from .errors import BoardPolicyError, ValidationError
from .library import Library
from .model_policy import ModelPolicy, Reference
from .yamlfile import YamlDoc, check_list, check_mapping, check_text, load_yaml, nearest, type_name

TOP_FIELDS = {"model", "district", "choices", "edits", "cross_references", "history"}
EDIT_ACTIONS = ("drop", "replace", "add_after", "add_before", "keep")


@dataclass(frozen=True, slots=True)
class OwnBullet:
    """A bullet the district wrote itself, placed among the model's options."""

    text: str


@dataclass(frozen=True, slots=True)
class Edit:
    """A local edit by block id: drop, replace (also rewords a bullet), add_after, add_before,
    or keep (print a drafting note, as a district that printed the model's note did)."""

    action: str
    target: str
    text: str = ""
    id: str = ""  # for added paragraphs: a name the district may give them


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

    def chosen(self, choice_id: str) -> tuple[Entry, ...] | None:
        return dict(self.choices).get(choice_id)

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
    if doc.data is None:
        raise ValidationError("is empty; a district policy file needs at least 'model' and "
                              "'district' (boardpolicy init writes one)", path=doc.path)
    top = check_mapping(doc, (), doc.data, TOP_FIELDS)
    model_ref = check_text(doc, ("model",), top.get("model"))
    try:
        model = library.get(model_ref)
    except BoardPolicyError as exc:  # an unknown model or edition: say where the file names it
        if exc.path:  # the model file itself is broken: that file is the one to name
            raise
        raise doc.error(("model",), exc.message) from None
    district = DistrictPolicy(
        model=model_ref,
        district=check_text(doc, ("district",), top.get("district")),
        choices=_parse_choices(doc, model, top.get("choices"), require_choices),
        edits=_parse_edits(doc, model, top.get("edits")),
        cross_references=_parse_references(doc, top.get("cross_references")),
        history=_parse_history(doc, model, top.get("history")),
        path=doc.path,
    )
    _check_edit_targets(doc, model, district)
    return district, model


def _parse_choices(doc: YamlDoc, model: ModelPolicy, raw: Any, required: bool):
    choices = {c.id: c for c in model.choices}
    if raw is None:
        raw = {}
    check_mapping(doc, ("choices",), raw, set(choices))
    out = []
    for cid, choice in choices.items():
        value = raw.get(cid)
        key = ("choices", cid)
        if value is None:
            if required:
                raise doc.error(key if cid in raw else ("choices",), _no_choice_message(model, cid))
            out.append((cid, None))
            continue
        if value == "all":  # shorthand: every option, in the model's order
            out.append((cid, tuple(o.id for o in choice.options)))
            continue
        entries: list[Entry] = []
        option_ids = {o.id for o in choice.options}
        for i, item in enumerate(check_list(doc, key, value)):
            if isinstance(item, dict):
                check_mapping(doc, (*key, i), item, {"text"})
                entries.append(OwnBullet(check_text(doc, (*key, i, "text"), item.get("text"))))
                continue
            option = check_text(doc, (*key, i), item)
            if option not in option_ids:
                hint = nearest(option, option_ids)
                tip = f"did you mean '{hint}'?" if hint else f"known: {', '.join(option_ids)}"
                raise doc.error((*key, i), f"unknown option id '{option}'; {tip}")
            if option in entries:
                raise doc.error((*key, i), f"the option '{option}' is listed twice")
            entries.append(option)
        out.append((cid, tuple(entries)))
    return tuple(out)


def _no_choice_message(model: ModelPolicy, cid: str) -> str:
    choice = model.block(cid)
    note = model.block(choice.note).text if choice and choice.note else ""
    said = f"the model says {note.strip('()')}; " if note else ""
    return (f"no choice made: {said}list the option ids this district forbids (see "
            f"`boardpolicy show {model.name}`), write `{cid}: []` to forbid none, or run "
            f"`boardpolicy init {model.name} --interactive`")


def _parse_edits(doc: YamlDoc, model: ModelPolicy, raw: Any) -> tuple[Edit, ...]:
    if raw is None:
        return ()
    edits = []
    for i, item in enumerate(check_list(doc, ("edits",), raw)):
        key = ("edits", i)
        check_mapping(doc, key, item, {*EDIT_ACTIONS, "text", "id"})
        actions = [a for a in EDIT_ACTIONS if a in item]
        if len(actions) != 1:
            raise doc.error(key, f"an edit needs exactly one of {', '.join(EDIT_ACTIONS)}")
        action = actions[0]
        target = check_text(doc, (*key, action), item[action])
        text = check_text(doc, (*key, "text"), item.get("text"),
                          required=action not in ("drop", "keep"))
        if action in ("drop", "keep") and "text" in item:
            raise doc.error((*key, "text"), f"a {action} takes no text")
        edits.append(Edit(action, target, text, check_text(doc, (*key, "id"), item.get("id"),
                                                            required=False)))
    return tuple(edits)


def _check_edit_targets(doc: YamlDoc, model: ModelPolicy, district: DistrictPolicy) -> None:
    """Every edit names a block that exists and can take that edit, once."""
    known = model.block_ids() | {e.id for e in district.edits if e.id}
    options = model.option_ids()
    adopted = {e for _, entries in district.choices for e in (entries or ()) if isinstance(e, str)}
    changed: dict[str, str] = {}
    for i, edit in enumerate(district.edits):
        key = ("edits", i, edit.action)
        target = edit.target
        if target not in known | options:
            hint = nearest(target, known | options)
            tip = f"; did you mean '{hint}'?" if hint else f"; see `boardpolicy show {model.name}`"
            raise doc.error(key, f"no block with the id '{target}'{tip}")
        block = model.block(target)
        if edit.action in ("add_after", "add_before"):
            continue  # a paragraph may be added next to any block, a choice or a note too
        if edit.action == "keep":
            if block is None or block.type != "note":
                raise doc.error(key, f"'{target}' is not a drafting note; `keep` prints a "
                                     "drafting note in the adopted policy")
            continue
        if block is not None and block.type in ("note", "references", "history", "choice"):
            why = {"note": "drafting notes are never printed in an adopted policy",
                   "references": "set `cross_references` instead",
                   "history": "set `history` instead",
                   "choice": f"choose its bullets under `choices.{target}` instead"}[block.type]
            raise doc.error(key, f"'{target}' cannot be edited this way: {why}")
        if target in options:
            if edit.action != "replace":
                raise doc.error(key, f"'{target}' is a bullet: to leave it out, remove it from "
                                     "the choices; to reword it, use `replace`")
            made = any(entries is not None for _, entries in district.choices)
            if made and target not in adopted:
                raise doc.error(key, f"'{target}' is not among the district's chosen bullets, "
                                     "so it is never printed")
        if edit.action in ("drop", "replace"):
            if target in changed:
                raise doc.error(key, f"'{target}' already has a `{changed[target]}` edit")
            changed[target] = edit.action


def _parse_references(doc: YamlDoc, raw: Any) -> tuple[Reference, ...] | None:
    if raw is None:
        return None
    out = []
    for i, item in enumerate(check_list(doc, ("cross_references",), raw)):
        key = ("cross_references", i)
        check_mapping(doc, key, item, {"code", "title"})
        out.append(Reference(check_text(doc, (*key, "code"), item.get("code"), required=False),
                             check_text(doc, (*key, "title"), item.get("title"))))
    return tuple(out)


def _parse_history(doc: YamlDoc, model: ModelPolicy, raw: Any):
    fields = [f for b in model.blocks if b.type == "history" for f in b.history]
    names = {f.key for f in fields}
    if raw is None:
        return ()
    check_mapping(doc, ("history",), raw, names)
    out = []
    for name, value in raw.items():
        key = ("history", name)
        values = value if isinstance(value, list) else ([] if value in (None, "") else [value])
        dates = []
        for i, item in enumerate(values):
            ikey = (*key, i) if isinstance(value, list) else key
            if isinstance(item, bool) or not isinstance(item, (str, int)):
                raise doc.error(ikey, f"must be a date, not {type_name(item)}")
            text = check_text(doc, ikey, str(item))
            try:
                parse_date(text)
            except ValueError as exc:
                raise doc.error(ikey, str(exc)) from None
            dates.append(text)
        out.append((name, tuple(dates)))
    return tuple(out)


# --- writing -----------------------------------------------------------------------------------

def dump_district(district: DistrictPolicy, model: ModelPolicy) -> str:
    """The district policy file as commented YAML a clerk can read and edit."""
    lines = [
        "# District policy file for boardpolicy: the district's choices and edits to a model.",
        f"# See the model with `boardpolicy show {model.name}`; check this file with",
        "# `boardpolicy validate FILE`; render it with `boardpolicy render FILE -o policy.docx`.",
        f"model: {_scalar(district.model)}",
        f"district: {_scalar(district.district)}",
        "choices:",
    ]
    for choice in model.choices:
        entries = district.chosen(choice.id)
        note = model.block(choice.note).text if choice.note else ""
        if note:
            lines += [f"  # {line}" for line in textwrap.wrap(f"The model says: {note}", 88)]
        lines.append("  # List the ids of the bullets the district forbids; [] forbids none.")
        chosen_ids = {e for e in entries or () if isinstance(e, str)}
        if entries is None:
            lines.append(f"  {choice.id}:")
        elif not entries:
            lines.append(f"  {choice.id}: []")
        else:
            lines.append(f"  {choice.id}:")
            for entry in entries:
                if isinstance(entry, OwnBullet):
                    lines.append(f"    - text: {_scalar(entry.text, 12)}")
                else:
                    lines.append(f"    - {entry}")
        width = max((len(o.id) for o in choice.options), default=0)
        for option in choice.options:
            if option.id not in chosen_ids:
                lines.append(f"  #  - {option.id.ljust(width)}  {_comment(option.text)}")
    lines.append("edits:" + ("" if district.edits else " []"))
    for edit in district.edits:
        lines.append(f"  - {edit.action}: {edit.target}")
        if edit.id:
            lines.append(f"    id: {_scalar(edit.id)}")
        if edit.action not in ("drop", "keep"):
            lines.append(f"    text: {_scalar(edit.text, 10)}")
    if district.cross_references is not None:
        lines.append("cross_references:")
        for ref in district.cross_references:
            lines.append(f"  - code: {_scalar(ref.code)}")
            lines.append(f"    title: {_scalar(ref.title)}")
    else:
        lines.append("# cross_references: the model's are printed; list code/title pairs to "
                     "change them.")
    lines.append("history:")
    lines.append("  # Dates as YYYY-MM-DD, M/D/YYYY or Month D, YYYY; printed as written.")
    values = dict(district.history)
    for field in (f for b in model.blocks if b.type == "history" for f in b.history):
        dates = values.get(field.key, ())
        if len(dates) > 1:
            lines.append(f"  {field.key}:")
            lines.extend(f"    - {_scalar(d)}" for d in dates)
        else:
            lines.append(f"  {field.key}: {_scalar(dates[0]) if dates else ''}".rstrip())
    return "\n".join(lines) + "\n"


def _comment(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 70 else flat[:67] + "..."


_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ./@_'’()-]*[A-Za-z0-9.)]$")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def _scalar(text: str, indent: int = 4) -> str:
    """Quote a value so YAML reads back exactly this string; long plain prose is folded."""
    if (len(text) <= 60 and _PLAIN.match(text) and "  " not in text
            and text.lower() not in _YAML_WORDS):
        return text
    plain_prose = (text == " ".join(text.split()) and text.isprintable()
                   and not text.startswith(("#", "'", '"')))
    if plain_prose and len(text) > 60:
        body = textwrap.wrap(text, width=max(40, 96 - indent), break_long_words=False,
                             break_on_hyphens=False)
        return ">-\n" + "\n".join(" " * indent + line for line in body)
    return _quote(text)


# What PyYAML accepts raw in a document; all else is escaped. Line separators are escaped too,
# since a raw one inside double quotes would be folded into a space.
_RAW = re.compile("[\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif _RAW.match(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'
