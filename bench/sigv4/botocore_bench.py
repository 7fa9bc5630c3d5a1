#!/usr/bin/env python3
"""botocore's SigV4 signing cost for the same scenarios as main.swift (timed loop, best of 5)."""

import datetime
import sys
import time
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

CREDENTIALS = Credentials(
    "ASIAEXAMPLESESSION01",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "IQoJb3JpZ2luX2VjEHAaCXVzLWVhc3QtMSJHMEUCIQD+example/session/token==",
)
BODY = (b'{"messages":[{"role":"user","content":[{"text":"Summarise the attached report in three bullet points."}]}],'
        b'"inferenceConfig":{"maxTokens":512,"temperature":0.2}}')
NOW = datetime.datetime(2024, 3, 7, 9, 5, 42)


def make_scenarios():
    """Requests and signers built once, as main.swift does; add_auth replaces its own headers on each call."""
    converse = AWSRequest(
        method="POST",
        url="https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse",
        data=BODY,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    bedrock = botocore.auth.SigV4Auth(CREDENTIALS, "bedrock", "us-east-1")
    url = "https://examplebucket.s3.us-west-2.amazonaws.com/photos/2024/my%20photo.jpg"
    get_object = AWSRequest(method="GET", url=url)
    get_object.context["client_config"] = Config(s3={"payload_signing_enabled": False})
    s3 = botocore.auth.S3SigV4Auth(CREDENTIALS, "s3", "us-west-2")
    presigner = botocore.auth.S3SigV4QueryAuth(CREDENTIALS, "s3", "us-west-2", expires=900)

    def presign():
        # Presigning rewrites the URL, so it needs a fresh request each time.
        presigner.add_auth(AWSRequest(method="GET", url=url))

    return [
        ("botocore bedrock converse (SigV4Auth)", lambda: bedrock.add_auth(converse)),
        ("botocore s3 get-object (S3SigV4Auth)", lambda: s3.add_auth(get_object)),
        ("botocore s3 get-object (S3SigV4QueryAuth)", presign),
    ]


def measure(name, iterations, body):
    for _ in range(iterations // 10):
        body()
    best = min(timed(iterations, body) for _ in range(5))
    print(f"{name:<44} {iterations:8d} iterations  best of 5: {best * 1e3:8.1f} ms  "
          f"{best / iterations * 1e6:7.2f} us/request")


def timed(iterations, body):
    start = time.perf_counter()
    for _ in range(iterations):
        body()
    return time.perf_counter() - start


if __name__ == "__main__":
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=NOW):
        for name, body in make_scenarios():
            measure(name, iterations, body)
    print(f"botocore {botocore.__version__}, Python {sys.version.split()[0]}")
