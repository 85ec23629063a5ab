"""``caseinspect serve`` and ``caseinspect users create``: the web application's commands.

Django is imported only when one of these commands runs.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import click

from caseinspect.errors import InputError, Problem

ROLES = ["admin", "lead_inspector", "inspector", "quality_assurer", "analyst", "viewer"]

data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=lambda: os.environ.get("CASEINSPECT_DATA_DIR", "caseinspect-data"),
    show_default="$CASEINSPECT_DATA_DIR or ./caseinspect-data",
    help="Directory for the SQLite database, the generated secret key and uploads.",
)


@click.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@data_dir_option
@click.option(
    "--demo",
    is_flag=True,
    help="Also load a demo region, inspection, synthetic cases and demo users.",
)
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Server processes.")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Threads per server process.")
@click.option(
    "--pin-workers/--no-pin-workers",
    default=None,
    help="Keep each server process on a CPU core of its own (Linux). Default: pinned when "
    "there are at least as many processes as cores.",
)
def serve(
    port: int, data_dir: Path, demo: bool, workers: int, threads: int, pin_workers: bool | None
) -> None:
    """Serve the web application on http://127.0.0.1:PORT (gunicorn).

    On first run this creates the data directory, its SQLite database and a secret key;
    every run applies any new migrations. DATABASE_URL=postgresql://... uses PostgreSQL.
    """
    from caseinspect.web import server

    if pin_workers and server.usable_cpus() is None:
        raise InputError([Problem(
            "--pin-workers needs Linux (this platform cannot keep a process on a core)")])
    _require_free_port(port)
    if server.prepare_data_dir(data_dir):
        click.echo(f"Created {data_dir / 'secret_key'} (keep it private).")
    server.configure(data_dir, plain_http=True)
    server.migrate()
    if demo:
        from caseinspect.web.demo import load_demo

        loaded = load_demo(os.environ.get("CASEINSPECT_DEMO_PASSWORD") or None)
        for line in loaded.lines():
            click.echo(line)
    click.echo(f"caseinspect is serving on http://127.0.0.1:{port}/ (Ctrl+C stops it)")
    sys.stdout.flush()
    server.serve(port, workers, threads, pin_workers)


def _require_free_port(port: int) -> None:
    """Stop before anything is written or announced when another program holds the port
    (gunicorn would print "serving", retry for seconds, then fail with its own log lines)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise InputError([Problem(
                f"port {port} on 127.0.0.1 is already in use (by another server?); "
                "choose a free one with --port")]) from None


@click.group("users")
def users() -> None:
    """Manage the people who can sign in."""


@users.command("create")
@click.option("--email", required=True, help="Email address the person signs in with.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="Their role.")
@click.option("--name", default="", help="Their name, as shown to colleagues.")
@data_dir_option
def create_user(email: str, role: str, name: str, data_dir: Path) -> None:
    """Create a user; the password is read from standard input (one line)."""
    from caseinspect.web import server

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    server.prepare_data_dir(data_dir)
    if server.configure(data_dir):
        server.migrate()

    from caseinspect.web.accounts.services import create_user as create

    user = create(email, role, password, by=None, name=name, reason="caseinspect users create")
    click.echo(f"Created {user.email} ({user.get_role_display().lower()}).")


COMMANDS: list[click.Command] = [serve, users]
