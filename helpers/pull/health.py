"""Account health from the pulled seller performance report, in the shape of the params section.

``GET_V2_SELLER_PERFORMANCE_REPORT`` (amazon-apis.md §4) holds ``performanceMetrics`` (a list per
marketplace, or one object) whose metrics are ``{reportingDateRange, rate, status, targetValue}``;
the order defect rate is split into ``afn`` (FBA) and ``mfn`` (seller-fulfilled) halves. One
snapshot per stored report, dated the day it was pulled (the day the page would have been read):

- ``odr`` = the higher of the afn and mfn ``orderDefectRate.rate`` (the page warns on either);
- ``late_shipment_rate``, ``pre_fulfillment_cancel_rate``, ``valid_tracking_rate``,
  ``on_time_delivery_rate`` = the metric's ``rate`` (fractions, as in Amazon's examples);
- ``policy_warnings`` = the sum of ``defectsCount`` over the policy metrics that carry one;
- ``ahr`` and ``ipi`` stay empty: the report gives the rating's status, not its score.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from helpers.loaders.api_files import read_document
from helpers.params import AccountHealth, HealthSnapshot, Params
from helpers.paths import data_dir

_RATES = {
    "late_shipment_rate": ("lateShipmentRate",),
    "pre_fulfillment_cancel_rate": ("preFulfillmentCancellationRate", "prefulfillmentCancelRate"),
    "valid_tracking_rate": ("validTrackingRate",),
    "on_time_delivery_rate": ("onTimeDeliveryRate",),
}


def _rate(metric: Any) -> float | None:
    if isinstance(metric, dict):
        value = metric.get("rate")
        if isinstance(value, int | float) and 0 <= value <= 1:
            return float(value)
    return None


def _metrics(document: dict[str, Any], marketplace_id: str | None) -> dict[str, Any]:
    metrics = document.get("performanceMetrics") or {}
    if isinstance(metrics, list):
        mine = [m for m in metrics if isinstance(m, dict) and (marketplace_id is None or m.get("marketplaceId") == marketplace_id)]
        metrics = mine[0] if mine else (metrics[0] if metrics and isinstance(metrics[0], dict) else {})
    return metrics if isinstance(metrics, dict) else {}


def health_snapshot(document: dict[str, Any], day: dt.date, marketplace_id: str | None = None) -> HealthSnapshot:
    """One :class:`~helpers.params.HealthSnapshot` from a seller performance report (see the module doc)."""
    metrics = _metrics(document, marketplace_id)
    values: dict[str, Any] = {"date": day.isoformat()}
    odr = metrics.get("orderDefectRate") or {}
    rates = [r for r in (_rate(odr.get(part)) for part in ("afn", "mfn")) if r is not None] if isinstance(odr, dict) else []
    if _rate(odr) is not None:
        rates.append(_rate(odr))  # type: ignore[arg-type]
    values["odr"] = max(rates) if rates else None
    for field, keys in _RATES.items():
        values[field] = next((r for r in (_rate(metrics.get(k)) for k in keys) if r is not None), None)
    counts = [
        m["defectsCount"]
        for m in metrics.values()
        if isinstance(m, dict) and isinstance(m.get("defectsCount"), int) and "rate" not in m
    ]
    values["policy_warnings"] = sum(counts) if counts else None
    return HealthSnapshot.model_validate(values, strict=False)


def pulled_account_health(client: str, root: str | Path | None = None, *, marketplace_id: str | None = None) -> AccountHealth | None:
    """:class:`~helpers.params.AccountHealth` from every stored seller performance report of
    ``client`` (one snapshot per day pulled, the last of a day wins), or None when none is stored."""
    folder = data_dir(client, root) / "api" / "seller_performance"
    snapshots: dict[dt.date, HealthSnapshot] = {}
    for path in sorted(folder.glob("*.json.gz")) if folder.is_dir() else []:
        day = dt.date.fromisoformat(path.name[:10])
        try:
            document = json.loads(read_document(path))
        except ValueError:
            continue
        if isinstance(document, dict):
            snapshots[day] = health_snapshot(document, day, marketplace_id)
    if not snapshots:
        return None
    return AccountHealth(snapshots=tuple(snapshots[d] for d in sorted(snapshots)))


def with_pulled_health(params: Params, client: str, root: str | Path | None = None) -> Params:
    """``params`` whose ``account_health.snapshots`` are the pulled ones when any report is stored
    (the hand-written snapshots otherwise); ``a_plus_asins`` is kept from the params file."""
    pulled = pulled_account_health(client, root, marketplace_id=params.amazon_api.marketplace_id)
    if pulled is None:
        return params
    health = params.account_health.model_copy(update={"snapshots": pulled.snapshots})
    return params.model_copy(update={"account_health": health})
