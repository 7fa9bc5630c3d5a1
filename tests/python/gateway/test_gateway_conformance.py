"""The official SDKs against `tandem serve`: what an application written for OpenAI or Anthropic sees."""

import json
import re
import urllib.request

import anthropic
import openai
import pytest

from conftest import CLIENT_KEY, MASTER_KEY

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


def test_openai_chat(openai_client):
    completion = openai_client.chat.completions.create(
        model="mock-chat", messages=[{"role": "user", "content": "Say hello"}]
    )
    assert completion.choices[0].message.content == "Hello from the mock upstream"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.total_tokens > 0


def test_openai_chat_overhead_header(openai_client):
    raw = openai_client.chat.completions.with_raw_response.create(
        model="mock-chat", messages=[{"role": "user", "content": "hi"}]
    )
    assert float(raw.headers["x-tandem-overhead-ms"]) >= 0


def test_openai_streaming(openai_client):
    stream = openai_client.chat.completions.create(
        model="mock-chat",
        messages=[{"role": "user", "content": "Say hello"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    text, usage, finish = "", None, None
    for chunk in stream:
        if chunk.choices:
            text += chunk.choices[0].delta.content or ""
            finish = chunk.choices[0].finish_reason or finish
        if chunk.usage:
            usage = chunk.usage
    assert text == "Hello from the mock upstream"
    assert finish == "stop"
    assert usage is not None and usage.total_tokens > 0


def test_openai_tools_round_trip(openai_client):
    first = openai_client.chat.completions.create(
        model="mock-tools", messages=[{"role": "user", "content": "Weather in Paris?"}], tools=[WEATHER_TOOL]
    )
    call = first.choices[0].message.tool_calls[0]
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Paris"}
    # LiteLLM's mock_tool_calls answers finish_reason "stop"; Tandem passes the upstream's reason through.
    assert first.choices[0].finish_reason in ("tool_calls", "stop")
    second = openai_client.chat.completions.create(
        model="mock-chat",
        messages=[
            {"role": "user", "content": "Weather in Paris?"},
            {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
            {"role": "tool", "tool_call_id": call.id, "content": '{"temp_c": 21}'},
        ],
        tools=[WEATHER_TOOL],
    )
    assert second.choices[0].message.content == "Hello from the mock upstream"


def test_openai_embeddings_default_base64(openai_client):
    # The SDK asks for base64 by default and decodes it back to floats (LiteLLM's mock gives one vector, so one
    # input).
    raw = openai_client.embeddings.with_raw_response.create(model="mock-embed", input=["one"])
    assert json.loads(raw.http_request.content)["encoding_format"] == "base64"
    result = raw.parse()
    assert len(result.data) == 1
    assert result.data[0].embedding == pytest.approx([0.25, -0.5, 1.0])


def test_openai_embeddings_float(openai_client):
    result = openai_client.embeddings.create(model="mock-embed", input="one", encoding_format="float")
    assert result.data[0].embedding == pytest.approx([0.25, -0.5, 1.0])


def test_anthropic_messages(anthropic_client):
    message = anthropic_client.messages.create(
        model="mock-chat", max_tokens=64, messages=[{"role": "user", "content": "Say hello"}]
    )
    assert message.content[0].text == "Hello from the mock upstream"
    assert message.stop_reason == "end_turn"


def test_anthropic_streaming(anthropic_client):
    with anthropic_client.messages.stream(
        model="mock-chat", max_tokens=64, messages=[{"role": "user", "content": "Say hello"}]
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == "Hello from the mock upstream"
    assert final.stop_reason == "end_turn"


def test_anthropic_tools(anthropic_client):
    message = anthropic_client.messages.create(
        model="mock-tools",
        max_tokens=64,
        messages=[{"role": "user", "content": "Weather in Paris?"}],
        tools=[{"name": "get_weather", "input_schema": WEATHER_TOOL["function"]["parameters"]}],
    )
    use = [block for block in message.content if block.type == "tool_use"][0]
    assert use.name == "get_weather" and use.input == {"city": "Paris"}
    assert use.id == "call_weather_1"
    # The mock upstream's "stop" becomes end_turn (a real OpenAI upstream says tool_calls, hence tool_use).
    assert message.stop_reason in ("tool_use", "end_turn")


def test_bad_key(tandem_url):
    client = openai.OpenAI(base_url=f"{tandem_url}/v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        client.chat.completions.create(model="mock-chat", messages=[{"role": "user", "content": "hi"}])
    other = anthropic.Anthropic(base_url=tandem_url, api_key="wrong", max_retries=0)
    with pytest.raises(anthropic.AuthenticationError):
        other.messages.create(model="mock-chat", max_tokens=8, messages=[{"role": "user", "content": "hi"}])


def test_unknown_model(openai_client, anthropic_client):
    with pytest.raises(openai.NotFoundError):
        openai_client.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(anthropic.NotFoundError):
        anthropic_client.messages.create(model="no-such-model", max_tokens=8, messages=[{"role": "user", "content": "x"}])


def test_invalid_request(openai_client, anthropic_client):
    with pytest.raises(openai.BadRequestError) as failure:
        openai_client.chat.completions.create(model="mock-chat", messages=[{"role": "user", "content": 3}])
    assert failure.value.body["param"] == "messages[0].content"
    with pytest.raises(anthropic.BadRequestError):
        anthropic_client.messages.create(model="mock-chat", max_tokens=8, messages=[{"role": "user", "content": 3}])


def requests_for(tandem_url, model):
    """Requests /metrics counted for `model`, any status."""
    with urllib.request.urlopen(f"{tandem_url}/metrics") as response:
        text = response.read().decode()
    pattern = rf'tandem_requests_total{{route="/v1/chat/completions",model="{model}",status="\d+"}} (\d+)'
    return sum(int(count) for count in re.findall(pattern, text))


def test_max_retries_on_429(tandem_url):
    before = requests_for(tandem_url, "mock-429")
    client = openai.OpenAI(base_url=f"{tandem_url}/v1", api_key=CLIENT_KEY, max_retries=2)
    with pytest.raises(openai.RateLimitError) as failure:
        client.chat.completions.create(model="mock-429", messages=[{"role": "user", "content": "hi"}])
    assert failure.value.response.headers.get("retry-after") is not None
    # The SDK saw 429 with Retry-After and tried 1 + max_retries times (the router's breaker opens on the upstream's
    # 429, so a retry may see 503 with Retry-After instead: also retryable).
    assert requests_for(tandem_url, "mock-429") - before == 3


def test_models_list(openai_client):
    names = [model.id for model in openai_client.models.list()]
    assert "mock-chat" in names and "mock-embed" in names


def test_virtual_key_lifecycle(tandem_url):
    def admin(method, path, body=None):
        request = urllib.request.Request(
            f"{tandem_url}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {MASTER_KEY}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read())

    created = admin("POST", "/admin/keys", {"name": "pytest", "models": ["mock-chat"]})
    client = openai.OpenAI(base_url=f"{tandem_url}/v1", api_key=created["key"], max_retries=0)
    client.chat.completions.create(model="mock-chat", messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(openai.PermissionDeniedError):
        client.chat.completions.create(model="mock-tools", messages=[{"role": "user", "content": "hi"}])
    admin("DELETE", f"/admin/keys/{created['id']}")
    with pytest.raises(openai.AuthenticationError):
        client.chat.completions.create(model="mock-chat", messages=[{"role": "user", "content": "hi"}])
