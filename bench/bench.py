"""Benchmarks boardpolicy beside the tools a user would otherwise pick, in one run.

    python bench/bench.py            # full run (a few minutes)
    python bench/bench.py --quick    # smaller inputs, fewer repeats

pandoc and git come from Debian's packages (apt-get install pandoc git).

python-redlines (with its Docxodus engine) is the comparison for Word redlines. Install it in
a separate environment, not the project's, and name that environment's Python:

    python3 -m venv /tmp/bench-redlines
    /tmp/bench-redlines/bin/pip install "python-redlines[docxodus]"
    python bench/bench.py --redlines-python /tmp/bench-redlines/bin/python

It builds its own synthetic data from the model policy's sentences (a seeded random
generator, so every run measures the same inputs), then prints medians and ratios as a
Markdown table that the README quotes. Tools that are not installed are reported as such.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "cli"))


def corpus() -> list[str]:
    """Sentences of the bundled model policy, the raw material for synthetic text."""
    from boardpolicy import Kind, Library, compose_model

    doc = compose_model(Library().get("mtsba/5460"))
    text = " ".join(b.text for b in doc.walk() if b.kind in (Kind.PARAGRAPH, Kind.ITEM))
    sentences = [s.strip() for s in text.replace(";", ".").split(". ") if len(s.split()) > 4]
    return [s if s.endswith(".") else s + "." for s in sentences]


def synthetic_manual(policies: int, seed: int) -> str:
    """A policy manual as one text: every policy with its header, paragraphs, bullets,
    cross references and history, in the layout districts publish."""
    rng = random.Random(seed)
    sentences = corpus()
    words = " ".join(sentences).split()
    out = []
    for n in range(policies):
        number = 1000 + n * 7
        out.append(f"Example School District\n\nPERSONNEL {number}\n\n"
                   f"{' '.join(rng.sample(words, 4)).title()}\n")
        for _ in range(rng.randint(8, 14)):
            sentence_count = rng.randint(2, 5)
            para = " ".join(rng.choice(sentences) for _ in range(sentence_count))
            # vary the words so that paragraphs are not all alike
            tokens = para.split()
            for _ in range(len(tokens) // 6):
                tokens[rng.randrange(len(tokens))] = rng.choice(words)
            out.append(" ".join(tokens) + "\n")
        out.append("\n".join(f"- {rng.choice(sentences)}" for _ in range(rng.randint(3, 7)))
                   + "\n")
        out.append(f"Cross Reference: {number + 1} {rng.choice(words).title()}\n\n"
                   f"Policy History:\nAdopted on: {rng.randint(1, 12)}/{rng.randint(1, 28)}/"
                   f"{rng.randint(2005, 2024)}\nReviewed on:\nRevised on:\n")
    return "\n".join(out)


def edited(text: str, seed: int, every: int = 300, counts: dict | None = None) -> str:
    """Edits as a district might make them: in about half of the paragraphs of over 20 words,
    one word replaced per `every` words (at least one) -- on the bench's manual, whose
    paragraphs are short, that is about one word edit per 130 words, not per 300 -- and per
    200 paragraphs, one dropped, one added and one moved. `counts`, if given, receives what
    was done: words, edits (words replaced by a different word), dropped, added, moved."""
    rng = random.Random(seed)
    paragraphs = text.split("\n")
    words = text.split()
    edits = 0
    for k, para in enumerate(paragraphs):
        tokens = para.split(" ")
        if len(tokens) > 20:
            for _ in range(max(1, len(tokens) // every) if rng.random() < 0.5 else 0):
                word = rng.choice(words)  # in the order `tokens[randrange()] = choice()` ran
                at = rng.randrange(len(tokens))
                edits += tokens[at] != word
                tokens[at] = word
            paragraphs[k] = " ".join(tokens)
    rounds = len(paragraphs) // 200
    for _ in range(rounds):
        paragraphs.pop(rng.randrange(len(paragraphs)))
        paragraphs.insert(rng.randrange(len(paragraphs)), " ".join(rng.sample(words, 30)))
        paragraphs.insert(rng.randrange(len(paragraphs)), paragraphs.pop(
            rng.randrange(len(paragraphs))))
    if counts is not None:
        counts.update(words=len(words), edits=edits, dropped=rounds, added=rounds, moved=rounds)
    return "\n".join(paragraphs)


def edited_exactly(text: str, seed: int, every: int = 300,
                   counts: dict | None = None) -> str:
    """Exactly one word in every `every` replaced by a different word, at random places;
    nothing else changes (no paragraph dropped, added or moved)."""
    rng = random.Random(seed)
    tokens = text.split(" ")
    words = text.split()
    places = [k for k, t in enumerate(tokens) if t and "\n" not in t]
    for k in rng.sample(places, len(words) // every):
        word = rng.choice(words)
        while word == tokens[k]:
            word = rng.choice(words)
        tokens[k] = word
    if counts is not None:
        counts.update(words=len(words), edits=len(words) // every, dropped=0, added=0, moved=0)
    return " ".join(tokens)


def describe_edits(counts: dict) -> str:
    """What an edited copy holds, in numbers, for the benchmark's labels."""
    text = (f"{counts['edits']:,} word edits in {counts['words']:,} words (1 per "
            f"{counts['words'] / max(counts['edits'], 1):.0f})")
    if counts["moved"]:
        text += (f", {counts['dropped']} paragraphs dropped, {counts['added']} added, "
                 f"{counts['moved']} moved")
    return text


