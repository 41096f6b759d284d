"""Partner API keys: officers create them (scoped, with a rate limit per minute) and revoke them; a
presented key is found by its prefix and checked against the stored SHA-256 in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, Conflict, NotFound, ValidationFailed
from opendata.models import PartnerCall, PartnerKey

# What a key may read (the open datasets: the catalog's, and the indicators).
SCOPES = {"catalog": N_("Danh mục: ấn bản, sản phẩm, nhà cung cấp"), "indicators": N_("Chỉ tiêu tổng hợp")}
NAME_MAX = 200
MAX_PER_MINUTE = 100_000
PREFIX = "mk_"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create(session: Session, user, name: str, scopes: list[str],
           per_minute: int | None) -> tuple[PartnerKey, str]:
    """A new key and its text, which is shown once and never stored."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = N_("Cần nhập tên hệ thống đối tác.")
    elif len(name) > NAME_MAX:
        errors["name"] = N_("Tên tối đa 200 ký tự.")
    if not scopes or any(s not in SCOPES for s in scopes):
        errors["scopes"] = N_("Chọn ít nhất một phạm vi.")
    if per_minute is None or not 1 <= per_minute <= MAX_PER_MINUTE:
        errors["per_minute"] = N_("Hạn mức phải từ 1 đến 100.000 lượt mỗi phút.")
    if errors:
        raise ValidationFailed(N_("Chưa thể tạo khóa API."), errors)
    prefix = PREFIX + secrets.token_hex(4)
    while session.scalar(select(PartnerKey.id).where(PartnerKey.prefix == prefix)) is not None:
        prefix = PREFIX + secrets.token_hex(4)
    text = f"{prefix}.{secrets.token_urlsafe(32)}"
    key = PartnerKey(name=name, prefix=prefix, key_hash=_digest(text), scopes=sorted(set(scopes)),
                     per_minute=per_minute, created_by_id=getattr(user, "id", None))
    session.add(key)
    session.flush()
    record_audit(session, user, "partner_key.created", "partner_key", str(key.id), None, "active", None,
                 {"name": name, "prefix": prefix, "scopes": key.scopes, "per_minute": per_minute})
    session.flush()
    return key, text


def get(session: Session, key_id: int) -> PartnerKey:
    key = session.get(PartnerKey, key_id) if 1 <= key_id < 2**31 else None
    if key is None:
        raise NotFound(N_("Không tìm thấy khóa API."))
    return key


def revoke(session: Session, user, key_id: int) -> PartnerKey:
    key = get(session, key_id)
    if not key.active:
        raise Conflict(N_("Khóa API này đã bị thu hồi."))
    key.revoked_at, key.revoked_by_id = utcnow(), getattr(user, "id", None)
    record_audit(session, user, "partner_key.revoked", "partner_key", str(key.id), "active", "revoked")
    session.flush()
    return key


def authenticate(session: Session, presented: str) -> PartnerKey | None:
    """The key `presented` names, active or revoked (the caller tells them apart), or None."""
    prefix = presented.split(".", 1)[0]
    if not prefix.startswith(PREFIX) or len(prefix) > 16:
        return None
    key = session.scalar(select(PartnerKey).where(PartnerKey.prefix == prefix))
    if key is None or not hmac.compare_digest(key.key_hash, _digest(presented)):
        return None
    return key


def log_call(engine: Engine, key_id: int, method: str, path: str, status: int) -> None:
    """Record one call in a transaction of its own: a refused or rate-limited call (whose request rolls
    back) is logged too, and logging never holds the request's transaction open."""
    with engine.begin() as connection:
        connection.execute(insert(PartnerCall).values(key_id=key_id, at=utcnow(), method=method,
                                                      path=path[:500], status=status))


def listing(session: Session) -> list[tuple[PartnerKey, datetime | None, int]]:
    """Every key, newest first, with its last call and its number of calls."""
    calls = (select(PartnerCall.key_id, func.max(PartnerCall.at).label("last"), func.count().label("n"))
             .group_by(PartnerCall.key_id).subquery())
    query = (select(PartnerKey, calls.c.last, func.coalesce(calls.c.n, 0))
             .outerjoin(calls, calls.c.key_id == PartnerKey.id).order_by(PartnerKey.id.desc()))
    return [tuple(row) for row in session.execute(query)]


def recent_calls(session: Session, key_id: int, limit: int = 100) -> list[PartnerCall]:
    return list(session.scalars(select(PartnerCall).where(PartnerCall.key_id == key_id)
                                .order_by(PartnerCall.id.desc()).limit(limit)))
