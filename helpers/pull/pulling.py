"""One client's pull: plan the ranges, request every report, poll them together, store the documents.

The run has two phases so that Amazon generates reports while we wait on others:

1. **Request.** For every planned range, a request recorded in the manifest as still in flight (by
   an earlier, killed pull) is polled again instead of asked anew; otherwise the report is created
   and its id recorded *before* any polling. An Ads 425 ("duplicate of <id>") adopts that id.
2. **Poll.** Round after round, every report in flight is asked for its status. A finished one is
   downloaded at once (its URL lasts minutes) and stored atomically; one Amazon had no data for
   (SP ``CANCELLED``, an empty Ads array) is recorded as empty; one that failed (Ads ``FAILED``, SP
   ``FATAL``) or is still not done after ``max_polls`` rounds is asked again, at most
   ``report_attempts`` times in all, and then named in the result's one-line summary.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import sys
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from helpers.errors import ParamsError
from helpers.params import MARKETPLACE_IDS, Params, load_params, marketplace_region
from helpers.paths import data_dir
from helpers.pull import plan as planning
from helpers.pull.catalog import ReportType, catalog
from helpers.pull.credentials import load_credentials
from helpers.pull.http import AmazonHttp, ApiError, LoginError
from helpers.pull.settings import PullSettings, settings_from_env
from helpers.pull.store import Store

API_FOLDER = "api"
_DUPLICATE_RE = re.compile(r"duplicate of\s*:?\s*(?P<id>[\w.:|-]+\w)", re.IGNORECASE)


@dataclass
class Job:
    """One range of one report and where its request stands."""

    report: ReportType
    start: dt.date
    end: dt.date
    report_id: str | None = None
    attempts: int = 0
    polls: int = 0
    last_problem: str = ""

    @property
    def name(self) -> str:
        return f"{self.report.key} {self.start.isoformat()}..{self.end.isoformat()}"


@dataclass
class PullResult:
    """What one pull did: files written, ranges with no data, reports given up on, notes."""

    client: str
    written: list[Path] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "<report> <start>..<end> (<why>)"
    unavailable: list[str] = field(default_factory=list)  # optional reports the account lacks
    requested: list[str] = field(default_factory=list)  # every range asked for, "<report> <start>..<end>"
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: how many reports were stored, and which failed."""
        line = f"{self.client}: {len(self.written)} report(s) stored, {len(self.empty)} range(s) without data"
        if self.unavailable:
            line += f"; not available for this account: {', '.join(sorted(set(self.unavailable)))}"
        if self.failed:
            line += f"; FAILED {len(self.failed)}: {'; '.join(self.failed)}"
        return line


class _Ads:
    """Amazon Ads API v3 reporting (amazon-apis.md §2)."""

    CREATE_TYPE = "application/vnd.createasyncreportrequest.v3+json"  # the documented media type

    def __init__(self, http: AmazonHttp, base: str, profile_id: int) -> None:
        self.http, self.base, self.profile_id = http, base, profile_id

    def _headers(self, token: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {token}",
            "Amazon-Advertising-API-ClientId": self.http.credentials.client_id,
            "Amazon-Advertising-API-Scope": str(self.profile_id),
        }

    def create(self, job: Job) -> str:
        response = self.http.request(
            "POST",
            f"{self.base}/reporting/reports",
            headers=lambda token: {**self._headers(token), "Content-Type": self.CREATE_TYPE},
            content=json.dumps(job.report.ads_body(job.start, job.end)),
        )
        if response.status_code == 425:  # an identical request is already queued: poll that one
            found = _DUPLICATE_RE.search(str(response.json().get("detail", "")))
            if found:
                return found["id"]
        if response.status_code not in (200, 202):
            raise self.http.fail(response, f"creating {job.name}")
        return str(response.json()["reportId"])

    def status(self, job: Job) -> tuple[str, str | None, str]:
        """(``done``/``waiting``/``failed``, download URL, reason)."""
        response = self.http.request("GET", f"{self.base}/reporting/reports/{job.report_id}", headers=self._headers)
        if response.status_code != 200:
            raise self.http.fail(response, f"polling {job.name}")
        body = response.json()
        status = str(body.get("status", "")).upper()
        if status == "COMPLETED" and body.get("url"):
            return "done", body["url"], ""
        if status in ("FAILED", "CANCELLED"):
            return "failed", None, f"{status}: {body.get('failureReason') or 'no reason given'}"
        return "waiting", None, status

    def download(self, url: str, job: Job) -> bytes:
        response = self.http.request("GET", url)  # a presigned link: no auth headers
        if response.status_code != 200:
            raise self.http.fail(response, f"downloading {job.name}")
        return response.content


