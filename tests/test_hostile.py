"""Hostile and broken input: one clear line and exit 2, never a traceback or a damaged file.
Each test here is a row of docs/bad-input.md."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile

import pytest

from .conftest import BUTTE, ROOT, SEEDS, VALLEY, zip_bytes

GOOD = (VALLEY).read_text(encoding="utf-8")


def one_line(result, expected: str) -> None:
    assert result.code == 2, result.out
    assert expected in result.err, result.err
    assert result.err.count("\n") == 1 and result.err.startswith("boardpolicy: ")
    assert "Traceback" not in result.err


def write(path, data):
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_a_file_of_hundreds_of_megabytes_is_refused_quickly(cli, tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:  # sparse: 600 MB on paper, nothing on disk
        handle.truncate(600_000_000)
    start = time.perf_counter()
    one_line(cli("diff", "mtsba/5460", big), "is 600,000,000 bytes; the limit is 50,000,000 "
                                             "(raise it with --max-size)")
    assert time.perf_counter() - start < 2
    one_line(cli("import", big, "--model", "mtsba/5460"), "the limit is 50,000,000")
    huge_yaml = tmp_path / "huge.yaml"
    with open(huge_yaml, "wb") as handle:
        handle.truncate(300_000_000)
    one_line(cli("render", huge_yaml), "the limit is 2,000,000")


def test_a_large_input_reads_within_bounded_memory(tmp_path):
    """Raising the limit reads a 20 MB document without holding many copies of it."""
    text = (SEEDS / "butte-5460-adopted-2018.txt").read_text(encoding="utf-8")
    body = text[: text.index("Cross Reference")]
    path = tmp_path / "long.txt"
    path.write_text(body * (20_000_000 // len(body)), encoding="utf-8")
    code = ("import resource, sys; from boardpolicy.readers import read_document; "
            "read_document(sys.argv[1], limit=100_000_000); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "cli")},
                         check=True).stdout
    peak_mb = int(out) / 1024
    assert peak_mb < 20 * 25, f"{peak_mb:.0f} MB for a 20 MB document"


def test_a_docx_zip_bomb_that_lies_about_its_sizes(cli, tmp_path):
    """Sizes in the zip's directory say small; the data inflates far past them."""
    honest = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml":
                        b"<w:document/>", "word/media/x.bin": b"\0" * 150_000_000})
    # rewrite the sizes the zip declares for the big entry (local header and central
    # directory) to 10 bytes
    data = bytearray(honest)
    name = b"word/media/x.bin"
    at = data.find(name)
    while at != -1:
        if data[at - 30:at - 26] == b"PK\x03\x04":  # local file header
            data[at - 8:at - 4] = (10).to_bytes(4, "little")
        elif data[at - 46:at - 42] == b"PK\x01\x02":  # central directory entry
            data[at - 22:at - 18] = (10).to_bytes(4, "little")
        at = data.find(name, at + 1)
    bomb = write(tmp_path / "bomb.docx", bytes(data))
    assert bomb.stat().st_size < 1_000_000
    result = cli("diff", "mtsba/5460", bomb)
    assert result.code == 2 and "Traceback" not in result.err
    assert "refused" in result.err or "damaged Word document" in result.err


def test_xml_entity_expansion_and_external_entities_in_a_docx(cli, tmp_path):
    import docx

    word = docx.Document()
    word.add_paragraph("Staff shall not post.")
    buffer = io.BytesIO()
    word.save(buffer)
    parts = {i.filename: zipfile.ZipFile(buffer).read(i.filename)
             for i in zipfile.ZipFile(buffer).infolist()}
    xml = parts["word/document.xml"].decode()
    lol = "".join(f'<!ENTITY l{k} "{f"&l{k - 1};" * 10}">' for k in range(1, 10))
    bomb = xml.replace("<w:document", f'<!DOCTYPE d [<!ENTITY l0 "lol">{lol}]><w:document', 1)
    bomb = bomb.replace("Staff shall not post.", "&l9;")
    path = write(tmp_path / "lol.docx", zip_bytes({**parts, "word/document.xml": bomb.encode()}))
    start = time.perf_counter()
    one_line(cli("diff", "mtsba/5460", path), "lol.docx")
    assert time.perf_counter() - start < 5
    secret = write(tmp_path / "secret.txt", "TOP SECRET CONTENT")
    xxe = xml.replace("<w:document", f'<!DOCTYPE d [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
                      "<w:document", 1).replace("Staff shall not post.", "Staff &x; shall.")
    path = write(tmp_path / "xxe.docx", zip_bytes({**parts, "word/document.xml": xxe.encode()}))
    result = cli("diff", "mtsba/5460", path, "-f", "json")
    assert "TOP SECRET" not in result.out + result.err


