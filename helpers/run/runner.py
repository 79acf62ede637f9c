"""Run a playbook for one client: validate, execute, export, and publish atomically.

``python -m helpers run qbr --client acme [--period 2026-Q3] [--force]``

Guarantees:

* The client slug and the params file are validated before any kernel starts.
* Outputs are built in a staging folder and published only when every step succeeded, so a failed
  run never replaces the last good report. Publishing is one step: a new copy of
  ``reports/<client>/<key>/`` (the other playbooks' files hard-linked, this run's outputs moved in)
  is swapped with the old folder in one ``renameat2(RENAME_EXCHANGE)``, so a reader sees the old
  report or the new one, never a mix (see :func:`publish`).
* Leftovers of a run that was killed (staging and publish folders, kernel socket folders) are
  removed by the next run; a full disk is one line and keeps the last good report.
* Every value that becomes a path (client, period, product, event, report key) is checked first.
* A failed run keeps its executed notebook as ``<playbook>.failed.ipynb`` beside the good report
  and exits non-zero with the failing cell and the error in one line.
* A report whose inputs (params, data files, notebook, helpers) have not changed since its last good
  build is not rebuilt (``--force`` rebuilds).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import socket
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from helpers import paths
from helpers.errors import (
    InputInNotebookError,
    MissingDataError,
    ParamsError,
    RenderError,
    SetupError,
    ShelfbookError,
)

TITLES = {
    "qbr": "Quarterly Business Review",
    "onboarding": "Onboarding Audit",
    "launch": "Product Launch Plan",
    "seasonal": "Seasonal Event Plan",
    "portfolio": "Portfolio Review",
}
# Files whose content defines what a report looks like, besides the client's own inputs.
CODE_GLOBS = ("helpers/**/*.py", "helpers/present/templates/**/*", "helpers/data/*", "params/events.yaml", "params/*.events.yaml")


@dataclass
class RunResult:
    playbook: str
    client: str
    status: str  # "built", "up-to-date", "failed"
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    pages: int | None = None
    reason: str = ""
    records: dict[str, Any] = field(default_factory=dict)


# -- fingerprints ---------------------------------------------------------------------------------
def _hash_file(digest: Any, path: Path, name: str) -> None:
    digest.update(name.encode())
    digest.update(path.read_bytes())


def input_fingerprint(playbook: str, client: str, root: Path, extra: dict[str, str]) -> str:
    """Hash of everything a report depends on.

    Code, params and notebook by content; client exports by name, size, modification time (like make:
    touching an export rebuilds) and content (a replaced file that kept its size and timestamp, as
    regenerated demo exports do, rebuilds too; hashing 15 MB of exports takes ~30 ms).
    """
    digest = hashlib.sha256()
    digest.update(json.dumps({"playbook": playbook, "client": client, **extra}, sort_keys=True).encode())
    if client == paths.PORTFOLIO:  # the roll-up's inputs: every client's params and last good records
        from helpers.playbooks.portfolio import portfolio_inputs

        for path in portfolio_inputs(root):
            _hash_file(digest, path, str(path.relative_to(root)))
    else:
        _hash_file(digest, paths.params_file(client, root), "params")
    _hash_file(digest, paths.notebook_path(playbook), "notebook")
    for pattern in CODE_GLOBS:
        for path in sorted(paths.PROJECT_DIR.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                _hash_file(digest, path, str(path.relative_to(paths.PROJECT_DIR)))
    data = root / "data" / client
    if client != paths.PORTFOLIO and data.is_dir():
        for path in sorted(p for p in data.rglob("*") if p.is_file()):
            st = path.stat()
            with path.open("rb") as handle:
                content = hashlib.file_digest(handle, "sha1").hexdigest()
            digest.update(f"{path.relative_to(data)}|{st.st_size}|{st.st_mtime_ns}|{content}".encode())
    return digest.hexdigest()


def _manifest_path(client: str, playbook: str, root: Path, key: str | None) -> Path:
    name = f".{playbook}{'-' + key if key else ''}.manifest.json"
    return paths.reports_dir(client, root) / name


def _up_to_date(manifest: Path, fingerprint: str) -> list[Path] | None:
    if not manifest.is_file():
        return None
    try:
        saved = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    outputs = [Path(p) for p in saved.get("outputs", [])]
    if saved.get("fingerprint") == fingerprint and outputs and all(p.is_file() for p in outputs):
        return outputs
    return None


# -- the run --------------------------------------------------------------------------------------
def _check_product(params: Any, root: Path, client: str, extra: dict[str, str]) -> None:
    from helpers.playbooks.launch import find_launch

    find_launch(params, extra.get("product", ""))


def _check_event(params: Any, root: Path, client: str, extra: dict[str, str]) -> None:
    from helpers.params.events import load_calendar

    load_calendar(root, client).event(extra.get("event", ""), params.marketplace)


def check_extra(extra: dict[str, str]) -> None:
    """Every extra notebook parameter becomes part of a file name: each value must be a key
    (:func:`helpers.paths.check_key`), an event a slug. Checked exactly as given (no stripping)."""
    for name, value in extra.items():
        if name == "event":
            paths.check_slug(value, what="event")
        else:
            paths.check_key(value, what=name)


#: Playbooks that cannot run without exports (a launch can be planned before there is any data).
NEEDS_DATA = {"qbr", "onboarding", "seasonal"}

#: Per-playbook checks of the extra parameters, run before any kernel starts (an unknown product or
#: event is refused in one line, listing what is known, instead of failing inside the notebook).
PRECHECKS = {"launch": _check_product, "seasonal": _check_event}


def prepare(playbook: str, client: str, root: Path, extra: dict[str, str] | None = None) -> Any:
    """Checks that need no kernel: slug, playbook, params file, the playbook's extra parameters.
    Returns the params."""
    from helpers.params import load_params

    if client == paths.PORTFOLIO and playbook == "portfolio":
        from helpers.playbooks.portfolio import portfolio_params

        return portfolio_params(root)
    paths.check_slug(client)
    paths.notebook_path(playbook)  # validates the playbook name
    check_extra(extra or {})
    params = load_params(client, root)
    if playbook in PRECHECKS:
        PRECHECKS[playbook](params, root, client, dict(extra or {}))
    _ensure_demo_data(client, root)
    folder = paths.data_dir(client, root)
    if playbook in NEEDS_DATA and not folder.is_dir():
        raise MissingDataError(
            f"data folder for client {client!r} must exist at {folder}; got none (put the Seller Central / "
            "Amazon Ads downloads there, as downloaded)"
        )
    return params


def _ensure_demo_data(client: str, root: Path) -> None:
    """Demo clients have no downloads: write their generated exports on first use."""
    if paths.data_dir(client, root).is_dir():
        return
    from helpers import demo

    if client in demo.DEMO_CLIENTS:
        print(f">> data/{client}/ is missing: writing the demo client's exports", file=sys.stderr)
        demo.generate(client, root=root, profile=demo.DEMO_CLIENTS[client])


def _declares(notebook: Path, name: str) -> bool:
    """Whether the notebook's parameters cell declares the parameter ``name``."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    return any(
        "parameters" in cell.metadata.get("tags", []) and re.search(rf"^{name}\s*:", cell.source, re.M)
        for cell in nb.cells
    )


