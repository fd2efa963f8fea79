"""Load and check the corpus configuration: `tei.yaml`, `persons.yaml` and per-document sidecars.

Every mistake becomes a `Finding` at the YAML line and column of the offending key or value, because
a JSON path alone (`rules.archive_patterns[1].regex`) makes people count list items by hand. The
YAML is composed into nodes first (which carry their marks), checked for duplicate keys (which a
plain `yaml.safe_load` silently drops), then validated against the JSON Schemas in `schemas/`, whose
property descriptions double as the reference documentation (`docs/configuration.md`).

Codes: CFG001 YAML syntax, CFG002 schema violation, CFG003 duplicate key, CFG004 duplicate person id,
CFG005 name claimed by two persons, CFG006 file not found or unreadable, CFG007 bad regular
expression, CFG008 short form shared by two persons (warning), CFG009 line both clutter and text,
CFG010 line past the end of the transcript (warning), CFG011 schema file not found (warning), CFG012
`output:` outside the corpus folder (warning).

Hostile files are bounded: a file over MAX_YAML_BYTES is not read, nesting deeper than MAX_DEPTH and
aliases that would expand a file beyond MAX_EXPANSION values (a "billion laughs" anchor bomb) are
refused while the YAML is composed, before anything walks the expanded tree. Messages quote at most
MAX_QUOTE characters of a value, so a `persons:` key pointing at some other file cannot print it.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from tei_tool.config import (  # noqa: F401 - CONFIG_NAME, find_config: defined there so `tei validate` needs no jsonschema
    CONFIG_NAME,
    BracketCorrection,
    Config,
    HeaderDefaults,
    PersonEntry,
    Personography,
    RuleOptions,
    Sidecar,
    find_config,
)
from tei_tool.findings import Finding, Severity
from tei_tool.read.lexicon import name_key
from tei_tool.resources import schema_file

SCHEMA_FILES = {
    "config": "tei-config.schema.json",
    "persons": "persons.schema.json",
    "sidecar": "sidecar.schema.json",
}
DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
DOC_BEGIN = "<!-- BEGIN GENERATED: python -m tei_tool.config.load --write-docs -->"
DOC_END = "<!-- END GENERATED -->"

MAX_YAML_BYTES = 10 * 1024 * 1024  # a personography of 10,000 persons is about 2 MB
MAX_DEPTH = 64  # the schemas need 4 levels
MAX_EXPANSION = 200_000  # values after aliases are expanded, beyond the file's own nodes
MAX_QUOTE = 60  # characters of a value quoted back in a message


# -- YAML with positions -------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps: `date: 1962-02-30` must reach the schema as a string
    (and be reported), not crash the constructor or turn into a `datetime.date`.

    Composing is bounded: depth (PyYAML composes recursively, so 10,000 levels would be a
    RecursionError), recursive aliases (an alias inside its own anchor) and the size of the tree once
    aliases are expanded (an anchor bomb of 600 bytes expands to 10^9 values)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._open_anchors: list[str] = []

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self._open_anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"the alias *{event.anchor} is inside its own anchor &{event.anchor} "
                    "(a recursive structure)", event.start_mark)  # type: ignore[arg-type]
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"the structure is nested more than {MAX_DEPTH} levels deep", event.start_mark)
        anchor = getattr(event, "anchor", None)
        self._depth += 1
        if anchor is not None:
            self._open_anchors.append(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor is not None:
                self._open_anchors.pop()


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _expanded_size(root: yaml.Node) -> tuple[int, int]:
    """(distinct nodes, nodes once every alias is expanded), without expanding anything: each shared
    node is measured once (the composer refused cycles, and depth is bounded)."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(key) + size(value) for key, value in node.value)
        sizes[id(node)] = total
        return total

    expanded = size(root)
    return len(sizes), expanded


def _quote(value: object) -> str:
    """A value for a message: repr, cut to MAX_QUOTE characters."""
    text = repr(value)
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


@dataclass
class _Parsed:
    """A YAML file as data plus the node tree, so errors can be placed at lines."""

    file: str
    data: Any
    root: yaml.Node | None


def _finding(file: str, mark: yaml.Mark | None, code: str, message: str, hint: str = "",
             severity: Severity = Severity.ERROR) -> Finding:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Finding(file, line, col, severity, code, message, hint)


