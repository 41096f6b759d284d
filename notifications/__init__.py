"""Notifications: what people are told (in the app and by mail), their preferences, unsubscribing.

Features call `notifications.notify(session, user_ids, "event.code", link=..., **context)` for events
they define with `notifications.events.define`. (The name is looked up lazily, so that importing the
pure `notifications.events` loads no framework.)
"""


def __getattr__(name: str):
    if name == "notify":
        from notifications.delivery import notify

        return notify
    raise AttributeError(name)