def _takes_output_dir(notebook: Path) -> bool:
    """Whether the notebook's parameters cell declares ``output_dir`` (where it writes extra files)."""
    return _declares(notebook, "output_dir")


#: Longest period/product name in the running page header (a product title is cut with "…").
HEADER_NAME_CHARS = 48


def period_name(records: dict[str, Any]) -> str:
    """What the report is about, for people: the notebook's ``period_name`` (or ``period_label``) record, else the cover
    subtitle up to its first clause, never the folder key (a quarter key reads ``Q3 2026``).

    >>> period_name({"report_key": "launch-at-btl-64-blk", "cover_subtitle": "Bottle 64 oz — launch May 1, 2027"})
    'Bottle 64 oz'
    >>> period_name({"report_key": "2026-Q3", "cover_subtitle": "July – September 2026 (2026-Q3)"})
    'July – September 2026'
    >>> period_name({"report_key": "2026-Q3"})
    'Q3 2026'
    """
    import re

    for name in ("period_name", "period_label"):
        if records.get(name):
            return str(records[name])
    subtitle = str(records.get("cover_subtitle") or "")
    name = re.split(r": | — |; | \(", subtitle, maxsplit=1)[0].strip()
    key = str(records.get("report_key") or "")
    if re.fullmatch(r"\d{4}-Q[1-4]", name or key):
        year, quarter = (name or key).split("-")
        return f"{quarter} {year}"
    return name


