"""The corpus workflow around the encoder never loses work: every write failure is a finding (never a
traceback) and the rest of the batch goes on; outputs that would replace an input, or that two inputs
would write, are refused before anything is written; stale outputs are named; configuration comes
from each transcript's own folder; `--check`, `--format`, `--jobs`, the summary line."""

from __future__ import annotations

import errno
import json
import os
import re
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tei_tool.cli import app
from tei_tool.commands import encode as encode_command

SAMPLE = """February 15, 1962

Record of Conversation between Premier Zhou Enlai and Ambassador Pak Se-chang

Premier Zhou: Comrade Ambassador, when did you arrive [here]?

Ambassador Pak: I arrived on the 23rd. (two lines blacked out)

Zhou: How is Comrade Kim Il Sung [Kim Il-song]?

Pak: He is in fine health.
"""

# A transcript nothing sensible can be written for: bytes that are not UTF-8 (a cp1252 é at 1:10). Only
# unreadable bytes and the size limit refuse a transcript; an unclosed bracket is a warning (W101).
BROKEN = b"Zhou: caf\xe9 au lait, please.\n"


@pytest.fixture()
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner in an empty folder (no tei.yaml of the repository applies) with the usual umask."""
    monkeypatch.chdir(tmp_path)
    old = os.umask(0o022)
    yield CliRunner()
    os.umask(old)


def make(path: Path, text: str | bytes = SAMPLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def invoke(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["encode", *args], input=input)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


# -- write failures are findings -----------------------------------------------------------------


def test_an_output_path_through_a_file_is_a_finding_and_the_batch_goes_on(tmp_path: Path, runner: CliRunner) -> None:
    a, b = make(tmp_path / "in" / "a.txt"), make(tmp_path / "in" / "b.txt")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").write_text("a file in the way")
    result = invoke(runner, str(a), str(b), "-o", str(tmp_path / "out" / "sub" / "deeper"))
    assert result.exit_code == 1
    assert (f"{a}:1:1: error[E010] cannot write {tmp_path}/out/sub/deeper/a.xml: {tmp_path}/out/sub is a file, "
            "not a folder") in result.output
    assert f"{b}:1:1: error[E010]" in result.output  # and the next file was tried too
    result = invoke(runner, str(a), str(b), "-o", str(tmp_path / "out2"))
    assert result.exit_code == 0 and (tmp_path / "out2" / "b.xml").is_file()


def test_o_naming_a_file_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    one = make(tmp_path / "one.txt")
    result = invoke(runner, str(one), "-o", str(one))
    assert result.exit_code == 2
    assert "is a file; -o takes the folder" in result.output
    assert one.read_text(encoding="utf-8") == SAMPLE


def test_an_unwritable_folder_is_a_finding_and_the_others_are_written(
        tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path / "in" / "a.txt")
    make(tmp_path / "in" / "b.txt")
    real = encode_command.tempfile.mkstemp

    def mkstemp(*args, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("prefix", "").startswith(".a.xml"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(*args, **kwargs)

    monkeypatch.setattr(encode_command.tempfile, "mkstemp", mkstemp)
    result = invoke(runner, str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 1
    assert f"error[E010] cannot write {tmp_path}/out/a.xml: permission denied" in result.output
    assert "in/a.txt: encoded, but not written" in result.output
    assert (tmp_path / "out" / "b.xml").is_file() and not (tmp_path / "out" / "a.xml").exists()


def test_a_full_disk_keeps_the_old_output_says_it_is_stale_and_leaves_no_temporary(
        tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    a = make(tmp_path / "a.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.xml").write_bytes(b"old")

    def full(handle: int, data: bytes) -> None:
        os.write(handle, bytes(data[:10]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(encode_command, "_write_all", full)
    result = invoke(runner, str(a), "-o", str(out))
    assert result.exit_code == 1
    assert (f"error[E010] cannot write {out}/a.xml: no space left on the device; the existing {out}/a.xml is now "
            "stale") in result.output
    assert (out / "a.xml").read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == ["a.xml"]


def test_outputs_get_the_usual_permissions(tmp_path: Path, runner: CliRunner) -> None:
    a = make(tmp_path / "a.txt")
    result = invoke(runner, str(a), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert (tmp_path / "out" / "a.xml").stat().st_mode & 0o777 == 0o644
    os.umask(0o002)
    invoke(runner, str(a), "-o", str(tmp_path / "out"))
    assert (tmp_path / "out" / "a.xml").stat().st_mode & 0o777 == 0o664


# -- refused before anything is written ----------------------------------------------------------


def test_an_output_that_would_replace_its_input_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    same = tmp_path / "same"
    transcript = make(same / "a.xml")  # a transcript that happens to end in .xml
    result = invoke(runner, str(transcript), "-o", str(same))
    assert result.exit_code == 2
    assert f"error[E011] its output {same}/a.xml would replace the input {transcript}" in result.output
    assert transcript.read_text(encoding="utf-8") == SAMPLE


def test_an_output_that_would_replace_another_input_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    a = make(tmp_path / "a.txt")
    other = make(tmp_path / "out" / "a.xml", "Liu: this is a transcript too.\n")
    result = invoke(runner, str(a), str(other), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "E011" in result.output
    assert other.read_text(encoding="utf-8") == "Liu: this is a transcript too.\n"


def test_two_inputs_with_one_output_are_refused_naming_both(tmp_path: Path, runner: CliRunner) -> None:
    x, y = make(tmp_path / "frus1946v09" / "d95.txt"), make(tmp_path / "frus1947v07" / "d95.txt")
    out = tmp_path / "out"
    result = invoke(runner, str(x), str(y), "-o", str(out))
    assert result.exit_code == 2
    assert f"error[E013] {x} and {y} would both be written to {out}/d95.xml" in result.output
    assert "--mirror" in result.output
    assert not out.exists()  # nothing at all was written
    mirrored = invoke(runner, str(x), str(y), "-o", str(out), "--mirror")
    assert mirrored.exit_code == 0, mirrored.output
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.xml")) == ["frus1946v09/d95.xml",
                                                                             "frus1947v07/d95.xml"]


def test_mirror_with_recursive_folders(tmp_path: Path, runner: CliRunner) -> None:
    make(tmp_path / "corpus" / "a" / "d1.txt")
    make(tmp_path / "corpus" / "b" / "c" / "d1.txt")
    out = tmp_path / "out"
    plain = invoke(runner, str(tmp_path / "corpus"), "-o", str(out))
    assert plain.exit_code == 2 and "-r also looks in its subfolders" in plain.output
    clash = invoke(runner, "-r", str(tmp_path / "corpus"), "-o", str(out))
    assert clash.exit_code == 2 and "E013" in clash.output
    result = invoke(runner, "-r", "--mirror", str(tmp_path / "corpus"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.xml")) == ["a/d1.xml", "b/c/d1.xml"]


def test_a_file_named_twice_is_encoded_once(tmp_path: Path, runner: CliRunner) -> None:
    a = make(tmp_path / "in" / "a.txt")
    result = invoke(runner, str(a), str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "1 file: 1 encoded" in result.output


def test_a_failed_transcript_says_its_old_output_is_stale(tmp_path: Path, runner: CliRunner) -> None:
    a = make(tmp_path / "a.txt")
    out = tmp_path / "out"
    assert invoke(runner, str(a), "-o", str(out)).exit_code == 0
    before = (out / "a.xml").read_bytes()
    make(a, BROKEN)
    result = invoke(runner, str(a), "-o", str(out))
    assert result.exit_code == 1
    assert f"{a}:1:1: warning[W012] {out}/a.xml is now stale" in result.output
    assert (out / "a.xml").read_bytes() == before


# -- configuration from the transcript's folder --------------------------------------------------

PERSONS = """persons:
  - id: zhou-en-lai-corpus
    name: Zhou Enlai
    short_forms: [Zhou]
    titles: [Premier]
