"""Jobs API 1 (``GET /jobs/api/getjobs/``, any logged-in user of any client) and the
platform admins' job management (``/jobs/api/jobs/...``). Jobs live in the public schema.

``getjobs/`` answers each job as ``JobV2Out``: the contract's fields plus the names the
client's job portal cards read (``job_title``, ``company_name``…; they showed "Job Title"
and "Company Name" without them). The contract's bare array; for a caller whose client is on
the ``ai_linc`` response profile, the ``{results, count, next, previous}`` envelope (the older
build's jobs page reads only ``results`` and said "0 jobs found"; H's reads either).

``v2_router`` (mounted at ``/jobs-v2/api/``) answers the list H's jobs page reads,
``GET jobs/?client_id=`` in a ``{results, count, next, previous}`` envelope, and one job,
``GET jobs/{id}/``."""

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from api.auth import AuthedRequest, platform_admin_auth
from api.pagination import page_window, paginate
from core.errors import InvalidToken
from shared_apps.jobs import selectors, services
from shared_apps.jobs.models import JobType
from shared_apps.jobs.schemas import JobAdminOut, JobIn, JobV2Filter, JobV2Out, JobV2PageOut
from tenants.middleware import client_wants_ai_linc_shapes

router = Router(tags=["jobs"])
v2_router = Router(tags=["jobs"])


@router.get("getjobs/", response=list[JobV2Out] | JobV2PageOut)
def get_jobs(
    request: AuthedRequest,
    response: HttpResponse,
    location: str | None = None,
    job_type: JobType | None = None,
    search: str | None = None,
):
    """Active jobs, newest first. The contract's array (``?page=&page_size=`` paginate it by
    headers); ``{results, count, next, previous}`` when the caller's client is on the
    ``ai_linc`` response profile (docs/real-client.md, "Response profile")."""
    jobs = selectors.job_list(location=location, job_type=job_type, search=search)
    if client_wants_ai_linc_shapes(request.auth.token_client):
        return page_window(request, jobs)
    return paginate(request, response, jobs)


@router.get("jobs/", auth=platform_admin_auth, response=list[JobAdminOut])
def list_jobs_admin(request: HttpRequest, response: HttpResponse):
    return paginate(request, response, selectors.job_list(active_only=False))


@router.post("jobs/", auth=platform_admin_auth, response={201: JobAdminOut})
def create_job(request: HttpRequest, payload: JobIn):
    return Status(201, services.job_create(**payload.dict()))


@router.get("jobs/{job_id}/", auth=platform_admin_auth, response=JobAdminOut)
def get_job(request: HttpRequest, job_id: int):
    return selectors.job_get(job_id=job_id)


@router.put("jobs/{job_id}/", auth=platform_admin_auth, response=JobAdminOut)
def update_job(request: HttpRequest, job_id: int, payload: JobIn):
    return services.job_update(job=selectors.job_get(job_id=job_id), **payload.dict())


@router.delete("jobs/{job_id}/", auth=platform_admin_auth, response={204: None})
def delete_job(request: HttpRequest, job_id: int):
    services.job_delete(job=selectors.job_get(job_id=job_id))
    return Status(204, None)


@v2_router.get("jobs/", response=JobV2PageOut)
def list_jobs_v2(request: AuthedRequest, filters: Query[JobV2Filter]):
    """Any logged-in user; the ``client_id`` the client sends must be the token's own client
    (a platform admin's token acts on every client)."""
    actor = request.auth
    if filters.client_id is not None and filters.client_id != actor.token_client.id and not actor.is_platform_admin:
        raise InvalidToken()
    jobs = selectors.job_v2_list(
        location=filters.location,
        job_type=filters.job_type,
        employment_type=filters.employment_type,
        search=filters.search,
    )
    return page_window(request, jobs)


@v2_router.get("jobs/{job_id}/", response=JobV2Out)
def get_job_v2(request: AuthedRequest, job_id: int):
    """One active job (an inactive one is a 404, as it is absent from the list)."""
    return selectors.job_get(job_id=job_id, active_only=True)