def doc_title(playbook: str, params: Any, records: dict[str, Any]) -> str:
    """The HTML/PDF document title: '<client> — <playbook> — <period or product/event>'."""
    parts = [params.client_name, records.get("cover_title", TITLES.get(playbook, playbook)), period_name(records)]
    return " — ".join(str(p) for p in parts if p)


def _report_date(records: dict[str, Any]) -> date:
    """The date the report is written for: the notebook's ``report_date`` record, else today."""
    try:
        return date.fromisoformat(str(records["report_date"])[:10])
    except (KeyError, ValueError):
        return date.today()


def cover_for(playbook: str, params: Any, records: dict[str, Any]) -> dict[str, Any]:
    agency = params.agency
    logo = params.logo_path
    name = period_name(records)
    return {
        "title": records.get("cover_title", TITLES.get(playbook, playbook)),
        "doc_title": doc_title(playbook, params, records),
        "client": params.client_name,
        "period_label": name if len(name) <= HEADER_NAME_CHARS else name[: HEADER_NAME_CHARS - 1].rstrip() + "…",
        "period_text": records.get("cover_subtitle", name),
        "agency": agency.name,
        "accent": agency.accent,
        "contact": agency.contact or "",
        "logo": str(logo) if logo else None,
        "paper": params.paper,
        "marketplace": params.marketplace,
        "currency": params.currency,
        "prepared": _report_date(records).strftime("%B %-d, %Y"),
    }


def kernel_env(params: Any) -> dict[str, str]:
    """Environment for the notebook's kernel: the marketplace whose number conventions the report
    follows (see :func:`helpers.present.formatting.use_marketplace`), and NumPy's page advice
    (:func:`helpers.memory.page_settings`: a big client's million rows never wait on page faults)."""
    from helpers.memory import page_settings
    from helpers.present.formatting import MARKETPLACE_ENV

    env = page_settings(os.environ)
    marketplace = getattr(params, "marketplace", None)
    return {**env, MARKETPLACE_ENV: str(marketplace)} if marketplace else env


#: The operator's notes beside the report (reports/<client>/<key>/notes.md).
NOTES_FILE = "notes.md"
#: How many notes the terminal shows (notes.md holds them all).
NOTES_SHOWN = 12


def operator_notes(records: dict[str, Any]) -> list[str]:
    """The notes the notebook recorded for the operator (``helpers.present.notebook.operator_note``)."""
    from helpers.present.notebook import OPERATOR_NOTES

    return [str(n) for n in records.get(OPERATOR_NOTES) or []]


def notes_markdown(playbook: str, params: Any, records: dict[str, Any], notes: list[str]) -> str:
    """``notes.md``: a heading naming the report, then one bullet per note."""
    lines = [f"# Notes for the operator: {doc_title(playbook, params, records)}", "",
             "Not part of the client's report.", ""]
    return "\n".join([*lines, *(f"- {note}" for note in notes)]) + "\n"


