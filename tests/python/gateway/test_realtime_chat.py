"""WebSocket chat (`/v1/realtime-chat`) of `tandem serve`, driven by the `websockets` client the way a browser
or a Python application would use it, with LiteLLM's mock models behind it."""

import json

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from conftest import CLIENT_KEY


def socket_url(tandem_url: str) -> str:
    return tandem_url.replace("http://", "ws://", 1) + "/v1/realtime-chat"


def chat(chat_id: str, text: str, model: str = "mock-chat") -> str:
    return json.dumps({"action": "chat", "id": chat_id, "model": model, "messages": [{"role": "user", "content": text}]})


def events_until_terminal(socket, chat_id: str) -> list:
    events = []
    while True:
        event = json.loads(socket.recv(timeout=30))
        if event.get("id") != chat_id:
            continue
        events.append(event)
        if event["type"] in ("done", "error"):
            return events


def test_chat_streams_deltas_and_done_with_usage_over_a_browser_subprotocol(tandem_url):
    with connect(socket_url(tandem_url), subprotocols=["tandem-chat", f"tandem-key.{CLIENT_KEY}"]) as socket:
        assert socket.subprotocol == "tandem-chat"
        socket.send(chat("c1", "Say hello"))
        events = events_until_terminal(socket, "c1")
    assert events[0] == {"type": "start", "id": "c1", "model": "mock-chat"}
    deltas = [event for event in events if event["type"] == "delta"]
    assert deltas, events
    assert "".join(event["text"] for event in deltas) == "Hello from the mock upstream"
    done = events[-1]
    assert done["type"] == "done" and done["finish_reason"] == "stop"
    assert done["usage"]["total_tokens"] > 0


def test_bad_json_gets_an_error_event_and_the_socket_stays_open(tandem_url):
    with connect(socket_url(tandem_url), additional_headers={"Authorization": f"Bearer {CLIENT_KEY}"}) as socket:
        socket.send("{not json")
        error = json.loads(socket.recv(timeout=30))
        assert error["type"] == "error" and error["id"] is None
        assert error["error"]["code"] == "invalid_request"
        socket.send(chat("after", "Say hello"))
        assert events_until_terminal(socket, "after")[-1]["type"] == "done"


def test_unknown_model_is_an_error_event_for_that_chat(tandem_url):
    with connect(socket_url(tandem_url), additional_headers={"Authorization": f"Bearer {CLIENT_KEY}"}) as socket:
        socket.send(chat("m", "hi", model="no-such-model"))
        event = events_until_terminal(socket, "m")[-1]
        assert event["type"] == "error"
        assert event["error"]["message"]


def test_a_missing_key_is_refused_with_close_code_1008(tandem_url):
    with connect(socket_url(tandem_url)) as socket:
        error = json.loads(socket.recv(timeout=30))
        assert error["type"] == "error" and error["error"]["code"] == "missing_api_key"
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=30)
    assert closed.value.rcvd.code == 1008
