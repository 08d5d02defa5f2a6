"""What the checker reports: findings, and the report of one file."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    rule: str            # e.g. "font-size.body"
    severity: str        # "error" | "warning"
    message: str         # Chinese, says what is wrong
    location: str        # where: section heading / paragraph / page
    expected: str = ""
    actual: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class Report:
    file: str
    kind: str                     # "docx" | "pdf"
    form: str | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def compliant(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "form": self.form, "compliant": self.compliant,
                "findings": [f.as_dict() for f in self.findings]}
