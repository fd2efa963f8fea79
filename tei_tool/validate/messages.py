"""Message templates: the file-level checks (reading, parsing, grammar) and the command's usage errors.

Every message the validator can print is a template here or in the rule table, so the docs table
and the tests can enumerate them all, and ids stay stable when wording changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from tei_tool.findings import Finding, Severity


@dataclass(frozen=True)
class Check:
    """A stable id, a severity, a message template (str.format fields) and an optional hint template."""

    id: str
    severity: Severity
    message: str
    hint: str = ""
    summary: str = ""

    def finding(self, file: str, line: int, col: int, hint: str | None = None, **fields: object) -> Finding:
        """Fill the templates; an explicit hint replaces the template's."""
        text = self.message.format(**fields)
        advice = hint if hint is not None else self.hint.format(**fields)
        return Finding(file, max(line, 1), max(col, 1), self.severity, self.id, text, advice)


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# Checks on the file as a whole, before and around the project rules.
CHECKS: tuple[Check, ...] = (
    Check("IO001", E, "cannot read the file: {reason}", "check the path and its permissions",
          "The file can be read (exit code 2 when not)."),
    Check("XML001", E, "not well-formed XML: {reason}",
          "fix the markup at this position (an unclosed or mismatched tag, a bare & or <?)",
          "The file is well-formed XML (the parser's line and column)."),
    Check("XML002", E, "the DOCTYPE declares an external entity \"{entity}\" ({count} entity declaration(s)); "
          "external entities are never resolved (XXE)", "remove the <!DOCTYPE …[…]> block; TEI needs no DTD",
          "No external entity declarations (XXE): the file is rejected, nothing is read."),
    Check("XML003", E, "the DOCTYPE declares entity \"{entity}\" ({count} entity declaration(s)); entities are "
          "never expanded (entity expansion, \"billion laughs\")",
          "remove the <!DOCTYPE …[…]> block and write the characters themselves",
          "No internal entity declarations (expansion bombs): the file is rejected, nothing is expanded."),
    Check("XML004", W, "not a TEI document: the root element <{root}> is in {namespace}, not the TEI namespace; "
          "not checked", "TEI P5 documents have <TEI xmlns=\"http://www.tei-c.org/ns/1.0\"> (or teiCorpus) as "
          "root; leave other XML out of the folder or choose files with --glob",
          "The file is TEI (root in the TEI namespace); other XML (TEI P4, non-TEI) is reported and skipped."),
    Check("XML005", INFO, "XInclude is not processed: {count} xi:include element(s) checked as written (first: "
          "href=\"{href}\")", "validate the included files separately, or expand the inclusions first "
          "(xmllint --xinclude)", "Said once per file that uses XInclude: the inclusions are not expanded."),
    Check("SCH001", E, "cannot use the schema {schema}: {reason}",
          "build it with `python -m tei_tool.schema_build`, or point the xml-model PI at a valid RELAX NG file",
          "The schema (--schema, else the xml-model PI, else the project schema or tei_all) exists and compiles "
          "(exit code 2)."),
    Check("SCH002", W, "the xml-model schema \"{href}\" {problem}; checked against {schema} instead",
          "give a local .rng file in the xml-model PI, or choose the schema with --schema (PATH, project or tei_all)",
          "The xml-model PI names a usable local .rng schema (or an official tei_all address, which means "
          "the bundled copy); otherwise the file is checked against the default and this says so."),
    Check("RNG001", E, "schema: {reason}", "",
          "The document is valid against the RELAX NG schema."),
    Check("TIM001", E, "not checked: validating this file took longer than the time limit of {seconds} s",
          "raise the limit with --time-limit SECONDS (0: none), or check the file alone with --schema tei_all",
          "Each file is checked within the time limit (--time-limit, default 120 s)."),
    Check("INT001", E, "internal error in {what}: {reason}", "please report this with the file",
          "A rule crashed on this file (a bug in tei validate, not in the file)."),
)

CHECKS_BY_ID = {check.id: check for check in CHECKS}

# Command-line usage errors, printed to stderr as `error: …` with exit code 2.
USAGE: dict[str, str] = {
    "missing": "no such file or folder: {path}",
    "empty_dir": "no files matching {glob} in folder: {path}",
    "schema": "unknown schema: {schema} (use a path to a .rng file, project or tei_all)",
    "rules": "{reason}",
    "jobs": "--jobs must be at least 1 (got {jobs})",
    "time_limit": "--time-limit must be 0 (no limit) or more seconds (got {seconds:g})",
    "no_files": "no XML files to check",
    "format": "unknown output format: {fmt} (use text, json, github or junit)",
    "internal": "internal error: {reason} (please report this)",
}
