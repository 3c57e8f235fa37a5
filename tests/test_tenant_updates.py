"""The partial updates of the platform's own rows (features, clients), at service level:
``changes`` changes exactly its fields, and a refusal writes nothing."""

import pytest

from core.errors import FieldErrors
from platform_services.catalog.models import Feature
from tenants.errors import FeatureInUse
from tenants.models import Client
from tenants.services import client_update, feature_update


def test_feature_update_changes_only_what_it_is_given(db):
    feature = Feature.objects.create(name="extra_one", label="Extra", is_active=True, is_default=True)

    feature_update(feature=feature, changes={"label": "Relabelled"})

    stored = Feature.objects.get(id=feature.id)
    assert (stored.label, stored.is_active, stored.is_default) == ("Relabelled", True, True)


def test_refused_deactivation_writes_nothing(client_a):
    feature = client_a.features.get(id=1)

    with pytest.raises(FeatureInUse):
        feature_update(feature=feature, changes={"label": "Never stored", "is_active": False})

    stored = Feature.objects.get(id=1)
    assert stored.is_active is True and stored.label == feature.label


def test_client_update_changes_only_what_it_is_given(client_a):
    before = Client.objects.get(id=client_a.id)

    client_update(client=client_a, changes={"name": "Alpha Renamed", "show_footer": not before.show_footer})

    stored = Client.objects.get(id=client_a.id)
    assert stored.name == "Alpha Renamed" and stored.show_footer is (not before.show_footer)
    assert (stored.app_logo_url, stored.is_active, stored.response_profile) == (
        before.app_logo_url,
        before.is_active,
        before.response_profile,
    )
    assert stored.updated_at > before.updated_at


def test_public_client_refuses_other_fields_and_writes_nothing(public_client):
    before = Client.objects.get(id=public_client.id)

    with pytest.raises(FieldErrors):
        client_update(client=public_client, changes={"name": "Renamed", "response_profile": "ai_linc"})

    stored = Client.objects.get(id=public_client.id)
    assert (stored.name, stored.response_profile, stored.updated_at) == (
        before.name,
        before.response_profile,
        before.updated_at,
    )
