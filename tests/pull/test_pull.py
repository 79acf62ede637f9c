"""``make pull`` against a fake Amazon on 127.0.0.1 (tests/fake_amazon.py): real HTTP, no mocks.

The oracle of the full pull is the demo generator: the same quarter loaded from the hand-downloaded
demo files and from the pulled ones must give the same totals.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import columns as C
from helpers.errors import ShelfbookError
from helpers.loaders import load_client
from helpers.params import load_params
from helpers.pull import (
    PullSettings,
    load_credentials,
    pull_client,
    pulled_account_health,
    with_pulled_health,
)
from helpers.pull.credentials import CredentialsError
from helpers.pull.settings import settings_from_env
from tests import fake_amazon as fa

PROJECT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 10, 1)
Q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
QUARTER_REPORTS = ("sp_search_term", "sp_targeting", "sp_advertised_product", "sales_traffic_date", "sales_traffic_asin")
IDS = f"\namazon_api: {{ads_profile_id: {fa.PROFILE_ID}, seller_id: A2FAKESELLER01}}\n"


@pytest.fixture(scope="module")
def demo():
    return fa.DemoData("tiny")


@pytest.fixture
def fake(demo):
    amazon = fa.FakeAmazon(demo)
    server, _ = fa.start(amazon)
    yield amazon
    server.shutdown()
    server.server_close()


@pytest.fixture
def project(tmp_path, tiny_root) -> Path:
    """A project with the tiny client's params (plus Amazon ids) and an empty data folder."""
    (tmp_path / "params").mkdir()
    text = (tiny_root / "params" / "tiny.yaml").read_text(encoding="utf-8")
    (tmp_path / "params" / "tiny.yaml").write_text(text + IDS, encoding="utf-8")
    (tmp_path / "data" / "tiny").mkdir(parents=True)
    return tmp_path


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _settings(fake, sleeps=None, **more) -> PullSettings:
    return settings_from_env(
        fa.environment(fake, "tiny"), poll_seconds=0.0, progress=False, sleep=sleeps if sleeps is not None else Sleeps(), **more
    )


def _pull(project, fake, *, reports=QUARTER_REPORTS, since=Q3[0], today=TODAY, settings=None):
    return pull_client(
        "tiny", root=project, since=since, today=today, reports=reports,
        settings=settings or _settings(fake), environ=fa.environment(fake, "tiny"),
    )  # fmt: skip


