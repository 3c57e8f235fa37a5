"""The certificate PDF: reportlab on one landscape A4 page, in the client's colours, with
its logo and signatory, the verification code and a QR code of the verification URL.

Images (logo, signature) are drawn only when their URL is one of this platform's own
``/images/`` files, read through the storage: rendering never fetches an arbitrary URL
from the worker (no server-side request to addresses an admin typed in).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from urllib.parse import urlsplit

import qrcode
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from core.errors import NotFound
from storage import media

DEFAULT_COLOR = "#1F3A5F"
HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
OWN_IMAGE_PATH = re.compile(r"/images/([^/]+)/([^/]+)")


@dataclass(frozen=True)
class CertificateContent:
    """Everything printed on a certificate (read before rendering; no queries here)."""

    holder_name: str
    title: str
    is_assessment: bool
    score: Decimal | None
    issued_at: datetime
    client_name: str
    verification_code: str
    verification_url: str
    primary_color: str = DEFAULT_COLOR
    logo_url: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    signature_url: str = ""


def brand_color(theme_settings: object) -> str:
    """The client's primary colour (``theme_settings.colors.primary`` as ``#RRGGBB``)."""
    colors = theme_settings.get("colors") if isinstance(theme_settings, dict) else None
    primary = colors.get("primary") if isinstance(colors, dict) else None
    return primary if isinstance(primary, str) and HEX_COLOR.fullmatch(primary) else DEFAULT_COLOR


def _own_image(url: str) -> ImageReader | None:
    """An image of this platform's media store, or None (foreign URL, missing file)."""
    match = OWN_IMAGE_PATH.fullmatch(urlsplit(url).path) if url else None
    if match is None:
        return None
    try:
        handle, _ = media.image_open(folder_name=match.group(1), image_name=match.group(2))
    except NotFound:
        return None
    with handle:
        data = handle.read()
    try:
        return ImageReader(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - an unreadable image is left out, the certificate still renders
        return None


def _qr_image(url: str) -> ImageReader:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    qr.add_data(url)
    qr.make(fit=True)
    return ImageReader(qr.make_image().get_image())


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to ``size`` at which ``text`` fits ``width``."""
    while size > 8 and canvas.stringWidth(text, font, size) > width:
        size -= 1
    return size


def certificate_pdf(content: CertificateContent) -> bytes:
    """The PDF bytes. Text is real text (searchable, extractable), not an image."""
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    heading = "Certificate of Achievement" if content.is_assessment else "Certificate of Completion"
    canvas.setTitle(f"{heading}: {content.title}")
    canvas.setAuthor(content.client_name)
    canvas.setSubject(f"{content.holder_name} - verification code {content.verification_code}")
    brand: Color = HexColor(content.primary_color)
    center = width / 2

    canvas.setStrokeColor(brand)
    canvas.setLineWidth(6)
    canvas.rect(24, 24, width - 48, height - 48)
    canvas.setLineWidth(1.5)
    canvas.rect(36, 36, width - 72, height - 72)

    logo = _own_image(content.logo_url)
    if logo is not None:
        canvas.drawImage(logo, center - 60, height - 130, width=120, height=70, preserveAspectRatio=True, mask="auto")

    canvas.setFillColor(brand)
    canvas.setFont("Helvetica-Bold", 30)
    canvas.drawCentredString(center, height - 170, heading.upper())
    canvas.setFillColor(HexColor("#333333"))
    canvas.setFont("Helvetica", 15)
    canvas.drawCentredString(center, height - 210, f"{content.client_name} certifies that")
    size = _fit(canvas, content.holder_name, "Helvetica-Bold", 34, width - 160)
    canvas.setFont("Helvetica-Bold", size)
    canvas.drawCentredString(center, height - 260, content.holder_name)
    canvas.setFont("Helvetica", 15)
    achievement = "has passed the assessment" if content.is_assessment else "has completed every lesson of"
    canvas.drawCentredString(center, height - 295, achievement)
    size = _fit(canvas, content.title, "Helvetica-BoldOblique", 24, width - 160)
    canvas.setFillColor(brand)
    canvas.setFont("Helvetica-BoldOblique", size)
    canvas.drawCentredString(center, height - 335, content.title)
    canvas.setFillColor(HexColor("#333333"))
    canvas.setFont("Helvetica", 12)
    issued = f"Issued {content.issued_at:%d %B %Y} (UTC)"
    if content.is_assessment and content.score is not None:
        issued += f" with a score of {content.score}%"
    canvas.drawCentredString(center, height - 365, issued)

    # signatory, bottom left
    signature = _own_image(content.signature_url)
    if signature is not None:
        canvas.drawImage(signature, 90, 120, width=160, height=50, preserveAspectRatio=True, mask="auto")
    if content.signatory_name or signature is not None:
        canvas.setStrokeColor(HexColor("#555555"))
        canvas.setLineWidth(0.8)
        canvas.line(80, 112, 280, 112)
        canvas.setFont("Helvetica-Bold", 12)
        canvas.drawString(80, 96, content.signatory_name)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(80, 82, content.signatory_title)

    # verification, bottom right
    qr_size = 96
    canvas.drawImage(_qr_image(content.verification_url), width - 80 - qr_size, 76, width=qr_size, height=qr_size)
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(width - 80, 64, f"Verification code: {content.verification_code}")
    canvas.drawRightString(width - 80, 52, f"Verify at {content.verification_url}")

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
