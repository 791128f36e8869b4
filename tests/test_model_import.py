"""`boardpolicy model import`: an association's model document -> a model file that validates,
works at once with --library, and renders back as the document printed it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from docx import Document as WordDocument

from boardpolicy.composition import compose_model
from boardpolicy.decisions import BlankKind
from boardpolicy.document import PolicyStatus
from boardpolicy.library import Library
from boardpolicy.model_import import import_model, read_header, slug
from boardpolicy.model_policy import BlockType, decision_kind
from boardpolicy.outputs.model_import import ModelImportFormat, render_model_import

ROOT = Path(__file__).parent.parent
DEMO_LIBRARY = ROOT / "tests" / "data" / "library"

# A model of our own words, in the conventions associations write in.
VOLUNTEERS = [
    "4130 — R",
    "Volunteers in the Schools",
    "The School District welcomes volunteers who help students learn.",
    "Each volunteer [shall] [may] complete a background check before working with students.",
    "The [Principal] approves each volunteer within [ten (10)] school days of an application.",
    "A volunteer who leaves returns the badge within ___ days. "
    "[OPTIONAL: The office keeps a list of badges returned.]",
    "[Note to the district: name the office that issues badges in your regulation.]",
    "Volunteers may help with [reading, art and field trips as the teacher plans them "
    "each term].",
    "Volunteers may:",
    "(DISTRICT MUST CHOOSE WHICH TASKS VOLUNTEERS MAY DO)",
    ("list", ["Read aloud to small groups;", "Chaperone field trips;",
              "Help in the library."]),
    "[OPTION 1: The Board thanks its volunteers each spring at a public meeting.]",
    "[OPTION 2: The Superintendent thanks volunteers each spring in a letter.]",
    "[OPTIONAL] The District may reimburse a volunteer's travel to a field trip.",
]


def volunteers_docx(path: Path) -> Path:
    """The model as an association sends it, made with python-docx at test time."""
    doc = WordDocument()
    for entry in VOLUNTEERS:
        if isinstance(entry, tuple):
            for item in entry[1]:
                doc.add_paragraph(item, style="List Bullet")
        elif entry == VOLUNTEERS[1]:
            doc.add_paragraph(entry, style="Title")
        else:
            doc.add_paragraph(entry)
    doc.save(str(path))
    return path


@pytest.fixture
def demo_docx(cli, tmp_path) -> Path:
    out = tmp_path / "4120-model.docx"
    assert cli("render", "demo/4120", "--library", DEMO_LIBRARY, "-o", out).code == 0
    return out


def test_the_demo_model_rendered_as_published_comes_back_with_every_decision(cli, demo_docx,
                                                                               tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    result = cli("model", "import", demo_docx, "-o", library / "demo" / "4120.yaml")
    assert result.code == 0, result.err
    assert "clean: 18 of 18 blocks the same" in result.out
    imported = Library([library]).get("demo/4120")
    demo = Library([DEMO_LIBRARY]).get("demo/4120")
    assert Counter(decision_kind(d) for d in imported.decisions()) == \
        Counter(decision_kind(d) for d in demo.decisions())
    assert imported.status is PolicyStatus.RECOMMENDED  # from the Word header
    assert [b.recommended for b in imported.blanks] == [b.recommended for b in demo.blanks]
    assert [o.text for c in imported.choices for o in c.options] == \
        [o.text for c in demo.choices for o in c.options]
    assert compose_model(imported).plain_lines() == compose_model(demo).plain_lines()


def test_the_imported_file_is_usable_at_once(cli, tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    model_file = library / "demo" / "4130.yaml"
    assert cli("model", "import", volunteers_docx(tmp_path / "v.docx"), "-o", model_file
               ).code == 0
    assert cli("validate", "--help").code == 0
    shown = cli("show", "demo/4130", "--library", library)
    assert shown.code == 0 and "volunteer-may" in shown.out, shown.err
    district = tmp_path / "cedar.yaml"
    made = cli("init", "demo/4130", "--library", library, "-o", district, "--district",
               "Cedar Valley School District", "--choose", "volunteer-may",
               "--choose", "read-aloud", "--choose", "options-board-public",
               "--set", "returns-badge-days=five (5)", "--omit", "office-keeps-list",
               "--omit", "district-reimburse-volunteer")
    assert made.code == 0, made.err
    rendered = cli("render", district, "--library", library, "-o", "-", "--format", "txt")
    assert rendered.code == 0, rendered.err
    text = rendered.out
    assert "Each volunteer may complete a background check" in text
    assert "returns the badge within five (5) days." in text
    assert "The Principal approves each volunteer within ten (10) school days" in text
    assert "Read aloud to small groups." in text and "Chaperone" not in text
    assert "The Board thanks its volunteers" in text and "Superintendent thanks" not in text
    assert "OPTIONAL" not in text and "reimburse" not in text
    assert "[reading, art" in text  # the bracket no convention explains, kept as written
    assert "name the office" not in text  # a drafting note is never printed


def test_every_convention_of_a_word_model_is_recognised(tmp_path):
    from boardpolicy.model_import import import_model_file

    result = import_model_file(volunteers_docx(tmp_path / "4130.docx"), publisher="demo")
    model = result.model
    assert model.status is PolicyStatus.REQUIRED and model.number == "4130"
    assert model.title == "Volunteers in the Schools"
    blanks = {b.id: b for b in model.blanks}
    assert blanks["principal"].kind is BlankKind.TITLE
    assert blanks["principal"].recommended == "Principal"
    days = next(b for b in model.blanks if b.unit == "school days")
    assert (days.kind, days.recommended) == (BlankKind.DAYS, "ten (10)")
    empty = blanks["returns-badge-days"]
    assert (empty.kind, empty.recommended, empty.unit) == (BlankKind.DAYS, "", "days")
    inline = next(a for a in model.alternatives if a.inline)
    assert [w.text for w in inline.wordings] == ["shall", "may"]
    whole = model.block("options")
    assert whole is not None and whole.type is BlockType.ALTERNATIVE
    assert [o.id for c in model.choices for o in c.options] == \
        ["read-aloud", "chaperone-field", "help-library"]
    assert model.choices[0].note and model.choices[0].lead_in
    assert [o.id for o in model.optionals] == ["office-keeps-list",
                                               "district-reimburse-volunteer"]
    assert "name the office that issues badges" in " ".join(result.notes)
    # a bracket no convention explains is listed, and kept in the text as written
    assert [u.text for u in result.unclassified] == \
        ["[reading, art and field trips as the teacher plans them each term]"]
    assert any("[reading, art and field trips" in b.text for b in model.blocks)
    assert "{district}" in model.blocks[0].text
    assert result.round_trip_clean, [x for x in result.round_trip if x.op.value != "equal"]


def test_flags_override_the_header(tmp_path):
    from boardpolicy.model_import import import_model_file

    result = import_model_file(volunteers_docx(tmp_path / "v.docx"), publisher="acme",
                               number="4131", edition="2025")
    assert (result.model.ref, result.model.number) == ("acme/4131@2025", "4131")


@pytest.mark.parametrize("line,number,status", [
    ("4120 — R", "4120", PolicyStatus.REQUIRED),
    ("PERSONNEL 4120 - REC", "4120", PolicyStatus.RECOMMENDED),
    ("Policy 3210 OP", "3210", PolicyStatus.OPTIONAL),
    ("PERSONNEL 4120 — Recommended", "4120", PolicyStatus.RECOMMENDED),
    ("PERSONNEL · Policy 4120 · Recommended", "4120", PolicyStatus.RECOMMENDED),
    ("4120", "4120", None),
    ("Dear members, 4120 R is coming", "", None),
])
def test_the_header_gives_number_and_status(line, number, status):
    header = read_header([line])
    assert (header.number, header.status) == (number, status)


def test_ids_are_short_readable_and_unique(library):
    assert slug("The Board will review this policy no later than") == "board-review-policy"
    model = library.get("mtsba/5460")
    result = import_model(compose_model(model), name="5460.txt", publisher="mtsba")
    ids = [b.id for b in result.model.blocks]
    assert len(ids) == len(set(ids)) and all(len(i) <= 45 for i in ids)
    assert result.round_trip_clean
    assert [o.text for o in result.model.choices[0].options] == \
        [o.text for o in model.choices[0].options]


def test_no_number_anywhere_is_one_line(cli, tmp_path):
    source = tmp_path / "model.txt"
    source.write_text("Volunteers\n\nThe District welcomes [shall] [may] volunteers.\n",
                      encoding="utf-8")
    result = cli("model", "import", source, "-o", tmp_path / "demo" / "x.yaml")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "--number" in result.err and not (tmp_path / "demo" / "x.yaml").exists()
    assert cli("model", "import", source, "--number", "4999", "--publisher", "demo"
               ).code == 0


def test_the_json_report(tmp_path, demo_docx):
    from boardpolicy.model_import import import_model_file

    result = import_model_file(demo_docx, publisher="demo")
    data = json.loads(render_model_import(result, ModelImportFormat.JSON, written="x.yaml"))
    assert data["round_trip"]["clean"] is True and data["written"] == "x.yaml"
    assert {d["kind"] for d in data["decisions"]} == {"blank", "alternative", "optional",
                                                      "choice"}


# The same model document, written once: a Markdown file and a text file of these lines are
# one document (a clerk saves it either way), and the import must not depend on which.
GRIEVANCE = """PERSONNEL 4150 — R

