"""Fixtures for the gateway conformance suite: LiteLLM's proxy with mock_response models as the upstream, and a
`tandem serve` in front of it, driven by the official openai and anthropic SDKs."""

import os
import pathlib
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
CLIENT_KEY = "sk-tandem-ci-key"
MASTER_KEY = "sk-tandem-master"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float, log: pathlib.Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {seconds}s:\n{log.read_text()[-4000:]}")


def tandem_binary() -> pathlib.Path:
    explicit = os.environ.get("TANDEM_BIN")
    candidates = [pathlib.Path(explicit)] if explicit else []
    candidates += [ROOT / ".build" / "debug" / "tandem", ROOT / ".build" / "release" / "tandem"]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.skip("no tandem binary (swift build --product tandem, or set TANDEM_BIN)")


LITELLM_CONFIG = """
model_list:
  - model_name: mock-chat
    litellm_params:
      model: openai/mock-chat
      api_key: sk-upstream
      mock_response: "Hello from the mock upstream"
  - model_name: mock-tools
    litellm_params:
      model: openai/mock-tools
      api_key: sk-upstream
      mock_response: ""
      mock_tool_calls:
        - id: call_weather_1
          type: function
          function: {name: get_weather, arguments: '{"city": "Paris"}'}
  - model_name: mock-429
    litellm_params:
      model: openai/mock-429
      api_key: sk-upstream
      mock_response: litellm.RateLimitError
  - model_name: mock-embed
    litellm_params:
      model: openai/text-embedding-3-small
      api_key: sk-upstream
      mock_response: [0.25, -0.5, 1.0]
"""

TANDEM_CONFIG = """
heartbeat: 2s
keys:
  master_key_env: TANDEM_TEST_MASTER_KEY
  static:
    - {{name: ci, key_env: TANDEM_TEST_CLIENT_KEY}}
stores: {{sqlite: "{sqlite}"}}
router:
  retry: {{max_attempts: 1}}
  models:
    - name: mock-chat
      deployments: [{{provider: openai, model: mock-chat, base_url: "{upstream}", api_key_env: LITELLM_UPSTREAM_KEY}}]
    - name: mock-tools
      deployments: [{{provider: openai, model: mock-tools, base_url: "{upstream}", api_key_env: LITELLM_UPSTREAM_KEY}}]
    - name: mock-429
      deployments: [{{provider: openai, model: mock-429, base_url: "{upstream}", api_key_env: LITELLM_UPSTREAM_KEY}}]
    - name: mock-embed
      deployments: [{{provider: openai, model: mock-embed, base_url: "{upstream}", api_key_env: LITELLM_UPSTREAM_KEY}}]
"""


@pytest.fixture(scope="session")
def workdir():
    with tempfile.TemporaryDirectory(prefix="tandem-gateway-") as directory:
        yield pathlib.Path(directory)


@pytest.fixture(scope="session")
def litellm_url(workdir):
    binary = ROOT / ".venv" / "bin" / "litellm"
    if not binary.exists():
        pytest.skip("LiteLLM is not installed in .venv (pip install -r tests/requirements.txt)")
    config = workdir / "litellm.yaml"
    config.write_text(LITELLM_CONFIG)
    port = free_port()
    log = workdir / "litellm.log"
    env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True", LITELLM_LOG="ERROR", LITELLM_MASTER_KEY="sk-upstream")
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(binary), "--config", str(config), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health/liveliness", process, 120, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def tandem_url(workdir, litellm_url):
    config = workdir / "tandem.yaml"
    config.write_text(TANDEM_CONFIG.format(upstream=f"{litellm_url}/v1", sqlite=workdir / "tandem.sqlite"))
    port = free_port()
    log = workdir / "tandem.log"
    env = dict(
        os.environ,
        TANDEM_TEST_CLIENT_KEY=CLIENT_KEY,
        TANDEM_TEST_MASTER_KEY=MASTER_KEY,
        LITELLM_UPSTREAM_KEY="sk-upstream",
    )
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(tandem_binary()), "serve", "--config", str(config), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health/ready", process, 60, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def openai_client(tandem_url):
    import openai

    return openai.OpenAI(base_url=f"{tandem_url}/v1", api_key=CLIENT_KEY, max_retries=0)


@pytest.fixture
def anthropic_client(tandem_url):
    import anthropic

    return anthropic.Anthropic(base_url=tandem_url, api_key=CLIENT_KEY, max_retries=0)