def peak_mb(command: list[str]) -> float:
    """Peak resident memory of one run of `command`, in MB (measured in a wrapper process,
    so that only that run counts)."""
    wrapper = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
               "capture_output=True, check=True); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True,
                         text=True, check=True).stdout
    return int(out.split()[-1]) / 1024


def median_time(command: list[str] | None = None, func=None, repeat: int = 5,
                status: int = 0) -> float:
    """Median wall time of `command` (which must exit with `status`: a command that fails is
    a bug to see, not a fast time to report) or of calling `func`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        if command is not None:
            done = subprocess.run(command, capture_output=True, check=False)
            if done.returncode != status:
                raise SystemExit(f"bench: {' '.join(map(str, command))} exited "
                                 f"{done.returncode}:\n{done.stderr.decode(errors='replace')}")
        else:
            func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wall_and_cpu(command: list[str], repeat: int, status: int = 0) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system, the command's processes and
    their workers) of `command`: on a shared machine the wall time waits for other people's
    work, the CPU time does not."""
    import resource

    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(median_time(command, repeat=1, status=status))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def paired_medians(commands: list[list[str]], repeat: int,
                   statuses: list[int] | None = None) -> list[float]:
    """Median wall time of each command, the commands run in turn (A B C A B C ...), so that
    a ratio between them is not skewed by the machine's load drifting between two series."""
    statuses = statuses or [0] * len(commands)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for k, (command, status) in enumerate(zip(commands, statuses, strict=True)):
            times[k].append(median_time(command, repeat=1, status=status))
    return [statistics.median(t) for t in times]


def pandoc() -> str | None:
    """pandoc from PATH (Debian's package), else the one pypandoc-binary ships."""
    found = shutil.which("pandoc")
    if found is None:
        with contextlib.suppress(ImportError, OSError):
            import pypandoc

            found = pypandoc.get_pandoc_path()
    return found


def boardpolicy_command() -> list[str]:
    exe = shutil.which("boardpolicy")
    return [exe] if exe else [sys.executable, "-m", "boardpolicy"]


def bench_diff(work: Path, policies: int, repeat: int) -> list[tuple[str, str, str]]:
    """`boardpolicy diff` of a large manual against an edited copy, beside git's word diff:
    at 1x and 2x the size, and with exactly one word edit per 300 words; peak memory of the
    largest."""
    from boardpolicy.diff import diff_documents
    from boardpolicy.readers import read_document

    rows = []
    results = {}
    cases = [(1, "edited"), (2, "edited"), (1, "exactly")]
    for scale, how in cases:
        old_text = synthetic_manual(policies * scale, seed=7)
        counts: dict = {}
        new_text = edited(old_text, seed=11, counts=counts) if how == "edited" else \
            edited_exactly(old_text, seed=11, counts=counts)
        old, new = work / f"manual-{scale}x-old.txt", work / f"manual-{scale}x-{how}.txt"
        old.write_text(old_text, encoding="utf-8")
        new.write_text(new_text, encoding="utf-8")
        size = f"{len(old_text.encode()) / 1e6:.1f} MB"
        command = [*boardpolicy_command(), "diff", str(old), str(new), "--format", "json",
                   "-o", str(work / "d.json")]
        ours = median_time(command, repeat=repeat)
        a, b = read_document(old), read_document(new)
        engine = median_time(func=lambda a=a, b=b: diff_documents(a, b), repeat=repeat)
        git = None
        if shutil.which("git"):
            git = median_time(["git", "diff", "--no-index", "--word-diff=porcelain", str(old),
                               str(new)], repeat=repeat, status=1)
        if how == "edited":
            results[scale] = ours
        ratio = f"{ours / git:.1f}×" if git else "git not installed"
        memory = ""
        if (scale, how) == (2, "edited"):
            memory = f", peak {peak_mb(command):.0f} MB"
        rows.append((f"diff --format json, {policies * scale} policies ({size}) against a copy "
                     f"with {describe_edits(counts)}",
                     f"{ours:.2f} s (engine alone {engine:.2f} s){memory}",
                     f"git diff --word-diff {git:.2f} s; ratio {ratio}" if git else ratio))
    rows.append(("diff scaling: time at 2× the text / time at 1×",
                 f"{results[2] / results[1]:.2f}", "linear would be 2.0"))
    return rows


