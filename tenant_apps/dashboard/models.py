"""Student dashboard: no tables of its own.

Everything the dashboard shows is computed from the lms and activity tables. Certificates
moved to ``tenant_apps.certificates`` (migration ``dashboard/0002`` hands the table over);
the names stay importable here for code and migrations that still say
``tenant_apps.dashboard.models``.
"""

from tenant_apps.certificates.models import Certificate, certificate_code

__all__ = ["Certificate", "certificate_code"]
