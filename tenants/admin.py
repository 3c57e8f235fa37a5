"""Clients in the operator's console. Clients are created through the API or
`manage.py create_client` (a schema is cloned and default features selected), and dropped
with their schema by an operator command, so the console changes them but adds or deletes
none; changes go through the same services as the API (the client cache is cleared)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin
from platform_services.catalog.models import Feature
from tenants.models import Client, Domain
from tenants.selectors import feature_client_count
from tenants.services import client_features_set, client_update


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "slug", "schema_name", "is_active", "response_profile", "created_at")
    list_display_links = ("id", "name")
    list_filter = ("is_active", "response_profile")
    search_fields = ("name", "slug", "schema_name")
    readonly_fields = ("schema_name", "slug", "created_at", "updated_at")
    filter_horizontal = ("features",)
    ordering = ("id",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "features"}
        client_update(client=obj, changes=changes)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        if "features" in form.changed_data:
            client_features_set(client=form.instance, feature_ids=[f.id for f in form.cleaned_data["features"]])

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "features":
            from platform_services.catalog.models import Feature

            kwargs["queryset"] = Feature.objects.filter(is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Domain)
class DomainAdmin(ReadOnlyAdmin):
    list_display = ("domain", "tenant", "is_primary")


# The feature catalogue, with the API's rules: a feature that clients select can be neither
# deactivated nor deleted. Here, not in catalog: the rule counts clients (tenants is above catalog).
class FeatureForm(forms.ModelForm):
    class Meta:
        model = Feature
        fields = ("name", "label", "is_active", "is_default")

    def clean_is_active(self) -> bool:
        active: bool = self.cleaned_data["is_active"]
        if self.instance.pk and self.instance.is_active and not active and feature_client_count(feature=self.instance):
            raise forms.ValidationError("Clients have this feature selected; deselect it from them first.")
        return active


@admin.register(Feature)
class FeatureAdmin(admin.ModelAdmin):
    form = FeatureForm
    list_display = ("id", "name", "label", "is_active", "is_default", "created_at")
    list_filter = ("is_active", "is_default")
    search_fields = ("name", "label")

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return obj is not None and not feature_client_count(feature=obj)  # type: ignore[arg-type]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, each checked
        return actions
