"""One small world for the route-level security tests: two vendors, two SMEs, staff, and objects
owned by the first vendor and the first SME ("own" objects; the "other_*" roles must not reach them).

`build_world` runs once per backend; `FRESH` builders make a new object for each check of a
state-changing route, so that one route's POST never changes what another route is checked against.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from accounts import recovery
from accounts.models import User
from catalog.product import Pricing
from catalog.services import publish_edition
from consultants.models import Consultant, ConsultantRequest
from integrity.models import IntegrityFlag
from integrity.reasons import Reason
from opendata import keys as partner_keys
from opendata.models import SyncDelivery
from privacy.consent import set_contact_consent
from privacy.requests import submit_request
from tests.factories import Factory
from tests.payments.builders import due_instalment, paid_attempt, signed_contract

ROLES = ("anonymous", "sme", "other_sme", "vendor", "other_vendor", "officer", "admin", "consultant",
         "other_consultant")


@dataclass
class World:
    users: dict[str, User]  # role -> user (no entry for anonymous)
    keys: dict[str, object] = field(default_factory=dict)  # world key -> id used in URLs


def build_world(session: Session, factory: Factory) -> World:
    vendor, other_vendor = factory.vendor(), factory.vendor()
    sme = factory.sme(contact_person="Nguyễn Thị Hoa", contact_phone="0901234567",
                      contact_email="hoa@example.vn")
    other_sme = factory.sme(contact_person="Lê Văn Kín", contact_phone="0987000111",
                            contact_email="kin@example.vn")  # never agrees to be contacted
    users = {
        "sme": factory.user("sme", sme_id=sme.id),
        "other_sme": factory.user("sme", sme_id=other_sme.id),
        "vendor": factory.user("vendor", vendor_id=vendor.id),
        "other_vendor": factory.user("vendor", vendor_id=other_vendor.id),
        "officer": factory.user("officer"),
        "admin": factory.user("admin"),
    }
    for role in ("consultant", "other_consultant"):
        users[role] = factory.user("consultant")
    world = World(users=users)
    world.keys["consultant"] = _consultant(session, users["consultant"]).id
    _consultant(session, users["other_consultant"])
    world.keys.update({
        "vendor": vendor.id, "other_vendor": other_vendor.id, "sme": sme.id, "other_sme": other_sme.id,
        "vendor.pending": factory.vendor(vetting="submitted").id,
        "listing.published": factory.listing("published", vendor_id=vendor.id).id,
        "listing.draft": factory.listing("draft", vendor_id=vendor.id).id,
        "listing.submitted": factory.listing("submitted", vendor_id=vendor.id).id,
    })
    publish_edition(session, users["officer"], "1/QĐ-SKHCN", date(2026, 3, 1))
    world.keys["listing.published_later"] = factory.listing("published", vendor_id=other_vendor.id).id
    world.keys["edition"] = 1
    latest = publish_edition(session, users["officer"], "2/QĐ-SKHCN", date(2026, 6, 1))
    world.keys["edition.latest"] = latest.number
    set_contact_consent(session, users["sme"], True, source="test")
    session.add(ConsultantRequest(sme_id=sme.id, consultant_id=world.keys["consultant"], status="accepted"))
    world.keys["contract"] = signed_contract(session, sme.id, world.keys["listing.published"], vendor.id).id
    world.keys["contract.agreed"] = _agreed_and_signed(session, users, world.keys["listing.published"])
    world.keys["contract.reviewable"] = _counted(session, world).id
    world.keys["review"] = _review(session, factory, world)
    world.keys["complaint"] = _complaint(session, factory, world)
    world.keys["course"] = _course(session, factory, world, begun=True)
    world.keys["problem.open"] = _problem(session, factory, world, approve=True)
    world.keys["problem.pending"] = _problem(session, factory, world)
    _vouchers(session, factory, world)
    session.commit()
    return world


def _problem(session: Session, factory: Factory, world: World, approve: bool = False) -> str:
    """A problem of the first SME: pending, or approved by the officer (published, vendors invited)."""
    from problems.services import moderate, post_problem
    from tests.problems.builders import problem_input

    problem = post_problem(session, world.users["sme"], problem_input())
    if approve:
        moderate(session, world.users["officer"], problem.id, True, None, "")
    return problem.id


def _agreed_and_signed(session: Session, users: dict[str, User], listing_id: str) -> str:
    """A contract made through the contract services (request, offer, accept, both signatures)."""
    from contracts import services
    from contracts.terms import Terms

    contract = services.request_offer(session, users["sme"], listing_id, "subscription", None,
                                      "hd-world-agreed")
    offer = services.propose(session, users["vendor"], contract.id, 1,
                             Terms(Pricing("subscription"), 1_800_000, date(2026, 7, 1), 12))
    services.accept(session, users["sme"], contract.id, offer.round)
    for side in ("sme", "vendor"):
        services.sign(session, users[side], contract.id, contract.terms_digest, ip="127.0.0.1",
                      user_agent="test")
    return contract.id


def _vouchers(session: Session, factory: Factory, world: World) -> None:
    """A published programme open all year, a voucher of the first SME, a disbursement batch."""
    from vouchers.models import DisbursementBatch
    from vouchers.services import ProgrammeInput, create_programme, publish_programme

    today = date.today()
    programme = create_programme(session, world.users["officer"], ProgrammeInput(
        "Hỗ trợ chuyển đổi số", date(today.year, 1, 1), date(today.year, 12, 31), 1_000_000_000))
    publish_programme(session, world.users["officer"], programme.id)
    world.keys["programme"] = programme.id
    world.keys["voucher"] = _voucher(session, factory, world)
    batch = DisbursementBatch(programme_id=programme.id, total_vnd=0, created_by_id=world.users["officer"].id)
    session.add(batch)
    session.flush()
    world.keys["disbursement"] = batch.id


def _voucher(session: Session, factory: Factory, world: World) -> str:
    from vouchers.models import Voucher

    today = date.today()
    voucher = Voucher(id=f"vc-{uuid.uuid4().hex[:10]}", code=f"HT-{uuid.uuid4().hex[:10].upper()}",
                      programme_id=world.keys["programme"], sme_id=world.keys["sme"],
                      product_id=world.keys["listing.published"], amount_vnd=5_000_000, issued_on=today,
                      expires_on=today, status="issued")
    session.add(voucher)
    session.flush()
    return voucher.id


def _voucher_application(session: Session, factory: Factory, world: World) -> int:
    from vouchers.models import VoucherApplication

    application = VoucherApplication(programme_id=world.keys["programme"], sme_id=world.keys["sme"],
                                     product_id=world.keys["listing.published"],
                                     pricing={"type": "subscription"},
                                     value_vnd=10_000_000, months=12, requested_vnd=5_000_000, findings=[])
    session.add(application)
    session.flush()
    return application.id


def _draft_programme(session: Session, factory: Factory, world: World) -> str:
    from vouchers.services import ProgrammeInput, create_programme

    return create_programme(session, world.users["officer"], ProgrammeInput(
        "Chương trình nháp", date(2027, 1, 1), date(2027, 12, 31), 100_000_000)).id


def _integrity_flag(session: Session, factory: Factory, world: World) -> str:
    """A contract of the world's parties, on a listing of its own (a decision may suspend it), with an
    open flag for the officers' review."""
    listing = factory.listing("published", vendor_id=world.keys["vendor"])
    contract = signed_contract(session, world.keys["sme"], listing.id, world.keys["vendor"])
    phone = ("số điện thoại %(value)s", {"value": "0901 234 567"})
    reason = Reason("Cùng %(what)s với nhà cung cấp", {}, (phone,))
    session.add(IntegrityFlag(contract_id=contract.id, score=0.85, signals=["related_party"],
                              reasons=[reason.to_json()], fingerprint="related_party:phone"))
    session.flush()
    return contract.id


