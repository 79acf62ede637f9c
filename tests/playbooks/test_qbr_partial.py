"""The QBR builds for clients with fewer exports: the tiny fixture client with files deleted
(issue 14 §1). Each section that lost its exports says one neutral sentence or is left out, the
operator notes name the download that would fill it, and the rest is built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.notebook

#: client shape -> (glob patterns of files deleted from data/tiny, period, sections expected missing)
MATRIX = {
    "search_terms_only": (
        ("BusinessReport-*", "Sponsored Products Advertised*", "Sponsored Products Targeting*", "*Inventory*",
         "Restock*"),
        None, {"sales", "products", "stock"},
    ),
    "business_only": (("Sponsored Products*",), None, {"advertising", "search_terms"}),
    "no_inventory": (("*Inventory*", "Restock*"), None, set()),
    "no_previous_quarter": ((), "2025-Q1", set()),
    "no_year_ago_quarter": ((), "2025-Q3", set()),
}


def _client(tiny_root: Path, tmp_path: Path, patterns: tuple[str, ...]) -> Path:
    root = tmp_path / "project"
    shutil.copytree(tiny_root, root, ignore=shutil.ignore_patterns("reports"))
    for pattern in patterns:
        for path in (root / "data" / "tiny").glob(pattern):
            path.unlink()
    return root


@pytest.mark.parametrize("shape", sorted(MATRIX))
def test_partial_client_builds(shape, tiny_root, tmp_path):
    from helpers.run.runner import run_playbook

    patterns, period, missing = MATRIX[shape]
    root = _client(tiny_root, tmp_path, patterns)
    result = run_playbook("qbr", "tiny", root=root, period=period, log=lambda _msg: None)
    assert result.status == "built"
    records = result.records
    sections = records["sections"]
    assert {name for name, present in sections.items() if not present} == missing
    notes = records["operator_notes"]
    assert all(isinstance(n, str) for n in notes)
    for section in missing:  # each missing section's download is named for the operator
        assert any(n.startswith(f"{section}:") for n in notes)
    kpis = records["kpis"]
    findings = {f["id"]: f for f in records["findings"]}
    if "sales" in missing:
        assert kpis["total_sales"]["current"] is None
        assert not any(fid.startswith("sales_change:") for fid in findings)
    else:
        assert kpis["total_sales"]["current"] > 0
    if "advertising" in missing:
        assert kpis["ad_spend"]["current"] is None
        assert records["negatives_count"] == 0
    if shape == "no_previous_quarter":
        assert kpis["total_sales"]["previous"] is None
        assert "sales_change:qoq" not in findings and "acos_change:account" not in findings
        assert any(n.startswith("Last quarter") for n in notes)
    if shape == "no_year_ago_quarter":
        assert kpis["total_sales"]["year_ago"] is None and kpis["total_sales"]["previous"] is not None
        assert "sales_change:qoq" in findings and "sales_change:yoy" not in findings
        assert any(n.startswith("The same quarter last year") for n in notes)
    pdf_text = _pdf_text(next(p for p in result.outputs if p.suffix == ".pdf"))
    assert "None" not in pdf_text and "nan" not in pdf_text.split()


def _pdf_text(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
