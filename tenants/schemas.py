from typing import TYPE_CHECKING, Any, Literal

from ninja import Field, Schema
from pydantic import field_validator

from api.schemas import NonBlankStr
from platform_services.catalog.models import FEATURE_NAME_RE
from tenants.timezone import common_timezones, zone_named

if TYPE_CHECKING:
    from platform_services.catalog.models import Feature
    from tenants.models import Client
    from tenants.selectors import FeatureCatalogue


# tenants.models.ResponseProfile's values.
ResponseProfileName = Literal["contract", "ai_linc"]

TIMEZONE_DESCRIPTION = (
    "IANA time zone of the client's days (e.g. `Asia/Kolkata`, `Europe/Berlin`; default `UTC`): "
    "every figure bucketed by day counts in it (docs/timezones.md)."
)


def _timezone_check(value: str | None) -> str | None:
    """An IANA name zoneinfo knows (a 400 naming ``timezone`` otherwise)."""
    if value is None:
        return value
    try:
        zone_named(value)
    except ValueError as exc:
        raise ValueError("Unknown time zone: use an IANA name such as 'Asia/Kolkata' or 'UTC'.") from exc
    return value


class FeatureOut(Schema):
    """A feature as every listing shows it: ``name`` is the machine key the portals gate
    their navigation on (``course``, ``admin_emails``), ``label`` the display text."""

    id: int
    name: str
    label: str


class FeatureDetailOut(FeatureOut):
    """A catalogue row as platform admins manage it."""

    is_active: bool
    is_default: bool


class FeatureCatalogueOut(Schema):
    """Response profile ``ai_linc`` (of the public client: the route names no client): the
    catalogue in the super-admin portal's envelope."""

    total_features: int
    features: list[FeatureDetailOut]

    @staticmethod
    def resolve_total_features(obj: "FeatureCatalogue") -> int:
        return len(obj.features)


class FeatureIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, pattern=FEATURE_NAME_RE)
    label: NonBlankStr = Field(..., min_length=1, max_length=100)
    is_active: bool = True
    is_default: bool = False


class FeatureUpdateIn(Schema):
    """Every field optional: only the fields sent change. ``name`` is fixed once created,
    since portals and client selections depend on it."""

    label: NonBlankStr | None = Field(None, min_length=1, max_length=100)
    is_active: bool | None = None
    is_default: bool | None = None


class FeatureSelectIn(Schema):
    feature_ids: list[int]


class ClientFeaturesOut(Schema):
    features: list[FeatureOut]

    @staticmethod
    def resolve_features(obj: "Client") -> "list[Feature]":
        return list(obj.features.all())


class ClientOut(Schema):
    id: int
    name: str
    slug: str
    app_logo_url: str
    app_icon_url: str
    is_active: bool
    features: list[FeatureOut]
    theme_settings: dict[str, Any]
    login_img_url: str
    login_logo_url: str
    show_footer: bool
    pwa_manifest: dict[str, Any]
    response_profile: ResponseProfileName
    timezone: str = Field(..., description=TIMEZONE_DESCRIPTION)

    @staticmethod
    def resolve_features(obj: "Client") -> "list[Feature]":
        return list(obj.features.all())


class ClientIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    slug: str = Field(..., min_length=1, max_length=49)
    app_logo_url: str = Field("", max_length=500)
    app_icon_url: str = Field("", max_length=500)
    is_active: bool = True
    # Absent (or null): the catalogue's default features. A list, even empty, is taken as is.
    feature_ids: list[int] | None = None
    theme_settings: dict[str, Any] = Field(default_factory=dict)
    login_img_url: str = Field("", max_length=500)
    login_logo_url: str = Field("", max_length=500)
    show_footer: bool = True
    pwa_manifest: dict[str, Any] = Field(default_factory=dict)
    timezone: str = Field("UTC", max_length=64, description=TIMEZONE_DESCRIPTION)

    _timezone = field_validator("timezone")(_timezone_check)


class ClientUpdateIn(Schema):
    """Every field optional: only the fields sent change."""

    name: str | None = Field(None, min_length=1, max_length=200)
    app_logo_url: str | None = Field(None, max_length=500)
    app_icon_url: str | None = Field(None, max_length=500)
    is_active: bool | None = None
    theme_settings: dict[str, Any] | None = None
    login_img_url: str | None = Field(None, max_length=500)
    login_logo_url: str | None = Field(None, max_length=500)
    show_footer: bool | None = None
    pwa_manifest: dict[str, Any] | None = None
    response_profile: ResponseProfileName | None = Field(
        None, description="`contract` (default) or `ai_linc`: the JSON types of docs/real-client.md."
    )
    timezone: str | None = Field(None, max_length=64, description=TIMEZONE_DESCRIPTION)

    _timezone = field_validator("timezone")(_timezone_check)


class ClientInfoOut(Schema):
    """Public branding of a portal, shown before anyone logs in."""

    id: int
    name: str
    slug: str
    app_logo_url: str
    app_icon_url: str
    theme_settings: dict[str, Any]
    login_img_url: str
    login_logo_url: str
    show_footer: bool
    pwa_manifest: dict[str, Any]
    is_active: bool
    features: list[FeatureOut]
    timezone: str = Field(..., description=TIMEZONE_DESCRIPTION)

    @staticmethod
    def resolve_features(obj: "Client") -> "list[Feature]":
        return list(obj.features.all())


class ClientTimezoneIn(Schema):
    timezone: str = Field(..., max_length=64, description=TIMEZONE_DESCRIPTION)

    _timezone = field_validator("timezone")(_timezone_check)


class ClientTimezoneOut(Schema):
    """What the web client's time-zone settings page reads (``timezone``, ``common_timezones``)."""

    timezone: str = Field(..., description=TIMEZONE_DESCRIPTION)
    common_timezones: list[str] = Field(..., description="The IANA names a picker offers (UTC first).")

    @staticmethod
    def resolve_common_timezones(obj: "Client") -> list[str]:
        return list(common_timezones())


FEATURES_UPDATED = "Features updated successfully"


class FeatureSelectOut(Schema):
    # Read from the client whose selection changed. The contract's POST reads ``detail``; the
    # super-admin portal PATCHes and reads ``message`` and ``client``: one answer holds all three.
    detail: str
    message: str
    client: ClientOut

    @staticmethod
    def resolve_detail(obj: "Client") -> str:
        return FEATURES_UPDATED

    @staticmethod
    def resolve_message(obj: "Client") -> str:
        return FEATURES_UPDATED

    @staticmethod
    def resolve_client(obj: "Client") -> "Client":
        return obj
