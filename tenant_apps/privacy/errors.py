from core.errors import DomainError, NotFound


class DataExportNotFound(NotFound):
    default_message = "Not found."


class ExportLinkInvalid(DomainError):
    status_code = 403
    code = "download_link_invalid"
    default_message = "This download link is invalid or has expired."


class ExportArchiveGone(NotFound):
    code = "export_archive_gone"
    default_message = "This archive is no longer kept; request a new export."
