"""What every rule looks at: the document's facts, its text stream, and the form it claims."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..model import FormSpec, Style
from ..parse.reader import Reading
from ..parse.stream import Item, squash
from ..render.document import Heading, build_document
from .docx_model import DocxFacts
from .pdf_facts import PdfFacts


@dataclass
class Subject:
    kind: str                      # "docx" | "pdf"
    style: Style
    spec: FormSpec | None          # None: the form could not be told (content rules skipped)
    items: list[Item]              # the text stream the parser reads
    reading: Reading | None        # the form's values as the parser reads them
    docx: DocxFacts | None = None
    pdf: PdfFacts | None = None

    @property
    def requires_toc(self) -> bool:
        """The notice asks 申报书 for a 目录; a form file says whether it has one."""
        return self.spec.toc if self.spec else True

    @cached_property
    def form_headings(self) -> tuple[str, ...]:
        """The headings the form prints, in order."""
        if self.spec is None:
            return ()
        return tuple(b.text for b in build_document(self.spec, None).blocks if isinstance(b, Heading))

    @cached_property
    def heading_keys(self) -> frozenset[str]:
        return frozenset(squash(h) for h in self.form_headings)
