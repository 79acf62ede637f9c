"""Reading a file into a raw table: format sniffing, encodings, delimiters and the header row.

Knows nothing about report types beyond a ``score_row`` callback that says how much a row looks
like a known header row. Bounded work: only the first :data:`HEAD_BYTES` of a text file and the
first :data:`HEADER_SCAN_ROWS` rows are scanned for the header; binary files are refused after
looking at their first bytes.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.errors import InputFileError, UnknownReportError
from helpers.loaders._values import TEXT, quote

HEADER_SCAN_ROWS = 30
HEAD_BYTES = 256 * 1024
MAX_SHEETS = 20
MIN_HEADER_SCORE = 3
TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".tab"})
SHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
DELIMITERS = (",", ";", "\t", "|")
FALLBACK_ENCODINGS = ("utf-8", "cp1252", "cp932")


@dataclass(frozen=True)
class ReadLimits:
    """How big a file may be before it is refused, unparsed (a settings object, not a constant:
    pass another one to :func:`read_table` or replace :data:`LIMITS`).

    Checked before any parsing, from the raw bytes and the xlsx zip directory, so a hostile
    file (10 M columns in a 20 MB CSV, a 6 MB xlsx holding gigabytes of sheet XML) is refused with
    one line instead of filling the memory. The defaults are far above Amazon's widest export
    (about 80 columns) and its largest downloads (a million-row search term report).
    """

    max_columns: int = 1_000  # fields in any line / columns of a sheet
    max_cells: int = 60_000_000  # rows x columns of the data
    max_xlsx_bytes: int = 1_000_000_000  # decompressed size of a workbook's parts
    max_xlsx_ratio: int = 200  # decompressed / compressed size of one workbook part
    max_document_bytes: int = 1_000_000_000  # decompressed size of a pulled (gzip'd) API report


LIMITS = ReadLimits()


class UnrecognisedFileError(UnknownReportError):
    """The file is not a report Shelfbook knows (wrong layout, not a spreadsheet, empty...).

    Distinct from a recognised report with a missing column or a bad value, which
    :func:`helpers.loaders.load_reports` must not skip.
    """


class UnsupportedReportError(UnrecognisedFileError):
    """A readable export Shelfbook recognises but does not read yet (Vendor Central's Retail
    Analytics reports): skipped with a note saying what it is, like a file of no known layout."""


@dataclass
class RawTable:
    """A file's header row and its data as positional, unconverted columns."""

    path: Path
    kind: str  # "xlsx" or "csv"
    headers: list[str]
    data: pd.DataFrame  # columns 0..n-1; index 0 = first data row
    first_data_row: int  # spreadsheet row number of data index 0
    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    #: set by readers whose format says what the file is (pulled API files): the report type, and
    #: the period when the file covers one that its rows do not carry
    report: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    #: the rows above the header as the header scan read them, each its non-empty cells joined by a space
    preamble: tuple[str, ...] = ()

    @property
    def metadata_row(self) -> str:
        """The first non-empty row above the header (Brand Analytics, Vendor Central: ``Name=[value]``
        facts in cells of their own or in one), as one string; ``""`` when the header comes first."""
        return next((row for row in self.preamble if row), "")


ScoreRow = Callable[[list[object]], int]
#: Readers of formats other than workbooks and delimited text (gzip'd files pulled from Amazon's
#: APIs, :mod:`helpers.loaders.api_files`): each takes the path and its first bytes and returns a
#: table, or None when the file is not in its format.
FormatReader = Callable[[Path, bytes], "RawTable | None"]
FORMAT_READERS: list[FormatReader] = []


def _header_cells(row: list[object]) -> list[str]:
    out = []
    for cell in row:
        if cell is None or (isinstance(cell, float) and cell != cell):
            out.append("")
        else:
            out.append(str(cell).strip().lstrip("\ufeff").strip())
    while out and not out[-1]:
        out.pop()
    return out


def _preamble(rows: list) -> tuple[str, ...]:
    """:attr:`RawTable.preamble` of the scanned ``rows`` above a header."""
    return tuple(" ".join(cell for cell in _header_cells(list(row)) if cell) for row in rows)


