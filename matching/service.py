"""Glue between the database and the matching engine: published offers and SME profiles in, matches out.

The offer index (matching.engine.OfferIndex) is built once per state of the catalog and kept in the
process: the signature of the published catalog (listings, their live revisions, the latest edition)
decides when it is rebuilt.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog import queries
from catalog.models import LIVE, CatalogEdition, Listing, ListingRevision
from catalog.ratings import ratings
from catalog.stars import bayesian
from core.needs import NeedReading
from matching.engine import Match, OfferIndex
from matching.model import Offer, Profile
from smes.models import Sme
from smes.services import size_finding

TOP_DEFAULT = 10
TOP_LIMIT = 100


def profile_of(sme: Sme) -> Profile:
    """The engine's view of a stored SME (size given or derived by Decree 80/2021); `sme` may also be a
    row of the SME columns this reads (matching.suggestions reads SMEs so)."""
    return Profile(
        id=sme.id,
        name=sme.name,
        sector=sme.sector,
        size=size_finding(sme).size,
        employees=sme.employees,
        annual_revenue_vnd=sme.annual_revenue_vnd,
        province=sme.province,
        ward=sme.ward,
        readiness_level=sme.readiness_level,
        readiness_framework=sme.readiness_framework,
        needs=tuple(sme.needs or ()),
        problem=sme.problem,
        monthly_budget_vnd=sme.monthly_budget_vnd,
        preferred_pricing_models=tuple(sme.preferred_pricing_models or ()),
        current_tools=tuple(sme.current_tools or ()),
        tax_code=sme.tax_code,
    )


def published_offers(session: Session) -> list[Offer]:
    """Every public listing as an offer, flagged when it is in the latest official edition."""
    official = queries.official_listing_ids(session)
    rated = ratings(session)
    return [
        Offer(p, official=p.id in official, published=True,
              rating=bayesian(*rated[p.id]) if p.id in rated else None)
        for p in queries.public_products(session)
    ]


def catalog_signature(session: Session) -> tuple:
    """What the published catalog is made of, cheaply: (the database's address, the number of public
    listings, their latest change, their latest live revision, the latest edition's number)."""
    listings = session.execute(
        select(func.count(Listing.id), func.max(Listing.updated_at), func.max(ListingRevision.id))
        .join(ListingRevision, ListingRevision.listing_id == Listing.id)
        .where(Listing.status == "published", ListingRevision.status == LIVE)
    ).one()
    edition = session.scalar(select(func.max(CatalogEdition.number)))
    return (str(session.get_bind().url), *listings, edition)


@dataclass
class _Cached:
    signature: tuple
    index: OfferIndex


_cache: dict[str, _Cached] = {}
_lock = threading.Lock()


def indexed_catalog(session: Session) -> tuple[tuple, OfferIndex]:
    """The signature of the published catalog and its index, rebuilt only when the catalog changed."""
    signature = catalog_signature(session)
    key = signature[0]
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached.signature != signature:
            cached = _Cached(signature, OfferIndex(published_offers(session)))
            _cache[key] = cached
        return cached.signature, cached.index


def offer_index(session: Session) -> OfferIndex:
    """The index of the published catalog, rebuilt only when the catalog changed."""
    return indexed_catalog(session)[1]


def matches_for(
    session: Session, sme: Sme, top: int = TOP_DEFAULT, reading: NeedReading | None = None
) -> list[Match]:
    """The best offers for one SME, best first, with reasons (`reading`: its problem text, read before)."""
    return offer_index(session).rank(profile_of(sme), top, reading)


def all_smes(session: Session, consenting_only: bool = False) -> list[Sme]:
    query = select(Sme).order_by(Sme.id)
    if consenting_only:
        query = query.where(Sme.contact_consent.is_(True))
    return list(session.scalars(query))


def matches_for_all(
    session: Session, smes: Iterable[Sme], top: int = TOP_DEFAULT, progress=None
) -> Iterator[tuple[Sme, list[Match]]]:
    index = offer_index(session)
    smes = list(smes)
    by_id = {s.id: s for s in smes}
    for profile, matches in index.rank_many((profile_of(s) for s in smes), top, progress=progress):
        yield by_id[profile.id], matches


@dataclass(frozen=True)
class Lead:
    """An SME (that agreed to be contacted) for which one of the vendor's products is a top match."""

    sme: Sme
    rank: int
    match: Match


_leads_cache: dict[str, tuple[tuple, dict[str, dict[str, list[tuple[str, int, Match]]]]]] = {}


def _all_leads(session: Session, top: int) -> dict[str, dict[str, list[tuple[str, int, Match]]]]:
    """vendor id -> product id -> [(sme id, rank, match)] over the consenting SMEs; recomputed only when
    the catalog or an SME profile changed (one pass serves every vendor)."""
    consenting = session.scalar(select(func.count(Sme.id)).where(Sme.contact_consent.is_(True)))
    changed = session.scalar(select(func.max(Sme.updated_at)))
    signature = (*catalog_signature(session), consenting, changed, top)
    key = signature[0]
    with _lock:
        cached = _leads_cache.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
    found: dict[str, dict[str, list[tuple[str, int, Match]]]] = {}
    for sme, matches in matches_for_all(session, all_smes(session, consenting_only=True), top):
        for rank, match in enumerate(matches, start=1):
            found.setdefault(match.offer.vendor_id, {}).setdefault(match.offer.id, []).append(
                (sme.id, rank, match)
            )
    with _lock:
        _leads_cache[key] = (signature, found)
    return found


def leads_for_vendor(session: Session, vendor_id: str, top: int = TOP_DEFAULT) -> dict[str, list[Lead]]:
    """Per product of the vendor: the consenting SMEs that have it among their `top` matches, best first."""
    mine = _all_leads(session, top).get(vendor_id, {})
    ids = {sme_id for rows in mine.values() for sme_id, _, _ in rows}
    smes = {
        s.id: s for s in session.scalars(select(Sme).where(Sme.id.in_(ids), Sme.contact_consent.is_(True)))
    }
    leads = {
        product_id: sorted(
            (Lead(smes[sme_id], rank, match) for sme_id, rank, match in rows if sme_id in smes),
            key=lambda lead: (-lead.match.score, lead.sme.id),
        )
        for product_id, rows in mine.items()
    }
    return {product_id: rows for product_id, rows in leads.items() if rows}


def match_json(match: Match) -> dict:
    """One match as the spec prints it."""
    return {"product_id": match.offer.id, "score": match.score, "reasons": list(match.reasons)}
