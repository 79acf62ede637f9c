"""Every path Shelfbook uses, built from the project root — never from the working directory.

The root is the folder holding ``params/`` and ``data/``. It defaults to the checkout this package
lives in and can be pointed elsewhere (tests use a fixture root) with ``SHELFBOOK_ROOT`` or by
passing ``root=`` explicitly.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from helpers.errors import ParamsError

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
#: A key that becomes one path component (a launch's SKU or ASIN, a report folder, an extra notebook
#: parameter): ASCII letters, digits, dot, underscore and dash, starting and ending with a letter or
#: digit — so never ``..``, ``/``, a newline or a look-alike Unicode digit.
KEY_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$", re.ASCII)
#: A quarter label such as ``2026-Q3`` (ASCII digits only: the label becomes a folder name).
QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$", re.ASCII)
PLAYBOOKS = ("qbr", "onboarding", "launch", "seasonal")
#: Reserved pseudo-client of the cross-client roll-up: ``reports/_portfolio/<period>/portfolio.*``.
#: The leading underscore is never valid in a slug, so no real client can collide with it.
PORTFOLIO = "_portfolio"


def check_slug(value: str, *, what: str = "client") -> str:
    """Return ``value`` if it is a slug (``[a-z0-9-]+``, no leading/trailing dash), else raise.

    >>> check_slug("acme")
    'acme'
    """
    if not isinstance(value, str) or not SLUG_RE.fullmatch(value):
        shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
        raise ParamsError(
            f"{what} must be a slug of lower-case letters, digits and dashes (e.g. 'acme'); got {shown}"
        )
    return value


def check_quarter(text: str, *, key: str = "period", source: str | None = None) -> tuple[int, int]:
    """``(year, quarter)`` of a quarter written ``YYYY-Qn``, else ParamsError: the check behind
    :meth:`helpers.periods.Quarter.parse`, here so that the runner checks a period (it becomes a
    folder name) without importing pandas before the kernel starts (0.58 s of every run).

    >>> check_quarter("2026-Q3")
    (2026, 3)
    """
    match = QUARTER_RE.fullmatch(text) if isinstance(text, str) else None
    if match is None or int(match.group(1)) < 1:
        where = f" (in {source})" if source else ""
        raise ParamsError(f"{key} must be a quarter written YYYY-Qn with n 1-4 (e.g. '2026-Q3'); got {text!r}{where}")
    return int(match.group(1)), int(match.group(2))


def check_key(value: str, *, what: str = "key") -> str:
    """Return ``value`` if it can be one path component (see :data:`KEY_RE`), else raise ParamsError.

    >>> check_key("AT-BTL-64-BLK")
    'AT-BTL-64-BLK'
    """
    if not isinstance(value, str) or not KEY_RE.fullmatch(value):
        shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
        raise ParamsError(
            f"{what} must be ASCII letters, digits, '.', '_' or '-' (at most 80, starting and ending with a "
            f"letter or digit, e.g. 'AT-BTL-64-BLK'); got {shown}"
        )
    return value


def report_dir(client: str, key: str, root: str | Path | None = None) -> Path:
    """``reports/<client>/<key>/``: the folder one report is published in (the key is checked)."""
    return reports_dir(client, root) / check_key(key, what="report key")


def project_root(root: str | Path | None = None) -> Path:
    """The project root: ``root`` if given, else ``$SHELFBOOK_ROOT``, else this checkout."""
    if root:
        return Path(root).resolve()
    env = os.environ.get("SHELFBOOK_ROOT")
    return Path(env).resolve() if env else PROJECT_DIR


def params_file(client: str, root: str | Path | None = None) -> Path:
    return project_root(root) / "params" / f"{check_slug(client)}.yaml"


def data_dir(client: str, root: str | Path | None = None) -> Path:
    return project_root(root) / "data" / check_slug(client)


def reports_dir(client: str, root: str | Path | None = None) -> Path:
    return project_root(root) / "reports" / (PORTFOLIO if client == PORTFOLIO else check_slug(client))


def notebook_path(playbook: str) -> Path:
    """The committed template notebook of a playbook (always from this checkout)."""
    if playbook not in PLAYBOOKS and playbook != "portfolio":
        raise ParamsError(f"playbook must be one of {', '.join(PLAYBOOKS)}; got {playbook!r}")
    folder = "qbr" if playbook == "portfolio" else playbook
    return PROJECT_DIR / "notebooks" / folder / f"{playbook}.ipynb"
