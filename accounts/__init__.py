"""Accounts: people who log in (users, passwords, login sessions, login and logout, language)."""
