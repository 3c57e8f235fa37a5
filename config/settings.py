"""Settings, read from the environment (12-factor). See README.md for every variable."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from config.secret_key import DEFAULT_KEY_FILE, SecretKeyMissing, secret_key_resolve

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
# SECRET_KEY, else the key file `make run` creates; with DEBUG=false and neither, refuse to
# start (config/secret_key.py).
try:
    SECRET_KEY = secret_key_resolve(
        value=env("SECRET_KEY", default=""),
        key_file=Path(env("SECRET_KEY_FILE", default=str(DEFAULT_KEY_FILE))),
        debug=DEBUG,
    )
except SecretKeyMissing as exc:
    raise ImproperlyConfigured(str(exc)) from None
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])

# --- Tenancy (django-tenants, routed by the client id in the path) -------------------
SHARED_APPS = [
    # The operator's console (README "Operator's console"): Django's admin for platform
    # admins, public schema only. Before django_tenants, so that the admin's own templates
    # are used (django_tenants' copies expect a request.tenant on every public path).
    "config.admin.PlatformAdminConfig",
    "django_tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    # The console's sessions and messages; static files for it and for /api/docs.
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "ninja",
    "django_q",
    "tenants",
    "platform_services.catalog",
    "platform_services.throttling",
    "shared_apps.operations",
    "shared_apps.billing",
    "shared_apps.jobs",
    # Platform admins are users of the public client, so accounts lives in both lists.
    "tenant_apps.accounts",
    # Demo data and `seed_demo` (no tables): an app only so that its command is found.
    "fixtures",
    # The audit trail: the platform's own events in public, each client's in its schema.
    "tenant_apps.audit",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "tenant_apps.accounts",
    "tenant_apps.lms",
    "tenant_apps.activity",
    "tenant_apps.assessment",
    "tenant_apps.mailing",
    "tenant_apps.dashboard",
    "tenant_apps.certificates",
    "tenant_apps.calendars",
    "tenant_apps.live_classes",
    "tenant_apps.forum",
    "tenant_apps.mock_interviews",
    "tenant_apps.admin_dashboard",
    "tenant_apps.engagement",
    "tenant_apps.ai",
    "tenant_apps.notifications",
    "tenant_apps.privacy",
    "tenant_apps.audit",
    "tenant_apps.webhooks",
    # Uploaded files (storage/models.py); its /images/ media has no tables.
    "storage",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Client"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# New clients are cloned from this schema instead of replaying every migration.
TENANT_BASE_SCHEMA = "tenant_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Client schemas built ahead from the template's DDL; creating a client renames one
# (tenants/provisioning.py). Refilled by a background task after each creation.
TENANT_SPARE_SCHEMAS = env.int("TENANT_SPARE_SCHEMAS", default=2)
# Issue `SET search_path` once per schema switch, not before every cursor.
TENANT_LIMIT_SET_CALLS = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    # CORS wraps everything, so even the tenant middleware's own 404/403 answers carry the
    # CORS headers a browser needs to read them. It touches no database.
    "corsheaders.middleware.CorsMiddleware",
    # Security headers (and the opt-in HTTPS redirect) on every answer, the tenant
    # middleware's own 404/403 included; after CORS, so preflights are answered as before.
    "django.middleware.security.SecurityMiddleware",
    # Static files (the admin's, Swagger UI's for /api/docs) straight from STATIC_ROOT.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tenants.middleware.PathTenantMiddleware",
    # The admin's session, CSRF, user and messages. Their cookies are scoped to /admin/
    # (SESSION_COOKIE_PATH, CSRF_COOKIE_PATH), and every API view is CSRF-exempt (bearer
    # tokens, no cookies), so the JSON API is unchanged; nothing reads them elsewhere.
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "api.middleware.JsonMethodNotAllowedMiddleware",
    # 413 for oversized bodies; 400 for NUL, lone surrogates or 64-bit overflow in the URL.
    "api.middleware.UntrustedInputMiddleware",
    # Address and user agent of the request, for audit records written in services.
    "tenant_apps.audit.middleware.AuditContextMiddleware",
]
APPEND_SLASH = False
# Largest non-multipart body read into memory (JSON); larger is a 413 (api.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

# --- Database: DATABASE_URL, or the embedded PostgreSQL in .data/pg -------------------
EMBEDDED_PG_DIR = BASE_DIR / ".data" / "pg"
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {
        "default": {
            "NAME": "postgres",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": str(EMBEDDED_PG_DIR),
            "PORT": "",
        }
    }
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# Persistent connections (about 2x the throughput of a new connection per request, see
# docs/benchmarks.md); safe with django-tenants, which re-issues SET search_path whenever
# the middleware switches schema.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (client lookups; Redis when REDIS_URL is set, so invalidation is shared) ----
if env("REDIS_URL", default=""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CLIENT_CACHE_SECONDS = env.int("CLIENT_CACHE_SECONDS", default=30)
# The learner's every-minute writes (activity events and completions, track-time) commit
# without waiting for the WAL flush (``synchronous_commit`` off for their own transaction,
# tenant_apps/activity/services.py): a durable commit cost ~10 ms of fsync per write on the
# bench machine. The database stays consistent; a crash of PostgreSQL itself may lose the
# last ~0.6 s of such writes. Graded submissions always wait (docs/lms.md, "Performance").
# False: every write waits for its flush.
LEARNER_WRITES_ASYNC_COMMIT = env.bool("LEARNER_WRITES_ASYNC_COMMIT", default=True)
# core/cache.py: per-client versioned caching of shared read data (course trees and cards).
# Only safe when every process sees the same versions, so on by default with Redis only.
VERSIONED_CACHE = env.bool("VERSIONED_CACHE", default=bool(env("REDIS_URL", default="")))

# --- Auth ------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
JWT_SIGNING_KEY = env("JWT_SIGNING_KEY", default=SECRET_KEY)
JWT_ALGORITHM = env("JWT_ALGORITHM", default="HS256")
JWT_ACCESS_LIFETIME = timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=30))
JWT_REFRESH_LIFETIME = timedelta(days=env.int("JWT_REFRESH_DAYS", default=7))
OTP_LIFETIME = timedelta(minutes=10)
OTP_MAX_ATTEMPTS = 5
PASSWORD_RESET_TOKEN_LIFETIME = timedelta(minutes=15)
# "<count>/<seconds>". Per e-mail address strictly; per IP generously (campus NAT).
THROTTLE_EMAIL_RATE = env("THROTTLE_EMAIL_RATE", default="10/600")
THROTTLE_IP_RATE = env("THROTTLE_IP_RATE", default="300/600")

GOOGLE_CLIENT_ID = env("GOOGLE_CLIENT_ID", default="")
GOOGLE_CERTS_URL = env("GOOGLE_CERTS_URL", default="https://www.googleapis.com/oauth2/v1/certs")

# --- CORS ------------------------------------------------------------------------------
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "origin", "x-requested-with"]
CORS_ALLOW_METHODS = ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"]
CORS_EXPOSE_HEADERS = ["X-Total-Count", "Link", "Retry-After"]
# The older web build's keepalive fetches and beacons go out in credentials mode; an allowed
# origin may read their answers (tokens travel in the Authorization header, never cookies).
CORS_ALLOW_CREDENTIALS = True

# --- HTTP security headers (README "Security") -----------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS: off by default (`make run` serves plain HTTP on 127.0.0.1). Behind a proxy that
# terminates TLS, name the header it sets to "https" (e.g. X-Forwarded-Proto); set it only
# when that proxy always sets or overwrites the header, or clients could claim HTTPS.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]  # load balancers probe over plain HTTP
_ssl_header = env("SECURE_PROXY_SSL_HEADER", default="").strip()
SECURE_PROXY_SSL_HEADER = ("HTTP_" + _ssl_header.upper().replace("-", "_"), "https") if _ssl_header else None
# HSTS is sent only on HTTPS requests; on by default (1 year) once HTTPS is enforced.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if SECURE_SSL_REDIRECT else 0)

# --- The operator's console (Django admin at /admin/, config/admin.py) -----------------
SESSION_COOKIE_PATH = "/admin/"
CSRF_COOKIE_PATH = "/admin/"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SESSION_COOKIE_AGE = env.int("ADMIN_SESSION_SECONDS", default=8 * 3600)
# Origins a browser may post the admin's forms from when they differ from the Host (behind
# a proxy that rewrites it), e.g. https://ops.example.com
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- E-mail: SMTP when EMAIL_HOST is set, console otherwise ----------------------------
EMAIL_HOST = env("EMAIL_HOST", default="")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
    EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="LMS <no-reply@lms.local>")

# --- Payments, AI, code runner ---------------------------------------------------------
RAZORPAY_KEY_ID = env("RAZORPAY_KEY_ID", default="")
RAZORPAY_KEY_SECRET = env("RAZORPAY_KEY_SECRET", default="")
RAZORPAY_WEBHOOK_SECRET = env("RAZORPAY_WEBHOOK_SECRET", default="")
RAZORPAY_BASE_URL = env("RAZORPAY_BASE_URL", default="")
AI_BASE_URL = env("AI_BASE_URL", default="")
AI_API_KEY = env("AI_API_KEY", default="")
AI_MODEL = env("AI_MODEL", default="gpt-4o-mini")
AI_TIMEOUT = env.float("AI_TIMEOUT", default=30.0)
# The openai SDK retries connection errors, timeouts, 429 and 5xx this many times, with backoff.
AI_MAX_RETRIES = env.int("AI_MAX_RETRIES", default=2)
AI_THROTTLE_RATE = env("AI_THROTTLE_RATE", default="20/60")  # per user, "<count>/<seconds>"
JUDGE0_URL = env("JUDGE0_URL", default="")
JUDGE0_AUTH_TOKEN = env("JUDGE0_AUTH_TOKEN", default="")
SANDBOX_PYTHON = env("SANDBOX_PYTHON", default="")  # interpreter for the local code sandbox

# --- Media -----------------------------------------------------------------------------
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media"))
MEDIA_URL = "/media/"
MEDIA_MAX_IMAGE_BYTES = env.int("MEDIA_MAX_IMAGE_BYTES", default=5 * 1024 * 1024)
CHEAT_SHEET_MAX_BYTES = env.int("CHEAT_SHEET_MAX_BYTES", default=10 * 1024 * 1024)
CHEAT_SHEET_URL_TTL = env.int("CHEAT_SHEET_URL_TTL", default=600)
# Uploaded files (POST /api/clients/{id}/upload/, storage/uploads.py): the largest accepted,
# and how long a link to one works.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
UPLOAD_URL_TTL = env.int("UPLOAD_URL_TTL", default=3600)
# What one member may upload there in any 24 hours (any student can upload; this bounds
# what each keeps adding to the storage).
UPLOAD_DAILY_FILES = env.int("UPLOAD_DAILY_FILES", default=500)
UPLOAD_DAILY_BYTES = env.int("UPLOAD_DAILY_BYTES", default=200 * 1024 * 1024)
# Largest multipart body (every upload route's file, plus room for its form fields); larger is
# a 413 before it is read (api.middleware): Django streams multipart files to disk unbounded.
MULTIPART_MAX_BYTES = env.int(
    "MULTIPART_MAX_BYTES",
    default=max(UPLOAD_MAX_BYTES, MEDIA_MAX_IMAGE_BYTES, CHEAT_SHEET_MAX_BYTES) + 64 * 1024,
)
# Certificates (docs/certificates.md): lifetime of a PDF download link; how long a queued
# render may go unfinished before a listing queues it again; the address printed on
# certificates (their QR codes and verification URLs), since a worker has no request.
CERTIFICATE_URL_TTL = env.int("CERTIFICATE_URL_TTL", default=600)
CERTIFICATE_RENDER_STALE_SECONDS = env.int("CERTIFICATE_RENDER_STALE_SECONDS", default=300)
# (`platform/run.sh` sets it for `make run`: honcho gives the worker a PORT of its own.)
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}")
# Lifetime of a data export's signed download link (docs/data-requests.md).
DATA_EXPORT_URL_TTL = env.int("DATA_EXPORT_URL_TTL", default=900)
# Files go through Django's storage API (`default_storage`): the filesystem under
# MEDIA_ROOT by default, an S3-compatible bucket (django-storages) when
# AWS_STORAGE_BUCKET_NAME is set (AWS_S3_ENDPOINT_URL for MinIO and friends).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=600),
            "signature_version": "s3v4",
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Static files: collected into STATIC_ROOT at release (`collectstatic`, Procfile and `make
# run`) and served by WhiteNoise, compressed and with hashed names cached for a year.
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / ".data" / "static"))
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Background work (django-q2; ORM broker unless REDIS_URL) --------------------------
Q_CLUSTER = {
    "name": "lms",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": env.int("Q_TIMEOUT", default=600),
    # A task that does not report back within `retry` seconds is handed out again,
    # so a killed worker never leaves work stranded.
    "retry": env.int("Q_RETRY", default=660),
    "max_attempts": 3,
    "orm": "default",
    "catch_up": False,
    "poll": 0.5,
    "ack_failures": True,
}
if env("REDIS_URL", default=""):
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = env("REDIS_URL")

# --- Audit trail and webhooks (docs/audit.md, docs/webhooks.md) ------------------------
AUDIT_EXPORT_MAX_ROWS = env.int("AUDIT_EXPORT_MAX_ROWS", default=100_000)
# Seconds before the 2nd, 3rd... attempt of a webhook (8 attempts over about 27 hours).
WEBHOOK_RETRY_DELAYS = [
    int(s) for s in env.list("WEBHOOK_RETRY_DELAYS", default=["60", "300", "1800", "7200", "18000", "36000", "36000"])
]
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=10.0)
WEBHOOK_SENDING_STALE_SECONDS = env.int("WEBHOOK_SENDING_STALE_SECONDS", default=120)
WEBHOOK_SWEEP_BATCH = env.int("WEBHOOK_SWEEP_BATCH", default=500)
# CIDRs webhooks may reach although private or loopback (none: public addresses only).
WEBHOOK_ALLOWED_NETWORKS = env.list("WEBHOOK_ALLOWED_NETWORKS", default=[])

# --- i18n / time -----------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
