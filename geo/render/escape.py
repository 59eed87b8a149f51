"""Text from the data made safe for HTML, for JavaScript and for branca's template pass.

branca (folium's page builder) renders each element's script, then parses that output as a Jinja
template a second time (MacroElement.render wraps it in Element(...)): '{{', '{%' or '{#' in any
data text that reaches a map would run on the server. Every text from the data is made inert
before it gets there: as HTML entities in markup, as \\u escapes inside JSON strings.

>>> esc("{{ 7*7 }} <b>")
'&#123;&#123; 7*7 &#125;&#125; &lt;b&gt;'
>>> script_json(["{% raw %}"])
'["\\\\u007b\\\\u0025 raw \\\\u0025\\\\u007d"]'
"""
from __future__ import annotations

import html
import json
import math
import re

_INERT_HTML = str.maketrans({"{": "&#123;", "}": "&#125;", "%": "&#37;", "`": "&#96;", "$": "&#36;"})
_INERT_JSON = str.maketrans({"{": "\\u007b", "}": "\\u007d", "%": "\\u0025", "<": "\\u003c", ">": "\\u003e"})
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def esc(value) -> str:
    """Text from the data, safe inside HTML, inside folium's JavaScript strings and through
    branca's second template pass: '{{ 7*7 }}' stays those characters, never 49."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True).translate(_INERT_HTML)


def script_json(value) -> str:
    """JSON safe inside a <script> and inert to branca's template pass: inside its strings no '<' or
    '>' can close the tag and no brace or percent sign can open a Jinja tag."""
    text = json.dumps(value, ensure_ascii=False)
    return _JSON_STRING.sub(lambda m: m.group(0).translate(_INERT_JSON), text)


