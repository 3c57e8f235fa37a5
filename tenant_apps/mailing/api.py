"""E-mail jobs (Admin Dashboard 30-32): one message per recipient, sent by the worker."""

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from api.auth import AuthedRequest, admin_auth
from api.pagination import paginate
from tenant_apps.mailing import selectors, services
from tenant_apps.mailing.schemas import EmailJobDetailOut, EmailJobIn, EmailJobListOut, EmailJobOut, EmailResendOut

router = Router(tags=["email jobs"])


@router.get("clients/{client_id}/email-jobs/", auth=admin_auth, response=list[EmailJobListOut])
def list_email_jobs(request: HttpRequest, response: HttpResponse, client_id: int):
    """Newest first. Each job carries its body and its recipients (the clients' history
    cards count them), so the list is paged even when no ``?page=``/``?page_size=`` is
    given: the newest ``LIST_DEFAULT_PAGE_SIZE`` jobs, with ``X-Total-Count`` and a ``Link``
    to the next page, and a page is never larger (docs/background-jobs.md, "E-mail jobs")."""
    size = selectors.LIST_DEFAULT_PAGE_SIZE
    jobs = paginate(request, response, selectors.email_job_list(), default_page_size=size, max_page_size=size)
    return selectors.recipients_attach(list(jobs))


@router.post("clients/{client_id}/email-jobs/", auth=admin_auth, response={201: EmailJobOut})
def create_email_job(request: AuthedRequest, client_id: int, payload: EmailJobIn):
    job = services.email_job_create(**payload.dict(), created_by=request.auth.local_user)
    return Status(201, job)


@router.get("clients/{client_id}/email-jobs/{task_id}/", auth=admin_auth, response=EmailJobDetailOut)
def get_email_job(request: HttpRequest, client_id: int, task_id: str):
    return selectors.email_job_get(job_id=task_id, with_counts=True)


@router.post("clients/{client_id}/email-resend-jobs/{task_id}/", auth=admin_auth, response=EmailResendOut)
def resend_email_job(request: HttpRequest, client_id: int, task_id: str):
    return services.email_job_resend(job=selectors.email_job_get(job_id=task_id))