def _quote_headers(rows: list[list[str]]) -> str:
    first = next((r for r in rows if any(c.strip() for c in r)), [])
    cells = [c for c in first if c.strip()][:6]
    return ", ".join(quote(c, 40) for c in cells) if cells else "no header row"


#: The banner row that opens every Vendor Central Retail Analytics export ("Programme=[Retail]" in
#: the UK/IN, "Program=[Retail]" in the US), in its own cell or as the start of one cell.
VENDOR_BANNER = re.compile(r"^\s*Program(?:me)?=\[", re.IGNORECASE)


def unsupported_vendor_report(path: Path, banner: str) -> UnsupportedReportError:
    """The error for a Vendor Central Retail Analytics export other than the Sales report (``banner``:
    its first row, or its first cell)."""
    name = banner[: banner.find("]") + 1].strip()  # 'Programme=[Retail]'
    return UnsupportedReportError(
        f"a Vendor Central Retail Analytics report (its first row is the {quote(name, 30)} banner) other "
        "than the Sales report, the only one Shelfbook reads",
        path=path,
    )


def _unrecognised(path: Path, rows: list[list[str]]) -> UnrecognisedFileError:
    """Why no header row was found: a Vendor Central export (its banner), else the first row."""
    first = next((row for row in rows if any(str(cell).strip() for cell in row)), [])
    if first and VENDOR_BANNER.match(str(first[0]).lstrip("\ufeff")):
        return unsupported_vendor_report(path, str(first[0]).lstrip("\ufeff"))
    return UnrecognisedFileError(
        f"unknown report layout: no known header row in the first {HEADER_SCAN_ROWS} rows "
        f"(first row starts {_quote_headers(rows)})",
        path=path,
    )


