"""Every PDF Insyn writes goes through `render_pdf`: tagged, archivable, Swedish.

The follow-up report, the placement recommendation, the annual report and the council
report are public records (allmänna handlingar) that are archived and read with screen
readers. WeasyPrint writes them as **PDF/A-3a** (`pdf_variant="pdf/a-3a"`): level A means
tagged (a structure tree whose reading order follows the page, `/MarkInfo /Marked true`),
with an embedded sRGB output intent, embedded fonts and the PDF/A identification in the
XMP metadata. The same file also carries the **PDF/UA-1** identification (`pdfuaid:part
1`): WeasyPrint's `pdf/ua-1` variant only differs from `pdf/a-3a` by that line, and
WeasyPrint accepts one variant per file, so the line is added to the XMP packet here.
Document language (`/Lang`) and title come from `<html lang="sv">` and `<title>`; a
template without them is refused, so no untitled or language-less PDF is written.
See docs/adr/006-archivable-pdf-and-html-checks.md.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders

PDF_VARIANT = "pdf/a-3a"
LANGUAGE = "sv"

# Added to WeasyPrint's XMP packet: the PDF/UA-1 identification (ISO 14289-1, 5).
PDF_UA_IDENTIFICATION = (
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
    b"<pdfuaid:part>1</pdfuaid:part></rdf:Description></rdf:RDF>"
)

# The font every PDF uses, body and page-margin boxes alike (the footer had fallen back to
# a serif face because margin boxes do not inherit from <body>).
BASE_CSS = Path(__file__).resolve().parent.parent / "static" / "insyn" / "pdf_base.css"


class PdfTemplateError(ValueError):
    """The HTML lacks what an accessible PDF needs (language or title)."""


def stylesheet(static_path: str) -> str | None:
    """The file path of a static stylesheet, for `render_pdf(..., stylesheets=[...])`."""
    return finders.find(static_path)


def render_pdf(html: str, stylesheets=(), base_url: str | None = None) -> bytes:
    """Render `html` to a tagged PDF/A-3a + PDF/UA-1 file.

    `stylesheets` are file paths (None entries are skipped). The HTML must declare
    `lang="sv"` and a non-empty `<title>`.

    Example: ``render_pdf('<html lang="sv"><title>Rapport</title><p>Hej</p>')`` returns
    bytes starting ``%PDF-1.7`` whose catalog has ``/Lang (sv)``, ``/MarkInfo`` and a
    ``/StructTreeRoot``, and whose XMP says ``pdfaid:part 3``, ``conformance A`` and
    ``pdfuaid:part 1``.
    """
    from weasyprint import CSS, HTML

    css = [CSS(filename=str(BASE_CSS))]
    css += [CSS(filename=str(path)) for path in stylesheets if path]
    document = HTML(string=html, base_url=base_url).render(stylesheets=css, pdf_variant=PDF_VARIANT)
    metadata = document.metadata
    if (metadata.lang or "").split("-")[0] != LANGUAGE:
        raise PdfTemplateError(f'PDF-mallen saknar lang="{LANGUAGE}" på <html>.')
    if not (metadata.title or "").strip():
        raise PdfTemplateError("PDF-mallen saknar <title>.")
    metadata.xmp_metadata.append(PDF_UA_IDENTIFICATION)
    return document.write_pdf(pdf_variant=PDF_VARIANT)