def markdown_manual(folder: Path, policies: int, seed: int) -> None:
    """A Markdown manual as districts keep one in git: one file per policy with YAML front
    matter, in section folders."""
    rng = random.Random(seed)
    sentences = corpus()
    words = " ".join(sentences).split()
    for n in range(policies):
        number = 1000 + n * 7
        section = folder / f"{number // 1000 * 1000}-series"
        section.mkdir(parents=True, exist_ok=True)
        title = " ".join(rng.sample(words, 3)).title()
        paragraphs = [" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
                      for _ in range(rng.randint(6, 12))]
        bullets = "\n".join(f"- {rng.choice(sentences)}" for _ in range(rng.randint(3, 6)))
        (section / f"{number}.md").write_text(
            f"---\ncreated: 20{rng.randint(5, 20):02d}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
            f"\ntitle: {number} {title}\ncode: \"{number}\"\nkind: Policy\n---\n\n"
            f"## {title.upper()}\n\n" + "\n\n".join(paragraphs) + f"\n\n{bullets}\n",
            encoding="utf-8")


def edited_manual(old: Path, new: Path, seed: int) -> str:
    """A copy of a Markdown manual a year on: one policy in ten edited (a word per 100
    replaced), one in fifty with a new review date only, two renumbered, two removed, two
    added. Returns what was done, for the label."""
    rng = random.Random(seed)
    shutil.copytree(old, new)
    files = sorted(new.rglob("*.md"))
    words = " ".join(corpus()).split()
    edited = reviewed = 0
    for k, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        if k % 10 == 3:
            head, _, body = text.partition("\n---\n")
            tokens = body.split(" ")
            for _ in range(max(1, len(tokens) // 100)):
                tokens[rng.randrange(len(tokens))] = rng.choice(words)
            path.write_text(head + "\n---\n" + " ".join(tokens), encoding="utf-8")
            edited += 1
        elif k % 50 == 7:
            path.write_text(text.replace("kind: Policy", "kind: Policy\nreviewed: 2025-05-13"),
                            encoding="utf-8")
            reviewed += 1
    for path in files[5:7]:  # renumbered: same text under a new number
        number = path.stem
        path.rename(path.with_name(f"{int(number) + 3}.md"))
        moved = path.with_name(f"{int(number) + 3}.md")
        moved.write_text(moved.read_text(encoding="utf-8").replace(number, str(int(number) + 3)),
                         encoding="utf-8")
    for path in files[-2:]:
        path.unlink()
    for k in range(2):
        shutil.copy(files[20 + k], files[20 + k].with_name(f"{9000 + k}.md"))
        extra = files[20 + k].with_name(f"{9000 + k}.md")
        extra.write_text(extra.read_text(encoding="utf-8").replace(
            files[20 + k].stem, str(9000 + k)) + f"\nA new policy {k}.\n", encoding="utf-8")
    return (f"{edited} policies edited, {reviewed} review dates, 2 renumbered, 2 removed, "
            "2 added")


def bench_manual_diff(work: Path, count: int, repeat: int) -> list[tuple[str, str, str]]:
    """`diff` of two versions of a Markdown manual (folders, and the same two as git
    revisions), beside `git diff --no-index --word-diff` on the same two folders."""
    old, new = work / "md-manual" / "old", work / "md-manual" / "new"
    markdown_manual(old, count, seed=5)
    done = edited_manual(old, new, seed=6)
    ours = [*boardpolicy_command(), "diff", str(old), str(new), "--format", "json",
            "-o", str(work / "md.json")]
    rows = []
    if not shutil.which("git"):
        return [(f"manual diff, {count} Markdown policies", "-", "git not installed")]
    git = ["git", "diff", "--no-index", "--word-diff", str(old), str(new)]
    ours_time, git_time = paired_medians([ours, git], repeat=repeat, statuses=[0, 1])
    _, ours_cpu = wall_and_cpu(ours, repeat)
    _, git_cpu = wall_and_cpu(git, repeat, status=1)
    rows.append((f"manual diff --format json, two {count}-policy Markdown manuals ({done})",
                 f"{ours_time:.2f} s on {os.cpu_count()} cores ({ours_cpu:.2f} s CPU)",
                 f"git diff --no-index --word-diff {git_time:.3f} s ({git_cpu:.3f} s CPU); "
                 f"ratio {ours_time / git_time:.0f}× wall, {ours_cpu / git_cpu:.0f}× CPU "
                 "(target within 10×)"))
    repo = work / "md-manual" / "repo"
    (repo / "policies").parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(old, repo / "policies")
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.org"}
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "old"]):
        subprocess.run(["git", *step], cwd=repo, env=env, check=True, capture_output=True)
    shutil.rmtree(repo / "policies")
    shutil.copytree(new, repo / "policies")
    for step in (["add", "-A"], ["commit", "-qm", "new"]):
        subprocess.run(["git", *step], cwd=repo, env=env, check=True, capture_output=True)
    revisions = ["HEAD~1:policies", "HEAD:policies"]
    ours = [*boardpolicy_command(), "diff", *revisions, "--format", "json",
            "-o", str(work / "md-rev.json")]
    git = ["git", "-C", str(repo), "diff", "--word-diff", "HEAD~1", "HEAD", "--", "policies"]
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        ours_time, git_time = paired_medians([ours, git], repeat=repeat)
    finally:
        os.chdir(cwd)
    rows.append(("manual diff of the same two as git revisions (HEAD~1:policies HEAD:policies)",
                 f"{ours_time:.2f} s",
                 f"git diff --word-diff HEAD~1 HEAD {git_time:.2f} s; ratio "
                 f"{ours_time / git_time:.1f}×"))
    return rows


