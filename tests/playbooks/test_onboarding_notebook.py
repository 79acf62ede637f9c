"""The onboarding audit notebook against the tiny fixture client: every problem planted by the demo
generator is found (via the recorded findings), and the report is written."""

from __future__ import annotations

import pytest

from helpers.demo import catalog, onboarding
from helpers.measures.listings import utf8_bytes

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def tiny_audit(tiny_root):
    from helpers.run.runner import run_playbook

    return run_playbook("onboarding", "tiny", root=tiny_root, force=True, log=lambda _msg: None)


def _found(result, check):
    return {f["subject"]: f for f in result.records["findings"] if f["check"] == check}


def test_outputs_are_written(tiny_audit):
    assert tiny_audit.status == "built", tiny_audit.reason
    notes = ["notes.md"] if tiny_audit.records.get("operator_notes") else []
    assert sorted(p.name for p in tiny_audit.outputs) == sorted([
        "onboarding.html", "onboarding.ipynb", "onboarding.json", "onboarding.pdf", *notes
    ])
    assert tiny_audit.records["report_key"] == f"audit-{catalog.END.isoformat()}"
    assert all(p.parent.name == tiny_audit.records["report_key"] for p in tiny_audit.outputs)
    assert tiny_audit.pages and tiny_audit.pages >= 6


def test_long_title_found(tiny_audit):
    found = _found(tiny_audit, "title_too_long")
    child = catalog.catalog("tiny").child(onboarding.LONG_TITLE_SKU)
    assert set(found) == {onboarding.LONG_TITLE_SKU}
    assert found[onboarding.LONG_TITLE_SKU]["value"] == len(onboarding.title_of(child)) > 200


def test_backend_terms_over_249_bytes_found(tiny_audit):
    found = _found(tiny_audit, "search_terms_over")
    assert set(found) == {onboarding.KEYWORDS_SKU}
    assert found[onboarding.KEYWORDS_SKU]["value"] == utf8_bytes(onboarding.STUFFED_KEYWORDS) > 249
    qa = {row["sku"]: row for row in tiny_audit.records["listing_qa"]}[onboarding.KEYWORDS_SKU]
    assert qa["search_terms_chars"] <= 249 < qa["search_terms_bytes"]  # bytes, not characters


def test_stranded_sku_found(tiny_audit):
    assert set(_found(tiny_audit, "stranded")) == {onboarding.STRANDED_SKU}
    assert onboarding.STRANDED_SKU in _found(tiny_audit, "listing_inactive")
    assert set(_found(tiny_audit, "aged_181")) == {onboarding.AGED_SKU}
    assert _found(tiny_audit, "aged_181")[onboarding.AGED_SKU]["value"] == onboarding.AGED_UNITS


def test_odr_creeping_up_found(tiny_audit):
    found = _found(tiny_audit, "odr_rising")["account"]
    first, last = (float(v.rstrip("%")) / 100 for _, v in (onboarding.ODR_SNAPSHOTS[0], onboarding.ODR_SNAPSHOTS[-1]))
    assert found["value"] == pytest.approx(last - first)
    assert not _found(tiny_audit, "odr_high")  # still under 1 %: the trend is the warning


def test_scores_and_plan(tiny_audit):
    scores = tiny_audit.records["scores"]
    assert set(scores) == {"account", "listings", "inventory", "advertising"}
    assert all(0 <= s["score"] <= 100 for s in scores.values())
    assert scores["listings"]["status"] in ("red", "amber")
    plan = tiny_audit.records["plan"]
    phases = [step["phase"] for step in plan]
    order = {"Foundation": 0, "Optimization": 1, "Amplification": 2}
    assert phases == sorted(phases, key=order.get) and phases[0] == "Foundation"
    numbers = {n for step in plan for n in step["findings"].split(", ")}
    assert numbers == {f"#{i}" for i in range(1, len(tiny_audit.records["findings"]) + 1)}
    assert tiny_audit.records["no_sales_sku"]


