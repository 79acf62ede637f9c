"""Execute a playbook notebook and export it as client-ready HTML and PDF.

Three steps, each a small function so the runner (and tests) can compose them:

1. :func:`execute` — papermill runs the template notebook with its parameters into an executed copy.
   On a failing cell papermill still writes the executed notebook (with the error banner); we turn its
   exception into a :class:`~helpers.errors.RenderError` naming the cell and the error.
2. :func:`to_html` — nbconvert with the ``shelfbook`` template (no code, no prompts, no scripts from
   the internet, print CSS with cover, running header and page numbers).
3. :func:`to_pdf` — WeasyPrint turns that HTML into the PDF (no browser needed).

Notebooks report their headline numbers with :func:`helpers.present.notebook.record`; :func:`read_records`
collects them from an executed notebook and :func:`strip_for_export` removes what a client must not
see (the record outputs, stderr streams) before export.
"""

from __future__ import annotations

import base64
import functools
import html
import logging
import mimetypes
import os
import re
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.errors import RenderError, is_user_error
from helpers.present.notebook import RECORD_MIME, merge_records

if TYPE_CHECKING:  # imported where used: the runner launches the kernel before reading any notebook
    import nbformat

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "present" / "templates"
TEMPLATE_NAME = "shelfbook"

log = logging.getLogger(__name__)