def bench_markdown_manual(work: Path, count: int, repeat: int) -> list[tuple[str, str, str]]:
    """`build` and `check` of a Markdown manual (files with front matter in section folders,
    as districts keep them in git), beside git reading the same files (`git diff --no-index
    --stat` against an empty folder), with the targets of issue 23."""
    folder = work / "md-build" / "manual"
    markdown_manual(folder, count, seed=8)
    build = [*boardpolicy_command(), "build", str(folder), "-o", str(work / "md-build" / "site")]
    check = [*boardpolicy_command(), "check", str(folder), "--as-of", "2025-01-01"]
    empty = work / "md-build" / "empty"
    empty.mkdir(exist_ok=True)
    rows = []
    git = ""
    if shutil.which("git"):
        git_wall, git_cpu = wall_and_cpu(["git", "diff", "--no-index", "--stat", str(empty),
                                          str(folder)], repeat, status=1)
        git = f"; git diff --no-index --stat of the files {git_wall:.3f} s ({git_cpu:.3f} s CPU)"
    for label, command, target in ((f"build a {count}-policy Markdown manual", build, "5 s"),
                                   (f"check a {count}-policy Markdown manual", check, "1 s")):
        wall, cpu = wall_and_cpu(command, repeat)
        rows.append((label, f"{wall:.2f} s on {os.cpu_count()} cores ({cpu:.2f} s CPU)",
                     f"target under {target}{git}"))
    return rows


REDLINES_SCRIPT = """
import sys, time
from python_redlines.engines import DocxodusEngine
engine = DocxodusEngine()
old, new, out = sys.argv[1:4]
data = engine.run_redline("bench", open(old, "rb").read(), open(new, "rb").read())[0]
open(out, "wb").write(data)
"""


def revisions(docx: Path) -> int:
    """Tracked changes in a DOCX: w:ins, w:del, w:moveFrom and w:moveTo elements."""
    import re
    import zipfile

    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    return len(re.findall(r"<w:(?:ins|del|moveFrom|moveTo)\b[^>]*>", xml))


def docx_pair(work: Path, name: str, old_doc, new_doc) -> tuple[Path, Path]:
    from boardpolicy import Format, render

    old, new = work / f"{name}-old.docx", work / f"{name}-new.docx"
    old.write_bytes(render(old_doc, Format.DOCX))
    new.write_bytes(render(new_doc, Format.DOCX))
    return old, new


