"""The rules table for the README, generated from the rule table so it can never drift.

`python -m tei_tool.validate.docs` prints it; docs/rules.md (and later the README) embed it between
`<!-- rules:start -->` and `<!-- rules:end -->`, and a test checks the embedded copy is current.
"""

from __future__ import annotations

from tei_tool.validate.messages import CHECKS, Check
from tei_tool.validate.rules import RULES

START = "<!-- rules:start -->"
END = "<!-- rules:end -->"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _row(check: Check, what: str) -> str:
    return f"| `{check.id}` | {check.severity.value} | {_cell(what)} |"


def rules_table() -> str:
    """A Markdown table: id, severity, what it checks (file-level checks first, then the project rules)."""
    lines = ["| id | severity | what it checks |", "|---|---|---|"]
    lines += [_row(check, check.summary) for check in CHECKS]
    lines += [_row(rule, rule.what) for rule in RULES]
    return "\n".join(lines) + "\n"


def embed(document: str) -> str:
    """document with the text between the markers replaced by the current table."""
    head, _, rest = document.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{rules_table()}{END}{tail}"


if __name__ == "__main__":
    print(rules_table(), end="")
