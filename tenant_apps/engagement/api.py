"""Student APIs 10-13 and 15-18: workshops, cheat sheets, referral program, issue
reports and workshop variables. Paths follow the contract, including its spelling of
the referral detail path (``referrals-program/{pk}/``)."""

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from api.auth import AuthedRequest, admin_auth
from api.pagination import paginate
from api.schemas import sent_fields
from tenant_apps.engagement import selectors, services
from tenant_apps.engagement.errors import CheatSheetNotFound
from tenant_apps.engagement.schemas import (
    CheatSheetDownloadIn,
    CheatSheetDownloadOut,
    CheatSheetOut,
    IssueReportAdminOut,
    IssueReportFilter,
    IssueReportIn,
    IssueReportOut,
    ReferralIn,
    ReferralOut,
    RegistrationCountOut,
    RegistrationIn,
    RegistrationOut,
    RegistrationStatusIn,
    RegistrationStatusOut,
    WorkshopVariablesIn,
    WorkshopVariablesOut,
)
from tenants.schema import current_schema_name

router = Router(tags=["engagement"])

CLIENT = "clients/{client_id}/"
REGISTRATIONS = CLIENT + "workshop-registrations/"


# --- workshop registrations -------------------------------------------------------------------


@router.get(REGISTRATIONS, response=list[RegistrationOut])
def list_workshop_registrations(request: AuthedRequest, client_id: int, response: HttpResponse):
    return paginate(request, response, selectors.registration_list(actor=request.auth))


@router.post(REGISTRATIONS, response={201: RegistrationOut})
def create_workshop_registration(request: AuthedRequest, client_id: int, payload: RegistrationIn):
    return Status(201, services.registration_create(actor=request.auth, **payload.dict()))


@router.get(REGISTRATIONS + "count/", response=RegistrationCountOut)
def count_workshop_registrations(request: HttpRequest, client_id: int, workshop_name: str | None = None):
    return selectors.registration_counts(workshop_name=workshop_name)


@router.patch(REGISTRATIONS + "{registration_id}/", response=RegistrationStatusOut)
def update_workshop_registration(
    request: AuthedRequest, client_id: int, registration_id: int, payload: RegistrationStatusIn
):
    registration = selectors.registration_get_for_user(registration_id=registration_id, actor=request.auth)
    return services.registration_status_set(registration=registration, actor=request.auth, status=payload.status)


# --- cheat sheets -------------------------------------------------------------------------------


@router.get(CLIENT + "cheat-sheets/", response=list[CheatSheetOut])
def list_cheat_sheets(request: HttpRequest, client_id: int, response: HttpResponse):
    """The free cheat sheets on offer (not in the contract: how a page learns the ids)."""
    return paginate(request, response, selectors.cheat_sheet_list())


@router.post(CLIENT + "cheat-sheets/", auth=admin_auth, response={201: CheatSheetOut})
def create_cheat_sheet(
    request: HttpRequest, client_id: int, title: Form[str], file: UploadedFile = File(...), description: Form[str] = ""
):
    """Admin upload (multipart: ``title``, optional ``description``, ``file``)."""
    sheet = services.cheat_sheet_create(
        schema_name=current_schema_name(), title=title, description=description, upload=file
    )
    return Status(201, sheet)


@router.post(CLIENT + "free-cheat-sheet-download/", response=CheatSheetDownloadOut)
def free_cheat_sheet_download(request: AuthedRequest, client_id: int, payload: CheatSheetDownloadIn):
    sheet = selectors.cheat_sheet_get(cheat_sheet_id=payload.cheat_sheet_id)
    return services.cheat_sheet_download_link(
        cheat_sheet=sheet,
        actor=request.auth,
        client_id=client_id,
        build_url=lambda token: request.build_absolute_uri(
            f"/api/clients/{client_id}/free-cheat-sheet-download/{token}/"
        ),
    )


@router.get(
    CLIENT + "free-cheat-sheet-download/{token}/",
    auth=None,
    openapi_extra={
        "responses": {
            200: {
                "description": "The cheat sheet file (the signed link is the credential).",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def serve_cheat_sheet(request: HttpRequest, client_id: int, token: str):
    sheet_id = services.cheat_sheet_token_read(token=token, client_id=client_id)
    sheet = selectors.cheat_sheet_get(cheat_sheet_id=sheet_id)
    if not default_storage.exists(sheet.file_path):
        raise CheatSheetNotFound()
    return FileResponse(
        default_storage.open(sheet.file_path, "rb"),
        as_attachment=True,
        filename=sheet.file_path.rsplit("/", 1)[-1],
    )


# --- referral program (admin) ---------------------------------------------------------------


@router.get(CLIENT + "referral-program/", auth=admin_auth, response=list[ReferralOut])
def list_referral_programs(request: HttpRequest, client_id: int, response: HttpResponse):
    return paginate(request, response, selectors.referral_list())


@router.post(CLIENT + "referral-program/", auth=admin_auth, response={201: ReferralOut})
def create_referral_program(request: AuthedRequest, client_id: int, payload: ReferralIn):
    return Status(201, services.referral_create(actor=request.auth, **sent_fields(payload)))


@router.get(CLIENT + "referrals-program/{pk}/", auth=admin_auth, response=ReferralOut)
def get_referral_program(request: HttpRequest, client_id: int, pk: int):
    return selectors.referral_get(referral_id=pk)


@router.put(CLIENT + "referrals-program/{pk}/", auth=admin_auth, response=ReferralOut)
def update_referral_program(request: HttpRequest, client_id: int, pk: int, payload: ReferralIn):
    """The fields sent change; a field left out stays (the older web build sends the referrer
    without the discount)."""
    referral = selectors.referral_get(referral_id=pk)
    return services.referral_update(referral=referral, data=sent_fields(payload))


@router.delete(CLIENT + "referrals-program/{pk}/", auth=admin_auth, response={204: None})
def delete_referral_program(request: HttpRequest, client_id: int, pk: int):
    services.referral_delete(referral=selectors.referral_get(referral_id=pk))
    return Status(204, None)


# --- issue reports, workshop variables ---------------------------------------------------------


@router.post(CLIENT + "report-issue/", response={201: IssueReportOut})
def report_issue(request: AuthedRequest, client_id: int, payload: IssueReportIn):
    return Status(201, services.issue_report_create(actor=request.auth, **payload.dict()))


@router.get(CLIENT + "report-issue/", auth=admin_auth, response=list[IssueReportAdminOut])
def list_reported_issues(
    request: HttpRequest,
    client_id: int,
    response: HttpResponse,
    filters: Query[IssueReportFilter],
):
    """The client's reported issues, newest first (not in the contract: the admins' view)."""
    return paginate(request, response, selectors.issue_report_list(filters=filters))


@router.get(CLIENT + "workshop/variables/", response=WorkshopVariablesOut)
def get_workshop_variables(request: HttpRequest, client_id: int):
    return WorkshopVariablesOut(variables=selectors.workshop_variables())


@router.post(CLIENT + "workshop/variables/", auth=admin_auth, response=WorkshopVariablesOut)
def set_workshop_variables(request: HttpRequest, client_id: int, payload: WorkshopVariablesIn):
    services.workshop_variables_set(variables=payload.variables)
    return WorkshopVariablesOut(variables=selectors.workshop_variables())