def bench_redline(work: Path, policies: int, repeat: int,
                  redlines_python: str | None) -> list[tuple[str, str, str]]:
    """`diff --format docx` beside python-redlines, on the same DOCX inputs."""
    from boardpolicy import Library, compose, compose_model, load_district
    from boardpolicy.readers import read_document

    library = Library()
    district, model = load_district(ROOT / "examples" / "butte" / "5460.yaml", library)
    pairs = {"model against Butte": docx_pair(work, "butte", compose_model(model),
                                              compose(district, model))}
    manual = synthetic_manual(policies, seed=3)
    (work / "m-old.txt").write_text(manual, encoding="utf-8")
    counts: dict = {}
    (work / "m-new.txt").write_text(edited(manual, seed=5, counts=counts), encoding="utf-8")
    size = f"{len(manual.encode()) / 1e6:.1f} MB of text"
    pairs[f"{policies}-policy manual ({size}; {describe_edits(counts)})"] = docx_pair(
        work, "manual", read_document(work / "m-old.txt"), read_document(work / "m-new.txt"))
    rows = []
    for label, (old, new) in pairs.items():
        ours_out = work / "ours.docx"
        ours = median_time([*boardpolicy_command(), "diff", str(old), str(new), "--raw",
                            "--format", "docx", "-o", str(ours_out)], repeat=repeat)
        ours_text = f"{ours:.2f} s, {revisions(ours_out)} revisions"
        if not redlines_python:
            rows.append((f"redline, {label}", ours_text,
                         "python-redlines not measured (see --redlines-python)"))
            continue
        theirs_out = work / "theirs.docx"
        script = work / "redlines.py"
        script.write_text(REDLINES_SCRIPT, encoding="utf-8")
        theirs = median_time([redlines_python, str(script), str(old), str(new),
                              str(theirs_out)], repeat=repeat)
        rows.append((f"redline, {label}", ours_text,
                     f"python-redlines (Docxodus) {theirs:.2f} s, {revisions(theirs_out)} "
                     f"revisions; time ratio {ours / theirs:.2f}×"))
    return rows


SCALE_SCRIPT = """
import random, resource, sys, time
from boardpolicy.diff import diff_documents
from boardpolicy.outputs import Context
from boardpolicy.outputs.diff import DiffFormat, render_diff
from boardpolicy.readers import read_document
kind, n = sys.argv[1], int(sys.argv[2])
def peak_mb():
    # this process's own high-water mark: ru_maxrss would also count the benchmark process
    # this one was forked from (Linux carries it across fork and exec)
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
if kind == "page":  # a web page of n short paragraphs, read
    page = "<html><body>" + "".join(f"<p>Staff clause {k:06d} here.</p>" for k in range(n))
    data = (page + "</body></html>").encode()
    start = time.perf_counter()
    read_document("page.html", data=data, limit=10**9)
    peak = peak_mb()
    print(f"{time.perf_counter() - start:.2f} {peak:.0f} {len(data) / 1e6:.1f}")
    sys.exit()
random.seed(3)
words = "staff shall not post student photographs on personal social media accounts".split()
old = [" ".join(random.choices(words, k=12)) + f" (clause {k})." for k in range(n)]
new = list(old)
for k in random.sample(range(n), n // 100):
    new[k] = new[k].replace(" ", " really ", 1)
for k in random.sample(range(n), n // 200):
    new.insert(random.randrange(n), new.pop(k))
a = read_document("a.txt", data="\\n\\n".join(old).encode(), limit=10**9)
b = read_document("b.txt", data="\\n\\n".join(new).encode(), limit=10**9)
diff = diff_documents(a, b)
start = time.perf_counter()
render_diff(diff, DiffFormat.DOCX, Context(), new=b)
peak = peak_mb()
print(f"{time.perf_counter() - start:.2f} {peak:.0f} {len(b.blocks)}")
"""


