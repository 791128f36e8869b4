"""The district policy file: every mistake names file, line and field; writing reads back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpolicy import (
    BoardPolicyError,
    DistrictPolicy,
    Edit,
    Kind,
    OwnBullet,
    compose,
    dump_district,
    load_district,
)
from boardpolicy.dates import parse_date
from boardpolicy.model_policy import Reference

from .conftest import BUTTE

GOOD = """\
model: mtsba/5460
district: Test School District
choices:
  forbidden: [phone-numbers, text-messaging]
"""

BLOCKS = GOOD.replace("[phone-numbers, text-messaging]",
                      "\n    - phone-numbers\n    - text-messaging")


def load(tmp_path: Path, text: str, library, **kw):
    path = tmp_path / "district.yaml"
    path.write_text(text, encoding="utf-8")
    return load_district(path, library, **kw)


def error_of(tmp_path: Path, text: str, library) -> str:
    with pytest.raises(BoardPolicyError) as info:
        load(tmp_path, text, library)
    return str(info.value)


@pytest.mark.parametrize("text, expected", [
    # malformed YAML: the line of the problem
    ("model: mtsba/5460\ndistrict: [unclosed\n", r"district\.yaml:3: malformed YAML"),
    ("- just\n- a list\n", r"district\.yaml:1: must be a mapping"),
    ("", r"district\.yaml: is empty"),
    # unknown model or edition: the line of `model`
    ("district: X\nmodel: mtsba/9999\n", r"district\.yaml:2: model: unknown model policy"),
    ("model: mtsba/5460@1850\ndistrict: X\n", r":1: model: .*has no edition '1850'"),
    # the YAML mistakes a clerk makes, in a clerk's words
    (BLOCKS.replace("    - text-messaging", "\t- text-messaging"),
     r"district\.yaml:6: a tab in the indentation at line 6; use spaces$"),
    (GOOD + "edits:\n  - add_after: purpose\n    text: Note: coaches may text players.\n",
     r":\d+: a colon followed by a space starts a new field at line \d+; put the text in "
     r"quotes$"),
    (BLOCKS.replace("- text-messaging", "- text-messaging      Text messaging students"),
     r":6: choices\.forbidden\[1\]: did you mean 'text-messaging'\? delete the description "
     r"after the id$"),
    # a misspelt option id gets the nearest one
    (GOOD.replace("text-messaging", "text-mesaging"),
     r":4: choices\.forbidden\[1\]: unknown option id 'text-mesaging'; did you mean "
     r"'text-messaging'\?"),
    (GOOD.replace("choices:", "choises:"), r":3: choises: unknown field 'choises'; did you "
                                           r"mean 'choices'\?"),
    # wrong types
    (GOOD.replace("district: Test School District", "district: [a, b]"),
     r":2: district: must be text, not a list"),
    (GOOD.replace("[phone-numbers, text-messaging]", "yes"), r":4: choices\.forbidden: must "
                                                             r"be a list, not true/false"),
    (GOOD + "edits: {drop: purpose}\n", r":5: edits: must be a list, not a mapping"),
    # impossible dates
    (GOOD + "history:\n  adopted: 2018-02-30\n", r":6: history\.adopted: '2018-02-30' is not "
                                                 r"a real date"),
    (GOOD + "history:\n  revised: [5/22/2018, 13/1/2019]\n",
     r":6: history\.revised\[1\]: '13/1/2019' is not a real date"),
    (GOOD + "history:\n  adopted: soon\n", r"'soon' is not a date in a form"),
    # duplicate keys and aliases are refused
    (GOOD + "district: Other\n", r":5: district: the key 'district' appears twice"),
    ("model: &m mtsba/5460\ndistrict: *m\nchoices: {forbidden: []}\n",
     r"anchors and aliases"),
    # characters that documents cannot hold
    (GOOD.replace("district: Test School District", 'district: "Test\\a School District"'),
     r":2: district: contains the control character U\+0007"),
    # no choice made, and how to make one
    ("model: mtsba/5460\ndistrict: X\n", r"no choice made: the model says DISTRICT MUST "
                                         r"CHOOSE WHICH BULLETS ARE FORBIDDEN; .*forbidden: \[\]"),
    ("model: mtsba/5460\ndistrict: X\nchoices:\n  forbidden:\n", r":4: choices\.forbidden: "
                                                                 r"no choice made"),
    # edits that cannot apply
    (GOOD + "edits:\n  - drop: purpos\n", r":6: edits\[0\]\.drop: no block with the id "
                                          r"'purpos'; did you mean 'purpose'\?"),
    (GOOD + "edits:\n  - replace: purpose\n", r"edits\[0\]\.text: is required"),
    (GOOD + "edits:\n  - drop: choose-note\n", r"drafting notes are never printed"),
    (GOOD + "edits:\n  - drop: phone-numbers\n", r"'phone-numbers' is a bullet: to leave it "
                                                 r"out, remove it from the choices"),
    (GOOD + "edits:\n  - replace: personal-email\n    text: x\n", r"not among the district's "
                                                                  r"chosen bullets"),
    (GOOD + "edits:\n  - drop: purpose\n  - replace: purpose\n    text: x\n",
     r"'purpose' already has a `drop` edit"),
    (GOOD + "edits:\n  - drop: purpose\n    replace: purpose\n", r"exactly one of"),
    (GOOD.replace("text-messaging]", "text-messaging, phone-numbers]"), r"listed twice"),
])
def test_mistakes_name_file_line_and_field(tmp_path, library, text, expected):
    message = error_of(tmp_path, text, library)
    assert re.search(expected, message), message
    assert message.startswith(str(tmp_path / "district.yaml"))


def test_missing_and_unreadable_files(tmp_path, library):
    with pytest.raises(BoardPolicyError, match="no such file"):
        load_district(tmp_path / "nope.yaml", library)
    with pytest.raises(BoardPolicyError, match="is a folder"):
        load_district(tmp_path, library)
    (tmp_path / "bin.yaml").write_bytes(b"model: \x00\x01\x02")
    with pytest.raises(BoardPolicyError, match="binary file"):
        load_district(tmp_path / "bin.yaml", library)
    (tmp_path / "latin.yaml").write_bytes("district: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(BoardPolicyError, match="not UTF-8 text"):
        load_district(tmp_path / "latin.yaml", library)


def test_an_explicit_empty_choice_is_allowed_and_drops_the_lead_in(tmp_path, library):
    district, model = load(tmp_path, GOOD.replace("[phone-numbers, text-messaging]", "[]"),
                           library)
    text = "\n".join(compose(district, model).plain_lines())
    assert "expressly forbidden" not in text
    assert "Sharing personal landline" not in text


def test_all_shorthand_and_own_bullets_in_order(tmp_path, library):
    district, model = load(tmp_path, GOOD.replace(
        "[phone-numbers, text-messaging]",
        "\n    - text-messaging\n    - text: Playing online games with students;\n"
        "    - phone-numbers"), library)
    items = [b.text for b in compose(district, model).walk() if b.kind is Kind.ITEM]
    assert items == ["Text messaging students for non-educational purposes;",
                     "Playing online games with students;",
                     "Sharing personal landline or cell phone numbers with students for "
                     "non-educational purposes."]
    district, _ = load(tmp_path, GOOD.replace("[phone-numbers, text-messaging]", "all"),
                       library)
    assert len(district.adopted_options()["forbidden"]) == 7


def test_edits_apply_in_place(tmp_path, library):
    district, model = load(tmp_path, GOOD + """\
