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
import html
import logging
import mimetypes
import shutil
from pathlib import Path
from typing import Any

import nbformat

from helpers.errors import RenderError
from helpers.present.notebook import RECORD_MIME, merge_records

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "present" / "templates"
TEMPLATE_NAME = "shelfbook"

log = logging.getLogger(__name__)


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
) -> nbformat.NotebookNode:
    """Run ``notebook`` with ``parameters`` into ``output`` and return the executed notebook.

    ``env`` adds environment variables for the kernel (e.g. the marketplace whose number conventions
    :mod:`helpers.present.formatting` follows), without touching this process's environment.

    Raises RenderError (after ``output`` has been written) when a cell fails. A ShelfbookError raised
    inside the notebook — a user's bad export, say — keeps its one-line message.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            kernel_name="python3",
            cwd=str(cwd or notebook.parent),
            progress_bar=progress,
            execution_timeout=timeout,
            report_mode=True,
            kernel_manager_class=_ipc_kernel_manager(env),
        )
    except PapermillExecutionError as error:
        raise NotebookFailed(error.exec_count, error.ename, str(error.evalue), output) from None


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
            return str(Path(tempfile.mkdtemp(prefix="shelfbook-kernel-")) / "ipc")

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


# Errors a user can act on, raised inside the kernel: their message already names file/column/row.
USER_ERRORS = {"ShelfbookError", "InputFileError", "UnknownReportError", "ParamsError", "MissingDataError"}


class NotebookFailed(RenderError):
    """A cell raised. ``user_error`` is true when it was the user's input, not a Shelfbook bug."""

    def __init__(self, cell: int | None, ename: str, evalue: str, notebook: Path) -> None:
        self.cell, self.ename, self.evalue = cell, ename, evalue.strip()
        self.user_error = ename in USER_ERRORS
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
    from nbconvert import HTMLExporter

    nb = strip_for_export(nb)
    meta = dict(cover or {})
    logo = meta.pop("logo", None)
    meta["logo_data_uri"] = _data_uri(Path(logo)) if logo else None
    nb.metadata["shelfbook"] = meta
    if meta.get("doc_title"):  # the HTML <title>, which WeasyPrint makes the PDF's title
        nb.metadata["title"] = str(meta["doc_title"])
    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    return body


def _data_uri(path: Path) -> str:
    if not path.is_file():
        raise RenderError(f"agency logo {str(path)!r} must be an existing png/svg/jpg file; got a missing path")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


# -- 3. PDF ---------------------------------------------------------------------------------------
def to_pdf(html_text: str, pdf_path: Path, *, base_url: Path | None = None) -> int:
    """Write the PDF of ``html_text`` with WeasyPrint; returns the number of pages."""
    import weasyprint

    # WeasyPrint logs every unsupported CSS property of the stock lab stylesheet at WARNING level.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html_text, base_url=str(base_url or Path.cwd())).render()
    document.write_pdf(str(pdf_path))
    return len(document.pages)


def escape(text: object) -> str:
    """HTML-escape anything shown to a client (search terms are typed by strangers)."""
    return html.escape(str(text), quote=True)
