"""Model format v2: blanks, alternatives, optional text, status and legal references, through
show, init (flags and questions), validate and render. The model is tests/data/library's
demo/4120, written for these tests; tests/data/decisions holds adoptions of it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from boardpolicy.composition import compose, compose_model
from boardpolicy.decisions import Alternative, Blank, BlankKind, Keep, OptionalText, fill
from boardpolicy.district import load_district
from boardpolicy.document import PolicyStatus
from boardpolicy.errors import BoardPolicyError
from boardpolicy.library import Library
from boardpolicy.model_policy import DecisionKind, decision_kind, load_model

DATA = Path(__file__).parent / "data"
LIBRARY = DATA / "library"
MODEL = LIBRARY / "demo" / "4120.yaml"
ADOPTED = DATA / "decisions" / "cedar-valley.yaml"
DEFAULTS = DATA / "decisions" / "defaults.yaml"
UNDECIDED = DATA / "decisions" / "undecided.yaml"

# Cedar Valley's decisions, answered at the questions in the model's order: the name, the
# three bullets, then each blank, alternative and optional text ("a few" is asked again).
ANSWERS = ("Cedar Valley School District\n" "y\nn\ny\n" "Director of Human Resources\n"
           "a few\nten (10)\n" "2\n" "n\n" "June 30, 2027\n" "2\n" "y\n")


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL)


def test_every_kind_of_decision_is_its_own_type(model):
    kinds = {d.id: decision_kind(d) for d in model.decisions()}
    assert kinds == {"answerer": DecisionKind.BLANK, "answer-time": DecisionKind.BLANK,
                     "records-verb": DecisionKind.ALTERNATIVE,
                     "records-apart": DecisionKind.OPTIONAL, "review-by": DecisionKind.BLANK,
                     "grounds": DecisionKind.CHOICE, "appeal": DecisionKind.ALTERNATIVE,
                     "stipend": DecisionKind.OPTIONAL}
    answer_time = model.decision("answer-time")
    assert isinstance(answer_time, Blank) and answer_time.kind is BlankKind.DAYS
    assert answer_time.published == "[five (5)] working days"
    appeal = model.decision("appeal")
    assert isinstance(appeal, Alternative) and not appeal.inline and not appeal.recommended
    stipend = model.decision("stipend")
    assert isinstance(stipend, OptionalText) and stipend.recommended is None
    assert model.status is PolicyStatus.RECOMMENDED and model.version == 2


def test_the_model_as_published_prints_each_decision_as_associations_do(model):
    lines = compose_model(model).plain_lines()
    assert "The [Superintendent] shall answer a written complaint within [five (5)] working " \
           "days of receiving it." in lines
    assert "Supervisors [shall] [may] keep a written record of each complaint and its answer. " \
           "[OPTIONAL: These records are kept apart from personnel files.]" in lines
    assert "The Board will review this policy no later than ___." in lines
    assert any(line.startswith("[OPTION 2: A staff member") for line in lines)
    assert any(line.startswith("[OPTIONAL] The District may provide a stipend") for line in lines)
    assert "Legal Reference:" in lines


def test_a_district_value_is_data_never_read_for_markers():
    filled = fill("{a} and {b}", {"a": "{b}", "b": "x"}.get)
    assert filled == "{b} and x"
    assert fill("One. {gone} Two.", {"gone": ""}.get) == "One. Two."


def test_a_v1_model_refuses_the_v2_fields(tmp_path):
    text = MODEL.read_text(encoding="utf-8").replace("boardpolicy-model/2",
                                                     "boardpolicy-model/1")
    path = tmp_path / "4120.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BoardPolicyError) as caught:
        load_model(path)
    assert "unknown block type 'alternative'" in str(caught.value)
    assert "needs format: boardpolicy-model/2" in str(caught.value)


def test_a_marker_that_names_nothing_is_refused_at_its_line(tmp_path):
    text = MODEL.read_text(encoding="utf-8").replace("within {answer-time}", "within {answr}")
    path = tmp_path / "4120.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BoardPolicyError) as caught:
        load_model(path)
    errors = getattr(caught.value, "errors", [caught.value])
    messages = [str(e) for e in errors]
    assert any(":26: blocks[1].text: '{answr}' names no blank" in m for m in messages)
    assert any("must say '{answer-time}' once" in m for m in messages)


def test_render_prints_the_decisions_the_status_and_legal_references(cli):
    result = cli("render", ADOPTED, "--library", LIBRARY)
    assert result.code == 0, result.err
    out = result.out
    assert "PERSONNEL 4120 — Recommended" in out
    assert "The Director of Human Resources shall answer a written complaint within ten (10) " \
           "working days of receiving it." in out
    assert "Supervisors may keep a written record of each complaint and its answer.\n" in out
    assert "kept apart" not in out and "[" not in out.replace("[", "", 0).split("Legal")[0]
    assert "appeal to a hearing officer" in out and "appeal to the Board" not in out
    assert "The District may provide a stipend" in out
    assert "no later than June 30, 2027." in out
    assert "Legal Reference: § 12-4-101, Demo Code  Employee grievances" in out
    assert "DISTRICT MUST CHOOSE" not in out


def test_defaults_are_the_models_recommendations(library_4120):
    district, model = load_district(DEFAULTS, library_4120)
    text = "\n".join(compose(district, model).plain_lines())
    assert "The Superintendent shall answer a written complaint within five (5) working " \
           "days" in text
    assert "Supervisors shall keep a written record of each complaint and its answer. These " \
           "records are kept apart from personnel files." in text
    assert "stipend" not in text


@pytest.fixture(scope="module")
def library_4120() -> Library:
    return Library([LIBRARY])


def test_validate_names_each_decision_not_made_unknown_or_of_the_wrong_kind(cli):
    result = cli("validate", UNDECIDED, "--library", LIBRARY)
    assert result.code == 2
    lines = result.err.splitlines()
    expected = [
        ":4: choices: no decision made for 'appeal'",
        ":6: choices.records-verb: 'records-must' is not a wording of 'records-verb'; did you "
        "mean 'records-may'?",
        ":8: blanks.answer-time: 'a few' is not a number of days",
        ":9: blanks.review-by: is not a date",
        ":10: blanks.answerr: unknown field 'answerr'; did you mean 'answerer'?",
        ":12: optional.stipend: must be keep or omit, not 'maybe'",
    ]
    assert len(lines) == len(expected)
    for line, part in zip(lines, expected, strict=True):
        assert part in line, line


def test_validate_accepts_the_adoptions(cli):
    result = cli("validate", ADOPTED, DEFAULTS, "--library", LIBRARY)
    assert result.code == 0, result.err
    assert result.out.count(": ok (demo/4120@current") == 2


def test_show_lists_every_decision_the_model_asks(cli):
    result = cli("show", "demo/4120", "--library", LIBRARY)
    assert result.code == 0, result.err
    out = result.out
    assert "Status: Recommended" in out
    assert "Decisions the model asks of a district (8):" in out
    for line in ("blank answer-time (days): Time to answer a complaint; recommended: five (5) "
                 "working days",
                 "blank review-by (date): The date of the next review; no recommended value",
                 "alternative records-verb (words in a sentence)",
                 "records-shall: shall  (recommended)",
                 "alternative appeal (whole paragraphs): Who hears an appeal?",
                 "optional sentence records-apart", "optional paragraph stipend",
                 "choice grounds: May a complaint concern this?"):
        assert line in out, line


def _rendered(cli, path) -> str:
    result = cli("render", path, "--library", LIBRARY)
    assert result.code == 0, result.err
    return result.out


def test_init_by_flags_makes_every_decision(cli, tmp_path):
    out = tmp_path / "d.yaml"
    result = cli("init", "demo/4120", "-o", out, "--library", LIBRARY,
                 "--district", "Cedar Valley School District",
                 "--choose", "working-conditions", "--choose", "treatment",
                 "--choose", "records-may", "--choose", "appeal-officer",
                 "--set", "answerer=Director of Human Resources", "--set", "answer-time=ten (10)",
                 "--set", "review-by=June 30, 2027", "--omit", "records-apart",
                 "--keep", "stipend")
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "  records-verb: records-may\n" in text and "  answer-time: ten (10)\n" in text
    assert "  records-apart: omit\n" in text
    assert _rendered(cli, out) == _rendered(cli, ADOPTED).replace("Adopted on: 9/10/2024",
                                                                  "Adopted on:")


def test_init_writes_the_recommendations_and_leaves_open_what_the_model_does_not_say(cli,
                                                                                     tmp_path):
    out = tmp_path / "d.yaml"
    result = cli("init", "demo/4120", "-o", out, "--library", LIBRARY, "--district", "Lake SD",
                 "--choose", "assignments")
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "  answer-time: five (5)\n" in text and "  records-verb: records-shall\n" in text
    assert "  review-by:\n" in text and "  appeal:\n" in text and "  stipend:\n" in text
    assert "'review-by', 'appeal', 'stipend'" in result.err or \
        "'appeal', 'review-by', 'stipend'" in result.err or "next: decide" in result.err
    refused = cli("validate", out, "--library", LIBRARY)
    assert refused.code == 2
    assert refused.err.count("no decision made") == 3


@pytest.mark.parametrize(("flags", "message"), [
    (("--set", "answer-time=soon"), "--set: answer-time: 'soon' is not a number of days"),
    (("--set", "answr=3"), "--set: unknown blank id 'answr' for demo/4120; did you mean"),
    (("--set", "answer-time"), "--set: write BLANK=VALUE"),
    (("--omit", "stipnd"), "--omit: unknown optional text id 'stipnd'"),
    (("--choose", "records-may", "--choose", "records-shall"), "are two wordings of"),
])
def test_init_refuses_a_flag_that_names_nothing_or_a_value_of_the_wrong_kind(cli, tmp_path,
                                                                              flags, message):
    out = tmp_path / "d.yaml"
    result = cli("init", "demo/4120", "-o", out, "--library", LIBRARY, "--district", "Lake SD",
                 *flags)
    assert result.code == 2 and message in result.err, result.err
    assert not out.exists()


def test_init_interactive_asks_each_decision_with_the_recommendation_as_default(
        cli, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(ANSWERS))
    out = tmp_path / "d.yaml"
    result = cli("init", "demo/4120", "-o", out, "--interactive", "--library", LIBRARY)
    assert result.code == 0, result.err
    err = result.err
    assert "Time to answer a complaint (days)" in err and "Value [five (5)]:" in err
    assert "answer-time: 'a few' is not a number of days" in err
    assert "1. shall (recommended)" in err and "Number 1-2 [1]:" in err
    assert "Keep it? [Y/n]:" in err and "Keep it? [y/n]:" in err
    assert result.out == ""
    assert _rendered(cli, out) == _rendered(cli, ADOPTED).replace("Adopted on: 9/10/2024",
                                                                  "Adopted on:")


def test_an_empty_answer_takes_the_recommendation(cli, tmp_path, monkeypatch):
    answers = "Lake SD\n" "y\ny\ny\n" "\n\n" "\n" "\n" "2026-05-01\n" "1\n" "n\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    out = tmp_path / "d.yaml"
    assert cli("init", "demo/4120", "-o", out, "-i", "--library", LIBRARY).code == 0
    district, _ = load_district(out, Library([LIBRARY]))
    assert dict(district.blanks) == {"answerer": "Superintendent", "answer-time": "five (5)",
                                     "review-by": "2026-05-01"}
    assert dict(district.optional) == {"records-apart": Keep.KEEP, "stipend": Keep.OMIT}
    assert dict(district.alternatives) == {"records-verb": "records-shall",
                                           "appeal": "appeal-board"}


def test_the_v1_model_is_untouched_by_the_new_format(cli):
    result = cli("show", "mtsba/5460")
    assert result.code == 0 and "Decisions the model asks" not in result.out


# --- diff against the model: decisions are listed in words, never counted -------------------

def test_diff_of_model_and_an_adoption_that_only_decided_counts_no_change(cli):
    result = cli("diff", "demo/4120", ADOPTED, "--library", LIBRARY, "--format", "json")
    assert result.code == 0, result.err
    import json

    data = json.loads(result.out)
    summary = data["summary"]
    assert (summary["inserted"], summary["deleted"], summary["modified"], summary["moved"]) == \
        (0, 0, 0, 0)
    listed = data["listed"] if "listed" in data else data["changes"]
    assert not [item for item in listed if item["by_district"]]
    words = [item["description"] for item in listed]
    for sentence in (
            "The blank “[five (5)] working days” is filled in: ten (10) working days.",
            "The blank “[Superintendent]” is filled in: Director of Human Resources.",
            "The district chose “may”.",
            "The optional sentence “These records are kept apart from…” is not adopted.",
            "The optional paragraph “The District may provide a stipend…” is adopted.",
            "The district chose “A staff member not satisfied with the answer may appeal to a "
            "hearing officer…”."):
        assert any(sentence in w for w in words), sentence


def test_a_decided_sentence_the_district_also_reworded_is_its_change(cli, tmp_path):
    edited = tmp_path / "d.yaml"
    edited.write_text(ADOPTED.read_text(encoding="utf-8") + """edits:
  - replace: answer
    text: The Director of Human Resources shall answer a complaint within ten (10) days.