edits:
  - drop: purpose
  - add_before: code-of-ethics
    id: mission
    text: Our mission comes first.
  - add_after: mission
    text: And then this.
  - add_after: educational-presence
    text: A closing paragraph of our own.
  - replace: phone-numbers
    text: Giving students personal phone numbers;
""", library)
    lines = compose(district, model).plain_lines()
    assert lines[1:3] == ["Our mission comes first.", "And then this."]
    assert lines[3].startswith("Public school employees")
    assert "Giving students personal phone numbers;" in lines
    closing = lines.index("A closing paragraph of our own.")
    assert lines[closing - 1].startswith("Staff should contact")


def test_district_name_fills_the_placeholder_literally(tmp_path, library):
    district, model = load(tmp_path, GOOD.replace("Test School District",
                                                  '"{district} <b>{{ 7*7 }}</b>"'), library)
    first = compose(district, model).plain_lines()[1]
    assert first.startswith("The {district} <b>{{ 7*7 }}</b> recognizes")


def test_butte_example_validates(library):
    district, model = load_district(BUTTE, library)
    assert district.adopted_options()["forbidden"] == [o.id for o in model.choices[0].options]


@pytest.mark.parametrize("text, iso", [
    ("5/22/2018", "2018-05-22"), ("2018-05-22", "2018-05-22"),
    ("November 13, 2012", "2012-11-13"), ("Nov. 13, 2012", "2012-11-13"),
    ("1/2/99", "1999-01-02"),
])
def test_dates_in_the_forms_districts_write(text, iso):
    assert parse_date(text).isoformat() == iso


@pytest.mark.parametrize("text", ["2/30/2020", "Smarch 1, 2020", "2020", "13/13/2013"])
def test_impossible_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


# --- writing reads back ----------------------------------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120
                ).filter(lambda t: t.strip() and "\ufeff" not in t and "\ufffe" not in t
                         and "\uffff" not in t)
OPTIONS = ["phone-numbers", "text-messaging", "personal-email", "soliciting-friends",
           "accepting-friends", "sanctioned-groups", "personal-websites"]


@st.composite
def districts(draw):
    entries = draw(st.lists(st.one_of(st.sampled_from(OPTIONS), texts.map(OwnBullet)),
                            max_size=9, unique=True))
    chosen = [e for e in entries if isinstance(e, str)]
    targets = ["purpose", "code-of-ethics", "socializing", "personal-use", *chosen]
    edits = []
    for target in draw(st.lists(st.sampled_from(targets), unique=True, max_size=4)):
        if target in OPTIONS:
            edits.append(Edit("replace", target, draw(texts)))
        else:
            action = draw(st.sampled_from(["drop", "replace", "add_after"]))
            edits.append(Edit(action, target, "" if action == "drop" else draw(texts)))
    return DistrictPolicy(model="mtsba/5460", district=draw(texts),
                          choices=(("forbidden", tuple(entries)),), edits=tuple(edits))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(district=districts())
def test_dump_reads_back_exactly(tmp_path_factory, library, district):
    model = library.get("mtsba/5460")
    path = tmp_path_factory.mktemp("dump") / "d.yaml"
    path.write_text(dump_district(district, model), encoding="utf-8")
    again, _ = load_district(path, library)
    assert again.district == district.district
    assert again.choices == district.choices
    assert again.edits == district.edits


def test_a_paragraph_written_as_a_yaml_block_with_line_breaks_is_one_paragraph(library, tmp_path):
    """A `|` block keeps the file's line breaks and a final newline; the policy prints one
    paragraph in every format, as HTML always did."""
    import io
    import zipfile

    from boardpolicy import Format, compose, render

    path = tmp_path / "d.yaml"
    path.write_text("model: mtsba/5460\ndistrict: Glacier School District\n"
                    "choices:\n  forbidden: [phone-numbers]\n"
                    "edits:\n  - add_after: socializing\n    text: |\n"
                    "      Staff shall report\n      any contact.\n", encoding="utf-8")
    district, model = load_district(path, library)
    document = compose(district, model)
    assert "Staff shall report any contact." in [b.text for b in document.walk()]
    with zipfile.ZipFile(io.BytesIO(render(document, Format.DOCX))) as package:
        body = package.read("word/document.xml").decode()
    assert "Staff shall report any contact." in body and "<w:br/>" not in body


# Text a hand-written quoter gets wrong: YAML's indicators, its words for true and false and
# nothing, numbers that must stay text, line breaks, and long prose that is folded.
TRICKY = ["yes", "no", "on", "off", "null", "~", "true", "0.5", "0x1F", "2020-01-01", "12",
          "- lead", "* star", "& amp", "! bang", "#hash", "a: b", "a #b", "'q'", '"q"',
          "%pct", "@at", "`tick", "| pipe", "> gt", "? q", "[x]", "{x}", "line\nbreak", " pad ",
          "é✓😀", "\u2028", "\x85", "\u00a0nbsp", "tab\there"]
yaml_texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=120)
    .filter(lambda t: "\ufeff" not in t and "\ufffe" not in t and "\uffff" not in t),
    st.lists(st.sampled_from(["the", "district", "shall", "not", "allow", "staff", "students"]),
             min_size=10, max_size=40).map(" ".join),  # prose long enough to be folded
)


@st.composite
def any_district(draw):
    """Any district data, checked or not: the writer must carry every string exactly."""
    entries = draw(st.lists(st.one_of(st.sampled_from(OPTIONS), yaml_texts.map(OwnBullet)),
                            max_size=4))
    edits = tuple(Edit(draw(st.sampled_from(["drop", "replace", "add_after", "keep"])),
                       draw(st.sampled_from(["purpose", "socializing", *OPTIONS])),
                       draw(yaml_texts), draw(st.one_of(st.just(""), yaml_texts)))
                  for _ in range(draw(st.integers(0, 2))))
    refs = draw(st.one_of(st.none(), st.lists(st.builds(Reference, yaml_texts, yaml_texts),
                                              max_size=2)))
    history = draw(st.lists(st.tuples(st.sampled_from(["adopted", "reviewed", "revised"]),
                                      st.lists(yaml_texts, max_size=3)),
                            max_size=3, unique_by=lambda kv: kv[0]))
    return DistrictPolicy(
        model=draw(st.one_of(st.just("mtsba/5460"), yaml_texts)), district=draw(yaml_texts),
        choices=(("forbidden", draw(st.one_of(st.none(), st.just(tuple(entries))))),),
        edits=edits, cross_references=None if refs is None else tuple(refs),
        history=tuple((k, tuple(v)) for k, v in history))


def _as_data(district: DistrictPolicy) -> dict:
    """What the file should hold, as plain YAML data."""
    entries = district.chosen("forbidden")
    history = dict(district.history)
    data: dict = {
        "model": district.model, "district": district.district,
        "choices": {"forbidden": None if entries is None else
                    [{"text": e.text} if isinstance(e, OwnBullet) else e for e in entries]},
        "edits": [{e.action.value: e.target, **({"id": e.id} if e.id else {}),
                   **({} if e.action.value in ("drop", "keep") else {"text": e.text})}
                  for e in district.edits],
    }
    if district.cross_references is not None:
        data["cross_references"] = [{"code": r.code, "title": r.title}
                                    for r in district.cross_references]
    data["history"] = {key: (list(history[key]) if len(history.get(key, ())) > 1 else
                             history[key][0] if history.get(key) else None)
                       for key in ("adopted", "reviewed", "revised")}
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(district=any_district())
def test_any_district_data_written_reads_back_as_the_same_data(library, district):
    """Every field, every string: written, then read by the reader (PyYAML), the same data."""
    from boardpolicy.yamlfile import load_yaml

    text = dump_district(district, library.get("mtsba/5460"))
    assert load_yaml("d.yaml", text=text).data == _as_data(district)


def test_a_long_cross_reference_title_reads_back(library, tmp_path):
    """Found by the test above: a title over 60 characters was folded at the indentation of
    its own key, a file no YAML reader can read (import refused its own output)."""
    title = "Staff Use of Social Media, Electronic Resources and District Technology Equipment"
    district = DistrictPolicy(model="mtsba/5460", district="Glacier School District",
                              choices=(("forbidden", ()),),
                              cross_references=(Reference("5015", title),),
                              history=(("adopted", ("May 14, 2019", "June 1, 2020")),))
    path = tmp_path / "d.yaml"
    path.write_text(dump_district(district, library.get("mtsba/5460")), encoding="utf-8")
    again, _ = load_district(path, library)
    assert again.cross_references == district.cross_references
    assert dict(again.history)["adopted"] == ("May 14, 2019", "June 1, 2020")


def test_no_cross_references_stays_none(library, tmp_path):
    """Found by the same test: a district with no cross references (an imported document
    without any) was written as `cross_references:` with nothing, which reads as "print the
    model's"; it is written `[]`."""
    district = DistrictPolicy(model="mtsba/5460", district="Glacier School District",
                              choices=(("forbidden", ()),), cross_references=())
    path = tmp_path / "d.yaml"
    path.write_text(dump_district(district, library.get("mtsba/5460")), encoding="utf-8")
    again, _ = load_district(path, library)
    assert again.cross_references == ()
