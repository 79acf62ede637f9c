"""Command line: ``python -m helpers <command> ...``.

Each command lives in its own module and exposes ``add_arguments(parser)`` and ``run(args) -> int``.
A :class:`~helpers.errors.ShelfbookError` is printed as one line on stderr with the error's exit code;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from helpers.errors import ShelfbookError

# command name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "inspect": ("helpers.run.inspection", "check downloaded exports: report type, rows, dates, currency, totals"),
    "run": ("helpers.run.runner", "execute a playbook for a client and export HTML + PDF"),
    "demo": ("helpers.demo.cli", "write the demo client's exports into data/<client>/"),
    "params": ("helpers.run.params_cli", "validate a client's params file"),
    "negatives": ("helpers.playbooks.qbr.bulk", "write an Amazon Ads bulk file of negative and harvested keywords"),
    "pull": ("helpers.pull.command", "fetch the client's reports from the Amazon Ads API and the SP-API into data/<client>/api/"),
    "all": ("helpers.run.batch", "every client x playbook in parallel (only what is stale), then the portfolio review"),
}


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen command's module is imported (the runner pulls in papermill)."""
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            module = importlib.import_module(module_name)
            module.add_arguments(command)
            command.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    chosen = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(chosen if chosen in COMMANDS else None)
    args = parser.parse_args(argv)
    try:
        return int(args._module.run(args) or 0)
    except ShelfbookError as error:
        print(f"shelfbook: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("shelfbook: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
