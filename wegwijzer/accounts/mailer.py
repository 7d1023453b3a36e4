"""Sending e-mail behind a small Protocol: files (default), the log, or SMTP (``settings.mailer``)."""

from __future__ import annotations

import logging
import smtplib
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Protocol

from wegwijzer.config import Settings

logger = logging.getLogger("wegwijzer.mail")


class Mailer(Protocol):
    def send(self, to: str, subject: str, body: str) -> None: ...


def build_message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message.set_content(body)
    return message


class FileMailer:
    """Writes each message as an ``.eml`` file into a folder (the default: ``<home>/mail``)."""

    def __init__(self, folder: Path, sender: str) -> None:
        self.folder = folder
        self.sender = sender

    def send(self, to: str, subject: str, body: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self.folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(bytes(build_message(self.sender, to, subject, body)))
        logger.info("event=mail_written to=%s path=%s", to, path)


class ConsoleMailer:
    """Logs each message (development)."""

    def __init__(self, sender: str) -> None:
        self.sender = sender

    def send(self, to: str, subject: str, body: str) -> None:
        logger.info("event=mail to=%s subject=%s\n%s", to, subject, body)


class SmtpMailer:
    """Sends through an SMTP server (STARTTLS and login when configured)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, to: str, subject: str, body: str) -> None:
        s = self.settings
        message = build_message(s.mail_from, to, subject, body)
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=30) as smtp:
            if s.smtp_starttls:
                smtp.starttls()
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password)
            smtp.send_message(message)
        logger.info("event=mail_sent to=%s", to)


def mailer_from_settings(settings: Settings) -> Mailer:
    if settings.mailer == "smtp":
        return SmtpMailer(settings)
    if settings.mailer == "console":
        return ConsoleMailer(settings.mail_from)
    return FileMailer(settings.home / "mail", settings.mail_from)