def _counted(session: Session, world: World):
    """A contract of the world's SME, counted on 01/01/2026 (long enough ago to be reviewed)."""
    return signed_contract(session, world.keys["sme"], world.keys["listing.published"], world.keys["vendor"],
                           counted_day=date(2026, 1, 1), counted_month="2026-01", sector="trade",
                           province="Hà Nội", size="micro", status="active")


def _review(session: Session, factory: Factory, world: World, status: str = "published") -> int:
    """A review by the world's SME of the world's vendor's product, on a contract of its own."""
    from core.db import utcnow
    from reviews.models import Review

    contract = _counted(session, world)
    review = Review(contract_id=contract.id, listing_id=contract.product_id, vendor_id=contract.vendor_id,
                    sme_id=contract.sme_id, author_id=world.users["sme"].id, status=status, rating=4,
                    title="Dùng tốt", body="Xuất hóa đơn nhanh, hỗ trợ trả lời trong ngày.",
                    pricing_type=contract.pricing_type, hints={},
                    published_at=utcnow() if status == "published" else None)
    session.add(review)
    session.flush()
    return review.id


def _review_report(session: Session, factory: Factory, world: World) -> int:
    from reviews.models import ReviewReport

    report = ReviewReport(review_id=_review(session, factory, world), reporter_id=world.users["other_sme"].id,
                          reason="false")
    session.add(report)
    session.flush()
    return report.id


