"""The PDF core: every hard name is in the text layer, the QR code decodes to the
verification URL, the font is embedded, the page is A4 landscape; no font → a system check."""

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from certificates import checks, pdf

from .factories import HARD_NAMES

URL = "https://leren.example.nl/verify/Q2xhc3NpZmllZC1jb2RlLXRoYXQtaXMtbG9uZy1lbm91Z2g/"


def data(name: str, **overrides) -> pdf.CertificateData:
    values = dict(
        title="Certificaat",
        intro="Hierbij verklaren wij dat",
        name=name,
        wording="met goed gevolg de vaardigheidsmodule heeft afgerond",
        course_title="Vaardigheidsmodule Dienstverlening",
        modules=["Inleiding", "Waardevolle gesprekken", "Omgaan met emoties"],
        modules_label="Onderdelen",
        date_line="Uitgereikt op 4 oktober 2026",
        issuer="NVVB / PublieksAcademie",
        signatories=[pdf.Signatory("Marloes Visser", "PublieksAcademie")],
        serial_line="Certificaatnummer DV-2026-000123",
        verify_line=f"Controleer de echtheid: {URL}",
        verify_url=URL,
    )
    values.update(overrides)
    return pdf.CertificateData(**values)


def font() -> str:
    found = pdf.find_font()
    assert found is not None, "DejaVu Sans is not installed (apt-get install fonts-dejavu-core)"
    return str(found)


@pytest.mark.parametrize("first,last", HARD_NAMES)
def test_every_hard_name_is_printed_and_readable_back(first, last):
    name = f"{first} {last}"
    content = pdf.render(data(name), font_path=font())
    text = pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert name in text
    assert "DV-2026-000123" in text
    assert "Omgaan met emoties" in text


def test_the_page_is_a4_landscape_with_the_font_embedded():
    reader = pypdf.PdfReader(io.BytesIO(pdf.render(data("Жанна Иванова"), font_path=font())))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [
        f.get_object()["/FontDescriptor"]
        for f in fonts.values()
        if "/FontDescriptor" in f.get_object()
    ]
    assert descriptors and all("/FontFile2" in d for d in descriptors)


def test_the_qr_code_decodes_to_the_absolute_verification_url():
    content = pdf.render(data("Ödön Ősz"), font_path=font())
    page = pypdfium2.PdfDocument(content)[0]
    image = page.render(scale=2).to_pil()
    codes = zxingcpp.read_barcodes(image)
    assert [c.text for c in codes] == [URL]


def test_the_qr_code_is_vector_not_an_image():
    reader = pypdf.PdfReader(io.BytesIO(pdf.render(data("Łukasz Wróbel"), font_path=font())))
    resources = reader.pages[0]["/Resources"]
    assert "/XObject" not in resources


def test_a_missing_font_is_a_system_check_error(settings):
    settings.LMS_CERTIFICATE_FONT = "/nonexistent/font.ttf"
    errors = checks.check_font(None)
    assert [e.id for e in errors] == ["certificates.E001"]
    with pytest.raises(SystemCheckError, match="certificates.E001"):
        call_command("check")


def test_the_configured_font_is_used(settings):
    settings.LMS_CERTIFICATE_FONT = font()
    assert checks.check_font(None) == []


def test_every_font_on_the_page_is_embedded_and_the_metadata_is_real():
    """`pdffonts` listed Helvetica, not embedded, from ReportLab's default font state; the
    dates were a fixed 'invariant' one. Read back: only our embedded font, real dates."""
    from datetime import UTC, datetime

    reader = pypdf.PdfReader(io.BytesIO(pdf.render(data("Jan de Vries"), font_path=font())))
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts
    for item in fonts:
        descendants = item.get("/DescendantFonts")
        described = descendants[0].get_object() if descendants else item
        assert "/FontFile2" in described["/FontDescriptor"], item.get("/BaseFont")
    meta = reader.metadata
    assert meta.title == "Certificaat Vaardigheidsmodule Dienstverlening — Jan de Vries"
    assert meta.author == "NVVB / PublieksAcademie"
    assert meta.subject == "Certificaatnummer DV-2026-000123"
    created = meta.creation_date
    assert created is not None
    assert abs((datetime.now(UTC) - created.astimezone(UTC)).total_seconds()) < 3600
