"""Text from data, files or the address bar inside Streamlit elements that render Markdown."""
import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text) -> str:
    """Shown literally, not rendered: '[x](http://…)' stays text, '**' stays stars."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))
