"""What a client sees: text typed by strangers stays text in HTML and PDF; the cover cannot be broken
out of; the export carries no code, no scripts, no record payloads."""

from __future__ import annotations

import shutil
import subprocess

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.present import tables
from helpers.present.notebook import callout, say
from helpers.run import render

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def executed_notebook(*outputs_html: str) -> nbformat.NotebookNode:
    cells = [new_markdown_cell("# Title", metadata={"tags": ["remove-from-report"]}), new_markdown_cell("## Terms")]
    for html in outputs_html:
        cell = new_code_cell("secret_code_line()")
        cell.outputs = [new_output("display_data", data={"text/html": html, "text/plain": "x"})]
        cells.append(cell)
    record = new_code_cell("hn.record('x', 1)")
    record.outputs = [new_output("display_data", data={render.RECORD_MIME: {"x": 1}})]
    stderr = new_code_cell("warn()")
    stderr.outputs = [new_output("stream", name="stderr", text="DeprecationWarning: noisy\n")]
    return new_notebook(cells=[*cells, record, stderr])


@pytest.fixture()
def evil_html():
    frame = pd.DataFrame({"search_term": [EVIL, "=HYPERLINK(\"http://x\")"], "spend": [12.5, np.nan]})
    table = tables.show(frame, formats={"spend": "money"}, caption=EVIL)
    return [table.html, say("Top term: {t}", t=EVIL).text, callout([EVIL], title=EVIL).text]


def test_search_terms_are_escaped_in_html(evil_html):
    html = render.to_html(executed_notebook(*evil_html), cover={"title": "QBR", "client": EVIL})
    assert "<script" not in html.lower()
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "secret_code_line" not in html, "no code in the client HTML"
    assert "noisy" not in html, "stderr streams are not shown"
    assert render.RECORD_MIME not in html
    assert ">Title<" not in html, "cells tagged remove-from-report are dropped"
    assert "—" in html, "NaN prints as an em dash"


def test_cover_values_cannot_break_out_of_css_or_markup():
    nasty = 'Acme"; } body { display:none } </style><script>x</script>'
    html = render.to_html(executed_notebook("<p>ok</p>"), cover={"title": "QBR", "client": nasty, "agency": nasty})
    assert "<script>" not in html
    assert html.count("</style>") == html.count("<style")  # the nasty value never closed a style element
    assert "&lt;/style&gt;" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_search_terms_are_text_in_the_pdf(evil_html, tmp_path):
    html = render.to_html(executed_notebook(*evil_html), cover={"title": "Quarterly Business Review", "client": "Acme"})
    pdf = tmp_path / "x.pdf"
    pages = render.to_pdf(html, pdf)
    assert pages >= 2  # cover + content
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert '<script>alert("x")</script>' in text.replace("\n", "")
    assert "Page 2 of" in text


def test_records_are_read_and_stripped():
    nb = executed_notebook("<p>a</p>")
    assert render.read_records(nb) == {"x": 1}
    clean = render.strip_for_export(nb)
    assert render.read_records(clean) == {}
    assert all(c.cell_type != "code" or c.outputs for c in clean.cells)


def test_operator_notes_are_merged_and_kept_out_of_the_export():
    nb = executed_notebook("<p>client text</p>")
    for payload in ({"operator_notes": ["no bulk file downloaded"]}, {"operator_notes": ["IDs missing", "no bulk file downloaded"]},
                    {"x": 2}):
        cell = new_code_cell("hn.operator_note(...)")
        cell.outputs = [new_output("display_data", data={render.RECORD_MIME: payload})]
        nb.cells.append(cell)
    records = render.read_records(nb)
    assert records["operator_notes"] == ["no bulk file downloaded", "IDs missing"]  # merged, not replaced
    assert records["x"] == 2  # any other record: the last value wins
    html = render.to_html(nb, cover={"title": "QBR", "doc_title": "Acme — QBR — Q3 2026", "client": "Acme"})
    assert "no bulk file downloaded" not in html and "IDs missing" not in html
    assert "<title>Acme — QBR — Q3 2026</title>" in html


