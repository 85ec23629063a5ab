"""`caseinspect serve` on a port another program listens on — or asked to pin its workers
where the platform cannot — says so and stops (exit 2), before it prints that it is serving
or writes anything."""

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


def test_pinning_workers_where_the_platform_cannot_is_refused_before_anything_is_written(
    tmp_path, monkeypatch
):
    from caseinspect.web import server

    monkeypatch.setattr(server, "usable_cpus", lambda: None)  # as on macOS
    data_dir = tmp_path / "data"
    result = CliRunner().invoke(main, ["serve", "--data-dir", str(data_dir), "--pin-workers"])
    assert result.exit_code == 2, result.output
    assert "error: --pin-workers needs Linux" in result.output
    assert not data_dir.exists()
