"""Publishing is one step (issue 14 §6): the report folder holds the old set of files or the new one,
never a mix; a crash or a full disk keeps the last good report; the next run removes what a killed
run left behind. These run without a kernel: the notebook step is replaced by a stand-in."""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from helpers.errors import SetupError
from helpers.run import render, runner
from helpers.run.cli import main

HOST = socket.gethostname()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _stage(tmp_path: Path, playbook: str, tag: str, extras: tuple[str, ...] = ()) -> Path:
    staging = tmp_path / f"staging-{playbook}-{tag}"
    staging.mkdir()
    for suffix in (".ipynb", ".json", ".html", ".pdf", *extras):
        (staging / f"{playbook}{suffix}").write_text(f"{playbook} {tag}", encoding="utf-8")
    return staging


def _contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_publish_replaces_this_playbook_and_keeps_the_others(tmp_path):
    target = tmp_path / "reports" / "acme" / "2026-Q3"
    target.parent.mkdir(parents=True)
    runner.publish(_stage(tmp_path, "qbr", "old"), target, "qbr")
    runner.publish(_stage(tmp_path, "onboarding", "old"), target, "onboarding")
    (target / "qbr.failed.ipynb").write_text("failed", encoding="utf-8")

    outputs = runner.publish(_stage(tmp_path, "qbr", "new"), target, "qbr")

    assert [p.name for p in outputs] == ["qbr.ipynb", "qbr.json", "qbr.html", "qbr.pdf"]
    assert _contents(target) == {
        **{f"onboarding{s}": "onboarding old" for s in (".html", ".ipynb", ".json", ".pdf")},
        **{f"qbr{s}": "qbr new" for s in (".html", ".ipynb", ".json", ".pdf")},
    }
    assert sorted(p.name for p in target.parent.iterdir()) == [".publish.lock", "2026-Q3"], "no litter"


@pytest.mark.parametrize("fail_at", [1, 2, 4, "exchange"])
def test_crash_while_publishing_keeps_the_old_report_whole(tmp_path, monkeypatch, fail_at):
    target = tmp_path / "reports" / "acme" / "2026-Q3"
    target.parent.mkdir(parents=True)
    runner.publish(_stage(tmp_path, "qbr", "old"), target, "qbr")
    before = _contents(target)
    calls = {"n": 0}
    real_replace, real_exchange = os.replace, runner._exchange

    def failing_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise OSError(errno.EIO, "simulated crash")
        return real_replace(src, dst)

    def failing_exchange(new, old):
        raise OSError(errno.EIO, "simulated crash")

    monkeypatch.setattr(runner.os, "replace", failing_replace)
    if fail_at == "exchange":
        monkeypatch.setattr(runner, "_exchange", failing_exchange)
    with pytest.raises(OSError, match="simulated crash"):
        runner.publish(_stage(tmp_path, "qbr", "new"), target, "qbr")
    monkeypatch.setattr(runner, "_exchange", real_exchange)
    assert _contents(target) == before, "old files only, never old and new mixed"
    assert not list(target.parent.glob(".publish-*"))


def test_readers_never_see_a_mix(tmp_path):
    """While reports are published over and over, every listing of the folder is one whole set."""
    target = tmp_path / "reports" / "acme" / "2026-Q3"
    target.parent.mkdir(parents=True)
    runner.publish(_stage(tmp_path, "qbr", "g0"), target, "qbr")
    stop = threading.Event()
    mixed: list[set[str]] = []

    def read() -> None:
        while not stop.is_set():
            try:
                fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)  # one folder, wherever it is renamed to
            except FileNotFoundError:
                mixed.append({"<folder absent>"})
                continue
            try:
                tags = set()
                for name in os.listdir(fd):
                    with open(os.open(name, os.O_RDONLY, dir_fd=fd), encoding="utf-8") as handle:
                        tags.add(handle.read())
                if len(tags) > 1:  # (an empty listing: the old folder, removed while we read it)
                    mixed.append(tags)
            except FileNotFoundError:
                pass  # the old generation was removed while we read it: not a mix
            finally:
                os.close(fd)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for generation in range(1, 60):
            runner.publish(_stage(tmp_path, "qbr", f"g{generation}"), target, "qbr")
    finally:
        stop.set()
        reader.join()
    assert mixed == []
    assert set(_contents(target).values()) == {"qbr g59"}


