"""Field types shared by every params section: fractions, text, dates, ASINs, frozen mappings, and
:class:`Section`, the strict immutable base model; plus the helpers that phrase a refusal."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Annotated, Any, NoReturn

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WrapSerializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from helpers.errors import ParamsError
from helpers.paths import QUARTER_RE  # not helpers.periods: the runner checks params without pandas

MARKETPLACES = (
    "US", "CA", "MX", "BR", "UK", "DE", "FR", "IT", "ES", "NL", "SE",
    "PL", "BE", "JP", "IN", "AU", "AE", "SA", "SG", "TR", "EG",
)  # fmt: skip
LETTER_MARKETPLACES = ("US", "CA", "MX")
PAPERS = ("letter", "a4")
ACCOUNT_TYPES = ("seller", "vendor")
DATE_FORMAT = "%Y-%m-%d"
EXAMPLE_PARAMS = "params/acme.yaml"

_FRACTION_HELP = "a fraction (0.25) or a percent string ('25%')"
_PERCENT_RE = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%\s*$")
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
_HEX_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_ASIN_RE = re.compile(r"^[A-Z0-9]{10}$")


def parse_date(value: Any, *, key: str = "date", source: str = "<string>") -> dt.date:
    """A ``datetime.date`` from a string written ``YYYY-MM-DD`` (ISO 8601), else ParamsError.

    Params YAML never turns dates into objects by itself; a section that holds dates parses them
    here (or declares them :data:`IsoDate`), with one explicit format.

    >>> parse_date("2026-07-01")
    datetime.date(2026, 7, 1)
    """
    try:
        return _iso_date(value)
    except PydanticCustomError as error:
        ctx = error.context or {}
        raise ParamsError(
            f"params key {key!r} must be {ctx['allowed']}; got {ctx['got']} (in {source})"
        ) from None


def _show(value: Any) -> str:
    """How a received value is quoted in an error message (YAML spelling for null and booleans)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list | tuple):
        return (
            f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
            if len(repr(value)) > 60
            else repr(value)
        )
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _refuse(allowed: str, got: Any = None, *, raw: str | None = None) -> NoReturn:
    """Raise the error our ValidationError converter turns into ``must be <allowed>; got <got>``."""
    raise PydanticCustomError(
        "shelfbook", "must be {allowed}", {"allowed": allowed, "got": raw or _show(got)}
    )


def _fraction(value: Any) -> Any:
    if isinstance(value, bool):
        _refuse(_FRACTION_HELP, value)
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and (match := _PERCENT_RE.fullmatch(value)):
        number = float(match.group(1)) / 100.0
    else:
        _refuse(_FRACTION_HELP, value)
    if not (math.isfinite(number) and 0.0 <= number <= 1.0):
        _refuse(_FRACTION_HELP, value)
    return number


