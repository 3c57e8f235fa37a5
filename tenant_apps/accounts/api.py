"""Accounts API (contract: Accounts 1-7, token refresh, and password reset)."""

from django.http import HttpRequest
from ninja import Router, Status

from api.auth import AuthedRequest, client_ip
from api.schemas import DetailOut, ErrorOut, sent_fields
from tenant_apps.accounts import services
from tenant_apps.accounts.models import User
from tenant_apps.accounts.schemas import (
    EmailIn,
    GoogleLoginIn,
    LoginIn,
    LoginOut,
    ProfileIn,
    ProfileOut,
    RefreshIn,
    RefreshTokenIn,
    ResetPasswordIn,
    ResetVerifyOut,
    SignupIn,
    TokenRefreshOut,
    VerifyEmailIn,
)
from tenants.middleware import TenantRequest, request_client

router = Router(tags=["accounts"])


def _agent(request: HttpRequest) -> str:
    agent: str = request.META.get("HTTP_USER_AGENT", "")
    return agent


@router.post("clients/{client_id}/user/login/google/", auth=None, response={200: LoginOut, 503: ErrorOut})
def login_with_google(request: HttpRequest, client_id: int, payload: GoogleLoginIn) -> services.TokenPair:
    pair = services.google_login(token=payload.token, ip=client_ip(request), user_agent=_agent(request))
    return pair


@router.post("clients/{client_id}/user/login/", auth=None, response=LoginOut)
def login(request: HttpRequest, client_id: int, payload: LoginIn) -> services.TokenPair:
    pair = services.login(
        email=payload.email, password=payload.password, ip=client_ip(request), user_agent=_agent(request)
    )
    return pair


@router.post("clients/{client_id}/user/signup/", auth=None, response=DetailOut)
def signup(request: HttpRequest, client_id: int, payload: SignupIn) -> DetailOut:
    services.signup_start(**payload.dict(), ip=client_ip(request))
    return DetailOut(detail="OTP sent to your email")


@router.post("clients/{client_id}/user/verify-email/", auth=None, response={201: DetailOut})
def verify_email(request: HttpRequest, client_id: int, payload: VerifyEmailIn) -> Status[DetailOut]:
    services.signup_verify(email=payload.email, otp=payload.otp, ip=client_ip(request))
    return Status(201, DetailOut(detail="Account verified and created successfully"))


@router.post("clients/{client_id}/user/resend-verification-email/", auth=None, response=DetailOut)
def resend_verification_email(request: HttpRequest, client_id: int, payload: EmailIn) -> DetailOut:
    services.signup_resend(email=payload.email, ip=client_ip(request))
    return DetailOut(detail="OTP sent to your email")


@router.get("clients/{client_id}/user-profile/", response=ProfileOut)
def get_user_profile(request: AuthedRequest, client_id: int) -> User:
    return request.auth.user


# POST: the older web build saves the profile with it (docs/real-client.md, "Profile").
@router.api_operation(["PUT", "PATCH", "POST"], "clients/{client_id}/user-profile/", response=ProfileOut)
def update_user_profile(request: AuthedRequest, client_id: int, payload: ProfileIn) -> User:
    return services.profile_update(actor=request.auth, data=sent_fields(payload))


@router.post("clients/{client_id}/user/logout/", response=DetailOut)
def logout(request: AuthedRequest, client_id: int, payload: RefreshIn) -> DetailOut:
    services.logout(actor=request.auth, refresh=payload.refresh)
    return DetailOut(detail="Successfully logged out")


@router.post("token/refresh/", auth=None, response=TokenRefreshOut)
def refresh_token(request: HttpRequest, payload: RefreshIn) -> services.TokenPair:
    pair = services.token_refresh(refresh=payload.refresh)
    return pair


@router.post("clients/{client_id}/user/refresh-token/", auth=None, response=TokenRefreshOut)
def refresh_client_token(request: TenantRequest, client_id: int, payload: RefreshTokenIn) -> services.TokenPair:
    """The older web build's refresh: ``{refresh_token}`` in, the same pair as ``token/refresh/``
    out. A refresh token of another client is refused (401)."""
    pair = services.token_refresh(refresh=payload.refresh_token, client_id=request_client(request).id)
    return pair


@router.post("clients/{client_id}/user/forgot-password/", auth=None, response=DetailOut)
def forgot_password(request: HttpRequest, client_id: int, payload: EmailIn) -> DetailOut:
    services.password_reset_start(email=payload.email, ip=client_ip(request))
    return DetailOut(detail=services.RESET_SENT)


@router.post("clients/{client_id}/user/resend-password-reset-otp/", auth=None, response=DetailOut)
def resend_password_reset_otp(request: HttpRequest, client_id: int, payload: EmailIn) -> DetailOut:
    services.password_reset_start(email=payload.email, ip=client_ip(request), scope="reset-resend")
    return DetailOut(detail=services.RESET_SENT)


@router.post("clients/{client_id}/user/verify-password-reset-otp/", auth=None, response=ResetVerifyOut)
def verify_password_reset_otp(request: HttpRequest, client_id: int, payload: VerifyEmailIn) -> ResetVerifyOut:
    token = services.password_reset_verify(email=payload.email, otp=payload.otp, ip=client_ip(request))
    return ResetVerifyOut(reset_token=token, detail="OTP verified. Use the reset token to set a new password.")


@router.post("clients/{client_id}/user/reset-password/", auth=None, response=DetailOut)
def reset_password(request: HttpRequest, client_id: int, payload: ResetPasswordIn) -> DetailOut:
    services.password_reset_complete(**payload.dict(), ip=client_ip(request))
    return DetailOut(detail="Password has been reset successfully.")
