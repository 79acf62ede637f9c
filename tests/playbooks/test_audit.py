"""The onboarding audit: byte counting, the rule table and its per-client override, one evaluate(),
and no false alarm on a clean crafted project."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.errors import ParamsError
from helpers.measures import listings as lq
from helpers.params import parse_params
from helpers.playbooks import onboarding as audit

PARAMS = {"client_name": "Clean Co", "marketplace": "US", "currency": "USD"}


def test_backend_terms_are_counted_in_bytes_not_characters():
    assert lq.utf8_bytes("ab") == 2
    assert lq.utf8_bytes("größe") == 7 and len("größe") == 5  # umlauts 2 bytes
    assert lq.utf8_bytes("水筒") == 6  # CJK 3 bytes
    text = "wärme kälte größe " * 12 + "水筒 保冷"  # under 249 characters, over 249 bytes
    assert len(text) <= 249 < lq.utf8_bytes(text)
    assert lq.banned_characters("Best! Bottle? {new}") == 4


def _qa_measures(keywords: str) -> pd.DataFrame:
    flat = pd.DataFrame({"sku": ["A"], "title": ["Bottle"], "generic_keywords": [keywords], "parent_child": ["child"],
                         "main_image_url": ["u"], **{f"bullet_point{i}": ["b"] for i in range(1, 6)},
                         **{f"other_image_url{i}": ["u"] for i in range(1, 9)}})  # fmt: skip
    qa = lq.listing_qa(flat, pd.DataFrame(), None, None)
    return audit._long(qa, "listings", "sku", list(lq.QA_METRICS))


def test_search_terms_rule_fires_on_bytes():
    rules, params = audit.load_rules(), parse_params(PARAMS)
    non_ascii = "wärme kälte größe " * 12 + "水筒 保冷"
    found = audit.evaluate(_qa_measures(non_ascii), rules, params)
    assert list(found["check"]) == ["search_terms_over"]
    assert found.iloc[0]["value"] == len(non_ascii.encode("utf-8"))
    assert audit.evaluate(_qa_measures("a" * 249), rules, params).empty


def test_a_plus_is_one_finding_per_asin_not_per_sku():
    # an FBA SKU and its MFN twin are one ASIN: one A+ module, so one finding naming both SKUs
    qa = pd.DataFrame({"sku": ["SCK-M", "SCK-M-MFN", "SCK-L"], "asin": ["B0SOCKM001", "B0SOCKM001", "B0SOCKL001"],
                       "a_plus": [0.0, 0.0, 0.0], "title_chars": [300.0, 300.0, 50.0]})  # fmt: skip
    per_asin = audit._long(audit._per_asin(qa, ["a_plus"]), "listings", "sku", ["a_plus"])
    per_sku = audit._long(qa, "listings", "sku", ["title_chars"])
    found = audit.evaluate(pd.concat([per_asin, per_sku]), audit.load_rules(), parse_params(PARAMS))
    a_plus = found[found["check"] == "a_plus_missing"]
    assert sorted(a_plus["subject"]) == ["SCK-L", "SCK-M / SCK-M-MFN"]
    # a title is the offer's own: each SKU is judged
    assert sorted(found.loc[found["check"] == "title_too_long", "subject"]) == ["SCK-M", "SCK-M-MFN"]


def test_one_rule_table_bands_keep_the_worst():
    rules, params = audit.load_rules(), parse_params(PARAMS)
    measures = pd.DataFrame({"area": "account", "subject": "account", "metric": ["ahr", "odr"], "value": [80.0, 0.004]})
    found = audit.evaluate(measures, rules, params)
    assert list(found["check"]) == ["ahr_critical"]  # at-risk and critical both match; critical is kept
    assert found.iloc[0]["value"] == 80


def test_thresholds_from_params():
    rules = audit.load_rules()
    measures = pd.DataFrame({"area": "inventory", "subject": "account", "metric": ["ipi"], "value": [420.0]})
    assert audit.evaluate(measures, rules, parse_params(PARAMS)).empty  # default 400
    strict = parse_params({**PARAMS, "settings": {"ipi_threshold": 450}})
    assert list(audit.evaluate(measures, rules, strict)["check"]) == ["ipi_low"]


def test_threshold_overridden_per_client(tmp_path):
    override = tmp_path / "clean.checks.csv"
    override.write_text("check,threshold,severity\ntitle_too_long,80,amber\nbullets_missing,,\n", encoding="utf-8")
    rules = audit.load_rules(override).set_index("check")
    defaults = audit.load_rules().set_index("check")
    assert rules.loc["title_too_long", "threshold"] == "80" and rules.loc["title_too_long", "severity"] == "amber"
    assert rules.loc["bullets_missing", "threshold"] == defaults.loc["bullets_missing", "threshold"]
    measures = pd.DataFrame({"area": "listings", "subject": "A", "metric": ["title_chars"], "value": [120.0]})
    assert audit.evaluate(measures, defaults.reset_index(), parse_params(PARAMS)).empty
    found = audit.evaluate(measures, rules.reset_index(), parse_params(PARAMS))
    assert list(found["check"]) == ["title_too_long"] and found.iloc[0]["severity"] == "amber"


def test_a_check_can_be_switched_off(tmp_path):
    override = tmp_path / "x.checks.csv"
    override.write_text("check,enabled\ntitle_too_long,false\n", encoding="utf-8")
    measures = pd.DataFrame({"area": "listings", "subject": "A", "metric": ["title_chars"], "value": [250.0]})
    assert audit.evaluate(measures, audit.load_rules(override), parse_params(PARAMS)).empty


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("check,threshold\nno_such_check,1\n", "must be one of the default checks"),
        ("check,colour\ntitle_too_long,red\n", "column 'colour' must be one of"),
        ("check,severity\ntitle_too_long,purple\n", "checks severity must be one of red, amber"),
    ],
)
def test_bad_override_is_refused_with_the_file_named(tmp_path, text, message):
    override = tmp_path / "x.checks.csv"
    override.write_text(text, encoding="utf-8")
    with pytest.raises(ParamsError, match=message) as error:
        audit.load_rules(override)
    assert "x.checks.csv" in str(error.value)


# -- a clean crafted project: everything within thresholds ----------------------------------------------
CLEAN_PARAMS = """client_name: "Clean Co"
marketplace: US
currency: USD
economics: {price: 30.00, cogs: 8.00, fees: 9.00}
targets: {acos: 25%, tacos: 12%}
account_health:
  snapshots:
    - {date: 2026-09-01, odr: 0.2%, late_shipment_rate: 1%, pre_fulfillment_cancel_rate: 0.3%, valid_tracking_rate: 99%,
       on_time_delivery_rate: 97%, ahr: 260, ipi: 610, policy_warnings: 0}
    - {date: 2026-10-01, odr: 0.2%, late_shipment_rate: 0.9%, pre_fulfillment_cancel_rate: 0.2%, valid_tracking_rate: 99%,
       on_time_delivery_rate: 98%, ahr: 270, ipi: 620, policy_warnings: 0}
  a_plus_asins: [B0CLEAN001, B0CLEAN002]
