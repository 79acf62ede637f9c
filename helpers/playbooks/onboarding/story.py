"""The sentences the client reads, built from the findings and the scorecard."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.playbooks.onboarding.context import AuditContext
from helpers.playbooks.onboarding.findings import overall_score, subject_text
from helpers.playbooks.onboarding.rules import PHASE_WINDOWS, RED_PHASE
from helpers.present.formatting import count, number

#: What a table says to the client when the report behind it was not provided (the operator notes
#: name the download).
NOT_PROVIDED = {
    "fba_inventory": "No FBA inventory report was provided, so inventory was not checked.",
    "advertised_products": "No advertised product report was provided, so ASIN-level CTR and ACoS were not checked.",
    "listings": "No listings report was provided, so listings were not checked.",
    "targeting": "No Sponsored Products targeting or search term report was provided, so advertising was not "
    "checked.",
}


#: What the audit says where a section has nothing to show (the client's copy; the operator notes
#: name the downloads).
NO_READINGS = "No Account Health readings were provided, so account health was not judged."
#: Listings the QA table shows (those with findings first): a big catalogue's full list would run to
#: pages; every failing listing is in the findings table whatever its place here.
QA_ROWS = 30
NO_DIAGNOSTIC = "No listing with sales data to compare was provided, so no listing was diagnosed."


def empty_table(ctx: AuditContext, report: str, *also: str) -> str | None:
    """What an empty table of ``report``'s rows (or of ``also``'s: the listing checks read the
    listings or the category listings) says: that none of them was provided, else None (there
    were rows, none in the table: :func:`helpers.present.tables.show` says its caption and "none")."""
    provided = [getattr(ctx.data, name, None) for name in (report, *also)]
    return NOT_PROVIDED[report] if all(frame is None or frame.empty for frame in provided) else None


def low_inventory_note(ctx: AuditContext) -> str:
    """The inventory section's note for the client, with the low-inventory limit in days."""
    return (
        "Stranded means units at an Amazon warehouse whose offer is not active. Amazon charges the "
        "low-inventory-level fee when both the short- and long-term historical days of supply are under "
        f"{number(ctx.params.settings.low_inventory_days)} days."
    )


def headlines(ctx: AuditContext, card: pd.DataFrame, found: pd.DataFrame) -> list[str]:
    """Executive-summary sentences: overall score, worst area, red findings count, first action."""
    overall = overall_score(card)
    if np.isnan(overall) and found.empty:  # nothing judged: no count of zero findings, no plan to speak of
        return ["No area could be scored: the exports provided hold none of the data the audit's checks need."]
    lines = [
        f"Overall audit score {overall:.0f} / 100 across {_areas(int((card['checks'] > 0).sum()))}, "
        f"data through {ctx.last_day:%B %-d, %Y}." if not np.isnan(overall) else "No area could be scored.",
    ]
    judged = card[card["score"].notna()]
    if not judged.empty:
        worst = judged.sort_values("score", kind="stable").iloc[0]
        lines.append(f"Weakest area: {worst['area_label']} ({worst['score']:.0f} / 100, {worst['status']}).")
    reds = found[found["severity"] == "red"]
    first, last = PHASE_WINDOWS[RED_PHASE]
    lines.append(
        f"{count(len(reds))} red and {count((found['severity'] == 'amber').sum())} amber findings; red ones are fixed in "
        f"days {first}–{last} of the plan, before any budget is raised."
    )
    if not reds.empty:
        top = reds.iloc[0]
        evidence = "" if top["unit"] == "flag" else f": {top['evidence']}"  # a yes/no finding's label says it all
        lines.append(f"First fix: {_in_sentence(top['label'])} ({subject_text(top['subject'])}{evidence}).")
    return lines


def _in_sentence(label: str) -> str:
    """A label inside a sentence: its first letter lower-cased unless the first word is an acronym
    (``ACoS above break-even`` stays, ``Title longer than 200 characters`` → ``title longer …``).

    >>> _in_sentence("ACoS above break-even"), _in_sentence("No A+ content")
    ('ACoS above break-even', 'no A+ content')
    """
    word = label.split(" ", 1)[0]
    return label if any(ch.isupper() for ch in word[1:]) else label[:1].lower() + label[1:]


def _areas(n: int) -> str:
    return f"{count(n)} area" if n == 1 else f"{count(n)} areas"
