"""Shared fixtures: the repository, the CLI binary, the shared corpus.

Like the Rust tests' `require`, a missing corpus or binary skips a test
with its reason, except under CI=true, where it fails.
"""

import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"


def require(what: str, available: bool) -> None:
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required when CI=true")
    pytest.skip(f"{what} not available")


@pytest.fixture(scope="session")
def cli() -> str:
    """The claimgraph binary: $CLAIMGRAPH_BIN (cargo test sets it), else a
    debug build in target/."""
    path = os.environ.get("CLAIMGRAPH_BIN") or str(ROOT / "target" / "debug" / "claimgraph")
    require(f"the claimgraph binary ({path})", os.path.isfile(path) or shutil.which(path) is not None)
    return path


@pytest.fixture(scope="session")
def seeds() -> pathlib.Path:
    d = SHARED / "seeds"
    require(str(d), d.is_dir())
    return d


@pytest.fixture(scope="session")
def dev() -> pathlib.Path:
    d = SHARED / "dev"
    require(str(d), d.is_dir())
    return d
