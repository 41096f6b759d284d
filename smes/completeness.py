"""What an SME profile still lacks for good matches (pure): each missing fact, why it matters to the
ranking and where to give it. Read by the dashboard and the profile page."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain import N_

# Shortest problem text that says something the needs reader can use (a few words).
MIN_PROBLEM_CHARS = 20


@dataclass(frozen=True)
class Missing:
    code: str
    label: str  # msgid (Vietnamese), translated by the page
    why: str  # msgid


@dataclass(frozen=True)
class Completeness:
    missing: tuple[Missing, ...]
    total: int

    @property
    def done(self) -> int:
        return self.total - len(self.missing)

    @property
    def complete(self) -> bool:
        return not self.missing


CHECKS = (
    ("needs", N_("Nhu cầu"), N_("Giải pháp được xếp hạng trước hết theo nhu cầu doanh nghiệp chọn."),
     lambda p: bool(p.needs)),
    ("problem", N_("Mô tả khó khăn"),
     N_("Vài câu bằng lời của doanh nghiệp giúp tìm đúng giải pháp khi nhu cầu chưa rõ."),
     lambda p: len((p.problem or "").strip()) >= MIN_PROBLEM_CHARS),
    ("monthly_budget_vnd", N_("Ngân sách mỗi tháng"),
     N_("Cho biết hình thức thanh toán nào vừa túi tiền."), lambda p: p.monthly_budget_vnd is not None),
    ("employees", N_("Số lao động hoặc doanh thu năm"),
     N_("Xác định quy mô (siêu nhỏ, nhỏ, vừa) để chỉ gợi ý sản phẩm dành cho quy mô đó."),
     lambda p: p.size is not None or p.employees is not None or p.annual_revenue_vnd is not None),
    ("readiness", N_("Mức sẵn sàng số"),
     N_("Làm bài tự đánh giá để nhận giải pháp hợp với trình độ số hiện tại."),
     lambda p: p.readiness_level is not None),
)


def completeness(profile) -> Completeness:
    """`profile` has the SME profile's attributes (needs, problem, monthly_budget_vnd, size, employees,
    annual_revenue_vnd, readiness_level)."""
    missing = tuple(Missing(code, label, why) for code, label, why, given in CHECKS if not given(profile))
    return Completeness(missing, len(CHECKS))
