"""The OPC package of a DOCX: zip entries, relationships, parsed XML parts."""
from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


class DocxReadError(ValueError):
    """The bytes are not a readable WordprocessingML package."""


class Package:
    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError) as exc:
            raise DocxReadError(f"not a zip package: {exc}") from exc
        self.names = set(self.zip.namelist())
        self._xml: dict[str, etree._Element | None] = {}
        main = [target for _, kind, target in self.rels("") if kind == "officeDocument"]
        self.main = main[0] if main else "word/document.xml"
        if self.xml(self.main) is None:
            raise DocxReadError(f"no main document part ({self.main})")

    def xml(self, name: str | None) -> etree._Element | None:
        """The parsed part, or None when absent. Malformed XML raises DocxReadError."""
        if not name or name not in self.names:
            return None
        if name not in self._xml:
            try:
                self._xml[name] = etree.fromstring(self.zip.read(name), _PARSER)
            except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError) as exc:
                raise DocxReadError(f"{name}: {exc}") from exc
        return self._xml[name]

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(rId, type's last path segment, target part name) for the part's internal rels."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        root = self.xml(rels_name)
        if root is None:
            return []
        out = []
        for rel in root.iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            out.append((rel.get("Id", ""), rel.get("Type", "").rsplit("/", 1)[-1], target))
        return out

    def related(self, part: str, kind: str) -> str | None:
        """The first target of relationship type ``kind`` (e.g. "styles") from ``part``."""
        return next((t for _, k, t in self.rels(part) if k == kind), None)
