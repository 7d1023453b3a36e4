"""Accounts: users and roles (beheerder, redacteur, partner), sessions, tokens, CSRF, mailer."""