"""


def corpus(root: Path, output: str = "encoded") -> Path:
    make(root / "tei.yaml", f"input: transcripts\noutput: {output}\npersons: persons.yaml\n")
    make(root / "persons.yaml", PERSONS)
    make(root / "transcripts" / "m.txt")
    return root


def test_config_is_found_from_the_transcripts_folder_not_the_current_one(tmp_path: Path, runner: CliRunner,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus(tmp_path / "corpus")
    elsewhere = tmp_path / "elsewhere"
    make(elsewhere / "tei.yaml", "output: wrong\n")
    monkeypatch.chdir(elsewhere)
    result = invoke(runner, str(root / "transcripts" / "m.txt"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert 'who="#zhou-en-lai-corpus"' in (tmp_path / "out" / "m.xml").read_text(encoding="utf-8")
    assert result.output.rstrip().endswith(f"config: {os.path.relpath(root / 'tei.yaml')}")


def test_without_o_each_transcript_goes_to_its_own_corpus_output(tmp_path: Path, runner: CliRunner) -> None:
    one, two = corpus(tmp_path / "one"), corpus(tmp_path / "two", output="tei")
    result = invoke(runner, str(one / "transcripts"), str(two / "transcripts" / "m.txt"))
    assert result.exit_code == 0, result.output
    assert (one / "encoded" / "m.xml").is_file() and (two / "tei" / "m.xml").is_file()
    assert "configs: one/tei.yaml, two/tei.yaml" in result.output


def test_no_paths_encodes_input_into_output_of_the_tei_yaml_found(tmp_path: Path, runner: CliRunner,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus(tmp_path / "corpus")
    (root / "sub").mkdir()
    monkeypatch.chdir(root / "sub")
    result = invoke(runner)
    assert result.exit_code == 0, result.output
    assert (root / "encoded" / "m.xml").is_file()
    assert "config: ../tei.yaml" in result.output


def test_no_paths_and_no_tei_yaml_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    result = invoke(runner)
    assert result.exit_code == 2
    assert "no transcripts given, and no tei.yaml" in result.output


def test_an_output_outside_the_corpus_is_a_warning_of_the_run(tmp_path: Path, runner: CliRunner,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus(tmp_path / "corpus", output="../shared-out")
    monkeypatch.chdir(root)
    result = invoke(runner)
    assert result.exit_code == 0
    assert "warning[CFG012] output: '../shared-out' is outside the corpus folder" in result.output
    assert (tmp_path / "shared-out" / "m.xml").is_file()


# -- --check for CI ------------------------------------------------------------------------------


def test_check_writes_nothing_and_lists_what_is_out_of_date(tmp_path: Path, runner: CliRunner,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus(tmp_path / "corpus")
    monkeypatch.chdir(root)
    missing = invoke(runner, "--check")
    assert missing.exit_code == 1 and not (root / "encoded").exists()
    assert "error[E014] encoded/m.xml is missing" in missing.output
    assert invoke(runner).exit_code == 0
    written = (root / "encoded" / "m.xml").stat().st_mtime_ns
    fresh = invoke(runner, "--check", "-q")
    assert fresh.exit_code == 0, fresh.output
    assert "1 file checked: 0 out of date, 0 failed" in fresh.output
    make(root / "transcripts" / "m.txt", SAMPLE.replace("fine health", "good health"))
    stale = invoke(runner, "--check", "-q")
    assert stale.exit_code == 1
    assert "transcripts/m.txt:1:1: error[E014] encoded/m.xml is out of date" in stale.output
    assert (root / "encoded" / "m.xml").stat().st_mtime_ns == written


# -- report formats, summary, jobs ---------------------------------------------------------------


def test_one_batch_summary_line(tmp_path: Path, runner: CliRunner) -> None:
    make(tmp_path / "in" / "a.txt")
    make(tmp_path / "in" / "b.txt", BROKEN)
    result = invoke(runner, str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    last = result.output.rstrip().splitlines()[-1]
    assert re.fullmatch(r"2 files: 1 encoded, 1 failed; 4 turns, \d+ warnings?, [1-9]\d* errors?; \d+\.\d\d s; "
                        r"config: none \(built-in defaults\)", last), last


def test_format_json_is_one_document(tmp_path: Path, runner: CliRunner) -> None:
    make(tmp_path / "in" / "a.txt")
    make(tmp_path / "in" / "b.txt", BROKEN)
    result = invoke(runner, str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--format", "json")
    data = json.loads(result.stdout)
    assert [(f["input"].rsplit("/", 1)[-1], f["status"]) for f in data["files"]] == [("a.txt", "written"),
                                                                                    ("b.txt", "failed")]
    assert data["files"][0]["stats"]["turns"] == 4
    assert any(f["code"] == "E003" and f["line"] == 1 and f["col"] == 10 for f in data["findings"])
    assert data["summary"]["failed"] == 1


def test_format_github_annotates_the_transcript_line_and_column(tmp_path: Path, runner: CliRunner) -> None:
    bad = make(tmp_path / "b.txt", b"Liu: fine.\n\n" + BROKEN)
    result = invoke(runner, str(bad), "-o", str(tmp_path / "out"), "--format", "github")
    assert result.exit_code == 1
    assert f"::error file={bad},line=3,col=10,title=E003::the file is not UTF-8" in result.stdout


def test_colour_only_on_a_terminal(tmp_path: Path, runner: CliRunner) -> None:
    result = invoke(runner, str(make(tmp_path / "b.txt", BROKEN)), "-o", str(tmp_path / "out"))
    assert "\x1b[" not in result.output


def test_jobs_give_the_same_bytes_and_the_same_report_in_input_order(tmp_path: Path, runner: CliRunner) -> None:
    texts: list[str | bytes] = [SAMPLE, BROKEN, SAMPLE.replace("Zhou", "Liu"), "Skip to content\n\n" + SAMPLE,
                                SAMPLE * 3]
    for index, text in enumerate(texts * 2):
        make(tmp_path / "in" / f"t{index:02d}.txt", text)
    reports = {}
    for jobs in ("1", "2", "3"):
        result = invoke(runner, str(tmp_path / "in"), "-o", str(tmp_path / f"out{jobs}"), "--jobs", jobs)
        assert result.exit_code == 1
        reports[jobs] = re.sub(r"\d+\.\d\d s", "T s", result.output.replace(f"out{jobs}", "OUT"))
    assert reports["1"] == reports["2"] == reports["3"]
    for name in sorted(p.name for p in (tmp_path / "out1").iterdir()):
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes() \
            == (tmp_path / "out3" / name).read_bytes()


def test_stdin_with_check_is_a_usage_error(runner: CliRunner) -> None:
    assert invoke(runner, "-", "--check", input=SAMPLE).exit_code == 2


def test_progress_bar_and_colour_on_a_terminal(tmp_path: Path) -> None:
    """Run under a pseudo-terminal: the rich progress bar draws on stderr and the severities are coloured."""
    import pty
    import select
    import subprocess
    import sys

    for index in range(3):
        make(tmp_path / "in" / f"t{index}.txt", SAMPLE if index else BROKEN)
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "tei_tool", "encode", str(tmp_path / "in"), "-o",
                                str(tmp_path / "out")], stdin=follower, stdout=follower, stderr=follower,
                               cwd=tmp_path, env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    screen = b"".join(chunks).decode("utf-8", errors="replace")
    assert process.returncode == 1
    assert "\x1b[1;31merror\x1b[0m" in screen.replace("[E003]", "") or "\x1b[1;31merror[E003]" in screen
    assert "encoding" in screen and any(f"{done}/3" in screen for done in range(4)), screen[-2000:]  # the bar
    assert "\x1b[1;31m3 files: 2 encoded, 1 failed" in screen


# -- tei text - ----------------------------------------------------------------------------------


def test_text_reads_stdin(tmp_path: Path, runner: CliRunner) -> None:
    from tei_tool.api import encode_text

    xml = encode_text("Liu: Welcome [to China].\n", "t.txt").xml
    result = CliRunner().invoke(app, ["text", "-"], input=xml)
    assert result.exit_code == 0 and result.stdout == "Liu: Welcome [to China].\n"
    bad = CliRunner().invoke(app, ["text", "-"], input=b"<not xml")
    assert bad.exit_code == 2 and bad.output.startswith("<stdin>:1:")


def test_utf16_with_a_bom_is_decoded(tmp_path: Path, runner: CliRunner) -> None:
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        data = SAMPLE.encode(encoding)
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data = "\ufeff".encode(encoding) + data
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(data)
        result = invoke(runner, str(path), "-o", str(tmp_path / "out"))
        assert result.exit_code == 0, result.output
        assert "4 turns" in result.output
    odd = tmp_path / "odd.txt"
    odd.write_bytes(b"\xff\xfe" + "Liu: caf\u00e9\n".encode("utf-16-le") + b"\x00")
    result = invoke(runner, str(odd), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "error[E003]" in result.output


def test_help_has_no_python_type_names() -> None:
    runner = CliRunner()
    for command in ([], ["encode"], ["validate"], ["text"], ["eval"], ["init"], ["persons"]):
        text = runner.invoke(app, [*command, "--help"]).output
        for name in ("<bool>", "<str>", "<int>", "<path>", "list[", "<Path>", "<list"):
            assert name not in text, (command, name, text)


def test_readme_documents_encode_options() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for option in ("--format", "--jobs", "--check", "--mirror", "-r", "--install-completion"):
        assert option in readme, option
    assert textwrap.dedent("tei encode --check") in readme


# -- the library API and start-up ----------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def test_readme_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The README's five lines, run as they are in a copy of the bundled corpus."""
    import shutil

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- library-example:start -->", 1)[1].split("<!-- library-example:end -->", 1)[0]
    code = block.split("```python\n", 1)[1].split("```", 1)[0]
    assert len(code.strip().splitlines()) <= 5
    for name in ("tei.yaml", "persons.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "transcripts").mkdir()
    shutil.copy(ROOT / "transcripts" / "1962-02-15_liu-shaoqi_ri-yeong-ho.txt", tmp_path / "transcripts")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - the README's own example
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("True 22 ") and printed[1] == "[]", printed
    written = tmp_path / "encoded" / "1962-02-15_liu-shaoqi_ri-yeong-ho.xml"
    assert written.read_bytes() == (ROOT / "encoded" / written.name).read_bytes()


def test_library_encode_text_and_callable_validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tei_tool
    from tei_tool.validate import validate_paths  # the package is imported: still callable

    monkeypatch.chdir(tmp_path)
    result = tei_tool.encode(text=SAMPLE, name="m.txt", output=tmp_path / "out")
    assert result.ok and result.stats.turns == 4
    assert [f.code for f in tei_tool.validate(tmp_path / "out")] == ["TEI013"]  # no source named: a warning
    assert callable(tei_tool.validate) and tei_tool.validate.validate_paths is validate_paths
    broken = tei_tool.encode(make(tmp_path / "broken.txt", BROKEN))
    assert not broken.ok and any(f.code == "E003" for f in broken.findings)
    with pytest.raises(TypeError):
        tei_tool.encode()


def _imported_modules(*args: str) -> tuple[str, set[str]]:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "tei_tool", *args], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    modules = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return done.stdout, modules


