"""A manual is a folder of policies in any form, and `check` audits it (issue 23, items 2, 4)."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from boardpolicy import Library
from boardpolicy.check import check_manual
from boardpolicy.document import FindingKind, PolicyKind
from boardpolicy.errors import InputError
from boardpolicy.manual import NumberSource, find_files, parse_number, read_manual

from .conftest import DATA

MANUAL = DATA / "manual"
AS_OF = "2025-07-01"


@pytest.fixture(scope="module")
def manual():
    return read_manual(MANUAL, Library(), jobs=1)


def by_number(manual, number: str):
    return next(p for p in manual.policies if str(p.number) == number)


@pytest.mark.parametrize("text,expected,kind", [
    ("0401_10", "0401.10", PolicyKind.POLICY), ("0401.10", "0401.10", PolicyKind.POLICY),
    ("5460P", "5460P", PolicyKind.REGULATION), ("5460F", "5460F", PolicyKind.EXHIBIT),
    ("0403.80-AR-01", "0403.80-AR-01", PolicyKind.REGULATION),
    ("5460 Electronic Resources", "5460", PolicyKind.POLICY),
    ("0401.10-contracts", "0401.10", PolicyKind.POLICY)])
def test_numbers_as_file_names_write_them(text, expected, kind):
    number = parse_number(text)
    assert number is not None and str(number) == expected and number.kind is kind


def test_no_number_in_a_name_of_words():
    assert parse_number("readme") is None and parse_number("board-goals") is None


def test_both_spellings_of_a_number_are_one(manual):
    policy = by_number(manual, "0401.10")
    assert policy.file.path.endswith("0401_10.md")
    assert policy.file.numbered_by is NumberSource.FILE_NAME
    assert parse_number("401.10").key == parse_number("0401_10").key


def test_a_decimal_read_by_yaml_takes_the_file_names_number(manual):
    policy = by_number(manual, "1102.10")
    assert policy.file.numbered_by is NumberSource.METADATA
    assert policy.file.path.endswith("1102.10.md")


def test_sections_are_sub_folders(manual):
    assert by_number(manual, "3270").file.section == "3000-students"
    assert by_number(manual, "0100").file.section == "0000-bylaws"


def test_regulations_and_exhibits_belong_to_their_policy(manual):
    assert [str(a.number) for a in by_number(manual, "3270").attachments] == ["3270P"]
    assert [str(a.number) for a in by_number(manual, "2210").attachments] == ["2210F"]
    assert [str(a.number) for a in by_number(manual, "0403.80").attachments] == [
        "0403.80-AR-01"]
    assert not manual.orphans


def test_every_form_is_read_and_failures_are_kept(manual):
    assert by_number(manual, "2110").file.path.endswith(".txt")
    assert by_number(manual, "5460").file.path.endswith(".yaml")
    (bad,) = manual.unreadable
    assert bad.path.endswith("7300.docx") and "PDF" in bad.reason
    (number, files), = manual.duplicates
    assert str(number) == "5310" and sorted(Path(f.path).suffix for f in files) == [".html",
                                                                                      ".md"]


def test_the_order_is_the_numbers(manual):
    numbers = [str(p.number) for p in manual.policies]
    assert numbers[:4] == ["0100", "0110", "0120", "0401.10"] and numbers[-1] == "7200"


def test_reading_in_parallel_gives_the_same_manual():
    assert read_manual(MANUAL, Library(), jobs=2) == read_manual(MANUAL, Library(), jobs=1)


def test_check_finds_each_kind_once(manual):
    report = check_manual(manual, as_of=date(2025, 7, 1), review_every=5)
    found = [(f.policy, f.kind) for f in report.findings]
    assert found == [
        ("3280", FindingKind.MISSING_REFERENCE), ("3400", FindingKind.BAD_DATE),
        ("5100", FindingKind.NO_DATE), ("5200", FindingKind.REVIEW_OVERDUE),
        ("5310", FindingKind.DUPLICATE_NUMBER), ("5310", FindingKind.DUPLICATE_NUMBER),
        ("5460", FindingKind.OLD_EDITION), ("7300", FindingKind.UNREADABLE)]
    assert "3295" in report.findings[0].message


def test_review_overdue_only_when_asked_and_as_of_decides(manual):
    kinds = {f.kind for f in check_manual(manual, as_of=date(2025, 7, 1)).findings}
    assert FindingKind.REVIEW_OVERDUE not in kinds
    early = check_manual(manual, as_of=date(2032, 1, 1), review_every=5)
    assert FindingKind.BAD_DATE not in {f.kind for f in early.findings}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def policy(number: str, body: str = "The Board decides.", dates: str = "adopted: 2024-01-09"
           ) -> str:
    return f"---\ncode: \"{number}\"\n{dates}\n---\n\n{body}\n"


def test_header_number_when_no_metadata(tmp_path):
    write(tmp_path, "personnel/discipline.txt",
          "PERSONNEL 5460\n\nDiscipline\n\nThe Board decides.\n\nAdopted on: 5/22/2018\n")
    manual = read_manual(tmp_path, Library())
    (only,) = manual.policies
    assert str(only.number) == "5460" and only.file.numbered_by is NumberSource.HEADER
    assert [d.written for d in only.file.metadata.dates] == ["5/22/2018"]


def test_bad_input_is_a_finding_each_and_the_rest_is_checked(tmp_path):
    write(tmp_path, "1000.md", policy("1000", "See Policy 2000 and policy 1001."))
    write(tmp_path, "2000.md", "---\ncode: [unclosed\n---\n\nText of 2000.\n")
    write(tmp_path, "3000.md", policy("3000", dates="adopted: 2021-02-30"))
    write(tmp_path, "4000.txt", "")
    (tmp_path / "5000.md").write_bytes(b"\x00\x01\x02 binary \xff" * 50)
    write(tmp_path, "6000F.md", policy("6000F"))
    write(tmp_path, "notes.md", "---\nadopted: 2024-01-01\n---\n\nNotes with no number.\n")
    report = check_manual(read_manual(tmp_path, Library()), as_of=date(2025, 1, 1))
    found = {(Path(f.file).name, f.kind) for f in report.findings}
    assert found == {
        ("1000.md", FindingKind.MISSING_REFERENCE),  # 1001, not 2000 (the file name's)
        ("2000.md", FindingKind.BAD_FRONT_MATTER), ("2000.md", FindingKind.NO_DATE),
        ("3000.md", FindingKind.BAD_DATE),
        ("4000.txt", FindingKind.UNREADABLE), ("5000.md", FindingKind.UNREADABLE),
        ("6000F.md", FindingKind.NO_POLICY), ("notes.md", FindingKind.NO_NUMBER)}
    bad = next(f for f in report.findings if f.kind is FindingKind.BAD_FRONT_MATTER)
    assert bad.message.split(":")[0] in ("line 2", "line 3")  # where the parser stopped


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_hidden_files_and_other_suffixes_are_never_opened(tmp_path):
    write(tmp_path, "1000.md", policy("1000"))
    os.mkfifo(tmp_path / "2000.md")
    write(tmp_path, ".hidden.md", policy("3000"))
    write(tmp_path, ".git/4000.md", policy("4000"))
    write(tmp_path, "picture.png", "not a policy")
    assert [p.name for p in find_files(tmp_path)] == ["1000.md"]


def test_too_many_files_is_refused(tmp_path, monkeypatch):
    import boardpolicy.manual as manual_module

    monkeypatch.setattr(manual_module, "MAX_FILES", 2)
    for number in ("1000", "2000", "3000"):
        write(tmp_path, f"{number}.md", policy(number))
    with pytest.raises(InputError, match="more than 2 policy files"):
        find_files(tmp_path)


# --- the command -------------------------------------------------------------------------------

def test_check_text_groups_by_policy_and_counts(cli):
    result = cli("check", MANUAL, "--review-every", "5", "--as-of", AS_OF)
    assert result.code == 1, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Policy 3280"
    assert lines[1].startswith("  ") and "missing-reference: refers to policy 3295" in lines[1]
    assert lines[-1] == "8 findings in 7 policies (36 files, 30 policies checked)"


def test_check_json(cli, tmp_path):
    out = tmp_path / "check.json"
    result = cli("check", MANUAL, "--as-of", AS_OF, "--format", "json", "-o", out)
    assert result.code == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "boardpolicy-check/1"
    assert set(data["findings"][0]) == {"policy", "file", "kind", "message"}
    assert [f["kind"] for f in data["findings"]].count("duplicate-number") == 2


def test_check_is_deterministic(cli):
    first = cli("check", MANUAL, "--as-of", AS_OF, "-f", "json").out
    assert first == cli("check", MANUAL, "--as-of", AS_OF, "-f", "json", "-j", "2").out


def test_a_clean_manual_exits_0(cli, tmp_path):
    write(tmp_path, "1000.md", policy("1000", "As Policy 2000 says."))
    write(tmp_path, "2000.md", policy("2000"))
    result = cli("check", tmp_path, "--as-of", AS_OF)
    assert result.code == 0 and result.out.startswith("no findings (2 files, 2 policies")


@pytest.mark.parametrize("args,words", [
    (["--as-of", "2025-02-30"], "--as-of: '2025-02-30' is not a real date"),
    (["--format", "yaml"], "--format: 'yaml' is not one of text, json"),
])
def test_bad_usage_is_one_line_and_exit_2(cli, args, words):
    result = cli("check", MANUAL, *args)
    assert result.code == 2 and result.err.strip() == f"boardpolicy: {words}"


def test_not_a_manual_is_one_line(cli, tmp_path):
    result = cli("check", tmp_path / "nowhere")
    assert result.code == 2 and "is not a folder of policies" in result.err
    assert len(result.err.strip().splitlines()) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "holds no policies" in cli("check", empty).err


def test_the_test_manual_is_left_as_it_was(tmp_path, cli):
    copy = tmp_path / "manual"
    shutil.copytree(MANUAL, copy)
    before = sorted(p.relative_to(copy) for p in copy.rglob("*"))
    cli("check", copy, "--as-of", AS_OF)
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == before


def _pid_of(item: str) -> tuple[str, int]:
    import os

    return item, os.getpid()


def test_the_first_file_of_each_form_is_read_here_and_the_rest_by_the_pool_in_order():
    """Workers forked after the first Markdown and the first DOCX were read inherit their
    readers; the results keep the files' order."""
    import os

    from boardpolicy.manual import run_warmed

    items = [f"{k}.md" for k in range(70)] + ["a.docx", "b.docx"] + ["x.md"]
    seen = []
    done = run_warmed(_pid_of, items, jobs=2, first_of=[i.rsplit(".")[-1] for i in items],
                      progress=lambda k, n: seen.append((k, n)))
    assert [item for item, _ in done] == items
    here = [item for item, pid in done if pid == os.getpid()]
    assert here == ["0.md", "a.docx"]
    assert seen[-1] == (len(items), len(items))
    assert run_warmed(_pid_of, items[:3], jobs=2) == [(i, os.getpid()) for i in items[:3]]