def test_page_header_and_title_name_the_period_not_the_folder_key():
    from types import SimpleNamespace

    from helpers.run.runner import cover_for, doc_title

    params = SimpleNamespace(client_name="Acme Trail Co.", agency=SimpleNamespace(name="A", accent="#123456", contact=""),
                             logo_path=None, paper="letter", marketplace="US", currency="USD")
    launch = {"report_key": "launch-at-btl-64-blk", "cover_subtitle": "Insulated Water Bottle 64 oz — launch May 1, 2027"}
    cover = cover_for("launch", params, launch)
    assert cover["period_label"] == "Insulated Water Bottle 64 oz" and "launch-at" not in str(cover)
    assert doc_title("launch", params, launch) == "Acme Trail Co. — Product Launch Plan — Insulated Water Bottle 64 oz"
    audit = {"report_key": "audit-2026-11-15", "period_name": "November 15, 2026", "cover_subtitle": "Data through …"}
    assert cover_for("onboarding", params, audit)["period_label"] == "November 15, 2026"
    assert cover_for("qbr", params, {"report_key": "2026-Q3"})["period_label"] == "Q3 2026"
    long_name = {"report_key": "launch-x", "cover_subtitle": "A" * 80}
    assert len(cover_for("launch", params, long_name)["period_label"]) <= 48


