"""environment.yml carries exactly requirements.txt's pins, in a form plain pip installs."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[a-z0-9,_-]+\])?==[0-9][A-Za-z0-9.+!-]*$")


def pins(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text().splitlines() if ln.strip() and not ln.startswith("#")]


def test_requirements_are_all_exact_pins():
    bad = [line for line in pins(PROJECT / "requirements.txt") if not PIN.match(line)]
    assert bad == []


def test_environment_yml_has_the_same_pins():
    env = yaml.safe_load((PROJECT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == pins(PROJECT / "requirements.txt")
    assert "pip" in env["dependencies"] and any(str(d).startswith("python=3.11") for d in env["dependencies"])


def test_direct_dependencies_are_pinned():
    names = {re.split(r"[<>=\[ ]", ln)[0].lower() for ln in pins(PROJECT / "requirements.in")}
    pinned = {ln.split("==")[0].lower() for ln in pins(PROJECT / "requirements.txt")}
    assert names - pinned == set()
