"""The diff: seed expectations, properties that must always hold, options and outputs."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from boardpolicy import Document, compose_model
from boardpolicy.diff import Category, DiffOptions, Op, Side, diff_documents
from boardpolicy.diff.words import rebuild, word_spans
from boardpolicy.document import Block, Kind
from boardpolicy.outputs.diff import DiffFormat
from boardpolicy.readers import read_document

from .conftest import SEEDS, VALLEY, check_golden, format_diff


def model_vs(library, path, **options):
    model = library.get("mtsba/5460")
    new = read_document(path)
    old = compose_model(model, district=new.district)
    return diff_documents(old, new, DiffOptions(**options), old_model=model,
                          old_name="mtsba/5460", new_name=path.name)


def changed(diff, op):
    return [c for c in diff.changes if c.op is op and c.category in (Category.NONE,
                                                                     Category.OPTION_ADOPTED)]


def test_model_against_butte(library):
    diff = model_vs(library, SEEDS / "butte-5460-adopted-2018.txt")
    deleted = changed(diff, Op.DELETE)
    assert [c.old_text[:40] for c in deleted] == ["The School District recognizes that an e"]
    first = next(c for c in changed(diff, Op.MODIFY) if c.new_text.startswith("Public school"))
    assert [s.text for s in first.spans if s.op is Op.INSERT] == [
        " when using District resources, in social networking and in maintaining relations "
        "with their students"]
    personal_use = next(c for c in changed(diff, Op.MODIFY)
                        if c.new_text.startswith("Accessing"))
    pairs = [(s.op, s.text) for s in personal_use.spans if s.op is not Op.EQUAL]
    assert (Op.DELETE, "asked") in pairs
    assert (Op.INSERT, "specifically authorized in writing") in pairs
    bullet_six = next(c for c in diff.changes if (c.old and c.old.id) == "sanctioned-groups")
    assert bullet_six.category is Category.OPTION_ADOPTED and bullet_six.op is Op.MODIFY
    assert [(s.op, s.text) for s in bullet_six.spans if s.op is not Op.EQUAL] == [
        (Op.DELETE, "without granting"), (Op.INSERT, "that grant")]
    # the cross references and history fields are the model's own, as every district gets
    # them: not changes; the adoption date fills in a field the model leaves blank
    assert changed(diff, Op.INSERT) == []
    assert [c.new_text for c in diff.changes if c.category is Category.MODEL] == [
        "Cross Reference:", "5015 Bullying/Harassment/Intimidation", "5223 Personal Conduct",
        "5255 Disciplinary Action", "Professional Educators of Montana Code of Ethics",
        "Policy History:", "Reviewed on:", "Revised on:"]
    assert [c.new_text for c in diff.changes if c.category is Category.FILLED_IN] == [
        "Butte School District", "Adopted on: 5/22/2018"]
    assert diff.headline == "6 changes by the district"
    assert len(diff.summary.options_adopted) == 7 and not diff.summary.options_not_adopted
    everything = json.dumps(diff.to_dict())
    assert "opens in new window" not in everything and "5630" not in everything
    assert any("website navigation" in w for w in diff.warnings)


def test_options_not_adopted_are_not_deletions(library):
    district = VALLEY
    from boardpolicy import compose, load_district

    d, model = load_district(district, library)
    new = compose(d, model)
    old = compose_model(model, district=new.district)
    diff = diff_documents(old, new, old_model=model)
    assert sorted(diff.summary.options_not_adopted) == ["accepting-friends",
                                                         "personal-websites", "phone-numbers",
                                                         "sanctioned-groups"]
    assert diff.summary.deleted == 1  # the dropped "Staff should contact…" paragraph
    assert diff.summary.filled_in >= 2  # header and "The Example Valley School District…"
    raw = diff_documents(compose_model(model), new, DiffOptions(model_aware=False))
    assert raw.summary.deleted > diff.summary.deleted
    assert not raw.summary.options_not_adopted
    assert any(c.old and c.old.kind == "note" and c.op is Op.DELETE for c in raw.changes)


def test_butte_against_cut_bank(library):
    diff = diff_documents(read_document(SEEDS / "butte-5460-adopted-2018.txt"),
                          read_document(SEEDS / "cut-bank-5460-adopted-2012.txt"))
    inserted = [c.new_text[:30] for c in diff.changes if c.op is Op.INSERT]
    deleted = [c.old_text[:30] for c in diff.changes if c.op is Op.DELETE]
    assert "Therefore, the Cut Bank School" in inserted  # the 2012 edition's paragraph
    assert sum(1 for t in deleted if t.startswith(("Sharing", "Text", "Emailing", "Solicit",
                                                   "Accepting", "Creation"))) == 7
    district_line = next(c for c in diff.changes if c.kind == "district")
    assert district_line.op is Op.MODIFY
    adopted = next(c for c in diff.changes if c.kind == "entry" and "Adopted" in c.new_text)
    assert adopted.op is Op.MODIFY  # one history line, re-dated
    assert [(s.op, s.text) for s in adopted.spans if s.op is not Op.EQUAL] == [
        (Op.DELETE, "5/22/2018"), (Op.INSERT, "November 13, 2012")]
    assert 0.5 < diff.summary.similarity < 0.95


def test_the_two_iowa_policies(library):
    diff = diff_documents(read_document(SEEDS / "iowa-401.13R2-staff-social-networking.txt"),
                          read_document(SEEDS / "iowa-401.13-staff-volunteer-acceptable-use.txt"))
    assert diff.summary.similarity < 0.5
    assert diff.summary.unchanged == 0


# --- properties -----------------------------------------------------------------------------

words = st.sampled_from(["staff", "students", "shall", "not", "the", "District", "post",
                         "social", "media", "don’t", "don't", "technology-based", "Board",
                         "policy", "a", "school"])
punct = st.sampled_from([",", ".", ";", " ", "  ", "\n", "(", ")", "“", "”", "-"])
texts = st.lists(st.one_of(words, punct, st.text(max_size=3)), max_size=40).map(
    lambda parts: " ".join(parts))
options = st.builds(DiffOptions, ignore_case=st.booleans(), ignore_punctuation=st.booleans(),
                    ignore_typography=st.booleans())


@settings(max_examples=400, deadline=None)
@given(old=texts, new=texts, opts=options)
def test_spans_rebuild_both_texts_exactly(old, new, opts):
    spans = word_spans(old, new, opts)
    assert rebuild(spans, Side.OLD) == old
    assert rebuild(spans, Side.NEW) == new


@settings(max_examples=200, deadline=None)
@given(old=texts, new=texts)
def test_spans_are_whole_words(old, new):
    """Semantic clean-up at word level: no change starts or ends inside a word."""
    for span in word_spans(old, new):
        if span.op is Op.EQUAL or not span.text:
            continue
        assert span.text == "".join(re.findall(r"\w+(?:['’]\w+)*|\s+|[^\w\s]", span.text))


lower = st.lists(st.sampled_from(["a", "b", "the", "shall", " ", "  ", ",", "-", "a b"]),
                max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(start=lower, old=lower, new=lower, end=lower)
def test_only_the_shared_text_near_an_edit_is_diffed(start, old, new, end):
    """The plain diff reads only a little of what both texts share at their ends; the diff
    that ignores case reads all of it. On lower-case text they must agree."""
    old, new = start + old + end, start + new + end
    assert word_spans(old, new) == word_spans(old, new, DiffOptions(ignore_case=True))


tricky = st.lists(st.sampled_from(["Staff", "staff", "don’t", "don't", "‘a", "é", "e\u0301",
                                   "\u0301", "\u200b", "\u00a0", " ", "\n", "-", "ΣΑΣ", "ﬁ",
                                   "\u0345", "a'", "_"]), max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(start=tricky, old=tricky, new=tricky, end=tricky)
def test_dice_of_two_texts_is_dice_of_their_bags(start, old, new, end):
    from collections import Counter

    from boardpolicy.diff.normalize import words as words_of
    from boardpolicy.diff.similar import alike, dice

    old, new = start + old + end, start + new + end
    assert alike(old, new) == dice(Counter(words_of(old)), Counter(words_of(new)))


def test_no_printable_white_space_but_the_space():
    """prose.fold leaves printable text without double spaces as it is: this is why."""
    import sys

    assert not [c for c in map(chr, range(sys.maxunicode + 1))
                if c.isspace() and c.isprintable() and c != " "]


@given(st.text())
def test_fold_is_white_space_folded(text):
    from boardpolicy.prose import fold

    assert fold(text) == " ".join(text.split())


paragraph = st.lists(words, min_size=4, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")


def document(paragraphs: list[str]) -> Document:
    return Document(title="T", blocks=tuple(Block(Kind.PARAGRAPH, p) for p in paragraphs))


@settings(max_examples=150, deadline=None)
@given(paras=st.lists(paragraph, max_size=12))
def test_a_document_against_itself_is_all_equal(paras):
    doc = document(paras)
    diff = diff_documents(doc, doc)
    assert all(c.op is Op.EQUAL for c in diff.changes)
    assert diff.summary.similarity == 1.0 and not diff.has_differences


VOCABULARY = (
    "staff student students district board policy social media network website post share "
    "personal account email phone text message group friend contact school teacher parent "
    "employee confidential data photograph logo equipment break emergency administration "
    "superintendent procedure training record approve monitor forbid permit discipline "
    "conduct ethics code relationship classroom device internet privacy consent image video "
    "team coach club event"
).split()
prose = st.lists(st.sampled_from(VOCABULARY), min_size=6, max_size=16, unique=True).map(
    lambda w: " ".join(w).capitalize() + ".")


def distinct(paragraphs: list[str]) -> bool:
    """No two paragraphs similar enough to be taken for versions of each other."""
    from collections import Counter

    from boardpolicy.diff.align import MODIFY_THRESHOLD, dice
    from boardpolicy.diff.normalize import words as words_of

    bags = [Counter(words_of(p)) for p in paragraphs]
    return all(dice(bags[i], bags[j]) < MODIFY_THRESHOLD
               for i in range(len(bags)) for j in range(i))


@st.composite
def edited_pair(draw):
    """A document and an edited version: paragraphs dropped, added, reworded and moved."""
    old = draw(st.lists(prose, min_size=1, max_size=10, unique=True))
    added = draw(st.lists(prose, max_size=3))
    assume(distinct(old + added))
    new = []
    for text in old:
        action = draw(st.sampled_from(["keep", "keep", "drop", "reword"]))
        if action == "keep":
            new.append(text)
        elif action == "reword":
            words_ = text.rstrip(".").split()
            k = draw(st.integers(0, len(words_) - 1))
            words_[k] = draw(st.sampled_from(VOCABULARY))
            new.append(" ".join(words_) + ".")
    for text in added:
        new.insert(draw(st.integers(0, len(new))), text)
    if len(new) > 1 and draw(st.booleans()):
        new.insert(draw(st.integers(0, len(new) - 1)), new.pop(draw(st.integers(0, len(new) - 1))))
    return old, new


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(pair=edited_pair())
def test_swapping_sides_swaps_insertions_and_deletions(pair):
    old, new = pair
    forward = diff_documents(document(old), document(new)).summary
    backward = diff_documents(document(new), document(old)).summary
    assert (forward.inserted, forward.deleted) == (backward.deleted, backward.inserted)
    # the same blocks are paired both ways; which of two crossing paragraphs counts as the
    # one that moved may differ, as either answer is right
    assert forward.modified + forward.moved + forward.unchanged == \
        backward.modified + backward.moved + backward.unchanged


@settings(max_examples=150, deadline=None)
@given(paras=st.lists(paragraph, min_size=2, max_size=12, unique=True), data=st.data())
def test_shuffled_paragraphs_are_moves(paras, data):
    shuffled = data.draw(st.permutations(paras))
    diff = diff_documents(document(paras), document(shuffled))
    ops = {c.op for c in diff.changes}
    assert Op.INSERT not in ops and Op.DELETE not in ops and Op.MODIFY not in ops
    assert diff.summary.moved == sum(1 for a, b in zip(paras, shuffled, strict=True)
                                     if a != b) - 0 or diff.summary.moved <= len(paras)
    assert diff.summary.unchanged + diff.summary.moved == len(paras) + 1  # + the title


@settings(max_examples=100, deadline=None)
@given(paras=st.lists(paragraph, min_size=3, max_size=10, unique=True), data=st.data())
def test_each_paragraph_of_old_and_new_is_accounted_for_once(paras, data):
    new = data.draw(st.lists(st.sampled_from(paras), max_size=12))
    diff = diff_documents(document(paras), document(new))
    olds = sorted(c.old_index for c in diff.changes if c.old is not None)
    news = sorted(c.new_index for c in diff.changes if c.new is not None)
    assert olds == list(range(len(paras) + 1))
    assert news == list(range(len(new) + 1))


# --- normalisation -----------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, flag", [
    ("Staff don’t post.", "Staff don't post.", "ignore_typography"),
    ("technology-based interactivity", "technology based interactivity", "ignore_typography"),
    ("The “groups” here", 'The "groups" here', "ignore_typography"),
    ("The District shall", "the district shall", "ignore_case"),
    ("Staff, students; and parents.", "Staff students and parents", "ignore_punctuation"),
])
def test_each_normalisation_is_shown_unless_asked(old, new, flag):
    a, b = document([old]), document([new])
    shown = diff_documents(a, b)
    assert shown.summary.modified == 1
    ignored = diff_documents(a, b, DiffOptions(**{flag: True}))
    assert ignored.summary.modified == 0 and ignored.summary.unchanged == 2
    change = ignored.changes[1]
    assert rebuild(change.spans, Side.OLD) == old and rebuild(change.spans, Side.NEW) == new


def test_white_space_never_counts():
    diff = diff_documents(document(["Staff  shall\tnot post."]), document(["Staff shall not "
                                                                          "post."]))
    assert diff.summary.modified == 0 and not diff.has_differences


# --- outputs --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def butte_diff(library):
    return model_vs(library, SEEDS / "butte-5460-adopted-2018.txt")


@pytest.mark.parametrize("fmt", [DiffFormat.TERMINAL, DiffFormat.UNIFIED, DiffFormat.JSON,
                                 DiffFormat.HTML, DiffFormat.SIDE_BY_SIDE])
def test_diff_outputs_match_golden_files(butte_diff, fmt):
    suffix = {"terminal": "txt", "unified": "diff", "json": "json", "html": "html",
              "side-by-side": "sbs.txt"}[fmt.value]
    check_golden(f"diff-model-butte.{suffix}", format_diff(butte_diff, fmt, width=100))


odd = st.text(st.characters(codec="utf-8") | st.sampled_from(['"', "\\", "\n", "\x00", "\u2028"]),
              max_size=12)


@settings(max_examples=100, deadline=None)
@given(olds=st.lists(odd, max_size=6), news=st.lists(odd, max_size=6))
def test_each_json_block_is_json_dumps_of_its_dict(butte_diff, olds, news):
    """render_json writes the blocks out by hand, for speed: as json.dumps would."""
    from boardpolicy.outputs.diff.json import _block

    ignoring = DiffOptions(ignore_case=True, ignore_punctuation=True)
    for diff in (butte_diff, diff_documents(document(olds), document(news)),
                 diff_documents(document(olds), document(news), ignoring)):
        for change in diff.changes:
            assert _block(change) == json.dumps(change.to_dict(), ensure_ascii=False)


def test_json_has_the_documented_schema(butte_diff):
    data = json.loads(format_diff(butte_diff, DiffFormat.JSON))
    assert set(data["summary"]) >= {"inserted", "deleted", "modified", "moved", "unchanged",
                                    "similarity"}
    for block in data["blocks"]:
        assert block["op"] in {"equal", "insert", "delete", "modify", "move"}
        assert {"old_text", "new_text", "spans"} <= set(block)
        for span in block["spans"]:
            assert span["op"] in {"equal", "insert", "delete"} and "text" in span


def test_terminal_plain_markers_and_pinned_colours(butte_diff):
    plain = format_diff(butte_diff, DiffFormat.TERMINAL)
    assert "[-without granting-]{+that grant+}" in plain
    assert "\x1b[" not in plain
    coloured = format_diff(butte_diff, DiffFormat.TERMINAL, color=True)
    assert "\x1b[9;31mwithout granting\x1b[0m" in coloured  # red, struck through
    assert "\x1b[4;32mthat grant\x1b[0m" in coloured  # green, underlined


@pytest.mark.parametrize("width", [60, 100, 160])
def test_side_by_side_fits_the_width(butte_diff, width):
    out = format_diff(butte_diff, DiffFormat.SIDE_BY_SIDE, width=width)
    assert max(len(line) for line in out.splitlines()) <= width
    assert "[-without granting-]" in out.replace("\n", " ") or "without" in out


def test_every_format_gives_the_same_count_and_descriptions(butte_diff):
    """One list of changes, computed once: the terminal, side-by-side, unified, HTML redline,
    packet and JSON state the same count in the same words and the same sentences."""
    from html import unescape

    from boardpolicy.outputs import Context
    from boardpolicy.outputs.packet import PacketFormat, render_packet

    from .conftest import SEEDS as seeds

    assert butte_diff.headline == "6 changes by the district"
    sentences = [item.description for item in butte_diff.listed]
    assert len(sentences) == 15 and sum(i.by_district for i in butte_diff.listed) == 6
    new = read_document(seeds / "butte-5460-adopted-2018.txt")
    shown = {fmt.value: format_diff(butte_diff, fmt, width=250)
             for fmt in (DiffFormat.TERMINAL, DiffFormat.UNIFIED, DiffFormat.SIDE_BY_SIDE,
                         DiffFormat.HTML)}
    shown["packet"] = render_packet(butte_diff, new, PacketFormat.HTML, Context())
    for name, text in shown.items():
        flat = " ".join(unescape(text).replace("│", " ").split())
        assert "6 changes by the district" in flat, name
        counted = [s for i, s in zip(butte_diff.listed, sentences, strict=True)
                   if i.by_district]
        for sentence in counted if name == "unified" else sentences:
            assert " ".join(sentence.split()) in flat, (name, sentence)
    data = json.loads(format_diff(butte_diff, DiffFormat.JSON))
    assert data["headline"] == "6 changes by the district"
    assert [c["description"] for c in data["changes"]] == sentences
    assert {c["category"] for c in data["changes"]} == {"district", "option", "filled-in",
                                                        "note"}


def test_a_document_unlike_the_model_gets_a_warning(library):
    """Against a model, a document that is not an adoption of it at all says so (import
    refuses the same document); a real adoption does not."""
    iowa = model_vs(library, SEEDS / "iowa-401.13-staff-volunteer-acceptable-use.txt")
    assert any("does not look like mtsba/5460" in w for w in iowa.warnings)
    butte = model_vs(library, SEEDS / "butte-5460-adopted-2018.txt")
    assert not any("does not look like" in w for w in butte.warnings)


def test_moved_and_edited_is_found_among_many_leftovers():
    """Pairing moved-and-edited paragraphs has no cut-off: with 601 unmatched paragraphs on
    each side (361,201 pairs, above the 250,000 where it once stopped), the paragraph moved
    to the end with one word changed is still a move."""
    import random

    rng = random.Random(5)

    def sentence() -> str:
        return " ".join("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=8))
                        for _ in range(12)) + "."

    moved = "Staff shall report every concern about a student to the principal at once."
    olds = [moved, "Anchor paragraph that stays.", *(sentence() for _ in range(600))]
    news = ["Anchor paragraph that stays.", *(sentence() for _ in range(600)),
            moved.replace("every", "each")]
    diff = diff_documents(Document(title="T", blocks=tuple(Block(Kind.PARAGRAPH, t) for t in olds)),
                          Document(title="T", blocks=tuple(Block(Kind.PARAGRAPH, t) for t in news)))
    moves = [c for c in diff.changes if c.op is Op.MOVE]
    assert [(c.old_text, c.new_text) for c in moves] == [(moved, moved.replace("every", "each"))]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefgh"), min_size=3, max_size=12), min_size=1,
                max_size=12),
       st.lists(st.lists(st.sampled_from("abcdefgh"), min_size=3, max_size=12), min_size=1,
                max_size=12))
def test_similar_pairs_finds_what_comparing_every_pair_finds(olds, news):
    """The prefix filter for moved-and-edited paragraphs misses no pair at the threshold
    (blocks of three words or more, as alignment asks)."""
    from collections import Counter

    from boardpolicy.diff.align import MOVE_THRESHOLD, _similar_pairs, dice

    a, b = [Counter(w) for w in olds], [Counter(w) for w in news]
    every = sorted(((dice(a[i], b[j]), i, j) for i in range(len(a)) for j in range(len(b))
                    if dice(a[i], b[j]) >= MOVE_THRESHOLD), reverse=True)
    assert _similar_pairs(list(range(len(a))), list(range(len(b))), a, b,
                          MOVE_THRESHOLD) == every


@given(st.text(st.sampled_from("ab \n\t")), st.integers(0, 8))
def test_short_is_the_first_words(text, n):
    from boardpolicy.diff.wording import short

    words_ = text.split()
    assert short(text, n) == " ".join(words_[:n]) + ("…" if len(words_) > n else "")


def test_a_short_block_is_named_by_its_whole_text_not_its_beginning():
    from boardpolicy.diff.wording import named

    assert named("heading", "Policy History:") == "heading “Policy History:”"
    assert named("paragraph", "Public school employees are held to a high standard") == \
        "paragraph beginning “Public school employees are held to…”"


def test_no_change_by_the_district_is_not_called_the_same_when_it_decided(library, tmp_path):
    """Found by a new-user tryout: "0 changes by the district" then "None: the two versions
    say the same", though the district left out six bullets and filled in its name."""
    from boardpolicy.inputs import compare_inputs

    district = tmp_path / "lone-pine.yaml"
    district.write_text("model: mtsba/5460\ndistrict: Lone Pine School District\n"
                        "choices:\n  forbidden: [phone-numbers]\n", encoding="utf-8")
    diff = compare_inputs("mtsba/5460", str(district), library).diff
    assert diff.by_district == 0 and diff.listed
    assert diff.none_counted == "None in the policy's text; what else differs is listed below."
    same = compare_inputs(str(district), str(district), library).diff
    assert same.none_counted == "None: the two versions say the same."


@pytest.mark.parametrize("suffix", [".docx", ".md", ".html"])
def test_the_model_against_its_own_render_counts_no_change(cli, tmp_path, suffix):
    # Before (a second tryout): our Word render prints the note as "Drafting note: (…)", and
    # the diff counted "Adds a paragraph: “Drafting note:”" as the district's change
    rendered = tmp_path / f"model{suffix}"
    assert cli("render", "mtsba/5460", "-o", str(rendered)).code == 0
    result = cli("diff", "mtsba/5460", str(rendered), "--format", "json")
    assert json.loads(result.out)["headline"] == "0 changes by the district"
