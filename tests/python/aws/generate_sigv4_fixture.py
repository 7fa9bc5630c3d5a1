#!/usr/bin/env python3
"""Generate Tests/Fixtures/aws/sigv4-botocore.json: botocore's SigV4 signatures for a fixed set of requests.

Every case is signed by botocore's own SigV4Auth (or S3SigV4Auth for S3) at a fixed time; the Swift test
SigV4BotocoreFixtureTests signs the same inputs with TandemAWS.SigV4Signer and expects byte-identical
Authorization headers, canonical requests and strings to sign. test_sigv4_fixture.py re-runs this script and fails
when the committed fixture is stale (e.g. after a botocore change).

Usage: python tests/python/aws/generate_sigv4_fixture.py [--check]
"""

import base64
import datetime
import json
import pathlib
import sys
from unittest import mock

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "Tests" / "Fixtures" / "aws" / "sigv4-botocore.json"
TIMESTAMP = datetime.datetime(2024, 3, 7, 9, 5, 42)

LONG_TERM = {"access_key": "AKIDEXAMPLE", "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token": None}
SESSION = {
    "access_key": "ASIAEXAMPLESESSION01",
    "secret_key": "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "token": "IQoJb3JpZ2luX2VjEHAaCXVzLWVhc3QtMSJHMEUCIQD+example/session/token==",
}
CONVERSE_BODY = json.dumps(
    {"messages": [{"role": "user", "content": [{"text": "Hello, caf\u00e9 \u2713"}]}],
     "inferenceConfig": {"maxTokens": 64}},
    ensure_ascii=False,
).encode()

HAIKU = "/model/anthropic.claude-3-haiku-20240307-v1%3A0"
BEDROCK = "https://bedrock-runtime.us-east-1.amazonaws.com"
S3 = "https://examplebucket.s3.us-west-2.amazonaws.com"