def test_version_and_help_import_nothing_heavy() -> None:
    from tei_tool import __version__

    out, modules = _imported_modules("--version")
    assert out == f"tei {__version__}\n"
    out_help, modules_help = _imported_modules("--help")
    for heavy in ("typer", "click", "rich", "lxml", "yaml", "jsonschema"):
        assert heavy not in modules and heavy not in modules_help, heavy
    assert "Usage: tei [OPTIONS] COMMAND [ARGS]..." in out_help


def test_fast_help_lists_the_commands_typer_knows() -> None:
    import typer.main

    from tei_tool.__main__ import _commands

    group = typer.main.get_command(app)
    registered = [(name, " ".join((command.help or "").split("\n\n")[0].split()))
                  for name, command in group.commands.items() if not command.hidden]  # type: ignore[attr-defined]
    assert _commands() == registered


# -- CI: the pre-commit hooks and the example workflow -------------------------------------------


def _options_of(command: str) -> str:
    return CliRunner().invoke(app, [command, "--help"], terminal_width=200).output


def test_pre_commit_hooks_run_real_commands() -> None:
    import shlex

    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"tei-validate", "tei-encoded-up-to-date"}
    for hook in hooks:
        words = shlex.split(hook["entry"])
        assert words[0] == "tei" and hook["language"] == "python"
        help_text = _options_of(words[1])
        for option in words[2:]:
            assert option in help_text, (hook["id"], option)
    check = next(hook for hook in hooks if hook["id"] == "tei-encoded-up-to-date")
    assert check["pass_filenames"] is False and "--check" in check["entry"]


