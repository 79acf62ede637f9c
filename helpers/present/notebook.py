"""What a playbook notebook calls to talk to its reader and to the runner.

* :func:`setup` — the chart theme and inline SVG output (called in the notebook's first cell; nothing
  happens at import).
* :func:`record` — a headline number for the runner and the tests (not shown to the client).
* :func:`operator_note` — something the operator must do or know (a download missing, an assumption
  made, IDs to fill in): recorded under ``operator_notes``, printed by the runner and written to
  ``notes.md`` beside the report, never shown in the client's HTML or PDF.
* :func:`say`, :func:`bullets`, :func:`callout` — narrative built from trusted templates whose values
  are HTML-escaped, so a search term can never become markup.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

#: MIME type of the numbers a notebook records for the runner (read back by :mod:`helpers.run.render`).
RECORD_MIME = "application/vnd.shelfbook.record+json"
#: The record holding the operator's notes: a list of strings. Unlike other records (last value wins),
#: every ``operator_notes`` list recorded in a notebook is kept, in order, without repeats.
OPERATOR_NOTES = "operator_notes"
#: Records whose lists are merged across the notebook instead of replaced.
MERGED_RECORDS = frozenset({OPERATOR_NOTES})


class HTML:
    """Minimal rich-display object (IPython's HTML without importing IPython at module import)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_html_(self) -> str:
        return self.text

    def __repr__(self) -> str:  # plain-text fallback, e.g. in a terminal
        return html.unescape(_strip_tags(self.text))


def _strip_tags(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", text)


def _display(obj: Any, **kwargs: Any) -> None:
    from IPython.display import display

    display(obj, **kwargs)


def setup() -> None:
    """Apply the Shelfbook chart theme, render figures inline as SVG (crisp on paper) and, in a
    kernel, give freed memory back after every cell (:mod:`helpers.memory`): a step that worked
    through a million rows does not leave the next one peaking on top of its leftovers."""
    from helpers.memory import return_freed_memory
    from helpers.present import charts

    charts.set_theme()
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg")
    except ImportError:  # outside IPython: nothing to configure
        pass
    shell = _shell()
    if shell is not None and _after_cell not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _after_cell)
    return_freed_memory()


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _after_cell(result: Any = None) -> None:
    from helpers.memory import return_freed_memory

    return_freed_memory()


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        return value
    return str(value)


def record(name: str, value: Any) -> None:
    """Record ``value`` under ``name`` in the executed notebook (for the runner and tests).

    NaN/inf become null. Nothing is shown to the reader.
    """
    payload = {name: _jsonable(value)}
    json.dumps(payload)  # fail here, not in the runner, if something is not serialisable
    _display({RECORD_MIME: payload}, raw=True)


def operator_note(*texts: str) -> None:
    """Note for the operator, not the client: ``hn.operator_note("no bulk file downloaded: ...")``.

    Recorded under :data:`OPERATOR_NOTES` (merged with any ``hn.record("operator_notes", [...])``);
    the runner prints the notes and writes them to ``notes.md`` beside the report. Nothing is shown
    in the notebook's output. Blank texts are ignored.
    """
    notes = [str(t).strip() for t in texts if str(t).strip()]
    if notes:
        record(OPERATOR_NOTES, notes)


def merge_records(records: dict[str, Any], payload: dict[str, Any]) -> None:
    """Fold one recorded ``payload`` into ``records``: the last value of a name wins, except the
    lists of :data:`MERGED_RECORDS`, which are appended (repeats dropped, first order kept).

    >>> r = {}; merge_records(r, {"operator_notes": ["a"], "x": 1}); merge_records(r, {"operator_notes": ["b", "a"], "x": 2}); r
    {'operator_notes': ['a', 'b'], 'x': 2}
    """
    for name, value in payload.items():
        if name in MERGED_RECORDS:
            items = value if isinstance(value, list) else [value]
            kept = records.setdefault(name, [])
            kept.extend(str(v) for v in items if v is not None and str(v) not in kept)
        else:
            records[name] = value


def say(template: str, /, **values: Any) -> HTML:
    """A paragraph from a trusted ``template`` with ``{name}`` fields filled by escaped ``values``.

    >>> say("Top term: {term}", term="<b>x</b>").text
    '<p>Top term: &lt;b&gt;x&lt;/b&gt;</p>'
    """
    safe = {k: html.escape(str(v)) for k, v in values.items()}
    return HTML(f"<p>{template.format(**safe)}</p>")


def bullets(items: Iterable[str], *, escape: bool = True) -> HTML:
    """A bulleted list; items are escaped unless they were built with :func:`say`-style escaping."""
    body = "".join(f"<li>{html.escape(i) if escape else i}</li>" for i in items)
    return HTML(f"<ul>{body}</ul>")


def callout(items: Iterable[str], *, title: str | None = None) -> HTML:
    """A highlighted box of escaped sentences (executive summary, wins, risks)."""
    head = f"<strong>{html.escape(title)}</strong>" if title else ""
    body = "".join(f"<li>{html.escape(i)}</li>" for i in items)
    return HTML(f'<div class="sb-callout">{head}<ul>{body}</ul></div>')


def note(text: str) -> HTML:
    """A small grey note (assumptions, data caveats); escaped."""
    return HTML(f'<p class="sb-note">{html.escape(text)}</p>')
