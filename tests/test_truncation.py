"""A document cut off, as the model shows it: its last block is the start of a model block,
or it stops in the middle of the model's list with the rest of the policy missing. Flagged by
diff (every format), the packet cover, import and compare; never for a complete adoption."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from boardpolicy.composition import compose_model
from boardpolicy.diff import Side, diff_documents
from boardpolicy.diff.truncation import cut_off
from boardpolicy.document import FindingKind
from boardpolicy.infer import OptionStatus, infer
from boardpolicy.inputs import compare_inputs
from boardpolicy.readers import read_document

from .conftest import DATA, EXAMPLES, ROOT, SEEDS

SEED = SEEDS / "butte-5460-adopted-2018.txt"
CUT = DATA / "butte-5460-cut-in-bullet.txt"  # Butte's page, stopping at "• Accepting th"
AFTER_THE_CUT = ["accepting-friends", "sanctioned-groups", "personal-websites"]
IN_BULLET = ("the text stops in the middle of the bullet “Accepting th…”: it is probably cut "
             "off; options after it are not known")
BULLETS = ("Sharing personal landline", "Text messaging", "Emailing", "Soliciting",
           "Accepting", "Creation", "Sharing with")


def seed_cut(tmp_path: Path, before: str, keep: str = "", name: str = "cut.txt") -> Path:
    """Butte's seed page up to (not including) `before`, then `keep`: a cut made at test
    time, so the evidence is the real page and nothing else."""
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(text[: text.index(before)] + keep, encoding="utf-8")
    return path


def without_bullets(tmp_path: Path, dropped: tuple[str, ...], *, end: str = "",
                    name: str = "fewer.txt") -> Path:
    """Butte's seed page without the bullets starting with `dropped`; with `end`, the page
    stops after the bullet starting so (whose mark is kept as printed)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not any(line.startswith(f"- {d}") for d in dropped)]
    if end:
        kept = kept[: next(k for k, line in enumerate(kept) if line.startswith(f"- {end}")) + 1]
    path = tmp_path / name
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def model_diff(path: Path, library, *, model_side: Side = Side.OLD):
    """The document at `path` diffed against the model, the model on `model_side`."""
    document = read_document(path)
    policy = library.get("mtsba/5460")
    model = compose_model(policy, district=document.district)
    if model_side is Side.OLD:
        return diff_documents(model, document, old_model=policy, old_name="model",
                              new_name="doc")
    return diff_documents(document, model, new_model=policy, old_name="doc", new_name="model")


def cuts(diff) -> list[str]:
    return [f.words for f in diff.findings if f.kind is FindingKind.CUT_OFF]


# --- the evidence -----------------------------------------------------------------------------