def bench_scale() -> list[tuple[str, str, str]]:
    """Issue 13's bounds at scale (not timed unit tests): the Word redline should grow
    linearly with the document, and reading a 6 MB page of 200,000 paragraphs should stay
    within the memory docs/bad-input.md states."""
    rows = []
    env = {**os.environ, "PYTHONPATH": str(ROOT / "cli")}
    for n in (5_000, 20_000, 40_000, 100_000):
        out = subprocess.run([sys.executable, "-c", SCALE_SCRIPT, "redline", str(n)],
                             capture_output=True, text=True, env=env, check=True).stdout
        seconds, peak, blocks = out.split()
        rows.append((f"Word redline, {n:,} paragraphs ({blocks} blocks)",
                     f"{seconds} s, peak {peak} MB", f"{float(seconds) / n * 1e6:.0f} µs "
                     "per paragraph (linear: about constant)"))
    out = subprocess.run([sys.executable, "-c", SCALE_SCRIPT, "page", "200000"],
                         capture_output=True, text=True, env=env, check=True).stdout
    seconds, peak, size = out.split()
    rows.append((f"read a {size} MB web page of 200,000 paragraphs", f"{seconds} s, peak "
                 f"{peak} MB", f"{float(peak) / float(size):.0f}× the file"))
    return rows


def make_manual(work: Path, count: int) -> tuple[Path, Path]:
    """A user library of `count` models (the bundled 5460 under other numbers) and one
    district file for each: a policy manual."""
    source = (ROOT / "model_policies" / "mtsba" / "5460.yaml").read_text(encoding="utf-8")
    library, policies = work / "library", work / "policies"
    (library / "bench").mkdir(parents=True, exist_ok=True)
    policies.mkdir(exist_ok=True)
    for k in range(count):
        number = str(1000 + k * 9)
        (library / "bench" / f"{number}.yaml").write_text(
            source.replace("publisher: mtsba", "publisher: bench")
            .replace('number: "5460"', f'number: "{number}"')
            .replace("title: Electronic Resources and Social Networking",
                     f"title: Policy {number}"), encoding="utf-8")
        (policies / f"{number}.yaml").write_text(
            f"model: bench/{number}\ndistrict: Bench School District\n"
            f"choices:\n  forbidden: [phone-numbers, personal-email]\n"
            f"history:\n  adopted: {1 + k % 12}/{1 + k % 28}/2019\n", encoding="utf-8")
    return library, policies


def bench_render(work: Path, repeat: int) -> list[tuple[str, str, str]]:
    """One policy to DOCX and to HTML, each beside pandoc converting the same text
    (Markdown) to the same format, and beside importing what a render needs (the floor)."""
    if not pandoc():
        return [("render one policy", "-", "pandoc not installed")]
    example = ROOT / "examples" / "butte" / "5460.yaml"
    md = work / "butte.md"
    subprocess.run([*boardpolicy_command(), "render", str(example), "-o", str(md)], check=True,
                   capture_output=True)
    rows = []
    converter = pandoc()
    # What any render must load before it does any work: Python, the command line (Typer),
    # the policy file's parser (PyYAML) and, for HTML, the templates (Jinja2); DOCX needs lxml.
    for fmt, theirs, floor_import in (
            ("docx", [converter, str(md), "-o", str(work / "p.docx")], "lxml.etree"),
            ("html", [converter, "-s", str(md), "-o", str(work / "p.html"),
                      "--metadata", "title=5460"], "jinja2")):
        ours = [*boardpolicy_command(), "render", str(example), "-o", str(work / f"one.{fmt}")]
        floor = [sys.executable, "-c", f"import typer, yaml, {floor_import}"]
        ours, theirs, floor = paired_medians([ours, theirs, floor], repeat=repeat * 3)
        rows.append((f"render one policy to {fmt.upper()}", f"{ours * 1000:.0f} ms",
                     f"pandoc from Markdown {theirs * 1000:.0f} ms; ratio {ours / theirs:.2f}× "
                     f"(target within 2×); importing what it needs alone: {floor * 1000:.0f} "
                     f"ms, {floor / theirs:.2f}×"))
    return rows


def bench_build(work: Path, count: int) -> list[tuple[str, str, str]]:
    """The whole manual with `build`, beside pandoc run once per file and format."""
    library, policies = make_manual(work / "manual", count)
    start = time.perf_counter()
    subprocess.run([*boardpolicy_command(), "build", str(policies), "-o",
                    str(work / "manual" / "site"), "--library", str(library)], check=True,
                   capture_output=True)
    ours = time.perf_counter() - start
    if not pandoc():
        return [(f"build a {count}-policy manual to DOCX + HTML", f"{ours:.1f} s",
                 "pandoc not installed")]
    markdown = work / "manual" / "md"
    markdown.mkdir()
    from boardpolicy import Format, Library, compose, load_district, render

    lib = Library([library])
    for path in sorted(policies.iterdir()):
        district, model = load_district(path, lib)
        (markdown / f"{path.stem}.md").write_bytes(render(compose(district, model), Format.MD))
    start = time.perf_counter()
    for path in sorted(markdown.iterdir()):
        subprocess.run([pandoc(), str(path), "-o", str(path.with_suffix(".docx"))], check=True)
        subprocess.run([pandoc(), "-s", str(path), "-o", str(path.with_suffix(".html")),
                        "--metadata", f"title={path.stem}"], check=True)
    theirs = time.perf_counter() - start
    return [(f"build a {count}-policy manual to DOCX + HTML (+ index)",
             f"{ours:.1f} s on {os.cpu_count()} cores",
             f"pandoc once per file and format {theirs:.1f} s; ratio {ours / theirs:.2f}× "
             f"(target under 0.20×)")]