def run_playbook(
    playbook: str,
    client: str,
    *,
    period: str | None = None,
    extra: dict[str, str] | None = None,
    root: str | Path | None = None,
    force: bool = False,
    progress: bool = False,
    log=print,
    check_only: bool = False,
    skip_bad: bool = False,
) -> RunResult:
    """Build one report. Raises ShelfbookError (ParamsError, RenderError, ...) when it fails.

    ``skip_bad`` skips exports that cannot be read instead of stopping (the notebook names them in
    the operator notes); without it an unreadable export stops the run with one line naming it.

    ``check_only`` stops before any kernel: status "up-to-date" or "stale" (the portfolio runner's
    cheap first pass).
    """
    from helpers.run import render

    started = time.perf_counter()
    root_path = paths.project_root(root)
    extra = dict(extra or {})
    if period:
        paths.check_quarter(period)  # ASCII YYYY-Qn: it becomes a folder name
    params = prepare(playbook, client, root_path, extra)
    parameters = {"client": client, "period": period or "", "root": str(root_path), **extra}
    if skip_bad and _declares(paths.notebook_path(playbook), "skip_bad"):
        parameters["skip_bad"] = True
    key_hint = "-".join(v for v in (period, *extra.values()) if v) or None

    reports = paths.reports_dir(client, root_path)
    clean_leftovers(reports)  # of killed runs, even when this one has nothing to build
    fingerprint = input_fingerprint(playbook, client, root_path, {k: str(v) for k, v in parameters.items() if k != "root"})
    manifest = _manifest_path(client, playbook, root_path, key_hint)
    if not force and (outputs := _up_to_date(manifest, fingerprint)):
        return RunResult(playbook, client, "up-to-date", time.perf_counter() - started, outputs)
    if check_only:
        return RunResult(playbook, client, "stale", time.perf_counter() - started)

    reports.mkdir(parents=True, exist_ok=True)
    # unique per run; host and pid last, so that a later run can tell whether its owner still runs
    staging = reports / f".staging-{playbook}-{uuid.uuid4().hex[:8]}-{_HOST}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with _disk_errors(playbook, client):
            staging.mkdir(parents=True)
            executed = staging / f"{playbook}.ipynb"
            # the kernel boots (~1 s) while the notebook is read, papermill imported, the exporters warmed
            kernel = render.start_kernel(paths.notebook_path(playbook).parent, env=kernel_env(params))
            try:
                if _takes_output_dir(paths.notebook_path(playbook)):
                    parameters["output_dir"] = str(staging)  # extra files (e.g. the bulk sheet) are published with the report
                log(f">> {playbook} {client}: executing {paths.notebook_path(playbook).relative_to(paths.PROJECT_DIR)}")
                preload = render.preload_exporters()
                nb = render.execute(paths.notebook_path(playbook), executed, parameters, progress=progress,
                                    kernel=kernel)
            except render.NotebookFailed as failure:
                kept = _keep_failed(executed, reports, playbook, period)
                if failure.ename == "OSError" and "No space left on device" in failure.evalue:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)) from None
                raise (InputInNotebookError if failure.user_error else RenderError)(failure.describe(kept)) from None
            finally:
                kernel.stop()  # a kernel no run took over (execute stops the one it ran)

            records = render.read_records(nb)
            key = records.get("report_key") or period
            if not key:
                raise RenderError(f"notebook {playbook} did not record 'report_key' (the report folder name)")
            target = paths.report_dir(client, str(key), root_path)
            log(f">> {playbook} {client}: exporting HTML and PDF")
            preload.join()
            html_text = render.to_html(nb, cover=cover_for(playbook, params, records))
            (staging / f"{playbook}.html").write_text(html_text, encoding="utf-8")
            pages = render.to_pdf(html_text, staging / f"{playbook}.pdf")
            records["pdf_pages"] = pages
            (staging / f"{playbook}.json").write_text(json.dumps(records, indent=2, sort_keys=True), encoding="utf-8")

            notes = operator_notes(records)
            if notes:  # for the operator only: printed and kept beside the report, never in the client copy
                (staging / NOTES_FILE).write_text(notes_markdown(playbook, params, records, notes), encoding="utf-8")
                log(f">> {playbook} {client}: {len(notes)} note(s) for you, all in {NOTES_FILE} beside the report:")
                for note in notes[:NOTES_SHOWN]:
                    log(f"   - {note}")
                if len(notes) > NOTES_SHOWN:
                    log(f"   … and {len(notes) - NOTES_SHOWN} more in {NOTES_FILE}")

            outputs = publish(staging, target, playbook)
            _write_atomic(
                manifest, json.dumps({"fingerprint": fingerprint, "outputs": [str(p) for p in outputs]}, indent=2)
            )
        return RunResult(playbook, client, "built", time.perf_counter() - started, outputs, pages, records=records)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _keep_failed(executed: Path, reports: Path, playbook: str, period: str | None) -> Path:
    """Move a failed run's executed notebook beside the last good report (its folder when the
    notebook recorded a valid report key, else the client's reports folder)."""
    import nbformat

    from helpers.run import render

    records = {}
    if executed.exists():
        with contextlib.suppress(Exception):  # a notebook that died mid-write: keep it where we can
            records = render.read_records(nbformat.read(executed, as_version=4))
    key = records.get("report_key") or period
    target = reports
    if key:
        try:
            target = reports / paths.check_key(str(key), what="report key")
        except ParamsError:
            target = reports
    target.mkdir(parents=True, exist_ok=True)
    kept = target / f"{playbook}.failed.ipynb"
    if executed.exists():
        os.replace(executed, kept)
    return kept


