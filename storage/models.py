"""Files members of a client upload (``POST /api/clients/{id}/upload/``): one row per file,
in the client's schema; the bytes are in the default storage under a key that names the
client's schema (``storage/uploads.py``)."""

from django.conf import settings
from django.db import models


class UploadModule(models.TextChoices):
    """What a file is for (the web client's ``module``); a closed list."""

    ASSESSMENT_SCREENSHOTS = "assessment_screenshots", "Assessment proctoring screenshot"
    REPORT_ISSUE = "report_issue", "Issue report attachment"


class ClientFile(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uploaded_files", db_index=False
    )
    module = models.CharField(max_length=40, choices=UploadModule.choices)
    # The storage key: uploads/<schema>/<module>/<owner id>/<random>.<ext>
    key = models.CharField(max_length=300)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # A member's own files (of a module); the owner leads, so its foreign key needs no index.
        indexes = [models.Index(fields=["owner", "module", "-id"], name="storage_file_owner_module_idx")]

    def __str__(self) -> str:
        return f"{self.module}: {self.filename}"
