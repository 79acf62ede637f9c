"""Stock signals from the ads: advertised ASINs whose ads stopped serving mid-quarter."""

from __future__ import annotations

import pandas as pd

from helpers import columns as c
from helpers.periods import Quarter

STOCK_COLUMNS = [c.ADVERTISED_ASIN, "first_day", "last_day", "days"]


def stock_signals(advertised_products: pd.DataFrame | None, quarter: Quarter, *, min_days: int = 5) -> pd.DataFrame:
    """Likely stock-outs in the quarter: advertised ASINs whose ads stopped serving (no impressions)
    for ``min_days``+ consecutive days while serving before and after — Amazon stops ads on
    out-of-stock offers. Columns: advertised_asin, first_day, last_day, days."""
    frame = advertised_products
    if frame is None or frame.empty or c.ADVERTISED_ASIN not in frame:
        return pd.DataFrame(columns=STOCK_COLUMNS)
    daily = frame[frame[c.START_DATE] == frame[c.END_DATE]]
    served = daily[daily[c.IMPRESSIONS].fillna(0) > 0].groupby([c.ADVERTISED_ASIN, c.START_DATE]).size()
    q_days = pd.date_range(quarter.start, quarter.end, freq="D")
    rows = []
    for asin, days in served.groupby(level=0):
        on = set(days.index.get_level_values(1))
        if not on:
            continue
        first_seen, last_seen = min(on), max(on)
        run: list[pd.Timestamp] = []
        for day in q_days:
            if first_seen < day < last_seen and day not in on:
                run.append(day)
                continue
            if len(run) >= min_days:
                rows.append((asin, run[0], run[-1], len(run)))
            run = []
        if len(run) >= min_days:
            rows.append((asin, run[0], run[-1], len(run)))
    return pd.DataFrame(rows, columns=STOCK_COLUMNS)
