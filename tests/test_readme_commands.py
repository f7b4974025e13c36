"""Every command README.md tells a reader to type works as written after `make lab` or `make app`.

Commands are the lines of the README's code blocks and the inline code that starts with a program
(`make lab`, `.venv/bin/werkboek klas …`). Each is checked against the code, without running it:

* ``make <target> [NAAM=waarde]``: `make -n` knows the target, the Makefile reads every variable,
  and the command it would run is checked in turn (``werkboek``, ``jupyter lab``);
* ``werkboek …`` (also ``.venv/bin/werkboek``, ``sudo …``): parsed by the real command line of
  :func:`sw_exercises.cli.main` (sub-command, options, values), without running the command; a
  sub-command only named in a sentence (`werkboek backup`) must answer ``--help``; after `make`,
  ``werkboek`` is not on the PATH, so a bare ``werkboek`` with arguments belongs where the reader
  has activated the conda environment (the same paragraph or block says conda);
* ``jupyter lab``: the folder exists and JupyterLab knows every option;
* ``conda``: the files and the environment name are those of environment.yml;
* ``python …``: the script exists; ``-m pytest -m "…"`` uses markers pyproject.toml declares; like
  ``werkboek``, a bare ``python`` or ``jupyter`` belongs where the conda environment is active.

A program this test does not know fails it: teach the test, so README and code cannot drift.
"""
from __future__ import annotations

import argparse
import functools
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from sw_exercises import cli

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PROGRAMS = ("make", "werkboek", ".venv/bin/werkboek", "sudo", "conda", "jupyter", "python", ".venv/bin/python",
            "apt-get", ".ci/run")
SHELL_FENCES = {"", "sh", "bash", "shell", "console"}


@dataclass(frozen=True)
class Command:
    line: int  # line number in README.md
    text: str
    context: str  # the code block or paragraph it stands in

    @property
    def argv(self) -> list[str]:
        return shlex.split(self.text, comments=True)

    def __str__(self) -> str:
        return f"README.md:{self.line}: {self.text}"


def readme_commands() -> list[Command]:
    lines = README.read_text(encoding="utf-8").splitlines()
    commands: list[Command] = []
    i = 0
    paragraph: list[tuple[int, str]] = []

    def flush_paragraph() -> None:
        context = "\n".join(text for _, text in paragraph)
        for number, text in paragraph:
            for span in re.findall(r"`([^`]+)`", text):
                words = span.split()
                if len(words) > 1 and words[0] in PROGRAMS or span.strip() == ".ci/run":
                    commands.append(Command(number, span.strip(), context))
        paragraph.clear()

    while i < len(lines):
        fence = re.match(r"\s*```(\w*)\s*$", lines[i])
        if fence:
            flush_paragraph()
            start = i + 1
            i += 1
            while i < len(lines) and not re.match(r"\s*```\s*$", lines[i]):
                i += 1
            block = lines[start:i]
            if fence.group(1) in SHELL_FENCES:
                context = "\n".join(block)
                for offset, text in enumerate(block):
                    text = text.strip().removeprefix("$ ")
                    if text and not text.startswith("#"):
                        commands.append(Command(start + offset + 1, text, context))
        elif not lines[i].strip():
            flush_paragraph()
        else:
            paragraph.append((i + 1, lines[i]))
        i += 1
    flush_paragraph()
    return commands


COMMANDS = readme_commands()


# --------------------------------------------------------------------------- the programs


class Parsed(BaseException):
    """Raised instead of running a `werkboek` command once its command line has been parsed (a
    BaseException, so the command's own last-resort handler for errors does not catch it)."""


def check_werkboek(argv: list[str], monkeypatch, where: str) -> argparse.Namespace | None:
    if len(argv) == 1:  # the sub-command named in a sentence (`werkboek inlevermap` sets up …): it exists
        try:
            code = cli.main([argv[0], "--help"])
        except SystemExit as exc:
            code = exc.code
        assert code == 0, f"{where}: `werkboek` has no sub-command {argv[0]}"
        return None
    real = argparse.ArgumentParser.parse_args

    def parse_only(self, args=None, namespace=None):
        raise Parsed(real(self, args, namespace))

    with monkeypatch.context() as m:
        m.setattr(argparse.ArgumentParser, "parse_args", parse_only)
        try:
            code = cli.main(argv)
        except Parsed as parsed:
            return parsed.args[0]
        except SystemExit as exc:
            code = exc.code
        pytest.fail(f"{where}: `werkboek` refuses {argv} (exit {code})")
    pytest.fail(f"{where}: `werkboek` ran instead of parsing {argv}")


