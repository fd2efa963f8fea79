"""Findings: what every stage reports, always with a file, line and column.

One type for the encoder, the validator and the config loader, so the CLI prints them all the same
way (`file:line:col: severity[code] message`) and the machine formats (json, github, junit) need one
serialiser each.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, order=True)
class Finding:
    """One message about one place in one file."""

    file: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str
    hint: str = field(default="", compare=False)

    def format(self) -> str:
        text = f"{self.file}:{self.line}:{self.col}: {self.severity.value}[{self.code}] {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def worst(findings: list[Finding]) -> Severity | None:
    """The most severe level among findings, or None when there are none."""
    if not findings:
        return None
    return max((f.severity for f in findings), key=lambda s: s.rank)
