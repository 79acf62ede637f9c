"""A fake Amazon on 127.0.0.1 for the pull tests: LWA, Ads API v3 reporting and SP-API reports.

It speaks the documented flows and shapes (amazon-apis.md §1, §2, §4): the refresh-token grant,
``POST /reporting/reports`` (425 for a duplicate pending request) and its polling, the SP-API
``createReport`` / ``getReport`` / ``getReportDocument``, and presigned download URLs that refuse an
``Authorization`` header, as S3 does. Report contents come from the demo generator's simulation
(:func:`helpers.demo.simulate`), so a pull can be checked against the demo's hand-downloaded files.

Knobs for the failure tests (all on :class:`FakeAmazon`): ``throttle`` (429 with Retry-After),
``expire_tokens_after`` (a token dies after that many authorised calls), ``fail_first`` (a report
type fails that many times before succeeding), ``never_complete`` (stays pending), ``polls_needed``.
"""

from __future__ import annotations

import gzip
import json
import threading
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd

CLIENT_ID = "amzn1.application-oa2-client.fake0001"
CLIENT_SECRET = "fake-client-secret-do-not-print-7f3a"
REFRESH_TOKEN = "Atzr|fake-refresh-token-do-not-print-91c2"
PROFILE_ID = 3456789012345678
MARKETPLACE_ID = "ATVPDKIKX0DER"

# -- report contents from the demo simulation -------------------------------------------------------

_SP_SUMS = {
    "impressions": "impressions", "clicks": "clicks", "cost": "spend", "purchases7d": "orders",
    "sales7d": "sales", "unitsSoldClicks7d": "units", "attributedSalesSameSku7d": "adv_sku_sales",
    "salesOtherSku7d": "other_sku_sales", "unitsSoldSameSku7d": "adv_sku_units", "unitsSoldOtherSku7d": "other_sku_units",
}  # fmt: skip
_SP_KEYS = {
    "spSearchTerm": ["campaign", "campaign_id", "ad_group", "ad_group_id", "targeting", "match_type", "search_term"],
    "spTargeting": ["campaign", "campaign_id", "ad_group", "ad_group_id", "targeting", "match_type"],
    "spAdvertisedProduct": ["campaign", "campaign_id", "ad_group", "ad_group_id", "advertised_sku", "advertised_asin"],
    "spCampaigns": ["campaign", "campaign_id"],
}
_API_NAMES = {
    "campaign": "campaignName", "campaign_id": "campaignId", "ad_group": "adGroupName", "ad_group_id": "adGroupId",
    "targeting": "targeting", "match_type": "matchType", "search_term": "searchTerm",
    "advertised_sku": "advertisedSku", "advertised_asin": "advertisedAsin",
}  # fmt: skip


def _weighted_buy_box(children: pd.DataFrame) -> float:
    """Featured-offer share of page views, 0-100, as the demo's Business Reports weight it."""
    views = children["page_views"].sum()
    return round(float((children["buy_box_pct"] * children["page_views"]).sum() / views) * 100, 2) if views else 0.0


