"""AI endpoints: Student APIs 20 (agent) and Admin Dashboard 28-29 (MCQs, e-mail).

Every call is throttled per user (``AI_THROTTLE_RATE``) and needs ``AI_BASE_URL`` (503
otherwise)."""

from ninja import Router

from api.auth import AuthedRequest, admin_auth
from api.schemas import ErrorOut
from tenant_apps.ai import services
from tenant_apps.ai.schemas import (
    AgentIn,
    AgentOut,
    EmailFormatIn,
    EmailFormatOut,
    McqGenerateIn,
    McqGenerateOut,
)
from tenants.middleware import TenantRequest, request_client

router = Router(tags=["ai"])
admin_router = Router(tags=["ai"])


def _client_name(request: TenantRequest) -> str:
    return request_client(request).name


@router.post("clients/{client_id}/ai-agent/", response={200: AgentOut, 503: ErrorOut})
def ai_agent(request: AuthedRequest, client_id: int, payload: AgentIn):
    services.ai_throttle(request.auth.throttle_key)
    return services.agent_answer(client_name=_client_name(request), message=payload.message, context=payload.context)


@admin_router.post(
    "clients/{client_id}/generate-mcq-questions/", auth=admin_auth, response={200: McqGenerateOut, 503: ErrorOut}
)
def generate_mcq_questions(request: AuthedRequest, client_id: int, payload: McqGenerateIn):
    services.ai_throttle(request.auth.throttle_key)
    return {"mcqs": services.mcqs_generate(topic=payload.topic, difficulty=payload.difficulty, count=payload.count)}


@admin_router.post(
    "clients/{client_id}/ai/format-email-body/", auth=admin_auth, response={200: EmailFormatOut, 503: ErrorOut}
)
def format_email_body(request: AuthedRequest, client_id: int, payload: EmailFormatIn):
    services.ai_throttle(request.auth.throttle_key)
    return EmailFormatOut(
        formatted_content=services.email_body_format(
            client_name=_client_name(request), email_content=payload.email_content, format_style=payload.format_style
        )
    )
