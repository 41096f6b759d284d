"""Vendor pages: dashboard and listing management."""

from __future__ import annotations

from flask import Blueprint, render_template

from marketplace.auth.access import vendor_required

bp = Blueprint("vendors", __name__, url_prefix="/vendor")


@bp.route("/")
@vendor_required
def dashboard():
    return render_template("vendors/dashboard.html")
