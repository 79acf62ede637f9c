"""A small HTTP client for the Amazon Ads API and the SP-API: LWA tokens, throttling, retries.

- **Token.** The LWA refresh-token grant (``POST`` form ``grant_type=refresh_token``) gives an
  access token for ``expires_in`` seconds; it is renewed ``token_margin_seconds`` before then, and at
  once when Amazon says it has expired (Ads: 401; SP-API: 403 whose message says "expired").
- **Throttling.** A 429 waits ``Retry-After`` seconds when Amazon sends it (capped), otherwise an
  exponential back-off with jitter, as do 5xx answers and network errors; ``http_attempts`` in all.
- **Secrets.** Nothing here logs. Error messages carry the method, the path (never a query string,
  which for a download URL is a signature) and Amazon's message with every known secret masked.

Retries use tenacity; the sleeper comes from the settings so tests run without waiting.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from helpers.errors import ShelfbookError
from helpers.pull.credentials import AppCredentials
from helpers.pull.settings import PullSettings


class ApiError(ShelfbookError):
    """Amazon refused a request, or kept failing it after every retry."""

    def __init__(self, message: str, *, status: int | None = None, body: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body or {}


class LoginError(ApiError):
    """Login with Amazon refused the app's credentials: nothing of this account can be pulled."""


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to the back-off
    return seconds if seconds is not None and seconds >= 0 else None


def mask(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every secret (and anything shaped like an LWA token) replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return re.sub(r"Atz[ar]\|[^\s\"',}]+", "***", text)


class AmazonHttp:
    """One app's session: ``request`` adds the token, retries and renews it as described above."""

    def __init__(
        self,
        credentials: AppCredentials,
        settings: PullSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.credentials = credentials
        self.settings = settings
        self._sleep = settings.sleep if settings.sleep is not None else time.sleep
        self._clock = clock
        # httpx logs every URL at INFO; a download URL carries a presigned signature: keep it quiet
        logging.getLogger("httpx").setLevel(max(logging.getLogger("httpx").level, logging.WARNING))
        self._client = httpx.Client(timeout=settings.timeout_seconds, follow_redirects=True)
        self._token: str | None = None
        self._expires = 0.0
        self.token_refreshes = 0
        self.waits: list[float] = []  # every back-off slept, in seconds (for the summary and tests)

    def close(self) -> None:
        self._client.close()

    # -- token -------------------------------------------------------------------------------------
    def token(self) -> str:
        if self._token is None or self._clock() >= self._expires - self.settings.token_margin_seconds:
            self._refresh()
        return self._token  # type: ignore[return-value]

    def expire_token(self) -> None:
        self._token = None

    def _refresh(self) -> None:
        data = {
            "grant_type": "refresh_token",
            "refresh_token": self.credentials.refresh_token.reveal(),
            "client_id": self.credentials.client_id,
            "client_secret": self.credentials.client_secret.reveal(),
        }
        response = self._send("POST", self.settings.lwa_url, data=data, what="LWA token")
        if response.status_code != 200:
            raise LoginError(
                f"Login with Amazon refused the {self.credentials.api.upper()} refresh token "
                f"(HTTP {response.status_code}: {self._message(response)}); check the client id, secret and "
                "refresh token, or authorise the app again",
                status=response.status_code,
            )
        body = response.json()
        self._token = str(body["access_token"])
        self._expires = self._clock() + float(body.get("expires_in", 3600))
        self.token_refreshes += 1

    # -- requests ----------------------------------------------------------------------------------
    def request(
        self, method: str, url: str, *, headers: Callable[[str], dict[str, str]] | None = None, **kwargs
    ) -> httpx.Response:
        """Send with the access token (``headers(token)`` builds the auth headers; None = no auth, as
        for a download URL). Renews an expired token once per request; raises :class:`ApiError` on
        any other 4xx, and after ``http_attempts`` for throttling and server errors."""
        for renewal in (False, True):
            auth = headers(self.token()) if headers is not None else {}
            response = self._send(method, url, headers=auth, **kwargs)
            if headers is not None and not renewal and self._expired(response):
                self.expire_token()
                continue
            return response
        return response

    def _expired(self, response: httpx.Response) -> bool:
        if response.status_code == 401:
            return True
        return response.status_code == 403 and "expired" in response.text.lower()

    def _send(self, method: str, url: str, *, what: str | None = None, **kwargs) -> httpx.Response:
        def attempt() -> httpx.Response:
            try:
                response = self._client.request(method, url, **kwargs)
            except httpx.TransportError as error:
                raise _Retryable(f"network error: {type(error).__name__}") from None
            if response.status_code == 429:
                raise _Retryable("throttled (HTTP 429)", _retry_after(response))
            if response.status_code >= 500:
                raise _Retryable(f"HTTP {response.status_code}", _retry_after(response))
            return response

        backoff = wait_exponential_jitter(
            multiplier=self.settings.backoff_seconds, max=self.settings.backoff_max_seconds
        )

        def wait(state: RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            if isinstance(error, _Retryable) and error.retry_after is not None:
                seconds = min(error.retry_after, self.settings.retry_after_max_seconds)
            else:
                seconds = backoff(state)
            self.waits.append(seconds)
            return seconds

        retrying = Retrying(
            retry=retry_if_exception_type(_Retryable),
            stop=stop_after_attempt(self.settings.http_attempts),
            wait=wait,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(attempt)
        except _Retryable as error:
            raise ApiError(
                f"{what or method + ' ' + urlsplit(url).path} still failing after "
                f"{self.settings.http_attempts} attempts: {error}"
            ) from None

    def _message(self, response: httpx.Response) -> str:
        return mask(response.text.strip()[:300], self.credentials.secrets())

    def fail(self, response: httpx.Response, what: str) -> ApiError:
        """An :class:`ApiError` for an unexpected answer, Amazon's message masked."""
        try:
            body = response.json()
        except ValueError:
            body = {}
        return ApiError(
            f"{what}: HTTP {response.status_code} from {urlsplit(str(response.request.url)).path}: "
            f"{self._message(response)}",
            status=response.status_code,
            body=body if isinstance(body, dict) else {},
        )
