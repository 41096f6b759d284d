"""Contract services: request, negotiate, agree, sign, count, move through statuses (flush only).

Every action locks the contract row first (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises
writers), so that two requests on the same contract run one after the other. Every action is
idempotent for the same user repeating it (a double-click, a retried request): the repeat finds
the state it would create and returns it. Counting is one conditional UPDATE (see counting()).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from catalog.models import LIVE, Listing, ListingRevision
from catalog.product import Pricing
from contracts import events, notices
from contracts import status as lifecycle
from contracts import terms as contract_terms
from contracts.counting import counted_day, month_key
from contracts.models import Contract, ContractOffer, ContractSignature
from contracts.policy import ACTIONS, party_side
from contracts.terms import Terms
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from core.formatting import vnd
from smes.models import Sme

ENTITY = "contract"


def new_contract_id() -> str:
    return "c-" + secrets.token_hex(8)


def insert_ignoring_duplicates(session: Session, model, values: dict, keys: list[str]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when the row was inserted (a concurrent twin loses quietly)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=keys)
        .returning(getattr(model, keys[0]))
    )
    return session.execute(statement).first() is not None


# -- reading -----------------------------------------------------------------------------------------


def lock(session: Session, contract_id: str) -> Contract:
    """The contract, locked for this transaction and re-read from the database; NotFound if none.

    Its SME's row is locked first: counting recomputes the SME's previous-contract days, and one lock
    order (SME, then contract) everywhere keeps concurrent signers and importers free of deadlocks.
    """
    sme_id = session.scalar(select(Contract.sme_id).where(Contract.id == contract_id))
    if sme_id is None:
        raise NotFound(N_("Không tìm thấy hợp đồng."))
    lock_sme(session, sme_id)
    contract = locked_contract(session, contract_id)
    if contract is None:
        raise NotFound(N_("Không tìm thấy hợp đồng."))
    return contract


def locked_contract(session: Session, contract_id: str) -> Contract | None:
    """The contract row locked FOR UPDATE and re-read (its SME's row is locked first by the caller)."""
    return session.scalar(
        select(Contract)
        .where(Contract.id == contract_id)
        .with_for_update(of=Contract)
        .execution_options(populate_existing=True)
    )


def lock_sme(session: Session, sme_id: str) -> None:
    """Lock an SME's row: contract actions and imports for one SME run one after the other."""
    session.execute(select(Sme.id).where(Sme.id == sme_id).with_for_update())


def contracts_of(session: Session, user) -> list[Contract]:
    """The contracts of the user's SME or vendor, newest first."""
    query = select(Contract).order_by(Contract.updated_at.desc(), Contract.id)
    if user.role == "sme":
        query = query.where(Contract.sme_id == user.sme_id)
    elif user.role == "vendor":
        query = query.where(Contract.vendor_id == user.vendor_id)
    else:
        raise Forbidden(N_("Chỉ doanh nghiệp và nhà cung cấp có danh sách hợp đồng."))
    return list(session.scalars(query))


def latest_offer(session: Session, contract_id: str) -> ContractOffer | None:
    return session.scalar(
        select(ContractOffer)
        .where(ContractOffer.contract_id == contract_id)
        .order_by(ContractOffer.round.desc())
        .limit(1)
    )


def product_revision(session: Session, listing_id: str) -> ListingRevision | None:
    """The live revision of a listing, else its newest one (imported contracts may name any product)."""
    return session.scalar(
        select(ListingRevision)
        .where(ListingRevision.listing_id == listing_id)
        .order_by((ListingRevision.status == LIVE).desc(), ListingRevision.number.desc())
        .limit(1)
    )


def product_names(session: Session, contracts: list[Contract]) -> dict[str, str]:
    """Contract id -> the name of its product: as signed when the terms are fixed, else the listing's
    (live revision, else its newest, as product_revision() picks)."""
    ids = {c.product_id for c in contracts}
    listed: dict[str, str] = {}
    rows = session.execute(
        select(ListingRevision.listing_id, ListingRevision.name)
        .where(ListingRevision.listing_id.in_(ids))
        .order_by(ListingRevision.listing_id, ListingRevision.status == LIVE, ListingRevision.number)
    )
    for listing_id, name in rows:
        listed[listing_id] = name  # the last one wins: the live revision, else the newest
    return {
        c.id: (c.terms or {}).get("product", {}).get("name") or listed.get(c.product_id, c.product_id)
        for c in contracts
    }


def terms_of(contract: Contract) -> Terms:
    return Terms(
        Pricing.from_dict(contract.pricing), contract.value_vnd, contract.start_date, contract.months
    )


# -- negotiation -------------------------------------------------------------------------------------


def _audit(
    session: Session,
    actor,
    action: str,
    contract: Contract,
    from_state: str | None,
    reason: str | None = None,
    data: dict | None = None,
) -> None:
    record_audit(session, actor, action, ENTITY, contract.id, from_state, contract.status, reason, data)


def term_columns(terms: Terms) -> dict:
    """The contract columns that hold negotiated terms."""
    return {
        "pricing": terms.pricing.to_dict(),
        "pricing_type": terms.pricing.type,
        "value_vnd": terms.value_vnd,
        "start_date": terms.start_date,
        "months": terms.months,
    }


def set_terms(contract: Contract, terms: Terms) -> None:
    for column, value in term_columns(terms).items():
        setattr(contract, column, value)
    contract.terms = None
    contract.terms_digest = None


def _add_offer(
    session: Session,
    contract: Contract,
    round_: int,
    side: str,
    kind: str,
    user,
    terms: Terms,
    note: str | None,
) -> ContractOffer:
    offer = ContractOffer(
        contract_id=contract.id,
        round=round_,
        side=side,
        kind=kind,
        user_id=getattr(user, "id", None),
        pricing=terms.pricing.to_dict(),
        value_vnd=terms.value_vnd,
        start_date=terms.start_date,
        months=terms.months,
        note=note or None,
    )
    session.add(offer)
    session.flush()
    return offer


def request_offer(
    session: Session, user, listing_id: str, pricing_type: str, note: str | None, contract_id: str
) -> Contract:
    """An SME asks the vendor of a public product for an offer under one of its pricing models.

    `contract_id` comes with the request form, so that submitting the form twice makes one contract.
    """
    if user.role != "sme" or not user.sme_id:
        raise Forbidden(N_("Chỉ doanh nghiệp (SME) mới gửi yêu cầu báo giá."))
    listing = session.get(Listing, listing_id)
    if listing is None or listing.status != "published":
        raise NotFound(N_("Không tìm thấy sản phẩm."))
    lock_sme(session, user.sme_id)  # the same form submitted twice: the second waits, then finds the first
    existing = session.get(Contract, contract_id, populate_existing=True)
    if existing is not None:
        if existing.sme_id == user.sme_id and existing.product_id == listing_id:
            return existing
        raise Conflict(N_("Mã yêu cầu đã được dùng; hãy tải lại trang và gửi lại."))
    product = listing.live_revision.to_product(listing.vendor_id)
    allowed_types = tuple(p.type for p in product.pricing_models)
    # Only the model is the SME's choice: its terms are the listing's, published (negotiation changes them).
    if (wrong := contract_terms.type_error(pricing_type, allowed_types)) is not None:
        raise ValidationFailed(N_("Điều khoản hợp đồng chưa hợp lệ."), {"pricing.type": wrong})
    pricing = next(p for p in product.pricing_models if p.type == pricing_type)
    terms = Terms(pricing)
    contract = Contract(
        id=contract_id,
        sme_id=user.sme_id,
        product_id=listing.id,
        vendor_id=listing.vendor_id,
        status="draft",
        source="app",
        pricing=pricing.to_dict(),
        pricing_type=pricing.type,
        version=1,
        extra={},
    )
    session.add(contract)
    session.flush()
    _add_offer(session, contract, 1, "sme", "request", user, terms, note)
    _audit(session, user, "contract.request", contract, None, note, {"pricing_type": pricing_type})
    session.flush()
    notices.tell(session, contract, notices.QUOTE_REQUESTED, "vendor", product.name)
    return contract


def _require_negotiable(contract: Contract) -> None:
    if contract.status not in lifecycle.UNSIGNED:
        lifecycle.check_transition(contract.status, "draft")
    if contract.sme_signed_at or contract.vendor_signed_at:
        raise Conflict(
            N_("Hợp đồng đã có chữ ký của một bên nên không thể đổi điều khoản; "
               "bên còn lại có thể ký hoặc hủy.")
        )


def propose(
    session: Session, user, contract_id: str, based_on_round: int, terms: Terms, note: str | None = None
) -> ContractOffer:
    """Either side proposes (new) terms on top of round `based_on_round` (the one the user saw)."""
    contract = lock(session, contract_id)
    side = party_side(user, contract)
    latest = latest_offer(session, contract.id)
    if latest.round != based_on_round:
        if (
            latest.round == based_on_round + 1
            and latest.side == side
            and latest.kind == "offer"
            and _same_terms(latest, terms)
        ):
            return latest  # the same proposal submitted twice
        raise Conflict(N_("Điều khoản đã thay đổi kể từ khi bạn mở trang; hãy xem lại đề nghị mới nhất."))
    _require_negotiable(contract)
    product = product_revision(session, contract.product_id)
    allowed_types = tuple(p["type"] for p in product.pricing_models) if product else None
    contract_terms.parse_terms(
        terms.pricing.to_dict(),
        terms.value_vnd,
        terms.start_date,
        terms.months,
        allowed_types=allowed_types,
        complete=True,
    )
    if latest.kind != "request" and _same_terms(latest, terms):  # the form sent back unchanged
        if latest.kind == "offer" and latest.side == side:
            return latest
        raise Conflict(
            N_("Hai bên đã thống nhất đúng các điều khoản này; mời ký hợp đồng.")
            if latest.kind == "accept"
            else N_("Đề nghị của bạn trùng với đề nghị của bên kia; hãy chấp nhận đề nghị đó, "
                    "hoặc thay đổi điều khoản trước khi gửi.")
        )
    offer = _add_offer(session, contract, latest.round + 1, side, "offer", user, terms, note)
    previous = contract.status
    set_terms(contract, terms)
    if previous == "awaiting_signatures":
        lifecycle.check_transition(previous, "draft")
        contract.status = "draft"
    _audit(session, user, "contract.offer", contract, previous, note, {"round": offer.round, "side": side})
    session.flush()
    # An answer to the other side's offer is a counter-offer; the first terms after a request, an offer.
    event = notices.COUNTER_OFFER if latest.kind == "offer" and latest.side != side else notices.OFFER
    notices.tell(session, contract, event, notices.other(side), product.name if product else None,
                 round=offer.round, value=vnd(terms.value_vnd))
    return offer


def _same_terms(offer: ContractOffer, terms: Terms) -> bool:
    return (
        offer.pricing == terms.pricing.to_dict()
        and offer.value_vnd == terms.value_vnd
        and offer.start_date == terms.start_date
        and offer.months == terms.months
    )


def _offer_terms(offer: ContractOffer) -> Terms:
    return Terms(Pricing.from_dict(offer.pricing), offer.value_vnd, offer.start_date, offer.months)


def _party(record) -> dict:
    return {"id": record.id, "name": record.name, "tax_code": record.tax_code}


def fix_terms(session: Session, contract: Contract) -> None:
    """Freeze the canonical terms of the contract as they stand, with their digest."""
    product = product_revision(session, contract.product_id)
    canonical = contract_terms.canonical_terms(
        contract_id=contract.id,
        version=contract.version,
        parent_id=contract.parent_id,
        sme=_party(contract.sme),
        vendor=_party(contract.vendor),
        product={"id": contract.product_id, "name": product.name if product else None},
        terms=terms_of(contract),
    )
    for _, addition in events.terms_fixing.send(contract, session=session):
        canonical.update(addition or {})
    contract.terms = canonical
    contract.terms_digest = contract_terms.digest(canonical)


def accept(session: Session, user, contract_id: str, round_: int) -> Contract:
    """The other side accepts the latest offer (round `round_`): the terms are fixed for signing."""
    contract = lock(session, contract_id)
    side = party_side(user, contract)
    latest = latest_offer(session, contract.id)
    if latest is None:  # e.g. an imported contract, signed without offers here
        raise Conflict(N_("Chưa có đề nghị điều khoản nào để chấp nhận."))
    if (
        contract.status == "awaiting_signatures"
        and latest.kind == "accept"
        and latest.round == round_ + 1
        and latest.side == side
    ):
        return contract  # accepted twice
    if latest.round != round_:
        raise Conflict(N_("Điều khoản đã thay đổi kể từ khi bạn mở trang; hãy xem lại đề nghị mới nhất."))
    lifecycle.check_transition(contract.status, "awaiting_signatures")
    if latest.kind != "offer":
        raise Conflict(N_("Chưa có đề nghị điều khoản nào để chấp nhận."))
    if latest.side == side:
        raise Conflict(N_("Bạn không thể tự chấp nhận đề nghị của mình; hãy chờ bên kia trả lời."))
    terms = _offer_terms(latest)
    _add_offer(session, contract, latest.round + 1, side, "accept", user, terms, None)
    set_terms(contract, terms)
    fix_terms(session, contract)
    previous, contract.status = contract.status, "awaiting_signatures"
    _audit(
        session,
        user,
        "contract.accept",
        contract,
        previous,
        None,
        {"round": latest.round, "digest": contract.terms_digest},
    )
    session.flush()
    product = product_revision(session, contract.product_id)
    notices.tell(session, contract, notices.ACCEPTED, notices.other(side), product.name if product else None)
    return contract


# -- signing and counting ----------------------------------------------------------------------------


def signature_of(session: Session, contract_id: str, side: str) -> ContractSignature | None:
    return session.scalar(
        select(ContractSignature).where(
            ContractSignature.contract_id == contract_id, ContractSignature.side == side
        )
    )


def sign(
    session: Session,
    user,
    contract_id: str,
    shown_digest: str,
    *,
    ip: str | None,
    user_agent: str | None,
    now: datetime | None = None,
) -> Contract:
    """The user signs for their side the exact terms whose digest they were shown.

    The caller has checked the password and the consent box. Signing twice returns the contract
    as it is; the terms having changed since they were shown refuses.
    """
    contract = lock(session, contract_id)
    side = party_side(user, contract)
    if signature_of(session, contract.id, side) is not None:
        return contract  # already signed for this side: a double-click or a retry
    if contract.status != "awaiting_signatures":
        lifecycle.check_transition(contract.status, "signed")
    if (
        contract.terms is None
        or not contract_terms.matches(contract.terms, shown_digest)
        or contract.terms_digest != (shown_digest or "").strip().lower()
    ):
        raise Conflict(N_("Điều khoản đã thay đổi kể từ khi hiển thị cho bạn; hãy đọc lại và ký lại."))
    moment = now or utcnow()
    if not record_signature(session, contract, side, moment, user=user, ip=ip, user_agent=user_agent):
        return contract  # a twin request stored this side's signature after the check above
    _audit(
        session,
        user,
        "contract.sign",
        contract,
        contract.status,
        None,
        {"side": side, "digest": contract.terms_digest, "ip": ip},
    )
    complete_if_signed(session, contract, user)
    _tell_signature(session, contract, side)
    return contract


def _tell_signature(session: Session, contract: Contract, side: str) -> None:
    """After `side` signed: the other side is awaited, or both hear that the contract is signed."""
    product = product_revision(session, contract.product_id)
    name = product.name if product else None
    if contract.sme_signed_at is not None and contract.vendor_signed_at is not None:
        for each in notices.SIDES:
            notices.tell(session, contract, notices.SIGNED, each, name)
    else:
        notices.tell(session, contract, notices.SIGNATURE_NEEDED, notices.other(side), name)


def record_signature(
    session: Session,
    contract: Contract,
    side: str,
    moment: datetime,
    *,
    user=None,
    ip: str | None = None,
    user_agent: str | None = None,
    signer_name: str | None = None,
) -> bool:
    """Store one side's signature once; True when this call stored it."""
    name = (
        signer_name
        if signer_name is not None
        else (f"{user.full_name} <{user.email}>" if user is not None and hasattr(user, "email") else "")
    )
    inserted = insert_ignoring_duplicates(
        session,
        ContractSignature,
        {
            "contract_id": contract.id,
            "side": side,
            "user_id": getattr(user, "id", None),
            "signer_name": name,
            "signed_at": moment,
            "ip": ip,
            "user_agent": (user_agent or "")[:500] or None,
            "digest": contract.terms_digest,
        },
        ["contract_id", "side"],
    )
    column = Contract.sme_signed_at if side == "sme" else Contract.vendor_signed_at
    session.execute(
        update(Contract)
        .where(Contract.id == contract.id, column.is_(None))
        .values({column: moment, Contract.updated_at: utcnow()})
        .execution_options(synchronize_session=False)
    )
    session.refresh(contract)
    return inserted


def complete_if_signed(session: Session, contract: Contract, actor) -> bool:
    """With both signatures: awaiting_signatures -> signed, and count. True when it counted now."""
    if contract.sme_signed_at is None or contract.vendor_signed_at is None:
        return False
    if contract.status == "awaiting_signatures":
        previous, contract.status = contract.status, "signed"
        _audit(session, actor, "contract.signed", contract, previous, None, {"digest": contract.terms_digest})
        session.flush()
        events.contract_signed.send(contract, session=session, actor=actor)
    return count(session, contract, actor)


def count(session: Session, contract: Contract, actor) -> bool:
    """Count the contract if it has both signatures and has not counted yet; True when it counted now.

    One conditional UPDATE decides: of two transactions racing here, the second finds counted_day
    already set (PostgreSQL re-checks the WHERE clause after waiting for the first) and changes nothing.
    """
    day = counted_day(
        contract.sme_signed_at, contract.vendor_signed_at, amendment=contract.parent_id is not None
    )
    if day is None or contract.counted_day is not None:
        return False
    result = session.execute(
        update(Contract)
        .where(
            Contract.id == contract.id,
            Contract.counted_day.is_(None),
            Contract.parent_id.is_(None),
            Contract.sme_signed_at.is_not(None),
            Contract.vendor_signed_at.is_not(None),
        )
        .values(counted_day=day, counted_month=month_key(day))
        .returning(Contract.id)
        .execution_options(synchronize_session=False)
    )
    counted_now = result.first() is not None
    if counted_now:
        session.refresh(contract)
        events.contract_counted.send(contract, session=session, actor=actor)
        record_audit(
            session,
            actor,
            "contract.counted",
            ENTITY,
            contract.id,
            contract.status,
            contract.status,
            None,
            {"counted_day": day.isoformat()},
        )
    session.refresh(contract)
    return counted_now


# -- after signing -----------------------------------------------------------------------------------

def act(
    session: Session,
    user,
    contract_id: str,
    action: str,
    reason: str | None = None,
    now: datetime | None = None,
) -> Contract:
    """start, complete, terminate or cancel; repeating the action that brought the status is a no-op."""
    if action not in ACTIONS:
        raise NotFound(N_("Thao tác không tồn tại."))
    target, sides = ACTIONS[action]
    contract = lock(session, contract_id)
    side = party_side(user, contract)
    if contract.status == target:
        return contract
    if side not in sides:
        raise Forbidden(N_("Bên của bạn không thực hiện được thao tác này."))
    lifecycle.check_transition(contract.status, target)
    if action in ("terminate", "cancel") and not (reason or "").strip():
        raise ValidationFailed(N_("Cần nêu lý do."), {"reason": N_("Hãy nêu lý do.")})
    previous, contract.status = contract.status, target
    if target in lifecycle.ENDED:
        contract.ended_at = now or utcnow()
    _audit(session, user, f"contract.{action}", contract, previous, reason)
    session.flush()
    return contract


def amend(session: Session, user, contract_id: str, terms: Terms, note: str | None = None) -> Contract:
    """Propose an amendment to a signed contract: a new version, negotiated and signed again.

    Amendments hang off the original contract (parent_id), are numbered after its highest version,
    and never count again. An amendment still open is returned instead of opening a second one.
    """
    contract = lock(session, contract_id)
    root = lock(session, contract.parent_id) if contract.parent_id else contract
    side = party_side(user, root)
    if root.status not in ("signed", "active"):
        raise InvalidTransition(N_("Chỉ sửa đổi được hợp đồng đã ký, đang hiệu lực."))
    open_amendment = session.scalar(
        select(Contract).where(Contract.parent_id == root.id, Contract.status.in_(lifecycle.UNSIGNED))
    )
    if open_amendment is not None:
        return open_amendment
    if terms == terms_of(current_version(session, root)):
        raise Conflict(N_("Bản sửa đổi phải khác điều khoản đang hiệu lực; hãy thay đổi điều khoản."))
    version = 1 + session.scalar(
        select(func.max(Contract.version)).where((Contract.id == root.id) | (Contract.parent_id == root.id))
    )
    amendment = Contract(
        id=f"{root.id}-v{version}",
        sme_id=root.sme_id,
        product_id=root.product_id,
        vendor_id=root.vendor_id,
        version=version,
        parent_id=root.id,
        status="draft",
        source="app",
        **term_columns(terms),
        extra={},
    )
    session.add(amendment)
    session.flush()
    _add_offer(session, amendment, 1, side, "offer", user, terms, note)
    _audit(session, user, "contract.amend", amendment, None, note, {"amends": root.id, "version": version})
    session.flush()
    return amendment


def current_version(session: Session, root: Contract) -> Contract:
    """The newest signed version of a contract (the original when no amendment is signed)."""
    newest = session.scalar(
        select(Contract)
        .where(Contract.parent_id == root.id, Contract.status.in_(lifecycle.SIGNED))
        .order_by(Contract.version.desc())
        .limit(1)
    )
    return newest or root


def verify(session: Session, contract_id: str, claimed_digest: str) -> Contract | None:
    """The contract when `claimed_digest` is the digest of its signed terms, else None."""
    contract = session.get(Contract, (contract_id or "").strip())
    if contract is None or contract.terms is None or contract.terms_digest is None:
        return None
    if contract.sme_signed_at is None and contract.vendor_signed_at is None:
        return None
    if not contract_terms.matches(contract.terms, claimed_digest):
        return None
    return contract
