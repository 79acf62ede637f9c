"""Playbook reports of the tiny fixture client, rendered once per session and shared by the test
modules that read them (the notebook tests and the cross-checks of the numbers they record)."""

from __future__ import annotations

import pytest


def _run(playbook: str, root, **extra):
    from helpers.run.runner import run_playbook

    return run_playbook(playbook, "tiny", extra=extra, root=root, log=lambda _msg: None)


@pytest.fixture(scope="session")
def tiny_launch_planned(tiny_root):
    """The launch plan of the tiny client's product that launches after the data ends."""
    from helpers.demo import launch as demo_launch

    return _run("launch", tiny_root, product=demo_launch.PLANNED_SKU)


@pytest.fixture(scope="session")
def tiny_launch_launched(tiny_root):
    """The launch report of the tiny client's live product (plan vs actual), asked for by its ASIN."""
    from helpers.demo import launch as demo_launch

    return _run("launch", tiny_root, product=demo_launch.LAUNCHED_ASIN.lower())


@pytest.fixture(scope="session")
def tiny_seasonal_plan(tiny_root):
    """BFCM 2026 planned on the data's last day, before the event starts (on the clock's Nov 30 it is under way)."""
    from helpers.demo import catalog

    return _run("seasonal", tiny_root, event="bfcm-2026", today=catalog.END.isoformat())


@pytest.fixture(scope="session")
def tiny_seasonal_review(tiny_root):
    """The review of Prime Day 2026, which the tiny client's data covers."""
    return _run("seasonal", tiny_root, event="prime-day-2026")
