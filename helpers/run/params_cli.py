"""``python -m helpers params CLIENT [--root DIR]``: validate a client's params file and summarise it.

Exit 0 with a short summary when the file is valid. Any problem is raised as
:class:`~helpers.errors.ParamsError`, which :mod:`helpers.run.cli` prints as one line per problem (exit 2).
"""

from __future__ import annotations

import argparse
import math

from helpers.params import Params, load_params


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("client", metavar="CLIENT", help="client slug: validates params/CLIENT.yaml")
    parser.add_argument(
        "--root",
        metavar="DIR",
        default=None,
        help="project root holding params/ and data/ (default: $SHELFBOOK_ROOT, else this checkout)",
    )


def _pct(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.1%}"


def summary(params: Params) -> list[str]:
    """The lines ``python -m helpers params`` prints for valid params."""
    econ = params.economics
    lines = [
        f"{params.source}: ok",
        f"  client      {params.client_name} ({params.account_type}, {params.marketplace}, {params.currency})",
        f"  period      {params.period or 'latest full quarter in the data'}",
        f"  terms       {len(params.brand_terms)} brand, {len(params.competitor_terms)} competitor, "
        f"{len(params.protected_terms)} protected",
        f"  economics   break-even ACoS {_pct(params.break_even_acos())}"
        + (f", {len(econ.asins)} ASIN override{'s' if len(econ.asins) != 1 else ''}" if econ.asins else ""),
        f"  targets     ACoS {_pct(params.target_acos())}"
        + ("" if params.targets.acos is not None else " (derived)")
        + f", TACoS {_pct(params.targets.tacos)}",
        f"  report      {params.paper}, accent {params.agency.accent}"
        + (f", agency {params.agency.name}" if params.agency.name else ""),
    ]
    settings = ", ".join(f"{name}={value}" for name, value in params.settings.model_dump().items())
    lines.append(f"  settings    {settings}")
    return lines


def run(args: argparse.Namespace) -> int:
    params = load_params(args.client, root=args.root)
    print("\n".join(summary(params)))
    return 0
