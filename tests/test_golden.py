"""Golden files: encoded/ is what `tei encode transcripts/ -o encoded/` makes today, byte for byte.

The golden files are produced by the code and read by a person before they are committed; this test
says when a change alters them (re-run the README's encode command, read the diff, commit).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_tool.api import encode_bytes
from tei_tool.config.load import load_config, load_personography, load_sidecar

from .conftest import ROOT

TRANSCRIPTS = sorted((ROOT / "transcripts").glob("*.txt"))


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_encoding_matches_golden_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    golden = ROOT / "encoded" / f"{path.stem}.xml"
    assert golden.is_file(), f"{golden} is missing: run `tei encode transcripts/ -o encoded/`"
    monkeypatch.chdir(ROOT)
    config, findings = load_config(ROOT / "tei.yaml")
    assert not findings
    personography, findings = load_personography(config.persons_path) if config.persons_path else (None, [])
    assert not findings
    sidecar, _ = load_sidecar(path)
    config.output_dir = Path("encoded")
    result = encode_bytes(path.read_bytes(), str(path.relative_to(ROOT)), config, personography, sidecar)
    assert result.ok, [f.format() for f in result.findings]
    assert result.xml == golden.read_bytes(), f"{golden.name} is stale: re-encode and review the diff"
