"""The mailers: .eml files (default), the log, and SMTP against a small local SMTP server."""

from __future__ import annotations

import logging
import socketserver
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from wegwijzer.accounts.mailer import ConsoleMailer, FileMailer, SmtpMailer, mailer_from_settings
from wegwijzer.config import Settings


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for one plain message: EHLO, MAIL, RCPT, DATA, QUIT."""

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 test\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                self.server.messages.append(data)  # type: ignore[attr-defined]
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server() -> Iterator[socketserver.ThreadingTCPServer]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_file_mailer_writes_one_eml_per_message(tmp_path: Path) -> None:
    mailer = FileMailer(tmp_path / "mail", "wegwijzer@example.org")
    mailer.send("redacteur@example.org", "Onderwerp é", "Hallo,\nDe link: http://x.test/a")
    [path] = (tmp_path / "mail").glob("*.eml")
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["To"] == "redacteur@example.org" and message["From"] == "wegwijzer@example.org"
    assert message["Subject"] == "Onderwerp é"
    assert "http://x.test/a" in message.get_body().get_content()  # type: ignore[union-attr]


def test_console_mailer_logs_the_message(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="wegwijzer.mail"):
        ConsoleMailer("wegwijzer@example.org").send("redacteur@example.org", "Onderwerp", "De inhoud")
    assert "redacteur@example.org" in caplog.text and "De inhoud" in caplog.text


def test_smtp_mailer_sends_through_the_configured_server(smtp_server: socketserver.ThreadingTCPServer,
                                                         tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, mailer="smtp", smtp_host="127.0.0.1", smtp_port=smtp_server.server_address[1],
                        smtp_starttls=False, mail_from="wegwijzer@example.org")
    mailer = mailer_from_settings(settings)
    assert isinstance(mailer, SmtpMailer)
    mailer.send("redacteur@example.org", "Uitnodiging", "Kies uw wachtwoord")
    [raw] = smtp_server.messages  # type: ignore[attr-defined]
    message = message_from_bytes(raw, policy=policy.default)
    assert message["To"] == "redacteur@example.org" and message["Subject"] == "Uitnodiging"


@pytest.mark.parametrize(("name", "kind"), [("file", FileMailer), ("console", ConsoleMailer), ("smtp", SmtpMailer)])
def test_settings_choose_the_mailer(tmp_path: Path, name: str, kind: type) -> None:
    assert isinstance(mailer_from_settings(Settings(home=tmp_path, mailer=name)), kind)


def test_default_mailer_writes_into_the_data_folder(tmp_path: Path) -> None:
    mailer = mailer_from_settings(Settings(home=tmp_path))
    assert isinstance(mailer, FileMailer) and mailer.folder == tmp_path / "mail"
