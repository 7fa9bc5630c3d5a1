"""The gateway on the Lambda host: the shipped bootstrap under `tandem lambda emulate`, configured as the generated
infrastructure configures it (a RESPONSE_STREAM Function URL: TANDEM_HTTP_RESPONSE_MODE=streaming), invoked with
Function URL events (AWS's fixture, re-pointed), answers chat and models like `tandem serve`, against LiteLLM's
proxy as the upstream."""

import base64
import json
import os
import pathlib
import subprocess
import time
import urllib.request

import pytest

# Imported at collection: `conftest` names another folder's module by the time fixtures run.
from conftest import CLIENT_KEY, MASTER_KEY, ROOT, TANDEM_CONFIG, free_port, tandem_binary

FIXTURE = ROOT.parent / "shared" / "reference" / "events" / "aws-lambda-go" / "lambda-urls-request.json"


@pytest.fixture(scope="module")
def lambda_url(workdir, litellm_url):
    config = workdir / "tandem-lambda.yaml"
    config.write_text(TANDEM_CONFIG.format(upstream=f"{litellm_url}/v1", sqlite=workdir / "lambda.sqlite"))
    port = free_port()
    log = workdir / "lambda.log"
    env = dict(
        os.environ,
        TANDEM_CONFIG=str(config),
        TANDEM_TEST_CLIENT_KEY=CLIENT_KEY,
        TANDEM_TEST_MASTER_KEY=MASTER_KEY,
        LITELLM_UPSTREAM_KEY="sk-upstream",
        TANDEM_HTTP_RESPONSE_MODE="streaming",
    )
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(tandem_binary()), "lambda", "emulate", "--port", str(port), "--timeout", "30", "--memory", "512"],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )
    url = f"http://127.0.0.1:{port}/2015-03-31/functions/function/invocations"
    try:
        # The emulator answers once the bootstrap has registered; a health event proves both are up.
        for _ in range(100):
            try:
                invoke(url, event("GET", "/health/live"), timeout=2)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(log.read_text()[-4000:])
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def event(method, path, body=None, key=CLIENT_KEY):
    request = json.loads(FIXTURE.read_text())
    request["rawPath"] = path
    request["rawQueryString"] = ""
    request.pop("queryStringParameters", None)
    request["requestContext"]["http"]["method"] = method
    request["requestContext"]["http"]["path"] = path
    request["headers"] = {"content-type": "application/json", "authorization": f"Bearer {key}"}
    request["body"] = json.dumps(body) if body is not None else None
    request["isBase64Encoded"] = False
    return request


def invoke(url, payload, timeout=30):
    request = urllib.request.Request(url + "?stream=true", data=json.dumps(payload).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def call(url, payload):
    """Status, headers and body of a streamed Function URL response: a JSON prelude, eight NUL bytes, the body."""
    raw = invoke(url, payload)
    prelude, separator, body = raw.partition(b"\0" * 8)
    assert separator, raw[:200]
    head = json.loads(prelude)
    return head["statusCode"], head.get("headers", {}), body


def buffered(url, payload):
    status, _, body = call(url, payload)
    return status, json.loads(body)


def test_chat_completion_through_the_function_url(lambda_url):
    status, body = buffered(lambda_url, event("POST", "/v1/chat/completions", {
        "model": "mock-chat", "messages": [{"role": "user", "content": "hi"}],
    }))
    assert status == 200, body
    assert body["object"] == "chat.completion"
    assert body["choices"][0]["message"]["content"] == "Hello from the mock upstream"
    assert body["usage"]["total_tokens"] > 0


def test_models_and_errors_keep_the_openai_shape(lambda_url):
    status, body = buffered(lambda_url, event("GET", "/v1/models"))
    assert status == 200
    assert "mock-chat" in {model["id"] for model in body["data"]}
    status, body = buffered(lambda_url, event("POST", "/v1/chat/completions", {
        "model": "no-such-model", "messages": [{"role": "user", "content": "hi"}],
    }))
    assert status == 404 and body["error"]["code"] == "model_not_found"
    status, body = buffered(lambda_url, event("POST", "/v1/chat/completions", {
        "model": "mock-chat", "messages": [{"role": "user", "content": "hi"}],
    }, key="sk-wrong"))
    assert status == 401 and body["error"]["code"] == "invalid_api_key"


def test_streamed_chat_arrives_as_server_sent_events(lambda_url):
    status, headers, body = call(lambda_url, event("POST", "/v1/chat/completions", {
        "model": "mock-chat", "stream": True, "messages": [{"role": "user", "content": "hi"}],
    }))
    assert status == 200
    assert headers["content-type"].startswith("text/event-stream")
    events = [line[len(b"data: "):] for line in body.split(b"\n") if line.startswith(b"data: ")]
    assert events[-1] == b"[DONE]"
    text = ""
    for data in events[:-1]:
        for choice in json.loads(data).get("choices", []):
            text += choice.get("delta", {}).get("content") or ""
    assert text == "Hello from the mock upstream"
