"""Helpers for the infrastructure tests: the built `tandem` binary and the linters' virtualenv.

The binary is `$TANDEM_BIN`, or `.build/debug/tandem` under the repository root. Linters that cannot share a
virtualenv with python-hcl2 (checkov, hadolint) come from `$TANDEM_CHECKOV_VENV` or `<root>/.venv-checkov`
(installed from tests/requirements-checkov.txt).
"""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
HERE = pathlib.Path(__file__).resolve().parent
PROFILES = HERE / "profiles"


def tandem_bin():
    path = pathlib.Path(os.environ.get("TANDEM_BIN", ROOT / ".build" / "debug" / "tandem"))
    if not path.exists():
        pytest.fail(f"tandem binary not found at {path}; build it with `swift build --product tandem` or set TANDEM_BIN")
    return path


def checkov_venv_tool(name):
    """A tool from the checkov virtualenv; missing is a failure in CI and a skip on a developer machine."""
    venv = pathlib.Path(os.environ.get("TANDEM_CHECKOV_VENV", ROOT / ".venv-checkov"))
    tool = venv / "bin" / name
    if not tool.exists():
        message = (
            f"{tool} missing: python3 -m venv {venv} && {venv}/bin/pip install -r tests/requirements-checkov.txt"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return tool


def run_tandem(*args):
    result = subprocess.run([str(tandem_bin()), *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"tandem {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout
