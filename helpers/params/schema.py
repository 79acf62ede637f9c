"""The whole params file: :class:`Params` (one field per section), validation errors as one line per
problem, and loading from ``params/<client>.yaml``."""

from __future__ import annotations

import difflib
import math
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, PrivateAttr, ValidationError, model_validator

from helpers.errors import ParamsError
from helpers.params._fields import (
    ACCOUNT_TYPES,
    EXAMPLE_PARAMS,
    MARKETPLACES,
    FrozenDict,
    FrozenMap,
    Section,
    Terms,
    Text,
    _choice,
    _currency,
    _period,
    _show,
)
from helpers.params._yaml import load_yaml
from helpers.params.amazon_api import AmazonApi
from helpers.params.client import AccountHealth, Agency, Report, default_paper
from helpers.params.economics import Economics, Targets, UnitEconomics
from helpers.params.launches import Launch, _launch_keys
from helpers.params.seasonal import Seasonal
from helpers.params.settings import Settings
from helpers.paths import params_file, project_root

if TYPE_CHECKING:
    from helpers.periods import Quarter


class Params(Section):
    """A client's validated params. Immutable; build with :func:`load_params` or :func:`parse_params`."""

    client_name: Text
    marketplace: Annotated[str, BeforeValidator(_choice(MARKETPLACES))]
    currency: Annotated[str, BeforeValidator(_currency)]
    account_type: Annotated[Literal["seller", "vendor"], BeforeValidator(_choice(ACCOUNT_TYPES))] = "seller"
    period: Annotated[str | None, BeforeValidator(_period)] = None
    brand_terms: Terms = ()
    competitor_terms: Terms = ()
    protected_terms: Terms = ()
    economics: Economics = Economics()
    targets: Targets = Targets()
    agency: Agency = Agency()
    report: Report = Report()
    settings: Settings = Settings()
    account_health: AccountHealth = AccountHealth()
    launches: FrozenMap(Launch, _launch_keys) = Field(default_factory=FrozenDict)
    seasonal: Seasonal = Seasonal()
    amazon_api: AmazonApi = AmazonApi()

    _source: str = PrivateAttr(default="<string>")
    _path: Path | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _default_paper(cls, data: Any) -> Any:
        if not isinstance(data, Mapping) or data.get("marketplace") not in MARKETPLACES:
            return data
        report = data.get("report")
        if report is None:
            report = {}
        if isinstance(report, Mapping) and report.get("paper") is None:
            data = {**data, "report": {**report, "paper": default_paper(data["marketplace"])}}
        return data

    # -- derived values ----------------------------------------------------------------------------
    @property
    def source(self) -> str:
        """Where these params came from, as named in error messages (e.g. ``params/acme.yaml``)."""
        return self._source

    @property
    def quarter(self) -> Quarter | None:
        """``period`` as a :class:`~helpers.periods.Quarter`; None = latest full quarter in the data."""
        from helpers.periods import Quarter  # here, not at import: the runner checks params without pandas

        return None if self.period is None else Quarter.parse(self.period, source=self._source)

    @property
    def paper(self) -> str:
        """Paper size of the PDF (``letter`` or ``a4``)."""
        return self.report.paper or default_paper(self.marketplace)

    @property
    def logo_path(self) -> Path | None:
        """The agency logo resolved against the params file's folder (None when not set)."""
        if self.agency.logo is None:
            return None
        folder = self._path.parent if self._path is not None else project_root() / "params"
        return (folder / self.agency.logo).resolve()

    def economics_for(self, asin: str | None = None) -> UnitEconomics:
        """Unit economics of ``asin`` (its override, else the default); ``.break_even_acos`` is NaN if unknown."""
        return self.economics.for_asin(asin)

    def break_even_acos(self, asin: str | None = None) -> float:
        """Break-even ACoS of ``asin`` (or the default), a fraction; NaN when economics are not given."""
        return self.economics_for(asin).break_even_acos

    def target_acos(self, asin: str | None = None) -> float:
        """``targets.acos`` if set, else break-even ACoS - ``targets.post_ad_margin``; NaN when either is unknown."""
        if self.targets.acos is not None:
            return self.targets.acos
        if self.targets.post_ad_margin is None:
            return math.nan
        from helpers import metrics  # here, not at import: the runner checks params without pandas

        return float(metrics.target_acos(self.break_even_acos(asin), self.targets.post_ad_margin))


# -- ValidationError -> ParamsError ---------------------------------------------------------------------

_TYPE_HELP = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "finite_number": "a finite number",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "list_type": "a list",
    "tuple_type": "a list",
    "date_type": "a date written YYYY-MM-DD",
    "invalid_key": "a text key",
}


_BOUNDS = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}


def _model_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The params model inside a field annotation, and whether it sits under a mapping key."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (dict, Mapping) and len(args) == 2:
        model, _ = _model_in(args[1])
        return model, model is not None
    if origin in (Annotated, typing.Union, types.UnionType):
        for arg in args[:1] if origin is Annotated else args:
            model, keyed = _model_in(arg)
            if model is not None:
                return model, keyed
    return None, False


