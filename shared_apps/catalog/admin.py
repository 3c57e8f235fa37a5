"""The feature catalogue in the operator's console, with the API's rules: a feature that
clients select can be neither deactivated nor deleted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from shared_apps.catalog.models import Feature
from tenants.selectors import feature_client_count


class FeatureForm(forms.ModelForm):
    class Meta:
        model = Feature
        fields = ("name", "label", "is_active", "is_default")

    def clean_is_active(self) -> bool:
        active = self.cleaned_data["is_active"]
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
