"""The programme's demo records: consultants of the network, assessments over two years and support
activities, as interchange records (imported like any file), so that `report programme`, the
consultants' directory and the SMEs' histories have something to show. Deterministic: a second demo
run changes nothing.

Each demo SME is assessed in 2025 at its profile's level (alone or with a consultant), most get
consulting or training in 2025-2026, and those with a contract are assessed again a few months after
it, mostly one level up (sometimes the same, rarely one down), so the readiness change shows."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consultants.models import Consultant
from contracts.models import Contract
from smes.models import Sme

FRAMEWORK = "dbi-2158-2023"
CONSULTANTS = [
    (
        "demo-cg-01",
        "Nguyễn Thị Minh Thu",
        "person",
        "Viện Chuyển đổi số Hà Nội",
        ["digital_management", "e_invoice"],
        ["*"],
        ["Hà Nội"],
        "2025-03-15",
        "active",
    ),
    (
        "demo-cg-02",
        "Trần Quốc Bảo",
        "person",
        None,
        ["sales_pos", "ecommerce", "digital_marketing"],
        ["trade", "tourism"],
        ["Hà Nội", "Bắc Ninh"],
        "2025-05-20",
        "active",
    ),
    (
        "demo-cg-03",
        "Công ty TNHH Tư vấn Số Hải Phòng",
        "organisation",
        None,
        ["inventory_logistics", "production_management"],
        ["manufacturing", "logistics"],
        ["Hải Phòng"],
        "2025-04-02",
        "active",
    ),
    (
        "demo-cg-04",
        "Lê Hoàng Nam",
        "person",
        "Hiệp hội Doanh nghiệp Đồng Nai",
        ["accounting", "hrm"],
        ["*"],
        ["Đồng Nai", "TP. Hồ Chí Minh"],
        "2025-08-11",
        "active",
    ),
    (
        "demo-cg-05",
        "Phạm Thị Hương Giang",
        "person",
        None,
        ["booking", "traceability", "cybersecurity"],
        ["tourism", "agriculture", "craft_village"],
        ["Huế", "Đà Nẵng"],
        "2026-02-01",
        "active",
    ),
    (
        "demo-cg-06",
        "Trung tâm Hỗ trợ DNNVV miền Nam",
        "organisation",
        None,
        ["digital_skills_training", "cloud_infrastructure"],
        ["*"],
        ["*"],
        "2025-01-10",
        "active",
    ),
    (
        "demo-cg-07",
        "Đỗ Văn Khải",
        "person",
        None,
        ["data_analytics", "ai"],
        ["*"],
        ["Hà Nội"],
        None,
        "active",
    ),
    (
        "demo-cg-08",
        "Võ Thanh Tâm",
        "person",
        None,
        ["crm"],
        ["services"],
        ["Cần Thơ"],
        "2025-06-06",
        "suspended",
    ),
]


def consultant_records() -> list[dict]:
    out = []
    for cid, name, kind, organisation, specialties, sectors, provinces, certified, status in CONSULTANTS:
        record = {
            "id": cid,
            "name": name,
            "kind": kind,
            "specialties": specialties,
            "sectors": sectors,
            "provinces": provinces,
            "status": status,
            "email": f"{cid.removeprefix('demo-')}@tuvan.demo.vn",
        }
        if organisation:
            record["organisation"] = organisation
        if certified:
            record["certified_on"] = certified
        out.append(record)
    return out


def _serving(province: str | None) -> list[str]:
    return [c[0] for c in CONSULTANTS if c[8] == "active" and ("*" in c[6] or province in c[6])]


def programme_records(
    smes: Iterable[tuple[str, str | None, int | None]], first_contracts: Mapping[str, date], seed: int = 2026
) -> dict:
    """`smes`: (id, province, profile readiness level); `first_contracts`: each SME's first counted day."""
    rng = random.Random(seed)
    assessments, supports = [], []
    for sme_id, province, level in smes:
        serving = _serving(province)
        level = 1 if level is None else level
        baseline = date(2025, 1, 15) + timedelta(days=rng.randrange(200))
        consultant = rng.choice(serving) if serving and rng.random() < 0.6 else None
        assessments.append(_assessment(f"demo-as-{sme_id}-1", sme_id, level, baseline, consultant))
        for n in range(rng.randrange(0, 3)):
            kind = rng.choice(("consulting", "consulting", "training", "application"))
            day = baseline + timedelta(days=rng.randrange(10, 600))
            record = {
                "id": f"demo-su-{sme_id}-{n + 1}",
                "sme_id": sme_id,
                "kind": kind,
                "on": day.isoformat(),
                "hours": rng.choice((2, 3, 4, 8)),
                "public_funds_vnd": rng.choice((0, 1_500_000, 3_000_000)),
            }
            if serving and kind != "application":
                record["consultant_id"] = rng.choice(serving)
            supports.append(record)
        signed = first_contracts.get(sme_id)
        if signed is not None:
            after = signed + timedelta(days=rng.randrange(60, 180))
            if after <= date(2026, 11, 30):
                step = rng.choices((1, 0, -1), weights=(6, 3, 1))[0]
                assessments.append(
                    _assessment(
                        f"demo-as-{sme_id}-2",
                        sme_id,
                        max(0, min(5, level + step)),
                        after,
                        rng.choice(serving) if serving else None,
                    )
                )
    return {
        "format": "sme-catalog/1",
        "consultants": consultant_records(),
        "assessments": assessments,
        "supports": supports,
    }


def _assessment(aid: str, sme_id: str, level: int, day: date, consultant: str | None) -> dict:
    record = {
        "id": aid,
        "sme_id": sme_id,
        "framework": FRAMEWORK,
        "level": level,
        "assessed_on": day.isoformat(),
    }
    return {**record, "consultant_id": consultant} if consultant else record


def programme_document(session: Session) -> dict | None:
    """The demo's programme records for the SMEs stored, or None when they are loaded already."""
    if session.get(Consultant, CONSULTANTS[0][0]) is not None:
        return None
    smes = session.execute(select(Sme.id, Sme.province, Sme.readiness_level).order_by(Sme.id)).all()
    firsts = dict(
        session.execute(
            select(Contract.sme_id, func.min(Contract.counted_day))
            .where(Contract.counted_day.is_not(None))
            .group_by(Contract.sme_id)
        ).all()
    )
    return programme_records(smes, firsts)
