"""`tei persons`: who appears where, read back from encoded TEI.

Reads only what docs/tei-mapping.md promises: `particDesc/listPerson/person[@xml:id]` with its
`persName` children, and `sp/@who`. A person with the same id in several documents is one row,
which is how a corpus personography shows its worth (and how an id clash shows up).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tei_tool.xmlsafe import safe_parser

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass
class PersonRow:
    """One person across the corpus."""

    id: str
    names: list[str] = field(default_factory=list)  # every persName form, full name first
    turns: dict[str, int] = field(default_factory=dict)  # document -> turns spoken (0 = listed, silent)

    @property
    def total(self) -> int:
        return sum(self.turns.values())

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "names": self.names,
                "documents": [{"document": d, "turns": n} for d, n in self.turns.items()], "turns": self.total}


@dataclass
class PersonList:
    rows: list[PersonRow]
    documents: list[str]
    errors: list[str]  # files that could not be read, as `file:line:col: message`


def tei_files(paths: list[Path]) -> list[Path]:
    """Files as given, and every *.xml in given folders, sorted and without repeats."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.glob("*.xml") if p.is_file())
        elif path.is_file():
            found.append(path)
    return list(dict.fromkeys(found))


def collect(files: list[Path]) -> PersonList:
    """Read every file; merge persons by id in the order they are first seen."""
    rows: dict[str, PersonRow] = {}
    documents: list[str] = []
    errors: list[str] = []
    for path in files:
        try:
            root = etree.parse(str(path), safe_parser()).getroot()
        except etree.XMLSyntaxError as error:
            line, col = error.position if error.position else (1, 1)
            errors.append(f"{path}:{line}:{col + 1}: error[P001] not well-formed XML: {error.msg}")
            continue
        except OSError as error:
            errors.append(f"{path}:1:1: error[P002] cannot read the file: {error}")
            continue
        if root.tag != f"{TEI}TEI":
            errors.append(f"{path}:1:1: error[P003] not a TEI document (root element {root.tag})")
            continue
        document = path.name
        documents.append(document)
        for person in root.iter(f"{TEI}person"):
            person_id = person.get(XML_ID)
            if not person_id:
                continue
            row = rows.setdefault(person_id, PersonRow(person_id))
            row.turns.setdefault(document, 0)
            names = [n for n in person.iter(f"{TEI}persName") if n.get("type") != "titled"]  # titled: not a form
            forms = sorted(names, key=lambda n: n.get("type") != "full")
            for name in forms:
                text = " ".join("".join(str(t) for t in name.itertext()).split())
                if text and text not in row.names:
                    row.names.append(text)
        for sp in root.iter(f"{TEI}sp"):
            for pointer in (sp.get("who") or "").split():
                person_id = pointer.removeprefix("#")
                row = rows.setdefault(person_id, PersonRow(person_id))
                row.turns[document] = row.turns.get(document, 0) + 1
    ordered = sorted(rows.values(), key=lambda r: r.id)
    return PersonList(ordered, documents, errors)


def _documents_cell(row: PersonRow) -> str:
    return "; ".join(f"{d} ({n})" for d, n in row.turns.items())


HEADINGS = ("id", "names", "documents (turns)", "turns")


def _cells(row: PersonRow) -> tuple[str, str, str, str]:
    return row.id, " | ".join(row.names), _documents_cell(row), str(row.total)


def as_text(people: PersonList) -> str:
    """Plain aligned columns (for pipes and logs); the last line counts persons and documents."""
    table = [HEADINGS, *(_cells(r) for r in people.rows)]
    widths = [max(len(line[i]) for line in table) for i in range(3)]
    lines = []
    for line in table:
        lines.append("  ".join([*(line[i].ljust(widths[i]) for i in range(3)), line[3].rjust(5)]).rstrip())
    lines.append(f"{len(people.rows)} persons in {len(people.documents)} documents")
    return "\n".join(lines) + "\n"


def as_rich(people: PersonList) -> object:
    """The same table for a terminal."""
    from rich.table import Table

    table = Table(title=f"{len(people.rows)} persons in {len(people.documents)} documents")
    for heading in HEADINGS:
        table.add_column(heading, justify="right" if heading == "turns" else "left")
    for row in people.rows:
        table.add_row(*_cells(row))
    return table


def as_json(people: PersonList) -> str:
    return json.dumps({"documents": people.documents, "persons": [r.as_dict() for r in people.rows]},
                      ensure_ascii=False, indent=2) + "\n"


def as_csv(people: PersonList) -> str:
    """One row per person; names joined by ` | `, documents as `file (turns)` joined by `; `."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "names", "documents", "turns"])
    for row in people.rows:
        writer.writerow(_cells(row))
    return out.getvalue()
