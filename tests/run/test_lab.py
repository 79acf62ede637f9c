"""`make lab` on a headless machine, as root (issue 14 §8): it starts without a browser, listens on
127.0.0.1 only and prints the URL with its token; the demo data is made first when missing."""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[2]
URL_RE = re.compile(r"http://127\.0\.0\.1:(\d+)/lab\?token=([0-9a-f]+)")


def _status(url: str, *, within: float = 60) -> int:
    """The HTTP status of ``url``, asked again while the server is still opening its socket."""
    deadline = time.monotonic() + within
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as answer:
                return answer.status
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_make_lab_starts_headless_and_prints_its_url_with_token(tmp_path):
    env = {**os.environ, "BROWSER": str(tmp_path / "no-browser"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    lab = subprocess.Popen(["make", "-s", "lab"], cwd=PROJECT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, start_new_session=True)
    seen: list[str] = []
    match = None
    try:
        selector = selectors.DefaultSelector()
        selector.register(lab.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 240
        while match is None and time.monotonic() < deadline and lab.poll() is None:
            if selector.select(timeout=1):
                line = lab.stdout.readline()
                seen.append(line)
                match = URL_RE.search(line)
        assert match is not None, "".join(seen)[-3000:]
        port, token = match.groups()
        assert _status(f"http://127.0.0.1:{port}/api/status?token={token}") == 200
        assert "Running as root is not recommended" not in "".join(seen) or os.geteuid() == 0
        for client in ("acme", "harbour", "bergwerk"):
            assert (PROJECT / "data" / client).is_dir(), "make lab writes the demo data first"
    finally:
        os.killpg(lab.pid, signal.SIGTERM)  # the session this test started: make and its JupyterLab
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait()
        lab.stdout.close()
