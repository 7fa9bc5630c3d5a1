"""The SAM template translates offline with aws-sam-translator and lints with cfn-lint: 0 errors."""

import json
import pathlib
import subprocess
import sys

import pytest
import yaml
from samtranslator.translator.transform import transform


@pytest.fixture(autouse=True)
def offline_region(monkeypatch):
    """The translator fills pseudo parameters (partition, region) from the boto3 session; no call is made."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_PROFILE", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(name, raising=False)


class NoManagedPolicies:
    """The template uses inline policy documents only, so nothing needs looking up in IAM."""

    def load(self):
        return {}


def packaged(template):
    """What `sam package` does to local artefact paths: point them at S3."""
    for resource in template["Resources"].values():
        properties = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri"):
            if isinstance(properties.get(key), str) and not properties[key].startswith("s3://"):
                properties[key] = f"s3://tandem-artifacts/{pathlib.Path(properties[key]).name}"
    return template


def translated(sam_dir):
    template = yaml.safe_load((sam_dir / "template.yaml").read_text())
    output = transform(packaged(template), {}, NoManagedPolicies())
    path = sam_dir / "translated.json"
    path.write_text(json.dumps(output, indent=1))
    return output, path


def test_template_is_yaml_with_the_serverless_transform(sam_dir):
    template = yaml.safe_load((sam_dir / "template.yaml").read_text())
    assert template["Transform"] == "AWS::Serverless-2016-10-31"
    function = template["Resources"]["App"]["Properties"]
    assert function["Runtime"] == "provided.al2023"
    assert function["FunctionUrlConfig"] == {"AuthType": "AWS_IAM", "InvokeMode": "RESPONSE_STREAM"}


def test_translates_offline_to_plain_cloudformation(sam_dir):
    output, _ = translated(sam_dir)
    types = {r["Type"] for r in output["Resources"].values()}
    assert not any(t.startswith("AWS::Serverless::") for t in types)
    assert {"AWS::Lambda::Function", "AWS::Lambda::Url", "AWS::Lambda::Alias", "AWS::Lambda::EventSourceMapping",
            "AWS::Lambda::Permission", "AWS::Lambda::LayerVersion", "AWS::IAM::Role"} <= types
    mappings = [r["Properties"] for r in output["Resources"].values() if r["Type"] == "AWS::Lambda::EventSourceMapping"]
    assert all(m.get("FunctionResponseTypes") == ["ReportBatchItemFailures"] for m in mappings)
    policies = [
        s for r in output["Resources"].values() if r["Type"] == "AWS::IAM::Role"
        for p in r["Properties"].get("Policies", []) for s in p["PolicyDocument"]["Statement"]
    ]
    actions = [a for s in policies for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])]
    assert "bedrock:InvokeModelWithResponseStream" in actions
    assert not [a for a in actions if "*" in a]


def test_cfn_lint_reports_no_errors(sam_dir):
    _, path = translated(sam_dir)
    cfn_lint = pathlib.Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run([str(cfn_lint), "--format", "json", str(path)], capture_output=True, text=True, timeout=300)
    matches = json.loads(result.stdout or "[]")
    errors = [m for m in matches if m["Level"] == "Error"]
    warnings = [m for m in matches if m["Level"] == "Warning"]
    print(f"cfn-lint: {len(errors)} errors, {len(warnings)} warnings")
    for m in warnings:
        print("  warning", m["Rule"]["Id"], m["Message"])
    assert not errors, "\n".join(f"{m['Rule']['Id']} {m['Message']}" for m in errors)
