"""Accept or reject every tracked change in DOCX files with LibreOffice, and save the text.

Run by Debian's own Python, which has LibreOffice's UNO bridge (package python3-uno):

    /usr/bin/python3 tests/lo_revisions.py JOBS.json [PIPE]

JOBS.json is a list of [input.docx, "accept" | "reject" | "none", output.json]. Each output
holds the document's paragraphs after the action, and how many revisions are left. With PIPE,
the jobs go to a LibreOffice already listening on that pipe (the test session starts one);
without it, this script starts its own and stops it at the end.
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, process):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        if process is not None and process.poll() is not None:
            raise SystemExit(f"LibreOffice exited early with status {process.returncode}")
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # not listening yet
            time.sleep(0.1)
    raise SystemExit("LibreOffice did not start")


def paragraphs(document):
    out = []
    enum = document.getText().createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            out.append(element.getString())
    return out


def run_jobs(context, jobs):
    smgr = context.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
    for source, action, target in jobs:
        url = uno.systemPathToFileUrl(os.path.abspath(source))
        document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        if document is None:
            raise SystemExit(f"LibreOffice could not open {source}")
        frame = document.getCurrentController().getFrame()
        if action == "accept":
            dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
        elif action == "reject":
            dispatcher.executeDispatch(frame, ".uno:RejectAllTrackedChanges", "", 0, ())
        with open(target, "w", encoding="utf-8") as out:
            json.dump({"paragraphs": paragraphs(document),
                       "revisions_left": document.getRedlines().getCount()}, out)
        document.close(True)
    return desktop


def start_office(pipe):
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    process = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process, profile


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        jobs = json.load(handle)
    if len(sys.argv) > 2:  # a session's office, already running
        run_jobs(connect(sys.argv[2], None), jobs)
        return
    pipe = f"boardpolicy{os.getpid()}"
    process, profile = start_office(pipe)
    try:
        desktop = run_jobs(connect(pipe, process), jobs)
        with contextlib.suppress(Exception):  # the bridge drops as the office exits
            desktop.terminate()
    finally:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