class _SellingPartner:
    """SP-API Reports 2021-06-30 (amazon-apis.md §4)."""

    PATH = "/reports/2021-06-30"

    def __init__(self, http: AmazonHttp, base: str, marketplace_id: str) -> None:
        self.http, self.base, self.marketplace_id = http, base, marketplace_id
        self._documents: dict[str, str] = {}

    @staticmethod
    def _headers(token: str) -> dict[str, str]:
        return {"x-amz-access-token": token}

    def create(self, job: Job) -> str:
        response = self.http.request(
            "POST",
            f"{self.base}{self.PATH}/reports",
            headers=self._headers,
            json=job.report.sp_body(job.start, job.end, self.marketplace_id),
        )
        if response.status_code not in (200, 202):
            raise self.http.fail(response, f"creating {job.name}")
        return str(response.json()["reportId"])

    def status(self, job: Job) -> tuple[str, str | None, str]:
        response = self.http.request("GET", f"{self.base}{self.PATH}/reports/{job.report_id}", headers=self._headers)
        if response.status_code != 200:
            raise self.http.fail(response, f"polling {job.name}")
        body = response.json()
        status = str(body.get("processingStatus", "")).upper()
        if status == "DONE" and body.get("reportDocumentId"):
            return "done", str(body["reportDocumentId"]), ""
        if status == "CANCELLED":
            return "empty", None, "CANCELLED (no data)"
        if status == "FATAL":
            return "failed", None, "FATAL"
        return "waiting", None, status

    def download(self, document_id: str, job: Job) -> bytes:
        response = self.http.request(
            "GET", f"{self.base}{self.PATH}/documents/{document_id}", headers=self._headers
        )
        if response.status_code != 200:
            raise self.http.fail(response, f"fetching the document of {job.name}")
        body = response.json()
        download = self.http.request("GET", body["url"])  # a presigned link, valid 5 minutes
        if download.status_code != 200:
            raise self.http.fail(download, f"downloading {job.name}")
        content = download.content
        if str(body.get("compressionAlgorithm", "")).upper() == "GZIP" and not content.startswith(b"\x1f\x8b"):
            raise ApiError(f"document of {job.name} says GZIP but is not gzip data")
        return content


def _is_empty(report: ReportType, document: bytes) -> bool:
    """A report with no rows: an empty Ads JSON array, or Sales and Traffic without a day or an ASIN."""
    if report.ext != "json" or report.snapshot:
        return False
    try:
        data = json.loads(gzip.decompress(document) if document.startswith(b"\x1f\x8b") else document)
    except (OSError, EOFError, zlib.error, ValueError):
        return False
    if report.api == "ads":
        return data == []
    if report.key.startswith("sales_traffic") and isinstance(data, dict):
        part = "salesAndTrafficByAsin" if report.sp_options.get("asinGranularity") == "CHILD" else "salesAndTrafficByDate"
        return not data.get(part)
    return False


def _api_ids(params: Params, client: str) -> dict[str, object]:
    ids = params.amazon_api
    if ids.ads_profile_id is None and ids.seller_id is None:
        raise ParamsError(
            f"params key 'amazon_api' must give ads_profile_id and/or seller_id to pull client {client!r}; "
            f"got neither (in {params.source})"
        )
    return {
        "ads_profile_id": ids.ads_profile_id,
        "seller_id": ids.seller_id,
        "marketplace_id": ids.marketplace_id or MARKETPLACE_IDS[params.marketplace],
        "region": ids.region or marketplace_region(params.marketplace),
    }