def _complaint(session: Session, factory: Factory, world: World) -> int:
    """A complaint of the world's SME about its signed contract with the world's vendor."""
    from complaints.services import file

    return file(session, world.users["sme"], world.keys["contract"], "support",
                "Không ai trả lời điện thoại hỗ trợ suốt một tuần.").id


def _approval(session: Session, factory: Factory, world: World, expires_in: int = 30) -> str:
    """A published listing of the world's vendor whose approval expires in `expires_in` days."""
    from datetime import timedelta

    from rereview.models import ListingApproval
    from rereview.services import vn_today

    listing = factory.listing("published", vendor_id=world.keys["vendor"])
    expires = vn_today() + timedelta(days=expires_in)
    session.add(ListingApproval(listing_id=listing.id, programme="default",
                                approved_on=expires - timedelta(days=365), expires_on=expires))
    session.flush()
    return listing.id


def _rereview(session: Session, factory: Factory, world: World) -> int:
    from rereview.services import file

    return file(session, world.users["vendor"], _approval(session, factory, world), None).id


def _privacy_request(session: Session, factory: Factory, world: World) -> int:
    return submit_request(session, world.users["sme"], "correct", "Sửa số điện thoại").id


def _join_request(session: Session, factory: Factory, world: World) -> int:
    """A pending request to join the first vendor."""
    from vendors.models import Vendor
    from vendors.services import request_to_join

    vendor = session.get(Vendor, world.keys["vendor"])
    return request_to_join(session, factory.passwords, vendor, email=f"join{uuid.uuid4().hex[:8]}@example.vn",
                           password="Mat-khau-2026!", full_name="Người xin gia nhập").id


def _proposal(session: Session, factory: Factory, world: World) -> str:
    """The first vendor's proposal (its published product) on a new open problem of the first SME."""
    from problems.proposals import submit
    from tests.problems.builders import offer

    problem_id = _problem(session, factory, world, approve=True)
    return submit(session, world.users["vendor"], problem_id, offer(world.keys["listing.published"])).id


def _question(session: Session, factory: Factory, world: World) -> int:
    """The first vendor's question on the world's open problem."""
    from problems.thread import ask

    return ask(session, world.users["vendor"], world.keys["problem.open"], "Có cần tích hợp MISA?").id


def _notification(session: Session, factory: Factory, world: World) -> int:
    from notifications.models import Notification

    row = Notification(user_id=world.users["sme"].id, event="contracts.offer", context={}, link="/contracts/")
    session.add(row)
    session.flush()
    return row.id


def _unsubscribe_token(session: Session, factory: Factory, world: World) -> str:
    from notifications.delivery import unsubscribe_token

    return unsubscribe_token(world.users["sme"].id, "contracts.offer")


def _account(session: Session, factory: Factory) -> User:
    """An account of its own: a mailed link used in one check leaves the world's users as they were."""
    return factory.user("sme")


def _verify_token(session: Session, factory: Factory, world: World) -> str:
    return recovery.verification_token(_account(session, factory))


def _reset_token(session: Session, factory: Factory, world: World) -> str:
    return recovery.reset_token(_account(session, factory))


def _login_token(session: Session, factory: Factory, world: World) -> str:
    return recovery.login_token(session, _account(session, factory))


def _job_file(session: Session, factory: Factory, world: World) -> str:
    """A finished run that kept a file (an export an officer asked for)."""
    from core.jobs import JobFile, JobRun

    key = f"test.export:{uuid.uuid4().hex[:8]}"
    session.add(JobRun(key=key, job="indicators.annual_report", state="done"))
    session.flush()
    session.add(JobFile(key=key, filename="bao-cao.docx", content_type="application/octet-stream",
                        data=b"PK"))
    session.flush()
    return key


def _invite_token(session: Session, factory: Factory, world: World) -> str:
    """An invitation from the world's vendor member to an address without an account."""
    from vendors.membership import invitation_token

    inviter = world.users["vendor"]
    return invitation_token(inviter.vendor_id, f"moi-{uuid.uuid4().hex[:8]}@example.vn", "Người được mời",
                            inviter.id)