# -- publishing -----------------------------------------------------------------------------------
_HOST = socket.gethostname()
#: Prefixes of the folders a run creates beside the reports and removes when done.
_LEFTOVER_RE = re.compile(r"^\.(?:staging|publish)-.+-(?P<pid>\d+)$")
#: A leftover of another host (reports/ on a shared disk) is removed once it is this old.
FOREIGN_LEFTOVER_SECONDS = 24 * 3600
_RENAME_EXCHANGE = 2


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(reports: Path) -> list[Path]:
    """Remove staging and publish folders of runs that are no longer running (killed, crashed).

    A folder of this host is removed when its process is gone; one of another host sharing the disk
    when it is older than :data:`FOREIGN_LEFTOVER_SECONDS`. Returns what was removed.
    """
    removed = []
    if not reports.is_dir():
        return removed
    for folder in reports.iterdir():
        match = _LEFTOVER_RE.match(folder.name)
        if match is None or not folder.is_dir():
            continue
        if folder.name.endswith(f"-{_HOST}-{match['pid']}"):
            dead = int(match["pid"]) != os.getpid() and not _pid_alive(int(match["pid"]))
        else:
            dead = time.time() - folder.stat().st_mtime > FOREIGN_LEFTOVER_SECONDS
        if dead:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    from helpers.run.render import clean_kernel_leftovers

    clean_kernel_leftovers()
    return removed


@contextlib.contextmanager
def _publish_lock(reports: Path):
    """One publisher at a time per client folder (parallel jobs of one client share report folders)."""
    import fcntl

    with open(reports / ".publish.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _exchange(new: Path, old: Path) -> None:
    """Swap two folders in one system call (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    Where the call is missing (another OS, a file system without it) the swap is two renames: for a
    moment the folder is absent, but a reader never sees old and new files mixed.
    """
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        renameat2 = None
    if renameat2 is not None:
        at_fdcwd = -100
        if renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(old), _RENAME_EXCHANGE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(old))
    aside = new.with_name(new.name.replace(".publish-", ".publish-aside-", 1))
    os.rename(old, aside)
    os.rename(new, old)
    os.rename(aside, new)


def _link_or_copy(source: Path, destination: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, destination, copy_function=_link_or_copy_file)
    else:
        _link_or_copy_file(source, destination)


