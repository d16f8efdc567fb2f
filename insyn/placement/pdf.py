"""The recommendation as a PDF (WeasyPrint), from the same data as the HTML page."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from insyn.core.pdf import render_pdf

PDF_CSS = Path(__file__).resolve().parent.parent / "static" / "placement" / "pdf.css"


def recommendation_pdf(recommendation) -> bytes:
    html = render_to_string(
        "placement/recommendation_pdf.html",
        {
            "recommendation": recommendation,
            "items": recommendation.items.all(),
            "MUNICIPALITY_NAME": settings.INSYN["MUNICIPALITY_NAME"],
            "printed": timezone.localtime(),
        },
    )
    return render_pdf(html, [PDF_CSS])
