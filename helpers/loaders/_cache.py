"""A parse cache: each export is parsed once, then read back from parquet.

Key: the file's absolute path and content hash, the marketplace, and the source code of the loaders
(so a changed file or a loader change re-parses). A file whose parse read its modification day (an
inventory snapshot without a date of its own is dated by the day it was saved) is re-parsed when that
day changes: a copy without its timestamps is a snapshot of another day. The cache lives outside ``data/`` (which is
never written to), by default in ``reports/<client>/.cache/``; deleting it is always safe.

The cache keeps one entry per export: an entry's name starts with a digest of the file's path, and
writing an entry removes the file's older ones (its content or the loaders changed), so the folder
stays the size of one parse of the client's exports however many upgrades and re-downloads it sees.

Beside the frame (parquet) an entry keeps the report's fields and its totals (JSON): a warm ``inspect``
sums nothing (the by-child Business Reports' per-page grouping was 0.4 s of its 2 s on acme).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

#: Cache files larger than this are read with pyarrow's threads (smaller ones are faster without).
THREADED_READ_BYTES = 4 * 2**20

#: How a loader's note begins when it dated a file by the day it was saved (its modification time).
SAVED_DAY_NOTE = "no date in the file: snapshot dated"


@lru_cache(maxsize=1)
def loader_version() -> str:
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _path_digest(path: Path) -> str:
    """The part of an entry's name that names its export file (the same for every version of it)."""
    return hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]


def cache_key(path: Path, marketplace: str | None) -> str:
    """``<path digest>-<version digest>``. By content, not modification time: a regenerated or restored
    file with the same size and mtime (demo exports carry fixed timestamps; copies can keep theirs)
    must never be served stale."""
    with path.open("rb") as handle:
        content = hashlib.file_digest(handle, "sha1").hexdigest()
    raw = f"{path.resolve()}|{content}|{marketplace}|{loader_version()}"
    return f"{_path_digest(path)}-{hashlib.sha256(raw.encode()).hexdigest()[:16]}"


def _remove_stale(cache_dir: Path, key: str) -> None:
    """Remove the entries that ``key``'s file no longer reads (any other version of the same path)
    and the entries named before names began with the path (they can never be read again)."""
    prefix = key.split("-", 1)[0]
    for entry in cache_dir.iterdir():
        stem = entry.name.split(".", 1)[0]
        if stem == key or entry.suffix not in (".parquet", ".json", ".tmp"):
            continue
        if stem.startswith(f"{prefix}-") or "-" not in stem:
            entry.unlink(missing_ok=True)


def _restore_dtypes(frame: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    """``frame`` with the dtypes it was written with. Parquet keeps nearly all of them (an all-text
    ``object`` column comes back as ``str``): only the columns that differ are converted, as one
    ``astype`` over every column costs more than the read itself (0.6 s over acme's 108 files)."""
    have = {col: str(dtype) for col, dtype in frame.dtypes.items()}
    differ = {col: dtype for col, dtype in dtypes.items() if have[col] != dtype}
    return frame.astype(differ) if differ else frame


def _plain(totals: dict[str, Any]) -> dict[str, Any]:
    """``totals`` as JSON keeps them: numpy scalars become Python numbers (NaN stays NaN)."""
    return {name: value.item() if hasattr(value, "item") else value for name, value in totals.items()}


def cached(path: Path, marketplace: str | None, cache_dir: Path | None, read: Callable[[], Any], build: Callable[..., Any]) -> Any:
    """Return ``read()`` for ``path``, or the cached Report rebuilt with ``build(**fields)``."""
    if cache_dir is None:
        return read()
    key = cache_key(path, marketplace)
    frame_file, meta_file = cache_dir / f"{key}.parquet", cache_dir / f"{key}.json"
    saved_day = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    if frame_file.is_file() and meta_file.is_file():
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            if meta.pop("dated_by_saved_day", None) not in (None, saved_day):
                raise ValueError("the file's saved day changed")
            # small files: one thread, no pre-buffering; on a busy 2-core machine pyarrow's thread pool
            # cost more than it saved (540 cached files: 3.96 s -> 2.76 s). A big one (a 1M-row search
            # term report, 17 MB) reads in 0.25 s with both, 0.6 s without (medians of 6 processes).
            big = frame_file.stat().st_size > THREADED_READ_BYTES
            table = pd.read_parquet(frame_file, engine="pyarrow", use_threads=big, pre_buffer=big)
            frame = _restore_dtypes(table, meta.pop("dtypes"))
            return build(path=path, frame=frame, **meta)
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged cache entry is re-parsed below
    report = read()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = frame_file.with_suffix(".tmp")
        report.frame.to_parquet(tmp, index=False)
        meta = {
            "report": report.report,
            "layout": report.layout,
            "currency": report.currency,
            "window_days": report.window_days,
            "start": report.start.isoformat() if report.start else None,
            "end": report.end.isoformat() if report.end else None,
            "notes": list(report.notes),
            "dtypes": {col: str(dtype) for col, dtype in report.frame.dtypes.items()},
            "dated_by_saved_day": saved_day if any(n.startswith(SAVED_DAY_NOTE) for n in report.notes) else None,
            "totals": _plain(report.totals()),
        }
        meta_file.write_text(json.dumps(meta), encoding="utf-8")
        tmp.replace(frame_file)
        _remove_stale(cache_dir, key)
    except (OSError, ValueError, TypeError):
        pass  # caching is an optimisation: never fail a run because of it
    return report
