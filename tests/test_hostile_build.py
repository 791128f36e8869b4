"""Hostile input to `build` (issue 22, third round): nothing of the user's is lost, and a
build always ends. Rows of docs/bad-input.md."""

from __future__ import annotations

import os
import threading

from .manual import make_manual


def _build(cli, tmp_path, numbers=("1005", "2100"), out="site"):
    library, policies = make_manual(tmp_path, list(numbers))
    return cli("build", policies, "-o", tmp_path / out, "--library", library), policies, library


def test_a_fifo_in_a_manual_folder_is_left_out_not_waited_for(cli, tmp_path):
    library, policies = make_manual(tmp_path, ["1005"])
    os.mkfifo(policies / "zz.yaml")
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(
        cli("build", policies, "-o", tmp_path / "site", "--library", library)), daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():  # let the stuck build go, then fail
        with open(policies / "zz.yaml", "w"):
            pass
        raise AssertionError("build waited on a FIFO")
    # as `check` does (manual.find_files): regular files only, the FIFO never opened
    assert outcome[0].code == 0, outcome[0].err
    assert sorted(p.name for p in (tmp_path / "site").glob("*.html")) == ["1005.html",
                                                                         "index.html"]


def test_two_districts_of_one_folder_name_each_keep_their_manual(cli, tmp_path):
    library, policies = make_manual(tmp_path, ["1005"])
    text = (policies / "policy-1005.yaml").read_text(encoding="utf-8")
    names = ["Butte School District", "BUTTE SCHOOL DISTRICT!", "Школьный округ Бьютт",
             "Школьный округ Хелена"]
    for k, name in enumerate(names):
        (policies / f"d{k}.yaml").write_text(
            text.replace("Glacier School District", name), encoding="utf-8")
    (policies / "policy-1005.yaml").unlink()
    result = cli("build", policies, "-o", tmp_path / "site", "--library", library)
    assert result.code == 0, result.err
    pages = list((tmp_path / "site").glob("*/1005.html"))
    assert len(pages) == 4
    assert {name for page in pages for name in names
            if name in page.read_text(encoding="utf-8")} == set(names)


def test_a_policy_numbered_index_is_refused_not_overwritten(cli, tmp_path):
    result, _, _ = _build(cli, tmp_path, ("1005", "index"))
    assert result.code == 2 and "is the name of the site's table of contents" in result.err


def test_build_replaces_only_a_site_it_made(cli, tmp_path):
    library, policies = make_manual(tmp_path, ["1005"])
    thesis = tmp_path / "docs"
    (thesis / "chapter1").mkdir(parents=True)
    (thesis / "chapter1" / "thesis.tex").write_text("years of work")
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    for target, said in ((thesis, "is a folder boardpolicy did not make"),
                         (notes, "is a file, not a site folder")):
        result = cli("build", policies, "-o", target, "--library", library)
        assert result.code == 2 and said in result.err, result.err
        assert result.err.count("\n") == 1
    assert (thesis / "chapter1" / "thesis.tex").read_text() == "years of work"
    assert notes.read_text() == "my notes"
    empty = tmp_path / "empty"
    empty.mkdir()
    for _ in range(2):  # an empty folder, then the site boardpolicy made there
        result = cli("build", policies, "-o", empty, "--library", library)
        assert result.code == 0 and (empty / "1005.html").is_file(), result.err


def test_a_site_named_through_a_symbolic_link_keeps_the_link(cli, tmp_path):
    library, policies = make_manual(tmp_path, ["1005"])
    real = tmp_path / "real-site"
    link = tmp_path / "SITE"
    real.mkdir()
    link.symlink_to(real)
    for _ in range(2):
        result = cli("build", policies, "-o", link, "--library", library)
        assert result.code == 0, result.err
        assert link.is_symlink() and (real / "1005.html").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".SITE.old")]
