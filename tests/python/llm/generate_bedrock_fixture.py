#!/usr/bin/env python3
"""Generate Tests/Fixtures/llm/bedrock-botocore.json: what botocore sends and reads for Bedrock Runtime.

Requests: every case is serialised and signed by a real boto3 `bedrock-runtime` client (its parameter validation
included) at a fixed time; the request is captured on `before-send` and never leaves the process. The Swift test
BedrockBotocoreFixtureTests builds the same conversations from provider-neutral values and expects the same URL, the
same body as JSON, and, signing botocore's body through TandemAWS's client, the same canonical request and
Authorization header.

Streams: a ConverseStream body written by an encoder independent of TandemAWS's (struct + zlib CRC-32 below; botocore
itself has no event-stream encoder), checked with botocore's EventStreamBuffer and parsed into events by botocore's own
ConverseStream parser; the Swift test decodes the same bytes and compares the events.

Usage: python tests/python/llm/generate_bedrock_fixture.py [--check]
"""

import base64
import binascii
import datetime
import json
import pathlib
import struct
import sys
from unittest import mock

import boto3
import botocore
import botocore.auth
import botocore.eventstream
import botocore.parsers
import botocore.session

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "Tests" / "Fixtures" / "llm" / "bedrock-botocore.json"
TIMESTAMP = datetime.datetime(2024, 3, 7, 9, 5, 42)

LONG_TERM = {"access_key": "AKIDEXAMPLE", "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token": None}
SESSION = {
    "access_key": "ASIAEXAMPLESESSION01",
    "secret_key": "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "token": "IQoJb3JpZ2luX2VjEHAaCXVzLWVhc3QtMSJHMEUCIQD+example/session/token==",
}
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
PROFILE_ARN = "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0"
PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
WEATHER_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
    "required": ["city"],
}
WEATHER = {"toolSpec": {"name": "get_weather", "description": "Current weather for a city",
                        "inputSchema": {"json": WEATHER_SCHEMA}}}
TIME = {"toolSpec": {"name": "get_time", "inputSchema": {"json": {"type": "object", "properties": {}}}}}


