"""A release at once: `upgrade MANUAL` moves every policy of a manual to its model's default
edition and codes each for the board (issue 24, item 4). tests/data/release: a made-up
association's release and two districts' manuals on its previous editions."""

from __future__ import annotations

import json
import shutil

import pytest

from .conftest import DATA

RELEASE = DATA / "release"
LIBRARY = RELEASE / "library"

EXPECTED = {
    "cedar-valley": {"1010.yaml": "current", "2210.yaml": "withdrawn", "3510.yaml": "conflict",
                     "5130.yaml": "decide", "6110.yaml": "current"},
    "pine-ridge": {"1010.yaml": "current", "2210.yaml": "withdrawn", "3510.yaml": "take",
                   "5130.yaml": "conflict", "": "missing"},
}


@pytest.fixture
def manual(tmp_path):
    def copy(name: str):
        return shutil.copytree(RELEASE / name, tmp_path / name)
    return copy


@pytest.mark.parametrize("district", sorted(EXPECTED))
def test_each_policy_gets_its_code(cli, district):
    result = cli("upgrade", RELEASE / district, "-L", LIBRARY, "--format", "json")
    assert result.code == 1, result.err  # a conflict is left to settle
    data = json.loads(result.out)
    assert {p["path"]: p["code"] for p in data["policies"]} == EXPECTED[district]
    assert data["written"] is None


def test_the_text_report_has_a_line_per_policy_in_the_boards_words(cli):
    result = cli("upgrade", RELEASE / "pine-ridge", "-L", LIBRARY)
    lines = result.out.splitlines()
    assert any(line.split()[:2] == ["3510.yaml", "take"] and "take it" in line
               for line in lines)
    assert any("(prairie/6110)" in line and "new required policy the manual lacks" in line
               for line in lines)
    assert "nothing written" in result.out


def test_output_folder_holds_the_whole_manual_after_the_release(cli, manual, tmp_path):
    source = manual("pine-ridge")
    before = {p.name: p.read_text() for p in source.iterdir()}
    out = tmp_path / "after"
    result = cli("upgrade", source, "-L", LIBRARY, "-o", out)
    assert result.code == 1 and f"wrote the upgraded files to {out}" in result.out
    assert sorted(p.name for p in out.iterdir()) == sorted(before)
    assert "model: prairie/3510\n" in (out / "3510.yaml").read_text()
    assert (out / "1010.yaml").read_text() == before["1010.yaml"]
    assert {p.name: p.read_text() for p in source.iterdir()} == before  # untouched
    assert cli("upgrade", source, "-L", LIBRARY, "-o", out).code == 2  # not over a manual
    assert not list(tmp_path.glob(".after.new-*"))


def test_in_place_rewrites_the_upgraded_files_and_nothing_else(cli, manual):
    source = manual("cedar-valley")
    mission = (source / "1010.yaml").read_bytes()
    result = cli("upgrade", source, "-L", LIBRARY, "--in-place")
    assert result.code == 1
    assert "model: prairie/5130\n" in (source / "5130.yaml").read_text()
    assert "conflicts:" in (source / "3510.yaml").read_text()
    assert (source / "1010.yaml").read_bytes() == mission
    assert not [p for p in source.iterdir() if p.name.startswith(".")]
    again = json.loads(cli("upgrade", source, "-L", LIBRARY, "-f", "json").out)
    codes = {p["path"]: p["code"] for p in again["policies"]}
    assert codes["5130.yaml"] == "current"


def test_one_bad_file_and_nothing_is_written(cli, manual):
    source = manual("pine-ridge")
    (source / "9999.yaml").write_text("model: prairie/9999\ndistrict: Pine Ridge Schools\n")
    before = {p.name: p.read_bytes() for p in source.iterdir()}
    result = cli("upgrade", source, "-L", LIBRARY, "--in-place")
    assert result.code == 2
    assert "9999.yaml: not upgraded: model: unknown model policy 'prairie/9999'" in result.out
    assert {p.name: p.read_bytes() for p in source.iterdir()} == before


def test_several_files_and_usage_mistakes(cli, manual, tmp_path):
    source = manual("pine-ridge")
    result = cli("upgrade", source / "3510.yaml", source / "1010.yaml", "-L", LIBRARY,
                 "-f", "json")
    codes = [p["code"] for p in json.loads(result.out)["policies"]]
    assert codes == ["take", "current", "missing", "missing"]  # 5130 and 6110 are required
    assert cli("upgrade", source, "-L", LIBRARY, "--in-place", "-o", tmp_path / "x").code == 2
    assert cli("upgrade", source, "-L", LIBRARY, "--to", "prairie/3510").code == 2


def test_the_readme_shows_the_coded_report():
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    for code in ("take", "decide", "conflict", "current", "withdrawn", "missing"):
        assert f"  {code} " in readme or f"{code}  " in readme
