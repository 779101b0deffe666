"""A brief (`document.Document`) written as an editable Word file (python-docx) and as a PDF
(reportlab), both A4 with the same sections, so the case officer can attach either."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import matplotlib
import pandas as pd
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from brannsam.documents.brief import DRAFT_HEADING, link_note
from brannsam.documents.document import Document
from brannsam.present import export

MARGIN_CM = 2.0
CHART_WIDTH_CM = 16.0
LONG_TABLE = 6  # rows: a longer table breaks across pages with its header repeated
CHART_MAX_HEIGHT_CM = 11.0
DRAFT_NOTE = "Utkast fra Brannsam: saksbehandleren skriver om teksten før saken legges fram."
AUTHOR = "Brannsamarbeid Trøndelag (utredningen)"
LANGUAGE = "nb-NO"
A4_CM = (21.0, 29.7)
# DejaVu Sans, shipped with matplotlib (already a dependency): a TrueType font reportlab embeds in
# the PDF, with every character the briefs use (æøå, «», −, –, §).
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONTS = {
    "Brannsam": "DejaVuSans.ttf",
    "Brannsam-Bold": "DejaVuSans-Bold.ttf",
    "Brannsam-Italic": "DejaVuSans-Oblique.ttf",
}


def _register_fonts() -> None:
    if "Brannsam" in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(
        "Brannsam",
        normal="Brannsam",
        bold="Brannsam-Bold",
        italic="Brannsam-Italic",
        boldItalic="Brannsam-Bold",
    )


def _page_number_field(paragraph) -> None:
    """A PAGE field, so Word numbers the pages itself however the text is edited."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _norwegian(doc) -> None:
    """Proofing language bokmål on the base style, so Word checks the text in Norwegian."""
    properties = doc.styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    properties.append(language)


def _header_lines(brief: Document) -> list[str]:
    if not brief.scenario:
        return [f"Laget {brief.date} med Brannsam"]
    return [f"Scenario: «{brief.scenario}» · laget {brief.date} med Brannsam"]


def _source_lines(brief: Document) -> list[str]:
    """The public sources, and last the link that reproduces the scenario (with the sources, not
    above the facts)."""
    note = link_note(brief.link) if brief.scenario and brief.link else None
    return [*brief.sources, *([note] if note else [])]


BODY_PT = 9.5
CELL_PT = 8


def _cell_text(cell, text: str) -> None:
    """A table cell's text at the PDF's cell size, with no space after it."""
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.add_run(text).font.size = Pt(CELL_PT)


def _chart_size(png: bytes) -> tuple[float, float]:
    """The chart's width and height in cm, scaled as the PDF scales it (16 cm wide, at most 11 high)."""
    image = Image(io.BytesIO(png))
    scale = min(CHART_WIDTH_CM / image.drawWidth, CHART_MAX_HEIGHT_CM / image.drawHeight)
    return image.drawWidth * scale, image.drawHeight * scale


def xml_safe(value):
    """`value` (a document, its sections, tables, texts) with every text `export.xml_safe`: a
    character XML cannot hold shows as «\ufffd» instead of making the Word or PDF file fail."""
    if isinstance(value, str):
        return export.xml_safe(value)
    if isinstance(value, pd.DataFrame):
        frame = value.rename(columns=lambda c: export.xml_safe(c) if isinstance(c, str) else c)
        return frame.map(export.xml_safe)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value, **{f.name: xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
        )
    if isinstance(value, list):
        return [xml_safe(v) for v in value]
    if isinstance(value, tuple):
        return tuple(xml_safe(v) for v in value)
    return value


def to_docx(brief: Document) -> bytes:
    """An editable Word file; headings use Word's own styles so the case system can restyle them."""
    brief = xml_safe(brief)
    doc = docx.Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(A4_CM[0]), Cm(A4_CM[1])
        section.left_margin = section.right_margin = Cm(MARGIN_CM)
        section.top_margin = section.bottom_margin = Cm(MARGIN_CM)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Side ")
        _page_number_field(footer)
    # The same measures as the PDF, so an office suite lays the Word file out on as many pages.
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    doc.styles["Normal"].paragraph_format.space_after = Pt(4)
    doc.styles["Heading 1"].font.size = Pt(15)
    doc.styles["Heading 2"].font.size = Pt(12)
    doc.styles["Heading 2"].paragraph_format.space_before = Pt(8)
    _norwegian(doc)
    doc.core_properties.title = brief.title
    doc.core_properties.author = AUTHOR
    doc.core_properties.language = LANGUAGE
    doc.core_properties.comments = f"Laget {brief.date} med Brannsam"
    # python-docx's template carries its own 2013 dates: the file is made now.
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    doc.core_properties.created = doc.core_properties.modified = now
    doc.core_properties.last_modified_by = AUTHOR
    doc.core_properties.revision = 1
    doc.add_heading(brief.title, level=1)
    for line in _header_lines(brief):
        para = doc.add_paragraph(line)
        para.runs[0].font.size = Pt(9)
        para.runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    for part in brief.sections:
        doc.add_heading(part.heading, level=2)
        for text in part.paragraphs:
            doc.add_paragraph(text)
        for table in part.tables:
            title = doc.add_paragraph(table.title + (f" ({table.note})" if table.note else ""))
            title.runs[0].bold = True
            grid = doc.add_table(rows=1, cols=len(table.frame.columns))
            grid.style = "Light Grid Accent 1"
            for cell, name in zip(grid.rows[0].cells, table.frame.columns, strict=True):
                _cell_text(cell, str(name))
            for _, row in table.frame.iterrows():
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    _cell_text(cell, str(value))
        for caption, png in part.charts:
            width, height = _chart_size(png)
            doc.add_picture(io.BytesIO(png), width=Cm(width), height=Cm(height))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            doc.add_paragraph(caption).runs[0].italic = True
    doc.add_heading("Forbehold", level=2)
    for text in brief.caveats:
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("Kilder", level=2)
    for text in _source_lines(brief):
        doc.add_paragraph(text, style="List Bullet")
    if brief.draft:
        doc.add_heading(DRAFT_HEADING, level=2)
        note = doc.add_paragraph(DRAFT_NOTE)
        note.runs[0].italic = True
        for text in brief.draft:
            doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("Tekst", parent=base["BodyText"], fontName="Brannsam", fontSize=9.5, leading=12)
    return {
        "title": ParagraphStyle(
            "Tittel",
            parent=base["Title"],
            fontName="Brannsam-Bold",
            fontSize=15,
            leading=19,
            alignment=TA_LEFT,
        ),
        # A heading never stands alone at the foot of a page.
        "h2": ParagraphStyle(
            "Overskrift",
            parent=base["Heading2"],
            fontName="Brannsam-Bold",
            fontSize=12,
            leading=15,
            spaceBefore=8,
            keepWithNext=1,
        ),
        "table_title": ParagraphStyle("Tabelltittel", parent=body, keepWithNext=1),
        "body": body,
        "small": ParagraphStyle(
            "Liten", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#555555")
        ),
        "cell": ParagraphStyle("Celle", parent=body, fontSize=8, leading=10),
    }


