"""Messages for the user that read in either language.

A Message is a str (its English text, for the command line and JSON) that remembers its catalogue
key and values, so the app can show it in French. Values may themselves be Messages.

>>> m = Message("outside_mali", where=Message("where_coordinates", lat="30", lon="2"))
>>> str(m)
'coordinates 30, 2 are outside Mali'
>>> in_language(Message("outside_mali", where=Message("where_coordinates", lat="30.5", lon="2.25")), "fr")
'les coordonnées 30,5 ; 2,25 sont hors du Mali'
"""
from __future__ import annotations

from geo.i18n import t

PREFIX = "msg."


class Message(str):
    key: str
    values: dict

    def __new__(cls, key: str, **values):
        text = super().__new__(cls, _render(key, "en", values))
        text.key, text.values = key, values
        return text

    def __reduce__(self):  # keep key and values through pickling (st.cache_data, session state)
        return (_rebuild, (self.key, self.values))


def _rebuild(key, values):
    return Message(key, **values)


DECIMAL_VALUES = ("lat", "lon")   # numbers as the reader writes them: '12,65' in French


def _render(key: str, lang: str, values: dict) -> str:
    # a Message inside is already English text: only another language renders it again
    shown = {k: in_language(v, lang) if isinstance(v, Message) and lang != "en" else v for k, v in values.items()}
    if lang == "fr":
        shown |= {k: str(shown[k]).replace(".", ",") for k in DECIMAL_VALUES if k in shown}
    return t(PREFIX + key, lang, **shown)


def in_language(text, lang: str) -> str:
    """The text in `lang` when it is a Message; any other text as it is."""
    return _render(text.key, lang, text.values) if isinstance(text, Message) else str(text)