def _between(frame: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    return frame[(frame[C.START_DATE] >= pd.Timestamp(start)) & (frame[C.END_DATE] <= pd.Timestamp(end))]


def _totals(data, start: dt.date, end: dt.date) -> dict[str, float]:
    out = {}
    for name in ("search_terms", "targeting", "advertised_products"):
        frame = _between(getattr(data, name), start, end)
        for base in ("spend", "sales", "clicks", "orders"):
            out[f"{name}.{base}"] = round(float(frame[base].sum()), 2)
    by_date = _between(data.business_date, start, end)
    for base in ("sessions", "units", "sales", "order_items"):
        out[f"business_date.{base}"] = round(float(by_date[base].sum()), 2)
    by_asin = _between(data.business_asin, start, end)
    for base in ("units", "sales"):
        out[f"business_asin.{base}"] = round(float(by_asin[base].sum()), 2)
    out["business_asin.months"] = by_asin[C.START_DATE].nunique()
    return out


# -- the quarter ---------------------------------------------------------------------------------


def _copy_q3_downloads(tiny_root: Path, folder: Path) -> None:
    """The demo's hand-downloaded files that overlap Q3 (the demo generator's manifest says which)."""
    from helpers.demo import manifest

    files = manifest()
    overlapping = files[(files["end_date"] >= pd.Timestamp(Q3[0])) & (files["start_date"] <= pd.Timestamp(Q3[1]))]
    folder.mkdir(parents=True, exist_ok=True)
    for name in overlapping["file"]:
        shutil.copy2(tiny_root / "data" / "tiny" / name, folder / name)


@pytest.fixture(scope="module")
def hand_q3(tiny_root, tmp_path_factory) -> dict[str, float]:
    """The quarter's totals from the demo's hand-downloaded files (the oracle)."""
    root = tmp_path_factory.mktemp("hand-q3")
    _copy_q3_downloads(tiny_root, root / "data" / "tiny")
    return _totals(load_client("tiny", root, cache=False), *Q3)


def test_pulled_quarter_gives_the_totals_of_the_hand_downloaded_files(project, fake, hand_q3):
    result = _pull(project, fake)
    assert not result.failed
    assert result.requested.count("sp_search_term 2026-07-01..2026-07-31") == 1
    got = _totals(load_client("tiny", project, cache=False), *Q3)
    assert got == pytest.approx(hand_q3, rel=1e-9, abs=0.011)
    assert hand_q3["search_terms.spend"] > 0 and hand_q3["business_date.sessions"] > 0
    assert got["business_asin.months"] == 3
    # stored as Amazon sent them: gzip'd JSON, one file per range, nothing half-written
    api = project / "data" / "tiny" / "api"
    files = sorted(p.relative_to(api).as_posix() for p in api.rglob("*.gz"))
    assert "sp_search_term/2026-07-01_2026-07-31.json.gz" in files
    assert "sales_traffic_asin/2026-09-01_2026-09-30.json.gz" in files
    assert not list(api.rglob(".*.tmp"))
    manifest = json.loads((api / ".manifest.json").read_text())
    assert manifest["pending"] == {} and len(manifest["files"]) == len(files)
    assert fake.downloads_with_auth == 0


def test_pulled_files_beside_hand_downloads_are_not_counted_twice(project, fake, tiny_root, hand_q3):
    _pull(project, fake)
    _copy_q3_downloads(tiny_root, project / "data" / "tiny")
    both = load_client("tiny", project, cache=False)
    assert _totals(both, *Q3) == pytest.approx(hand_q3, rel=1e-9, abs=0.011)
    assert any(r.path.parent.name == "sp_search_term" for r in both.reports)


def test_second_pull_asks_only_for_the_new_days(project, fake):
    _pull(project, fake)
    first = len(fake.created())
    later = dt.date(2026, 10, 11)
    result = _pull(project, fake, today=later, settings=_settings(fake, repull_days=14))
    asked = fake.created()[first:]
    ads = [(b["startDate"], b["endDate"]) for b in asked if "startDate" in b]
    # Q3 days were pulled on Oct 1, settled (>= 14 days after) up to Sep 17: Sep 18..30 are asked again
    assert set(ads) == {("2026-09-18", "2026-10-10")}
    by_asin = [b["dataStartTime"][:10] for b in asked if b.get("reportOptions", {}).get("asinGranularity") == "CHILD"]
    assert by_asin == ["2026-09-01", "2026-10-01"]
    assert not result.failed
    # a third pull the same day asks nothing new for settled days
    assert _pull(project, fake, since=Q3[0], today=later, settings=_settings(fake, repull_days=0)).requested == []


# -- a well-behaved client ---------------------------------------------------------------------------


def test_throttling_waits_retry_after(project, fake):
    fake.throttle["/reporting/reports"] = (2, 7)
    sleeps = Sleeps()
    result = _pull(project, fake, reports=("sp_search_term",), settings=_settings(fake, sleeps))
    assert not result.failed and len(result.written) == 3
    assert sleeps.count(7.0) == 2


def test_throttling_without_retry_after_backs_off_exponentially(project, fake):
    fake.throttle["/reports/2021-06-30/reports"] = (3, -1)  # Retry-After "-1": not a usable number
    sleeps = Sleeps()
    settings = _settings(fake, sleeps, backoff_seconds=1.0, backoff_max_seconds=60.0)
    result = _pull(project, fake, reports=("sales_traffic_date",), settings=settings)
    assert not result.failed
    waits = [s for s in sleeps if s > 0]
    assert len(waits) == 3 and waits[0] < waits[2] and all(w <= 60 for w in waits)


def test_expired_token_is_renewed_mid_pull(project, fake):
    fake.expire_tokens_after = 3  # every token dies after 3 authorised calls
    result = _pull(project, fake, reports=("sp_search_term", "sales_traffic_date"))
    assert not result.failed and len(result.written) == 6
    assert fake.tokens_issued > 2


def test_report_that_fails_then_succeeds(project, fake):
    fake.fail_first["spTargeting"] = 2
    fake.fail_first["GET_SALES_AND_TRAFFIC_REPORT"] = 1
    result = _pull(project, fake, reports=("sp_targeting", "sales_traffic_date"))
    assert not result.failed and len(result.written) == 6


def test_report_that_never_completes_is_named_once(project, fake):
    fake.never_complete.add("spAdvertisedProduct")
    settings = _settings(fake, max_polls=3, report_attempts=2)
    result = _pull(project, fake, reports=("sp_advertised_product", "sp_search_term"), settings=settings)
    assert len(result.written) == 3
    assert [f.split(" (")[0] for f in result.failed] == [
        "sp_advertised_product 2026-07-01..2026-07-31",
        "sp_advertised_product 2026-08-01..2026-08-31",
        "sp_advertised_product 2026-09-01..2026-09-30",
    ]
    assert len([b for b in fake.created("ads") if b["configuration"]["reportTypeId"] == "spAdvertisedProduct"]) == 6
    summary = result.summary()
    assert "\n" not in summary and "FAILED 3" in summary


def test_duplicate_request_polls_the_pending_report(project, fake):
    fake.polls_needed = 2
    # a request identical to ours is already queued at Amazon (e.g. from another tool)
    from helpers.pull.catalog import BY_KEY

    queued = fake._new_report("ads", "spSearchTerm", BY_KEY["sp_search_term"].ads_body(dt.date(2026, 7, 1), dt.date(2026, 7, 31)))
    result = _pull(project, fake, reports=("sp_search_term",))
    assert not result.failed and len(result.written) == 3
    assert queued.polls >= 2
    assert len(fake.created("ads")) == 3  # asked, got 425 for July, polled the queued one


def test_killed_pull_resumes_without_asking_again_or_duplicates(project, fake):
    fake.polls_needed = 10**6  # nothing completes: the first pull is "killed" while polling

    class Killed(Exception):
        pass

    def kill(seconds):
        raise Killed

    with pytest.raises(Killed):
        _pull(project, fake, reports=("sp_search_term",), settings=_settings(fake, kill))
    asked = len(fake.created())
    assert asked == 3
    manifest = json.loads((project / "data/tiny/api/.manifest.json").read_text())
    assert len(manifest["pending"]) == 3
    fake.polls_needed = 1
    result = _pull(project, fake, reports=("sp_search_term",))
    assert len(fake.created()) == asked  # polled the recorded ids, asked nothing again
    assert len(result.written) == 3
    assert sorted(p.name for p in (project / "data/tiny/api/sp_search_term").iterdir()) == [
        "2026-07-01_2026-07-31.json.gz", "2026-08-01_2026-08-31.json.gz", "2026-09-01_2026-09-30.json.gz",
    ]  # fmt: skip


def test_half_written_file_is_never_read(project, fake):
    _pull(project, fake, reports=("sp_search_term",))
    folder = project / "data/tiny/api/sp_search_term"
    good = load_client("tiny", project, cache=False).search_terms[C.SPEND].sum()
    # a temporary file left by a kill in the middle of a write
    (folder / ".2026-10-01_2026-10-05.json.gz.123.tmp").write_bytes(gzip.compress(b"[{")[:9])
    assert load_client("tiny", project, cache=False).search_terms[C.SPEND].sum() == pytest.approx(good)


# -- snapshots and account health ---------------------------------------------------------------------


def test_account_health_from_the_seller_performance_report(project, fake):
    result = _pull(project, fake, reports=("seller_performance", "all_listings"))
    assert not result.failed and len(result.written) == 2
    health = pulled_account_health("tiny", project)
    (snapshot,) = health.snapshots
    assert snapshot.date == TODAY
    assert snapshot.odr == pytest.approx(0.009)  # the worse of afn 0.31 % and mfn 0.9 %
    assert snapshot.late_shipment_rate == pytest.approx(0.013)
    assert snapshot.valid_tracking_rate == pytest.approx(0.9529)
    assert snapshot.pre_fulfillment_cancel_rate == pytest.approx(0.004)
    assert snapshot.policy_warnings == 3
    params = with_pulled_health(load_params("tiny", project), "tiny", project)
    assert params.account_health.snapshots == health.snapshots
    # a snapshot report is pulled once a day
    assert _pull(project, fake, reports=("seller_performance",)).requested == []
    listings = load_client("tiny", project, cache=False).listings
    assert listings["sku"].tolist() == ["AT-BTL-20-BLK"]


def test_report_the_account_lacks_is_noted_not_failed(project, fake):
    fake.unavailable.add("GET_BRAND_ANALYTICS_SEARCH_QUERY_PERFORMANCE_REPORT")
    result = _pull(project, fake, reports=("search_query_performance",))
    assert result.failed == [] and set(result.unavailable) == {"search_query_performance"}
    # refused once: the other months are not asked
    assert [b["reportOptions"]["reportPeriod"] for b in fake.created("sp")] == ["MONTH"]
    assert result.requested == [f"search_query_performance 2026-0{m}-01..2026-0{m}-{d}" for m, d in ((7, 31), (8, 31), (9, 30))]


# -- credentials -----------------------------------------------------------------------------------------


def _write_credentials(path: Path, mode: int) -> Path:
    path.write_text(
        f"ads: {{client_id: {fa.CLIENT_ID}, client_secret: {fa.CLIENT_SECRET}}}\n"
        f"sp: {{client_id: {fa.CLIENT_ID}, client_secret: {fa.CLIENT_SECRET}}}\n"
        f"clients:\n  tiny: {{ads_refresh_token: '{fa.REFRESH_TOKEN}', sp_refresh_token: '{fa.REFRESH_TOKEN}'}}\n",
        encoding="utf-8",
    )
    path.chmod(mode)
    return path


def test_credentials_file_readable_by_others_is_refused(tmp_path):
    path = _write_credentials(tmp_path / "credentials.yaml", 0o644)
    with pytest.raises(CredentialsError, match="0644") as caught:
        load_credentials("tiny", "ads", {"SHELFBOOK_CREDENTIALS": str(path)})
    assert fa.CLIENT_SECRET not in str(caught.value)
    path.chmod(0o600)
    credentials = load_credentials("tiny", "ads", {"SHELFBOOK_CREDENTIALS": str(path)})
    assert credentials.refresh_token.reveal() == fa.REFRESH_TOKEN
    assert fa.REFRESH_TOKEN not in repr(credentials) and fa.CLIENT_SECRET not in str(credentials)


def test_missing_credentials_name_the_variable_not_a_value(tmp_path):
    with pytest.raises(CredentialsError, match="SHELFBOOK_SP_REFRESH_TOKEN_TINY"):
        load_credentials("tiny", "sp", {"SHELFBOOK_CREDENTIALS": str(tmp_path / "none.yaml"),
                                        "SHELFBOOK_SP_CLIENT_ID": "x", "SHELFBOOK_SP_CLIENT_SECRET": "y"})  # fmt: skip


def test_refused_refresh_token_is_one_line_without_secrets(project, fake):
    env = {**fa.environment(fake, "tiny"), "SHELFBOOK_ADS_REFRESH_TOKEN_TINY": "Atzr|revoked-token-secret"}
    with pytest.raises(ShelfbookError) as caught:
        pull_client("tiny", root=project, since=Q3[0], today=TODAY, reports=("sp_search_term",),
                    settings=_settings(fake), environ=env)  # fmt: skip
    message = str(caught.value)
    assert "\n" not in message and "revoked-token-secret" not in message and fa.CLIENT_SECRET not in message


def _secrets_in(text: str) -> list[str]:
    return [s for s in (fa.CLIENT_SECRET, fa.REFRESH_TOKEN, "Atza|fake-access") if s in text]


def test_cli_pull_prints_no_secret_and_writes_none(project, fake, tmp_path):
    credentials = _write_credentials(tmp_path / "credentials.yaml", 0o600)
    env = {
        **os.environ,
        "SHELFBOOK_CREDENTIALS": str(credentials),
        "SHELFBOOK_LWA_URL": f"{fake.base}/auth/o2/token",
        "SHELFBOOK_ADS_URL": fake.base,
        "SHELFBOOK_SP_URL": fake.base,
        "SHELFBOOK_PULL_POLL_SECONDS": "0",
        "SHELFBOOK_ROOT": str(project),
    }
    fake.expire_tokens_after = 4
    fake.throttle["/reporting/reports"] = (1, 0)
    fake.fail_first["spTargeting"] = 100  # fails every attempt: named in the summary
    done = subprocess.run(
        [sys.executable, "-m", "helpers", "pull", "--client", "tiny", "--since", "2026-09-01",
         "--report", "sp_search_term", "--report", "sp_targeting", "--report", "seller_performance"],
        capture_output=True, text=True, env=env, cwd=PROJECT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "sp_targeting" in done.stderr and "FAILED" in done.stderr
    assert _secrets_in(done.stdout + done.stderr) == []
    for path in (project / "data").rglob("*"):
        if path.is_file():
            text = path.read_bytes()
            text = gzip.decompress(text) if text.startswith(b"\x1f\x8b") else text
            assert _secrets_in(text.decode("utf-8", "replace")) == [], path


def test_params_refuse_a_bad_profile_id(project):
    path = project / "params" / "tiny.yaml"
    path.write_text(path.read_text().replace(str(fa.PROFILE_ID), "not-a-number"))
    with pytest.raises(ShelfbookError, match="amazon_api.ads_profile_id"):
        load_params("tiny", project)


def test_credentials_file_mode_is_checked_before_it_is_read(tmp_path):
    path = _write_credentials(tmp_path / "c.yaml", 0o640)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    with pytest.raises(CredentialsError):
        load_credentials("tiny", "sp", {"SHELFBOOK_CREDENTIALS": str(path)})


def test_pull_all_pulls_every_connected_client_a_few_at_a_time(project, fake):
    text = (project / "params" / "tiny.yaml").read_text()
    (project / "params" / "tiny-two.yaml").write_text(text)
    (project / "params" / "offline.yaml").write_text(text.replace(IDS, "\n"))  # no Amazon ids: not pulled
    env = {
        **os.environ, **fa.environment(fake, "tiny"), **fa.environment(fake, "tiny-two"),
        "SHELFBOOK_ROOT": str(project), "SHELFBOOK_PULL_POLL_SECONDS": "0", "SHELFBOOK_PULL_PROGRESS": "0",
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "helpers", "pull", "--all", "--accounts", "2", "--since", "2026-11-01",
         "--report", "sp_search_term"],
        capture_output=True, text=True, env=env, cwd=PROJECT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(line.split(":")[0] for line in done.stdout.splitlines()) == ["tiny", "tiny-two"]
    for client in ("tiny", "tiny-two"):
        assert list((project / "data" / client / "api" / "sp_search_term").glob("*.json.gz"))
    assert not (project / "data" / "offline").exists()


def test_days_amazon_no_longer_serves_are_not_asked_and_said_so(project, fake):
    result = _pull(project, fake, reports=("sp_search_term",), since=dt.date(2026, 1, 1))
    assert result.requested[0] == "sp_search_term 2026-06-29..2026-07-29"  # 95 days back from Oct 1
    assert [note.split(":")[0] for note in result.notes] == ["sp_search_term"]
    assert {b["startDate"] for b in fake.created("ads")} >= {"2026-06-29"}


def test_reading_pulled_health_leaves_the_http_client_unimported():
    """Every QBR reads the pulled account health through ``helpers.pull``; only a pull needs httpx and
    tenacity (0.45 s of imports), and the package still offers ``pull_client`` on first use."""
    from helpers.paths import PROJECT_DIR

    code = (
        "import sys\n"
        "from helpers.pull import with_pulled_health\n"
        "before = sorted(m for m in ('httpx', 'tenacity', 'helpers.pull.pulling') if m in sys.modules)\n"
        "import helpers.pull\n"
        "print(before, helpers.pull.pull_client.__module__, 'httpx' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[] helpers.pull.pulling True"