""", encoding="utf-8")
    result = cli("diff", "demo/4120", edited, "--library", LIBRARY)
    assert result.code == 0, result.err
    assert "1 change by the district" in result.out


def test_terminal_diff_says_each_decision_in_words(cli):
    result = cli("diff", "demo/4120", DEFAULTS, "--library", LIBRARY)
    assert "0 changes by the district" in result.out
    assert "The district chose “shall”." in result.out
    assert "The optional paragraph “The District may provide a stipend…” is not adopted." \
        in result.out


# --- import: each decision recovered from an adopted document, with its evidence -------------

@pytest.mark.parametrize("suffix", ["txt", "md", "html", "docx"])
@pytest.mark.parametrize("adopted", [ADOPTED, DEFAULTS], ids=["cedar-valley", "defaults"])
def test_import_recovers_every_decision_and_renders_back(cli, tmp_path, suffix, adopted):
    document = tmp_path / f"adopted.{suffix}"
    assert cli("render", adopted, "-o", document, "--library", LIBRARY).code == 0
    out = tmp_path / "imported.yaml"
    result = cli("import", document, "--model", "demo/4120", "-o", out, "--library", LIBRARY)
    assert result.code == 0, result.err
    assert "renders back to the same text" in result.err + result.out
    library = Library([LIBRARY])
    imported, model = load_district(out, library)
    original, _ = load_district(adopted, library)
    for blank in model.blanks:
        assert imported.value(blank) == original.value(blank), blank.id
    for alt in model.alternatives:
        assert imported.wording(alt) == original.wording(alt), alt.id
    for opt in model.optionals:
        assert imported.keeps(opt) == original.keeps(opt), opt.id
    assert not imported.edits


def test_import_json_gives_each_decision_with_its_evidence(cli, tmp_path):
    document = tmp_path / "adopted.txt"
    assert cli("render", ADOPTED, "-o", document, "--library", LIBRARY).code == 0
    result = cli("import", document, "--model", "demo/4120", "--library", LIBRARY,
                 "--format", "json", "-o", tmp_path / "imported.yaml")
    assert result.code == 0, result.err
    import json

    data = json.loads(result.out)
    found = {d["id"]: (d["kind"], d["value"]) for d in data["decisions"]}
    assert found == {"answerer": ("blank", "Director of Human Resources"),
                     "answer-time": ("blank", "ten (10)"),
                     "records-verb": ("alternative", "records-may"),
                     "records-apart": ("optional", "omit"),
                     "review-by": ("blank", "June 30, 2027"),
                     "appeal": ("alternative", "appeal-officer"),
                     "stipend": ("optional", "keep")}
    evidence = {d["id"]: d["evidence"] for d in data["decisions"]}
    assert evidence["answer-time"].startswith("The Director of Human Resources shall answer")
