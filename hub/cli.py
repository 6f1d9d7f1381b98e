"""The ``santong`` command line.

Every command finds configuration, keyring and local state under one home directory
(``--home``, ``SANTONG_HOME``, default ``~/.santong``).  A usage error is one line on
stderr and exit status 2; an operational error one line and exit status 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer

try:  # typer vendors click from 0.2x on; its exceptions are not click's
    from typer._click import exceptions as _cx
except ImportError:  # pragma: no cover - older typer
    from click import exceptions as _cx  # type: ignore[no-redef]

from hub.home import resolve_home
from hub.logs import setup_logging
from santong.errors import ConfigError, SantongError

__all__ = ["app", "main"]

app = typer.Typer(
    name="santong",
    help="santong (三通) — joins department systems to the provincial 互联网+监管 platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
journal_app = typer.Typer(help="Inspect the journal.", no_args_is_help=True)
app.add_typer(journal_app, name="journal")
adapter_app = typer.Typer(help="Adapters: the built-in ones and those installed as plugins.", no_args_is_help=True)
app.add_typer(adapter_app, name="adapter")


class State:
    home_option: Optional[str] = None
    log_json: bool = False
    log_level: Optional[str] = None
    config_option: Optional[str] = None

    @property
    def home(self) -> Path:
        return resolve_home(self.home_option)

    def config(self) -> Any:
        from hub.config import load_config

        home = self.home
        path = Path(self.config_option) if self.config_option else home / "santong.yaml"
        if not path.exists():
            raise ConfigError(
                f"no configuration at {path}: pass --config FILE, or copy config/santong.example.yaml there"
            )
        return load_config(path, home=home)


state = State()


@app.callback()
def _root(
    home: Optional[str] = typer.Option(None, "--home", help="santong home directory (default: $SANTONG_HOME or ~/.santong)."),
    config: Optional[str] = typer.Option(None, "--config", "-c", help="Configuration file (default: HOME/santong.yaml)."),
    log_json: bool = typer.Option(False, "--log-json", help="Write logs as JSON lines."),
    log_level: Optional[str] = typer.Option(
        None, "--log-level", help="debug, info, warning or error (default: the configuration's, else warning)."),
) -> None:
    state.home_option = home
    state.config_option = config
    state.log_json = log_json
    state.log_level = log_level
    if log_level is not None and log_level not in ("debug", "info", "warning", "error"):
        raise typer.BadParameter(f"--log-level must be debug, info, warning or error, not {log_level!r}")
    setup_logging(json_output=log_json, level=log_level or "warning")


@app.command()
def run(config: Optional[str] = typer.Option(None, "--config", "-c", help="Configuration file.")) -> None:
    """Run every stage (ingest, normalize, deliver) in one process until SIGTERM."""
    from hub.runtime import Hub

    if config:
        state.config_option = config
    cfg = state.config()
    setup_logging(json_output=state.log_json or cfg.logging.json_output, level=state.log_level or cfg.logging.level)
    Hub(cfg).run()


@app.command()
def worker(
    stages: list[str] = typer.Argument(..., help="Stages to run: ingest, normalize, deliver."),
    only: list[str] = typer.Option([], "--only", help="Only these sources/destinations (repeatable)."),
) -> None:
    """Run some stages only; start several workers to share a stage's queues."""
    from hub.runtime import Hub

    cfg = state.config()
    setup_logging(json_output=state.log_json or cfg.logging.json_output, level=state.log_level or cfg.logging.level)
    Hub(cfg).run(stages, only)


@app.command()
def topology(
    declare: bool = typer.Option(False, "--declare", help="Also declare it on the configured broker."),
) -> None:
    """Print the exchanges, queues and bindings of the configuration (and declare them)."""
    cfg = state.config()
    topo = cfg.topology()
    if declare:
        from queues.factory import open_broker

        broker = open_broker(cfg.broker.url)
        try:
            broker.declare(topo)
        finally:
            broker.close()
        typer.echo(f"declared on {cfg.broker.url.split('@')[-1]}")
    for line in topo.describe():
        typer.echo(line)


@app.command()
def demo(
    records: int = typer.Option(1000, "--records", "-n", min=1, max=200_000, help="How many source records."),
    bad_share: float = typer.Option(0.05, "--bad-share", min=0.0, max=1.0, help="Share of bad records."),
    seed: int = typer.Option(20251119, "--seed", help="Seed of the simulated data."),
    broker: str = typer.Option("", "--broker", help="amqp://… to run on RabbitMQ (default: embedded broker)."),
    journal: str = typer.Option("", "--journal", help="postgresql+psycopg://… (default: SQLite in the home)."),
    summary_json: Optional[Path] = typer.Option(None, "--summary-json", help="Also write the summary as JSON."),
    timeout_s: float = typer.Option(600.0, "--timeout", min=1.0, help="Give up after this many seconds."),
) -> None:
    """Simulate sthj and the province, run the hub on N records, and print what became of each."""
    from hub.demo import DemoOptions, print_summary, run_demo
    from hub.home import temporary_home

    home = resolve_home(state.home_option) if state.home_option or _env_home() else temporary_home()
    summary = run_demo(DemoOptions(records=records, bad_share=bad_share, seed=seed, broker_url=broker or None,
                                   journal_url=journal or None, home=home, timeout_s=timeout_s))
    print_summary(summary)
    if summary_json:
        summary_json.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if summary["lost"] or summary["duplicates"]:
        raise typer.Exit(1)


