"""The container recipe lints clean with hadolint and checkov's Dockerfile checks."""

import json
import subprocess

from infra_support import ROOT, checkov_venv_tool

DOCKERFILE = ROOT / "deploy" / "Dockerfile"


def test_hadolint_is_clean():
    hadolint = checkov_venv_tool("hadolint")
    result = subprocess.run(
        [str(hadolint), "--config", str(ROOT / "deploy" / ".hadolint.yaml"), str(DOCKERFILE)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_checkov_dockerfile_checks_pass():
    checkov = checkov_venv_tool("checkov")
    result = subprocess.run(
        [str(checkov), "-f", str(DOCKERFILE), "--framework", "dockerfile", "-o", "json", "--quiet", "--compact", "--skip-download"],
        capture_output=True, text=True, timeout=300,
    )
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [c for r in reports for c in r.get("results", {}).get("failed_checks", [])]
    assert not failed, "\n".join(f"{c['check_id']}: {c['check_name']}" for c in failed)


def test_recipe_shape():
    text = DOCKERFILE.read_text()
    assert "--static-swift-stdlib" in text
    assert "HEALTHCHECK" in text and "/health/live" in text
    assert "USER " in text
    assert '"serve", "--host", "0.0.0.0"' in text
    assert text.count("FROM ") >= 2