def test_xml_entities_in_a_web_page_are_not_expanded(cli, tmp_path):
    secret = write(tmp_path / "secret.txt", "TOP SECRET CONTENT")
    page = write(tmp_path / "x.html", f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY x SYSTEM '
                                      f'"{secret.as_uri()}">]><html><body><p>Staff &x; shall '
                                      "not post.</p></body></html>")
    result = cli("diff", "mtsba/5460", page, "-f", "json", "--raw")
    assert "TOP SECRET" not in result.out


def test_html_nested_thousands_deep(cli, tmp_path):
    deep = write(tmp_path / "deep.html", "<html><body>" + "<div>" * 5000 + "<p>Staff.</p>" +
                 "</div>" * 5000 + "</body></html>")
    start = time.perf_counter()
    one_line(cli("diff", "mtsba/5460", deep), "nested more than 255 elements deep")
    assert time.perf_counter() - start < 5
    shallow_text = write(tmp_path / "deep2.html", "<html><body><p>Staff shall not post.</p>" +
                         "<div>" * 5000 + "x" + "</div>" * 5000 + "</body></html>")
    result = cli("diff", "mtsba/5460", shallow_text, "--raw")
    assert result.code == 0 and "not read" in result.out  # a note in the diff itself


def test_yaml_alias_bomb_and_duplicate_keys(cli, tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + k)}: &{chr(98 + k)} [*{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, "
        f"*{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}]\n"
        for k in range(8))
    start = time.perf_counter()
    one_line(cli("render", write(tmp_path / "bomb.yaml", bomb)), "anchors and aliases")
    assert time.perf_counter() - start < 2
    one_line(cli("validate", write(tmp_path / "dup.yaml", GOOD + "district: Again\n")),
             "the key 'district' appears twice")


@pytest.mark.parametrize("text, expected", [
    ('"A\\u202eB"', "bidirectional control character U+202E"),
    ('"A\\u2066B\\u2069"', "bidirectional control character U+2066"),
    ('"A\\u0000B"', "control character U+0000"),
    ('"A\\u001bB"', "control character U+001B"),
])
def test_district_text_with_dangerous_characters(cli, tmp_path, text, expected):
    edited = GOOD.replace("district: Example Valley School District", f"district: {text}")
    one_line(cli("render", write(tmp_path / "d.yaml", edited), "-o", tmp_path / "d.html"),
             expected)
    assert not (tmp_path / "d.html").exists()


def test_right_to_left_marks_are_allowed(cli, tmp_path):
    edited = GOOD.replace("district: Example Valley School District",
                          'district: "مدرسة\\u200f District"')
    assert cli("render", write(tmp_path / "d.yaml", edited), "-o", tmp_path / "d.html").code == 0


def test_templates_come_only_from_the_package_or_the_users_folder(cli, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "policy.txt.j2").write_text("OURS: {{ doc.title }}\n", encoding="utf-8")
    assert cli("--templates", mine, "render", BUTTE).out == \
        "OURS: Electronic Resources and Social Networking\n"
    os.environ.pop("BOARDPOLICY_TEMPLATES", None)
    assert cli("render", BUTTE).out.startswith("Butte School District")
    one_line(cli("--templates", tmp_path / "nope", "render", BUTTE),
             "is not a folder of templates")


def test_every_html_page_forbids_scripts(cli, tmp_path):
    outputs = {
        "policy": ["render", BUTTE, "-o", tmp_path / "p.html"],
        "redline": ["diff", "mtsba/5460", BUTTE, "-f", "html", "-o",
                    tmp_path / "r.html"],
        "packet": ["packet", "mtsba/5460", BUTTE, "-o", tmp_path / "k.html"],
        "compare": ["compare", "--model", "mtsba/5460", BUTTE, "-f", "html",
                    "-o", tmp_path / "c.html"],
    }
    for name, args in outputs.items():
        assert cli(*args).code == 0, name
        page = args[-1].read_text(encoding="utf-8")
        assert ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'unsafe-inline'; img-src data:\">") in page, name
        assert "<script" not in page, name


@pytest.mark.parametrize("args", [
    ["diff", "mtsba/5460", "examples/butte/5460.yaml", "-f", "html"],
    ["diff", "mtsba/5460", "examples/butte/5460.yaml", "-f", "docx"],
    ["packet", "mtsba/5460", "examples/butte/5460.yaml"],
], ids=["redline-html", "redline-docx", "packet"])
def test_no_output_depends_on_clock_zone_or_locale(tmp_path, args):
    outputs = []
    for k, (zone, lang) in enumerate((("UTC", "C.UTF-8"), ("Pacific/Kiritimati",
                                                          "tr_TR.UTF-8"))):
        out = tmp_path / f"{k}.{'docx' if 'docx' in args or 'packet' in args else 'html'}"
        env = {**os.environ, "TZ": zone, "LANG": lang, "LC_ALL": lang,
               "PYTHONPATH": str(ROOT / "cli")}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run([sys.executable, "-m", "boardpolicy", *args, "-o", str(out)], cwd=ROOT,
                       env=env, check=True, capture_output=True)
        outputs.append(out.read_bytes())
        time.sleep(1.1)  # a clock that leaked in would now differ
    assert outputs[0] == outputs[1]


def test_output_folder_missing_read_only_and_full(cli, tmp_path, monkeypatch):
    one_line(cli("render", BUTTE, "-o", tmp_path / "no" / "x.docx"),
             "does not exist")
    out = write(tmp_path / "x.docx", b"keep")

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    one_line(cli("render", BUTTE, "-o", out), "No space left on device")
    assert out.read_bytes() == b"keep"
    assert [p.name for p in tmp_path.iterdir()] == ["x.docx"]


# --- second round (issue 13) -------------------------------------------------------------------

SEED_BUTTE = SEEDS / "butte-5460-adopted-2018.txt"


def test_an_output_that_is_also_an_input_is_refused(cli, tmp_path):
    """Compared as files (device and inode), not as strings: a link or another spelling of
    the path is caught too."""
    district = write(tmp_path / "x.yaml", GOOD)
    one_line(cli("render", district, "-o", district, "--format", "txt"), "is also an input")
    assert district.read_text(encoding="utf-8") == GOOD
    old = write(tmp_path / "a.txt", SEED_BUTTE.read_bytes())
    new = write(tmp_path / "b.txt", SEED_BUTTE.read_text(encoding="utf-8") + "\nMore.\n")
    before = old.read_bytes()
    one_line(cli("diff", old, new, "-o", tmp_path / "." / "a.txt"), "is also an input")
    os.link(new, tmp_path / "hard.txt")
    (tmp_path / "soft.txt").symlink_to(old)
    for other in ("hard.txt", "soft.txt"):
        one_line(cli("diff", old, new, "-o", tmp_path / other, "-f", "unified"),
                 "is also an input")
    one_line(cli("import", old, "--model", "mtsba/5460", "-o", old, "--force"),
             "is also an input")
    one_line(cli("compare", "--model", "mtsba/5460", old, "-f", "csv", "-o", old),
             "is also an input")
    assert old.read_bytes() == before
    assert cli("diff", old, new, "-o", tmp_path / "out.txt", "-f", "unified").code == 0


