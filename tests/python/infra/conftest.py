"""Fixtures for the infrastructure tests: the configurations `tandem infra` generates."""

import pytest

from infra_support import PROFILES, run_tandem


@pytest.fixture(scope="session", params=["default", "full"])
def terraform_dir(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"terraform-{request.param}")
    run_tandem("infra", "terraform", "--out", str(out), "--profile", str(PROFILES / f"{request.param}.yaml"))
    return out


@pytest.fixture(scope="session", params=["default", "full"])
def sam_dir(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"sam-{request.param}")
    run_tandem("infra", "sam", "--out", str(out), "--profile", str(PROFILES / f"{request.param}.yaml"))
    return out
