"""Agent run events over WebSocket (`GET /v1/agents/runs/{id}/socket`) of a real `tandem serve`, driven by the
`websockets` client, with a scripted model (no upstream): the same events as the SSE stream, resumption with a last
event id, callbacks and cancel over the socket, errors, keys, and close codes (1000, 4404, 1008, 1001 on drain)."""

import json
import signal
import subprocess
import urllib.request

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from conftest import free_port, tandem_binary, wait_until_up

KEY = "sk-tandem-agent-socket"

CONFIG = """
keys:
  static:
    - {{name: ci, key_env: TANDEM_TEST_AGENT_KEY}}
stores: {{sqlite: "{sqlite}"}}
"""

# Turn 1 waits for a callback; turn 2 answers with it, after a pause (so that a client can leave mid-run).
SCRIPT = [
    {"tool_calls": [{"name": "wait_for_callback", "arguments": {"reason": "approve"}}]},
    {"text": "approved: {{last_result}}", "delay_ms": 300},
]


def start_server(directory):
    config = directory / "tandem.yaml"
    config.write_text(CONFIG.format(sqlite=directory / "tandem.sqlite"))
    port = free_port()
    log = directory / f"serve-{port}.log"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(directory), "TANDEM_TEST_AGENT_KEY": KEY}
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(tandem_binary()), "serve", "--config", str(config), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=directory,
        )
    wait_until_up(f"http://127.0.0.1:{port}/health/ready", process, 60, log)
    return process, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def agent_server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("agent-socket")
    script = directory / "script.json"
    script.write_text(json.dumps(SCRIPT))
    process, url = start_server(directory)
    try:
        yield url, f"script:{script}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def http(url, method="GET", body=None, key=KEY):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("content-type", "application/json")
    if key:
        request.add_header("authorization", f"Bearer {key}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read().decode()


def start_run(server):
    url, model = server
    status, body = http(f"{url}/v1/agents/runs", "POST", {"goal": "g", "model": model, "tools": ["wait_for_callback"]})
    assert status == 202, body
    return json.loads(body)["id"]


def sse_data(url, run_id):
    _, text = http(f"{url}/v1/agents/runs/{run_id}/events")
    return [line[len("data: "):] for line in text.split("\n") if line.startswith("data: ")]


def socket_url(url, run_id, query=""):
    return url.replace("http://", "ws://", 1) + f"/v1/agents/runs/{run_id}/socket{query}"


def headers():
    return {"Authorization": f"Bearer {KEY}"}


def read_until(socket, kind, received):
    """Reads messages into `received` until one of type `kind` (returned)."""
    while True:
        text = socket.recv(timeout=30)
        received.append(text)
        message = json.loads(text)
        if message["type"] == kind:
            return message


def read_to_close(socket, received):
    """Reads messages into `received` until the server closes; returns the close frame."""
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            received.append(socket.recv(timeout=30))
    return closed.value.rcvd


def events(messages):
    return [text for text in messages if "seq" in json.loads(text)]


def test_the_socket_carries_the_sse_events_and_a_callback_then_closes_with_1000(agent_server):
    url, _ = agent_server
    run_id = start_run(agent_server)
    received = []
    with connect(socket_url(url, run_id), subprotocols=["tandem-agent", f"tandem-key.{KEY}"]) as socket:
        assert socket.subprotocol == "tandem-agent"
        token = read_until(socket, "suspended", received)["data"]["token"]
        socket.send(json.dumps({"type": "callback", "token": token, "payload": {"approved": True}}))
        close = read_to_close(socket, received)
    assert close.code == 1000 and close.reason == "finished"
    assert events(received) == sse_data(url, run_id)
    assert [json.loads(text)["seq"] for text in events(received)] == list(range(1, len(events(received)) + 1))
    assert [json.loads(text)["type"] for text in received].count("callback_accepted") == 1
    finished = json.loads(received[-1])
    assert finished["type"] == "finished" and finished["data"]["answer"] == 'approved: {"approved":true}'


def test_reconnecting_with_last_event_id_gets_exactly_the_rest(agent_server):
    url, _ = agent_server
    run_id = start_run(agent_server)
    first = []
    with connect(socket_url(url, run_id), additional_headers=headers()) as socket:
        for _ in range(3):
            first.append(socket.recv(timeout=30))
    second = []
    with connect(socket_url(url, run_id, "?last_event_id=3"), additional_headers=headers()) as socket:
        token = read_until(socket, "suspended", second)["data"]["token"]
        socket.send(json.dumps({"type": "callback", "token": token}))
        read_until(socket, "callback_accepted", second)
    # The run goes on while no client listens; the third client picks up after the last event it has.
    seen = len(events(first)) + len(events(second))
    third = []
    with connect(socket_url(url, run_id, f"?last_event_id={seen}"), additional_headers=headers()) as socket:
        close = read_to_close(socket, third)
    assert close.code == 1000
    assert events(first) + events(second) + events(third) == sse_data(url, run_id)
    assert json.loads(http(f"{url}/v1/agents/runs/{run_id}")[1])["status"] == "completed"
    # After the terminal event there is nothing more: 1000 at once, no message. (Checked here rather than in the
    # Swift suite: HummingbirdWSClient can miss a close frame that arrives with the 101 response.)
    after = []
    total = len(sse_data(url, run_id))
    with connect(socket_url(url, run_id, f"?last_event_id={total}"), additional_headers=headers()) as socket:
        close = read_to_close(socket, after)
    assert close.code == 1000 and after == []


def test_cancel_over_the_socket(agent_server):
    url, _ = agent_server
    run_id = start_run(agent_server)
    received = []
    with connect(socket_url(url, run_id), additional_headers=headers()) as socket:
        read_until(socket, "suspended", received)
        socket.send(json.dumps({"type": "cancel"}))
        close = read_to_close(socket, received)
    assert json.loads(received[-1])["type"] == "cancelled"
    assert close.code == 1000 and close.reason == "cancelled"
    assert json.loads(http(f"{url}/v1/agents/runs/{run_id}")[1])["status"] == "cancelled"


def test_bad_client_messages_get_errors_and_the_socket_stays_open(agent_server):
    url, _ = agent_server
    run_id = start_run(agent_server)
    received = []
    with connect(socket_url(url, run_id), additional_headers=headers()) as socket:
        token = read_until(socket, "suspended", received)["data"]["token"]
        for bad, code in [("{not json", "invalid_message"), ('{"type":"dance"}', "invalid_message"),
                          ('{"type":"callback","token":"cb_wrong"}', "not_waiting")]:
            socket.send(bad)
            error = read_until(socket, "error", received)
            assert error["error"]["code"] == code and error["error"]["message"]
        socket.send(json.dumps({"type": "callback", "token": token}))
        close = read_to_close(socket, received)
    assert close.code == 1000 and json.loads(received[-1])["type"] == "finished"


def test_unknown_run_gets_an_error_and_4404(agent_server):
    url, _ = agent_server
    with connect(socket_url(url, "run_nope"), additional_headers=headers()) as socket:
        error = json.loads(socket.recv(timeout=30))
        assert error["type"] == "error" and error["error"]["code"] == "not_found"
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=30)
    assert closed.value.rcvd.code == 4404


def test_a_missing_key_is_refused_with_1008_as_on_the_http_routes(agent_server):
    url, _ = agent_server
    run_id = start_run(agent_server)
    with pytest.raises(urllib.error.HTTPError) as refused:
        http(f"{url}/v1/agents/runs/{run_id}", key=None)
    assert refused.value.code == 401
    with connect(socket_url(url, run_id)) as socket:
        error = json.loads(socket.recv(timeout=30))
        assert error["error"]["code"] == "missing_api_key"
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=30)
    assert closed.value.rcvd.code == 1008


def test_sigterm_closes_agent_sockets_with_1001(tmp_path):
    script = tmp_path / "script.json"
    script.write_text(json.dumps(SCRIPT))
    process, url = start_server(tmp_path)
    try:
        run_id = start_run((url, f"script:{script}"))
        received = []
        with connect(socket_url(url, run_id), additional_headers=headers()) as socket:
            read_until(socket, "suspended", received)
            process.send_signal(signal.SIGTERM)
            close = read_to_close(socket, received)
        assert close.code == 1001 and close.reason == "server shutting down"
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