def _model_holding(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The params model of the mapping that holds ``loc[-1]`` (None when not a model's key)."""
    model: type[BaseModel] = Params
    skip = False
    for part in loc[:-1]:
        if skip:
            skip = False
            continue
        field = model.model_fields.get(part) if isinstance(part, str) else None
        inner, skip = _model_in(field.annotation) if field is not None else (None, False)
        if inner is None:
            return None
        model = inner
    return model


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    """Keys allowed in the mapping that holds ``loc[-1]``."""
    model = _model_holding(loc)
    return [] if model is None else list(model.model_fields)


def _is_whole_number(loc: tuple[Any, ...]) -> bool:
    """Whether the field at ``loc`` holds an int (for "a whole number >= 0" rather than "a number")."""
    model = _model_holding(loc)
    field = model.model_fields.get(loc[-1]) if model is not None and loc else None
    annotation = field.annotation if field is not None else None
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation is int


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _problem(error: Mapping[str, Any]) -> tuple[str, str, str]:
    """(dotted key, allowed, received) for one pydantic error."""
    loc = tuple(error.get("loc", ()))
    kind = error["type"]
    ctx = error.get("ctx") or {}
    key = _dotted(loc)
    if kind == "shelfbook":
        return key, ctx["allowed"], ctx["got"]
    if kind == "missing":
        return key, "set", "nothing"
    if kind == "extra_forbidden":
        known = _known_keys(loc)
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        got = "an unknown key" + (f" (did you mean {hint[0]!r}?)" if hint else "")
        return key, f"one of the known keys ({', '.join(known)})", got
    if kind == "invalid_key":
        return str(loc[-1]) if loc else key, "a text key", _show(error.get("input"))
    if kind in _BOUNDS:
        value = error.get("input")
        number = "a whole number" if _is_whole_number(loc) else "a number"
        bound = next(iter(ctx.values()))
        return key, f"{number} {_BOUNDS[kind]} {bound:g}", _show(value)
    if kind in _TYPE_HELP:
        return key, _TYPE_HELP[kind], _show(error.get("input"))
    message = str(error.get("msg", kind))
    return key, message[:1].lower() + message[1:], _show(error.get("input"))


def _params_error(error: ValidationError, source: str) -> ParamsError:
    lines = []
    for item in error.errors(include_url=False):
        key, allowed, got = _problem(item)
        thing = f"params key {key!r}" if key else "params file"
        lines.append(f"{thing} must be {allowed}; got {got} (in {source})")
    if len(lines) == 1:
        result = ParamsError(lines[0])
    else:
        result = ParamsError(
            f"params file {source} has {len(lines)} problems:\n" + "\n".join(f"  {line}" for line in lines)
        )
    result.problems = lines  # type: ignore[attr-defined]
    return result


# -- loading ------------------------------------------------------------------------------------------


def _display(path: Path, root: str | Path | None = None) -> str:
    """``path`` relative to the project root when inside it (``params/acme.yaml``), else absolute."""
    try:
        return path.resolve().relative_to(project_root(root)).as_posix()
    except ValueError:
        return str(path)


def parse_params(mapping: Mapping[str, Any] | str, source: str = "<string>") -> Params:
    """Validate a params mapping (or YAML text) into :class:`Params`; ParamsError names key and ``source``.

    >>> p = parse_params({"client_name": "Acme", "marketplace": "US", "currency": "USD"})
    >>> p.paper, p.settings.attribution_lag_days
    ('letter', 3)
    """
    data = load_yaml(mapping, source=source) if isinstance(mapping, str) else mapping
    if not isinstance(data, Mapping):
        got = "an empty file" if data is None else _show(data)
        raise ParamsError(
            f"params file must be a mapping of keys (client_name: ..., marketplace: ...); got {got} (in {source})"
        )
    try:
        params = Params.model_validate(dict(data))
    except ValidationError as error:
        raise _params_error(error, source) from None
    params._source = source
    return params


def load_params_file(path: str | Path, *, root: str | Path | None = None) -> Params:
    """Read and validate one params file; a logo it names must exist next to it."""
    path = Path(path)
    source = _display(path, root)
    if not path.is_file():
        raise ParamsError(f"params file must exist; got no file at {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ParamsError(
            f"params file must be UTF-8 text; got an undecodable byte at offset {error.start} (in {source})"
        ) from None
    params = parse_params(load_yaml(text, source=source), source=source)
    params._path = path.resolve()
    logo = params.logo_path
    if logo is not None:
        _check_logo(params.agency.logo, path.resolve().parent, source)
    return params


def _check_logo(name: str, folder: Path, source: str) -> None:
    """The logo must be a regular file inside the params folder, reached without a symlink (a logo
    is embedded in the client's documents: it must never pull in a file from elsewhere)."""
    where = folder.joinpath(name)
    problem = None
    if not where.resolve().is_relative_to(folder):
        problem = "a path leading outside the params folder"
    else:
        part = folder
        for piece in Path(name).parts:
            part = part / piece
            if part.is_symlink():
                problem = f"a symlink ({part.relative_to(folder)})"
                break
        else:
            if not where.is_file():
                problem = "no such file"
    if problem:
        raise ParamsError(
            f"params key 'agency.logo' must name an existing file inside the params folder, not via a symlink; "
            f"got {name!r}, {problem} (in {source})"
        )


def load_params(client: str, root: str | Path | None = None) -> Params:
    """The validated params of ``client`` from ``params/<client>.yaml`` under the project root.

    The slug is checked before any file is opened. A missing file says where it should be.
    """
    path = params_file(client, root)  # raises ParamsError on a bad slug
    if not path.is_file():
        where = _display(path, root)
        hint = (
            "write it with `python -m helpers demo --params`, or by hand following docs/params-schema.md"
            if where == EXAMPLE_PARAMS
            else f"copy the example {EXAMPLE_PARAMS} to {where} and edit it"
        )
        raise ParamsError(
            f"params file for client {client!r} must exist at {where}; got no such file ({hint})"
        )
    return load_params_file(path, root=root)
