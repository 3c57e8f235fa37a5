"""Clients in the operator's console. Clients are created through the API or
`manage.py create_client` (a schema is cloned and default features selected), and dropped
with their schema by an operator command, so the console changes them but adds or deletes
none; changes go through the same services as the API (the client cache is cleared)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from config.admin import ReadOnlyAdmin
from tenants.models import Client, Domain
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
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name != "features"}
        client_update(client=obj, **fields)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        if "features" in form.changed_data:
            client_features_set(client=form.instance, feature_ids=[f.id for f in form.cleaned_data["features"]])

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "features":
            from shared_apps.catalog.models import Feature

            kwargs["queryset"] = Feature.objects.filter(is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Domain)
class DomainAdmin(ReadOnlyAdmin):
    list_display = ("domain", "tenant", "is_primary")
