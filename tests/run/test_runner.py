"""The runner's promises: refuse bad input before any kernel starts, never replace a good report with
a failed one, keep the failed notebook, skip what is up to date, and speak in one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from helpers.errors import ParamsError, RenderError
from helpers.run.runner import input_fingerprint, run_playbook

pytestmark = pytest.mark.slow  # real kernels and PDFs: `make check` leaves it to `make test`

PROJECT = Path(__file__).resolve().parents[2]


def cli(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.mark.parametrize("client", ["../x", "Acme", "acme/../../etc", "a b", "-acme", ""])
def test_client_must_be_a_slug_before_anything_runs(client, tmp_path):
    done = cli("run", "qbr", f"--client={client}", "--root", str(tmp_path))
    assert done.returncode == 2
    assert "must be a slug" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "reports").exists()


def test_bad_params_refused_with_key_and_file_before_a_kernel(tiny_root, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(tiny_root / "params", root / "params")
    params = root / "params" / "tiny.yaml"
    params.write_text(params.read_text() + "\ntargets_typo: 3\n")
    done = cli("run", "qbr", "--client", "tiny", "--root", str(root))
    assert done.returncode == 2
    assert "targets_typo" in done.stderr and "tiny.yaml" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (root / "reports").exists()  # refused before any kernel or staging folder


def test_unknown_playbook_period_refused(tiny_root):
    with pytest.raises(ParamsError, match="period"):
        run_playbook("qbr", "tiny", root=tiny_root, period="2026-Q5")


def test_up_to_date_report_is_not_rebuilt(tiny_qbr, tiny_root):
    again = run_playbook("qbr", "tiny", root=tiny_root, log=lambda _m: None)
    assert again.status == "up-to-date"
    assert sorted(again.outputs) == sorted(tiny_qbr.outputs)


def test_fingerprint_follows_data_params_and_nothing_else(tiny_root, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(tiny_root / "params", root / "params")
    shutil.copytree(tiny_root / "data", root / "data")
    base = input_fingerprint("qbr", "tiny", root, {})
    assert input_fingerprint("qbr", "tiny", root, {}) == base
    export = next((root / "data" / "tiny").glob("*.csv"))
    os.utime(export, ns=(export.stat().st_atime_ns, export.stat().st_mtime_ns + 10**9))
    touched = input_fingerprint("qbr", "tiny", root, {})
    assert touched != base
    params = root / "params" / "tiny.yaml"
    params.write_text(params.read_text() + "\n# a comment\n")
    assert input_fingerprint("qbr", "tiny", root, {}) != touched
    assert input_fingerprint("qbr", "tiny", root, {"period": "2026-Q2"}) != input_fingerprint("qbr", "tiny", root, {})


def test_failed_run_keeps_last_good_report_and_its_notebook(tiny_qbr, tiny_root, tmp_path):
    root = tmp_path / "root"
    for folder in ("params", "data", "reports"):
        shutil.copytree(tiny_root / folder, root / folder)
    good_pdf = root / "reports" / "tiny" / "2026-Q3" / "qbr.pdf"
    before = good_pdf.read_bytes()
    bulk_mtime = good_pdf.with_name("negatives-2026-Q3.xlsx").stat().st_mtime_ns
    # a user's export with a value that is not a number
    by_date = sorted((root / "data" / "tiny").glob("BusinessReport-*(1).csv"))[-1]
    lines = by_date.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    assert header[1].strip('"') == "Ordered Product Sales"
    broken = lines[-1].split(",")
    broken[1] = '"lots"'
    by_date.write_text("\ufeff" + "\n".join([*lines[:-1], ",".join(broken)]) + "\n", encoding="utf-8")

    done = cli("run", "qbr", "--client", "tiny", "--root", str(root), "--period", "2026-Q3", "--force")
    assert done.returncode != 0
    message = done.stderr.strip().splitlines()[-1]
    assert "Traceback" not in done.stderr
    assert by_date.name in message and "Ordered Product Sales" in message and "lots" in message
    assert good_pdf.read_bytes() == before, "the last good report must stay in place"
    bulk = good_pdf.with_name("negatives-2026-Q3.xlsx")
    assert bulk.stat().st_mtime_ns == bulk_mtime, "extra files are published only with a good run"
    failed = good_pdf.with_name("qbr.failed.ipynb")
    assert failed.is_file() and str(failed) in message
    assert not list((root / "reports" / "tiny").glob(".staging-*")), "staging is cleaned up"


def test_error_inside_notebook_becomes_render_error(tiny_root, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(tiny_root / "params", root / "params")
    (root / "data" / "tiny").mkdir(parents=True)  # exists, but holds no exports
    with pytest.raises(RenderError, match="Business Report by date or a Sponsored Products report"):
        run_playbook("qbr", "tiny", root=root, log=lambda _m: None)


def test_make_never_passes_values_to_the_shell(tmp_path):
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    done = subprocess.run(
        ["make", "-s", "qbr", f"CLIENT=x; touch {marker}"], capture_output=True, text=True, cwd=PROJECT, timeout=600
    )
    assert done.returncode != 0
    assert not marker.exists()
    assert "must be a slug" in done.stderr


@pytest.mark.parametrize(
    ("playbook", "extra", "expected"),
    [("launch", {"product": "no-such-sku"}, "launches in the params"),
     ("seasonal", {"event": "prime-day-2099"}, "prime-day-2026")],
)
def test_unknown_product_or_event_refused_before_a_kernel(tiny_root, tmp_path, playbook, extra, expected):
    root = tmp_path / "root"
    shutil.copytree(tiny_root / "params", root / "params")
    shutil.copytree(tiny_root / "data", root / "data")
    with pytest.raises(ParamsError, match=expected):
        run_playbook(playbook, "tiny", root=root, extra=extra, log=lambda _m: None)
    assert not (root / "reports").exists(), "refused before any staging folder or kernel"


def test_missing_data_folder_refused_before_a_kernel(tiny_root, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(tiny_root / "params", root / "params")
    done = cli("run", "qbr", "--client", "tiny", "--root", str(root))
    assert done.returncode == 2
    assert "data folder for client 'tiny' must exist" in done.stderr and "Traceback" not in done.stderr
    assert not (root / "reports").exists()