def compact(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# name, operation, region, credentials, parameters. The Swift test holds the neutral request for each name.
CASES = [
    ("converse-text-inference", "converse", "us-east-1", LONG_TERM, {
        "modelId": HAIKU,
        "system": [{"text": "You are terse."}, {"text": "Answer in French."}],
        "messages": [{"role": "user", "content": [{"text": "Hello, caf\u00e9 \u2713"}]}],
        "inferenceConfig": {"maxTokens": 256, "temperature": 0.5, "topP": 0.9, "stopSequences": ["\n\nHuman:"]},
    }),
    ("converse-stream-parallel-tools-session", "converse_stream", "us-east-1", SESSION, {
        "modelId": HAIKU,
        "messages": [
            {"role": "user", "content": [{"text": "Weather in Oslo and the time?"}]},
            {"role": "assistant", "content": [
                {"text": "Checking both."},
                {"toolUse": {"toolUseId": "tooluse_a1", "name": "get_weather", "input": {"city": "Oslo", "unit": "c"}}},
                {"toolUse": {"toolUseId": "tooluse_b2", "name": "get_time", "input": {}}},
            ]},
            {"role": "user", "content": [
                {"toolResult": {"toolUseId": "tooluse_a1", "content": [{"text": "{\"temp\":-3}"}]}},
                {"toolResult": {"toolUseId": "tooluse_b2", "content": [{"text": "clock unavailable"}],
                                "status": "error"}},
            ]},
        ],
        "toolConfig": {"tools": [WEATHER, TIME], "toolChoice": {"auto": {}}},
    }),
    ("converse-tool-choice-any-profile-arn", "converse", "us-west-2", SESSION, {
        "modelId": PROFILE_ARN,
        "messages": [{"role": "user", "content": [{"text": "Weather?"}]}],
        "toolConfig": {"tools": [WEATHER], "toolChoice": {"any": {}}},
        "inferenceConfig": {"maxTokens": 100},
    }),
    ("converse-tool-choice-named", "converse", "us-east-1", LONG_TERM, {
        "modelId": HAIKU,
        "messages": [{"role": "user", "content": [{"text": "Time please"}]}],
        "toolConfig": {"tools": [WEATHER, TIME], "toolChoice": {"tool": {"name": "get_time"}}},
    }),
    ("converse-json-schema", "converse", "us-east-1", LONG_TERM, {
        "modelId": HAIKU,
        "messages": [{"role": "user", "content": [{"text": "Give me a city."}]}],
        "outputConfig": {"textFormat": {"type": "json_schema", "structure": {"jsonSchema": {
            "name": "city", "schema": compact(WEATHER_SCHEMA).decode()}}}},
    }),
    ("converse-image-reasoning", "converse", "eu-central-1", LONG_TERM, {
        "modelId": "eu.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "messages": [
            {"role": "user", "content": [{"image": {"format": "png", "source": {"bytes": PIXEL}}},
                                         {"text": "What is this?"}]},
            {"role": "assistant", "content": [
                {"reasoningContent": {"reasoningText": {"text": "A tiny PNG.", "signature": "sig-123"}}},
                {"text": "A one-pixel image."},
            ]},
            {"role": "user", "content": [{"text": "Sure?"}]},
        ],
        "additionalModelRequestFields": {"thinking": {"type": "enabled", "budget_tokens": 1024}},
    }),
    ("invoke-titan-v2", "invoke_model", "eu-central-1", LONG_TERM, {
        "modelId": "amazon.titan-embed-text-v2:0", "contentType": "application/json", "accept": "application/json",
        "body": compact({"inputText": "hello world", "dimensions": 256, "normalize": True}),
    }),
    ("invoke-cohere-embed", "invoke_model", "us-east-1", SESSION, {
        "modelId": "cohere.embed-english-v3", "contentType": "application/json", "accept": "application/json",
        "body": compact({"texts": ["first", "second"], "input_type": "search_document"}),
    }),
]


class Captured(Exception):
    pass


def capture(case):
    name, operation, region, creds, params = case
    client = boto3.client(
        "bedrock-runtime", region_name=region, aws_access_key_id=creds["access_key"],
        aws_secret_access_key=creds["secret_key"], aws_session_token=creds["token"],
    )
    seen = {}

    def before_send(request, **_):
        seen["url"] = request.url
        seen["headers"] = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
        seen["body"] = request.body
        raise Captured()

    original = botocore.auth.SigV4Auth.canonical_request

    def canonical(self, request):
        seen["canonical_request"] = original(self, request)
        return seen["canonical_request"]

    client.meta.events.register("before-send", before_send)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=TIMESTAMP), \
            mock.patch.object(botocore.auth.SigV4Auth, "canonical_request", canonical):
        try:
            getattr(client, operation)(**params)
        except Captured:
            pass
    signed = seen["headers"]["Authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    return {
        "name": name,
        "region": region,
        "model_id": params["modelId"],
        "credentials": {k: v for k, v in creds.items() if v is not None},
        "url": seen["url"],
        "signed_headers": {k.lower(): v for k, v in seen["headers"].items() if k.lower() in signed},
        "body_base64": base64.b64encode(seen["body"]).decode(),
        "canonical_request": seen["canonical_request"],
        "authorization": seen["headers"]["Authorization"],
    }


def frame(headers, payload):
    """One event-stream frame (independent of TandemAWS's encoder): string headers only, as Bedrock sends."""
    block = b""
    for key, value in headers:
        raw = value.encode()
        block += bytes([len(key)]) + key.encode() + b"\x07" + struct.pack(">H", len(raw)) + raw
    total = 16 + len(block) + len(payload)
    prelude = struct.pack(">II", total, len(block))
    prelude += struct.pack(">I", binascii.crc32(prelude) & 0xFFFFFFFF)
    message = prelude + block + payload
    return message + struct.pack(">I", binascii.crc32(message) & 0xFFFFFFFF)


