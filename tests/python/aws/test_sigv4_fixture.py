"""The committed botocore SigV4 fixture must match what the installed botocore produces."""

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import generate_sigv4_fixture as generator  # noqa: E402


def test_fixture_is_fresh():
    committed = generator.FIXTURE.read_text(encoding="utf-8")
    assert committed == generator.render(), "run tests/python/aws/generate_sigv4_fixture.py to refresh the fixture"


def test_fixture_covers_the_tricky_cases():
    cases = json.loads(generator.FIXTURE.read_text(encoding="utf-8"))["cases"]
    canonical_uris = {case["name"]: case["expected"]["canonical_request"].split("\n")[1] for case in cases}
    assert canonical_uris["bedrock-converse"] == "/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse"
    assert canonical_uris["s3-no-normalisation"] == "/a/./b/../c//d"
    assert canonical_uris["execute-api-dot-segments"] == "/prod/b/c/"