"""
FLAT = ["item_sku", "item_name", "main_image_url", *[f"other_image_url{i}" for i in range(1, 9)], "parent_child",
        *[f"bullet_point{i}" for i in range(1, 6)], "generic_keywords"]  # fmt: skip
PLANNING = ["snapshot-date", "sku", "asin", "available", "inv-age-0-to-90-days", "inv-age-181-to-270-days",
            "units-shipped-t30", "sell-through", "weeks-of-cover-t30", "inbound-quantity", "Total Reserved Quantity",
            "unfulfillable-quantity", "Short term historical days of supply", "Long term historical days of supply"]
LISTINGS = ["item-name", "listing-id", "seller-sku", "price", "open-date", "asin1", "fulfillment-channel", "status"]


@pytest.fixture
def clean_root(tmp_path):
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "clean.yaml").write_text(CLEAN_PARAMS, encoding="utf-8")
    data = tmp_path / "data" / "clean"
    data.mkdir(parents=True)
    skus = {"CL-1": "B0CLEAN001", "CL-2": "B0CLEAN002"}
    rows = [["TemplateType=fptcustom"], ["Seller SKU"], FLAT]
    for sku in skus:
        values = {"item_sku": sku, "item_name": f"Clean Co Steel Bottle {sku}, 32 oz, Leak-Proof", "parent_child": "child",
                  "main_image_url": "https://x/m.jpg", "generic_keywords": "flask canteen thermos größe"}  # fmt: skip
        values |= {f"other_image_url{i}": f"https://x/{i}.jpg" for i in range(1, 7)}
        values |= {f"bullet_point{i}": f"Point {i}" for i in range(1, 6)}
        rows.append([values.get(h, "") for h in FLAT])
    (data / "Category Listings Report.txt").write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    lines = ["\t".join(LISTINGS)] + [
        "\t".join([f"Bottle {s}", f"L{s}", s, "30.00", "2025-01-02 08:00:00 PST", a, "AMAZON_NA", "Active"])
        for s, a in skus.items()
    ]
    (data / "All Listings Report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    stock = ['\t'.join(f'"{h}"' for h in PLANNING)] + [
        "\t".join(f'"{v}"' for v in ["2026-11-15", s, a, 200, 200, 0, 100, 1.8, 8.6, 50, 10, 0, 60, 64])
        for s, a in skus.items()
    ]
    (data / "FBA Inventory report.txt").write_text("\n".join(stock) + "\n", encoding="utf-8")
    return tmp_path


def test_clean_project_has_no_findings(clean_root):
    ctx = audit.prepare("clean", 60, clean_root)
    measures = audit.measurements(ctx)
    found = audit.findings(ctx, measures)
    assert found.empty, found[["check", "subject", "evidence"]].to_string()
    judged = audit.evaluated(measures, ctx.rules, ctx.params)
    # the clean project is actually judged, not silently empty
    assert {"odr_high", "odr_rising", "title_too_long", "search_terms_over", "stranded", "cover_low"} <= set(judged["check"])
    card = audit.scorecard(judged, found)
    assert card.set_index("area").loc[["account", "listings", "inventory"], "score"].eq(100).all()
    assert card.set_index("area").loc["advertising", "status"] == "no data"
    assert audit.action_plan(found, ctx.last_day).empty


def test_client_override_file_is_picked_up(clean_root):
    (clean_root / "params" / "clean.checks.csv").write_text("check,threshold\ntitle_too_long,30\n", encoding="utf-8")
    ctx = audit.prepare("clean", 60, clean_root)
    found = audit.findings(ctx, audit.measurements(ctx))
    assert set(found["check"]) == {"title_too_long"} and set(found["subject"]) == {"CL-1", "CL-2"}
    assert set(found["label"]) == {"Title longer than 30 characters"}  # the limit applied, not the default 200
    assert any("clean.checks.csv" in note for note in ctx.notes)
    assert any("clean.checks.csv" in note for note in audit.operator_notes(ctx))


# -- the 90-day plan follows severity, on the report's as-of date ----------------------------------------
def _finding(check, severity, phase, subject, impact=2, effort=2):
    return {"check": check, "area": "advertising", "subject": subject, "metric": check, "value": 1.5, "op": ">",
            "threshold_value": 1.0, "severity": severity, "unit": "ratio", "label": check, "why": "", "action": check,
            "phase": phase, "impact": impact, "effort": effort, "evidence": "1.50×"}


def test_red_findings_are_planned_first_whatever_their_rules_phase():
    import datetime as dt

    found = pd.DataFrame([
        _finding("acos_over_break_even", "red", "Optimization", "B0RED00001"),
        _finding("ctr_low", "amber", "Optimization", "B0AMB00001"),
        _finding("no_a_plus", "amber", "Amplification", "SKU-1"),
        _finding("ctr_low", "red", "Optimization", "B0RED00002"),
    ])  # fmt: skip
    plan = audit.action_plan(found, dt.date(2026, 11, 15)).set_index("check")
    # a check with any red finding is in the red phase, days 1-30 after the as-of date
    assert plan.loc["acos_over_break_even", "phase"] == plan.loc["ctr_low", "phase"] == audit.RED_PHASE
    assert plan.loc["acos_over_break_even", "start"] == dt.date(2026, 11, 16)
    assert plan.loc["acos_over_break_even", "end"] == dt.date(2026, 12, 15)
    assert plan.loc["ctr_low", "findings"] == "#2, #4" and plan.loc["ctr_low", "severity"] == "red"
    assert plan.loc["no_a_plus", "phase"] == "Amplification"
    assert plan.loc["no_a_plus", "start"] == dt.date(2027, 1, 15)  # day 61 after Nov 15
    assert list(plan.index) == ["acos_over_break_even", "ctr_low", "no_a_plus"]


def test_operator_notes_name_what_is_missing_first(clean_root):
    ctx = audit.prepare("clean", 60, clean_root)
    notes = audit.operator_notes(ctx)
    # the clean project has listings and inventory but no advertising or Business Report exports
    skipped = [n for n in notes if n.startswith("not in the data folder")]
    assert len(skipped) == 3 and notes[: len(skipped)] == skipped
    assert any("Advertised product report" in n for n in skipped) and any("Business Report" in n for n in skipped)
    assert not any("Category Listings" in n or "FBA Inventory" in n for n in skipped)


def test_an_empty_table_names_the_report_that_was_not_provided():
    from types import SimpleNamespace

    ctx = SimpleNamespace(data=SimpleNamespace(fba_inventory=pd.DataFrame(), advertised_products=pd.DataFrame({"sku": ["A"]})))
    assert audit.empty_table(ctx, "fba_inventory") == audit.NOT_PROVIDED["fba_inventory"]
    assert audit.empty_table(ctx, "advertised_products") is None  # rows, none in the table: the caption's "none"


def test_no_listing_is_called_the_weakest_without_sales_in_the_window():
    from datetime import date

    qa = pd.DataFrame({"sku": ["S1", "S2"], "asin": ["A1", "A2"], "search_terms_bytes": [10, 20]})
    window = (date(2026, 9, 1), date(2026, 10, 31))
    sold = pd.DataFrame({"start_date": pd.to_datetime(["2026-09-01", "2026-09-01"]),
                         "end_date": pd.to_datetime(["2026-09-30", "2026-09-30"]),
                         "child_asin": ["A1", "A2"], "units": [5.0, 9.0], "sessions": [100.0, 100.0]})
    assert lq.weakest_listing(qa, sold, window=window) == "S1"
    assert lq.weakest_listing(qa, sold.iloc[0:0], window=window) is None
    assert lq.weakest_listing(qa, sold.assign(start_date=pd.Timestamp("2025-01-01"),
                                              end_date=pd.Timestamp("2025-01-31")), window=window) is None


def test_qa_table_puts_listings_with_findings_first_and_leaves_out_columns_without_data():
    qa = pd.DataFrame({"sku": ["S1", "S2", "S3", "S4"], "title_chars": [80.0, 90.0, 250.0, 70.0],
                       "title_banned_chars": [0.0, 0.0, 0.0, 1.0], "bullet_count": float("nan"),
                       "search_terms_bytes": float("nan"), "search_terms_chars": float("nan"),
                       "main_image": float("nan"), "other_images": float("nan"), "a_plus": [1.0, 0.0, 1.0, 0.0],
                       "status": ["Active"] * 4})
    found = pd.DataFrame({"area": ["listings", "listings", "listings", "listings", "advertising"],
                          "subject": ["S2", "S3", "S4", "S4", "S1"],
                          "severity": ["amber", "red", "red", "amber", "red"]})
    table = lq.qa_display(qa, found)
    assert table["SKU"].tolist() == ["S4", "S3", "S2", "S1"]  # 1 red + 1 amber, 1 red, 1 amber, none
    assert table.columns.tolist() == ["SKU", "Title chars", "Banned chars", "A+", "Status"]
    assert table.loc[table["SKU"].eq("S3"), "Title chars"].item() == 250.0
    assert lq.qa_display(qa)["SKU"].tolist() == ["S1", "S2", "S3", "S4"]
