"""Where pulled reports are kept: ``data/<client>/api/<report>/<start>_<end>.<ext>.gz`` and a manifest.

Every write is atomic (a hidden temporary file in the same folder, flushed, then renamed over the
target), so a killed pull leaves either the old file or the new one, never half of one; hidden
files are not read by the loaders. ``api/.manifest.json`` records what was pulled when, the ranges
Amazon had no data for, and the report requests still in flight (so a restarted pull polls those
instead of asking again). A file on disk missing from the manifest (killed between the two writes)
still counts, dated by its modification time.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.pull.catalog import ReportType

MANIFEST = ".manifest.json"
_NAME_RE = re.compile(r"(?P<start>\d{4}-\d{2}-\d{2})_(?P<end>\d{4}-\d{2}-\d{2})\.(?:json|tsv)\.gz")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Stored:
    """One pulled range of one report: a file, or a range Amazon had no rows for (``path`` None)."""

    report: str
    start: dt.date
    end: dt.date
    pulled: dt.date
    path: Path | None


class Store:
    """The ``api/`` folder of one client."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.manifest_path = self.folder / MANIFEST
        self.manifest = self._read()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        data.setdefault("version", 1)
        for key in ("files", "empty", "pending"):
            data.setdefault(key, {})
        return data

    def _save(self) -> None:
        text = json.dumps(self.manifest, indent=1, sort_keys=True) + "\n"
        atomic_write(self.manifest_path, text.encode("utf-8"))

    @staticmethod
    def key(report: ReportType, start: dt.date, end: dt.date) -> str:
        return f"{report.key}/{start.isoformat()}_{end.isoformat()}"

    def path(self, report: ReportType, start: dt.date, end: dt.date) -> Path:
        return self.folder / f"{self.key(report, start, end)}.{report.ext}.gz"

    # -- what is stored ----------------------------------------------------------------------------
    def stored(self, report: ReportType) -> list[Stored]:
        """Every range of ``report`` pulled so far (files on disk and empty ranges)."""
        out: list[Stored] = []
        folder = self.folder / report.key
        for path in sorted(folder.glob("*.gz")) if folder.is_dir() else []:
            found = _NAME_RE.fullmatch(path.name)
            if not found:
                continue
            entry = self.manifest["files"].get(f"{report.key}/{path.name}")
            pulled = (
                dt.datetime.fromisoformat(entry["pulled_at"]).date()
                if entry
                else dt.datetime.fromtimestamp(path.stat().st_mtime).date()
            )
            start, end = (dt.date.fromisoformat(found[n]) for n in ("start", "end"))
            out.append(Stored(report.key, start, end, pulled, path))
        for key, entry in self.manifest["empty"].items():
            if key.startswith(report.key + "/"):
                out.append(
                    Stored(
                        report.key,
                        dt.date.fromisoformat(entry["start"]),
                        dt.date.fromisoformat(entry["end"]),
                        dt.datetime.fromisoformat(entry["pulled_at"]).date(),
                        None,
                    )
                )
        return out

    # -- recording ---------------------------------------------------------------------------------
    def save_document(
        self, report: ReportType, start: dt.date, end: dt.date, document: bytes, *, now: dt.datetime
    ) -> Path:
        """Store a downloaded document (gzip'd here when Amazon sent it uncompressed)."""
        if not document.startswith(b"\x1f\x8b"):
            document = gzip.compress(document, mtime=0)
        path = self.path(report, start, end)
        atomic_write(path, document)
        key = self.key(report, start, end)
        self.manifest["files"][f"{report.key}/{path.name}"] = {
            "report": report.key,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "pulled_at": now.isoformat(timespec="seconds"),
            "bytes": len(document),
        }
        self.manifest["empty"].pop(key, None)
        self.manifest["pending"].pop(key, None)
        self._save()
        return path

    def save_empty(self, report: ReportType, start: dt.date, end: dt.date, *, now: dt.datetime, why: str) -> None:
        key = self.key(report, start, end)
        self.manifest["empty"][key] = {
            "start": start.isoformat(), "end": end.isoformat(), "pulled_at": now.isoformat(timespec="seconds"), "why": why,
        }  # fmt: skip
        self.manifest["pending"].pop(key, None)
        self._save()

    def pending(self, report: ReportType, start: dt.date, end: dt.date) -> str | None:
        entry = self.manifest["pending"].get(self.key(report, start, end))
        return entry["report_id"] if entry else None

    def set_pending(self, report: ReportType, start: dt.date, end: dt.date, report_id: str, *, now: dt.datetime) -> None:
        """Record a report request before polling it, so a restarted pull polls it instead of asking again."""
        self.manifest["pending"][self.key(report, start, end)] = {
            "report_id": str(report_id), "requested_at": now.isoformat(timespec="seconds"),
        }  # fmt: skip
        self._save()

    def clear_pending(self, report: ReportType, start: dt.date, end: dt.date) -> None:
        if self.manifest["pending"].pop(self.key(report, start, end), None) is not None:
            self._save()
