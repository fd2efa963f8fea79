"""`tei encode` as a user runs it: exit codes, messages, stdin, atomic writes; and the property that
no text makes the encoder throw."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from tei_tool.api import encode_text
from tei_tool.cli import app
from tei_tool.commands.encode import write_atomically

SAMPLE = """February 15, 1962

Record of Conversation between Premier Zhou Enlai and Ambassador Pak Se-chang

Time: 4 p.m., 28 April 1964

Premier Zhou: Comrade Ambassador, when did you arrive [here]?

Ambassador Pak: I arrived on the 23rd. (two lines blacked out)

Zhou: How is Comrade Kim Il Sung [Kim Il-song]?

Pak: He is in fine health.
"""


@pytest.fixture()
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner in an empty folder, so no tei.yaml of the repository applies."""
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_encode_writes_one_file_per_transcript(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "meeting.txt").write_text(SAMPLE, encoding="utf-8")
    result = runner.invoke(app, ["encode", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = tmp_path / "out" / "meeting.xml"
    root = etree.parse(str(written)).getroot()
    assert len(root.findall(".//{http://www.tei-c.org/ns/1.0}sp")) == 4
    assert "meeting.txt: web layout, 4 turns, 2 persons" in result.output
    assert f"-> {written}" in result.output


def test_encode_from_stdin_writes_tei_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(app, ["encode", "-"], input=SAMPLE)
    assert result.exit_code == 0
    assert result.stdout.startswith("<?xml")
    assert "<sp xml:id=\"sp-1\" who=\"#zhou-enlai\">" in result.stdout


def test_missing_path_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["encode", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_folder_without_transcripts_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["encode", str(tmp_path)])
    assert result.exit_code == 2
    assert "no *.txt transcripts in this folder" in result.output


def test_unreadable_transcript_fails_with_file_line_col_and_writes_nothing(tmp_path: Path, runner: CliRunner) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Liu: caf\xe9\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["encode", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{bad}:1:9: error[E003] the file is not UTF-8" in result.output
    assert "Traceback" not in result.output
    assert not (out / "bad.xml").exists()


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(SAMPLE, encoding="utf-8")
    result = runner.invoke(app, ["encode", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert (tmp_path / "out" / "b.xml").exists() and not (tmp_path / "out" / "a.xml").exists()


def test_clutter_is_reported_with_its_line(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "page.txt"
    path.write_text("Skip to content\n\n" + SAMPLE, encoding="utf-8")
    result = runner.invoke(app, ["encode", str(path), "-o", str(tmp_path)])
    assert f"{path}:1:1: info[CLUTTER] dropped page clutter (web-page navigation): 'Skip to content'" in result.output
    quiet = runner.invoke(app, ["encode", str(path), "-o", str(tmp_path), "--quiet"])
    assert "CLUTTER" not in quiet.output


def test_atomic_write_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    target.write_bytes(b"old")

    with pytest.raises(TypeError):  # the write fails half-way: the old file stays, no temporary is left
        write_atomically(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    for command in ("encode", "validate", "text", "eval", "init", "persons"):
        assert command in result.output
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for command in ("encode", "validate", "text", "eval", "init", "persons"):
        assert f"tei {command}" in readme, f"README does not document `tei {command}`"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_encodes_without_an_exception(text: str) -> None:
    result = encode_text(text, "fuzz.txt", validate=False)
    if result.xml:
        etree.fromstring(result.xml)
    else:  # refused input always says why, as an error with a position
        assert [f.severity.value for f in result.findings] == ["error"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Liu:", "Han [Ik-su]:", "(", ")", "[", "]", "□", "CC:", "Time:", "\n", "\n\n", " ",
                                 "word", "Comrade", "(two lines blacked out)", "[…]", "**", "1.", "- ", "(4)", ","]),
                max_size=60))
def test_transcript_like_noise_encodes(pieces: list[str]) -> None:
    text = "".join(pieces)
    result = encode_text(text, "noise.txt", validate=False)
    if text.strip():
        etree.fromstring(result.xml)


def test_no_temporary_files_left_after_encode(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "m.txt").write_text(SAMPLE, encoding="utf-8")
    runner.invoke(app, ["encode", str(tmp_path / "m.txt"), "-o", str(tmp_path / "o")])
    assert sorted(os.listdir(tmp_path / "o")) == ["m.xml"]
