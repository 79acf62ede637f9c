"""``python -m helpers demo [CLIENT] [--out DIR] [--profile acme|tiny|harbour|bergwerk]`` — write a demo client's exports."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from helpers import paths
from helpers.demo.catalog import PROFILES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("client", nargs="?", default="acme", help="client slug (default: acme)")
    parser.add_argument("--out", type=Path, default=None, help="folder to write into (default: data/<client>/)")
    parser.add_argument(
        "--profile",
        choices=PROFILES,
        default=None,
        help="acme = the full demo (19 ASINs); tiny = a small variant for smoke tests "
        "harbour = a UK seller in GBP; bergwerk = a German seller in EUR with German headers "
        "(default: the client name if it is a profile, else acme)",
    )
    parser.add_argument("--params", action="store_true", help="also write params/<client>.yaml if it does not exist")


def run(args: argparse.Namespace) -> int:
    from helpers.demo import generate, params_yaml

    client = paths.check_slug(args.client)
    profile = args.profile or (client if client in PROFILES else "acme")
    started = time.perf_counter()
    written = generate(client, args.out, profile=profile)
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in written)
    folder = written[0].parent if written else args.out
    print(f"demo: wrote {len(written)} files ({size / 1e6:.1f} MB) for {client!r} (profile {profile}) "
          f"into {folder} in {seconds:.1f} s")
    if args.params:
        target = paths.params_file(client)
        if target.exists():
            print(f"demo: kept the existing {target}")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(params_yaml(client, profile), encoding="utf-8")
            print(f"demo: wrote {target}")
    return 0
