"""build: a whole manual to a site; check; failures; the site swapped only when complete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import BUTTE, ROOT
from .manual import make_manual

NUMBERS = ["1005", "2100", "3210", "5460", "5015", "2000"]


@pytest.fixture
def manual(tmp_path):
    library, policies = make_manual(tmp_path, NUMBERS)
    return tmp_path, library, policies


def test_build_writes_every_policy_and_an_index(cli, manual):
    root, library, policies = manual
    site = root / "site"
    result = cli("build", policies, "-o", site, "--library", library)
    assert result.code == 0, result.err
    names = sorted(p.name for p in site.iterdir())
    assert names == sorted([".boardpolicy-site", "index.html", "search-index.js", "search.js"]
                           + [f"{n}.{e}" for n in NUMBERS for e in ("docx", "html")])
    index = (site / "index.html").read_text(encoding="utf-8")
    # by series, then by number; titles, dates and links
    assert index.index("SCHOOL BOARD") < index.index("INSTRUCTION") < \
        index.index("PERSONNEL")
    assert index.index(">2000<") < index.index(">2100<")
    assert index.index(">5015<") < index.index(">5460<")
    assert '<a href="5460.html">Policy 5460 of the Manual</a>' in index
    assert '<a href="5460.docx"' in index and "4/1/2019" in index
    assert index.count("<script") == 1 and '<script src="search.js" defer></script>' in index


def test_check_finds_missing_and_stale_outputs(cli, manual):
    root, library, policies = manual
    site = root / "site"
    assert cli("build", policies, "-o", site, "--library", library).code == 0
    fresh = cli("build", policies, "-o", site, "--library", library, "--check")
    assert fresh.code == 0 and "the site is up to date" in fresh.out
    (site / "2100.docx").unlink()
    path = policies / "policy-5015.yaml"
    path.write_text(path.read_text().replace("[phone-numbers]", "[text-messaging]"))
    stale = cli("build", policies, "-o", site, "--library", library, "--check")
    assert stale.code == 1
    assert f"{site / '2100.docx'}: missing" in stale.out
    assert f"{site / '5015.docx'}: out of date" in stale.out
    assert f"{site / '5015.html'}: out of date" in stale.out
    assert "1005" not in stale.out  # untouched policies are not reported


def test_one_broken_file_fails_the_run_but_not_the_others(cli, manual):
    root, library, policies = manual
    site = root / "site"
    assert cli("build", policies, "-o", site, "--library", library).code == 0
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    (policies / "broken.yaml").write_text("model: acme/1005\ndistrict: [\n")
    (policies / "typo.yaml").write_text("model: acme/2100\ndistrict: X\nchoices: "
                                        "{forbidden: [phone-number]}\n")
    result = cli("build", policies, "-o", site, "--library", library)
    assert result.code == 2
    assert "broken.yaml:3: malformed YAML" in result.err
    assert "did you mean 'phone-numbers'?" in result.err
    assert "2 of 8 policy files failed" in result.err
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before  # left as it was


def test_two_files_claiming_one_policy_number(cli, manual):
    root, library, policies = manual
    (policies / "copy.yaml").write_text((policies / "policy-5460.yaml").read_text())
    result = cli("build", policies, "-o", root / "site", "--library", library)
    assert result.code == 2
    assert "policy 5460 is also claimed by" in result.err
    assert not (root / "site").exists()


def test_output_folder_inside_the_input_folder(cli, manual):
    root, library, policies = manual
    result = cli("build", policies, "-o", policies / "site", "--library", library)
    assert result.code == 2 and "inside the policy folder" in result.err
    result = cli("build", policies, "-o", root, "--library", library)
    assert result.code == 2 and "contains the policy folder" in result.err


def test_a_policy_number_that_would_write_outside_the_site(cli, manual):
    root, library, policies = manual
    model = (library / "acme" / "1005.yaml").read_text()
    (library / "acme" / "evil.yaml").write_text(
        model.replace('number: "1005"', 'number: "../../escape"'))
    (policies / "evil.yaml").write_text("model: acme/../../escape\ndistrict: X\n")
    result = cli("build", policies, "-o", root / "site", "--library", library)
    assert result.code == 2
    assert not (root / "escape.html").exists() and not (root.parent / "escape.html").exists()


def test_same_input_same_site(cli, manual):
    root, library, policies = manual
    for name in ("a", "b"):
        assert cli("build", policies, "-o", root / name, "--library", library, "-j", "2"
                   ).code == 0
    for path in (root / "a").iterdir():
        assert path.read_bytes() == (root / "b" / path.name).read_bytes(), path.name


def test_examples_build(cli, tmp_path):
    policies = tmp_path / "p"
    policies.mkdir()
    (policies / "butte.yaml").write_text((BUTTE).read_text())
    assert cli("build", policies, "-o", tmp_path / "site").code == 0
    assert (tmp_path / "site" / "5460.docx").exists()


def _build_process(policies, site, library):
    return subprocess.Popen([sys.executable, "-m", "boardpolicy", "build", str(policies), "-o",
                             str(site), "--library", str(library), "-j", "1"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("moment", ["rendering", "writing the new site"])
def test_a_build_killed_midway_leaves_the_previous_site(cli, tmp_path, moment):
    # enough policies that rendering them one at a time takes seconds, not a fraction of one
    count = 500 if moment == "rendering" else 150
    library, policies = make_manual(tmp_path, [str(1000 + k) for k in range(count)])
    site = tmp_path / "site"
    assert cli("build", policies, "-o", site, "--library", library).code == 0
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    for path in policies.iterdir():  # every policy changes
        path.write_text(path.read_text().replace("[phone-numbers]", "[]"))
    process = _build_process(policies, site, library)
    deadline = time.monotonic() + 120
    if moment == "rendering":
        time.sleep(0.8)
        staged = [p for p in tmp_path.iterdir() if p.name.startswith(".site.new-")]
        assert process.poll() is None and not staged, "the build was not killed mid-render"
    else:  # the instant the new site's folder appears beside the old one
        while not any(p.name.startswith(".site.new-") for p in tmp_path.iterdir()):
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    after = {p.name: p.read_bytes() for p in site.iterdir()}
    assert after == before  # the whole previous site, untouched


def test_two_builds_at_once_leave_one_complete_site(tmp_path):
    library, policies = make_manual(tmp_path, [str(1000 + k) for k in range(12)])
    site = tmp_path / "site"
    first, second = (_build_process(policies, site, library) for _ in range(2))
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    names = sorted(p.name for p in site.iterdir())
    assert len(names) == 28 and "index.html" in names and ".boardpolicy-site" in names
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")]
    assert leftovers in ([], [".site.lock"])


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _workers_started(process, count: int = 2) -> list[int]:
    deadline = time.monotonic() + 60
    while len(workers := _children(process.pid)) < count:
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    return workers


def test_workers_die_with_a_killed_build_and_its_staging_folder_is_cleaned(tmp_path):
    library, policies = make_manual(tmp_path, [str(1000 + k) for k in range(300)])
    site = tmp_path / "site"
    process = subprocess.Popen([sys.executable, "-m", "boardpolicy", "build", str(policies),
                                "-o", str(site), "--library", str(library), "-j", "2"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers = _workers_started(process)
    time.sleep(0.5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [w for w in workers if _alive(w)]
    for w in alive:
        os.kill(w, signal.SIGKILL)
    assert not alive, "workers outlived their parent"
    # a staging folder left by a killed build is removed by the next; a running one's stays
    stale = tmp_path / f".site.new-{process.pid}-abc123"
    (stale / "sub").mkdir(parents=True)
    running = tmp_path / f".site.new-{os.getpid()}-def456"
    running.mkdir()
    small, few = make_manual(tmp_path / "small", ["1005", "2100"])
    assert subprocess.run([sys.executable, "-m", "boardpolicy", "build", str(few), "-o",
                           str(site), "--library", str(small)], cwd=ROOT,
                          capture_output=True).returncode == 0
    assert not stale.exists() and running.exists()


def test_ctrl_c_prints_one_line_and_exits_130(tmp_path):
    library, policies = make_manual(tmp_path, [str(1000 + k) for k in range(300)])
    process = subprocess.Popen([sys.executable, "-m", "boardpolicy", "build", str(policies),
                                "-o", str(tmp_path / "site"), "--library", str(library), "-j",
                                "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _workers_started(process)
    time.sleep(0.5)
    os.kill(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.decode() == "boardpolicy: interrupted\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.new-")]
