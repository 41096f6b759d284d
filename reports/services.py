"""The office's yearly targets for the contract indicators (flush only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.audit import record_audit
from core.domain import N_, ValidationFailed
from core.formatting import vnd
from reports.models import IndicatorTarget

# Ten million: more than all enterprises of Việt Nam, well inside the INTEGER columns.
MAX_TARGET = 10_000_000
OUT_OF_RANGE = {
    "contracts_target": N_("Chỉ tiêu số hợp đồng đã ký phải từ 0 đến %(most)s."),
    "smes_target": N_("Chỉ tiêu số doanh nghiệp phải từ 0 đến %(most)s."),
}


def target_for(session: Session, year: int) -> IndicatorTarget | None:
    return session.get(IndicatorTarget, year)


def set_target(
    session: Session, actor, year: int, contracts_target: int | None, smes_target: int | None
) -> IndicatorTarget | None:
    """The year's targets set (None: none set, and none given)."""
    errors = {}
    if not 2000 <= year <= 2100:
        errors["year"] = N_("Năm không hợp lệ.")
    for name, value in (("contracts_target", contracts_target), ("smes_target", smes_target)):
        if value is not None and not 0 <= value <= MAX_TARGET:
            errors[name] = (OUT_OF_RANGE[name], {"most": vnd(MAX_TARGET).removesuffix(" ₫")})
    if errors:
        raise ValidationFailed(N_("Chỉ tiêu chưa hợp lệ."), errors)
    target = session.get(IndicatorTarget, year)
    before = None if target is None else {"contracts": target.contracts_target, "smes": target.smes_target}
    if (before or {"contracts": None, "smes": None}) == {"contracts": contracts_target, "smes": smes_target}:
        return target  # the form saved unchanged: nothing to record
    if target is None:
        target = IndicatorTarget(year=year)
        session.add(target)
    target.contracts_target, target.smes_target = contracts_target, smes_target
    target.updated_by_id = getattr(actor, "id", None)
    record_audit(
        session,
        actor,
        "indicator_target.set",
        "indicator_target",
        str(year),
        None,
        None,
        None,
        {"before": before, "after": {"contracts": contracts_target, "smes": smes_target}},
    )
    session.flush()
    return target
