"""`compare` has a column per decision of a v2 model; blanks show their values (issue 24)."""

from __future__ import annotations

import csv
import io
import json

from .conftest import DATA

FILES = [DATA / "decisions/cedar-valley.yaml", DATA / "decisions/defaults.yaml"]
ARGS = ["-m", "demo/4120", "-L", DATA / "library"]


def test_csv_and_json_have_a_column_per_decision(cli):
    rows = list(csv.DictReader(io.StringIO(cli("compare", *ARGS, *FILES, "-f", "csv").out)))
    assert [r["answer-time"] for r in rows] == ["ten (10)", "five (5)"]  # the model's value
    assert [r["records-verb"] for r in rows] == ["records-may", "records-shall"]
    assert [r["stipend"] for r in rows] == ["keep", "omit"]
    data = json.loads(cli("compare", *ARGS, *FILES, "-f", "json").out)
    assert data["decisions"] == ["answerer", "answer-time", "records-verb", "records-apart",
                                 "review-by", "appeal", "stipend"]
    assert data["documents"][0]["decisions"]["review-by"] == "June 30, 2027"


def test_table_and_html_show_the_blanks_values(cli, tmp_path):
    table = cli("compare", *ARGS, *FILES).out
    assert "Director of Human Resources" in table and "appeal-officer" in table
    out = tmp_path / "c.html"
    assert cli("compare", *ARGS, *FILES, "-f", "html", "-o", out).code == 0
    html = out.read_text()
    assert '<th scope="col" class="decision">answer-time</th>' in html
    assert '<td class="decision">ten (10)</td>' in html
