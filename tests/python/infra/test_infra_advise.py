"""`tandem advise` through the binary: flags, profile files, JSON shape, errors and the chart."""

import json
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest

from infra_support import ROOT, run_tandem, tandem_bin

PROFILES = sorted((ROOT / "deploy" / "profiles").glob("*.yaml"))


def advise_json(*args):
    return json.loads(run_tandem("advise", "--format", "json", *args))


def test_hand_computed_lambda_case_through_flags():
    # 1,000,000 x 0.2 s x 0.5 GB = 100,000 GB-s x $0.0000133334 = $1.33334; + $0.20 requests = $1.53334
    report = advise_json(
        "--requests-per-month", "1000000", "--duration-ms", "200", "--memory-mb", "512",
        "--tokens-in", "0", "--tokens-out", "0",
    )
    options = {o["id"]: o for o in report["options"]}
    assert options["lambda_arm64"]["monthly_cost"] == pytest.approx(1.5333, abs=1e-4)
    assert options["lambda_x86_64"]["monthly_cost"] == pytest.approx(1.8667, abs=1e-4)
    assert report["prices"]["version"] and report["prices"]["date"]
    assert report["prices"]["sources"]["lambda"].startswith("https://aws.amazon.com/")


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_example_profiles(profile):
    report = advise_json("--profile", str(profile))
    assert report["use_cases"], "every profile touches at least one use case"
    for row in report["use_cases"]:
        assert row["recommendation"] in ("Lambda", "containers", "dedicated")
        assert row["reasons"]
    assert all(o["monthly_cost"] >= 0 for o in report["options"])


def test_unknown_profile_fields_are_named(tmp_path):
    profile = tmp_path / "bad.yaml"
    profile.write_text("requests_per_month: 10\nmemroy_mb: 512\n")
    result = subprocess.run(
        [str(tandem_bin()), "advise", "--profile", str(profile)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "memroy_mb" in result.stderr


def test_prices_can_be_overridden(tmp_path):
    prices = json.loads(run_tandem("advise", "--print-prices"))
    prices["lambda"]["requests_per_million"] = 0.40
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(prices))
    report = advise_json("--prices", str(path), "--tokens-in", "0", "--tokens-out", "0")
    options = {o["id"]: o for o in report["options"]}
    # Defaults: 1M requests x 200 ms x 512 MB: $1.33334 duration + 1M x $0.40/M requests
    assert options["lambda_arm64"]["monthly_cost"] == pytest.approx(1.7333, abs=1e-4)


def test_chart_is_svg_with_a_png_where_a_converter_exists(tmp_path):
    chart = tmp_path / "cost.svg"
    run_tandem("advise", "--streaming", "true", "--duration-ms", "8000", "--chart", str(chart))
    root = ElementTree.parse(chart).getroot()
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "Requests per month" in texts and "Break-even points" in texts
    if shutil.which("rsvg-convert"):
        assert (tmp_path / "cost.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
