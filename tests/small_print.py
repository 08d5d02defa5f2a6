"""A PDF that breaks the notice's rules where a position can be shown: the body in 小四 (12 pt)
at single spacing, no 目录, no page numbers — made with reportlab and the project's Song face."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from pipeline.loader import fonts_dir, load_style

BODY = ("本单位成立于 2012 年，为民营企业，主营工业品供应链管理与电子商务仓储服务。",
        "公司主要股东为两名自然人，已通过质量管理体系认证，管理制度健全。",
        "公司拥有软件著作权十二项、实用新型专利五项，技术力量较强。")


def small_print_pdf(title: str = "广东省工业和信息化领域电子商务第三批试点单位申报书") -> bytes:
    style = load_style()
    font = "SongForTest"
    pdfmetrics.registerFont(TTFont(font, str(fonts_dir() / style.pdf_font_file)))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    width, height = A4
    page.setFont(font, 22)
    page.drawCentredString(width / 2, height - 200, title)
    page.showPage()
    page.setFont(font, 12)
    page.drawString(90, height - 100, "一、单位基本情况")
    page.setFont(font, 12)
    y = height - 140
    for text in BODY:
        for start in range(0, len(text), 30):
            page.drawString(90, y, text[start:start + 30])
            y -= 14.4
    page.showPage()
    page.save()
    return buffer.getvalue()