def test_two_playbooks_publishing_at_once_both_land(tmp_path):
    target = tmp_path / "reports" / "acme" / "2026-Q3"
    target.parent.mkdir(parents=True)
    stages = [(_stage(tmp_path, p, f"{p}{i}"), p) for i in range(10) for p in ("qbr", "onboarding")]
    threads = [threading.Thread(target=runner.publish, args=(s, target, p)) for s, p in stages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    names = sorted(_contents(target))
    assert names == sorted(f"{p}{s}" for p in ("qbr", "onboarding") for s in (".ipynb", ".json", ".html", ".pdf"))


def test_next_run_removes_leftovers_of_a_killed_run(tmp_path):
    reports = tmp_path / "reports" / "acme"
    dead, alive = _dead_pid(), os.getpid()
    leftovers = [reports / f".staging-qbr-{HOST}-{dead}", reports / f".publish-2026-Q3-{HOST}-{dead}"]
    kept = [reports / f".staging-onboarding-{HOST}-{alive}", reports / ".staging-qbr-otherhost-1", reports / "2026-Q3"]
    for folder in leftovers + kept:
        folder.mkdir(parents=True)
        (folder / "qbr.pdf").write_text("x", encoding="utf-8")
    kernel = Path(tempfile.mkdtemp(prefix=f"{render.KERNEL_PREFIX}{dead}-"))
    live_kernel = Path(tempfile.mkdtemp(prefix=f"{render.KERNEL_PREFIX}{alive}-"))
    try:
        removed = runner.clean_leftovers(reports)
        assert sorted(removed) == sorted(leftovers)
        assert all(not p.exists() for p in leftovers) and all(p.exists() for p in kept)
        assert not kernel.exists() and live_kernel.exists()
    finally:
        shutil.rmtree(kernel, ignore_errors=True)
        shutil.rmtree(live_kernel, ignore_errors=True)


# -- the runner with a stand-in notebook ----------------------------------------------------------
@pytest.fixture
def stand_in(monkeypatch, tiny_root, tmp_path):
    """A project root with the tiny client; the notebook step writes a tiny executed notebook."""
    root = tmp_path / "root"
    shutil.copytree(tiny_root / "params", root / "params")
    shutil.copytree(tiny_root / "data", root / "data")
    state = {"tag": "good"}

    def execute(notebook, output, parameters, **_kwargs):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data={
            render.RECORD_MIME: {"report_key": "2026-Q3", "tag": state["tag"]}, "text/plain": ""})]
        nb.cells = [cell]
        nbformat.write(nb, output)
        return nb

    monkeypatch.setattr(render, "start_kernel", lambda *a, **k: SimpleNamespace(stop=lambda: None))
    monkeypatch.setattr(render, "execute", execute)
    monkeypatch.setattr(render, "to_html", lambda nb, cover=None: f"<p>{state['tag']}</p>")
    monkeypatch.setattr(runner, "_takes_output_dir", lambda _nb: False)
    return root, state


def test_full_disk_is_one_line_and_keeps_the_last_report(stand_in, monkeypatch, capsys):
    root, state = stand_in
    main(["run", "qbr", "--client", "tiny", "--root", str(root)])
    folder = root / "reports" / "tiny" / "2026-Q3"
    good = _contents_bytes(folder)
    assert json.loads((folder / "qbr.json").read_text())["tag"] == "good"

    state["tag"] = "new"

    def full(_html, pdf, **_kwargs):
        Path(pdf).write_bytes(b"%PDF-1.7 partial")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(pdf))

    monkeypatch.setattr(render, "to_pdf", full)
    capsys.readouterr()
    code = main(["run", "qbr", "--client", "tiny", "--root", str(root), "--force"])
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if not line.startswith(">> ")]  # progress lines aside
    assert code == 2 and len(errors) == 1 and "last good report was kept" in errors[0] and "Traceback" not in err
    assert _contents_bytes(folder) == good
    assert sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(".staging")) == []
    with pytest.raises(SetupError):
        runner.run_playbook("qbr", "tiny", root=root, force=True, log=lambda _m: None)


def test_double_run_keeps_one_whole_report(stand_in):
    root, state = stand_in
    results = []

    def build(tag):
        results.append(runner.run_playbook("qbr", "tiny", root=root, force=True, log=lambda _m: None).status)

    threads = [threading.Thread(target=build, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    folder = root / "reports" / "tiny" / "2026-Q3"
    assert results == ["built", "built"]
    assert sorted(p.name for p in folder.iterdir()) == ["qbr.html", "qbr.ipynb", "qbr.json", "qbr.pdf"]
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith((".staging", ".publish-"))] == []


def _contents_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
