"""Writes and messages under hostile conditions (issue 22, third round): exclusive creates,
signals, folder-like outputs, long names, and lines a terminal shows as they are. Rows of
docs/bad-input.md."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from boardpolicy.errors import OutputError
from boardpolicy.outputs.emit import write_atomic

from .conftest import ROOT, VALLEY
from .test_hostile import one_line

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "cli")}


def test_an_exclusive_write_refuses_a_file_that_appeared_meanwhile(tmp_path):
    """Two `import -o new.yaml` at once both passed the 'already exists' check; the write
    itself is now the check (a hard link, refused when the name exists)."""
    target = tmp_path / "new.yaml"
    write_atomic(target, b"first", exclusive=True)
    with pytest.raises(OutputError, match="already exists; use --force"):
        write_atomic(target, b"second", exclusive=True)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["new.yaml"]


@pytest.mark.parametrize("signum", ["SIGTERM", "SIGHUP"])
def test_a_signal_while_writing_leaves_no_temporary_file(tmp_path, signum):
    code = ("import os, signal, sys\n"
            "real = os.fsync\n"
            f"def fsync(fd):\n    os.kill(os.getpid(), signal.{signum})\n    real(fd)\n"
            "os.fsync = fsync\n"
            "from boardpolicy.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    result = subprocess.run([sys.executable, "-c", code, "render", str(VALLEY), "-o",
                             "out.html"], cwd=tmp_path, env=ENV, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 128 + getattr(__import__("signal"), signum), result.stderr
    assert "stopped by signal" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_outputs_that_name_a_folder_are_refused(cli, tmp_path):
    one_line(cli("render", VALLEY, "-o", f"{tmp_path}/newdir/"), "ends in '/', so it names "
                                                                  "a folder")
    assert not (tmp_path / "newdir").exists()
    page = tmp_path / "x.html"
    page.write_text("mine")
    one_line(cli("render", VALLEY, "-o", f"{page}/"), "names a folder")
    assert page.read_text() == "mine"
    (tmp_path / "folder").mkdir()
    one_line(cli("init", "mtsba/5460", "--district", "X", "--all", "-o", tmp_path / "folder",
                 "--force"), "is a folder; give the file to write")


def test_a_valid_name_of_255_characters_is_written(cli, tmp_path):
    name = "p" * 250 + ".html"
    result = cli("render", VALLEY, "-o", tmp_path / name)
    assert result.code == 0, result.err
    assert (tmp_path / name).is_file() and len(list(tmp_path.iterdir())) == 1


def test_file_names_with_escape_codes_are_shown_not_obeyed(cli, tmp_path):
    name = tmp_path / "evil\x1b[2K\nname.yaml"
    name.write_text(VALLEY.read_text(encoding="utf-8"), encoding="utf-8")
    ok = cli("validate", name)
    assert ok.code == 0 and "\x1b" not in ok.out and "evil^[[2K^Jname.yaml: ok" in ok.out
    missing = cli("render", tmp_path / "gone\x1b]0;pwned\x07.yaml")
    one_line(missing, "gone^[]0;pwned^G.yaml: no such file")
    wrote = cli("render", VALLEY, "-o", tmp_path / "out\x1b[1A.txt")
    assert wrote.code == 0 and "wrote" in wrote.err and "\x1b" not in wrote.err


def test_a_non_ascii_file_name_on_an_ascii_terminal(tmp_path):
    result = subprocess.run([sys.executable, "-m", "boardpolicy", "render", "políticа.yaml"],
                            cwd=tmp_path, capture_output=True, text=True,
                            env={**ENV, "PYTHONIOENCODING": "ascii"}, timeout=60)
    assert result.returncode == 2 and "internal error" not in result.stderr, result.stderr
    assert "no such file" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("epoch", ["99999999999999999", "253402300800"])
def test_source_date_epoch_past_year_9999(cli, monkeypatch, tmp_path, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    one_line(cli("render", VALLEY, "-o", tmp_path / "x.docx"), "SOURCE_DATE_EPOCH: "
                                                               f"'{epoch[:20]}' is past")


@pytest.mark.parametrize("size", ["0", str(10**30)])
def test_max_size_zero_or_beyond_any_file(cli, size):
    result = cli("render", VALLEY, "--max-size", size)
    assert result.code == 2 and "--max-size" in result.err and "not in the range" in \
        result.err, result.err


@pytest.mark.parametrize("name, said", [
    ("Bad\x1b[2Kname", "--district: contains the control character U+001B"),
    ("Two\nlines", "--district: contains a line break"),
    ("x" * 300, "--district: is 300 characters long"),
])
def test_init_never_writes_a_district_file_validate_refuses(cli, tmp_path, name, said):
    one_line(cli("init", "mtsba/5460", "--district", name, "--all", "-o", tmp_path / "d.yaml"),
             said)
    assert not (tmp_path / "d.yaml").exists()


def test_a_megabyte_model_reference_or_option_id_is_not_echoed_whole(cli, tmp_path):
    text = VALLEY.read_text(encoding="utf-8")
    path = tmp_path / "d.yaml"
    path.write_text(text.replace("    - personal-email\n", "    - " + "z" * 1_000_000 + "\n"),
                    encoding="utf-8")
    result = cli("render", path)
    assert result.code == 2 and len(result.err) < 1000, len(result.err)
    result = cli("render", "a/" + "b" * 1_000_000)
    assert result.code == 2 and len(result.err) < 1100 and "internal error" not in result.err
