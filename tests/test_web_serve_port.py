"""`caseinspect serve` on a port another program listens on says so and stops (exit 2),
before it prints that it is serving or writes anything."""

from __future__ import annotations

import socket

from click.testing import CliRunner

from caseinspect.cli import main


def test_a_port_in_use_is_reported_and_nothing_is_written(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        data_dir = tmp_path / "data"
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--data-dir",
                                           str(data_dir)])
    assert result.exit_code == 2, result.output
    assert f"error: port {port} on 127.0.0.1 is already in use" in result.output
    assert "--port" in result.output
    assert "is serving" not in result.output
    assert not data_dir.exists()
