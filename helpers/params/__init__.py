"""Client params files (``params/<client>.yaml``): a strict, typed, immutable schema.

The schema is ``docs/params-schema.md``. Every key is checked: an unknown key or a wrong type is
refused with the dotted key and the file named, one line per problem::

    params key 'targets.acos' must be a fraction (0.25) or a percent string ('25%'); got 30 (in params/acme.yaml)

YAML is read by :class:`ParamsLoader`, a ``yaml.SafeLoader`` without YAML 1.1 guessing: dates stay
strings (sections that hold dates declare them :data:`IsoDate` or call :func:`parse_date`), only
``true``/``false`` are booleans (``NO`` is Norway), numbers are plain decimals (no octal ``010``, no
sexagesimal ``1:30``), merge keys are not supported and a repeated key is refused.

The schema is split by section: :mod:`~helpers.params.client` (client, agency, account health),
:mod:`~helpers.params.economics` (economics and targets), :mod:`~helpers.params.settings`,
:mod:`~helpers.params.launches`, :mod:`~helpers.params.seasonal`; :mod:`~helpers.params.schema` joins
them into :class:`Params` and loads files; ``_fields`` holds the shared field types and ``_yaml`` the
reader. Import from ``helpers.params``: this module re-exports the public API.

Adding a section for another playbook (``account_health:``, ``launches:`` ...): write one small model
deriving from :class:`Section` with a default for every field, and add one line to :class:`Params`
(``account_health: AccountHealth = AccountHealth()``). Sections given as an empty key (``targets:``
with every line commented out) read as their defaults.
"""

from helpers.params._fields import (
    MARKETPLACES,
    Fraction,
    FrozenDict,
    IsoDate,
    Section,
    Text,
    _refuse,
    parse_date,
)
from helpers.params._yaml import (
    MAX_YAML_ALIASES,
    MAX_YAML_CHARS,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    ParamsLoader,
    load_yaml,
)
from helpers.params.amazon_api import API_REGIONS, MARKETPLACE_IDS, AmazonApi, marketplace_region
from helpers.params.client import AccountHealth, Agency, HealthSnapshot, Report, default_paper
from helpers.params.economics import AsinEconomics, Economics, Targets, UnitEconomics
from helpers.params.launches import Inbound, Launch
from helpers.params.schema import Params, _params_error, load_params, load_params_file, parse_params
from helpers.params.seasonal import Seasonal, StockLine
from helpers.params.settings import FBA_FEES, Settings

__all__ = [
    "API_REGIONS",
    "MARKETPLACE_IDS",
    "AmazonApi",
    "marketplace_region",
    "FBA_FEES",
    "MARKETPLACES",
    "MAX_YAML_ALIASES",
    "MAX_YAML_CHARS",
    "MAX_YAML_DEPTH",
    "MAX_YAML_NODES",
    "AccountHealth",
    "Agency",
    "AsinEconomics",
    "Economics",
    "Fraction",
    "FrozenDict",
    "HealthSnapshot",
    "Inbound",
    "IsoDate",
    "Launch",
    "Params",
    "ParamsLoader",
    "Report",
    "Seasonal",
    "Section",
    "Settings",
    "StockLine",
    "Targets",
    "Text",
    "UnitEconomics",
    "_params_error",
    "_refuse",
    "default_paper",
    "load_params",
    "load_params_file",
    "load_yaml",
    "parse_date",
    "parse_params",
]
