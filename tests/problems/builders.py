"""A small world for the board's tests: an SME with a login, an officer, vendors with published
products (an e-invoice product, a POS product), and problem input."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from core.db import utcnow
from problems.lifecycle import vietnam_today
from problems.proposals import ProposalInput
from problems.services import ProblemInput


def in_days(n: int):
    return vietnam_today(utcnow()) + timedelta(days=n)


def problem_input(**over) -> ProblemInput:
    base = ProblemInput(
        title="Bán hàng và quản lý kho cho hai cửa hàng",
        description="Hai cửa hàng điện máy theo dõi tồn kho bằng Excel, thường lệch giữa hai chi nhánh. "
                    "Cần phần mềm bán hàng quản lý kho theo chi nhánh và xuất hóa đơn điện tử khi bán.",
        deadline=in_days(14),
        categories=("sales_pos", "inventory_logistics"),
        budget_min_vnd=6_000_000,
        budget_max_vnd=18_000_000,
        months=12,
        preferred_pricing_models=("subscription",),
    )
    return replace(base, **over)


@dataclass
class Board:
    sme_user: object
    officer: object
    vendor_users: list
    products: list


def board(session, factory) -> Board:
    sme_user = factory.user("sme", sme_id=factory.sme(name="Điện máy Phú Quý", sector="trade").id)
    officer = factory.user("officer")
    vendors = [factory.user("vendor"), factory.user("vendor"), factory.user("vendor")]
    products = [
        factory.listing("published", vendor_id=vendors[0].vendor_id,
                        name="Phần mềm bán hàng POS đa chi nhánh",
                        summary="Bán hàng, quản lý kho theo chi nhánh, xuất hóa đơn điện tử.",
                        categories=["sales_pos", "inventory_logistics", "e_invoice"]),
        factory.listing("published", vendor_id=vendors[1].vendor_id, name="Quản lý kho WMS",
                        summary="Quản lý kho, tồn kho, nhập xuất.", categories=["inventory_logistics"]),
        factory.listing("published", vendor_id=vendors[2].vendor_id, name="Chấm công nhân sự",
                        summary="Chấm công, tính lương.", categories=["hrm"]),
    ]
    session.commit()
    return Board(sme_user, officer, vendors, products)


def offer(product_id=None, **over) -> ProposalInput:
    data = {"product_id": product_id, "solution_name": None if product_id else "Giải pháp kho riêng",
            "summary": "Triển khai phần mềm bán hàng có kho theo chi nhánh.",
            "pricing": {"type": "subscription"}, "value_vnd": 14_400_000, "start_date": in_days(30),
            "months": 12, "timeline_days": 14, "deliverables": "Phần mềm, cài đặt, đào tạo 2 buổi."}
    data.update(over)
    return ProposalInput(**data)
