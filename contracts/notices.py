"""What the parties of a contract are told at each step of the other side (notifications).

The SME asks for a quote: the vendor's members hear of it. Either side proposes terms: the other side
hears of an offer (the vendor's first answer to a request) or a counter-offer. The other side accepts:
the proposer hears it, and that both now sign. One side signs: the other hears that their signature
is awaited. Both have signed: both hear it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.mail import page_path
from core.translation import N_
from notifications import notify
from notifications.delivery import speakers_for
from notifications.events import define

SIDES = ("sme", "vendor")
QUOTE_REQUESTED = define(
    "contracts.quote_requested", name=N_("Doanh nghiệp yêu cầu báo giá"),
    title=N_("%(sme)s yêu cầu báo giá %(product)s"),
    body=N_("Doanh nghiệp %(sme)s muốn nhận báo giá cho %(product)s. "
            "Hãy xem yêu cầu và gửi đề nghị điều khoản."),
    action=N_("Mở yêu cầu báo giá"), roles=("vendor",))
OFFER = define(
    "contracts.offer", name=N_("Đề nghị điều khoản mới"),
    title=N_("%(party)s gửi đề nghị cho %(product)s"),
    body=N_("%(party)s đã gửi đề nghị điều khoản (vòng %(round)s) cho %(product)s: giá trị %(value)s. "
            "Bạn có thể chấp nhận hoặc đề nghị lại."),
    action=N_("Xem đề nghị"), roles=SIDES)
COUNTER_OFFER = define(
    "contracts.counter_offer", name=N_("Đề nghị lại (thương lượng)"),
    title=N_("%(party)s đề nghị lại cho %(product)s"),
    body=N_("%(party)s không chấp nhận đề nghị trước và đề nghị lại điều khoản (vòng %(round)s) cho "
            "%(product)s: giá trị %(value)s."),
    action=N_("Xem đề nghị"), roles=SIDES)
ACCEPTED = define(
    "contracts.accepted", name=N_("Đề nghị được chấp nhận"),
    title=N_("%(party)s đã chấp nhận đề nghị cho %(product)s"),
    body=N_("%(party)s đã chấp nhận điều khoản cho %(product)s. Hợp đồng đang chờ chữ ký của hai bên."),
    action=N_("Xem và ký hợp đồng"), roles=SIDES)
SIGNATURE_NEEDED = define(
    "contracts.signature_needed", name=N_("Hợp đồng chờ bạn ký"),
    title=N_("Hợp đồng %(product)s chờ chữ ký của bạn"),
    body=N_("%(party)s đã ký hợp đồng %(product)s. Hợp đồng có hiệu lực khi bạn ký."),
    action=N_("Xem và ký hợp đồng"), roles=SIDES)
SIGNED = define(
    "contracts.signed", name=N_("Hợp đồng đã ký xong"),
    title=N_("Hợp đồng %(product)s đã được hai bên ký"),
    body=N_("%(sme)s và %(vendor)s đã ký hợp đồng %(product)s."),
    action=N_("Xem hợp đồng"), roles=SIDES)


def people_of(session: Session, contract, side: str) -> list[int]:
    """The active accounts speaking for one side of `contract`."""
    if side == "sme":
        return speakers_for(session, sme_id=contract.sme_id)
    return speakers_for(session, vendor_id=contract.vendor_id)


def other(side: str) -> str:
    return "vendor" if side == "sme" else "sme"


def _context(contract, product_name: str | None) -> dict:
    return {"sme": contract.sme.name, "vendor": contract.vendor.name,
            "product": product_name or contract.product_id}


def _party_name(contract, side: str) -> str:
    return contract.sme.name if side == "sme" else contract.vendor.name


def tell(session: Session, contract, event, to_side: str, product_name: str | None, **extra) -> None:
    """Tell `to_side` of `event` about `contract`, with the contract's page as the link."""
    notify(session, people_of(session, contract, to_side), event.code,
           link=page_path("contracts.detail", contract_id=contract.id),
           **_context(contract, product_name), party=_party_name(contract, other(to_side)), **extra)