def bench_compare(work: Path, count: int, repeat: int) -> list[tuple[str, str, str]]:
    """400 district adoptions of 5460 with random choices and edits, compared with the model."""
    from boardpolicy import (
        DistrictPolicy,
        Edit,
        Format,
        Library,
        OwnBullet,
        compose,
        dump_district,
        render,
    )

    library = Library()
    model = library.get("mtsba/5460")
    options = [o.id for c in model.choices for o in c.options]
    paragraphs = ["purpose", "code-of-ethics", "socializing", "personal-use", "superintendent"]
    sentences = corpus()
    rng = random.Random(17)
    folder = work / "districts"
    folder.mkdir()
    yamls, texts = [], []
    for k in range(count):
        entries = rng.sample(options, rng.randint(0, len(options)))
        if rng.random() < 0.3:
            entries.append(OwnBullet(rng.choice(sentences)))
        edits = []
        for target in rng.sample(paragraphs, rng.randint(0, 3)):
            action = rng.choice(["drop", "replace", "add_after"])
            edits.append(Edit(action, target, "" if action == "drop" else rng.choice(sentences)))
        district = DistrictPolicy(model="mtsba/5460", district=f"District {k} School District",
                                  choices=(("forbidden", tuple(entries)),), edits=tuple(edits))
        path = folder / f"d{k}.yaml"
        path.write_text(dump_district(district, model), encoding="utf-8")
        yamls.append(str(path))
        text = folder / f"d{k}.txt"
        text.write_bytes(render(compose(district, model), Format.TXT))
        texts.append(str(text))
    rows = []
    for label, files in (("district files", yamls), ("adopted text documents", texts)):
        taken = median_time([*boardpolicy_command(), "compare", "--model", "mtsba/5460",
                             *files, "-f", "json", "-o", str(work / "c.json")], repeat=repeat)
        rows.append((f"compare {count} districts against the model ({label})",
                     f"{taken:.2f} s on {os.cpu_count()} cores", "target under 5 s"))
    return rows


PDF_READ = """
import resource, sys, time
from boardpolicy.readers import read_document
start = time.perf_counter()
read_document(sys.argv[1])
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:  # this process's own high-water mark: ru_maxrss also counts the benchmark it was forked
    with open("/proc/self/status") as status:  # from (Linux carries it across fork and exec)
        peak = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
print(took, peak)
"""