Grievance Procedure

The School District hears the grievance of any employee within [ten (10)] working days.

Legal Reference:
§ 39-31-101, MCA  Public employees
§ 39-31-305, MCA  Duty to bargain

Policy History:
Adopted on:
Revised on:
"""


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_references_and_history_lines_import_alike_from_markdown_and_text(tmp_path, suffix):
    from boardpolicy.model_import import import_model_file

    source = tmp_path / f"grievance-model{suffix}"
    source.write_text(GRIEVANCE, encoding="utf-8")
    result = import_model_file(source, publisher="demo")
    legal = result.model.block("legal-reference")
    assert legal is not None and [r.title for r in legal.references] == \
        ["§ 39-31-101, MCA Public employees", "§ 39-31-305, MCA Duty to bargain"]
    history = [b for b in result.model.blocks if b.type is BlockType.HISTORY]
    assert [[f.label for f in b.history] for b in history] == [["Adopted on", "Revised on"]]
    assert all(b.type is not BlockType.PARAGRAPH or "Policy History" not in b.text
               for b in result.model.blocks)
    assert [(x.op.value, x.document) for x in result.round_trip] == [("equal", line) for line in (
        "The School District hears the grievance of any employee within [ten (10)] working "
        "days.", "Legal Reference:", "§ 39-31-101, MCA Public employees",
        "§ 39-31-305, MCA Duty to bargain", "Policy History:", "Adopted on:", "Revised on:")]


NOTE_IN_A_SENTENCE = """COMMUNITY 4130 — REC

