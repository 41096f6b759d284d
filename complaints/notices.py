"""What complaints tell people (notifications): the vendor's members of a new complaint and its answer
deadline; the SME when the vendor answers; both parties when an officer writes or closes it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from complaints.rules import OUTCOMES
from core.domain import Label
from core.formatting import vn_date
from core.mail import page_path
from core.translation import N_
from notifications import notify
from notifications.delivery import speakers_for
from notifications.events import define

FILED = define(
    "complaints.filed",
    name=N_("Khiếu nại mới về hợp đồng"),
    title=N_("%(sme)s khiếu nại về hợp đồng %(contract)s"),
    body=N_(
        "Doanh nghiệp %(sme)s đã gửi khiếu nại về hợp đồng %(contract)s. Hạn trả lời: %(due)s "
        "(10 ngày làm việc)."
    ),
    action=N_("Trả lời khiếu nại"),
    roles=("vendor",),
)
ANSWERED = define(
    "complaints.answered",
    name=N_("Nhà cung cấp trả lời khiếu nại"),
    title=N_("%(vendor)s đã trả lời khiếu nại số %(n)s"),
    body=N_("Nhà cung cấp %(vendor)s đã trả lời khiếu nại số %(n)s của bạn."),
    action=N_("Xem khiếu nại"),
    roles=("sme",),
)
MEDIATION = define(
    "complaints.mediation",
    name=N_("Cán bộ hòa giải khiếu nại"),
    title=N_("Cán bộ đã viết về khiếu nại số %(n)s"),
    body=N_("Cán bộ hòa giải đã gửi trao đổi về khiếu nại số %(n)s."),
    action=N_("Xem khiếu nại"),
    roles=("sme", "vendor"),
)
CLOSED = define(
    "complaints.closed",
    name=N_("Khiếu nại đã đóng"),
    title=N_("Khiếu nại số %(n)s đã đóng: %(outcome)s"),
    body=N_("Cán bộ đã kết luận khiếu nại số %(n)s: %(outcome)s. Lý do: %(reason)s"),
    action=N_("Xem khiếu nại"),
    roles=("sme", "vendor"),
)


def _people(session: Session, complaint, side: str) -> list[int]:
    if side == "sme":
        return speakers_for(session, sme_id=complaint.sme_id)
    return speakers_for(session, vendor_id=complaint.vendor_id)


def _tell(session: Session, complaint, sides, event, **context) -> None:
    people = [uid for side in sides for uid in _people(session, complaint, side)]
    notify(
        session,
        people,
        event.code,
        link=page_path("complaints.detail", complaint_id=complaint.id),
        n=complaint.id,
        sme=complaint.sme.name,
        vendor=complaint.vendor.name,
        **context,
    )


def filed(session: Session, complaint) -> None:
    _tell(
        session,
        complaint,
        ("vendor",),
        FILED,
        contract=complaint.contract_id,
        due=vn_date(complaint.answer_due_on),
    )


def message(session: Session, complaint, side: str, answered: bool) -> None:
    if answered:
        _tell(session, complaint, ("sme",), ANSWERED)
    elif side == "officer":
        _tell(session, complaint, ("sme", "vendor"), MEDIATION)


def closed(session: Session, complaint) -> None:
    _tell(
        session,
        complaint,
        ("sme", "vendor"),
        CLOSED,
        outcome=Label(OUTCOMES[complaint.outcome]),
        reason=complaint.outcome_reason,
    )
