"""The one NinjaAPI: every app's router mounted under the contract's base paths."""

from ninja import NinjaAPI

from api.auth import jwt_auth
from api.errors import install_error_handlers
from api.parser import CheckedParser
from api.renderer import NumberJSONRenderer

api = NinjaAPI(
    title="LMS Platform API",
    version="1.0.0",
    description="White-label, multi-tenant LMS backend. Paths follow API_CONTRACT.md.",
    auth=jwt_auth,
    urls_namespace="api",
    openapi_url="/api/openapi.json",
    docs_url="/api/docs",
    parser=CheckedParser(),
    renderer=NumberJSONRenderer(),
)
install_error_handlers(api)

api.add_router("/accounts/", "tenant_apps.accounts.api.router")
api.add_router("/accounts/", "tenants.api.clients_router")
api.add_router("/api/", "tenants.api.router")
api.add_router("/lms/", "tenant_apps.lms.api.router")
api.add_router("/admin-dashboard/api/", "tenant_apps.lms.admin_api.router")
api.add_router("/activity/", "tenant_apps.activity.api.router")
api.add_router("/admin-dashboard/api/", "tenant_apps.mailing.api.router")
api.add_router("/lms/", "shared_apps.operations.api.router")
api.add_router("/assessment/api/", "tenant_apps.assessment.api.router")
api.add_router("/admin-dashboard/api/", "tenant_apps.assessment.api.admin_router")
api.add_router("/payment-gateway/api/", "shared_apps.billing.api.router")
api.add_router("/api/", "tenant_apps.dashboard.api.router")
api.add_router("/api/", "tenant_apps.certificates.api.router")
api.add_router("/admin-dashboard/api/", "tenant_apps.certificates.api.admin_router")
api.add_router("/certificates/", "tenant_apps.certificates.api.verify_router")
api.add_router("/admin-dashboard/api/", "tenant_apps.admin_dashboard.api.router")
api.add_router("/live-class/api/", "tenant_apps.live_classes.api.router")
api.add_router("/activity/", "tenant_apps.live_classes.activity_api.router")
api.add_router("/live-class/api/", "tenant_apps.calendars.api.router")
api.add_router("/community-forum/api/", "tenant_apps.forum.api.router")
api.add_router("/mock-interview/api/", "tenant_apps.mock_interviews.api.router")
api.add_router("/api/", "tenant_apps.ai.api.router")
api.add_router("/admin-dashboard/api/", "tenant_apps.ai.api.admin_router")
api.add_router("/api/", "tenant_apps.engagement.api.router")
api.add_router("/jobs/api/", "shared_apps.jobs.api.router")
api.add_router("/jobs-v2/api/", "shared_apps.jobs.api.v2_router")
api.add_router("/images/", "storage.api.router")
api.add_router("/api/", "storage.api.client_router")
api.add_router("/notification/api/", "tenant_apps.notifications.api.router")
api.add_router("/api/", "tenant_apps.privacy.api.router")
api.add_router("/admin-dashboard/api/", "tenant_apps.privacy.api.admin_router")
api.add_router("/admin-dashboard/api/", "tenant_apps.audit.api.router")
api.add_router("/admin-dashboard/api/", "tenant_apps.webhooks.api.router")
