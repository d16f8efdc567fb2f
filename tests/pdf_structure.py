"""The outside check on Insyn's PDFs: tagged, archivable, Swedish, within the page.

`archivable_problems(pdf)` reads the file with pypdf (not with WeasyPrint, which wrote it)
and lists what a PDF/A-3a + PDF/UA-1 file must have and this one lacks: a structure tree
(`/StructTreeRoot`) and `/MarkInfo /Marked true` (tagged, reading order), `/Lang (sv)`, a
title shown as the window title, an sRGB output intent, and the PDF/A and PDF/UA
identification in the XMP metadata. `text_past_page_edge(pdf)` asks poppler's
`pdftotext -bbox` for every word's box and names the words that reach into the page
margin or past the paper (a table column cut off at the edge).
"""

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

XMP_REQUIRED = {
    "PDF/A part 3": re.compile(rb"pdfaid:part(?:>|=\")3"),
    "PDF/A conformance A": re.compile(rb"pdfaid:conformance(?:>|=\")A"),
    "PDF/UA part 1": re.compile(rb"pdfuaid:part(?:>|=\")1"),
}


def archivable_problems(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in root:
        problems.append("otaggad: /StructTreeRoot saknas")
    if not (root.get("/MarkInfo") or {}).get("/Marked"):
        problems.append("otaggad: /MarkInfo /Marked saknas")
    if root.get("/Lang") != "sv":
        problems.append(f"språk: /Lang är {root.get('/Lang')!r}, inte 'sv'")
    title = (reader.metadata or {}).get("/Title") or ""
    if not title.strip():
        problems.append("titel saknas")
    if not (root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle"):
        problems.append("/DisplayDocTitle saknas")
    intents = root.get("/OutputIntents") or []
    if not any(intent.get_object().get("/S") == "/GTS_PDFA1" for intent in intents):
        problems.append("PDF/A-utdataavsikt (sRGB) saknas")
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().get_data() if metadata else b""
    problems += [
        f"XMP saknar {name}" for name, pattern in XMP_REQUIRED.items() if not pattern.search(xmp)
    ]
    return problems


def text_past_page_edge(pdf: bytes, margin_pt: float = 20.0) -> list[str]:
    """Words whose box ends within `margin_pt` of the right paper edge or beyond it.

    Every Insyn PDF has at least 1.6 cm (45 pt) page margins, so text there has run past
    the content box."""
    if not shutil.which("pdftotext"):  # poppler-utils, in the Makefile's SYSTEM_PACKAGES
        raise RuntimeError("pdftotext (poppler-utils) behövs för kontrollen")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        out = subprocess.run(
            ["pdftotext", "-bbox", str(source), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    past = []
    width = None
    for line in out.splitlines():
        page = re.search(r'<page width="([\d.]+)"', line)
        if page:
            width = float(page.group(1))
        word = re.search(
            r'<word xMin="[\d.-]+" yMin="[\d.-]+" xMax="([\d.-]+)"[^>]*>(.*)</word>', line
        )
        if word and width and float(word.group(1)) > width - margin_pt:
            past.append(word.group(2))
    return past


def word_lines(pdf: bytes) -> dict[str, list[tuple[int, float]]]:
    """Each word's (page, top y in pt) as poppler places it, in reading order."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        out = subprocess.run(
            ["pdftotext", "-bbox", str(source), "-"], check=True, capture_output=True, text=True
        ).stdout
    lines, page = {}, 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        word = re.search(r'<word xMin="[\d.-]+" yMin="([\d.-]+)"[^>]*>(.*)</word>', line)
        if word:
            lines.setdefault(word.group(2), []).append((page, round(float(word.group(1)), 1)))
    return lines
