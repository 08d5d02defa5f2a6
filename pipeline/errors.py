"""One error hierarchy. Every error carries the process exit code the CLI uses."""
from __future__ import annotations

from dataclasses import dataclass


class ShenbaoError(Exception):
    """Root of every error this project raises on purpose."""

    exit_code = 2


class UsageError(ShenbaoError):
    """The command was called wrongly (unknown form, bad option)."""

    exit_code = 2


class InputFileError(ShenbaoError):
    """A file could not be read or is not what it claims to be (not JSON, not a PDF…)."""

    exit_code = 2


class OutputError(ShenbaoError):
    """An output file or folder could not be written (names the path and why)."""

    exit_code = 2


class FormDefinitionError(ShenbaoError):
    """A form definition in forms/ is malformed. Names the file and the path inside it."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) with the data, tied to a field."""

    path: str          # JSON path, e.g. "$.unit.org_code"
    label: str         # the field's Chinese label
    message: str       # Chinese, says what is wrong
    severity: str = "error"   # "error" | "warning"

    def __str__(self) -> str:
        where = f"{self.label}（{self.path}）" if self.label else self.path
        return f"{where}：{self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "label": self.label, "message": self.message,
                "severity": self.severity}


class DataError(ShenbaoError):
    """The input data does not validate against its form."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class RenderError(ShenbaoError):
    """A renderer could not produce its document."""

    exit_code = 2