def event(kind, body):
    headers = [(":event-type", kind), (":content-type", "application/json"), (":message-type", "event")]
    return frame(headers, json.dumps(body).encode())


STREAM_EVENTS = [
    ("messageStart", {"role": "assistant", "p": "abcdefgh"}),
    ("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"reasoningContent": {"text": "Two tools."}}, "p": "ab"}),
    ("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"reasoningContent": {"signature": "c2ln"}}, "p": "a"}),
    ("contentBlockStop", {"contentBlockIndex": 0, "p": "abcdefghijkl"}),
    ("contentBlockDelta", {"contentBlockIndex": 1, "delta": {"text": "Let me "}, "p": "abc"}),
    ("contentBlockDelta", {"contentBlockIndex": 1, "delta": {"text": "check \u2713."}, "p": "abcd"}),
    ("contentBlockStop", {"contentBlockIndex": 1, "p": "ab"}),
    ("contentBlockStart", {"contentBlockIndex": 2, "start": {"toolUse": {"toolUseId": "tooluse_x", "name":
                                                                          "get_weather"}}, "p": "abcdef"}),
    ("contentBlockStart", {"contentBlockIndex": 3, "start": {"toolUse": {"toolUseId": "tooluse_y", "name":
                                                                          "get_time"}}, "p": "abc"}),
    ("contentBlockDelta", {"contentBlockIndex": 2, "delta": {"toolUse": {"input": "{\"city\":"}}, "p": "abcdefg"}),
    ("contentBlockDelta", {"contentBlockIndex": 3, "delta": {"toolUse": {"input": "{}"}}, "p": "a"}),
    ("contentBlockDelta", {"contentBlockIndex": 2, "delta": {"toolUse": {"input": " \"Oslo\"}"}}, "p": "abcd"}),
    ("contentBlockStop", {"contentBlockIndex": 3, "p": "abc"}),
    ("contentBlockStop", {"contentBlockIndex": 2, "p": "abcdefghi"}),
    ("messageStop", {"stopReason": "tool_use", "p": "abcdefghijklmn"}),
    ("metadata", {"usage": {"inputTokens": 30, "outputTokens": 12, "totalTokens": 1242, "cacheReadInputTokens": 1000,
                            "cacheWriteInputTokens": 200}, "metrics": {"latencyMs": 420}, "p": "abcdef"}),
]


class RawStream:
    def __init__(self, data):
        self.data = data

    def stream(self):
        for start in range(0, len(self.data), 37):
            yield self.data[start:start + 37]

    def close(self):
        pass


def botocore_events(data):
    model = botocore.session.get_session().get_service_model("bedrock-runtime")
    shape = model.operation_model("ConverseStream").output_shape.members["stream"]
    stream = botocore.eventstream.EventStream(RawStream(data), shape, botocore.parsers.EventStreamJSONParser(),
                                              "ConverseStream")
    return [json.loads(json.dumps(item)) for item in stream]


def build():
    data = b"".join(event(kind, body) for kind, body in STREAM_EVENTS)
    return {
        "about": "botocore's Bedrock Runtime requests and ConverseStream parsing for TandemLLM tests; regenerate with "
                 "tests/python/llm/generate_bedrock_fixture.py",
        "timestamp": TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cases": [capture(case) for case in CASES],
        "stream": {"frames_hex": data.hex(), "botocore_events": botocore_events(data)},
    }


def render():
    return json.dumps(build(), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv):
    text = render()
    if "--check" in argv:
        if not FIXTURE.exists() or FIXTURE.read_text(encoding="utf-8") != text:
            print(f"{FIXTURE} is stale: run {pathlib.Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{FIXTURE.name} matches botocore {botocore.__version__}")
        return 0
    FIXTURE.write_text(text, encoding="utf-8")
    print(f"wrote {len(CASES)} requests and a {len(STREAM_EVENTS)}-event stream to {FIXTURE} "
          f"(botocore {botocore.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
