"""``wegwijzer user add|list|disable|enable`` and ``wegwijzer token create|revoke``: accounts from the terminal.

A thin layer over ``wegwijzer.accounts.services``; a refused operation is a one-line Dutch message,
exit status 1, and nothing written (one transaction).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from wegwijzer.accounts.principal import ROLES
from wegwijzer.accounts.services import (
    AccountError,
    check_password,
    check_role,
    create_user,
    get_user,
    issue_token,
    list_users,
    normalize_email,
    revoke_token,
    set_active,
)
from wegwijzer.cli.common import CliError, console, open_database

user_app = typer.Typer(help="User accounts: add, list, disable, enable.", no_args_is_help=True)
token_app = typer.Typer(help="Personal API tokens (Authorization: Bearer …): create, revoke.", no_args_is_help=True)


def _read_password(option: str | None) -> str:
    """The password: the option's value, one line of stdin for '-', else asked twice with hidden input."""
    if option == "-":
        line = sys.stdin.readline()
        if not line:
            raise CliError("--password -: geen wachtwoord op de standaardinvoer (stdin).")
        return line.rstrip("\r\n")
    if option is not None:
        return option
    try:
        return str(typer.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Herhaal het wachtwoord"))
    except typer.Abort:
        raise CliError("geen wachtwoord gegeven.") from None


@user_app.command("add")
def user_add(
    email: Annotated[str, typer.Argument(help="E-mail address (the login name).")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {', '.join(ROLES)}.")],
    organization: Annotated[list[str] | None, typer.Option(
        "--organization", help="Organisation id a partner represents (repeat for more).")] = None,
    password: Annotated[str | None, typer.Option(
        "--password", help="The password ('-': read one line from stdin; omitted: asked twice, hidden).")] = None,
) -> None:
    """Add a user (a beheerder sets up the second factor at the first login)."""
    try:
        normalize_email(email)
        check_role(role)
        secret = check_password(_read_password(password))
        with open_database().session() as session:
            user = create_user(session, email, role, organization or (), password=secret)
            summary = f"Gebruiker {user.email} ({user.role}) aangemaakt, id {user.id}."
    except AccountError as exc:
        raise CliError(exc.message) from None
    console.print(summary, markup=False)


@user_app.command("list")
def user_list() -> None:
    """List the users."""
    with open_database().session() as session:
        users = list_users(session)
        rows = [(u.email, u.role, "actief" if u.active else "uitgeschakeld",
                 "ja" if u.totp_secret else "nee", ", ".join(sorted(u.organization_ids)),
                 u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "", u.id) for u in users]
    if not rows:
        console.print("Er zijn nog geen gebruikers: `wegwijzer user add EMAIL --role beheerder`.", markup=False)
        return
    table = Table(show_edge=False)
    for col in ("e-mail", "rol", "status", "tweestaps", "organisaties", "laatst ingelogd", "id"):
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _switch(email: str, active: bool) -> None:
    try:
        with open_database().session() as session:
            user = get_user(session, email)
            set_active(session, user, active)
            address = user.email
    except AccountError as exc:
        raise CliError(exc.message) from None
    state = "ingeschakeld" if active else "uitgeschakeld (overal afgemeld, tokens werken niet meer)"
    console.print(f"Gebruiker {address} {state}.", markup=False)


@user_app.command("disable")
def user_disable(email: Annotated[str, typer.Argument(help="E-mail address of the user.")]) -> None:
    """Disable a user: logged out everywhere, tokens stop working."""
    _switch(email, False)


@user_app.command("enable")
def user_enable(email: Annotated[str, typer.Argument(help="E-mail address of the user.")]) -> None:
    """Enable a disabled user again."""
    _switch(email, True)


@token_app.command("create")
def token_create(
    email: Annotated[str, typer.Argument(help="E-mail address of the token's owner.")],
    name: Annotated[str, typer.Option("--name", help="A name to recognise the token by.")] = "cli",
) -> None:
    """Create a personal API token; it is printed once, as the last word."""
    try:
        with open_database().session() as session:
            issued = issue_token(session, get_user(session, email), name)
    except AccountError as exc:
        raise CliError(exc.message) from None
    # plain print: the token must never be wrapped or styled
    print(f"Nieuwe API-token (id {issued.id}; wordt maar één keer getoond): {issued.token}")


@token_app.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(help="Id of the token (see the account page).")]) -> None:
    """Revoke a token: it stops working at once."""
    try:
        with open_database().session() as session:
            row = revoke_token(session, token_id)
            label = f"Token {row.id} ({row.name}) ingetrokken."
    except AccountError as exc:
        raise CliError(exc.message) from None
    console.print(label, markup=False)
