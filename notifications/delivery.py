"""Telling people: the in-app row, and the mail (at once, in the daily digest, or not) by preference.

`notify` writes one row per person in the caller's transaction and queues the mail in the outbox
(core.mail): both commit with the change they tell of, or neither. Mail goes only to active accounts
whose address was verified, in each reader's language, with a one-click unsubscribe link (signed, no
login: notifications.views.unsubscribe).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from accounts.models import User
from core import jobs, tokens
from core.db import utcnow
from core.domain import Label
from core.mail import Letter, absolute_url, page_url, queue_letter
from core.translation import N_, translate
from notifications import events
from notifications.models import Notification, NotificationPreference

UNSUBSCRIBE = "unsubscribe"


def notify(session: Session, user_ids: int | Iterable[int], event: str, *, link: str | None = None,
           **context) -> list[Notification]:
    """Tell each of `user_ids` of `event` (defined with notifications.events.define); `link` is the path
    where they act, `context` fills the event's texts (JSON values; events.label(...) or core.domain.Label
    for a text to translate). Flushes; the mail leaves after the commit."""
    definition = events.get(event)
    ids = [user_ids] if isinstance(user_ids, int) else list(dict.fromkeys(user_ids))
    if not ids:
        return []
    context = {k: events.label(v.text) if isinstance(v, Label) else v for k, v in context.items()}
    users = session.scalars(select(User).where(User.id.in_(ids), User.active)).all()
    modes = preferences_of(session, [u.id for u in users], event)
    made = []
    for user in users:
        mode = modes.get(user.id, definition.default_mode)
        row = Notification(user_id=user.id, event=event, context=context, link=link,
                           digest_state="pending" if mode == "digest" and _mailable(user) else None)
        session.add(row)
        made.append(row)
        if mode == "immediate" and _mailable(user):
            queue_letter(session, user.email, letter_for(user, row), kind=event)
    session.flush()
    return made


def speakers_for(session: Session, *, vendor_id: str | None = None, sme_id: str | None = None) -> list[int]:
    """The active accounts of a vendor (its members) or of an SME: whom its notifications go to."""
    column, value, role = (User.vendor_id, vendor_id, "vendor") if vendor_id else (User.sme_id, sme_id, "sme")
    return list(session.scalars(select(User.id).where(column == value, User.role == role, User.active)
                                .order_by(User.id)))


def staff(session: Session) -> list[int]:
    """The active officers' and administrators' accounts: whom the office's notifications go to."""
    return list(session.scalars(select(User.id).where(User.role.in_(("officer", "admin")), User.active)
                                .order_by(User.id)))


def _mailable(user: User) -> bool:
    return user.active and user.email_verified_at is not None


def preferences_of(session: Session, user_ids: list[int], event: str) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = session.execute(select(NotificationPreference.user_id, NotificationPreference.mode).where(
        NotificationPreference.user_id.in_(user_ids), NotificationPreference.event == event))
    return dict(rows.all())


def modes_of(session: Session, user: User) -> dict[str, str]:
    """Each event `user` may receive -> their mode (the event's default where they chose none)."""
    chosen = dict(session.execute(select(NotificationPreference.event, NotificationPreference.mode)
                                  .where(NotificationPreference.user_id == user.id)).all())
    return {e.code: chosen.get(e.code, e.default_mode) for e in events.for_role(user.role)}


def set_mode(session: Session, user_id: int, event: str, mode: str) -> None:
    if mode not in events.MODES:
        raise ValueError(mode)
    row = session.get(NotificationPreference, (user_id, event))
    if row is None:
        session.add(NotificationPreference(user_id=user_id, event=event, mode=mode))
    else:
        row.mode = mode
    session.flush()


def unsubscribe_token(user_id: int, event: str) -> str:
    return tokens.sign(UNSUBSCRIBE, [user_id, event])


def unsubscribe_target(token: str) -> tuple[int, str] | None:
    """(user id, event) of a genuine unsubscribe token; these never expire (old mails keep working)."""
    payload = tokens.unsign(UNSUBSCRIBE, token)
    if (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)
            and isinstance(payload[1], str) and payload[1] in events.EVENTS):
        return payload[0], payload[1]
    return None


