from tenant_apps.lms.tests.conftest import assert_queries, in_a, student_a  # noqa: F401