def read_table(path: Path, score_row: ScoreRow, limits: ReadLimits | None = None) -> RawTable:
    """Read ``path`` (xlsx/xls or delimited text) and locate its header row.

    Raises :class:`TooLargeError` before parsing when the file's shape exceeds ``limits``
    (default :data:`LIMITS`)."""
    path = Path(path)
    limits = limits or LIMITS
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as error:
        raise InputFileError(f"cannot open file: {error.strerror or error}", path=path) from None
    if size == 0 or not head.strip():
        raise UnrecognisedFileError("file is empty", path=path)
    for reader in FORMAT_READERS:
        table = reader(path, head)
        if table is not None:
            return table
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            raise UnrecognisedFileError("file looks like a zip archive but is damaged", path=path) from None
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names or "content.xml" in names:
            _check_workbook(path, limits)
            return _read_workbook(path, score_row, limits)
        raise UnrecognisedFileError(
            "file is a zip archive, not a report; unzip it and put the report itself in the folder", path=path
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _read_workbook(path, score_row, limits)
    encoding = _sniff_encoding(path, head)
    return _read_text(path, head, encoding, score_row, limits)


class TooLargeError(InputFileError):
    """A file whose shape (columns, cells, decompressed size) is beyond :class:`ReadLimits`."""


def _too_large(what: str, limit: int, got: int, path: Path, *, at_least: bool = False) -> TooLargeError:
    return TooLargeError(
        f"{what} must be at most {limit:,}; got {'at least ' if at_least else ''}{got:,}", path=path
    )


# -- limits ------------------------------------------------------------------------------------------

_DIMENSION_RE = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _check_workbook(path: Path, limits: ReadLimits) -> None:
    """Refuse a workbook whose parts decompress to more than the limits allow (a zip bomb), or
    whose sheets declare more columns or cells than allowed — from the zip directory and the
    first bytes of each sheet, before anything is parsed."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            if total > limits.max_xlsx_bytes:
                raise _too_large("decompressed workbook size (bytes)", limits.max_xlsx_bytes, total, path)
            for info in infos:
                if info.file_size > 1_000_000 and info.file_size > limits.max_xlsx_ratio * max(
                    info.compress_size, 1
                ):
                    ratio = info.file_size // max(info.compress_size, 1)
                    raise _too_large(
                        f"compression ratio of workbook part {info.filename[:60]!r}",
                        limits.max_xlsx_ratio,
                        ratio,
                        path,
                    )
            for info in infos:
                if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                    continue
                with archive.open(info) as handle:
                    start = handle.read(4096)
                found = _DIMENSION_RE.search(start)
                if not found:
                    continue
                first_col, first_row, last_col, last_row = found.groups()
                if last_col is None:
                    continue
                columns = _column_number(last_col) - _column_number(first_col) + 1
                rows = int(last_row) - int(first_row) + 1
                if columns > limits.max_columns:
                    raise _too_large("number of columns", limits.max_columns, columns, path)
                if columns * rows > limits.max_cells:
                    raise _too_large(
                        "number of cells (rows x columns)", limits.max_cells, columns * rows, path
                    )
    except (zipfile.BadZipFile, OSError, EOFError):
        raise UnrecognisedFileError("file looks like a zip archive but is damaged", path=path) from None


def _check_text(path: Path, delimiter: str, header_columns: int, limits: ReadLimits) -> None:
    """Refuse a text file with a line of more fields than allowed, or more cells than allowed, in
    one pass over the bytes, 4 MB at a time (bounded memory; quotes are not parsed, so a quoted
    delimiter counts as one more field: an upper bound). Only lines long enough to hold that many
    fields have their delimiters counted."""
    delim = delimiter.encode()
    lines = 0
    carry_bytes = carry_fields = 0  # the line still open at the end of the previous chunk
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(1 << 22)
            if not chunk:
                break
            ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
            starts = np.concatenate(([0], ends[:-1] + 1)) if len(ends) else np.array([], dtype=np.int64)
            lengths = ends - starts
            if len(ends):
                lengths[0] += carry_bytes
            for index in np.flatnonzero(lengths >= limits.max_columns - 1):
                fields = chunk.count(delim, int(starts[index]), int(ends[index])) + 1
                fields += carry_fields if index == 0 else 0
                if fields > limits.max_columns:
                    raise _too_large("number of fields in a line", limits.max_columns, fields, path)
            tail = int(ends[-1]) + 1 if len(ends) else 0
            if len(ends):
                carry_bytes = carry_fields = 0
            carry_bytes += len(chunk) - tail
            carry_fields += chunk.count(delim, tail)
            if carry_fields + 1 > limits.max_columns:
                raise _too_large(
                    "number of fields in a line", limits.max_columns, carry_fields + 1, path, at_least=True
                )
            lines += len(ends)
    cells = (lines + 1) * max(header_columns, 1)
    if cells > limits.max_cells:
        raise _too_large("number of cells (rows x columns)", limits.max_cells, cells, path)


def _read_workbook(path: Path, score_row: ScoreRow, limits: ReadLimits) -> RawTable:
    """Each sheet is parsed once: its first rows locate the header, the same parsed sheet then
    gives the data (pandas' ``read_excel`` would parse the workbook again for the data)."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)[:MAX_SHEETS]
    except Exception as error:  # calamine raises its own exception types for corrupt workbooks
        raise UnrecognisedFileError(
            f"cannot read workbook: {error}".splitlines()[0][:200], path=path
        ) from None
    best: tuple[int, int, list[str], object] | None = None
    first_rows: list[list[str]] = []
    for name in names:
        try:
            sheet = book.get_sheet_by_name(name)
            if sheet.total_width > limits.max_columns:
                raise _too_large("number of columns", limits.max_columns, sheet.total_width, path)
            if sheet.total_width * sheet.total_height > limits.max_cells:
                cells = sheet.total_width * sheet.total_height
                raise _too_large("number of cells (rows x columns)", limits.max_cells, cells, path)
            preview = sheet.to_python(skip_empty_area=False, nrows=HEADER_SCAN_ROWS)
        except TooLargeError:
            raise
        except Exception as error:
            raise InputFileError(
                f"cannot read sheet {name!r}: {error}".splitlines()[0][:200], path=path
            ) from None
        for position, row in enumerate(preview):
            cells = _header_cells(list(row))
            if not first_rows and cells:
                first_rows.append(cells)
            score = score_row(cells) if cells else 0
            if score >= MIN_HEADER_SCORE and (best is None or score > best[0]):
                best = (score, position, cells, sheet, _preamble(preview[:position]))
    if best is None:
        raise _unrecognised(path, first_rows)
    _, position, headers, sheet, preamble = best
    try:
        rows = sheet.to_python(skip_empty_area=False)[position + 1 :]  # type: ignore[attr-defined]
    except Exception as error:
        raise InputFileError(
            f"cannot read sheet {sheet.name!r}: {error}".splitlines()[0][:200], path=path
        ) from None
    data = _sheet_frame(rows)
    return RawTable(
        path, "xlsx", headers, data, first_data_row=position + 2, sheet=str(sheet.name), preamble=preamble  # type: ignore[attr-defined]
    )


def _whole(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _sheet_frame(rows: list[list[object]]) -> pd.DataFrame:
    """Positional columns from a sheet's rows, as ``read_excel(header=None)`` gives them: empty
    cells missing, whole-number columns int64, other numeric columns float64, the rest object with
    whole numbers as ints (a SKU 1234 stays "1234", not "1234.0")."""
    frame = pd.DataFrame(rows, dtype=object)
    frame = frame.mask(frame.eq(""))
    # trailing all-blank rows are the sheet's empty area, not data
    filled = frame.notna().any(axis=1).to_numpy()
    frame = frame.iloc[: int(np.flatnonzero(filled)[-1]) + 1 if filled.any() else 0].infer_objects()
    frame.columns = range(frame.shape[1])
    for position in frame.columns:
        column = frame[position]
        if column.dtype == "float64":
            values = column.to_numpy()
            whole = len(values) and not np.isnan(values).any() and (np.abs(values) < 2**53).all()
            if whole and (values == np.round(values)).all():
                frame[position] = column.astype("int64")
        elif column.dtype == object:
            frame[position] = column.map(_whole, na_action="ignore")
    return frame


# -- delimited text --------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _sniff_encoding(path: Path, head: bytes) -> str | list[str]:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    sample = head[:8192]
    if b"\x00" in sample:
        raise UnrecognisedFileError("file is binary, not a spreadsheet or text report", path=path)
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    if controls > len(sample) * 0.01:
        raise UnrecognisedFileError("file is binary, not a spreadsheet or text report", path=path)
    return list(FALLBACK_ENCODINGS)


def _decode_head(head: bytes, encoding: str) -> str | None:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        return decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return None


def _quoting(text: str, delimiter: str) -> int:
    if delimiter == "\t" and not text.lstrip("\ufeff").startswith('"'):
        return csv.QUOTE_NONE  # flat files: quotes are part of the values (18" x 30")
    return csv.QUOTE_MINIMAL


def _rows(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """First rows of ``text`` and, for each, the number of physical lines consumed through it."""
    quoting = _quoting(text, delimiter)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=quoting, strict=False)
    rows, lines = [], []
    try:
        for record in reader:
            rows.append(record)
            lines.append(reader.line_num)
            if len(rows) >= HEADER_SCAN_ROWS:
                break
    except csv.Error:
        pass
    return rows, lines


def _read_text(
    path: Path, head: bytes, encoding: str | list[str], score_row: ScoreRow, limits: ReadLimits
) -> RawTable:
    encodings = [encoding] if isinstance(encoding, str) else encoding
    best: tuple[int, int, str, str, int, list[str], int] | None = None
    best_lines = 0
    preamble: tuple[str, ...] = ()
    quoting = csv.QUOTE_MINIMAL
    first_rows: list[list[str]] = []
    widest = 0
    for rank, enc in enumerate(encodings):
        text = _decode_head(head, enc)
        if text is None:
            continue
        text = text.lstrip("\ufeff")
        for delimiter in DELIMITERS:
            rows, lines = _rows(text, delimiter)
            if not first_rows:
                first_rows = rows
            for position, record in enumerate(rows):
                if len(record) > limits.max_columns:
                    widest = max(widest, len(record))
                    continue  # never scored: a hostile width would cost minutes
                cells = _header_cells(record)
                if len(cells) < 2:
                    continue
                score = score_row(cells)
                # prefer higher score, then more columns, then the earlier encoding
                key = (score, len(cells), -rank)
                if score >= MIN_HEADER_SCORE and (best is None or key > (best[0], best[1], best[6])):
                    best = (score, len(cells), enc, delimiter, position, cells, -rank)
                    best_lines = lines[position]
                    preamble = _preamble(rows[:position])
                    quoting = _quoting(text, delimiter)
        if best is not None and best[2] == enc:
            break  # an earlier (stricter) encoding already found the header
    if best is None:
        if widest:
            raise _too_large("number of fields in a line", limits.max_columns, widest, path, at_least=True)
        if all(_decode_head(head, e) is None for e in encodings):
            raise UnrecognisedFileError(
                "file is not text in a known encoding (UTF-8, Windows-1252)", path=path
            )
        raise _unrecognised(path, first_rows)
    _, _, enc, delimiter, position, headers, _ = best
    _check_text(path, delimiter, len(headers), limits)
    data = None
    if enc in ("utf-8", "utf-8-sig") and best_lines == position + 1:
        data = _read_text_arrow(path, delimiter, best_lines, quoting)
    if data is not None:
        return RawTable(
            path, "csv", headers, data, first_data_row=position + 2, delimiter=delimiter, encoding=enc,
            preamble=preamble,
        )
    try:
        data = pd.read_csv(
            path,
            sep=delimiter,
            encoding=enc,
            header=None,
            skiprows=best_lines,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            quoting=quoting,
            engine="python" if delimiter == "|" else "c",
            encoding_errors="strict",
        )
    except pd.errors.EmptyDataError:
        data = pd.DataFrame(columns=range(len(headers)))
    except UnicodeDecodeError as error:
        raise InputFileError(f"file is not valid {enc} text ({error.reason})", path=path) from None
    except pd.errors.ParserError as error:
        raise InputFileError(
            f"rows do not line up with the header: {str(error).strip().splitlines()[-1]}", path=path
        ) from None
    data.columns = range(data.shape[1])
    return RawTable(
        path, "csv", headers, data, first_data_row=position + 2, delimiter=delimiter, encoding=enc,
            preamble=preamble,
    )


def _read_text_arrow(path: Path, delimiter: str, skip: int, quoting: int) -> pd.DataFrame | None:
    """The same table as the pandas reader below, read by pyarrow (several times faster on big
    exports): every column as text, "" as missing. None when pyarrow cannot read the file the
    same way (short or long rows, blank lines, invalid UTF-8...): the pandas reader then decides,
    with its own error messages."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    count = _column_count(path, delimiter, skip, quoting)
    if not count:
        return None
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(skip_rows=skip, autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char=False if quoting == csv.QUOTE_NONE else '"',
                double_quote=True,
                newlines_in_values=True,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.large_string() for i in range(count)},
                null_values=[""],
                strings_can_be_null=True,
            ),
        )
    except (pa.ArrowException, OSError, ValueError):
        return None
    if table.num_columns == 0:
        return None
    columns = {}
    for position, column in enumerate(table.columns):
        if not pa.types.is_large_string(column.type):
            column = column.cast(pa.large_string())
        columns[position] = pd.Series(pd.arrays.ArrowStringArray(column, dtype=TEXT), copy=False)
    return pd.DataFrame(columns, copy=False)


def _column_count(path: Path, delimiter: str, skip: int, quoting: int) -> int | None:
    """Number of fields in the first data row (pyarrow needs every column typed up front)."""
    from pyarrow import csv as pacsv

    try:
        with pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                skip_rows=skip, autogenerate_column_names=True, block_size=1 << 16
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, quote_char=False if quoting == csv.QUOTE_NONE else '"'
            ),
        ) as reader:
            return len(reader.schema)
    except Exception:  # noqa: BLE001  (anything pyarrow cannot open goes to the pandas reader)
        return None