def _greeting(user: User, lang: str) -> str:
    return translate(N_("Xin chào %(name)s,"), lang, name=user.full_name or user.email)


def _footer(lang: str) -> tuple[str, ...]:
    return (translate(N_("Sàn chuyển đổi số DNNVV · thư tự động, xin đừng trả lời thư này."), lang),)


def letter_for(user: User, row: Notification) -> Letter:
    """The mail telling `user` of one notification, in their language."""
    lang = user.locale or "vi"
    definition = events.get(row.event)
    return Letter(
        subject=events.text(definition.title, row.context, lang),
        greeting=_greeting(user, lang),
        paragraphs=(events.text(definition.body, row.context, lang),),
        action_label=translate(definition.action, lang) if row.link else None,
        action_url=absolute_url(row.link) if row.link else None,
        footer=_footer(lang),
        unsubscribe_url=page_url("notifications.unsubscribe", token=unsubscribe_token(user.id, row.event)),
        unsubscribe_label=translate(N_("Không nhận email về việc này nữa"), lang),
        lang=lang,
    )


def digest_letter(user: User, rows: list[Notification]) -> Letter:
    """One mail with a person's notifications of the day, each on its own line."""
    lang = user.locale or "vi"
    lines = tuple(f"• {events.title_of(r.event, r.context, lang)}"
                  + (f" ({absolute_url(r.link)})" if r.link else "") for r in rows)
    return Letter(
        subject=translate(N_("Tóm tắt thông báo trong ngày: %(n)s việc mới"), lang, n=len(rows)),
        greeting=_greeting(user, lang),
        paragraphs=(translate(N_("Những việc mới hôm nay trên sàn:"), lang), *lines),
        action_label=translate(N_("Xem tất cả thông báo"), lang),
        action_url=page_url("notifications.index"),
        footer=(translate(N_("Bạn nhận thư này vì đã chọn gộp thông báo vào email hằng ngày; đổi cách nhận "
                             "trong trang Thông báo > Cách nhận thông báo."), lang), *_footer(lang)),
        lang=lang,
    )


@jobs.job("notifications.digest")
def send_digests(session: Session) -> dict:
    """Each person's notifications waiting for the daily mail, in one mail each. Run twice the same day
    (same job key), it mails once; rows already mailed are never mailed again."""
    pending = session.scalars(select(Notification).where(Notification.digest_state == "pending")
                              .order_by(Notification.user_id, Notification.id)).all()
    by_user: dict[int, list[Notification]] = {}
    for row in pending:
        by_user.setdefault(row.user_id, []).append(row)
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(list(by_user))))}
    mailed = 0
    for user_id, rows in by_user.items():
        user = users[user_id]
        if _mailable(user):
            queue_letter(session, user.email, digest_letter(user, rows), kind="digest")
            mailed += 1
    session.execute(update(Notification).where(Notification.id.in_([r.id for r in pending]))
                    .values(digest_state="sent"))
    session.flush()
    return {"people": mailed, "notifications": len(pending)}


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))) or 0


def latest(session: Session, user_id: int, limit: int = 50) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.user_id == user_id)
                                .order_by(Notification.id.desc()).limit(limit)))


def mark_read(session: Session, user_id: int, notification_id: int | None = None) -> int:
    """Mark one notification of `user_id` (or all of them) read; how many changed."""
    query = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    return session.execute(query.values(read_at=utcnow())).rowcount


def own(session: Session, user_id: int, notification_id: int) -> Notification | None:
    row = session.get(Notification, notification_id)
    return row if row is not None and row.user_id == user_id else None


def texts(rows: Iterable[Notification], lang: str) -> list[Mapping[str, object]]:
    """The rows as the centre shows them, in `lang`."""
    return [{"row": r, "title": events.title_of(r.event, r.context, lang),
             "body": events.body_of(r.event, r.context, lang)} for r in rows]


# 01:00 UTC is 08:00 in Vietnam: the day's digest arrives at the start of the working day.
jobs.schedule("notifications.digest", "0 1 * * *", period="%Y-%m-%d")