class DemoData:
    """Documents in Amazon's shapes, computed from the demo simulation of ``profile``."""

    def __init__(self, profile: str = "tiny") -> None:
        from helpers.demo import simulate

        self.sim = simulate(profile)

    def _days(self, frame: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
        return frame[(frame["date"] >= pd.Timestamp(start)) & (frame["date"] <= pd.Timestamp(end))]

    def ads_rows(self, configuration: dict, start: str, end: str) -> list[dict]:
        type_id = configuration["reportTypeId"]
        if type_id not in _SP_KEYS:
            return []  # the demo account runs Sponsored Products only
        ads = self._days(self.sim.ads, start, end)
        keys = ["date", *_SP_KEYS[type_id]]
        summed = ads.groupby(keys, sort=True)[list(_SP_SUMS.values())].sum().reset_index()
        if type_id == "spSearchTerm":
            summed = summed[summed["clicks"] > 0]  # the API keeps only terms with a click (§2)
        rows = []
        for record in summed.to_dict("records"):
            row = {"date": record["date"].strftime("%Y-%m-%d"), "campaignBudgetCurrencyCode": "USD"}
            for key in keys[1:]:
                value = record[key]
                if key.endswith("_id"):
                    value = int(value)
                if key == "match_type" and value == "-":
                    value = "TARGETING_EXPRESSION_PREDEFINED"
                row[_API_NAMES[key]] = value
            for api, ours in _SP_SUMS.items():
                value = record[ours]
                row[api] = round(float(value), 2) if ours.endswith(("spend", "sales")) else int(value)
            rows.append({k: row[k] for k in reversed(list(row))})  # keys in any order (§2)
        return rows

    def inventory_tsv(self, report_type: str) -> str:
        """The FBA flat files as the demo writes them for its last day (Restock as TSV, as the API sends it)."""
        import csv
        import io

        from helpers.demo import onboarding

        day = self.sim.children["date"].max().date()
        if report_type == "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA":
            return onboarding.myi_text(self.sim, day)
        if report_type == "GET_FBA_INVENTORY_PLANNING_DATA":
            return onboarding.planning_text(self.sim, day)
        rows = csv.reader(io.StringIO(onboarding.restock_text(self.sim, day)))
        return "".join("\t".join(row) + "\n" for row in rows)

    def sales_traffic(self, body: dict) -> dict:
        start, end = body["dataStartTime"][:10], body["dataEndTime"][:10]
        options = body.get("reportOptions") or {}
        children = self._days(self.sim.children, start, end)
        skus = self._days(self.sim.skus, start, end)
        by_date = []
        for day, rows in children.groupby("date", sort=True):
            sessions, units = int(rows["sessions"].sum()), int(rows["units"].sum())
            by_date.append({
                "date": day.strftime("%Y-%m-%d"),
                "salesByDate": {
                    "orderedProductSales": {"amount": round(rows["sales_cents"].sum() / 100, 2), "currencyCode": "USD"},
                    "unitsOrdered": units, "totalOrderItems": int(rows["order_items"].sum()),
                },
                "trafficByDate": {
                    "sessions": sessions, "pageViews": int(rows["page_views"].sum()),
                    "buyBoxPercentage": _weighted_buy_box(rows),
                    "unitSessionPercentage": round(units / sessions * 100, 2) if sessions else 0,
                },
            })  # fmt: skip
        by_asin = []
        if options.get("asinGranularity") == "CHILD":
            weighted = children.assign(bb=children["buy_box_pct"] * children["page_views"])
            traffic = weighted.groupby(["parent_asin", "child_asin"])[["sessions", "page_views", "bb"]].sum()
            sales = skus.groupby(["parent_asin", "child_asin", "sku"])[["units", "order_items", "sales_cents"]].sum()
            for (parent, child, sku), row in sales.iterrows():
                seen = traffic.loc[(parent, child)] if (parent, child) in traffic.index else None
                by_asin.append({
                    "parentAsin": parent, "childAsin": child, "sku": sku,
                    "salesByAsin": {
                        "unitsOrdered": int(row["units"]), "totalOrderItems": int(row["order_items"]),
                        "orderedProductSales": {"amount": round(row["sales_cents"] / 100, 2), "currencyCode": "USD"},
                    },
                    "trafficByAsin": {
                        "sessions": int(seen["sessions"]) if seen is not None else 0,
                        "pageViews": int(seen["page_views"]) if seen is not None else 0,
                        "buyBoxPercentage": round(seen["bb"] / seen["page_views"] * 100, 2)
                        if seen is not None and seen["page_views"] else 0,
                    },
                })  # fmt: skip
        return {
            "reportSpecification": {
                "reportType": "GET_SALES_AND_TRAFFIC_REPORT", "reportOptions": options,
                "dataStartTime": start, "dataEndTime": end, "marketplaceIds": body["marketplaceIds"],
            },
            "salesAndTrafficByDate": by_date,
            "salesAndTrafficByAsin": by_asin,
        }  # fmt: skip


LISTINGS_TSV = (
    "item-name\titem-description\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\tfulfillment-channel\tstatus\n"
    'Steel Bottle 20 oz, 18" strap\t\t0101ABCDEF1\tAT-BTL-20-BLK\t24.99\t\t2024-03-01 10:00:00 PST\tB0BVUYP05J\tAMAZON_NA\tActive\n'
)
SELLER_PERFORMANCE = {
    "accountStatuses": [{"marketplaceId": MARKETPLACE_ID, "status": "NORMAL"}],
    "performanceMetrics": [
        {
            "marketplaceId": MARKETPLACE_ID,
            "orderDefectRate": {
                "afn": {"rate": 0.0031, "status": "GOOD", "targetValue": 0.01},
                "mfn": {"rate": 0.009, "status": "GOOD", "targetValue": 0.01},
            },
            "lateShipmentRate": {"rate": 0.013, "status": "GOOD", "targetValue": 0.04},
            "preFulfillmentCancellationRate": {"rate": 0.004, "status": "GOOD", "targetValue": 0.025},
            "validTrackingRate": {"rate": 0.9529, "status": "GOOD", "targetValue": 0.95},
            "onTimeDeliveryRate": {"rate": 0.962, "status": "GOOD", "targetValue": 0.9},
            "listingPolicyViolations": {"defectsCount": 2, "status": "BAD"},
            "intellectualPropertyComplaints": {"defectsCount": 1, "status": "BAD"},
            "accountHealthRating": {"ahrStatus": "GREAT"},
        }
    ],
}

# -- the server --------------------------------------------------------------------------------------


@dataclass
class _Report:
    id: str
    api: str
    kind: str  # reportTypeId or SP reportType
    body: dict
    polls: int = 0
    outcome: str = "ok"  # ok, fail, never
    document: bytes = b""


@dataclass
class FakeAmazon:
    """State and knobs of the fake; :func:`start` runs it."""

    data: DemoData | None = None
    expires_in: int = 3600
    polls_needed: int = 1
    throttle: dict[str, tuple[int, int]] = field(default_factory=dict)  # path prefix -> (times, retry-after s)
    expire_tokens_after: int | None = None  # authorised calls before the current token dies
    fail_first: Counter = field(default_factory=Counter)  # report kind -> failures before success
    never_complete: set[str] = field(default_factory=set)
    unavailable: set[str] = field(default_factory=set)  # SP report types refused with 403 (no role)
    log: list[tuple[str, str, dict]] = field(default_factory=list)  # (method, path, body)
    tokens_issued: int = 0
    downloads_with_auth: int = 0
    base: str = ""

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, int] = {}  # token -> authorised calls left (None = unlimited)
        self._reports: dict[str, _Report] = {}
        self._next = 1000

    # helpers for tests
    def created(self, api: str | None = None) -> list[dict]:
        """Bodies of the report requests received (Ads and/or SP)."""
        paths = {"ads": "/reporting/reports", "sp": "/reports/2021-06-30/reports"}
        wanted = [paths[api]] if api else list(paths.values())
        return [body for method, path, body in self.log if method == "POST" and path in wanted]

    # request handling (called by the handler under the lock)
    def _token(self) -> dict:
        self.tokens_issued += 1
        token = f"Atza|fake-access-{self.tokens_issued}"
        self._tokens[token] = self.expire_tokens_after if self.expire_tokens_after else 10**9
        return {"access_token": token, "token_type": "bearer", "expires_in": self.expires_in, "refresh_token": REFRESH_TOKEN}

    def _authorised(self, token: str | None) -> bool:
        left = self._tokens.get(token or "")
        if not left:
            return False
        self._tokens[token] = left - 1
        return True

    def _new_report(self, api: str, kind: str, body: dict) -> _Report:
        self._next += 1
        outcome = "ok"
        if kind in self.never_complete:
            outcome = "never"
        elif self.fail_first[kind] > 0:
            self.fail_first[kind] -= 1
            outcome = "fail"
        report = _Report(str(self._next) if api == "sp" else f"amzn1.clicksAPI.v1.p1.{self._next}", api, kind, body, outcome=outcome)
        self._reports[report.id] = report
        return report

    def _document(self, report: _Report) -> bytes:
        if report.api == "ads":
            rows = self.data.ads_rows(report.body["configuration"], report.body["startDate"], report.body["endDate"])
            return gzip.compress(json.dumps(rows).encode())
        if report.kind == "GET_SALES_AND_TRAFFIC_REPORT":
            return gzip.compress(json.dumps(self.data.sales_traffic(report.body)).encode())
        if report.kind == "GET_V2_SELLER_PERFORMANCE_REPORT":
            return gzip.compress(json.dumps(SELLER_PERFORMANCE).encode())
        if report.kind == "GET_MERCHANT_LISTINGS_ALL_DATA":
            return gzip.compress(LISTINGS_TSV.encode())
        return gzip.compress(self.data.inventory_tsv(report.kind).encode())


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: object = None, *, raw: bytes | None = None, headers: dict | None = None) -> None:
        payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream" if raw is not None else "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _body(self) -> tuple[dict, bytes]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            return dict(urllib.parse.parse_qsl(raw.decode())), raw
        return (json.loads(raw) if raw else {}), raw

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        fake = self.server.fake
        path = urllib.parse.urlsplit(self.path).path
        body, _ = self._body()
        with fake._lock:
            fake.log.append((method, path, body))
            for prefix, (times, after) in list(fake.throttle.items()):
                if path.startswith(prefix) and times > 0:
                    fake.throttle[prefix] = (times - 1, after)
                    return self._send(429, {"code": "429", "details": "Too Many Requests"}, headers={"Retry-After": str(after)})
            status, reply, raw = self._route(fake, method, path, body)
        self._send(status, reply, raw=raw)

    def _route(self, fake: FakeAmazon, method: str, path: str, body: dict):
        if path == "/auth/o2/token" and method == "POST":
            good = (
                body.get("grant_type") == "refresh_token" and body.get("client_id") == CLIENT_ID
                and body.get("client_secret") == CLIENT_SECRET and body.get("refresh_token") == REFRESH_TOKEN
            )  # fmt: skip
            if not good:
                return 400, {"error": "invalid_grant", "error_description": "The request has an invalid grant parameter"}, None
            return 200, fake._token(), None
        if path.startswith("/download/"):
            if self.headers.get("Authorization") or self.headers.get("x-amz-access-token"):
                fake.downloads_with_auth += 1
                return 400, {"Code": "InvalidArgument", "Message": "Only one auth mechanism allowed"}, None
            report = fake._reports.get(path.rsplit("/", 1)[1].removesuffix(".gz").removesuffix(".json"))
            return (200, None, report.document) if report else (404, {"Code": "NoSuchKey"}, None)
        if path.startswith("/reporting/"):
            return self._ads(fake, method, path, body)
        if path.startswith("/reports/2021-06-30/"):
            return self._sp(fake, method, path, body)
        return 404, {"message": "not found"}, None

    def _ads(self, fake: FakeAmazon, method: str, path: str, body: dict):
        auth = self.headers.get("Authorization", "")
        if self.headers.get("Amazon-Advertising-API-ClientId") != CLIENT_ID or not fake._authorised(auth.removeprefix("Bearer ")):
            return 401, {"code": "UNAUTHORIZED", "details": "Not authorized to access this advertiser"}, None
        if self.headers.get("Amazon-Advertising-API-Scope") != str(PROFILE_ID):
            return 401, {"code": "UNAUTHORIZED", "details": "Invalid scope"}, None
        if method == "POST" and path == "/reporting/reports":
            same = [r for r in fake._reports.values() if r.api == "ads" and r.body == body and r.polls < fake.polls_needed]
            if same:
                return 425, {"code": "425", "detail": f"The Request is a duplicate of : {same[0].id}"}, None
            report = fake._new_report("ads", body["configuration"]["reportTypeId"], body)
            return 200, {"reportId": report.id, "status": "PENDING", "configuration": body["configuration"], "url": None}, None
        report = fake._reports.get(path.rsplit("/", 1)[1])
        if method != "GET" or report is None:
            return 404, {"code": "NOT_FOUND"}, None
        report.polls += 1
        if report.outcome == "never" or report.polls < fake.polls_needed:
            return 200, {"reportId": report.id, "status": "PROCESSING" if report.polls > 1 else "PENDING", "url": None}, None
        if report.outcome == "fail":
            return 200, {"reportId": report.id, "status": "FAILED", "failureReason": "Internal error", "url": None}, None
        report.document = fake._document(report)
        url = f"{fake.base}/download/{report.id}.json.gz?X-Amz-Expires=3600&X-Amz-Signature=abc"
        return 200, {"reportId": report.id, "status": "COMPLETED", "url": url, "fileSize": len(report.document)}, None

    def _sp(self, fake: FakeAmazon, method: str, path: str, body: dict):
        if not fake._authorised(self.headers.get("x-amz-access-token")):
            message = "The access token you provided has expired."
            return 403, {"errors": [{"code": "Unauthorized", "message": message, "details": message}]}, None
        if method == "POST" and path.endswith("/reports"):
            if body.get("reportType") in fake.unavailable:
                return 403, {"errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied."}]}, None
            report = fake._new_report("sp", body["reportType"], body)
            return 202, {"reportId": report.id}, None
        if "/documents/" in path:
            report = fake._reports.get(path.rsplit("/", 1)[1].removeprefix("DOC-"))
            if report is None:
                return 404, {"errors": [{"code": "NotFound"}]}, None
            url = f"{fake.base}/download/{report.id}.gz?X-Amz-Signature=abc"
            return 200, {"reportDocumentId": f"DOC-{report.id}", "url": url, "compressionAlgorithm": "GZIP"}, None
        report = fake._reports.get(path.rsplit("/", 1)[1])
        if report is None:
            return 404, {"errors": [{"code": "NotFound"}]}, None
        report.polls += 1
        if report.outcome == "never" or report.polls < fake.polls_needed:
            return 200, {"reportId": report.id, "processingStatus": "IN_PROGRESS"}, None
        if report.outcome == "fail":
            return 200, {"reportId": report.id, "processingStatus": "FATAL"}, None
        report.document = fake._document(report)
        return 200, {"reportId": report.id, "processingStatus": "DONE", "reportDocumentId": f"DOC-{report.id}"}, None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeAmazon


def start(fake: FakeAmazon) -> tuple[_Server, threading.Thread]:
    """Serve ``fake`` on 127.0.0.1 (a free port) in a thread; ``fake.base`` is its URL."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = fake
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="fake-amazon", daemon=True)
    thread.start()
    return server, thread


def environment(fake: FakeAmazon, client: str) -> dict[str, str]:
    """Environment variables pointing a pull at ``fake`` with its credentials."""
    slug = client.upper().replace("-", "_")
    return {
        "SHELFBOOK_LWA_URL": f"{fake.base}/auth/o2/token",
        "SHELFBOOK_ADS_URL": fake.base,
        "SHELFBOOK_SP_URL": fake.base,
        "SHELFBOOK_ADS_CLIENT_ID": CLIENT_ID,
        "SHELFBOOK_ADS_CLIENT_SECRET": CLIENT_SECRET,
        "SHELFBOOK_SP_CLIENT_ID": CLIENT_ID,
        "SHELFBOOK_SP_CLIENT_SECRET": CLIENT_SECRET,
        f"SHELFBOOK_ADS_REFRESH_TOKEN_{slug}": REFRESH_TOKEN,
        f"SHELFBOOK_SP_REFRESH_TOKEN_{slug}": REFRESH_TOKEN,
        "SHELFBOOK_CREDENTIALS": "/nonexistent/credentials.yaml",
    }


def main() -> None:  # pragma: no cover - `python tests/fake_amazon.py` for trying `make pull` by hand
    fake = FakeAmazon(DemoData("tiny"))
    server, thread = start(fake)
    print(json.dumps(environment(fake, "tiny"), indent=1), flush=True)
    thread.join()


if __name__ == "__main__":  # pragma: no cover
    main()