def _text(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        _refuse("a non-empty string", value)
    return value.strip()


def _choice(allowed: tuple[str, ...]) -> Any:
    def check(value: Any) -> Any:
        if not isinstance(value, str) or value not in allowed:
            _refuse(f"one of {', '.join(allowed)}", value)
        return value

    return check


def _currency(value: Any) -> Any:
    if not isinstance(value, str) or not _CURRENCY_RE.fullmatch(value):
        _refuse("an ISO 4217 code of 3 upper-case letters (e.g. USD)", value)
    return value


def _period(value: Any) -> Any:
    if value is not None and (not isinstance(value, str) or not QUARTER_RE.fullmatch(value)):
        _refuse(
            "a quarter written YYYY-Qn with n 1-4 (e.g. '2026-Q3'), or null for the latest full quarter",
            value,
        )
    return value


def _hex_colour(value: Any) -> Any:
    if not isinstance(value, str) or not _HEX_RE.fullmatch(value):
        _refuse("a hex colour such as '#1f6f8b' (quote it in YAML)", value)
    return value.lower()


def _terms(value: Any) -> Any:
    """A list of search terms: each stripped, lower-cased, inner spaces collapsed; repeats dropped."""
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        _refuse("a list of terms (e.g. [acme, acme trail])", value)
    terms: list[str] = []
    for position, term in enumerate(value, start=1):
        if not isinstance(term, str) or not term.strip():
            _refuse(
                "a list of non-empty text terms (quote numbers)",
                raw=f"{_show(term)} as item {position}",
            )
        normal = " ".join(term.split()).lower()
        if normal not in terms:
            terms.append(normal)
    return tuple(terms)


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.strptime(value.strip(), DATE_FORMAT).date()
        except ValueError:
            pass
    _refuse("a date written YYYY-MM-DD (e.g. '2026-07-01')", value)


def _asin_keys(value: Any) -> Any:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        _refuse("a mapping of ASIN to {price, cogs, fees} or {margin}", value)
    out: dict[str, Any] = {}
    for key, item in value.items():
        asin = key.strip().upper() if isinstance(key, str) else key
        if not isinstance(asin, str) or not _ASIN_RE.fullmatch(asin):
            _refuse("keyed by ASINs of 10 letters and digits (e.g. B0ACME0001)", raw=f"the key {_show(key)}")
        if asin in out:
            _refuse("keyed by distinct ASINs", raw=f"{asin} twice")
        out[asin] = item
    return out


Fraction = Annotated[float, BeforeValidator(_fraction)]
"""A share in [0, 1], written as a number (0.25) or a percent string ("25%")."""
Text = Annotated[str, BeforeValidator(_text)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
"""A date written ``YYYY-MM-DD`` in the YAML (quoted or not: the loader never makes date objects)."""
Price = Annotated[float, Field(gt=0)]
Cost = Annotated[float, Field(ge=0)]
Count = Annotated[int, Field(ge=0)]
Terms = Annotated[tuple[str, ...], BeforeValidator(_terms)]


class FrozenDict(dict):
    """A read-only dict (per-ASIN overrides), so that frozen params stay unchanged all the way down."""

    def _refuse_change(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("params are read-only; build a new Params instead of changing one")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse_change  # type: ignore[assignment]
    __ior__ = _refuse_change  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return FrozenDict(value)


def FrozenMap(values: Any, check_keys: Any = None) -> Any:  # noqa: N802 (used like a type)
    """The field type of a params mapping: keys checked by ``check_keys`` (when given), values of
    type ``values``, frozen after validation and dumped as a plain dict."""
    checks = (BeforeValidator(check_keys),) if check_keys else ()
    return Annotated[
        Mapping[str, values],
        *checks,
        AfterValidator(_frozen_mapping),
        WrapSerializer(lambda value, handler: handler(dict(value))),
    ]


def _asin(value: Any) -> Any:
    if isinstance(value, str) and _ASIN_RE.fullmatch(value.strip().upper()):
        return value.strip().upper()
    _refuse("an ASIN of 10 letters and digits (e.g. B0ACME0001)", value)


def _asins(value: Any) -> Any:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        _refuse("a list of ASINs (e.g. [B0ACME0001])", value)
    return tuple(dict.fromkeys(_asin(item) for item in value))


def _as_tuple(value: Any) -> Any:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else value


def _asin_list(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, list | tuple):
        _refuse("a list of ASINs (e.g. [B0ACME0001]) or null when not checked", value)
    out = []
    for position, item in enumerate(value, start=1):
        asin = item.strip().upper() if isinstance(item, str) else item
        if not isinstance(asin, str) or not _ASIN_RE.fullmatch(asin):
            _refuse("a list of ASINs of 10 letters and digits", raw=f"{_show(item)} as item {position}")
        out.append(asin)
    return tuple(out)


Asin = Annotated[str, BeforeValidator(_asin)]
Asins = Annotated[tuple[str, ...], BeforeValidator(_asins)]


# -- sections --------------------------------------------------------------------------------------


class Section(BaseModel):
    """Base of every params model: strict types, unknown keys refused, immutable; ``null`` = defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _empty_section(cls, data: Any) -> Any:
        return {} if data is None else data
