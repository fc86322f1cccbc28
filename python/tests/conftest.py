"""Shared fixtures: the repository's root, the `kip` binary and the batch generator the
Rust build made (`cargo build -p kip-cli --example generate`). Outside CI a test that
needs a missing binary skips; in CI (`CI` set) it fails, so nothing is skipped unseen."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "examples" / "monev-2025"


def _binary(*parts: str) -> Path:
    for profile in ("debug", "release"):
        path = ROOT.joinpath("target", profile, *parts)
        if path.exists():
            return path
    message = f"{'/'.join(parts)} not built: cargo build -p kip-cli --example generate"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def kip() -> Path:
    return _binary("kip")


@pytest.fixture(scope="session")
def generate() -> Path:
    return _binary("examples", "generate")


@pytest.fixture
def at_root(monkeypatch):
    """Run from the repository's root, as the README's commands are, so that the
    files' names (`examples/...`) are the same in the CLI's output and the package's."""
    monkeypatch.chdir(ROOT)
    return ROOT


BANTEN_SUBMISSIONS = [
    "examples/monev-2025/submissions/banten-kabkota.jsonl",
    "examples/monev-2025/submissions/banten-opd.json",
]
BANTEN_SIDE = {
    "verification": "examples/monev-2025/verification.json",
    "stage_scores": "examples/monev-2025/stage-scores.json",
    "roster": "examples/monev-2025/roster.json",
}
BANTEN_CLI_SIDE = [
    "--verification", BANTEN_SIDE["verification"],
    "--stage-scores", BANTEN_SIDE["stage_scores"],
    "--roster", BANTEN_SIDE["roster"],
]


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, cwd=ROOT)
