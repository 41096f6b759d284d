"""Demo reviews: published reviews for some of the demo contracts counted long enough ago, so the
catalog shows ratings and the rating sort has something to order. Written as records (the demo stands
in for months of SMEs writing and officers moderating); deterministic and done once."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.models import Contract
from core.db import utcnow
from reviews.models import Review
from reviews.rules import WAIT_DAYS
from reviews.services import refresh_rating, vn_today

SHARE = 0.6  # of the contracts that may be reviewed
TEXTS = {
    5: (
        "Đáng tiền, triển khai nhanh",
        "Nhân viên dùng được sau một buổi hướng dẫn; hỗ trợ trả lời trong ngày.",
        "Bớt hẳn sổ sách giấy, cuối tháng đối chiếu nhanh hơn.",
    ),
    4: (
        "Dùng tốt, còn vài điểm nhỏ",
        "Chạy ổn định; báo cáo còn ít mẫu, nhà cung cấp hứa bổ sung.",
        "Theo dõi đơn hàng trên điện thoại thay vì gọi điện.",
    ),
    3: ("Tạm được", "Đủ tính năng cơ bản nhưng giao diện khó với người lớn tuổi.", None),
    2: ("Hỗ trợ chậm", "Lỗi đồng bộ dữ liệu mất ba ngày mới được xử lý.", None),
}


def seed_reviews(session: Session, seed: int = 2026) -> int:
    """Once (nothing when a review exists): published reviews of the demo contracts; how many."""
    if session.scalar(select(Review.id).limit(1)) is not None:
        return 0
    rng = random.Random(seed)
    cutoff = vn_today() - timedelta(days=WAIT_DAYS)
    contracts = session.scalars(
        select(Contract)
        .where(Contract.counted_day <= cutoff, Contract.parent_id.is_(None))
        .order_by(Contract.id)
    )
    listings = set()
    for contract in contracts:
        if rng.random() > SHARE:
            continue
        rating = rng.choice((5, 5, 4, 4, 4, 3, 2))
        title, body, change = TEXTS[rating]
        published = utcnow() - timedelta(days=rng.randrange(1, 90))
        session.add(
            Review(
                contract_id=contract.id,
                listing_id=contract.product_id,
                vendor_id=contract.vendor_id,
                sme_id=contract.sme_id,
                status="published",
                rating=rating,
                ease_of_use=min(5, rating + rng.choice((0, 1))),
                support=rating,
                title=title,
                body=body,
                work_change=change,
                pricing_type=contract.pricing_type,
                hints={},
                written_at=published,
                updated_at=published,
                published_at=published,
                helpful_count=rng.randrange(0, 6),
            )
        )
        listings.add(contract.product_id)
    session.flush()
    for listing_id in sorted(listings):
        refresh_rating(session, listing_id)
    return len(session.scalars(select(Review.id)).all())
