"""Import: an adopted policy back to the district policy file that reproduces it."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpolicy import (
    DistrictPolicy,
    Edit,
    Format,
    OwnBullet,
    compose,
    dump_district,
    load_district,
    render,
)
from boardpolicy.diff import units
from boardpolicy.infer import infer
from boardpolicy.readers import read_document

from .conftest import DATA, ROOT, SEEDS

BUTTE = SEEDS / "butte-5460-adopted-2018.txt"
CUT_BANK = SEEDS / "cut-bank-5460-adopted-2012.txt"
CUT_BANK_2012 = ROOT / "docs" / "examples" / "cut-bank-5460-2012.yaml"
OPTIONS = ["phone-numbers", "text-messaging", "personal-email", "soliciting-friends",
           "accepting-friends", "sanctioned-groups", "personal-websites"]


def fold(text: str) -> str:
    return " ".join(text.split())


def policy_part(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[: text.index("Revised on:") + len("Revised on:")]


def round_trip(result, library, tmp_path) -> str:
    """Write the imported file, read it back as a user would, and render it to text."""
    path = tmp_path / "imported.yaml"
    path.write_text(dump_district(result.district, result.model), encoding="utf-8")
    district, model = load_district(path, library)
    return render(compose(district, model), Format.TXT).decode("utf-8")


def test_butte(library, tmp_path):
    result = infer(read_document(BUTTE), library, "mtsba/5460")
    assert result.model.ref == "mtsba/5460@current"
    assert result.district.district == "Butte School District"
    assert result.district.adopted_options() == {"forbidden": OPTIONS}
    assert {(o.id, o.status) for o in result.options} == \
        {(i, "exact") for i in OPTIONS if i != "sanctioned-groups"} | \
        {("sanctioned-groups", "reworded")}
    edits = {(e.action, e.target) for e in result.district.edits}
    assert edits == {("drop", "purpose"), ("replace", "code-of-ethics"),
                     ("replace", "socializing"), ("replace", "forbidden-lead-in"),
                     ("replace", "sanctioned-groups"), ("replace", "personal-use")}
    assert dict(result.district.history) == {"adopted": ("5/22/2018",)}
    assert result.district.cross_references is None  # the model's own four
    assert any("website navigation" in w for w in read_document(BUTTE).warnings)
    assert result.reproduced and not result.unplaced and not result.cut_off
    assert fold(round_trip(result, library, tmp_path)) == fold(policy_part(BUTTE))


def test_cut_bank_follows_the_2012_edition(library, tmp_path):
    result = infer(read_document(CUT_BANK), library, "mtsba/5460")
    assert result.model.ref == "mtsba/5460@2012"
    assert result.similarity > 0.85 and result.editions[0][0] == "2012"
    assert result.district.adopted_options() == {"forbidden": []}
    assert result.district.edits == (Edit("keep", "footnote"),)  # the footnote, recognised
    assert dict(result.district.history) == {"adopted": ("November 13, 2012",)}
    assert result.reproduced
    assert fold(round_trip(result, library, tmp_path)) == fold(policy_part(CUT_BANK))


def test_the_web_page_imports_like_the_text(library):
    page = infer(read_document(DATA / "butte-5460-web.html"), library, "mtsba/5460")
    text = infer(read_document(BUTTE), library, "mtsba/5460")
    assert page.district == text.district and page.reproduced


@pytest.mark.parametrize("name", ["iowa-401.13R2-staff-social-networking.txt",
                                  "iowa-401.13-staff-volunteer-acceptable-use.txt"])
def test_another_policy_is_refused_with_its_similarity(library, name, cli, tmp_path):
    from boardpolicy import BoardPolicyError

    with pytest.raises(BoardPolicyError, match=r"does not look like mtsba/5460: \d+% similar"):
        infer(read_document(SEEDS / name), library, "mtsba/5460")
    out = tmp_path / "d.yaml"
    result = cli("import", SEEDS / name, "--model", "mtsba/5460", "-o", out)
    assert result.code == 2 and "use --force" in result.err and not out.exists()
    forced = cli("import", SEEDS / name, "--model", "mtsba/5460", "-o", out, "--force")
    assert forced.code == 2 and "--district NAME" in forced.err  # it names no district
    forced = cli("import", SEEDS / name, "--model", "mtsba/5460", "-o", out, "--force",
                 "--district", "Iowa Test School District")
    assert forced.code == 0 and out.exists()


def test_a_document_cut_off_is_reported(library, cli, tmp_path):
    text = BUTTE.read_text(encoding="utf-8")
    cut = text[: text.index("including during breaks or") + len("including during breaks")]
    path = tmp_path / "cut.txt"
    path.write_text(cut, encoding="utf-8")
    result = infer(read_document(path), library, "mtsba/5460")
    assert result.cut_off
    out = cli("import", path, "--model", "mtsba/5460", "-o", tmp_path / "d.yaml")
    assert "probably cut off" in out.out


def test_import_command_report_and_json(cli, tmp_path):
    out = tmp_path / "butte.yaml"
    result = cli("import", BUTTE, "--model", "mtsba/5460", "-o", out)
    assert result.code == 0, result.err
    assert "mtsba/5460@current, 91% similar" in result.out
    assert "sanctioned-groups: adopted, reworded (93% alike)" in result.out
    assert "renders back to the same text" in result.out
    again = cli("import", BUTTE, "--model", "mtsba/5460", "-o", out)
    assert again.code == 2 and "already exists; use --force" in again.err
    data = json.loads(cli("import", BUTTE, "--model", "mtsba/5460", "-o", out, "--force",
                          "-f", "json").out)
    assert data["choices"] == {"forbidden": OPTIONS}
    assert data["edition"] == "current" and data["reproduced"] is True
    assert {"similarity", "options", "edits", "history", "cross_references", "unplaced",
            "cut_off", "district", "file"} <= set(data)
    stdout = cli("import", CUT_BANK, "--model", "mtsba/5460")
    assert stdout.out.startswith("# District policy file") and "mtsba/5460@2012" in stdout.out
    assert "footnote" in stdout.err  # the report goes to stderr when the file goes to stdout


# --- round trips of generated adoptions ---------------------------------------------------------

WORDS = ("staff students district board social media network website account email phone "
         "message group friends contact school teacher parents employees confidential data "
         "photographs logos equipment emergency administration superintendent training "
         "records devices privacy consent images video coaches clubs events").split()
sentence = st.lists(st.sampled_from(WORDS), min_size=5, max_size=14).map(
    lambda w: " ".join(w).capitalize() + ".")
PARAGRAPHS = ["purpose", "code-of-ethics", "socializing", "personal-use", "superintendent",
              "educational-presence"]


def library_options() -> dict[str, str]:
    from boardpolicy import Library

    return {o.id: o.text for c in Library().get("mtsba/5460").choices for o in c.options}


@st.composite
def adoptions(draw):
    entries = draw(st.lists(st.one_of(st.sampled_from(OPTIONS), sentence.map(OwnBullet)),
                            min_size=1, max_size=8, unique=True))
    edits = []
    for target in draw(st.lists(st.sampled_from(PARAGRAPHS), unique=True, max_size=3)):
        action = draw(st.sampled_from(["drop", "replace", "add_after"]))
        edits.append(Edit(action, target, "" if action == "drop" else draw(sentence)))
    chosen = [e for e in entries if isinstance(e, str)]
    if chosen and draw(st.booleans()):  # a bullet reworded, still recognisably itself
        option = library_options()[chosen[0]]
        words = option.rstrip(";.").split()
        for _ in range(draw(st.integers(1, 2))):
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
        edits.append(Edit("replace", chosen[0], " ".join(words) + ";"))
    history = (("adopted", (f"{draw(st.integers(1, 12))}/{draw(st.integers(1, 28))}/"
                            f"{draw(st.integers(2001, 2024))}",)),)
    return DistrictPolicy(model="mtsba/5460", district="Glacier Valley School District",
                          choices=(("forbidden", tuple(entries)),), edits=tuple(edits),
                          history=history)


@pytest.mark.parametrize("fmt", [Format.TXT, Format.HTML, Format.DOCX])
def test_generated_adoptions_round_trip(library, fmt):
    model = library.get("mtsba/5460")

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(district=adoptions())
    def check(district):
        original = compose(district, model)
        document = read_document(f"adopted.{fmt.value}", data=render(original, fmt))
        result = infer(document, library, "mtsba/5460")
        assert result.reproduced, result.unplaced
        again = compose(result.district, result.model)
        assert [fold(u.text) for u in units(again)] == [fold(u.text) for u in units(original)]
        assert result.district.adopted_options() == district.adopted_options()

    check()


def test_a_short_last_line_is_not_taken_for_a_cut(tmp_path):
    """Real documents end in short list items and labels without a period: no warning."""
    path = tmp_path / "list.txt"
    path.write_text("Fruit\n\nThe district serves fruit at lunch every day of the week.\n\n"
                    "- Apple\n- Banana\n", encoding="utf-8")
    assert not any("cut off" in w for w in read_document(path).warnings)


# --- a web page as school websites publish it -------------------------------------------------

def lone_pine_page(tmp_path, title: str = "Policy 5460 - Electronic Resources and Social "
                   "Networking | Lone Pine School District"):
    """A page whose policy text never names the district and which has a bar of links above
    its <h1>, made from the model's own text."""
    from html import escape

    from boardpolicy import Library, compose
    from boardpolicy.district import DistrictPolicy

    model = Library().get("mtsba/5460")
    document = compose(DistrictPolicy(model="mtsba/5460", district="Lone Pine School District",
                                      choices=(("forbidden", ("phone-numbers",)),)), model)
    body = [f"<p>{escape(b.text)}</p>" for b in document.blocks if b.text and not b.children
            and "Lone Pine" not in b.text]
    path = tmp_path / "lonepine.html"
    path.write_text(f"<!DOCTYPE html><html lang='en'><head><title>{escape(title)}</title>"
                    "</head><body><main><p><a href='#'>Print this page</a> | "
                    "<a href='5460.pdf'>Download PDF</a></p>"
                    f"<h1>{escape(document.title)}</h1>{''.join(body)}</main></body></html>",
                    encoding="utf-8")
    return path