def _link_or_copy_file(source: str | Path, destination: str | Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def publish(staging: Path, target: Path, playbook: str) -> list[Path]:
    """Make the staged outputs of ``playbook`` the content of ``target`` in one step; returns their paths.

    A new folder beside ``target`` receives the files of ``target`` that belong to other playbooks
    (hard links, so nothing is copied) and the staged outputs; it is then exchanged with ``target``
    in one rename and the old content removed. This playbook's ``.failed.ipynb`` and an earlier
    ``notes.md`` are dropped.
    """
    reports = target.parent
    produced = [staging / f"{playbook}{sfx}" for sfx in (".ipynb", ".json", ".html", ".pdf")]
    produced += sorted(p for p in staging.iterdir() if p.is_file() and p not in produced)
    # the notes of an earlier build go too: they no longer hold when this build has none
    names = {p.name for p in produced} | {f"{playbook}.failed.ipynb", NOTES_FILE}
    fresh = reports / f".publish-{target.name}-{uuid.uuid4().hex[:8]}-{_HOST}-{os.getpid()}"
    with _publish_lock(reports):
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        try:
            if target.is_dir():
                for old in sorted(target.iterdir()):
                    if old.name not in names:
                        _link_or_copy(old, fresh / old.name)
            for path in produced:
                os.replace(path, fresh / path.name)
            if target.is_dir():
                _exchange(fresh, target)
            else:
                os.rename(fresh, target)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)  # after the exchange: the old content
    return [target / p.name for p in produced]


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


#: errno values that mean "the machine cannot store the report", not a Shelfbook bug.
_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}


@contextlib.contextmanager
def _disk_errors(playbook: str, client: str):
    """A full (or read-only) disk anywhere in the run is one line; the last good report is untouched
    because nothing is published before every output is written."""
    try:
        yield
    except OSError as error:
        if error.errno not in _DISK_ERRORS:
            raise
        raise SetupError(
            f"disk must have room for the {playbook} report of {client!r}; got {os.strerror(error.errno).lower()}"
            f"{f' writing {Path(error.filename).name}' if error.filename else ''} (the last good report was kept; free "
            "some space and run again)"
        ) from None


# -- command line ---------------------------------------------------------------------------------
def _key_value(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"parameter must look like NAME=VALUE; got {text!r}")
    name, value = text.split("=", 1)
    if not name.isidentifier():
        raise argparse.ArgumentTypeError(f"parameter name must be an identifier; got {name!r}")
    return name, value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("playbook", choices=sorted(TITLES), help="which playbook to run")
    parser.add_argument("--client", required=True, help="client slug: params/<client>.yaml and data/<client>/")
    parser.add_argument("--period", default=None, help="quarter such as 2026-Q3 (default: params, else latest full quarter)")
    parser.add_argument("-p", "--param", action="append", type=_key_value, default=[], metavar="NAME=VALUE",
                        help="extra notebook parameter (e.g. product=B0..., event=prime-day-2027)")
    parser.add_argument("--root", default=None, help="project root holding params/ and data/ (default: this checkout)")
    parser.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    parser.add_argument("--skip-bad", action="store_true",
                        help="skip exports that cannot be read (named in notes.md) instead of stopping")


def run(args: argparse.Namespace) -> int:
    paths.check_slug(args.client)  # before anything else, so '../x' never reaches a path
    result = run_playbook(
        args.playbook,
        args.client,
        period=args.period,
        extra=dict(args.param),
        root=args.root,
        force=args.force,
        skip_bad=args.skip_bad,
        progress=sys.stderr.isatty(),
        log=lambda msg: print(msg, file=sys.stderr),
    )
    if result.status == "up-to-date":
        print(f"up to date: {', '.join(str(p) for p in result.outputs if p.suffix in ('.html', '.pdf'))} "
              "(nothing changed since the last build; FORCE=1 rebuilds)")
    else:
        shown = [str(p) for p in result.outputs if p.suffix in (".html", ".pdf")]
        print(f"wrote {' and '.join(shown)} ({result.pages} pages) in {result.seconds:.1f} s")
    return 0


__all__ = ["RunResult", "run_playbook", "input_fingerprint", "ShelfbookError"]
