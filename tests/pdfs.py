"""Real PDFs for tests, made with reportlab (a test dependency, as in the importer's round-trip packs).

Streams are left uncompressed so that a word written into a PDF is also in the file's bytes: the canary scan
(test_canaries) finds every planted word in the fixture's files, PDFs included, and the build's outputs must then
not hold it. `invariant=1` makes the bytes the same on every run.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def write_pdf(path: Path, pages: list[list[str]], password: str | None = None) -> Path:
    """A PDF with one page per entry of `pages`, each line of text drawn under the one before. `password`: a
    user password is needed to open it (the build cannot read it)."""
    encrypt = None
    if password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(password, "owner-" + password)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=0, encrypt=encrypt)
    for lines in pages:
        y = 800
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return path


def write_image_only_pdf(path: Path) -> Path:
    """A 'scanned' page: a picture of a page (here a grey box) and no text layer."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=0)
    pdf.setFillGray(0.5)
    pdf.rect(72, 400, 400, 300, fill=1)
    pdf.showPage()
    pdf.save()
    return path
