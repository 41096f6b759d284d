"""Public catalog pages and officers' catalog administration (placeholder until issue 2 lands)."""

from __future__ import annotations

from flask import Blueprint, render_template

from marketplace.auth.access import officer_required

bp = Blueprint("catalog", __name__)
admin_bp = Blueprint("catalog_admin", __name__, url_prefix="/officer")


@bp.route("/")
def index():
    return render_template("catalog/index.html")


@admin_bp.route("/review")
@officer_required
def review_queue():
    return render_template("catalog/review_queue.html")
