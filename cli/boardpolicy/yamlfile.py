"""YAML in: plain values with the line of every value, for error messages (roundtrip.py
writes district files).

PyYAML builds the node tree; we walk it ourselves so that every mistake can name its line,
duplicate keys are refused (PyYAML silently keeps the last), and anchors/aliases are refused
(policy files never need them, and they are how "billion laughs" bombs are built). Checks
collect their mistakes (`YamlDoc.checking`) so that one run reports all of them.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import InputError, InputTooLarge, Problems, ValidationError
from .files import read_bytes
from .xmlchars import BIDI_CONTROLS, INVISIBLE_CONTROLS, SURROGATES, XML_FORBIDDEN, char_class

MAX_YAML_BYTES = 2_000_000
MAX_DEPTH = 50  # a policy file nests four levels; deeper is a mistake or an attack

Key = tuple[Any, ...]


@dataclass
class YamlDoc:
    """Plain data from a YAML file plus the line (1-based) where each value starts."""

    path: str
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)
    flow: set[Key] = field(default_factory=set)  # mappings written inline, as { a: b }
    suggested: set[Key] = field(default_factory=set)  # fields a misspelt one may have meant
    # the text written for each plain scalar YAML 1.1 turns into something else (0131 -> 89,
    # 3210.10 -> 3210.1, NO -> False): where the schema wants text, this text is what it gets
    written: dict[Key, str] = field(default_factory=dict)
    problems: list[ValidationError] = field(default_factory=list)

    def report(self, error: ValidationError) -> None:
        """Note a mistake and carry on checking."""
        self.problems.append(error)

    @contextlib.contextmanager
    def checking(self) -> Iterator[None]:
        """One check that stands on its own: its mistake is noted and the rest go on."""
        try:
            yield
        except ValidationError as exc:
            self.report(exc)

    def raise_problems(self) -> None:
        """Every mistake noted so far, in the order of their lines, as one error."""
        if len(self.problems) == 1:
            raise self.problems[0]
        if self.problems:
            raise Problems(sorted(self.problems, key=lambda e: e.line or 0))

    def line(self, key: Key) -> int | None:
        """The line of `key`, or of its nearest ancestor that has one."""
        while True:
            if key in self.lines:
                return self.lines[key]
            if not key:
                return None
            key = key[:-1]

    def error(self, key: Key, message: str) -> ValidationError:
        name = dotted(key)
        return ValidationError(f"{name}: {message}" if name else message,
                               path=self.path, line=self.line(key))


def dotted(key: Key) -> str:
    """('choices', 'forbidden', 2) -> 'choices.forbidden[2]'."""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_text(path: str | Path, *, limit: int = MAX_YAML_BYTES, what: str = "file") -> str:
    """Read a small UTF-8 text file, turning every OS and encoding failure into one clear line."""
    try:
        raw = read_bytes(path, limit=limit, what=what)
    except InputTooLarge as exc:  # a fixed limit: --max-size does not raise it
        raise InputError(exc.message, path=exc.path) from None
    return decode_text(raw, path, what=what)


def decode_text(raw: bytes, path: str | Path, *, what: str = "file") -> str:
    if b"\0" in raw:
        raise InputError(f"is a binary file, not a {what}", path=path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (bad byte at offset {exc.start})", path=path) from None


# The YAML parser's words for the mistakes people make by hand, and what to do instead
_MISTAKES = (
    (("tab character",), "a tab in the indentation{at}; use spaces"),
    (("mapping values are not allowed",),
     "a colon followed by a space starts a new field{at}; put the text in quotes"),
)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column:column + 1] if 0 <= line < len(lines) else ""


def _in_words(problem: str, line: int | None) -> str:
    """The parser's complaint as a clerk can act on it: "a tab in the indentation at line
    7; use spaces", not "found character '\\t' that cannot start any token"."""
    for signs, words in _MISTAKES:
        if any(sign in problem for sign in signs):
            return words.format(at=f" at line {line}" if line else "")
    return f"malformed YAML: {problem}"


