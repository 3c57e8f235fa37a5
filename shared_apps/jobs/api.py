"""Jobs API 1 (``GET /jobs/api/getjobs/``, any logged-in user of any client) and the
platform admins' job management (``/jobs/api/jobs/...``). Jobs live in the public schema."""

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from api.auth import platform_admin_auth
from api.pagination import paginate
from shared_apps.jobs import selectors, services
from shared_apps.jobs.models import JobType
from shared_apps.jobs.schemas import JobAdminOut, JobIn, JobOut

router = Router(tags=["jobs"])


@router.get("getjobs/", response=list[JobOut])
def get_jobs(
    request: HttpRequest,
    response: HttpResponse,
    location: str | None = None,
    job_type: JobType | None = None,
    search: str | None = None,
):
    return paginate(request, response, selectors.job_list(location=location, job_type=job_type, search=search))


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
