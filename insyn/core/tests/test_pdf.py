"""render_pdf: every PDF is tagged PDF/A-3a + PDF/UA-1, in Swedish, with a title."""

import io

import pytest
from pypdf import PdfReader

from insyn.core.pdf import PdfTemplateError, render_pdf
from tests.pdf_structure import archivable_problems, text_past_page_edge

PAGE = '<!doctype html><html lang="sv"><head><title>Rapport</title></head><body>{}</body></html>'


def test_a_minimal_page_is_tagged_archivable_swedish_and_titled():
    pdf = render_pdf(PAGE.format("<h1>Rubrik</h1><p>Hej</p>"))
    assert pdf.startswith(b"%PDF-1.7")
    assert archivable_problems(pdf) == []
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata["/Title"] == "Rapport"
    assert reader.trailer["/Root"]["/Lang"] == "sv"


def test_the_check_finds_an_untagged_plain_pdf():
    from weasyprint import HTML

    plain = HTML(string=PAGE.format("<p>Hej</p>")).write_pdf()
    problems = archivable_problems(plain)
    assert "otaggad: /StructTreeRoot saknas" in problems
    assert "XMP saknar PDF/A part 3" in problems and "XMP saknar PDF/UA part 1" in problems


@pytest.mark.parametrize(
    "html",
    [
        '<html lang="en"><title>Report</title><p>x</p></html>',
        "<html><title>Rapport</title><p>x</p></html>",
        '<html lang="sv"><p>x</p></html>',
    ],
)
def test_a_template_without_swedish_language_or_title_is_refused(html):
    with pytest.raises(PdfTemplateError):
        render_pdf(html)


def test_a_wide_table_stays_within_the_page():
    # Ten columns of long words: without fixed table layout the last columns are cut off.
    cells = "".join(f"<td>Sammanställningskolumn{i}</td>" for i in range(10))
    table = f"<table><tr>{cells}</tr></table>"
    assert text_past_page_edge(render_pdf(PAGE.format(table))) == []


def test_the_page_number_footer_uses_the_body_font():
    css = "@page { @bottom-right { content: 'Sida ' counter(page) } }"
    html = PAGE.format("<p>Hej</p>").replace("<head>", f"<head><style>{css}</style>")
    reader = PdfReader(io.BytesIO(render_pdf(html)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}
    assert names == {"DejaVu-Sans"}
