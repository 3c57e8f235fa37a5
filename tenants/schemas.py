from typing import TYPE_CHECKING, Any

from ninja import Field, Schema

if TYPE_CHECKING:
    from shared_apps.catalog.models import Feature
    from tenants.models import Client


class FeatureOut(Schema):
    id: int
    name: str


class FeatureSelectIn(Schema):
    feature_ids: list[int]


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

    @staticmethod
    def resolve_features(obj: "Client") -> "list[Feature]":
        return list(obj.features.all())


class ClientIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    slug: str = Field(..., min_length=1, max_length=49)
    app_logo_url: str = Field("", max_length=500)
    app_icon_url: str = Field("", max_length=500)
    is_active: bool = True
    feature_ids: list[int] = Field(default_factory=list)
    theme_settings: dict[str, Any] = Field(default_factory=dict)
    login_img_url: str = Field("", max_length=500)
    login_logo_url: str = Field("", max_length=500)
    show_footer: bool = True
    pwa_manifest: dict[str, Any] = Field(default_factory=dict)


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

    @staticmethod
    def resolve_features(obj: "Client") -> "list[Feature]":
        return list(obj.features.all())
