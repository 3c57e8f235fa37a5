"""Admin Dashboard API 33-38 (contract "Analytics & Dashboard")."""

from ninja import Router

router = Router(tags=["admin dashboard"])
