"""The bundled model is a faithful transcription of the published MTSBA 5460."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from boardpolicy import Kind, compose_model
from boardpolicy.errors import BoardPolicyError
from boardpolicy.library import Library, parse_ref

from .conftest import SEEDS

OPTION_IDS = ["phone-numbers", "text-messaging", "personal-email", "soliciting-friends",
              "accepting-friends", "sanctioned-groups", "personal-websites"]


def sentences(text: str) -> list[str]:
    """Fold white space, drop bullet markers, split after sentence punctuation."""
    text = " ".join(text.replace("·", " ").split())
    return re.split(r"(?<=[.;?!)])\s+(?=[A-Z(“\"])", text)


def test_model_text_matches_the_seed_sentence_by_sentence(library):
    seed = (SEEDS / "mtsba-5460-model.txt").read_text(encoding="utf-8")
    title, _, body = seed.strip().partition("\n")
    model = library.get("mtsba/5460")
    doc = compose_model(model)
    assert doc.title == title.strip()
    ours = [b.plain for b in doc.walk()
            if b.kind not in (Kind.REFERENCES, Kind.REFERENCE, Kind.HISTORY, Kind.ENTRY)
            and b.plain]
    assert sentences(" ".join(ours)) == sentences(body)


def test_broken_line_is_mended(library):
    text = library.get("mtsba/5460").block("personal-use").text
    assert "including during breaks or preparation periods." in text


def test_options_have_the_design_ids_in_model_order(library):
    model = library.get("mtsba/5460")
    (choice,) = model.choices
    assert [o.id for o in choice.options] == OPTION_IDS
    assert choice.id == "forbidden"


def test_drafting_note_is_a_note_not_text(library):
    model = library.get("mtsba/5460")
    note = model.block(model.choices[0].note)
    assert note.type == "note"
    assert note.text == "(DISTRICT MUST CHOOSE WHICH BULLETS ARE FORBIDDEN)"
    assert "DISTRICT MUST" not in model.block("forbidden-lead-in").text


def test_cross_references_are_those_both_adoptions_carry(library):
    refs = library.get("mtsba/5460").block("cross-references").references
    assert [(r.code, r.title) for r in refs] == [
        ("5015", "Bullying/Harassment/Intimidation"),
        ("5223", "Personal Conduct"),
        ("5255", "Disciplinary Action"),
        ("", "Professional Educators of Montana Code of Ethics"),
    ]
    for seed in ("butte-5460-adopted-2018.txt", "cut-bank-5460-adopted-2012.txt"):
        folded = " ".join((SEEDS / seed).read_text(encoding="utf-8").split())
        for ref in refs:
            assert f"{ref.code} {ref.title}".strip() in folded.replace(" " * 2, " ")


def test_placeholder_prints_the_published_words(library):
    model = library.get("mtsba/5460")
    assert "{district}" in model.block("purpose").text
    assert model.published(model.block("purpose").text).startswith("The School District ")


@pytest.mark.parametrize("ref", ["mtsba/5460", "mtsba/5460@current", " mtsba/5460 "])
def test_references_resolve(library, ref):
    assert library.get(ref).ref == "mtsba/5460@current"


@pytest.mark.parametrize("ref, message", [
    ("mtsba/5461", "unknown model policy 'mtsba/5461'; did you mean mtsba/5460?"),
    ("mtsba/5460@1999", "has no edition '1999'; editions: current"),
    ("5460", "is not a model reference"),
])
def test_unknown_references_are_explained(library, ref, message):
    with pytest.raises(BoardPolicyError, match=re.escape(message)):
        library.get(ref)


def test_parse_ref():
    assert str(parse_ref("mtsba/5460@2012")) == "mtsba/5460@2012"
    assert parse_ref("../etc/passwd") is None


def test_user_library_adds_and_overrides(tmp_path):
    bundled = Library().get("mtsba/5460")
    (tmp_path / "acme").mkdir()
    source = Path(bundled.path).read_text(encoding="utf-8")
    (tmp_path / "acme" / "100.yaml").write_text(
        source.replace("publisher: mtsba", "publisher: acme").replace('number: "5460"',
                                                                       'number: "100"'),
        encoding="utf-8")
    lib = Library([tmp_path])
    assert lib.get("acme/100").title == bundled.title
    assert lib.get("mtsba/5460").ref == "mtsba/5460@current"


def test_missing_library_folder_is_an_error(tmp_path):
    with pytest.raises(BoardPolicyError, match="model library folder does not exist"):
        Library([tmp_path / "nope"])
