"""Drawing laid-out pages as a PDF with reportlab's standard (WinAnsi) fonts, byte for byte repeatable."""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from .layout import Page
from .wrap import Line

rl_config.invariant = 1  # no creation date or random document id: the same source gives the same bytes


def pdf_bytes(pages: list[Page], *, title: str, author: str = "", subject: str = "") -> bytes:
    """The pages as a PDF file; each line is one text object, so pypdf reads it as one line."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator("Vraagbaak eval/render.py")
    for page in pages:
        canvas.setLineWidth(0.4)
        for x1, y1, x2, y2 in page.rules:
            canvas.line(x1, y1, x2, y2)
        for line in page.lines:
            _draw(canvas, line)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw(canvas: Canvas, line: Line) -> None:
    """One line: its spans in their fonts, raised markers, spans set apart moved right."""
    text = canvas.beginText(line.x, line.y)
    origin = line.x
    for span in line.spans:
        if span.x is not None:
            text.moveCursor(span.x - origin, 0)  # relative to where the current line started
            origin = span.x
        text.setFont(span.font, span.size)
        text.setRise(span.rise)
        text.textOut(span.text)
    canvas.drawText(text)