def load_yaml(path: str | Path, *, text: str | None = None, what: str = "YAML file") -> YamlDoc:
    """Parse one YAML document into plain Python values with line numbers."""
    import yaml  # imported here: only commands that read policy files pay for it

    if text is None:
        text = read_text(path, what=what)
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_cls(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed YAML"
        line = mark.line + 1 if mark else None
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            problem = "tab character"  # CSafeLoader: "found character that cannot start..."
        raise ValidationError(_in_words(problem, line), path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise ValidationError(f"malformed YAML: {exc}", path=path) from None
    except RecursionError:  # PyYAML's pure-Python parser, on brackets nested a thousand deep
        raise ValidationError(f"is nested more than {MAX_DEPTH} levels deep",
                              path=path) from None
    doc = YamlDoc(str(path), None)
    if node is None:
        return doc
    constructor = yaml.constructor.SafeConstructor()
    doc.data = _walk(node, (), doc, constructor, set())
    return doc


def _walk(node: Any, key: Key, doc: YamlDoc, constructor: Any, seen: set[int]) -> Any:
    import yaml

    if id(node) in seen:
        raise doc.error(key, "anchors and aliases (& and *) are not allowed here")
    if len(key) > MAX_DEPTH:
        raise doc.error(key[:2], f"is nested more than {MAX_DEPTH} levels deep")
    seen.add(id(node))
    doc.lines.setdefault(key, node.start_mark.line + 1)  # a key's own line wins
    if isinstance(node, yaml.MappingNode):
        if node.flow_style:
            doc.flow.add(key)
        out: dict[Any, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                raise doc.error(key, "a key must be plain text")
            name = knode.value
            if knode.tag.endswith(":merge"):
                raise doc.error(key, "merge keys (<<) are not allowed here")
            if name in out:
                raise ValidationError(f"{dotted((*key, name))}: the key '{name}' appears twice",
                                      path=doc.path, line=knode.start_mark.line + 1)
            child = (*key, name)
            doc.lines[child] = knode.start_mark.line + 1
            out[name] = _walk(vnode, child, doc, constructor, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*key, i), doc, constructor, seen) for i, item in enumerate(node.value)]
    if node.tag.endswith(":timestamp"):
        return node.value  # dates stay as written; the district file checks them itself
    if node.tag.endswith((":int", ":float", ":bool")) and not node.style:  # plain, unquoted
        doc.written[key] = node.value
    if not node.tag.startswith("tag:yaml.org,2002:"):
        raise doc.error(key, f"the tag '{shown(node.tag, 30)}' is not allowed here (write a "
                             "plain value)")
    try:
        return constructor.construct_object(node)
    except ValueError as exc:  # Python refuses to read an integer of over 4,300 digits
        if node.tag.endswith(":int"):
            raise doc.error(key, f"the number {shown(node.value)} has {len(node.value):,} "
                                 "digits; write it as text in quotes") from None
        raise doc.error(key, f"cannot read this value ({shown(str(exc), 80)})") from None
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        raise doc.error(key, f"cannot read this value: {shown(problem, 80)}") from None


def shown(text: str, limit: int = 40) -> str:
    """A value quoted in a message, cut short: an error never echoes a whole megabyte."""
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


# What documents cannot hold (xmlchars.py), and what prints as nothing.
_XML_FORBIDDEN = XML_FORBIDDEN | INVISIBLE_CONTROLS
# Where a name of one line (the district's) would break across two.
_LINE_BREAKS = frozenset({0x0A, 0x0D, 0x2028, 0x2029})
_BIDI_CONTROLS = BIDI_CONTROLS


@cache
def _suspect() -> re.Pattern:
    """Any of the above, so that clean text (nearly all of it) is checked by one search in C;
    compiled on first use, not on every import (`--help` reads no YAML)."""
    return re.compile(char_class(_XML_FORBIDDEN | _LINE_BREAKS | _BIDI_CONTROLS))


def check_text(doc: YamlDoc, key: Key, value: Any, *, required: bool = True,
               one_line: bool = False) -> str:
    """A text field: a string, with no forbidden characters; `one_line`: a name printed in
    headers and titles, with no line break either.

    A number or a yes/no written bare is read as the text written (`code: 0131` is "0131",
    not 89; `district: NO` is "NO", not false): YAML 1.1's guesses never change a word.
    """
    if not isinstance(value, str) and key in doc.written and value is not None:
        value = doc.written[key]
    if (value is None or value == "") and key in doc.suggested:
        return ""  # missing because misspelt: the unknown field's message says so
    if value is None or value == "":
        if required:
            raise doc.error(key, "is required and must not be empty")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise doc.error(key, f"must be text, not {type_name(value)}")
    text = str(value)
    if _suspect().search(text) is None:
        return text
    for i, ch in enumerate(text):
        code = ord(ch)
        if code in _XML_FORBIDDEN or code in SURROGATES:
            raise doc.error(key, f"contains the control character U+{code:04X} at position "
                                 f"{i + 1}, which documents cannot hold")
        if one_line and code in _LINE_BREAKS:
            raise doc.error(key, f"contains a line break (U+{code:04X}) at position {i + 1}; "
                                 "it must be one line of text")
        if code in _BIDI_CONTROLS:
            raise doc.error(key, f"contains the bidirectional control character U+{code:04X} "
                                 f"at position {i + 1}, which can make text display "
                                 "differently from what it says; remove it")
    return text


def check_mapping(doc: YamlDoc, key: Key, value: Any, allowed: set[str] | None = None) -> dict:
    """A mapping; each unknown field is noted as a mistake (the known ones are still read)."""
    if not isinstance(value, dict):
        raise doc.error(key, f"must be a mapping of names to values, not {type_name(value)}")
    if allowed is None:
        return value
    for name in value:
        if name in allowed:
            continue
        if key in doc.flow and value[name] is None:
            tip = ("; in { }, a comma separates fields: quote a value that holds one, e.g. "
                   "title: \"Staff, Students and Social Media\"")
        elif hint := nearest(str(name), allowed):
            tip = f"; did you mean '{hint}'?"
            doc.suggested.add((*key, hint))
        else:
            tip = f"; known fields: {', '.join(sorted(allowed))}"
        doc.report(doc.error((*key, name), f"unknown field '{name}'{tip}"))
    return value


def check_list(doc: YamlDoc, key: Key, value: Any) -> list:
    if not isinstance(value, list):
        raise doc.error(key, f"must be a list, not {type_name(value)}")
    return value


def type_name(value: Any) -> str:
    if value is None:
        return "empty"
    return {bool: "true/false", int: "a number", float: "a number", str: "text",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def nearest(word: str, choices: Any) -> str | None:
    """The closest known name to a misspelt one, for a 'did you mean' hint."""
    import difflib

    found = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return found[0] if found else None
