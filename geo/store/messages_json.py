"""Messages (geo.messages) kept as JSON in the store, so that a report stored today reads in either
language later.

>>> from geo.messages import Message
>>> stored = message_to_json(Message("store_no_submission", id=7))
>>> stored
{'key': 'store_no_submission', 'values': {'id': 7}}
>>> message_from_json(stored) == Message("store_no_submission", id=7)
True
"""
from __future__ import annotations

from geo.messages import Message


def message_to_json(message) -> dict | str:
    """A Message (key, values, which may be Messages) as JSON, so it reads in either language later."""
    if isinstance(message, Message):
        return {"key": message.key, "values": {k: message_to_json(v) for k, v in message.values.items()}}
    return message if isinstance(message, str | int | float | type(None)) else str(message)


def message_from_json(value):
    """The Message message_to_json wrote (any other value as it is)."""
    if isinstance(value, dict) and "key" in value:
        return Message(value["key"], **{k: message_from_json(v) for k, v in value.get("values", {}).items()})
    return value
