"""SME pages: dashboard and profile."""

from __future__ import annotations

from flask import Blueprint, render_template

from marketplace.auth.access import sme_required

bp = Blueprint("smes", __name__, url_prefix="/sme")


@bp.route("/")
@sme_required
def dashboard():
    return render_template("smes/dashboard.html")