Volunteers in the Schools

The School District welcomes volunteers who help students learn.

Each volunteer signs in at the office [Note to the district: name the office that issues \
badges.] before going to a classroom.

Volunteers may help in the library.
"""


def test_a_drafting_note_moved_out_of_its_sentence_is_an_expected_difference(tmp_path):
    from boardpolicy.model_import import import_model_file

    source = tmp_path / "4130.txt"
    source.write_text(NOTE_IN_A_SENTENCE, encoding="utf-8")
    result = import_model_file(source, publisher="demo")
    assert [(x.op.value, x.published) for x in result.round_trip] == [
        ("equal", "The School District welcomes volunteers who help students learn."),
        ("equal", "Each volunteer signs in at the office before going to a classroom."),
        ("moved", "Note to the district: name the office that issues badges."),
        ("equal", "Volunteers may help in the library.")]
    assert result.round_trip_clean
    report = render_model_import(result, ModelImportFormat.TEXT)
    assert report.endswith("clean: same text; 1 drafting note moved into a block of its own "
                           "(4 of 4 blocks the same)\n"), report
    assert "differs" not in report and "\n  ~ " not in report and "\n  + " not in report
    data = json.loads(render_model_import(result, ModelImportFormat.JSON))["round_trip"]
    assert (data["clean"], data["equal"], data["moved"]) == (True, 3, 1)


def test_a_note_moved_does_not_hide_a_real_difference(tmp_path):
    from dataclasses import replace

    from boardpolicy.model_import import _body, import_model_file, round_trip
    from boardpolicy.readers import read_document

    source = tmp_path / "4130.txt"
    source.write_text(NOTE_IN_A_SENTENCE, encoding="utf-8")
    result = import_model_file(source, publisher="demo")
    changed = tmp_path / "4130-changed.txt"
    changed.write_text(NOTE_IN_A_SENTENCE.replace("signs in", "checks in"), encoding="utf-8")
    other = round_trip(_body(read_document(changed), "4130"), result.model)
    assert [x.op.value for x in other] == ["equal", "modified", "moved", "equal"]
    report = render_model_import(replace(result, round_trip=other), ModelImportFormat.TEXT)
    assert report.endswith("differs: 3 of 4 blocks the same; 1 drafting note moved into a "
                           "block of its own\n"), report