# name, service, region, method, url, headers, body, unsigned, credentials
CASES = [
    ("bedrock-converse", "bedrock", "us-east-1", "POST", BEDROCK + HAIKU + "/converse",
     [("Content-Type", "application/json"), ("Accept", "application/json")], CONVERSE_BODY, False, LONG_TERM),
    ("bedrock-converse-stream-session", "bedrock", "us-east-1", "POST", BEDROCK + HAIKU + "/converse-stream",
     [("Content-Type", "application/json"), ("Accept", "application/vnd.amazon.eventstream")], CONVERSE_BODY,
     False, SESSION),
    ("bedrock-invoke-titan-eu", "bedrock", "eu-central-1", "POST",
     "https://bedrock-runtime.eu-central-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke",
     [("Content-Type", "application/json")], b'{"inputText":"hello","dimensions":256}', False, LONG_TERM),
    ("bedrock-inference-profile-arn", "bedrock", "us-west-2", "POST",
     "https://bedrock-runtime.us-west-2.amazonaws.com/model/"
     "arn%3Aaws%3Abedrock%3Aus-west-2%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-haiku-20240307-v1%3A0"
     "/converse", [("Content-Type", "application/json")], b"{}", False, SESSION),
    ("bedrock-unsigned-payload", "bedrock", "us-east-1", "POST", BEDROCK + HAIKU + "/converse",
     [("Content-Type", "application/json")], CONVERSE_BODY, True, LONG_TERM),
    ("sqs-query-post", "sqs", "us-east-1", "POST", "https://sqs.us-east-1.amazonaws.com/",
     [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
     b"Action=SendMessage&MessageBody=hello%20world&QueueUrl=https%3A%2F%2Fsqs.us-east-1.amazonaws.com%2F1%2Fq"
     b"&Version=2012-11-05", False, LONG_TERM),
    ("sqs-json-session", "sqs", "eu-west-1", "POST", "https://sqs.eu-west-1.amazonaws.com/",
     [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "AmazonSQS.ReceiveMessage")],
     b'{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/123456789012/jobs","WaitTimeSeconds":20}', False, SESSION),
    ("dynamodb-put-item", "dynamodb", "us-east-1", "POST", "https://dynamodb.us-east-1.amazonaws.com/",
     [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "DynamoDB_20120810.PutItem")],
     b'{"TableName":"t","Item":{"pk":{"S":"a"}}}', False, LONG_TERM),
    ("sts-get-caller-identity-query", "sts", "us-east-1", "GET",
     "https://sts.amazonaws.com/?Version=2011-06-15&Action=GetCallerIdentity", [], b"", False, LONG_TERM),
    ("execute-api-space-and-unicode", "execute-api", "us-east-1", "GET",
     "https://abc123.execute-api.us-east-1.amazonaws.com/prod/caf%C3%A9/a%20b/%E2%9C%93", [], b"", False, LONG_TERM),
    ("execute-api-raw-colon-and-percent", "execute-api", "us-east-1", "DELETE",
     "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items/urn:item:42/100%25", [], b"", False, SESSION),
    ("execute-api-dot-segments", "execute-api", "ap-southeast-2", "GET",
     "https://abc123.execute-api.ap-southeast-2.amazonaws.com/prod/./a/../b//c/", [], b"", False, LONG_TERM),
    ("execute-api-query-sorting", "execute-api", "us-east-1", "GET",
     "https://abc123.execute-api.us-east-1.amazonaws.com/prod/search?zeta=1&Alpha=2&alpha=b&alpha=a&empty=&q=a%20b%2Fc",
     [], b"", False, LONG_TERM),
    ("execute-api-header-whitespace-and-duplicates", "execute-api", "us-east-1", "PUT",
     "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items/1",
     [("Content-Type", "application/json"), ("X-Custom", "  a   b  c "), ("x-custom", "second"),
      ("User-Agent", "tandem/0.1"), ("X-Amzn-Trace-Id", "Root=1-abc"), ("My-Header", "tab\there")],
     b'{"a":1}', False, LONG_TERM),
    ("lambda-invoke-non-default-port", "lambda", "us-east-1", "POST",
     "http://localhost:9001/2015-03-31/functions/my-fn%3Aprod/invocations", [], b'{"k":"v"}', False, LONG_TERM),
    ("lambda-invoke-explicit-default-port", "lambda", "us-east-1", "POST",
     "https://lambda.us-east-1.amazonaws.com:443/2015-03-31/functions/f/invocations", [], b"{}", False, SESSION),
    ("s3-get-object-space-key", "s3", "us-west-2", "GET", S3 + "/photos/2024/my%20photo.jpg", [], b"", False,
     LONG_TERM),
    ("s3-put-object-unicode-key", "s3", "us-west-2", "PUT", S3 + "/caf%C3%A9/r%C3%A9sum%C3%A9%2B1.txt",
     [("Content-Type", "text/plain")], b"hello s3", False, LONG_TERM),
    ("s3-put-object-unsigned", "s3", "us-west-2", "PUT", S3 + "/uploads/big.bin",
     [("Content-Type", "application/octet-stream")], b"\x00\x01\x02binary", True, SESSION),
    ("s3-no-normalisation", "s3", "us-west-2", "GET", S3 + "/a/./b/../c//d", [], b"", False, LONG_TERM),
    ("s3-colon-key", "s3", "us-west-2", "GET", S3 + "/logs/2024-03-07T09%3A05%3A42Z.json", [], b"", False,
     SESSION),
    ("s3-list-objects-v2", "s3", "us-west-2", "GET", S3 + "/?list-type=2&prefix=photos%2F2024%2F&max-keys=10",
     [], b"", False, LONG_TERM),
    ("s3-subresource-acl", "s3", "us-west-2", "GET", S3 + "/key?acl=", [], b"", False, LONG_TERM),
    ("s3-path-style-delete", "s3", "us-east-1", "DELETE", "https://s3.us-east-1.amazonaws.com/bucket/dir/file%20name",
     [], b"", False, LONG_TERM),
    ("s3-head-object-session", "s3", "eu-west-1", "HEAD", "https://b.s3.eu-west-1.amazonaws.com/a%20b%20c", [],
     b"", False, SESSION),
]


# Presigned URLs (query mode): name, service, region, method, url, headers, expires, credentials
PRESIGN_CASES = [
    ("s3-presign-get", "s3", "us-west-2", "GET", S3 + "/photos/2024/my%20photo.jpg", [], 900, LONG_TERM),
    ("s3-presign-put-session", "s3", "us-east-1", "PUT", "https://b.s3.us-east-1.amazonaws.com/up/caf%C3%A9.txt",
     [("Content-Type", "text/plain")], 3600, SESSION),
    ("s3-presign-with-query", "s3", "eu-west-1", "GET",
     "https://b.s3.eu-west-1.amazonaws.com/k?response-content-disposition=attachment%3B%20filename%3Da.txt&versionId=3",
     [], 604800, LONG_TERM),
    ("execute-api-presign", "execute-api", "us-east-1", "GET",
     "https://abc123.execute-api.us-east-1.amazonaws.com/prod/a%3Ab/./c", [], 60, SESSION),
    ("rds-db-auth-token-shape", "rds-db", "us-east-1", "GET",
     "https://db.cluster-abc.us-east-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app", [], 900, LONG_TERM),
]