CELL_PADDING = 12  # points: the cell's own padding on both sides, and a little air


def column_widths(frame, style: ParagraphStyle, total: float) -> list[float]:
    """Widths that give every column room for its longest unbreakable word (a figure like
    «7 360 000 kr» is joined by no-break spaces and must never be split), the rest shared by how
    much text each column holds."""

    def words(value: object) -> list[str]:
        return str(value).split(" ") or [""]

    texts = [[str(c), *map(str, frame[c])] for c in frame.columns]
    needs = [
        max(pdfmetrics.stringWidth(w, style.fontName, style.fontSize) for t in col for w in words(t))
        + CELL_PADDING
        for col in texts
    ]
    if sum(needs) >= total:
        return [total * n / sum(needs) for n in needs]
    weight = [sum(pdfmetrics.stringWidth(t, style.fontName, style.fontSize) for t in col) for col in texts]
    spare = total - sum(needs)
    return [n + spare * w / sum(weight) for n, w in zip(needs, weight, strict=True)]


def _pdf_table(frame, style: ParagraphStyle) -> PdfTable:
    rows = [[Paragraph(escape(str(c)), style) for c in frame.columns]]
    rows += [[Paragraph(escape(str(v)), style) for v in row] for row in frame.itertuples(index=False)]
    widths = column_widths(frame, style, A4[0] - 2 * MARGIN_CM * cm)
    table = PdfTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), "Brannsam"),
            ]
        )
    )
    return table


def to_pdf(brief: Document) -> bytes:
    """The same brief as a PDF (A4), text selectable."""
    brief = xml_safe(brief)
    styles = _styles()
    story = [Paragraph(escape(brief.title), styles["title"])]
    story += [Paragraph(escape(line), styles["small"]) for line in _header_lines(brief)]
    for section in brief.sections:
        story.append(Paragraph(escape(section.heading), styles["h2"]))
        story += [Paragraph(escape(text), styles["body"]) for text in section.paragraphs]
        for table in section.tables:
            title = table.title + (f" ({table.note})" if table.note else "")
            heading = Paragraph(f"<b>{escape(title)}</b>", styles["table_title"])
            grid = _pdf_table(table.frame, styles["cell"])
            # A short table moves whole to the next page; a long one breaks with its header repeated,
            # rather than leave a page nearly empty.
            story += [KeepTogether([heading, grid])] if len(table.frame) <= LONG_TABLE else [heading, grid]
        for caption, png in section.charts:
            image = Image(io.BytesIO(png))
            scale = min(CHART_WIDTH_CM * cm / image.drawWidth, CHART_MAX_HEIGHT_CM * cm / image.drawHeight)
            image.drawWidth, image.drawHeight = image.drawWidth * scale, image.drawHeight * scale
            story.append(KeepTogether([image, Paragraph(f"<i>{escape(caption)}</i>", styles["small"])]))
    for heading, items in (("Forbehold", brief.caveats), ("Kilder", _source_lines(brief))):
        story.append(Paragraph(heading, styles["h2"]))
        story += [Paragraph("• " + escape(text), styles["body"]) for text in items]
    if brief.draft:
        story.append(Paragraph(DRAFT_HEADING, styles["h2"]))
        story.append(Paragraph(f"<i>{escape(DRAFT_NOTE)}</i>", styles["small"]))
        story += [Paragraph(escape(text), styles["body"]) for text in brief.draft]
    story.append(Spacer(1, 0.3 * cm))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_CM * cm,
        rightMargin=MARGIN_CM * cm,
        topMargin=MARGIN_CM * cm,
        bottomMargin=MARGIN_CM * cm,
        title=brief.title,
        author=AUTHOR,
        lang=LANGUAGE,
        initialFontName="Brannsam",
    ).build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def _page_number(canvas, document) -> None:
    canvas.saveState()
    canvas.setFont("Brannsam", 8)
    canvas.drawCentredString(A4[0] / 2, MARGIN_CM * cm / 2, f"Side {document.page}")
    canvas.restoreState()


WRITERS = {"docx": to_docx, "pdf": to_pdf}


def zipped(briefs: Iterable[Document], fmt: str) -> bytes:
    """Every brief in one zip, named `<kommunenummer>-<kommunenavn>.<fmt>`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in briefs:
            archive.writestr(item.file_name(fmt), WRITERS[fmt](item))
    return buffer.getvalue()
