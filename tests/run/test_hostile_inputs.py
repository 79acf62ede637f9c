"""Hostile values from issue 14 §5 and §7: each is refused in one line with exit 2, before anything is
read outside the project or written outside ``reports/`` — never a traceback, a hang or a command run.

The table runs the command line in-process (``helpers.run.cli.main``: the same code path as ``python
-m helpers``); the Makefile cases run ``make`` itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from helpers.run.cli import main

PROJECT = Path(__file__).resolve().parents[2]
MINIMAL = 'client_name: "Evil"\nmarketplace: US\ncurrency: USD\n'

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
)


@pytest.fixture
def root(tiny_root, tmp_path) -> Path:
    """A project root with the tiny client's params and data, and a secret file beside it."""
    project = tmp_path / "project"
    shutil.copytree(tiny_root / "params", project / "params")
    shutil.copytree(tiny_root / "data", project / "data")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG secret")
    (tmp_path / "somedir").mkdir()
    (tmp_path / "somedir" / "private.csv").write_text("Date,Secret\n2026-01-01,hunter2\n", encoding="utf-8")
    return project


def _params(root: Path, text: str) -> None:
    (root / "params" / "evil.yaml").write_text(text, encoding="utf-8")


def _logo_symlink(root: Path) -> None:
    (root / "params" / "logo.png").symlink_to("/etc/passwd")
    _params(root, MINIMAL + "agency: {logo: logo.png}\n")


def _logo_folder_symlink(root: Path) -> None:
    (root / "params" / "brand").symlink_to(root.parent)
    _params(root, MINIMAL + "agency: {logo: brand/secret.png}\n")


# (id, command line after `python -m helpers`, setup of the root or None)
CASES = [
    ("client-traversal", ["run", "qbr", "--client", "../x"], None),
    ("client-newline", ["run", "qbr", "--client", "tiny\n"], None),
    ("period-fullwidth-digits", ["run", "qbr", "--client", "tiny", "--period", "２０２６-Q3"], None),
    ("period-newline", ["run", "qbr", "--client", "tiny", "--period", "2026-Q3\n"], None),
    ("product-traversal", ["run", "launch", "--client", "tiny", "-p", "product=../../x"], None),
    ("product-inner-traversal", ["run", "launch", "--client", "tiny", "-p", "product=AT/../../x"], None),
    ("event-newline", ["run", "seasonal", "--client", "tiny", "-p", "event=prime-day-2026\n"], None),
    ("event-traversal", ["run", "seasonal", "--client", "tiny", "-p", "event=../../x"], None),
    ("extra-param-path", ["run", "qbr", "--client", "tiny", "-p", "output_dir=/etc"], None),
    ("inspect-traversal", ["inspect", "--client", "../../somedir"], None),
    ("inspect-absolute", ["inspect", "--client", "/etc"], None),
    ("inspect-upper-case", ["inspect", "--client", "Tiny"], None),
    ("yaml-billion-laughs", ["params", "evil"], lambda r: _params(r, MINIMAL + BILLION_LAUGHS + "\n")),
    ("yaml-deep-nesting", ["params", "evil"], lambda r: _params(r, MINIMAL + "x: " + "[" * 100_000 + "]" * 100_000)),
    ("yaml-deep-mapping", ["params", "evil"], lambda r: _params(r, MINIMAL + "x: " + "{a: " * 5_000 + "1" + "}" * 5_000)),
    ("yaml-recursive-alias", ["params", "evil"], lambda r: _params(r, MINIMAL + "x: &x [*x]\n")),
    ("yaml-many-aliases", ["params", "evil"], lambda r: _params(r, MINIMAL + "a: &a 1\nb: [" + ",".join(["*a"] * 5000) + "]\n")),
    ("yaml-huge-file", ["params", "evil"], lambda r: _params(r, MINIMAL + "# " + "x" * 3_000_000 + "\n")),
    ("launch-key-traversal", ["params", "evil"], lambda r: _params(
        r, MINIMAL + "launches:\n  'x/../../../y':\n    {title: T, launch_date: 2027-01-01, price: 10, cogs: 2, fees: 3}\n")),
    ("logo-outside-params", ["params", "evil"], lambda r: _params(r, MINIMAL + "agency: {logo: ../../secret.png}\n")),
    ("logo-symlink-to-passwd", ["params", "evil"], _logo_symlink),
    ("logo-through-symlinked-folder", ["params", "evil"], _logo_folder_symlink),
    ("scheduler-not-an-address", ["all", "--clients", "tiny", "--scheduler", "nowhere", "--force"], None),
]


@pytest.mark.parametrize(("argv", "setup"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_value_is_one_line_and_exit_2(root, capsys, monkeypatch, argv, setup):
    if setup is not None:
        setup(root)
    monkeypatch.setenv("SHELFBOOK_ROOT", str(root))
    before = sorted(p.relative_to(root.parent) for p in root.parent.rglob("*"))
    code = main([*argv, *(["--root", str(root)] if argv[0] in ("run", "all") else [])])
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("shelfbook: error: "), err[:2000]
    assert len(lines[0]) < 400
    assert "hunter2" not in err and "root:" not in err
    after = sorted(p.relative_to(root.parent) for p in root.parent.rglob("*"))
    assert after == before, "a refused command writes nothing"


def test_unreachable_scheduler_is_one_line(root, capsys, monkeypatch):
    from helpers.run import batch

    monkeypatch.setattr(batch, "SCHEDULER_TIMEOUT", 2)
    code = main(["all", "--root", str(root), "--clients", "tiny", "--playbook", "qbr", "--force",
                 "--scheduler", "tcp://127.0.0.1:1"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "tcp://127.0.0.1:1" in err and "Traceback" not in err


def _make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", *args], capture_output=True, text=True, cwd=PROJECT, timeout=600,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("variable", ["CLIENT", "PERIOD", "PRODUCT", "EVENT", "PLAYBOOK"])
def test_make_never_expands_a_user_value(tmp_path, variable):
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    target = {"PRODUCT": "launch", "EVENT": "seasonal", "PLAYBOOK": "all"}.get(variable, "qbr")
    client = [] if variable == "CLIENT" else [f"CLIENT=no-such-client-{uuid.uuid4().hex[:6]}"]
    done = _make(target, f"{variable}=$(shell touch {marker})", *client)
    assert not marker.exists(), f"make ran the command in {variable}"
    assert done.returncode != 0
    assert "Traceback" not in done.stderr


def test_make_never_expands_an_environment_value(tmp_path):
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    done = _make("qbr", env={"CLIENT": f"$(shell touch {marker})"})
    assert not marker.exists()
    assert done.returncode == 2 and "must be a slug" in done.stderr


def test_make_inspect_stays_inside_data(tmp_path):
    done = _make("inspect", "CLIENT=../../etc")
    assert done.returncode == 2
    ours = [line for line in done.stderr.splitlines() if not re.match(r"make(\[\d+\])?: ", line)]  # make's own line
    assert len(ours) == 1 and "must be a slug" in ours[0]
    assert done.stdout == ""
