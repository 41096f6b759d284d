"""Domain errors raised by plain-Python services; marketplace.errors maps them to HTTP once."""

from __future__ import annotations


class DomainError(Exception):
    """A refused action, with a message a person can read (Vietnamese by default)."""

    code = "domain_error"
    status = 400

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotFound(DomainError):
    code, status = "not_found", 404


class Forbidden(DomainError):
    code, status = "forbidden", 403


class InvalidTransition(DomainError):
    code, status = "invalid_transition", 409


class Conflict(DomainError):
    code, status = "conflict", 409


class ValidationFailed(DomainError):
    code, status = "validation_failed", 422
