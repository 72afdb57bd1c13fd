"""Every command teaches: `--help` works and shows an example, for the app and each command."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from kg.cli import app

COMMANDS = sorted(get_command(app).commands)


def test_there_are_commands():
    assert {"build", "query", "eval"} <= set(COMMANDS)


@pytest.mark.parametrize("command", [[]] + [[name] for name in COMMANDS])
def test_help_has_an_example(command):
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_explained(name):
    command = get_command(app).commands[name]
    for param in command.params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help, f"kg {name} {param.opts[0]} has no help text"