def pull_client(
    client: str,
    *,
    root: str | Path | None = None,
    since: dt.date | None = None,
    today: dt.date | None = None,
    settings: PullSettings | None = None,
    environ: Mapping[str, str] | None = None,
    reports: tuple[str, ...] | None = None,
) -> PullResult:
    """Pull every report of ``client`` not yet stored into ``data/<client>/api/`` (see the module doc).

    ``since`` is the first day wanted (default: as far back as Amazon serves each report), ``today``
    the day the pull runs (yesterday is the last day asked), ``reports`` a subset of report keys.
    """
    settings = settings or settings_from_env(environ)
    today = today or dt.date.today()
    params = load_params(client, root)
    ids = _api_ids(params, client)
    apis = {name for name, key in (("ads", "ads_profile_id"), ("sp", "seller_id")) if ids[key] is not None}
    ads_base, sp_base = settings.hosts(str(ids["region"]))
    store = Store(data_dir(client, root) / API_FOLDER)
    result = PullResult(client)
    sessions: dict[str, AmazonHttp] = {}
    clients: dict[str, _Ads | _SellingPartner] = {}
    try:
        for api in sorted(apis):
            http = AmazonHttp(load_credentials(client, api, dict(environ) if environ is not None else None), settings)
            sessions[api] = http
            clients[api] = (
                _Ads(http, ads_base, int(ids["ads_profile_id"]))  # type: ignore[arg-type]
                if api == "ads"
                else _SellingPartner(http, sp_base, str(ids["marketplace_id"]))
            )
        chosen = catalog(apis, (lambda r: r.key in reports) if reports else None)
        jobs = [
            Job(report, start, end)
            for report in chosen
            for start, end in planning.plan(
                report, store.stored(report), since=since, today=today, repull_days=settings.repull_days
            )
        ]
        result.requested = [job.name for job in jobs]
        for report in chosen:
            earliest = today - dt.timedelta(days=report.retention_days - 1)
            if since is not None and since < earliest and not report.snapshot:
                result.notes.append(
                    f"{report.key}: Amazon serves only the last {report.retention_days} days; days before "
                    f"{earliest.isoformat()} come only from earlier pulls or downloads"
                )
        with tqdm(
            total=len(jobs), desc=client, unit="report", disable=not settings.progress or not jobs, file=sys.stderr
        ) as bar:
            _run(jobs, clients, store, settings, result, bar, _clock(today))
    finally:
        for http in sessions.values():
            http.close()
    return result


def _clock(today: dt.date):
    """When things are recorded as pulled: now, on ``today``'s date (a pull run "as of" a day)."""
    return lambda: dt.datetime.combine(today, dt.datetime.now(dt.UTC).time().replace(microsecond=0))


def _run(jobs, clients, store: Store, settings: PullSettings, result: PullResult, bar, now) -> None:
    sleep = settings.sleep if settings.sleep is not None else time.sleep
    active: list[Job] = []
    for job in jobs:
        if job.report.key in result.unavailable:  # refused once: the account lacks it
            bar.update(1)
            continue
        job.report_id = store.pending(job.report, job.start, job.end)
        if job.report_id is None and not _request(job, clients, store, result, bar, now):
            continue
        active.append(job)
    while active:
        sleep(settings.poll_seconds)
        still: list[Job] = []
        for job in active:
            api = clients[job.report.api]
            try:
                state, where, why = api.status(job)
            except LoginError:
                raise
            except ApiError as error:
                state, where, why = "failed", None, str(error)
            if state == "done":
                try:
                    document = api.download(where, job)  # type: ignore[arg-type]
                except LoginError:
                    raise
                except ApiError as error:
                    state, why = "failed", str(error)
                else:
                    if _is_empty(job.report, document):
                        store.save_empty(job.report, job.start, job.end, now=now(), why="no rows")
                        result.empty.append(job.name)
                    else:
                        result.written.append(store.save_document(job.report, job.start, job.end, document, now=now()))
                    bar.update(1)
                    continue
            if state == "empty":
                store.save_empty(job.report, job.start, job.end, now=now(), why=why)
                result.empty.append(job.name)
                bar.update(1)
                continue
            if state == "waiting":
                job.polls += 1
                if job.polls < settings.max_polls:
                    still.append(job)
                    continue
                why = f"still {why or 'PENDING'} after {job.polls} polls"
            # failed, or waited too long: ask again while attempts are left
            job.last_problem = why
            store.clear_pending(job.report, job.start, job.end)
            if job.report.optional and state == "failed":
                result.unavailable.append(job.report.key)
                bar.update(1)
                continue
            if job.attempts < settings.report_attempts:
                if _request(job, clients, store, result, bar, now):
                    still.append(job)
                continue
            result.failed.append(f"{job.name} ({why}; {job.attempts} attempts)")
            bar.update(1)
        active = still


def _request(job: Job, clients, store: Store, result: PullResult, bar, now) -> bool:
    """Create the report and record its id; False (and the job counted failed) when Amazon refuses."""
    job.attempts += 1
    job.polls = 0
    try:
        job.report_id = clients[job.report.api].create(job)
    except LoginError:
        raise
    except ApiError as error:
        if job.report.optional and error.status in (400, 403):
            result.unavailable.append(job.report.key)
        else:
            result.failed.append(f"{job.name} ({error})")
        bar.update(1)
        return False
    store.set_pending(job.report, job.start, job.end, job.report_id, now=now())
    return True
