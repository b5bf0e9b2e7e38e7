"""Run `edu …` in the test's process, as from a shell with only the given EDU_ variables and
working folder: a subprocess per command would spend most of its time importing."""

from __future__ import annotations

import gc
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from edu.cli import main


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


Cli = Callable[..., Ran]


def in_shell(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """A runner of `edu` commands for one test (its monkeypatch undoes every change)."""

    def run(args: list[str], *, cwd: Path, env: dict[str, str], stdin: str = "") -> Ran:
        with monkeypatch.context() as shell:
            for name in [n for n in os.environ if n.startswith("EDU_")]:
                shell.delenv(name)
            for name, value in env.items():
                shell.setenv(name, value)
            shell.chdir(cwd)
            shell.setattr(sys, "stdin", io.StringIO(stdin))
            capsys.readouterr()
            try:
                code = main(args)
            except SystemExit as exit_:  # argparse refuses a command line this way
                code = exit_.code if isinstance(exit_.code, int) else 1
            out = capsys.readouterr()
        # A command's engines would close their connections when its process ended: close
        # them now, so PostgreSQL does not run out of connections during the suite.
        gc.collect()
        return Ran(code, out.out, out.err)

    return run
