"""Demo problems on the board (once): the demo SME's problem, approved and answered by the demo vendor;
another of its problems awaiting the officer's approval; a city problem posted by the officer."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Listing
from core.db import utcnow
from problems import proposals, services
from problems.lifecycle import vietnam_today
from problems.models import Problem
from problems.proposals import ProposalInput
from problems.services import ProblemInput

OPEN_ID, PENDING_ID, CITY_ID = "bt-demo-01", "bt-demo-02", "bt-demo-03"


def seed_demo_problems(session: Session, accounts: dict) -> int:
    """Post the demo problems unless they are there; how many were posted."""
    sme, vendor, officer = accounts.get("sme"), accounts.get("vendor"), accounts.get("officer")
    if sme is None or officer is None or session.get(Problem, OPEN_ID) is not None:
        return 0
    today = vietnam_today(utcnow())
    answered = services.post_problem(session, sme, ProblemInput(
        title="Đồng bộ tồn kho và xuất hóa đơn cho hai cửa hàng",
        description="Hai cửa hàng điện máy theo dõi tồn kho bằng Excel nên thường lệch giữa hai chi nhánh; "
                    "khách hỏi hàng phải gọi điện kiểm tra. Cần phần mềm bán hàng quản lý kho theo chi nhánh "
                    "và xuất hóa đơn điện tử ngay khi bán.",
        deadline=today + timedelta(days=21),
        categories=("sales_pos", "inventory_logistics", "e_invoice"),
        budget_min_vnd=12_000_000, budget_max_vnd=30_000_000, months=12,
        preferred_pricing_models=("subscription", "use_first_pay_later"),
    ), OPEN_ID)
    services.moderate(session, officer, answered.id, True, None, "")
    product_id = vendor and session.scalar(
        select(Listing.id).where(Listing.vendor_id == vendor.vendor_id, Listing.status == "published")
        .order_by(Listing.id).limit(1))
    if product_id:
        proposals.submit(session, vendor, answered.id, ProposalInput(
            product_id=product_id, solution_name=None,
            summary="Hóa đơn điện tử kết nối phần mềm bán hàng hiện có; xuất hóa đơn ngay tại quầy.",
            pricing={"type": "subscription"}, value_vnd=1_188_000, start_date=today + timedelta(days=30),
            months=12, timeline_days=3,
            deliverables="Tài khoản hóa đơn điện tử, chữ ký số, hướng dẫn 1 buổi.",
        ))
    services.post_problem(session, sme, ProblemInput(
        title="Chăm sóc khách hàng sau bán",
        description="Muốn nhắc bảo hành và giới thiệu khuyến mãi cho khách cũ qua Zalo, hiện ghi sổ tay.",
        deadline=today + timedelta(days=30), categories=("crm", "digital_marketing"),
        budget_max_vnd=6_000_000, months=12,
    ), PENDING_ID)
    services.post_problem(session, officer, ProblemInput(
        title="Truy xuất nguồn gốc cho sản phẩm OCOP của thành phố",
        description="Thành phố cần giải pháp tem QR truy xuất nguồn gốc dùng chung cho các hợp tác xã có "
                    "sản phẩm OCOP: nhật ký sản xuất, in tem, tra cứu của người mua.",
        deadline=today + timedelta(days=45), categories=("traceability", "production_management"),
        sector="craft_village", province="Hải Phòng", prize_vnd=300_000_000,
        evaluation_criteria="Hiệu quả cho hợp tác xã (40%)\nChi phí vận hành (30%)\nDễ dùng (30%)",
    ), CITY_ID)
    session.flush()
    return 3