def make_dry_run(argv: list[str], where: str) -> list[str]:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    makefile = (ROOT / "Makefile").read_text()
    for arg in argv:
        if "=" in arg:
            name = arg.split("=", 1)[0]
            assert re.search(rf"\$[({{]{re.escape(name)}[)}}]", makefile), \
                f"{where}: the Makefile never reads {name} (make would ignore it)"
    done = subprocess.run(["make", "-n", "-C", str(ROOT), *argv], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{where}: make -n {' '.join(argv)}: {done.stderr.strip()}"
    return done.stdout.splitlines()


@functools.cache
def jupyter_lab_help() -> str:
    done = subprocess.run([sys.executable, "-m", "jupyterlab", "--help-all"], capture_output=True, text=True,
                          timeout=120)
    return done.stdout


def check_jupyter_lab(argv: list[str], where: str) -> None:
    assert argv[:2] == ["jupyter", "lab"] or argv[0].endswith("/jupyter") and argv[1] == "lab", where
    for arg in argv[2:]:
        option = arg.split("=", 1)[0]
        assert option.startswith("--"), f"{where}: unexpected argument {arg}"
        if option == "--notebook-dir":
            assert (ROOT / arg.split("=", 1)[1]).is_dir(), f"{where}: no folder {arg}"
        assert re.search(rf"^{re.escape(option)}\b", jupyter_lab_help(), re.M), f"{where}: jupyter lab has no {option}"


def conda_env_name() -> str:
    return re.search(r"^name: (\S+)", (ROOT / "environment.yml").read_text(), re.M).group(1)


def check_conda(argv: list[str], where: str) -> None:
    sub = argv[1:3] if argv[1] == "env" else argv[1:2]
    assert sub in (["env", "create"], ["env", "update"], ["activate"]), f"{where}: conda {' '.join(sub)}?"
    if sub == ["activate"]:
        assert argv[2:] == [conda_env_name()], f"{where}: the environment is called {conda_env_name()}"
        return
    args = argv[3:]
    files = [args[k + 1] for k, a in enumerate(args) if a == "-f"]
    names = [args[k + 1] for k, a in enumerate(args) if a == "-n"]
    assert files and all((ROOT / f).is_file() for f in files), f"{where}: no file {files}"
    assert all(n == conda_env_name() for n in names), f"{where}: the environment is called {conda_env_name()}"


def check_python(argv: list[str], where: str) -> None:
    args = argv[1:]
    if args[:2] == ["-m", "pytest"]:
        markers = {m.split(":")[0] for m in tomllib.loads((ROOT / "pyproject.toml").read_text())
                   ["tool"]["pytest"]["ini_options"]["markers"]}
        for k, arg in enumerate(args[2:], start=2):
            if arg == "-m":
                used = set(re.findall(r"\w+", args[k + 1])) - {"not", "and", "or"}
                assert used <= markers, f"{where}: unknown marker(s) {used - markers}"
        return
    assert args and (ROOT / args[0]).is_file(), f"{where}: no script {args[:1]}"


def check(command: Command, monkeypatch) -> None:
    argv = command.argv
    where = str(command)
    if argv[0] == "sudo":
        argv = argv[1:]
    program = argv[0]
    if program in ("werkboek", "python", "jupyter") and (program != "werkboek" or len(argv) > 2):
        assert "conda" in command.context.lower(), (
            f"{where}: after make, `{program}` is not on the PATH: write .venv/bin/{program} or a make "
            f"command (a bare `{program}` belongs where the conda environment is active)")
    if program in ("werkboek", ".venv/bin/werkboek"):
        check_werkboek(argv[1:], monkeypatch, where)
    elif program == "make":
        for line in make_dry_run(argv[1:], where):
            run = shlex.split(line)
            if run and run[0].endswith("/werkboek"):
                check_werkboek(run[1:], monkeypatch, f"{where} -> {line}")
            elif run and run[0].endswith("/jupyter"):
                check_jupyter_lab(run, f"{where} -> {line}")
    elif program == "jupyter":
        check_jupyter_lab(argv, where)
    elif program == "conda":
        check_conda(argv, where)
    elif program in ("python", ".venv/bin/python"):
        check_python(argv, where)
    elif program == ".ci/run":
        assert (ROOT / ".ci/run").is_file(), where
    elif program == "apt-get":
        assert argv[1] == "install", where
    else:
        pytest.fail(f"{where}: a program this test does not know; add it to tests/test_readme_commands.py")


# --------------------------------------------------------------------------- the tests


def test_the_readme_shows_the_commands_a_student_needs():
    texts = [c.text for c in COMMANDS]
    for needed in ("make lab", "make app", "make test", "make app POORT=8870", "make lab POORT=8890 GEEN_BROWSER=1",
                   "conda env create -f environment.yml"):
        assert any(t.split("#")[0].strip() == needed for t in texts), f"README lacks `{needed}`"


@pytest.mark.parametrize("command", COMMANDS, ids=[f"L{c.line}:{' '.join(c.argv)[:48]}" for c in COMMANDS])
def test_readme_command_works_as_written(command, monkeypatch):
    check(command, monkeypatch)


def test_make_passes_the_student_options_on():
    lines = "\n".join(make_dry_run(["app", "POORT=8870", "GEEN_BROWSER=1"], "make app"))
    assert re.search(r"/werkboek app --poort 8870 --geen-browser$", lines, re.M), lines
    lines = "\n".join(make_dry_run(["lab", "POORT=8890", "GEEN_BROWSER=1"], "make lab"))
    assert re.search(r"/jupyter lab .*--port=8890 --no-browser$", lines, re.M), lines
    for off in ("0", "nee"):
        lines = "\n".join(make_dry_run(["app", f"GEEN_BROWSER={off}"], "make app"))
        assert re.search(r"/werkboek app$", lines, re.M), lines


def test_the_checker_catches_drift(monkeypatch):
    """What the checks above would say about commands that do not work."""
    def fails(text: str, context: str = "") -> bool:
        try:
            check(Command(0, text, context), monkeypatch)
        except (AssertionError, pytest.fail.Exception):
            return True
        return False

    assert fails("werkboek app --port 8870", "conda activate x")  # the option is --poort
    assert fails("werkboek lesrooster")  # no such sub-command
    assert fails("werkboek app --poort 8870")  # not on the PATH after make
    assert fails("make appje")
    assert fails("make app PORT=8870")  # the Makefile reads POORT
    assert fails("jupyter lab --notebook-dir=werkboeken")
    assert fails("conda activate werkboek")
    assert fails("rm -rf .venv")
    assert fails("python tools/build_start.py")  # no `python` on the PATH after make
    assert not fails("python tools/build_start.py", "conda activate sociaal-werkboek")
    assert not fails(".venv/bin/werkboek app --poort 8870 --geen-browser")
