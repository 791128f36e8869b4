"""compare: many districts against one model, as a table, CSV, JSON and HTML."""

from __future__ import annotations

import csv
import io
import json
import re

from .conftest import BUTTE, DATA, SEEDS, VALLEY

FILES = [BUTTE, VALLEY,
         SEEDS / "butte-5460-adopted-2018.txt", SEEDS / "cut-bank-5460-adopted-2012.txt",
         DATA / "butte-5460-web.html"]


def test_json_matrix(cli):
    result = cli("compare", "--model", "mtsba/5460", *FILES, "-f", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["options"][:2] == ["phone-numbers", "text-messaging"]
    docs = {d["file"]: d for d in data["documents"]}
    butte = docs[str(SEEDS / "butte-5460-adopted-2018.txt")]
    assert butte["district"] == "Butte School District" and butte["edition"] == "current"
    assert len(butte["choices"]["forbidden"]) == 7 and butte["local_edits"] == 6
    cut_bank = docs[str(SEEDS / "cut-bank-5460-adopted-2012.txt")]
    assert cut_bank["edition"] == "2012" and cut_bank["choices"] == {"forbidden": []}
    example = docs[str(VALLEY)]
    assert example["choices"]["forbidden"] == ["text-messaging", "personal-email",
                                               "soliciting-friends"]
    assert example["own_bullets"] == 1
    assert docs[str(DATA / "butte-5460-web.html")]["choices"] == butte["choices"]


def test_csv_and_table(cli):
    rows = list(csv.DictReader(io.StringIO(cli("compare", "--model", "mtsba/5460", *FILES,
                                               "-f", "csv").out)))
    assert len(rows) == len(FILES)
    assert rows[1]["district"] == "Example Valley School District"
    assert rows[1]["phone-numbers"] == "no" and rows[1]["text-messaging"] == "yes"
    table = cli("compare", "--model", "mtsba/5460", *FILES).out
    assert "Cut Bank School District" in table and "\x1b[" not in table


def test_a_document_that_is_not_this_policy_is_one_failed_row(cli):
    result = cli("compare", "--model", "mtsba/5460", BUTTE,
                 SEEDS / "iowa-401.13R2-staff-social-networking.txt", "-f", "json")
    assert result.code == 2
    assert "does not look like mtsba/5460" in result.err and "--force" not in result.err
    documents = json.loads(result.out)["documents"]
    assert documents[0]["error"] is None and documents[1]["error"]


def test_html_report_in_chromium(cli, tmp_path):
    from .judges import dump_dom, ink_fraction, screenshot

    out = tmp_path / "compare.html"
    assert cli("compare", "--model", "mtsba/5460", *FILES, "-f", "html", "-o", out).code == 0
    assert ink_fraction(screenshot(out, tmp_path / "c.png", tmp_path / "chrome")) > 0.01
    dom = dump_dom(out, tmp_path / "chrome-dom")
    assert "<th scope=\"row\">Cut Bank School District</th>" in dom


def test_parallel_and_serial_agree(cli, tmp_path):
    many = FILES * 4
    one = json.loads(cli("compare", "--model", "mtsba/5460", *many, "-f", "json", "-j", "1").out)
    two = json.loads(cli("compare", "--model", "mtsba/5460", *many, "-f", "json", "-j", "2").out)
    assert one == two


def test_the_web_page_shows_the_figures_the_table_shows(cli, tmp_path, monkeypatch):
    from .conftest import ROOT

    monkeypatch.chdir(tmp_path)
    one, two = "lonepine-v1.yaml", "lonepine-v2.yaml"
    for path, chosen in ((one, ["phone-numbers"]), (two, ["phone-numbers", "text-messaging"])):
        assert cli("init", "mtsba/5460", "-o", path, "--district", "Lone Pine School District",
                   *[f"--forbid={c}" for c in chosen]).code == 0
    files = [one, two, BUTTE, ROOT / "docs" / "examples" / "cut-bank-5460-2012.yaml"]
    table = cli("compare", "-m", "mtsba/5460", *files).out
    page = cli("compare", "-m", "mtsba/5460", *files, "-f", "html").out
    for name in ("Lone Pine School District (lonepine-v1.yaml)", "2012*"):
        assert name in table and name in page
    assert "in 3 districts</h1>" in page and "4 of 4 documents" in page
    footer = page[page.index("Districts forbidding"):].split("</tr>")[0]
    assert re.findall(r"<td>(\d+)</td>", footer)[:2] == ["2", "2"]  # Lone Pine once, Butte
