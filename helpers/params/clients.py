"""Which params files are clients: the list every portfolio run and roll-up starts from."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from helpers import paths

#: ``params/<name>.yaml`` files that are never a client (shared calendars and settings).
NOT_CLIENTS = frozenset({"events", "portfolio", "agency", "defaults", "settings", "example"})


def discover_clients(root: str | Path | None = None, *, valid_only: bool = False) -> list[str]:
    """Client slugs: ``params/<slug>.yaml`` files whose top level has ``client_name``.

    Files that are not a slug (``_x.yaml``, ``Acme.yaml``), are in :data:`NOT_CLIENTS` (e.g. the
    shared ``events.yaml``) or parse as a mapping without ``client_name`` are skipped. A file that
    does not parse at all (or is too big, deep or alias-laden to read: the bounded params reader is
    used) is kept, so that its client is reported failed rather than forgotten — unless
    ``valid_only``, which keeps only clients whose params load (the portfolio roll-up covers those).
    """
    from helpers.errors import ParamsError
    from helpers.params import load_params, load_yaml

    folder = paths.project_root(root) / "params"
    clients = []
    for path in sorted(folder.glob("*.yaml")):
        if path.stem in NOT_CLIENTS or not paths.SLUG_RE.fullmatch(path.stem):
            continue
        try:
            top = load_yaml(path.read_text(encoding="utf-8"), source=path.name)
        except (ParamsError, UnicodeDecodeError, OSError):
            top = None  # broken: let the run report it
        if isinstance(top, Mapping) and "client_name" not in top:
            continue
        if valid_only:
            try:
                load_params(path.stem, root)
            except ParamsError:
                continue
        clients.append(path.stem)
    return clients