def presign(case):
    name, service, region, method, url, headers, expires, creds = case
    credentials = Credentials(creds["access_key"], creds["secret_key"], creds["token"])
    request = AWSRequest(method=method, url=url)
    for header, value in headers:
        request.headers[header] = value
    auth_class = botocore.auth.S3SigV4QueryAuth if service == "s3" else botocore.auth.SigV4QueryAuth
    auth = auth_class(credentials, service, region, expires=expires)
    captured = {}
    canonical_request = auth.canonical_request

    def capture_canonical(req):
        captured["canonical_request"] = canonical_request(req)
        return captured["canonical_request"]

    auth.canonical_request = capture_canonical
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=TIMESTAMP):
        auth.add_auth(request)
    query = dict(pair.split("=", 1) for pair in request.url.split("?", 1)[1].split("&"))
    return {
        "name": name,
        "service": service,
        "region": region,
        "method": method,
        "url": url,
        "headers": [list(pair) for pair in headers],
        "expires": expires,
        "credentials": {k: v for k, v in creds.items() if v is not None},
        "expected": {
            "canonical_request": captured["canonical_request"],
            "signature": query["X-Amz-Signature"],
            "url": request.url,
        },
    }


def sign(case):
    name, service, region, method, url, headers, body, unsigned, creds = case
    credentials = Credentials(creds["access_key"], creds["secret_key"], creds["token"])
    request = AWSRequest(method=method, url=url, data=body)
    for header, value in headers:
        request.headers[header] = value
    if unsigned:
        if service == "s3":
            request.context["client_config"] = botocore.config.Config(s3={"payload_signing_enabled": False})
        else:
            request.context["payload_signing_enabled"] = False
    auth_class = botocore.auth.S3SigV4Auth if service == "s3" else botocore.auth.SigV4Auth
    auth = auth_class(credentials, service, region)
    captured = {}
    canonical_request = auth.canonical_request
    string_to_sign = auth.string_to_sign

    def capture_canonical(req):
        captured["canonical_request"] = canonical_request(req)
        return captured["canonical_request"]

    def capture_string_to_sign(req, canonical):
        captured["string_to_sign"] = string_to_sign(req, canonical)
        return captured["string_to_sign"]

    auth.canonical_request = capture_canonical
    auth.string_to_sign = capture_string_to_sign
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=TIMESTAMP):
        auth.add_auth(request)
    added = {
        key: request.headers[key]
        for key in ("X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256")
        if key in request.headers
    }
    return {
        "name": name,
        "service": service,
        "region": region,
        "method": method,
        "url": url,
        "headers": [list(pair) for pair in headers],
        "body_base64": base64.b64encode(body).decode(),
        "unsigned_payload": unsigned,
        "credentials": {k: v for k, v in creds.items() if v is not None},
        "expected": {
            "authorization": request.headers["Authorization"],
            "canonical_request": captured["canonical_request"],
            "string_to_sign": captured["string_to_sign"],
            "added_headers": added,
        },
    }


def build():
    return {
        "about": "botocore SigV4Auth/S3SigV4Auth signatures for TandemAWS tests; regenerate with "
        "tests/python/aws/generate_sigv4_fixture.py",
        "timestamp": TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cases": [sign(case) for case in CASES],
        "presign_cases": [presign(case) for case in PRESIGN_CASES],
    }


def render():
    return json.dumps(build(), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv):
    text = render()
    if "--check" in argv:
        if FIXTURE.read_text(encoding="utf-8") != text:
            print(f"{FIXTURE} is stale: run {pathlib.Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{FIXTURE.name} matches botocore {botocore.__version__}")
        return 0
    FIXTURE.write_text(text, encoding="utf-8")
    print(f"wrote {len(CASES)} + {len(PRESIGN_CASES)} cases to {FIXTURE} (botocore {botocore.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
