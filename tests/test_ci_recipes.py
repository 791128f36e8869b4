"""The pre-commit hooks and the documented workflow run the commands they say they run."""

from __future__ import annotations

import shlex
import subprocess
import sys

import yaml

from .conftest import ROOT
from .manual import make_manual


def hooks() -> dict[str, dict]:
    data = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in data}


def run_hook(hook: dict, args: list[str], files: list[str], cwd, env) -> int:
    """What pre-commit runs: the entry, the hook's args, then the files (if passed)."""
    entry = shlex.split(hook["entry"])
    assert entry[0] == "boardpolicy"
    command = [sys.executable, "-m", "boardpolicy", *entry[1:], *args]
    if hook.get("pass_filenames", True):
        command += files
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True).returncode


def test_hooks_validate_and_check_a_policy_repository(tmp_path):
    import os

    library, policies = make_manual(tmp_path, ["1005", "2100"])
    env = {**os.environ, "BOARDPOLICY_LIBRARY": str(library),
           "PYTHONPATH": str(ROOT / "cli")}
    found = hooks()
    assert set(found) == {"boardpolicy-validate", "boardpolicy-build-check"}
    files = [str(p.relative_to(tmp_path)) for p in sorted(policies.iterdir())]
    assert run_hook(found["boardpolicy-validate"], [], files, tmp_path, env) == 0
    check = found["boardpolicy-build-check"]
    args = ["policies", "-o", "site"]
    assert run_hook(check, args, files, tmp_path, env) == 1  # nothing rendered yet
    subprocess.run([sys.executable, "-m", "boardpolicy", "build", *args], cwd=tmp_path, env=env,
                   check=True, capture_output=True)
    assert run_hook(check, args, files, tmp_path, env) == 0
    (policies / "policy-1005.yaml").write_text("model: acme/1005\ndistrict: Changed\n"
                                               "choices: {forbidden: []}\n")
    assert run_hook(check, args, files, tmp_path, env) == 1
    assert run_hook(found["boardpolicy-validate"], [], ["policies/nope.yaml"], tmp_path,
                    env) == 2


def test_the_documented_workflow_is_valid_yaml_running_our_commands():
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    workflow = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    data = yaml.safe_load(workflow)
    runs = [step["run"] for job in data["jobs"].values() for step in job["steps"]
            if "run" in step]
    assert "boardpolicy build policies -o site --check" in runs
    assert "boardpolicy validate policies/*.yaml" in runs
