"""The UK (harbour, GBP) and German (bergwerk, EUR) demo clients: localised exports read back right.

Files are read back raw (xlsx XML, CSV bytes) for the marketplace's headers and formats, then through
the loaders, whose totals must equal the generator's ground truth — with the marketplace given and
without it (the file alone must settle currency, decimal comma and day-first dates).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from helpers import demo
from helpers.demo import brands, writers
from helpers.demo import catalog as cat
from helpers.loaders import read_report

PROFILES = ("harbour", "bergwerk")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for profile in PROFILES:
        folder = tmp_path_factory.mktemp(profile)
        demo.generate(profile, folder, profile=profile)
        out[profile] = folder
    return out


def _plan_file(kind: str, start: str) -> str:
    plan = demo.manifest()
    row = plan[(plan["kind"] == kind) & (plan["start_date"] == pd.Timestamp(start))]
    return str(row["file"].iloc[0])


def _sheet(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode("utf-8")


def _styles(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/styles.xml").decode("utf-8")


def _csv(path: Path, delimiter: str = ",") -> list[list[str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_generation_is_deterministic(written, tmp_path):
    for profile in PROFILES:
        again = demo.generate(profile, tmp_path / profile, profile=profile)
        for path in again:
            assert path.read_bytes() == (written[profile] / path.name).read_bytes(), (profile, path.name)


def test_profiles_are_their_own_brands():
    for profile in PROFILES:
        b = brands.brand(profile)
        catalogue = cat.catalog(profile)
        assert 8 <= len(catalogue.children) <= 12
        assert all(c.sku.startswith(b.sku_prefix + "-") for c in catalogue.children)
        assert all(c.title.startswith(b.short) for c in catalogue.children)
    truth = {p: demo.ground_truth(p) for p in PROFILES}
    assert all(t["date"].min() == pd.Timestamp(cat.START) and t["date"].max() == pd.Timestamp(cat.END)
               for t in truth.values())  # fmt: skip

    def quarter(p, q):
        t = truth[p]
        return t[t["date"].dt.to_period("Q") == pd.Period(q)][["sales", "spend"]].sum()

    # bergwerk shrinks quarter on quarter into 2026-Q3; harbour's TACoS is over its 10 % target
    assert quarter("bergwerk", "2026Q3")["sales"] < quarter("bergwerk", "2026Q2")["sales"]
    h = quarter("harbour", "2026Q3")
    assert h["spend"] / h["sales"] > float(brands.BRANDS["harbour"].targets[1].rstrip("%")) / 100
    sku, first, last = brands.BRANDS["bergwerk"].stockout
    asin = cat.catalog("bergwerk").child(sku).asin
    kids = demo.ground_truth_children("bergwerk")
    out = kids[(kids["child_asin"] == asin) & kids["date"].between(pd.Timestamp(first), pd.Timestamp(last))]
    assert len(out) == (last - first).days + 1 and out["units"].sum() == 0


def test_params_files_are_the_generators(written):
    root = Path(__file__).resolve().parents[2]
    for profile in PROFILES:
        assert (root / "params" / f"{profile}.yaml").read_text(encoding="utf-8") == demo.params_yaml(profile, profile)
        assert demo.DEMO_CLIENTS[profile] == profile


# -- raw layouts -----------------------------------------------------------------------------------


def test_uk_search_term_xlsx_is_variant_1c(written):
    path = written["harbour"] / _plan_file("str_xlsx", "2026-07-01")
    sheet = _sheet(path)
    assert "<t>7 Day Total Sales</t>" in sheet  # no trailing space in the UK file...
    assert "<t>7 Day Advertised SKU Sales</t>" in sheet
    assert '<t xml:space="preserve">Total Advertising Cost of Sales (ACOS) </t>' in sheet  # ... but ACOS keeps it
    assert "<t>GBP</t>" in sheet and "<t>USD</t>" not in sheet
    assert 'formatCode="[$£]#,##0.00;([$£]#,##0.00)"' in _styles(path)


def test_uk_business_reports_have_pounds_and_day_first_dates(written):
    rows = _csv(written["harbour"] / _plan_file("br_date", "2026-04-01"))
    assert rows[0] == list(writers.BR_DATE_HEADER)
    assert rows[1][0] == "01/04/26"  # 1 April 2026, DD/MM/YY
    assert rows[13][0] == "13/04/26"
    assert rows[1][1].startswith("£") and "$" not in "".join(rows[1])
    child = _csv(written["harbour"] / _plan_file("br_child", "2026-07-01"))
    assert child[0] == list(writers.BR_CHILD_HEADER_ENDASH)
    assert all(r[11].startswith("£") for r in child[1:])


def test_german_console_headers_and_values(written):
    sheet = _sheet(written["bergwerk"] / _plan_file("str_xlsx", "2026-07-01"))
    for header in ("Suchbegriff des Kunden", "Kampagnen-Name", "Klicks", "Impressionen", "Kosten pro Klick (CPC)",
                   "Klickrate (CTR)", "7 Tage, Umsatz gesamt (€)", "7-Tage-Konversionsrate", "Währung"):
        assert f"<t>{header}</t>" in sheet, header  # fmt: skip
    assert '<t xml:space="preserve">Zugeschriebene Umsatzkosten (ACOS) gesamt </t>' in sheet
    assert "Customer Search Term" not in sheet and "<t>EUR</t>" in sheet
    assert "<t>GENAU</t>" in sheet and "<t>EXACT</t>" not in sheet


def test_german_business_reports(written):
    child = _csv(written["bergwerk"] / _plan_file("br_child", "2026-07-01"))
    assert child[0][:4] == ["(Übergeordnete) ASIN", "(Untergeordnete) ASIN", "Titel", "SKU"]
    assert "Durch bestellte Produkte erzielter Umsatz" in child[0] and "Sitzungen – Summe" in child[0]
    sales = [r[child[0].index("Durch bestellte Produkte erzielter Umsatz")] for r in child[1:]]
    assert all(s.endswith(" €") and "," in s for s in sales)
    assert any("." in s for s in sales)  # thousands dot: 1.234,56 €
    by_date = _csv(written["bergwerk"] / _plan_file("br_date", "2026-07-01"), delimiter=";")
    assert by_date[0][0] == "Datum" and by_date[1][0] == "01.07.2026" and by_date[31][0] == "31.07.2026"
    assert by_date[1][1].endswith(" €")


# -- loaders read them back --------------------------------------------------------------------------


@pytest.mark.parametrize("marketplace", [True, False], ids=["marketplace", "file-alone"])
@pytest.mark.parametrize("profile", PROFILES)
def test_loaders_match_ground_truth(written, profile, marketplace):
    b = brands.brand(profile)
    market = b.marketplace if marketplace else None
    truth = demo.ground_truth(profile).set_index("date")
    plan = demo.manifest()
    days = []
    for job in plan[plan["kind"] == "br_date"].itertuples():
        report = read_report(written[profile] / job.file, marketplace=market)
        assert report.report == "business_report_date" and report.currency == b.currency
        assert (report.start, report.end) == (job.start_date.date(), job.end_date.date())
        days.append(report.frame)
    frame = pd.concat(days).set_index("start_date").sort_index()
    assert list(frame.index) == list(truth.index)  # day-first dates: 01/04/26 is 1 April
    for name in ("sales", "units", "sessions", "page_views", "order_items"):
        assert frame[name].round(2).tolist() == truth[name].round(2).tolist(), name
    # one month of the legacy search term xlsx and the new-console csv
    for kind, start, end in (("str_xlsx", "2026-07-01", "2026-07-31"), ("str_csv", "2026-11-01", "2026-11-15")):
        report = read_report(written[profile] / _plan_file(kind, start), marketplace=market)
        assert report.report == "sp_search_terms" and report.currency == b.currency and report.window_days == 7
        want = truth.loc[start:end]
        got = report.totals()
        for name, col in (("impressions", "impressions"), ("clicks", "clicks"), ("spend", "spend"),
                          ("sales", "ad_sales"), ("orders", "ad_orders")):
            assert got[name] == pytest.approx(want[col].sum(), abs=0.005), (kind, name)  # fmt: skip
    # by-child: money with a decimal comma / pound sign sums to the month's truth
    child = read_report(written[profile] / _plan_file("br_child", "2026-07-01"), marketplace=market)
    assert child.currency == b.currency
    july = truth.loc["2026-07-01":"2026-07-31"]
    assert child.totals()["sales"] == pytest.approx(july["sales"].sum(), abs=0.005)
    assert child.frame["buy_box_pct"].between(0, 1).all()