def _consultant(session: Session, user: User | None = None, certified: bool = True) -> Consultant:
    """A consultant of the network working everywhere (with a login when `user` is given)."""
    consultant = Consultant(id=f"cg-{uuid.uuid4().hex[:10]}", name="Nguyễn Thị Lan", kind="person",
                            specialties=["e_invoice"], sectors=["*"], provinces=["*"], status="active",
                            certified_on=date(2026, 1, 5) if certified else None,
                            user_id=user.id if user else None, extra={})
    session.add(consultant)
    session.flush()
    return consultant


def _course(session: Session, factory: Factory, world: World, begun: bool = False) -> str:
    """A course of the world's consultant (upcoming, or begun two hours ago with the world's SME
    enrolled, for the attendance list)."""
    from datetime import timedelta

    from consultants.models import Course, Enrolment
    from core.db import utcnow
    from core.formatting import to_vn

    starts = utcnow() + timedelta(hours=-2 if begun else 48)
    course = Course(id=f"kh-{uuid.uuid4().hex[:10]}", title="Hóa đơn điện tử", topic="e_invoice",
                    held_on=to_vn(starts).date(), starts_at=starts, hours=3.0, place="Hội trường Sở",
                    seats=20, taken=1 if begun else 0, consultant_id=world.keys["consultant"],
                    published_by_id=world.users["consultant"].id)
    session.add(course)
    if begun:
        session.add(Enrolment(course_id=course.id, sme_id=world.keys["sme"]))
    session.flush()
    return course.id


def _consultant_request(session: Session, factory: Factory, world: World) -> int:
    """An open request of a new SME to the world's consultant."""
    request = ConsultantRequest(sme_id=factory.sme().id, consultant_id=world.keys["consultant"])
    session.add(request)
    session.flush()
    return request.id


# Builders of a new object per check; they return the id to put in the URL.
def _sync_delivery(session: Session, factory: Factory, world: World) -> int:
    """A push that the portal refused until the sync gave up: an officer may replay it."""
    delivery = SyncDelivery(kind="edition", subject="1", idempotency_key=f"edition-{uuid.uuid4().hex[:8]}",
                            payload={}, status="failed", attempts=16, last_error="HTTP 503")
    session.add(delivery)
    session.flush()
    return delivery.id


FRESH: dict[str, Callable[[Session, Factory, World], object]] = {
    "verify_token": _verify_token,
    "reset_token": _reset_token,
    "login_token": _login_token,
    "invite_token": _invite_token,
    "job_file": _job_file,
    "notification": _notification,
    "unsubscribe_token": _unsubscribe_token,
    "partner_key": lambda s, f, w: partner_keys.create(s, w.users["officer"], "Cổng quốc gia", ["catalog"],
                                                       60)[0].id,
    "sync_delivery": _sync_delivery,
    "privacy_request": _privacy_request,
    "join_request": _join_request,
    "vendor.pending": lambda s, f, w: f.vendor(vetting="submitted").id,
    "integrity_flag": _integrity_flag,
    "review": _review,
    "review.pending": lambda s, f, w: _review(s, f, w, "pending"),
    "review_report": _review_report,
    "complaint": _complaint,
    "approval": _approval,
    "approval.expired": lambda s, f, w: _approval(s, f, w, expires_in=-3),
    "rereview": _rereview,
    "problem.pending": _problem,
    "proposal": _proposal,
    "question": _question,
    "voucher": _voucher,
    "voucher_application": _voucher_application,
    "programme.draft": _draft_programme,
    "consultant": lambda s, f, w: _consultant(s).id,
    "consultant.pending": lambda s, f, w: _consultant(s, certified=False).id,
    "consultant_request": _consultant_request,
    "course": _course,
    "course.begun": lambda s, f, w: _course(s, f, w, begun=True),
    "listing.draft": lambda s, f, w: f.listing("draft", vendor_id=w.keys["vendor"]).id,
    "listing.submitted": lambda s, f, w: f.listing("submitted", vendor_id=w.keys["vendor"]).id,
    "listing.published": lambda s, f, w: f.listing("published", vendor_id=w.keys["vendor"]).id,
    "instalment": lambda s, f, w: due_instalment(s, w.keys["sme"], w.keys["listing.published"],
                                                 w.keys["vendor"]),
    "payment": lambda s, f, w: paid_attempt(s, w.keys["sme"], w.keys["listing.published"], w.keys["vendor"]),
}
