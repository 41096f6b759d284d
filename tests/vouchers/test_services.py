"""Programmes, applications, approval and the budget, expiry and revocation (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from core.audit import AuditEntry
from core.domain import Conflict, InvalidTransition, ValidationFailed
from tests.vouchers.conftest import make_programme, today
from vouchers import budget, services
from vouchers.models import Programme, VoucherApplication
from vouchers.services import ProgrammeInput


def test_a_programme_takes_decree_80_defaults(session, scheme):
    programme = scheme.programme
    assert programme.status == "published" and programme.max_share_pct == 50
    assert programme.caps_vnd == {"micro": 20_000_000, "small": 50_000_000, "medium": 100_000_000}
    rules = [
        template % params if params else template
        for template, params in (
            (t, {k: getattr(v, "text", v) for k, v in p.items()}) for t, p in services.plain_rules(programme)
        )
    ]
    assert any("50%" in line for line in rules) and any("Hà Nội" in line for line in rules)


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"name": " "}, "name"),
        ({"budget_vnd": 0}, "budget_vnd"),
        ({"opens_on": date(2027, 5, 1), "closes_on": date(2027, 4, 1)}, "closes_on"),
        ({"max_share_pct": 120}, "max_share_pct"),
        ({"caps_vnd": {"micro": -1}}, "cap_micro"),
        ({"categories": ("nothing",)}, "categories"),
    ],
)
def test_bad_programme_input_names_the_field_and_stores_nothing(session, factory, over, field):
    officer = factory.user("officer")
    data = {
        "name": "Chương trình",
        "opens_on": date(2027, 1, 1),
        "closes_on": date(2027, 12, 31),
        "budget_vnd": 100_000_000,
        **over,
    }
    with pytest.raises(ValidationFailed) as refused:
        services.create_programme(session, officer, ProgrammeInput(**data))
    assert field in refused.value.fields
    assert session.scalar(select(Programme.id)) is None


def test_publish_and_close_are_one_way_and_audited(session, scheme):
    with pytest.raises(InvalidTransition):
        services.publish_programme(session, scheme.officer, scheme.programme.id)
    services.close_programme(session, scheme.officer, scheme.programme.id)
    actions = set(
        session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == scheme.programme.id))
    )
    assert {"programme.created", "programme.published", "programme.closed"} <= actions


def test_apply_approve_issue_reserve(session, scheme):
    application = services.apply(
        session,
        scheme.sme_user,
        scheme.programme.id,
        scheme.listing.id,
        "subscription",
        24_000_000,
        12,
        today(),
    )
    assert application.status == "pending" and application.requested_vnd == 12_000_000
    assert all(f["ok"] for f in application.findings)
    assert [a.id for a in services.queue(session)] == [application.id]
    voucher = services.approve(session, scheme.officer, application.id, None, today())
    assert voucher.status == "issued" and voucher.amount_vnd == 12_000_000 and voucher.code.startswith("HT-")
    assert voucher.expires_on == today() + timedelta(days=90)
    session.refresh(scheme.programme)
    assert (scheme.programme.reserved_vnd, scheme.programme.left_vnd) == (12_000_000, 988_000_000)
    with pytest.raises(InvalidTransition):  # decided once
        services.approve(session, scheme.officer, application.id, None, today())


def test_refused_application_explains_and_stores_nothing(session, scheme, factory):
    outsider = factory.user("sme", sme_id=factory.sme(size="small", readiness_level=None, province="Huế").id)
    with pytest.raises(ValidationFailed) as refused:
        services.apply(
            session, outsider, scheme.programme.id, scheme.listing.id, "subscription", 24_000_000, 12, today()
        )
    assert "Hà Nội" in refused.value.message and "đánh giá mức độ sẵn sàng" in refused.value.message
    assert session.scalar(select(VoucherApplication.id)) is None


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("revenue_sharing", 24_000_000, 12), "pricing_type"),
        (("subscription", 0, 12), "value_vnd"),
        (("subscription", 24_000_000, None), "months"),
    ],
)
def test_bad_application_input_names_the_field(session, scheme, args, field):
    with pytest.raises(ValidationFailed) as refused:
        services.apply(session, scheme.sme_user, scheme.programme.id, scheme.listing.id, *args, today())
    assert field in refused.value.fields


def test_a_product_outside_the_current_edition_is_refused(session, scheme, factory):
    newer = factory.listing("published", vendor_id=scheme.vendor_user.vendor_id, categories=["e_invoice"])
    with pytest.raises(ValidationFailed) as refused:
        services.apply(
            session, scheme.sme_user, scheme.programme.id, newer.id, "subscription", 2_000_000, 12, today()
        )
    assert "danh mục chính thức" in refused.value.message


def test_the_yearly_cap_bounds_the_vouchers(session, scheme, voucher_for):
    first = voucher_for(80_000_000, 12)  # half is 40.000.000, within the small firm's 50.000.000
    assert first.amount_vnd == 40_000_000
    second = voucher_for(80_000_000, 12)
    assert second.amount_vnd == 10_000_000  # what is left of the cap
    with pytest.raises(ValidationFailed) as refused:
        voucher_for(80_000_000, 12)
    assert "hết hạn mức" in refused.value.message


def test_reject_needs_a_reason_and_is_audited(session, scheme):
    application = services.apply(
        session,
        scheme.sme_user,
        scheme.programme.id,
        scheme.listing.id,
        "subscription",
        24_000_000,
        12,
        today(),
    )
    with pytest.raises(ValidationFailed) as refused:
        services.reject(session, scheme.officer, application.id, "  ")
    assert "reason" in refused.value.fields
    services.reject(session, scheme.officer, application.id, "Giá cao hơn mặt bằng")
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "voucher.rejected"))
    assert entry.reason == "Giá cao hơn mặt bằng" and entry.actor_id == scheme.officer.id


def test_the_budget_refuses_what_does_not_fit(session, scheme, factory):
    small = make_programme(session, scheme.officer, name="Nhỏ", budget_vnd=15_000_000)
    application = services.apply(
        session, scheme.sme_user, small.id, scheme.listing.id, "subscription", 24_000_000, 12, today()
    )
    other = factory.user("sme", sme_id=factory.sme(size="small", readiness_level=1, province="Hà Nội").id)
    second = services.apply(
        session, other, small.id, scheme.listing.id, "subscription", 24_000_000, 12, today()
    )
    services.approve(session, scheme.officer, application.id, None, today())
    with pytest.raises(Conflict):
        services.approve(session, scheme.officer, second.id, None, today())
    session.refresh(small)
    assert small.reserved_vnd == 12_000_000


def test_expiry_and_revocation_release_the_reservation(session, scheme, voucher_for):
    expiring, revoked = voucher_for(24_000_000, 12), voucher_for(20_000_000, 12)
    session.refresh(scheme.programme)
    assert scheme.programme.reserved_vnd == 22_000_000
    assert services.expire_due(session, expiring.expires_on) == 0
    assert services.expire_due(session, expiring.expires_on + timedelta(days=1)) == 2
    session.refresh(scheme.programme)
    assert scheme.programme.reserved_vnd == 0 and expiring.status == "expired"
    fresh = voucher_for(24_000_000, 12)
    with pytest.raises(ValidationFailed):
        services.revoke(session, scheme.officer, fresh.id, "")
    services.revoke(session, scheme.officer, fresh.id, "Khai man quy mô")
    session.refresh(scheme.programme)
    assert fresh.status == "revoked" and scheme.programme.reserved_vnd == 0
    with pytest.raises(InvalidTransition):
        services.revoke(session, scheme.officer, revoked.id, "Lần nữa")


def test_the_forecast_follows_the_current_rate(session, scheme, voucher_for):
    voucher_for(24_000_000, 12)
    session.refresh(scheme.programme)
    shown = budget.view(session, scheme.programme, today())
    assert (shown.budget_vnd, shown.reserved_vnd, shown.paid_vnd, shown.left_vnd) == (
        1_000_000_000,
        12_000_000,
        0,
        988_000_000,
    )
    assert shown.committed_per_day_vnd > 0


def test_officers_hear_of_applications_and_the_sme_of_decisions(session, scheme):
    from notifications.models import Notification

    application = services.apply(session, scheme.sme_user, scheme.programme.id, scheme.listing.id,
                                 "subscription", 24_000_000, 12, today())
    voucher = services.approve(session, scheme.officer, application.id, None, today())
    services.revoke(session, scheme.officer, voucher.id, "Hồ sơ khai sai quy mô")
    told = {(n.user_id, n.event) for n in session.scalars(select(Notification))}
    assert told == {(scheme.officer.id, "vouchers.applied"), (scheme.sme_user.id, "vouchers.issued"),
                    (scheme.sme_user.id, "vouchers.revoked")}
    revoked = session.scalar(select(Notification).where(Notification.event == "vouchers.revoked"))
    assert revoked.context["code"] == voucher.code and revoked.context["reason"] == "Hồ sơ khai sai quy mô"


def test_the_sme_is_reminded_before_an_unused_voucher_expires_and_told_when_it_does(session, scheme,
                                                                                   voucher_for):
    from notifications.models import Notification

    voucher = voucher_for(24_000_000, 12)
    last_day = voucher.expires_on

    def told(event: str) -> list:
        return list(session.scalars(select(Notification).where(Notification.event == event)))

    for days_before in range(20, 0, -1):  # a daily run, every day of the last weeks
        services.remind_expiring(session, last_day - timedelta(days=days_before))
    reminders = told("vouchers.expiring")
    assert sorted(n.context["days"] for n in reminders) == [3, 14]  # each reminder once
    assert {n.user_id for n in reminders} == {scheme.sme_user.id}
    assert reminders[0].context["until"] == last_day.strftime("%d/%m/%Y")
    assert services.expire_due(session, last_day + timedelta(days=1)) == 1
    [expired] = told("vouchers.expired")
    assert expired.context["code"] == voucher.code and expired.user_id == scheme.sme_user.id
    assert services.remind_expiring(session, last_day - timedelta(days=3)) == 0  # expired: no reminder
