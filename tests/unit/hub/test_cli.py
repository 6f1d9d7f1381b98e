"""The command line as a user meets it: one-line usage errors with exit 2, help everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = 0
    try:
        main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("argv", [
    ("bogus",),
    ("demo", "--records", "abc"),
    ("demo", "--records", "0"),
    ("worker",),
    ("replay", "--mode", "sideways"),
    ("journal", "show"),
    ("--log-level", "loud", "topology"),
])
def test_usage_errors_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "usage error" in err


@pytest.mark.parametrize("argv", [(), ("demo",), ("run",), ("worker",), ("replay",), ("journal", "show"),
                                  ("topology",), ("simulate",)])
def test_help_everywhere(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, out, _ = run(capsys, *argv, "--help")
    assert code == 0 and "Usage:" in out


def test_missing_configuration_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--home", str(tmp_path), "topology")
    assert code == 2 and "santong.yaml" in err and len(err.strip().splitlines()) == 1


def test_topology_prints_the_configured_names(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = Path(__file__).resolve().parents[3] / "config" / "santong.example.yaml"
    code, out, _ = run(capsys, "--home", str(tmp_path), "--config", str(config), "topology")
    assert code == 0
    assert "exchange santong.raw (topic)" in out and "binding  santong.raw --sthj.*--> santong.normalize.sthj" in out


def test_unknown_simulator_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--home", str(tmp_path), "simulate", "nosuch")
    assert code == 2 and "nosuch" in err