def test_the_committed_cut_is_the_seed_page_up_to_the_cut():
    cut = CUT.read_text(encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8").replace("\n- ", "\n• ")
    assert cut.endswith("• Accepting th\n") and seed.startswith(cut[: -len("th\n")])


@pytest.mark.parametrize("side", [Side.OLD, Side.NEW])
def test_a_page_cut_inside_a_bullet_is_cut_off_whichever_side_the_model_is(library, side):
    diff = model_diff(CUT, library, model_side=side)
    assert cuts(diff) == [f"doc: {IN_BULLET}"]
    cut = cut_off(diff.changes, side)
    assert cut is not None and list(cut.unknown) == AFTER_THE_CUT
    assert cut.fragment is not None and diff.changes[cut.fragment].unit.text == "Accepting th"


def test_the_reader_alone_does_not_see_it(library):
    """The reader's rule judges prose of 15 words or more: "Accepting th" is the model's
    evidence alone."""
    assert not read_document(CUT).has(FindingKind.CUT_OFF)


def test_a_cut_made_from_the_seed_with_its_own_marks(tmp_path, library):
    path = seed_cut(tmp_path, "- Accepting the", "- Accepting th\n")
    assert cuts(model_diff(path, library)) == [f"doc: {IN_BULLET}"]


def test_a_prose_paragraph_of_fewer_than_15_words_cut_short(tmp_path, library):
    path = seed_cut(tmp_path, " to establish an educational related social media presence.",
                    "\n")
    assert not read_document(path).has(FindingKind.CUT_OFF)  # 10 words: the reader can't tell
    assert cuts(model_diff(path, library)) == [
        "doc: the text stops in the middle of the paragraph “Staff should contact the "
        "administration if they would like…”: it is probably cut off"]


def test_a_page_that_stops_after_a_bullet_in_the_middle_of_the_list(tmp_path, library):
    path = seed_cut(tmp_path, "- Accepting the")
    assert not read_document(path).has(FindingKind.CUT_OFF)  # its last line ends in ";"
    diff = model_diff(path, library)
    assert cuts(diff) == ["doc: the text stops after the bullet “Soliciting students as "
                          "friends or contacts…”, in the middle of the model’s list, and the "
                          "rest of the policy is missing: it is probably cut off; options "
                          "after it are not known"]
    cut = cut_off(diff.changes, Side.OLD)
    assert cut is not None and list(cut.unknown) == AFTER_THE_CUT and cut.fragment is None


def test_the_models_words_replace_the_readers_guess(tmp_path, library):
    """A paragraph of 15 words and more cut off: the reader flags it too; the diff says it
    once, in the model's words, which name the paragraph and where it stops."""
    path = seed_cut(tmp_path, " staff development opportunities and to develop", "\n")
    assert read_document(path).has(FindingKind.CUT_OFF)
    assert cuts(model_diff(path, library)) == [
        "doc: the text stops in the middle of the paragraph beginning “The Board directs the "
        "Superintendent or…”, at “…learning, to provide appropriate”: it is probably cut off"]


# --- no false positives -------------------------------------------------------------------------

def test_a_district_that_did_not_adopt_the_last_bullets_is_not_cut_off(tmp_path, library):
    path = without_bullets(tmp_path, BULLETS[4:])  # its list ends "…purposes;", then goes on
    assert cuts(model_diff(path, library)) == []
    assert not infer(read_document(path), library, "mtsba/5460").cut_off


def test_a_list_that_ends_with_a_full_stop_is_complete(tmp_path, library):
    text = without_bullets(tmp_path, BULLETS[4:], end="Soliciting").read_text(encoding="utf-8")
    path = tmp_path / "ends.txt"
    path.write_text(text.replace("purposes;\n", "purposes.\n"), encoding="utf-8")
    assert text.rstrip().endswith("purposes;")
    assert cuts(model_diff(path, library)) == []


def test_a_last_bullet_printed_without_its_period_is_complete(tmp_path, library):
    """The model's evidence: a bullet that lacks only its mark is no fragment of the model's,
    and with no option after it the list was not cut in its middle."""
    path = seed_cut(tmp_path, "personal information and occurrences.",
                    "personal information and occurrences\n")
    assert cut_off(model_diff(path, library).changes, Side.OLD) is None


REAL = [SEED, SEEDS / "cut-bank-5460-adopted-2012.txt",
        SEEDS / "iowa-401.13-staff-volunteer-acceptable-use.txt",
        SEEDS / "iowa-401.13R2-staff-social-networking.txt", DATA / "butte-5460-web.html",
        *sorted((ROOT / "docs" / "examples" / "documents").iterdir()),
        *sorted(EXAMPLES.glob("*/5460.yaml"))]


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
@pytest.mark.parametrize("model", ["mtsba/5460", "mtsba/5460@2012"])
def test_real_adoptions_are_never_cut_off(path, model, library):
    for old, new in ((model, str(path)), (str(path), model)):
        diff = compare_inputs(old, new, library).diff
        assert cuts(diff) == [], (old, new)


@pytest.mark.parametrize("path", [SEED, SEEDS / "cut-bank-5460-adopted-2012.txt",
                                  DATA / "butte-5460-web.html",
                                  *sorted((ROOT / "docs" / "examples" / "documents").iterdir())],
                         ids=lambda p: p.name)
def test_real_adoptions_import_whole(path, library):
    result = infer(read_document(path), library, "mtsba/5460")
    assert not result.cut_off and not result.unknown
    assert OptionStatus.UNKNOWN not in {o.status for o in result.options}


# --- import -------------------------------------------------------------------------------------

def test_import_says_the_options_after_the_cut_are_not_known(library):
    result = infer(read_document(CUT), library, "mtsba/5460")
    assert result.cut_off and list(result.unknown) == AFTER_THE_CUT
    assert IN_BULLET in result.warnings
    assert {o.id: o.status for o in result.options if o.id in AFTER_THE_CUT} == \
        dict.fromkeys(AFTER_THE_CUT, OptionStatus.UNKNOWN)
    # the fragment is the cut, not a bullet of the district's own
    assert result.district.adopted_options() == {"forbidden": [
        "phone-numbers", "text-messaging", "personal-email", "soliciting-friends"]}
    assert all(entry in ("phone-numbers", "text-messaging", "personal-email",
                         "soliciting-friends") for _, entries in result.district.choices
               for entry in entries or ())


def test_import_report_text_and_json(cli, tmp_path):
    text = cli("import", CUT, "--model", "mtsba/5460", "-o", tmp_path / "d.yaml")
    assert text.code == 0, text.err
    assert f"note: {IN_BULLET}" in text.out
    for option in AFTER_THE_CUT:
        assert f"  {option}: not known (after the cut)" in text.out
    assert "bullet of the district's own" not in text.out
    data = json.loads(cli("import", CUT, "--model", "mtsba/5460", "-o", tmp_path / "d.yaml",
                          "--force", "-f", "json").out)
    assert data["cut_off"] is True and data["unknown"] == AFTER_THE_CUT
    assert IN_BULLET in data["warnings"] and data["own_bullets"] == {"forbidden": []}
    assert [o["status"] for o in data["options"]][-3:] == ["unknown"] * 3


def test_import_of_a_complete_page_has_no_unknown_options(cli, tmp_path):
    data = json.loads(cli("import", SEED, "--model", "mtsba/5460", "-o", tmp_path / "d.yaml",
                          "-f", "json").out)
    assert data["cut_off"] is False and data["unknown"] == []


# --- diff, every format, and the packet ---------------------------------------------------------

NOTE = f"{CUT}: {IN_BULLET}"


@pytest.mark.parametrize("fmt", ["terminal", "unified", "json"])
def test_diff_flags_it_in_text_formats(cli, fmt):
    out = cli("diff", "mtsba/5460", CUT, "-f", fmt).out
    assert NOTE in out
    if fmt == "json":
        assert NOTE in json.loads(out)["warnings"]


def test_diff_side_by_side_flags_it(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # wide enough that the note is one line
    assert NOTE in cli("diff", "mtsba/5460", CUT, "-f", "side-by-side").out


def test_diff_html_flags_it(cli, tmp_path):
    out = tmp_path / "d.html"
    assert cli("diff", "mtsba/5460", CUT, "-f", "html", "-o", out).code == 0
    assert IN_BULLET in out.read_text(encoding="utf-8")


def test_diff_docx_puts_it_as_a_comment_on_the_last_words(cli, tmp_path):
    out = tmp_path / "d.docx"
    assert cli("diff", "mtsba/5460", CUT, "-f", "docx", "-o", out).code == 0
    with zipfile.ZipFile(out) as docx:
        comments = docx.read("word/comments.xml").decode()
        body = docx.read("word/document.xml").decode()
    assert IN_BULLET in comments
    last = body.rsplit("<w:commentRangeStart", 1)[1]
    assert "Accepting th</w:t>" in last.split("<w:commentRangeEnd", 1)[0]


def test_diff_docx_carries_a_readers_cut_too(cli, tmp_path):
    """Two documents, no model: the reader's finding is the comment."""
    path = seed_cut(tmp_path, " or\npreparation periods.", "\n")
    out = tmp_path / "d.docx"
    assert cli("diff", SEED, path, "-f", "docx", "-o", out).code == 0
    with zipfile.ZipFile(out) as docx:
        comments = docx.read("word/comments.xml").decode()
    assert "the text ends in the middle of a sentence: it is probably cut off" in comments


@pytest.mark.parametrize("suffix", ["html", "docx"])
def test_the_packet_cover_warns(cli, tmp_path, suffix):
    out = tmp_path / f"p.{suffix}"
    assert cli("packet", "mtsba/5460", CUT, "-o", out).code == 0
    if suffix == "html":
        text = out.read_text(encoding="utf-8")
    else:
        with zipfile.ZipFile(out) as docx:
            text = docx.read("word/document.xml").decode()
    assert "Warning" in text and "it is probably cut off; options after it are not known" in text


# --- compare ------------------------------------------------------------------------------------

def test_compare_says_unknown_after_the_cut(cli, tmp_path):
    files = [SEED, CUT]
    data = json.loads(cli("compare", "--model", "mtsba/5460", *files, "-f", "json").out)
    cut = data["documents"][1]
    assert cut["cut_off"] is True and cut["unknown"] == AFTER_THE_CUT
    assert data["documents"][0]["unknown"] == []
    rows = list(csv.DictReader(io.StringIO(
        cli("compare", "--model", "mtsba/5460", *files, "-f", "csv").out)))
    assert [rows[1][o] for o in AFTER_THE_CUT] == ["unknown"] * 3
    assert [rows[0][o] for o in AFTER_THE_CUT] == ["yes"] * 3
    assert rows[1]["soliciting-friends"] == "yes" and rows[1]["cut_off"] == "yes"
    table = cli("compare", "--model", "mtsba/5460", *files).out
    assert "(cut off)" in table and "not known" in table
    out = tmp_path / "c.html"
    assert cli("compare", "--model", "mtsba/5460", *files, "-f", "html", "-o", out).code == 0
    assert out.read_text(encoding="utf-8").count('<td class="unknown">') == 3


# --- the list of changes says nothing false past the cut -------------------------------------

@pytest.mark.parametrize("side", [Side.OLD, Side.NEW], ids=["old", "new"])
def test_nothing_past_the_cut_is_counted_as_the_districts(library, side):
    """The fragment is no bullet of the district's own, the options after the cut are not
    "not forbidden", and the paragraphs after it are not "removed": all are not known."""
    diff = model_diff(CUT, library, model_side=side)
    counted = [i.description for i in diff.listed if i.by_district]
    assert not any("Accepting th" in d or "Removes the paragraph beginning “Accessing" in d
                   or "Board directs" in d for d in counted), counted
    words = {i.description for i in diff.listed}
    for bullet in ("Accepting the solicitation", "Creation of", "Sharing with student"):
        said = [d for d in words if bullet in d]
        assert said and all("is not known: the document is cut off" in d for d in said), said
    assert "The document stops in the middle of “Accepting th…”: it is cut off." in words
    assert list(diff.summary.options_not_known) == AFTER_THE_CUT
    assert not set(AFTER_THE_CUT) & set(diff.summary.options_not_adopted)
    assert "options adopted 4 of 7, 3 not known (cut off)" in diff.summary.line()


def test_import_of_a_cut_page_drops_nothing_it_did_not_see(library):
    """Paragraphs after the cut are not "dropped" edits, and the cross references the page
    never reached stay the model's (None), not "none" ([])."""
    result = infer(read_document(CUT), library, "mtsba/5460")
    dropped = [e.target for e in result.district.edits if e.action.value == "drop"]
    assert not {"personal-use", "superintendent", "educational-presence"} & set(dropped)
    assert result.district.cross_references is None


def test_a_share_below_one_is_never_printed_as_100_percent():
    from boardpolicy.diff.result import _percent

    assert (_percent(0.9986), _percent(1.0), _percent(0.874)) == ("99%", "100%", "87%")
