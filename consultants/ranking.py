"""Which consultants suit an SME (pure), with the reasons, as matching ranks offers: a hard rule first
(they work in the SME's province), then a score from its needs against their specialties, its sector
against theirs, certification, and their track record (SMEs whose readiness rose). Deterministic: ties
by id. Reasons are (Vietnamese template, params) pairs, translated by the page."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from core.translation import N_
from core.vocab import ANY

WEIGHTS = {"needs": 0.55, "sector": 0.2, "certified": 0.15, "track": 0.10}
TRACK_FULL = 5  # SMEs moved up at which the track record counts in full


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    specialties: Sequence[str]
    sectors: Sequence[str]
    provinces: Sequence[str]
    certified_on: date | None
    improved: int = 0  # SMEs they worked with whose readiness rose


@dataclass(frozen=True)
class Need:
    province: str | None
    sector: str | None
    needs: Sequence[str]


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: float
    reasons: tuple[tuple[str, dict], ...]


def serves(provinces: Sequence[str], province: str | None) -> bool:
    return ANY in provinces or (province is not None and province in provinces)


def rank(need: Need, candidates: Iterable[Candidate], top: int = 10) -> list[Ranked]:
    ranked = []
    for c in candidates:
        if not serves(c.provinces, need.province):
            continue
        shared = [n for n in need.needs if n in c.specialties]
        needs_fit = len(shared) / len(need.needs) if need.needs else 0.0
        sector_fit = 1.0 if need.sector in c.sectors else 0.5 if ANY in c.sectors else 0.0
        score = (
            WEIGHTS["needs"] * needs_fit
            + WEIGHTS["sector"] * sector_fit
            + WEIGHTS["certified"] * (c.certified_on is not None)
            + WEIGHTS["track"] * min(1.0, c.improved / TRACK_FULL)
        )
        reasons: list[tuple[str, dict]] = []
        if shared:
            reasons.append((N_("Tư vấn đúng nhu cầu: %(needs)s"), {"needs": shared}))
        if sector_fit == 1.0:
            reasons.append((N_("Am hiểu ngành của doanh nghiệp"), {}))
        reasons.append(
            (
                N_("Làm việc tại %(province)s") if ANY not in c.provinces else N_("Làm việc trên cả nước"),
                {"province": need.province or ""},
            )
        )
        if c.certified_on is not None:
            reasons.append((N_("Đạt chuẩn từ %(day)s"), {"day": c.certified_on}))
        if c.improved:
            reasons.append((N_("%(n)s doanh nghiệp được hỗ trợ đã tăng mức sẵn sàng"), {"n": c.improved}))
        ranked.append(Ranked(c, round(score, 4), tuple(reasons)))
    ranked.sort(key=lambda r: (-r.score, r.candidate.id))
    return ranked[:top]