def test_red_findings_are_planned_in_the_first_30_days_after_the_data(tiny_audit):
    import datetime as dt

    findings = tiny_audit.records["findings"]
    red_checks = {f["check"] for f in findings if f["severity"] == "red"}
    assert red_checks, "the tiny client has red findings to plan"
    plan = {step["check"]: step for step in tiny_audit.records["plan"]}
    as_of = catalog.END
    for check in red_checks:
        assert plan[check]["severity"] == "red"
        assert dt.date.fromisoformat(plan[check]["start"]) == as_of + dt.timedelta(days=1)
        assert dt.date.fromisoformat(plan[check]["end"]) == as_of + dt.timedelta(days=30)
    later = [step for step in plan.values() if step["check"] not in red_checks]
    assert all(dt.date.fromisoformat(step["start"]) > as_of + dt.timedelta(days=30) or step["phase"] == "Foundation"
               for step in later)


def test_an_audit_of_an_ads_only_vendor_says_once_what_it_could_not_judge(tiny_root, tmp_path):
    """A vendor's folder of Amazon Ads reports only: each section without data says so in one
    sentence (no empty table, no footnote to it, no diagnostic of a listing called "—"), the summary
    counts "1 area", and the operator is not told to download Seller Central reports."""
    import shutil
    import subprocess

    from helpers.playbooks import onboarding as audit
    from helpers.playbooks.onboarding.context import VENDOR_NOTE
    from helpers.run.runner import run_playbook

    root = tmp_path / "project"
    shutil.copytree(tiny_root, root, ignore=shutil.ignore_patterns("reports"))
    for path in (root / "data" / "tiny").iterdir():
        if not path.name.startswith("Sponsored Products"):
            path.unlink()
    params = root / "params" / "tiny.yaml"
    text = params.read_text().replace("account_type: seller", "account_type: vendor")
    start = text.index("  snapshots:\n")  # a vendor has no Seller Central Account Health readings
    text = text[:start] + "  snapshots: []\n" + text[text.index("  a_plus_asins:"):]
    params.write_text(text)
    assert "account_type: vendor" in text and "odr:" not in text

    result = run_playbook("onboarding", "tiny", root=root, force=True, log=lambda _msg: None)
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    for sentence in (audit.NO_READINGS, audit.NOT_PROVIDED["listings"], audit.NO_DIAGNOSTIC, audit.NOT_PROVIDED["fba_inventory"]):
        assert text.count(sentence) == 1, sentence
    assert "diagnostic path for" not in text and "Readings as shown" not in text and "counted in bytes" not in text
    assert "across 1 area," in text
    notes = result.records["operator_notes"]
    assert notes.count(VENDOR_NOTE) == 1
    assert not any("Business Report" in n or "Account Health readings" in n for n in notes if n != VENDOR_NOTE)


def test_an_audit_of_a_folder_with_only_an_undated_child_report_is_built_and_claims_nothing(tiny_root, tmp_path):
    """The real by-child Business Report alone (no dates, no listings, no ads) gives an audit, not
    'must contain ... Business Report ... found none': each section says what was not provided, the
    summary says no area could be scored (no '0 red and 0 amber findings'), the advertising section
    is one sentence (no row of dashes) and the cover does not call the report date the data's."""
    import shutil
    import subprocess

    from helpers.playbooks import onboarding as audit
    from helpers.run.runner import run_playbook
    from tests.conftest import SAMPLES

    root = tmp_path / "project"
    shutil.copytree(tiny_root, root, ignore=shutil.ignore_patterns("reports"))
    for path in (root / "data" / "tiny").iterdir():
        path.unlink()
    shutil.copy(SAMPLES / "business-report-child-us-2019.csv", root / "data" / "tiny")
    params = root / "params" / "tiny.yaml"
    text = params.read_text()
    params.write_text(text[:text.index("  snapshots:\n")] + "  snapshots: []\n" + text[text.index("  a_plus_asins:"):])
    result = run_playbook("onboarding", "tiny", root=root, force=True, log=lambda _msg: None)
    assert result.status == "built"
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    for sentence in (audit.NOT_PROVIDED["targeting"], audit.NOT_PROVIDED["listings"], audit.NO_DIAGNOSTIC, audit.NO_READINGS,
                     "No area could be scored: the exports provided hold none of the data the audit's checks need.",
                     "none of the exports provided is dated"):
        assert text.count(sentence) == 1, sentence
    assert "0 red and 0 amber" not in text and "Sponsored Products over the last" not in text
    assert "Data through" not in text
