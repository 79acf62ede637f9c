"""``python -m helpers`` leaves without the interpreter's teardown once its command has returned:
what it printed, its exit code and every exit handler registered while it ran survive that."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers.run import cli

ROOT = Path(__file__).resolve().parents[2]


def _python(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # output buffered, as for a user
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env)


def test_what_the_command_prints_arrives_whole_through_a_pipe(capsys):
    """Many lines through a pipe (a block buffer, not a terminal's line buffer): all of them."""
    assert cli.main(["inspect", "data/acme"]) == 0
    expected = capsys.readouterr().out
    done = _python("-m", "helpers", "inspect", "data/acme")
    assert done.returncode == 0, done.stderr
    assert len(expected.splitlines()) > 100
    assert done.stdout == expected


def test_a_failed_command_exits_with_its_code_and_message():
    done = _python("-m", "helpers", "run", "qbr", "--client", "no-such-client")
    assert done.returncode == 2
    assert done.stderr.startswith("shelfbook: error: params file for client 'no-such-client'")
    assert "Traceback" not in done.stderr


def test_exit_handlers_registered_while_the_command_runs_still_run(tmp_path):
    """A handler the command registers (a library's flush, a temporary folder's removal) runs before
    the process leaves, and the command's own exit code is kept."""
    marker = tmp_path / "handler-ran"
    code = (
        "import atexit, runpy, sys\n"
        "import helpers.run.params_cli as command\n"
        "run = command.run\n"
        "def wrapped(args):\n"
        f"    atexit.register(lambda: open({str(marker)!r}, 'w').write('ran'))\n"
        "    return run(args)\n"
        "command.run = wrapped\n"
        "sys.argv = ['helpers', 'params', 'acme']\n"
        "runpy.run_module('helpers', run_name='__main__', alter_sys=True)\n"
    )
    done = _python("-c", code)
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "ran"


def test_a_crash_keeps_its_traceback():
    """A bug is not a user's mistake: the command line keeps its traceback and the normal teardown."""
    code = (
        "import runpy, sys\n"
        "import helpers.run.params_cli as command\n"
        "def broken(args):\n"
        "    raise RuntimeError('a bug')\n"
        "command.run = broken\n"
        "sys.argv = ['helpers', 'params', 'acme']\n"
        "runpy.run_module('helpers', run_name='__main__', alter_sys=True)\n"
    )
    done = _python("-c", code)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "RuntimeError: a bug" in done.stderr