@pytest.mark.slow  # starts a kernel
def test_kernels_leave_no_socket_folders_behind(tmp_path, monkeypatch):
    import tempfile

    # a private temp folder, so kernels of other processes on this machine cannot interfere
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    nb = new_notebook(cells=[new_code_cell("1 + 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = tmp_path / "one.ipynb"
    nbformat.write(nb, source)
    render.execute(source, tmp_path / "out.ipynb", {})
    assert list(private.glob("shelfbook-kernel-*")) == []


def _fresh_python(code: str) -> subprocess.CompletedProcess:
    import sys

    from helpers.paths import PROJECT_DIR

    return subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120)


def test_the_runner_checks_params_without_importing_pandas():
    """Everything the runner does before the kernel starts (params, paths, the runner itself)
    leaves pandas unimported: the kernel imports it, the parent would only wait for it."""
    done = _fresh_python(
        "import sys\n"
        "from helpers.run import cli, runner, render\n"
        "from helpers.params import load_params\n"
        "params = load_params('acme')\n"
        "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_exporters_are_imported_in_the_background_only_after_papermill():
    """papermill and nbconvert share jupyter_client: the background import may start only once
    papermill is whole, or two threads meet in jupyter_client's circular imports."""
    done = _fresh_python(
        "import sys, threading\n"
        "seen = []\n"
        "start = threading.Thread.start\n"
        "def watch(self):\n"
        "    seen.append('papermill' in sys.modules and 'jupyter_client.manager' in sys.modules)\n"
        "    start(self)\n"
        "threading.Thread.start = watch\n"
        "from helpers.run import render\n"
        "render.preload_exporters().join()\n"
        "print(seen, 'weasyprint' in sys.modules)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[True] True"


def test_a_run_launches_its_kernel_before_papermill_and_pandas(tmp_path):
    """From the command line to the kernel's launch (a period checked, params read, inputs
    fingerprinted), the runner imports neither pandas (with ``--period`` it once did, 0.58 s before
    every kernel) nor papermill or nbformat: the kernel boots while they are imported. Up to the
    notebook's run the parent still has no pandas. (NumPy comes with papermill, through pyarrow.)"""
    from helpers.paths import PROJECT_DIR

    (tmp_path / "params").mkdir()
    shutil.copy(PROJECT_DIR / "params" / "acme.yaml", tmp_path / "params" / "acme.yaml")
    (tmp_path / "data" / "acme").mkdir(parents=True)
    done = _fresh_python(
        "import sys, types\n"
        "from helpers.run import render, runner\n"
        "seen = []\n"
        "def launch(*args, **kwargs):\n"
        "    seen.append(sorted(m for m in ('pandas', 'papermill', 'nbformat') if m in sys.modules))\n"
        "    return types.SimpleNamespace(stop=lambda: None)\n"
        "def kernel(*args, **kwargs):\n"
        "    print(seen, 'pandas' in sys.modules, 'papermill' in sys.modules)\n"
        "    raise SystemExit(0)\n"
        "render.start_kernel, render.execute = launch, kernel\n"
        f"runner.run_playbook('qbr', 'acme', period='2026-Q3', root={str(tmp_path)!r}, force=True, log=lambda *a: None)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[[]] False True"


def _kernel_notebook(tmp_path, *sources: str):
    nb = new_notebook(cells=[new_code_cell(source) for source in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = tmp_path / "nb.ipynb"
    nbformat.write(nb, source)
    return source


def _private_tmp(tmp_path, monkeypatch):
    import tempfile

    private = tmp_path / "tmp"  # kernels of other processes on this machine cannot interfere
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    return private


@pytest.mark.slow  # starts kernels
def test_a_kernel_started_ahead_runs_the_notebook_in_its_folder_with_its_env_and_is_stopped(tmp_path, monkeypatch):
    private = _private_tmp(tmp_path, monkeypatch)
    source = _kernel_notebook(tmp_path, "import os\nprint(os.getcwd(), os.environ['SHELFBOOK_PROBE'])")
    work = tmp_path / "work"
    work.mkdir()
    kernel = render.start_kernel(work, env={"SHELFBOOK_PROBE": "handed-over"})
    process = kernel.manager.provisioner.process
    nb = render.execute(source, tmp_path / "out.ipynb", {}, kernel=kernel)
    assert nb.cells[0].outputs[0]["text"].strip() == f"{work} handed-over"
    assert process.wait(timeout=10) is not None  # the run stopped its kernel
    assert not kernel.manager.has_kernel
    assert list(private.glob("shelfbook-kernel-*")) == []


@pytest.mark.slow  # starts kernels
def test_a_kernel_started_ahead_is_stopped_when_its_notebook_fails_or_never_runs(tmp_path, monkeypatch):
    private = _private_tmp(tmp_path, monkeypatch)
    source = _kernel_notebook(tmp_path, "raise ValueError('boom')")
    kernel = render.start_kernel(tmp_path)
    process = kernel.manager.provisioner.process
    with pytest.raises(render.NotebookFailed, match="boom"):
        render.execute(source, tmp_path / "out.ipynb", {}, kernel=kernel)
    assert process.wait(timeout=10) is not None
    unused = render.start_kernel(tmp_path)  # a run that failed before its notebook ran
    process = unused.manager.provisioner.process
    unused.stop()
    assert process.wait(timeout=10) is not None
    unused.stop()  # stopping twice is harmless
    assert list(private.glob("shelfbook-kernel-*")) == []


def test_the_html_exporter_is_warmed_in_the_background(monkeypatch):
    """nbconvert compiles its templates on the first export (0.75 s of acme's 0.84 s): the preload
    exports a one-cell notebook in its own thread, while the kernel runs."""
    import threading

    seen = []
    monkeypatch.setattr(render, "to_html", lambda nb, **kw: seen.append((threading.current_thread().name, len(nb.cells))))
    render.preload_exporters().join()
    assert seen == [("preload-exporters", 1)]


def test_one_html_exporter_serves_every_export_as_a_fresh_one_would(evil_html):
    """The exporter is built once per process (its templates compile once): an export through it,
    after other notebooks with other covers, is the export a fresh exporter gives."""
    notebooks = [
        (executed_notebook(*evil_html), {"title": "Q3", "doc_title": "Evil — QBR", "accent": "#123456"}),
        (executed_notebook("<p>plain</p>"), {"title": "Audit", "client": "Other"}),
        (new_notebook(cells=[new_markdown_cell("only words")]), None),
    ]
    shared = [render.to_html(nb, cover=cover) for nb, cover in notebooks * 2]
    render._html_exporter.cache_clear()
    fresh = []
    for nb, cover in notebooks * 2:
        fresh.append(render.to_html(nb, cover=cover))
        render._html_exporter.cache_clear()
    assert shared == fresh
    assert len(set(shared)) == 3
