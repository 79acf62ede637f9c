"""helpers.memory: Shelfbook's processes ask for pages that never stall on compaction, unless told
otherwise."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

from helpers.memory import HUGEPAGE_ENV, page_settings


def test_numpy_hugepage_advice_is_off_unless_the_environment_says_otherwise():
    assert page_settings({}) == {HUGEPAGE_ENV: "0"}
    assert page_settings({HUGEPAGE_ENV: "1"}) == {HUGEPAGE_ENV: "1"}


def test_notebook_kernels_get_the_page_settings_beside_the_marketplace(monkeypatch):
    from helpers.run.runner import kernel_env

    monkeypatch.delenv(HUGEPAGE_ENV, raising=False)
    assert kernel_env(SimpleNamespace(marketplace=None)) == {HUGEPAGE_ENV: "0"}
    env = kernel_env(SimpleNamespace(marketplace="DE"))
    assert env[HUGEPAGE_ENV] == "0" and "DE" in env.values()
    monkeypatch.setenv(HUGEPAGE_ENV, "1")
    assert kernel_env(SimpleNamespace(marketplace=None)) == {HUGEPAGE_ENV: "1"}


def test_the_command_line_turns_the_advice_off_before_numpy_is_imported():
    """``python -m helpers`` sets it first thing: NumPy, imported later by the command, reads it."""
    code = (
        "import os, runpy, sys\n"
        f"os.environ.pop({HUGEPAGE_ENV!r}, None)\n"
        "sys.argv = ['helpers', '--help']\n"
        "try:\n    runpy.run_module('helpers', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "import numpy\n"
        "print(numpy._core.multiarray._get_madvise_hugepage())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"