def preload_exporters() -> threading.Thread:
    """Import nbconvert's HTML exporter and WeasyPrint in a background thread, and export a one-cell
    notebook to HTML there (the first export imports its filters and compiles the templates of the
    exporter every later export reuses: 0.75 s, then 0.13-0.19 s for acme's QBR), so that this
    overlaps the kernel's run instead of following it (issue 15). Join before exporting.

    papermill is imported first, in the calling thread: it and nbconvert share jupyter_client, and
    two threads importing that package at once can meet in its circular imports and get a
    half-initialised module (``cannot import name 'AsyncKernelManager'``)."""
    import papermill  # noqa: F401

    def load() -> None:
        import nbconvert  # noqa: F401
        import nbformat
        import weasyprint  # noqa: F401

        try:
            to_html(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Shelfbook")]))
        except Exception:  # noqa: BLE001  (a warm-up only: the real export reports its own errors)
            log.debug("warming the HTML exporter failed", exc_info=True)

    thread = threading.Thread(target=load, name="preload-exporters", daemon=True)
    thread.start()
    return thread


# -- 1. execute -----------------------------------------------------------------------------------
def execute(
    notebook: Path,
    output: Path,
    parameters: dict[str, Any],
    *,
    cwd: Path | None = None,
    progress: bool = False,
    timeout: int | None = 1800,
    env: dict[str, str] | None = None,
    kernel: StartedKernel | None = None,
) -> nbformat.NotebookNode:
    """Run ``notebook`` with ``parameters`` into ``output`` and return the executed notebook.

    ``env`` adds environment variables for the kernel (e.g. the marketplace whose number conventions
    :mod:`helpers.present.formatting` follows), without touching this process's environment.
    ``kernel`` (from :func:`start_kernel`, with its own ``env`` and ``cwd``) runs the notebook
    instead of a kernel started here; it is stopped when the run ends either way.

    Raises RenderError (after ``output`` has been written) when a cell fails. A ShelfbookError raised
    inside the notebook — a user's bad export, say — keeps its one-line message.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        manager_class = kernel.hand_over() if kernel is not None else _ipc_kernel_manager(env)
        return papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            kernel_name="python3",
            cwd=str(cwd or notebook.parent),
            progress_bar=progress,
            execution_timeout=timeout,
            report_mode=True,
            # the notebook is written once, when the run ends (or fails), not after every cell:
            # with its charts that was ~30 writes of a growing file per run (issue 15)
            request_save_on_cell_execute=False,
            kernel_manager_class=manager_class,
            # every output is collected when the last cell ends: stop the kernel at once instead of
            # the graceful shutdown request (0.6 s of every run, issue 15)
            shutdown_kernel="immediate",
        )
    except PapermillExecutionError as error:
        raise NotebookFailed(error.exec_count, error.ename, str(error.evalue), output) from None
    finally:
        if kernel is not None:
            kernel.stop()


class StartedKernel:
    """A notebook kernel launched ahead of papermill (:func:`start_kernel`), so that it boots while
    this process imports papermill and reads the notebook (issue 15: ~1 s of booting overlaps
    ~0.4 s of that work).

    papermill's client creates its kernel manager from a class; :meth:`hand_over` is a class whose
    construction gives this kernel's manager, so the client owns it exactly as one it started:
    it shuts the kernel down when the run ends, and on SIGINT/SIGTERM. :meth:`stop` shuts down a
    kernel no client took over (a run that failed before executing)."""

    def __init__(self, manager: Any) -> None:
        self.manager = manager

    def hand_over(self) -> type:
        manager = self.manager

        class HandedOver(type(manager)):
            def __new__(cls, *args: Any, **kwargs: Any) -> Any:
                return manager  # not an instance of this class: its __init__ is not run again

        return HandedOver

    def stop(self) -> None:
        from jupyter_core.utils import run_sync

        if self.manager.has_kernel:
            run_sync(self.manager.shutdown_kernel)(now=True)  # the async manager's coroutine


def start_kernel(cwd: Path, env: dict[str, str] | None = None) -> StartedKernel:
    """Launch the python3 kernel a notebook will run in (working in ``cwd``, with ``env`` on top of
    this process's environment), without waiting for it to be ready; see :class:`StartedKernel`.
    The kernel is launched as nbclient launches one (its IPython history in memory)."""
    from jupyter_core.utils import run_sync

    manager = _ipc_kernel_manager(env)(kernel_name="python3")
    run_sync(manager.start_kernel)(cwd=str(cwd), extra_arguments=["--HistoryManager.hist_file=:memory:"])
    return StartedKernel(manager)


def _ipc_kernel_manager(env: dict[str, str] | None = None) -> type:
    """A kernel manager class whose kernels talk over IPC sockets instead of TCP: nothing listens
    on the network (and ipykernel stops warning about unencrypted TCP); its kernels get ``env`` on
    top of this process's environment. nbclient still owns and cleans up the manager it creates
    from this class."""
    import os
    import tempfile

    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum, default

    class IPCKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        @default("ip")
        def _ip_default(self) -> str:
            # Socket files in a fresh folder per kernel, by absolute path: the default 'kernel-ipc'
            # is relative, so the parent checks its own cwd while the kernel binds in the notebook's
            # folder — concurrent kernels (portfolio runs) would pick and steal the same sockets.
            # The folder names this process, so that a later run can remove it if we are killed.
            return str(Path(tempfile.mkdtemp(prefix=f"{KERNEL_PREFIX}{os.getpid()}-")) / "ipc")

        @default("connection_file")
        def _connection_file_default(self) -> str:
            return str(Path(self.ip).parent / "kernel.json")  # beside the sockets, removed with them

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if not restart:  # the socket files are gone; remove their folder too
                shutil.rmtree(Path(self.ip).parent, ignore_errors=True)

        cleanup_resources = _async_cleanup_resources

        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            if env:
                kw["env"] = {**(kw.get("env") or os.environ), **env}
            return await super()._async_pre_start_kernel(**kw)

        pre_start_kernel = _async_pre_start_kernel

    return IPCKernelManager


KERNEL_PREFIX = "shelfbook-kernel-"


def clean_kernel_leftovers() -> list[Path]:
    """Remove kernel socket folders (``$TMPDIR/shelfbook-kernel-<pid>-*``) whose process is gone,
    e.g. after a run was killed. Returns what was removed."""
    import tempfile

    removed = []
    pattern = re.compile(rf"^{KERNEL_PREFIX}(\d+)-")
    for folder in Path(tempfile.gettempdir()).glob(f"{KERNEL_PREFIX}*"):
        match = pattern.match(folder.name)
        if match is None or not folder.is_dir() or int(match[1]) == os.getpid():
            continue
        try:
            os.kill(int(match[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except PermissionError:
            pass
    return removed


def _user_error(ename: str) -> bool:
    """Whether the kernel's exception ``ename`` is one a user can act on (a ShelfbookError subclass,
    whose message already names file, column and row). The loaders and playbooks are imported so
    that every subclass they define is known."""
    import helpers.loaders  # noqa: F401 - defines UnrecognisedFileError and friends

    return is_user_error(ename)


class NotebookFailed(RenderError):
    """A cell raised. ``user_error`` is true when it was the user's input, not a Shelfbook bug."""

    def __init__(self, cell: int | None, ename: str, evalue: str, notebook: Path) -> None:
        self.cell, self.ename, self.evalue = cell, ename, evalue.strip()
        self.user_error = _user_error(ename)
        self.notebook = notebook
        super().__init__(self.describe())

    def describe(self, notebook: Path | None = None) -> str:
        where = notebook or self.notebook
        first = self.evalue.splitlines()[0] if self.evalue else ""
        if self.user_error:
            return f"{first} [cell {self.cell}; executed notebook kept at {where}]"
        return f"cell {self.cell} failed with {self.ename}: {first} [executed notebook kept at {where}]"


# -- records --------------------------------------------------------------------------------------
def read_records(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """Every value the notebook recorded with ``helpers.present.notebook.record``, in order (last wins;
    ``operator_notes`` lists are merged, see :func:`helpers.present.notebook.merge_records`)."""
    records: dict[str, Any] = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if RECORD_MIME in data:
                merge_records(records, data[RECORD_MIME])
    return records


REMOVE_TAG = "remove-from-report"


def strip_for_export(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy without record outputs, stderr streams, empty code cells and cells tagged
    ``remove-from-report`` (e.g. the notebook's title cell, which the cover page replaces)."""
    import nbformat

    clean = nbformat.from_dict(nb)
    clean.cells = [c for c in clean.cells if REMOVE_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in clean.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [
            out
            for out in cell.get("outputs", [])
            if not (out.get("output_type") == "stream" and out.get("name") == "stderr")
            and RECORD_MIME not in out.get("data", {})
        ]
    clean.cells = [c for c in clean.cells if c.cell_type != "code" or c.outputs]
    return clean


# -- 2. HTML --------------------------------------------------------------------------------------
def to_html(nb: nbformat.NotebookNode, *, cover: dict[str, Any] | None = None) -> str:
    """Client HTML of an executed notebook: no code, no prompts, self-contained (no external scripts).

    ``cover`` (title, doc_title, client, period, agency, accent, logo path, contact, paper, prepared)
    fills the cover page, the running header and the document title; values are escaped by the template.
    """
    nb = strip_for_export(nb)
    meta = dict(cover or {})
    logo = meta.pop("logo", None)
    meta["logo_data_uri"] = _data_uri(Path(logo)) if logo else None
    nb.metadata["shelfbook"] = meta
    if meta.get("doc_title"):  # the HTML <title>, which WeasyPrint makes the PDF's title
        nb.metadata["title"] = str(meta["doc_title"])
    with _EXPORTING:  # an exporter sets per-notebook filters while it runs: one export at a time
        body, _ = _html_exporter().from_notebook_node(nb)
    return body


_EXPORTING = threading.Lock()


@functools.lru_cache(maxsize=1)
def _html_exporter() -> Any:
    """The HTML exporter, built once per process: a new one compiles the templates again (0.1-0.2 s
    of every report; the background preload builds it while the kernel runs)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def _data_uri(path: Path) -> str:
    """The logo as a data URI; an SVG is sanitised first (see :func:`sanitise_svg`)."""
    if not path.is_file():
        raise RenderError(f"agency logo {str(path)!r} must be an existing png/svg/jpg file; got a missing path")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    data = path.read_bytes()
    if path.suffix.lower() == ".svg":
        data = sanitise_svg(data, source=str(path))
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
#: Elements an SVG logo never needs and that run code or embed other documents.
_SVG_DROP = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "handler", "listener"}
_URL_RE = re.compile(r"url\(\s*['\"]?\s*(?!#)[^)]*\)", re.IGNORECASE)
MAX_LOGO_BYTES = 2_000_000
#: Embedded raster images an SVG logo may carry (never an embedded SVG, which could refer outside).
_EMBEDDED_IMAGES = ("data:image/png", "data:image/jpeg", "data:image/gif")


def sanitise_svg(data: bytes, *, source: str = "logo") -> bytes:
    """An SVG logo with nothing that reaches outside it: no DOCTYPE/entities (refused), no scripts or
    foreign objects, no element whose ``href`` is not a same-document ``#id`` or an embedded PNG/JPEG/GIF,
    no ``url(...)`` or ``@import`` in styles except ``url(#id)``, no ``on*`` event attributes.

    >>> sanitise_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>')
    b'<svg xmlns="http://www.w3.org/2000/svg" />'
    """
    from xml.etree import ElementTree

    if len(data) > MAX_LOGO_BYTES:
        raise RenderError(f"agency logo {source!r} must be at most {MAX_LOGO_BYTES:,} bytes; got {len(data):,}")
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise RenderError(f"agency logo {source!r} must be an SVG without a DOCTYPE or entities; got one")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise RenderError(f"agency logo {source!r} must be well-formed SVG; got {error}") from None
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)

    def local(name: str) -> str:
        return name.rsplit("}", 1)[-1]

    def outside(name: str, value: str) -> bool:
        return local(name).lower() == "href" and not value.startswith(("#", *_EMBEDDED_IMAGES))

    def clean(element: ElementTree.Element) -> None:
        for child in list(element):
            refers_outside = any(outside(name, value) for name, value in child.attrib.items())
            if not isinstance(child.tag, str) or local(child.tag) in _SVG_DROP or refers_outside:
                element.remove(child)
                continue
            if local(child.tag) == "style" and child.text and ("@import" in child.text.lower() or _URL_RE.search(child.text)):
                child.text = _URL_RE.sub("none", child.text.replace("@import", "/* */"))
            clean(child)
        for name, value in list(element.attrib.items()):
            bare = local(name).lower()
            if bare.startswith("on") or outside(name, value) or bare in ("src", "xml:base") or "}base" in name:
                del element.attrib[name]
            elif _URL_RE.search(value) or "@import" in value.lower():
                element.attrib[name] = _URL_RE.sub("none", value.replace("@import", ""))

    if local(root.tag) != "svg":
        raise RenderError(f"agency logo {source!r} must be an SVG document; got a <{local(root.tag)}> root")
    clean(root)
    return ElementTree.tostring(root)


# -- 3. PDF ---------------------------------------------------------------------------------------
def url_fetcher(allowed: list[Path]) -> Any:
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and files under the ``allowed`` folders,
    and refuses everything else (no network, no file elsewhere on the machine, no redirects)."""
    from urllib.parse import unquote, urlparse

    from weasyprint.urls import URLFetcher

    roots = [Path(folder).resolve() for folder in allowed]

    class ReportFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            scheme = parsed.scheme.lower()
            if scheme == "file" and parsed.netloc in ("", "localhost"):
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return super().fetch(url, headers)
            elif scheme == "data":
                return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url[:80]!r}: only data: URLs and the report's own files")

    return ReportFetcher(allowed_protocols={"data", "file"}, allow_redirects=False)


def to_pdf(html_text: str, pdf_path: Path, *, base_url: Path | None = None) -> int:
    """Write the PDF of ``html_text`` with WeasyPrint; returns the number of pages.

    WeasyPrint may read files only under the PDF's folder, ``base_url`` and the templates folder.
    """
    import weasyprint

    # WeasyPrint logs every unsupported CSS property of the stock lab stylesheet at WARNING level
    # (and a refused fetch at ERROR: the logo is then left out, which is what we want).
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    base = base_url or pdf_path.parent
    fetcher = url_fetcher([pdf_path.parent, base, TEMPLATES_DIR])
    document = weasyprint.HTML(string=html_text, base_url=str(base), url_fetcher=fetcher).render()
    document.write_pdf(str(pdf_path))
    return len(document.pages)


def escape(text: object) -> str:
    """HTML-escape anything shown to a client (search terms are typed by strangers)."""
    return html.escape(str(text), quote=True)