def test_special_files_are_written_into_not_replaced(cli, tmp_path):
    """A FIFO (as a device would be) is written into, as the shell's `>` does; a symbolic link
    is followed, and stays a link."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cli("render", BUTTE, "-o", fifo, "--format", "txt")
    reader.join(10)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0].startswith(b"Butte School District")
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temporary file left
    real = write(tmp_path / "real.txt", "old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert cli("render", BUTTE, "-o", link, "--format", "txt").code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("Butte")


ESCAPES = "\x1b[2K\x1b[1A"  # erase the line, move the cursor up


def test_escape_codes_in_a_document_are_shown_not_obeyed(cli, tmp_path):
    old = write(tmp_path / "old.txt", SEED_BUTTE.read_bytes())
    text = SEED_BUTTE.read_text(encoding="utf-8")
    new = write(tmp_path / "new.txt", text.replace(
        "Staff", f"Hidden sentence here.{ESCAPES} Staff", 1))
    for fmt in ("terminal", "side-by-side", "unified"):
        result = cli("diff", old, new, "-f", fmt)
        assert result.code == 0, result.err
        assert "\x1b" not in result.out, fmt
        assert "^[[2K^[[1A" in result.out, fmt
    result = cli("render", new, "--format", "txt")
    assert "\x1b" not in result.out and "^[[2K" in result.out
    result = cli("compare", "--model", "mtsba/5460", new)
    assert "\x1b" not in result.out


def test_visible_shows_every_control_character():
    from boardpolicy.outputs.visible import visible

    assert visible("a\x1b[31mb\x07\x7f\x9b\u202e\tc\n") == "a^[[31mb^G^?<U+009B><U+202E>\tc\n"


def test_csv_cells_that_would_be_formulas_are_neutralised(cli, tmp_path):
    for k, name in enumerate(('=HYPERLINK("http://evil.example","x")', "+1", "-2", "@SUM(A1)",
                              "\tTab", "\rReturn")):
        edited = GOOD.replace("district: Example Valley School District",
                              f"district: {json_quote(name)}")
        write(tmp_path / f"d{k}.yaml", edited)
    files = sorted(tmp_path.glob("d*.yaml"))
    result = cli("compare", "--model", "mtsba/5460", *files, "-f", "csv")
    import csv as csvlib

    rows = list(csvlib.DictReader(io.StringIO(result.out)))
    districts = [row["district"] for row in rows if row["district"]]
    assert districts and all(d.startswith("'") for d in districts), districts
    assert not any(d[:1] and d[:1] in "=+-@\t\r" for row in rows for d in row.values())


def json_quote(text: str) -> str:
    import json

    return json.dumps(text)


@pytest.mark.parametrize("name, expected", [
    ('"Valley\\nSchool District"', "contains a line break (U+000A)"),
    ('"Valley\\u2028School District"', "contains a line break (U+2028)"),
    ('"Valley\\u0085 District"', "control character U+0085"),
    ('"Valley\\u009b2K District"', "control character U+009B"),
])
def test_a_district_name_of_two_lines_or_with_c1_controls_is_refused(cli, tmp_path, name,
                                                                     expected):
    edited = GOOD.replace("district: Example Valley School District", f"district: {name}")
    one_line(cli("validate", write(tmp_path / "d.yaml", edited)), expected)


def test_import_never_writes_what_validate_refuses(cli, tmp_path):
    text = SEED_BUTTE.read_text(encoding="utf-8")
    evil = text.replace("Staff", f"Sta{ESCAPES}ff\u202e\x7f\ufffe", 3)
    source = write(tmp_path / "evil.txt", evil)
    out = tmp_path / "evil.yaml"
    result = cli("import", source, "--model", "mtsba/5460", "-o", out)
    assert result.code == 0, result.err
    assert "control characters" in result.out
    assert cli("validate", out).code == 0


def test_a_web_page_with_no_declared_charset_is_read_as_utf8(cli, tmp_path):
    page = write(tmp_path / "p.html", "<html><body><p>Staff don’t post café photos.</p>"
                                      "</body></html>")
    result = cli("render", page)
    assert "don’t post café" in result.out and "â€" not in result.out
    cp1252 = write(tmp_path / "w.html",
                   "<html><body><p>Staff don’t post café.</p></body></html>".encode("cp1252"))
    result = cli("render", cp1252)
    assert "don’t post café" in result.out
    assert "read as Windows-1252" in result.err
    declared = write(tmp_path / "l.html", '<html><head><meta charset="iso-8859-1"></head>'
                     "<body><p>Staff post café.</p></body></html>".encode("latin-1"))
    result = cli("render", declared)
    assert "post café" in result.out and "Windows-1252" not in result.err
    source = write(tmp_path / "i.html", "<html><body><p>Butte School District</p>" +
                   "".join(f"<p>{line}</p>" for line in SEED_BUTTE.read_text(
                       encoding="utf-8").splitlines()[:40]) + "</body></html>")
    result = cli("import", source, "--model", "mtsba/5460", "--force")
    assert "â€" not in result.out


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_text_with_a_bom_is_read(cli, tmp_path, codec):
    text = SEED_BUTTE.read_text(encoding="utf-8")
    bom = {"utf-16": b"", "utf-32": b"", "utf-16-be": b"\xfe\xff",
           "utf-32-be": b"\x00\x00\xfe\xff"}[codec]
    path = write(tmp_path / "notepad.txt", bom + text.encode(codec))
    result = cli("diff", SEED_BUTTE, path, "--exit-code")
    assert result.code == 0, result.err + result.out


def test_nfc_nfd_and_invisible_characters_are_not_changes(cli, tmp_path):
    import unicodedata

    text = SEED_BUTTE.read_text(encoding="utf-8").replace("Staff", "Stäff café", 2)
    nfc = write(tmp_path / "nfc.txt", unicodedata.normalize("NFC", text))
    nfd = write(tmp_path / "nfd.txt", "\ufeff\ufeff" + unicodedata.normalize("NFD", text)
                .replace("shall", "sh\u200ball"))
    result = cli("diff", nfc, nfd, "--exit-code", "--ignore-case", "--ignore-punctuation",
                 "--ignore-typography")
    assert result.code == 0, result.out
    assert cli("diff", nfc, nfd, "--exit-code").code == 0
    other = write(tmp_path / "other.txt", unicodedata.normalize("NFD", text.replace(
        "Stäff café", "Stäff cafe", 1)))
    shown = cli("diff", nfc, other, "-f", "unified", "--exit-code")
    assert shown.code == 1 and "café" in shown.out  # an accent really dropped still shows


def test_css_hidden_web_content_is_left_out_and_counted(cli, tmp_path):
    page = write(tmp_path / "h.html", "<html><body><main><p>Staff shall not post.</p>"
                 "<p hidden>SECRET ONE</p><div style='display: none'>SECRET <b>TWO</b></div>"
                 "<p style='VISIBILITY:hidden'>SECRET THREE</p><p aria-hidden='true'>SECRET "
                 "FOUR</p></main></body></html>")
    result = cli("render", page)
    assert "SECRET" not in result.out and "Staff shall not post." in result.out
    assert "left out 4 hidden elements" in result.err


def test_repeated_identical_paragraphs_edited_in_place_are_modifications(cli, tmp_path):
    para = "Staff shall not post photographs of students on personal social media accounts."
    old = ["Electronic Resources", *[para] * 20, "Adopted on: 5/22/2018"]
    new = list(old)
    new[5] = para.replace("photographs", "pictures")
    new[14] = para.replace("students", "pupils")
    a = write(tmp_path / "a.txt", "\n\n".join(old) + "\n")
    b = write(tmp_path / "b.txt", "\n\n".join(new) + "\n")
    summary = __import__("json").loads(cli("diff", a, b, "-f", "json").out)["summary"]
    assert (summary["modified"], summary["moved"], summary["inserted"],
            summary["deleted"]) == (2, 0, 0, 0), summary
    # a paragraph that really moved (unique text, order changed) is still a move
    unique = [f"Rule {n}: staff websites must not link to student accounts, case {n}."
              for n in range(3)]
    old2 = [*old[:3], *unique, *old[3:]]
    new2 = [*old[:3], unique[1], unique[2], unique[0], *old[3:]]
    a2 = write(tmp_path / "a2.txt", "\n\n".join(old2) + "\n")
    b2 = write(tmp_path / "b2.txt", "\n\n".join(new2) + "\n")
    summary = __import__("json").loads(cli("diff", a2, b2, "-f", "json").out)["summary"]
    assert summary["moved"] == 1 and summary["modified"] == 0, summary


def _docx_bytes() -> bytes:
    from boardpolicy import Format, Library, compose, load_district, render

    district, model = load_district(BUTTE, Library())
    return render(compose(district, model), Format.DOCX)


def test_an_encrypted_zip_and_strict_ooxml_are_named(cli, tmp_path):
    data = bytearray(_docx_bytes())
    at = data.find(b"PK\x03\x04")
    while at != -1:  # the "encrypted" flag (ZipCrypto) in every local header and directory entry
        data[at + 6] |= 1
        at = data.find(b"PK\x03\x04", at + 4)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + 8] |= 1
        at = data.find(b"PK\x01\x02", at + 4)
    one_line(cli("render", write(tmp_path / "locked.docx", bytes(data))),
             "locked.docx: is an encrypted zip (a password is needed")
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    one_line(cli("render", write(tmp_path / "strict.docx", zip_bytes(parts))),
             "strict.docx: is a Strict Open XML document")


@pytest.mark.parametrize("extra, expected", [
    ("extra: " + "9" * 5000, "has 5,000 digits"),
    ("extra: " + "[" * 990 + "]" * 990, "nested more than 50 levels deep"),
    ("extra: !custom thing", "the tag '!custom' is not allowed here (write a plain value)"),
])
def test_yaml_that_python_cannot_read_gets_a_message_naming_the_file(cli, tmp_path, extra,
                                                                     expected):
    path = write(tmp_path / "d.yaml", GOOD + extra + "\n")
    result = cli("validate", path)
    assert result.code == 2 and expected in result.err, result.err
    assert "internal error" not in result.err and str(path) in result.err
    assert "<unicode string>" not in result.err and len(result.err) < 400


def test_a_bad_date_is_not_echoed_in_full(cli, tmp_path):
    edited = GOOD.replace("  adopted: 9/12/2016", "  adopted: " + "1" * 400)
    result = cli("validate", write(tmp_path / "d.yaml", edited))
    assert result.code == 2 and "is not a date" in result.err and len(result.err) < 300