def test_a_bar_of_links_above_the_title_is_page_furniture(cli, tmp_path):
    page = lone_pine_page(tmp_path)
    assert read_document(page).title == "Electronic Resources and Social Networking"
    result = cli("import", page, "--model", "mtsba/5460", "-f", "json")
    assert result.code == 0, result.err
    assert "Print this page" not in result.out + result.err
    assert not any(e.get("add_before") for e in json.loads(result.err)["edits"])


def test_the_district_named_only_in_the_page_title(cli, tmp_path):
    result = cli("import", lone_pine_page(tmp_path), "--model", "mtsba/5460")
    assert result.code == 0, result.err
    assert "\ndistrict: Lone Pine School District\n" in result.out


def test_no_district_name_anywhere_stops_with_the_question(cli, tmp_path):
    page = lone_pine_page(tmp_path, title="Policy 5460")
    out = tmp_path / "d.yaml"
    refused = cli("import", page, "--model", "mtsba/5460", "-o", out)
    assert refused.code == 2 and not out.exists()
    assert "give it with --district NAME" in refused.err
    given = cli("import", page, "--model", "mtsba/5460", "-o", out,
                "--district", "Lone Pine School District")
    assert given.code == 0, given.err
    assert "district: Lone Pine School District\n" in out.read_text(encoding="utf-8")
    assert cli("validate", out).code == 0