def _env_home() -> bool:
    import os

    return bool(os.environ.get("SANTONG_HOME"))


@app.command()
def replay(
    source: Optional[str] = typer.Option(None, "--source", help="Source adapter name, e.g. sthj."),
    kind: Optional[str] = typer.Option(None, "--kind", help="Source record kind, e.g. INSPECTION."),
    msg_type: Optional[str] = typer.Option(None, "--msg-type", help="Standard message type, e.g. JGXW_CHECK."),
    status: Optional[str] = typer.Option(None, "--status", help="quarantined, dead, rejected, mapped, accepted …"),
    destination: Optional[str] = typer.Option(None, "--destination", help="Destination name (re-deliver)."),
    since: Optional[str] = typer.Option(None, "--since", help="From this time (ISO 8601)."),
    until: Optional[str] = typer.Option(None, "--until", help="Until this time (ISO 8601)."),
    mode: str = typer.Option("auto", "--mode", help="renormalize (map again from raw), redeliver, remap, or auto."),
    remap: bool = typer.Option(False, "--remap", help="Map again here with today's specs and code tables (--mode remap)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would be replayed; change nothing."),
    reason: str = typer.Option("", "--reason", help="Why (kept in the audit trail)."),
    actor: str = typer.Option("cli", "--actor", help="Who (kept in the audit trail)."),
    limit: int = typer.Option(100_000, "--limit", min=1, help="At most this many messages."),
) -> None:
    """Send selected messages through the hub again, without sending anything twice."""
    from hub.replay_cmd import ReplaySelection, run_replay

    if remap:
        mode = "remap"
    if mode not in ("auto", "renormalize", "redeliver", "remap"):
        raise typer.BadParameter(f"--mode must be auto, renormalize, redeliver or remap, not {mode!r}")
    sel = ReplaySelection(source=source, kind=kind, msg_type=msg_type, status=status, destination=destination,
                          since=since, until=until, mode=mode, limit=limit)
    result = run_replay(state.config(), sel, dry_run=dry_run, reason=reason, actor=actor)
    typer.echo(result)


@journal_app.command("show")
def journal_show(ident: str = typer.Argument(..., help="A message id, cd_id or batch id.")) -> None:
    """Every hop of one message, as JSON."""
    from replay.journal import Journal

    cfg = state.config()
    j = Journal.open(cfg.journal.url)
    try:
        story = j.story(ident)
    finally:
        j.close()
    if story is None:
        raise SantongError(f"nothing in the journal is called {ident!r}")
    typer.echo(json.dumps(story, ensure_ascii=False, indent=2, default=str))


@app.command("map")
def map_(
    source: Optional[str] = typer.Argument(
        None, help="Adapter name: scjg, sthj, hotline12345, elu-yangguang, ggzy, credit, province."),
    file: Optional[Path] = typer.Argument(
        None, help="One raw record, a JSON array of records or of response pages, or an XML document."),
    kind: Optional[str] = typer.Option(None, "--kind", help="The source's own record kind, where the payload cannot tell it."),
    check: bool = typer.Option(False, "--check", help="Only load and check every spec and code table; report each problem."),
) -> None:
    """Show what the hub makes of a payload: one JSON line per standard record, sealed under the placeholder
    batch <today +08:00>00001 (a preview, never sent).  Exit 0 all mapped, 1 any failed, 2 usage error."""
    from hub.map_cmd import run_map

    code = run_map(source, file, kind, check)
    if code:
        raise typer.Exit(code)


@adapter_app.command("list")
def adapter_list() -> None:
    """Every source and sink adapter this installation knows (plugins: entry points ``santong.adapters``)."""
    from hub.registry import known_adapters

    known = known_adapters()
    for role in ("sources", "sinks"):
        typer.echo(f"{role}: {', '.join(known[role]) or '-'}")


@app.command()
def simulate(
    name: str = typer.Argument(..., help="sthj or province."),
    port: int = typer.Option(8090, "--port", min=1, max=65535),
    records: int = typer.Option(1000, "--records", "-n", min=0),
    seed: int = typer.Option(20251119, "--seed"),
) -> None:
    """Serve a simulator on 127.0.0.1 until interrupted."""
    from hub.simulate import serve

    serve(name, port=port, records=records, seed=seed, home=state.home)


def main(argv: list[str] | None = None) -> None:
    """Entry point: one-line errors, exit 2 for usage, 1 for failures."""
    try:
        result = app(args=argv, standalone_mode=False)
        if isinstance(result, int) and result:
            sys.exit(result)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except _cx.NoArgsIsHelpError as exc:
        print(exc.format_message(), file=sys.stderr)
        sys.exit(2)
    except _cx.UsageError as exc:
        cmd = f" {exc.ctx.command_path.split(' ', 1)[1]}" if exc.ctx and " " in exc.ctx.command_path else ""
        print(f"santong{cmd}: usage error: {exc.format_message()}", file=sys.stderr)
        sys.exit(2)
    except _cx.ClickException as exc:
        print(f"santong: error: {exc.format_message()}", file=sys.stderr)
        sys.exit(1)
    except typer.Abort:
        print("santong: aborted", file=sys.stderr)
        sys.exit(130)
    except ConfigError as exc:
        print(f"santong: configuration error: {exc}", file=sys.stderr)
        sys.exit(2)
    except SantongError as exc:
        print(f"santong: error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