def _parse(path: Path, display: str) -> tuple[_Parsed | None, list[Finding]]:
    """Read and compose one YAML file; syntax errors and duplicate keys become findings."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_YAML_BYTES + 1)
    except FileNotFoundError:
        return None, [_finding(display, None, "CFG006", "file not found")]
    except OSError as error:
        return None, [_finding(display, None, "CFG006", f"cannot read the file: {error.strerror or error}")]
    if len(raw) > MAX_YAML_BYTES:
        return None, [_finding(display, None, "CFG006",
                               f"the file is over {MAX_YAML_BYTES // 1024 // 1024} MB; configuration files "
                               "that large are refused", "is this the right file?")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")) + 1
        return None, [Finding(display, line, col, Severity.ERROR, "CFG006",
                              f"not UTF-8 text (byte 0x{raw[error.start]:02x})", "save the file as UTF-8")]
    text = text.removeprefix("\ufeff")
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "invalid YAML"
        context = f" ({error.context})" if error.context else ""
        hint = "" if isinstance(error, yaml.composer.ComposerError) else \
            "check indentation, colons and quotes on this line and the one before"
        return None, [_finding(display, mark, "CFG001", f"YAML syntax error: {problem}{context}", hint)]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "reason", None) or type(error).__name__
        return None, [_finding(display, mark, "CFG001", f"YAML error: {reason}")]
    except RecursionError:  # pragma: no cover - the composer's depth bound comes first
        return None, [_finding(display, None, "CFG001", "YAML error: the structure is nested too deeply")]
    if root is not None:
        distinct, expanded = _expanded_size(root)
        if expanded > distinct + MAX_EXPANSION:
            return None, [_finding(display, root.start_mark, "CFG001",
                                   f"YAML error: its aliases expand the file to {expanded:,} values "
                                   f"(from {distinct:,}); over {MAX_EXPANSION:,} extra values are refused",
                                   "write the values out instead of repeating anchors (*name)")]
    findings = list(_duplicate_keys(root, display))
    if root is None:
        return _Parsed(display, {}, None), findings
    loader = _Loader("")
    try:
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as error:  # unknown tags (!!python/...), unhashable keys
        return None, findings + [_finding(display, error.problem_mark or error.context_mark, "CFG001",
                                          f"YAML error: {error.problem or error}",
                                          "plain YAML only: no tags, and keys must be text")]
    return _Parsed(display, data, root), findings


def _duplicate_keys(node: yaml.Node | None, file: str, path: str = "") -> Iterator[Finding]:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            child = _join(path, name)
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:str":
                yield _finding(file, key.start_mark, "CFG002", f"{child}: a key must be text, not {_quote(key.value)}",
                               f'quote it: "{key.value}"')
            if name in seen:
                yield _finding(file, key.start_mark, "CFG003",
                               f"{child}: duplicate key (first at line {seen[name].start_mark.line + 1}); "
                               "YAML would silently keep only the last value",
                               "merge the two entries or remove one")
            else:
                seen[name] = key
            yield from _duplicate_keys(value, file, child)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, file, f"{path}[{index}]")


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _json_path(parts: Any) -> str:
    path = ""
    for part in parts:
        path = _join(path, part)
    return path


def _locate(root: yaml.Node | None, parts: Any, key: bool = False) -> yaml.Node | None:
    """The node at a JSON-Schema error path; with `key`, the key node of the last step."""
    node = root
    parts = list(parts)
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and str(key_node.value) == str(part):
                    node = key_node if (key and last) else value_node
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


# -- schema validation ---------------------------------------------------------------------------


@cache
def schema(kind: str) -> dict[str, Any]:
    """One of the bundled JSON Schemas: "config", "persons" or "sidecar"."""
    with open(schema_file(SCHEMA_FILES[kind]), encoding="utf-8") as stream:
        loaded: dict[str, Any] = json.load(stream)
    return loaded


def _validate(parsed: _Parsed, kind: str) -> list[Finding]:
    """Schema errors, each at the line of the value (or of the unknown key) it is about."""
    validator = jsonschema.Draft202012Validator(schema(kind))
    findings = []
    for error in sorted(validator.iter_errors(parsed.data), key=lambda e: list(map(str, e.absolute_path))):
        findings += _describe(parsed, error)
    return findings


def _describe(parsed: _Parsed, error: jsonschema.ValidationError) -> list[Finding]:
    path = list(error.absolute_path)
    where = _json_path(path)
    node = _locate(parsed.root, path)
    mark = node.start_mark if node is not None else None
    description = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    validator = error.validator
    if validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        findings = []
        for extra in sorted(set(error.instance) - set(allowed)):
            key_node = _locate(parsed.root, [*path, extra], key=True)
            close = difflib.get_close_matches(str(extra), allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else ""
            expected = f"; expected one of: {', '.join(allowed)}" if allowed else ""
            findings.append(_finding(parsed.file, key_node.start_mark if key_node else mark, "CFG002",
                                     f"{_join(where, str(extra))}: unknown key{expected}", hint))
        return findings
    if validator == "required":
        missing = re.match(r"'([^']*)'", error.message)
        name = missing.group(1) if missing else "?"
        return [_finding(parsed.file, mark, "CFG002", f"{_join(where, name)}: required key is missing")]
    if validator == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        message = f"{_quote(error.instance)} is not one of: {choices}"
    elif validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(_TYPE_WORDS.get(str(w), str(w)) for w in wanted)
        got = _kind_of(error.instance) if path else _kind_of(error.instance, quote=False)
        message = f"expected {words}, got {got}"
        if not path:
            description = "is this the right file? It should be a YAML mapping of the keys below. " + description
    elif validator == "pattern":
        expected = error.schema.get("x-expected", f"text matching {error.validator_value}")
        message = f"{_quote(error.instance)} is not {expected}"
    elif validator in ("minLength", "minItems") and not error.instance:
        message = "must not be empty"
    else:
        message = error.message if len(error.message) <= 2 * MAX_QUOTE else f"{_kind_of(error.instance)} is not allowed"
    return [_finding(parsed.file, mark, "CFG002", f"{where or '(top level)'}: {message}", description)]


_TYPE_WORDS = {"object": "a mapping", "array": "a list", "string": "a string", "integer": "an integer",
               "number": "a number", "boolean": "true or false", "null": "nothing"}


def _kind_of(value: Any, quote: bool = True) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str) and (not quote or len(value) > MAX_QUOTE or "\n" in value):
        return f"text of {len(value):,} characters"
    return _quote(value)


def _error_free(findings: list[Finding]) -> bool:
    return not any(f.severity is Severity.ERROR for f in findings)


def _check_regex(parsed: _Parsed, parts: list[str | int], value: object) -> list[Finding]:
    if not isinstance(value, str):
        return []
    try:
        re.compile(value)
    except re.error as error:
        node = _locate(parsed.root, parts)
        return [_finding(parsed.file, node.start_mark if node else None, "CFG007",
                         f"{_json_path(parts)}: not a valid regular expression: {error}",
                         "regexes use Python syntax; in YAML, quote them with single quotes")]
    return []


# -- tei.yaml ------------------------------------------------------------------------------------


def load_config(path: Path | None) -> tuple[Config, list[Finding]]:
    """tei.yaml merged over the built-in defaults; `None` means no tei.yaml (defaults only).

    Paths in the file are relative to its folder. On any error finding the returned Config holds
    whatever could be read; callers stop before encoding.
    """
    config, findings = _load_config(path)
    return config, sorted(findings)


def _load_config(path: Path | None) -> tuple[Config, list[Finding]]:
    config = Config()
    if path is None:
        return config, []
    parsed, findings = _parse(path, str(path))
    config.path = path
    if parsed is None:
        return config, findings
    findings += _validate(parsed, "config")
    data = parsed.data if isinstance(parsed.data, dict) else {}
    rules: dict[str, Any] = data["rules"] if isinstance(data.get("rules"), dict) else {}
    for key in ("clutter_lines", "redaction_phrases"):
        for index, value in enumerate(_list(rules.get(key))):
            findings += _check_regex(parsed, ["rules", key, index], value)
    for index, entry in enumerate(_list(rules.get("archive_patterns"))):
        if isinstance(entry, dict):
            findings += _check_regex(parsed, ["rules", "archive_patterns", index, "regex"], entry.get("regex"))
    for index, entry in enumerate(_list(rules.get("source_series"))):
        if isinstance(entry, dict):
            for number, signal in enumerate(_list(entry.get("signals"))):
                findings += _check_regex(parsed, ["rules", "source_series", index, "signals", number], signal)
    if not _error_free(findings):
        return config, findings
    base = path.parent
    config.input_dir = base / data.get("input", str(config.input_dir))
    config.output_dir = base / data.get("output", str(config.output_dir))
    if "schema" in data:
        config.schema = base / data["schema"]
        if not config.schema.is_file():
            node = _locate(parsed.root, ["schema"])
            findings.append(_finding(parsed.file, node.start_mark if node else None, "CFG011",
                                     f"schema: {data['schema']} not found (looked for {config.schema})",
                                     "the xml-model reference will point to a missing file",
                                     Severity.WARNING))
    if "output" in data:
        corpus = base.resolve()
        if not config.output_dir.resolve().is_relative_to(corpus):
            node = _locate(parsed.root, ["output"])
            findings.append(_finding(parsed.file, node.start_mark if node else None, "CFG012",
                                     f"output: {_quote(data['output'])} is outside the corpus folder {corpus}",
                                     "encodings usually live beside their transcripts (output: encoded); "
                                     "a shared folder mixes corpora and may overwrite another corpus' files",
                                     Severity.WARNING))
    if "persons" in data:
        persons = base / data["persons"]
        if persons.suffix.lower() not in (".yaml", ".yml"):
            node = _locate(parsed.root, ["persons"])
            findings.append(_finding(parsed.file, node.start_mark if node else None, "CFG006",
                                     f"persons: {_quote(data['persons'])} is not a .yaml or .yml file",
                                     "point it at the personography, e.g. persons: persons.yaml"))
        elif persons.is_file():
            config.persons_path = persons
        else:
            node = _locate(parsed.root, ["persons"])
            findings.append(_finding(parsed.file, node.start_mark if node else None, "CFG006",
                                     f"persons: {data['persons']} not found (looked for {persons})",
                                     "create it (tei init writes an example) or remove the key"))
    defaults = RuleOptions()
    config.rules = RuleOptions(
        clutter_lines=list(rules.get("clutter_lines", defaults.clutter_lines)),
        redaction_phrases=list(rules.get("redaction_phrases", defaults.redaction_phrases)),
        archive_patterns=[dict(p) for p in rules.get("archive_patterns", defaults.archive_patterns)],
        title_words=list(rules.get("title_words", defaults.title_words)),
        date_formats=list(rules.get("date_formats", defaults.date_formats)),
        disabled=list(rules.get("disabled", defaults.disabled)),
        source_series=[dict(p) for p in rules.get("source_series", defaults.source_series)],
    )
    config.layout = str(data.get("layout", ""))
    header = data.get("header") or {}
    base_header = HeaderDefaults()
    config.header = HeaderDefaults(
        publisher=header.get("publisher", base_header.publisher),
        licence=header.get("licence", base_header.licence),
        encoder=header.get("encoder", base_header.encoder),
        date=str(header.get("date", base_header.date)),
    )
    return config, findings


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


# -- persons.yaml --------------------------------------------------------------------------------


def load_personography(path: Path) -> tuple[Personography, list[Finding]]:
    """persons.yaml; ids must be unique and a name or variant must belong to one person only."""
    personography, findings = _load_personography(path)
    return personography, sorted(findings)


def _load_personography(path: Path) -> tuple[Personography, list[Finding]]:
    personography = Personography(path=path)
    parsed, findings = _parse(path, str(path))
    if parsed is None:
        return personography, findings
    findings += _validate(parsed, "persons")
    data = parsed.data if isinstance(parsed.data, dict) else {}
    entries = [e for e in _list(data.get("persons")) if isinstance(e, dict)]
    items = _list(data.get("persons"))
    ids: dict[str, int] = {}
    names: dict[str, tuple[str, str, int]] = {}
    shorts: dict[str, tuple[str, int]] = {}
    for index, entry in enumerate(items):
        if not isinstance(entry, dict):
            continue
        person_id = entry.get("id")
        if isinstance(person_id, str):
            node = _locate(parsed.root, ["persons", index, "id"])
            line = node.start_mark.line + 1 if node else 1
            if person_id in ids:
                findings.append(_finding(parsed.file, node.start_mark if node else None, "CFG004",
                                         f"persons[{index}].id: {_quote(person_id)} is already used at line "
                                         f"{ids[person_id]}", "ids must be unique; merge the two entries"))
            else:
                ids[person_id] = line
        forms: list[tuple[list[str | int], object]] = [(["name"], entry.get("name"))]
        forms += [(["variants", i], v) for i, v in enumerate(_list(entry.get("variants")))]
        for tail, value in forms:
            if not isinstance(value, str):
                continue
            node = _locate(parsed.root, ["persons", index, *tail])
            line = node.start_mark.line + 1 if node else 1
            key = name_key(value)
            owner = names.get(key)
            if owner is not None and owner[0] != person_id:
                findings.append(_finding(
                    parsed.file, node.start_mark if node else None, "CFG005",
                    f"{_json_path(['persons', index, *tail])}: {_quote(value)} is claimed by {_quote(person_id)} "
                    f"(line {line}) "
                    f"and by {_quote(owner[0])} as {_quote(owner[1])} (line {owner[2]})",
                    "a name or variant may belong to one person only; remove it from one entry"))
            elif owner is None:
                names[key] = (str(person_id), value, line)
        for i, value in enumerate(_list(entry.get("short_forms"))):
            if not isinstance(value, str):
                continue
            node = _locate(parsed.root, ["persons", index, "short_forms", i])
            line = node.start_mark.line + 1 if node else 1
            seen = shorts.get(name_key(value))
            if seen is not None and seen[0] != person_id:
                findings.append(_finding(
                    parsed.file, node.start_mark if node else None, "CFG008",
                    f"persons[{index}].short_forms[{i}]: {_quote(value)} is a short form of {_quote(person_id)} "
                    f"(line {line}) "
                    f"and of {_quote(seen[0])} (line {seen[1]}); the encoder cannot use it to decide between them",
                    "keep an ambiguous short form off both entries; declare it in the transcript or sidecar",
                    Severity.WARNING))
            elif seen is None:
                shorts[name_key(value)] = (str(person_id), line)
    if not _error_free(findings):
        return personography, findings
    personography.persons = [
        PersonEntry(
            id=e["id"], name=e["name"], variants=list(e.get("variants", [])),
            short_forms=list(e.get("short_forms", [])), titles=list(e.get("titles", [])),
            roles=list(e.get("roles", [])), wikidata=e.get("wikidata"),
            viaf=str(e["viaf"]) if e.get("viaf") is not None else None,
        )
        for e in entries
    ]
    return personography, findings


# -- sidecars ------------------------------------------------------------------------------------


def sidecar_path(transcript: Path) -> Path:
    """`transcripts/foo.txt` -> `transcripts/foo.yaml`."""
    return transcript.with_suffix(".yaml")


def load_sidecar(transcript: Path) -> tuple[Sidecar | None, list[Finding]]:
    """The sidecar next to a transcript, or None when there is none (not an error)."""
    sidecar, findings = _load_sidecar(transcript)
    return sidecar, sorted(findings)


def _load_sidecar(transcript: Path) -> tuple[Sidecar | None, list[Finding]]:
    path = sidecar_path(transcript)
    if not path.is_file():
        return None, []
    parsed, findings = _parse(path, str(path))
    if parsed is None:
        return None, findings
    data = parsed.data if isinstance(parsed.data, dict) else {}
    if isinstance(data.get("date"), int) and not isinstance(data["date"], bool):
        data["date"] = str(data["date"])  # `date: 1962` is a year, not a number
    findings += _validate(parsed, "sidecar")
    date = data.get("date")
    if isinstance(date, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        try:
            datetime.date.fromisoformat(date)
        except ValueError as error:
            node = _locate(parsed.root, ["date"])
            findings.append(_finding(parsed.file, node.start_mark if node else None, "CFG002",
                                     f"date: {_quote(date)} is not a calendar date ({error})",
                                     schema("sidecar")["properties"]["date"]["description"]))
    findings += _check_lines(parsed, data, transcript)
    if not _error_free(findings):
        return None, findings
    sidecar = Sidecar(
        path=path,
        speakers={str(k): v for k, v in (data.get("speakers") or {}).items()},
        brackets=[BracketCorrection(line=b["line"], kind=b["kind"], text=b.get("text"))
                  for b in data.get("brackets", [])],
        title=data.get("title"),
        date=data.get("date"),
        archival_ref=data.get("archival_ref"),
        source_url=data.get("source_url"),
        clutter_lines=list(data.get("clutter_lines", [])),
        text_lines=list(data.get("text_lines", [])),
        layout=data.get("layout"),
    )
    return sidecar, findings


def _check_lines(parsed: _Parsed, data: dict[str, Any], transcript: Path) -> list[Finding]:
    """Line numbers must exist in the transcript, and a line cannot be both clutter and text."""
    findings = []
    try:
        count = len(transcript.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        count = None
    places: list[tuple[list[str | int], object]] = []
    for key in ("clutter_lines", "text_lines"):
        places += [([key, i], v) for i, v in enumerate(_list(data.get(key)))]
    places += [(["brackets", i, "line"], b.get("line")) for i, b in enumerate(_list(data.get("brackets")))
               if isinstance(b, dict)]
    for parts, value in places:
        if count is not None and isinstance(value, int) and not isinstance(value, bool) and value > count:
            node = _locate(parsed.root, parts)
            findings.append(_finding(parsed.file, node.start_mark if node else None, "CFG010",
                                     f"{_json_path(parts)}: line {value} is past the end of "
                                     f"{transcript.name} ({count} lines)", severity=Severity.WARNING))
    clutter = {v for v in _list(data.get("clutter_lines")) if isinstance(v, int)}
    for index, value in enumerate(_list(data.get("text_lines"))):
        if value in clutter:
            node = _locate(parsed.root, ["text_lines", index])
            findings.append(_finding(parsed.file, node.start_mark if node else None, "CFG009",
                                     f"text_lines[{index}]: line {value} is also listed in clutter_lines",
                                     "a line is either clutter or text; remove it from one list"))
    return findings


# -- reference documentation ---------------------------------------------------------------------


def schema_reference() -> str:
    """The key-by-key reference of the three files, generated from the JSON Schema descriptions so
    the documentation cannot drift from what the loader accepts."""
    out: list[str] = []
    for kind in ("config", "persons", "sidecar"):
        doc = schema(kind)
        out += [f"### `{doc['title']}`", "", doc["description"], "",
                "| key | type | default | meaning |", "|---|---|---|---|"]
        out += list(_rows(doc, ""))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _rows(node: dict[str, Any], prefix: str) -> Iterator[str]:
    required = set(node.get("required", []))
    for name, prop in node.get("properties", {}).items():
        key = f"{prefix}{name}"
        default = f"`{json.dumps(prop['default'], ensure_ascii=False)}`" if "default" in prop else ""
        if name in required:
            default = "required"
        description = prop.get("description", "").replace("|", "\\|")
        yield f"| `{key}` | {_type_name(prop)} | {default} | {description} |"
        if prop.get("type") == "object" and "properties" in prop:
            yield from _rows(prop, f"{key}.")
        items = prop.get("items")
        if prop.get("type") == "array" and isinstance(items, dict) and "properties" in items:
            yield from _rows(items, f"{key}[].")


def _type_name(prop: dict[str, Any]) -> str:
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type", "")
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind == "array":
        items = prop.get("items", {})
        inner = "mapping" if items.get("type") == "object" else items.get("type", "any")
        return f"list of {inner}"
    if kind == "object":
        values = prop.get("additionalProperties")
        if isinstance(values, dict):
            return f"mapping to {values.get('type', 'any')}"
        return "mapping"
    return str(kind)


def render_doc(current: str) -> str:
    """`current` (the text of docs/configuration.md) with its generated section replaced."""
    start = current.index(DOC_BEGIN) + len(DOC_BEGIN)
    end = current.index(DOC_END)
    return current[:start] + "\n\n" + schema_reference() + "\n" + current[end:]


def main(argv: list[str]) -> int:
    """`python -m tei_tool.config.load --write-docs` regenerates the reference in docs/configuration.md."""
    if argv != ["--write-docs"]:
        sys.stderr.write("usage: python -m tei_tool.config.load --write-docs\n")
        return 2
    DOC_PATH.write_text(render_doc(DOC_PATH.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