def test_the_example_workflow_runs_real_commands() -> None:
    import shlex

    import yaml

    doc = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in doc.split("```yaml\n")[1:]]
    workflow = yaml.safe_load(next(block for block in blocks if "runs-on" in block))
    runs = [step["run"] for step in workflow["jobs"]["tei"]["steps"] if "run" in step]
    tei_runs = [shlex.split(run.split("#")[0]) for run in runs if run.startswith("tei ")]
    assert len(tei_runs) == 2
    for words in tei_runs:
        assert "--format" in words and words[words.index("--format") + 1] == "github"
        help_text = _options_of(words[1])
        for option in (w for w in words[2:] if w.startswith("-")):
            assert option in help_text, option


def test_check_in_the_bundled_corpus_is_what_ci_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook's command in this repository: encoded/ is what the transcripts give today."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["encode", "--check", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "3 files checked: 0 out of date, 0 failed" in result.output


def test_licence_citation_and_changelog_at_the_root() -> None:
    import tomllib
    import yaml

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert project["license"]["text"] == "MIT" and licence.startswith("MIT License")
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["license"] == "MIT"
    assert citation["version"] == project["version"] and citation["authors"]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{project['version']}]" in changelog


def test_no_paths_with_a_broken_tei_yaml_reports_it(tmp_path: Path, runner: CliRunner) -> None:
    make(tmp_path / "tei.yaml", "input: [transcripts\n")
    result = invoke(runner)
    assert result.exit_code == 2 and "error[CFG001] YAML syntax error" in result.output
