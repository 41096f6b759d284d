"""Who may do what: role checks for views and API endpoints."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def roles_required(*roles: str):
    """Logged in with one of `roles` (anonymous -> login page or 401; other roles -> 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles  # read by the authorisation-matrix test
        return wrapped

    return decorator


officer_required = roles_required("officer", "admin")
vendor_required = roles_required("vendor")
sme_required = roles_required("sme")