def bench_pdf(work: Path, repeat: int, pages: int = 100,
              long: int = 1000) -> list[tuple[str, str, str]]:
    """Reading a long PDF (a synthetic manual through our DOCX and LibreOffice, so it has a
    running header and page numbers) beside poppler's pdftotext on the same file; then a
    manual of about `long` pages once, in a process of its own, for its time and peak memory
    (linear would be `long / pages` times the first)."""
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        return [(f"read a {pages}-page PDF", "-", "LibreOffice or pdftotext not installed")]
    pdf, count = _manual_pdf(work, pages, max(1, pages * 41 // 100))
    from boardpolicy.readers import read_document

    ours = median_time(func=lambda: read_document(pdf), repeat=repeat)
    theirs = median_time(["pdftotext", "-layout", str(pdf), str(work / "p.txt")], repeat=repeat)
    rows = [(f"read a {count}-page PDF ({pdf.stat().st_size / 1e6:.1f} MB) into a Document",
             f"{ours:.2f} s ({ours / count * 1000:.0f} ms a page)",
             f"pdftotext -layout {theirs:.2f} s; ratio {ours / theirs:.1f}× (target within 5×)")]
    big, big_count = _manual_pdf(work, long, max(1, long * 43 // 100))
    done = subprocess.run([sys.executable, "-c", PDF_READ, str(big)], check=True,
                          capture_output=True, text=True, timeout=3600)
    took, peak = map(float, done.stdout.split())
    theirs = median_time(["pdftotext", "-layout", str(big), str(work / "p.txt")], repeat=1)
    rows.append((f"read a {big_count}-page PDF ({big.stat().st_size / 1e6:.1f} MB)",
                 f"{took:.1f} s ({took / big_count * 1000:.0f} ms a page), peak {peak:.0f} MB",
                 f"pdftotext -layout {theirs:.2f} s; ratio {took / theirs:.1f}×"))
    return rows


def _manual_pdf(work: Path, pages: int, policies: int) -> tuple[Path, int]:
    """A synthetic manual of `policies` policies as LibreOffice exports it, and its pages."""
    from boardpolicy import Format, render
    from boardpolicy.readers import read_document

    text = work / f"pdf-manual-{pages}.txt"
    text.write_text(synthetic_manual(policies, seed=23), encoding="utf-8")
    docx = work / f"pdf-manual-{pages}.docx"
    docx.write_bytes(render(read_document(text), Format.DOCX))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{work / 'lo-profile'}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
                   check=True, capture_output=True, timeout=1200)
    pdf = docx.with_suffix(".pdf")
    count = next(int(line.split()[-1]) for line in subprocess.run(
        ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()
        if line.startswith("Pages:"))
    return pdf, count


def bench_startup(repeat: int) -> list[tuple[str, str, str]]:
    """`--help` and an argument error (a wrong --format), beside importing Typer alone."""
    typer, help_, error = paired_medians(
        [[sys.executable, "-c", "import typer"], [*boardpolicy_command(), "--help"],
         [*boardpolicy_command(), "render", "x.yaml", "--format", "nope"]],
        repeat=repeat * 3, statuses=[0, 0, 2])
    return [(f"start-up: {label}", f"{ours * 1000:.0f} ms",
             f"python -c 'import typer' {typer * 1000:.0f} ms; ratio {ours / typer:.2f}× "
             "(target within 1.3×)")
            for label, ours in (("boardpolicy --help", help_),
                                ("an argument error (render x.yaml --format nope)", error))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs, fewer repeats")
    parser.add_argument("--redlines-python", default=os.environ.get("BENCH_REDLINES_PYTHON"),
                        help="a Python that has python-redlines[docxodus] installed")
    parser.add_argument("--scale", action="store_true",
                        help="only the scale checks: redline time and reader memory")
    parser.add_argument("--manual-diff", action="store_true",
                        help="only the Markdown manual rows (diff, build, check), beside git")
    args = parser.parse_args()
    # An installed package has its bytecode; a checkout run with PYTHONDONTWRITEBYTECODE would
    # compile every module on every start, which is not what a user's start-up costs.
    import compileall

    compileall.compile_dir(ROOT / "cli", quiet=1)
    if args.manual_diff:
        print("| measure | boardpolicy | beside |\n|---|---|---|")
        with tempfile.TemporaryDirectory() as tmp:
            rows = bench_manual_diff(Path(tmp), 100 if args.quick else 250,
                                     3 if args.quick else 5)
            rows += bench_markdown_manual(Path(tmp), 150 if args.quick else 600,
                                          3 if args.quick else 5)
            for row in rows:
                print("| " + " | ".join(row) + " |")
        return
    if args.scale:
        print("| measure | boardpolicy | note |\n|---|---|---|")
        for row in bench_scale():
            print("| " + " | ".join(row) + " |")
        return
    policies, repeat = (100, 3) if args.quick else (450, 5)  # 450 policies: about 3 MB
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows += bench_startup(repeat)
        rows += bench_render(work, repeat)
        rows += bench_build(work, 100 if args.quick else 500)
        rows += bench_compare(work, 100 if args.quick else 400, max(1, repeat // 2))
        rows += bench_diff(work, policies, repeat)
        rows += bench_manual_diff(work, 100 if args.quick else 250, repeat)
        rows += bench_markdown_manual(work, 150 if args.quick else 600, repeat)
        rows += bench_redline(work, policies // 3, repeat, args.redlines_python)
        rows += bench_pdf(work, repeat, long=200 if args.quick else 1000)
        rows += bench_scale()
    import datetime

    import typer

    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()}, Typer {typer.__version__}; "
          f"{datetime.date.today()}; medians of {repeat} runs (start-up and render: "
          f"{repeat * 3})\n")
    print("| measure | boardpolicy | beside |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
