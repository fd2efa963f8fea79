"""The rules table for the README, generated from the rule table so it can never drift.

`python -m tei_tool.validate.docs` prints it; docs/rules.md (and later the README) embed it between
`<!-- rules:start -->` and `<!-- rules:end -->`, and a test checks the embedded copy is current.
"""

from __future__ import annotations

from tei_tool.validate.messages import CHECKS, Check
from tei_tool.validate.rules import RULES, Rule

START = "<!-- rules:start -->"
END = "<!-- rules:end -->"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _row(check: Check, what: str, applies: str = "every file") -> str:
    return f"| `{check.id}` | {check.severity.value} | {_cell(what)} | {applies} |"


def _applies(rule: Rule) -> str:
    """Which files a rule runs on by default (`--rules auto`), and its severity elsewhere."""
    if rule.scope != "any":
        return "files `tei encode` wrote"
    if rule.elsewhere is not None:
        return f"any TEI ({rule.elsewhere.value} on TEI from elsewhere)"
    return "any TEI"


def rules_table() -> str:
    """A Markdown table: id, severity, what it checks (file-level checks first, then the project rules)."""
    lines = ["| id | severity | what it checks | runs on (default) |", "|---|---|---|---|"]
    lines += [_row(check, check.summary) for check in CHECKS]
    lines += [_row(rule, rule.what, _applies(rule)) for rule in RULES]
    return "\n".join(lines) + "\n"


def embed(document: str) -> str:
    """document with the text between the markers replaced by the current table."""
    head, _, rest = document.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{rules_table()}{END}{tail}"


if __name__ == "__main__":
    print(rules_table(), end="")
