"""``python -m helpers pull``: pull one client's reports, or every connected client a few at a time."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from concurrent.futures import ThreadPoolExecutor

from helpers.errors import ParamsError, ShelfbookError
from helpers.params import load_params
from helpers.paths import project_root
from helpers.pull.pulling import PullResult, pull_client
from helpers.pull.settings import settings_from_env

#: accounts pulled at once by ``--all``: each waits on Amazon most of the time, and Amazon's limits
#: are per account, so a few in parallel is faster without one account throttling another
DEFAULT_ACCOUNTS_AT_ONCE = 3


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ParamsError(f"SINCE must be a date YYYY-MM-DD; got {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--client", default=None, help="client slug (params/<client>.yaml)")
    parser.add_argument("--all", action="store_true", help="every client whose params name Amazon account ids")
    parser.add_argument("--clients", default="", help="with --all: only these slugs, space or comma separated")
    parser.add_argument("--since", default=None, help="first day wanted, YYYY-MM-DD (default: all Amazon keeps)")
    parser.add_argument("--report", action="append", default=None, help="only this report (repeatable), e.g. sp_search_term")
    parser.add_argument("--accounts", type=int, default=DEFAULT_ACCOUNTS_AT_ONCE, help="with --all: accounts pulled at once")
    parser.add_argument("--root", default=None, help="project root holding params/ and data/ (default: this checkout)")


def _connected(root, wanted: set[str]) -> list[str]:
    out = []
    for path in sorted((project_root(root) / "params").glob("*.yaml")):
        slug = path.stem
        if "." in slug or (wanted and slug not in wanted):
            continue
        try:
            ids = load_params(slug, root).amazon_api
        except ShelfbookError:
            continue  # a broken params file is reported by the report run, not here
        if ids.ads_profile_id is not None or ids.seller_id is not None:
            out.append(slug)
    return out


def run(args: argparse.Namespace) -> int:
    since = _day(args.since) if args.since else None
    settings = settings_from_env()
    reports = tuple(args.report) if args.report else None
    if args.all:
        wanted = {c for c in args.clients.replace(",", " ").split() if c}
        clients = _connected(args.root, wanted)
        if not clients:
            print("pull: no client's params name an amazon_api account id; nothing to pull", file=sys.stderr)
            return 0
    elif args.client:
        clients = [args.client]
    else:
        raise ParamsError("pull needs --client <slug> or --all")

    def one(client: str) -> PullResult | str:
        try:
            return pull_client(client, root=args.root, since=since, settings=settings, reports=reports)
        except ShelfbookError as error:
            if not args.all:
                raise
            return f"{client}: error: {error}"

    if len(clients) == 1:
        outcomes = [one(clients[0])]
    else:
        with ThreadPoolExecutor(max_workers=max(1, args.accounts)) as pool:
            outcomes = list(pool.map(one, clients))
    failed = False
    for outcome in outcomes:
        if isinstance(outcome, str):
            failed = True
            print(outcome, file=sys.stderr)
        else:
            failed |= bool(outcome.failed)
            print(outcome.summary(), file=sys.stderr if outcome.failed else sys.stdout)
            for note in outcome.notes:
                print(f"  note: {note}", file=sys.stderr)
    return 1 if failed else 0