def test_import_and_upgrade_say_wrote_once(cli, tmp_path):
    out = tmp_path / "butte.yaml"
    imported = cli("import", BUTTE, "--model", "mtsba/5460", "-o", out)
    assert (imported.out + imported.err).count(f"wrote {out}") == 1
    cut_bank = tmp_path / "cut-bank.yaml"
    upgraded = cli("upgrade", CUT_BANK_2012, "-o", cut_bank, "--resolve", "district")
    assert upgraded.code == 1, upgraded.err  # written; its choice is still to make
    assert (upgraded.out + upgraded.err).count(f"wrote {cut_bank}") == 1


def test_a_reworded_bullet_moved_up_is_its_own_option_not_the_one_in_its_place(library):
    """Found by the generated round trip in CI: "Soliciting…" reworded ("phone students as
    friends…") and printed before "Text messaging…" was paired, in its place, with "Sharing
    personal landline or cell phone numbers…" (a third of its words) and imported as that."""
    from boardpolicy.district import EditAction

    model = library.get("mtsba/5460")
    district = DistrictPolicy(
        model="mtsba/5460", district="Glacier Valley School District",
        choices=(("forbidden", ("soliciting-friends", OwnBullet("Staff staff staff staff staff."),
                                "text-messaging")),),
        edits=(Edit(EditAction.REPLACE, "soliciting-friends", "phone students as friends or "
                    "contacts on social networking sites for non-educational purposes;"),),
        history=(("adopted", ("1/1/2001",)),))
    for fmt in (Format.TXT, Format.HTML, Format.DOCX):
        document = read_document(f"adopted.{fmt.value}", data=render(compose(district, model),
                                                                    fmt))
        result = infer(document, library, "mtsba/5460")
        assert result.district.adopted_options() == district.adopted_options(), fmt
        assert result.reproduced, result.unplaced
