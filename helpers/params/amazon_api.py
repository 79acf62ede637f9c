"""The client's Amazon account ids for ``make pull`` (non-secret: credentials never go in params)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from helpers.params._fields import Section, _choice, _refuse

# -- Amazon API ids (make pull; helpers.pull) --------------------------------------------------------
#: Selling Partner marketplace ids (the Ads profile's ``marketplaceStringId`` uses the same values)
#: and the API region serving each marketplace (amazon-apis.md §1 and §4).
MARKETPLACE_IDS = {
    "US": "ATVPDKIKX0DER", "CA": "A2EUQ1WTGCTBG2", "MX": "A1AM78C64UM0Y8", "BR": "A2Q3Y263D00KWC",
    "UK": "A1F83G8C2ARO7P", "DE": "A1PA6795UKMFR9", "FR": "A13V1IB3VIYZZH", "IT": "APJ6JRA9NG5V4",
    "ES": "A1RKKUPIHCS9HS", "NL": "A1805IZSGTT6HS", "SE": "A2NODRKZP88ZB9", "PL": "A1C3SOZRARQ6R3",
    "BE": "AMEN7PMS3EDWL", "JP": "A1VC38T7YXB528", "IN": "A21TJRUUN4KGV", "AU": "A39IBJ37TRP1C6",
    "AE": "A2VIGQ35RCS4UG", "SA": "A17E79C6D8DWNP", "SG": "A19VAU5U5O7RUS", "TR": "A33AVAJ2PDY3EV",
    "EG": "ARBP9OOSHTCHU",
}  # fmt: skip
API_REGIONS = ("NA", "EU", "FE")
_MARKETPLACE_REGION = {"US": "NA", "CA": "NA", "MX": "NA", "BR": "NA", "JP": "FE", "AU": "FE", "SG": "FE"}


def marketplace_region(marketplace: str) -> str:
    """The API region (NA, EU, FE) serving a marketplace code.

    >>> marketplace_region("US"), marketplace_region("DE"), marketplace_region("JP")
    ('NA', 'EU', 'FE')
    """
    return _MARKETPLACE_REGION.get(marketplace, "EU")


def _profile_id(value: Any) -> Any:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    _refuse("an Amazon Ads profile id (a whole number such as 3456789012345678) or null", value)


def _seller_id(value: Any) -> Any:
    if value is None or (isinstance(value, str) and re.fullmatch(r"[A-Z0-9]{8,20}", value.strip())):
        return value.strip() if isinstance(value, str) else value
    _refuse("a Seller Central merchant token of capital letters and digits (e.g. A2ABCDEF123456) or null", value)


def _marketplace_id(value: Any) -> Any:
    if value is None or (isinstance(value, str) and re.fullmatch(r"A[A-Z0-9]{6,20}", value.strip())):
        return value.strip() if isinstance(value, str) else value
    _refuse("a marketplace id such as ATVPDKIKX0DER, or null for the one of `marketplace`", value)


class AmazonApi(Section):
    """Non-secret ids of the client's accounts, for ``make pull`` (credentials never go here).

    ``ads_profile_id`` is the Amazon Ads profile (``GET /v2/profiles``); ``seller_id`` the Seller
    Central merchant token. Either may be null: that API is then not pulled. ``marketplace_id`` and
    ``region`` default to those of the params ``marketplace``.
    """

    ads_profile_id: Annotated[int | None, BeforeValidator(_profile_id)] = Field(None, description="Amazon Ads profile id")
    seller_id: Annotated[str | None, BeforeValidator(_seller_id)] = Field(None, description="Seller Central merchant token")
    marketplace_id: Annotated[str | None, BeforeValidator(_marketplace_id)] = Field(
        None, description="SP-API marketplace id; null = the one of `marketplace`"
    )
    region: Annotated[str | None, BeforeValidator(lambda v: v if v is None else _choice(API_REGIONS)(v))] = Field(
        None, description="API region NA, EU or FE; null = the one of `marketplace`"
    )
