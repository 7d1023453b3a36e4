"""The ``wegwijzer`` command: a thin layer over the services of each package."""

from __future__ import annotations

import os
import sys

import typer

from wegwijzer.cli import accounts as accounts_cmd
from wegwijzer.cli import db as db_cmd
from wegwijzer.cli import directory as directory_cmd
from wegwijzer.cli import eval as eval_cmd
from wegwijzer.cli import export as export_cmd
from wegwijzer.cli import freshness as freshness_cmd
from wegwijzer.cli import importing as import_cmd
from wegwijzer.cli import match as match_cmd
from wegwijzer.cli import procedures as procedures_cmd
from wegwijzer.cli import publish as publish_cmd
from wegwijzer.cli import report as report_cmd
from wegwijzer.cli import search as search_cmd
from wegwijzer.cli import serve as serve_cmd
from wegwijzer.cli.common import CliError, console_err
from wegwijzer.config import ConfigError

typer_app = typer.Typer(
    name="wegwijzer",
    help="Wegwijzer: the Brussels offer against early school leaving, as an HSDS 3.0 directory.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
typer_app.command("import")(import_cmd.import_command)
typer_app.command("organizations")(directory_cmd.organizations_command)
typer_app.command("services")(directory_cmd.services_command)
typer_app.command("show")(directory_cmd.show_command)
typer_app.command("search")(search_cmd.search_command)
typer_app.command("match")(match_cmd.match_command)
typer_app.command("procedures")(procedures_cmd.procedures_command)
typer_app.command("procedure")(procedures_cmd.procedure_command)
typer_app.command("eval")(eval_cmd.eval_command)
typer_app.command("serve")(serve_cmd.serve_command)
typer_app.add_typer(export_cmd.app, name="export")
typer_app.add_typer(publish_cmd.app, name="publish")
typer_app.add_typer(db_cmd.app, name="db")
typer_app.add_typer(accounts_cmd.user_app, name="user")
typer_app.add_typer(accounts_cmd.token_app, name="token")
typer_app.add_typer(freshness_cmd.links_app, name="links")
typer_app.add_typer(freshness_cmd.review_app, name="review")
typer_app.add_typer(report_cmd.report_app, name="report")


def app() -> None:
    """Entry point: user errors become a one-line message and a non-zero exit, never a traceback.

    Typer handles usage errors itself (exit status 2); our own errors and anything unexpected
    are caught here.
    """
    try:
        typer_app()
    except CliError as exc:
        console_err.print(f"[bold red]Fout:[/] {exc}", highlight=False)
        sys.exit(exc.exit_code)
    except ConfigError as exc:  # e.g. production without a secret key: refused at startup
        console_err.print(f"[bold red]Fout:[/] {exc}", highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        console_err.print("Onderbroken.")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last line of defence for the user
        if os.environ.get("WEGWIJZER_DEBUG"):
            raise
        console_err.print(
            f"[bold red]Onverwachte fout:[/] {type(exc).__name__}: {exc}\n"
            "Zet WEGWIJZER_DEBUG=1 voor de volledige melding.",
            highlight=False,
        )
        sys.exit(1)


if __name__ == "__main__":
    app()
