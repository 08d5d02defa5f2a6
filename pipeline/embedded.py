"""Source data carried inside the PDFs this tool renders (as Factur-X invoices carry their XML):
an embedded file with the form id, the schema version, a hash of the data, and the data."""
from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import FormSpec

if TYPE_CHECKING:              # pypdf reads; rendering attaches the file while reportlab writes
    from pypdf import PdfReader

EMBEDDED_NAME = "shenbao-data.json"


@dataclass(frozen=True)
class Payload:
    form: str
    schema_version: int
    sha256: str
    data: dict[str, Any]

    @property
    def intact(self) -> bool:
        return data_hash(self.data) == self.sha256


def canonical_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def data_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def payload_file(spec: FormSpec, data: dict[str, Any]) -> bytes:
    """The contents of shenbao-data.json for ``data``: what the PDF carries (see render_pdf)."""
    payload = {"form": spec.id, "schema_version": spec.schema_version, "sha256": data_hash(data), "data": data}
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def strip_embedded(pdf: bytes) -> bytes:
    """The PDF without its embedded files: what the page shows, and nothing more (what the
    layout reading must then work from)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    names = writer._root_object.get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        del names.get_object()[NameObject("/EmbeddedFiles")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def extract(reader: PdfReader) -> Payload | None:
    """The embedded payload, or None when the PDF carries none (or an unreadable one)."""
    contents = reader.attachments.get(EMBEDDED_NAME)
    if not contents:
        return None
    try:
        raw = json.loads(contents[0].decode("utf-8"))
        return Payload(form=str(raw["form"]), schema_version=int(raw["schema_version"]),
                       sha256=str(raw["sha256"]), data=dict(raw["data"]))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
