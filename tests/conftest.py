"""Shared fixtures.

``tiny_root`` is a small fixture project (params/tiny.yaml + data/tiny/ written by the demo
generator's ``tiny`` profile) that notebook smoke tests run against; it is built once per session.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check results, never speed: no per-example deadline (a loaded CI machine would
# otherwise fail a correct example for being slow). Speed goals live in `make bench`.
settings.register_profile("shelfbook", deadline=None)
settings.load_profile("shelfbook")

PROJECT = Path(__file__).resolve().parents[1]
SAMPLES = PROJECT.parent / "shared" / "samples"


@pytest.fixture(scope="session")
def tiny_root(tmp_path_factory) -> Path:
    """A project root with the 'tiny' demo client (5 ASINs, Jan 2025 – Nov 2026)."""
    from helpers.demo import write_tiny_project

    root = tmp_path_factory.mktemp("tiny-project")
    write_tiny_project(root)
    return root


@pytest.fixture(scope="session")
def tiny_qbr(tiny_root):
    """The QBR of the tiny client, built once: the RunResult (records, outputs)."""
    from helpers.run.runner import run_playbook

    return run_playbook("qbr", "tiny", root=tiny_root, log=lambda _msg: None)
