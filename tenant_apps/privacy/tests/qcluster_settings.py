"""The real ``qcluster`` of the data-export test: the operations tests' worker settings,
with the export's stale bound as short as theirs."""

from shared_apps.operations.tests.qcluster_settings import *  # noqa: F403

DATA_EXPORT_STALE_SECONDS = OPERATIONS_STALE_SECONDS  # noqa: F405
