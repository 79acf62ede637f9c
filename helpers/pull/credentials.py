"""Login with Amazon credentials: from environment variables or a private file, never the repo.

Both APIs use an LWA app (client id + client secret) and, per client account, a refresh token the
account's owner granted to that app. They are looked up, first found wins:

1. environment variables ``SHELFBOOK_ADS_CLIENT_ID``, ``SHELFBOOK_ADS_CLIENT_SECRET``,
   ``SHELFBOOK_SP_CLIENT_ID``, ``SHELFBOOK_SP_CLIENT_SECRET`` and per client
   ``SHELFBOOK_ADS_REFRESH_TOKEN_<CLIENT>`` / ``SHELFBOOK_SP_REFRESH_TOKEN_<CLIENT>`` (the slug
   upper-cased, dashes as underscores: ``SHELFBOOK_SP_REFRESH_TOKEN_ACME``);
2. the file ``$SHELFBOOK_CREDENTIALS`` or ``~/.config/shelfbook/credentials.yaml``::

       ads: {client_id: amzn1.application-oa2-client.…, client_secret: …}
       sp:  {client_id: amzn1.application-oa2-client.…, client_secret: …}
       clients:
         acme: {ads_refresh_token: Atzr|…, sp_refresh_token: Atzr|…}

   The file must be readable by its owner only (``chmod 600``); otherwise it is refused.

Secret values are :class:`Secret` objects: their ``str``/``repr`` is ``***``, so they cannot end up
in a log line, a message or a notebook by accident; :meth:`Secret.reveal` is called only where a
request is built.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpers.errors import ParamsError

DEFAULT_FILE = Path("~/.config/shelfbook/credentials.yaml")


class CredentialsError(ParamsError):
    """Credentials are missing, malformed or stored unsafely."""


class Secret:
    """A secret string that prints as ``***``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class AppCredentials:
    """One LWA app and the refresh token one account granted it."""

    api: str  # "ads" or "sp"
    client_id: str
    client_secret: Secret
    refresh_token: Secret

    def secrets(self) -> tuple[str, ...]:
        return (self.client_secret.reveal(), self.refresh_token.reveal())


def credentials_file(environ: dict[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    return Path(environ.get("SHELFBOOK_CREDENTIALS") or DEFAULT_FILE).expanduser()


def _read_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredentialsError(
            f"credentials file {path} must be readable by its owner only (mode 0600); got mode "
            f"{stat.S_IMODE(mode):04o}: run chmod 600 {path}"
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        # the YAML error would quote the line, which may hold a secret: name the place only
        where = getattr(error, "problem_mark", None)
        line = f", line {where.line + 1}" if where is not None else ""
        raise CredentialsError(f"credentials file {path} is not valid YAML{line}") from None
    if not isinstance(data, dict):
        raise CredentialsError(f"credentials file {path} must be a mapping with keys ads, sp and clients")
    return data


def _env_name(api: str, what: str, client: str | None = None) -> str:
    name = f"SHELFBOOK_{api.upper()}_{what.upper()}"
    return f"{name}_{client.upper().replace('-', '_')}" if client else name


def load_credentials(client: str, api: str, environ: dict[str, str] | None = None) -> AppCredentials:
    """The ``api`` ("ads" or "sp") credentials for ``client``; raises :class:`CredentialsError` naming
    what is missing and where it may be put (never its value)."""
    environ = dict(os.environ if environ is None else environ)
    path = credentials_file(environ)
    data = _read_file(path)
    app = data.get(api) or {}
    account = (data.get("clients") or {}).get(client) or {}
    if not isinstance(app, dict) or not isinstance(account, dict):
        raise CredentialsError(f"credentials file {path}: {api} and clients.{client} must be mappings")
    values = {
        "client_id": environ.get(_env_name(api, "client_id")) or app.get("client_id"),
        "client_secret": environ.get(_env_name(api, "client_secret")) or app.get("client_secret"),
        "refresh_token": environ.get(_env_name(api, "refresh_token", client))
        or account.get(f"{api}_refresh_token"),
    }
    missing = [key for key, value in values.items() if not value]
    if missing:
        key = missing[0]
        variable = _env_name(api, key, client if key == "refresh_token" else None)
        place = f"clients.{client}.{api}_refresh_token" if key == "refresh_token" else f"{api}.{key}"
        raise CredentialsError(
            f"no {api.upper()} {key.replace('_', ' ')} for client {client!r}: set {variable} or "
            f"{place} in {path} (mode 0600)"
        )
    return AppCredentials(
        api=api,
        client_id=str(values["client_id"]),
        client_secret=Secret(str(values["client_secret"])),
        refresh_token=Secret(str(values["refresh_token"])),
    )
