"""The package's layout is its architecture: read -> model -> render; geo never needs Streamlit;
the slide exports never load folium."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

GEO = Path(__file__).resolve().parent.parent / "geo"


def imports(path: Path) -> set[str]:
    """Every module a file imports (top level or inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules(*folders: str) -> list[Path]:
    """The modules of these folders; geo/__init__.py (the public API, which names everything) and
    geo/__main__.py (the command line's launcher) stand above the layers."""
    return sorted(p for folder in folders for p in (GEO / folder).glob("*.py")
                  if p.relative_to(GEO).as_posix() not in ("__init__.py", "__main__.py"))


@pytest.mark.parametrize("path", modules("read", "model", "."), ids=lambda p: str(p.relative_to(GEO)))
def test_read_and_model_never_import_render(path):
    assert not {m for m in imports(path) if m.startswith("geo.render") or m.startswith("geo.cli")}


@pytest.mark.parametrize("path", modules("read"), ids=lambda p: str(p.relative_to(GEO)))
def test_read_never_imports_model(path):
    assert not {m for m in imports(path) if m.startswith("geo.model")}


def test_geo_never_imports_streamlit():
    users = [str(p.relative_to(GEO)) for p in GEO.rglob("*.py")
             if "vendor" not in p.parts and any(m.split(".")[0] == "streamlit" for m in imports(p))]
    assert users == []


def test_a_slide_export_loads_neither_folium_nor_plotly():
    code = ("import sys; import geo.render.briefing, geo.render.slide_map, geo.render.tables; "
            "print(sorted(m for m in ('folium', 'branca', 'plotly', 'streamlit') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_app_rooms_import_downwards_only():
    """ui/ has no import cycle (lazy imports inside functions included): two modules importing each
    other are one idea split wrongly, or two sharing a third that wants its own room (ui.store)."""
    folder = GEO.parent / "ui"
    graph = {f"ui.{p.stem}": {m for m in imports(p) if m.startswith("ui.")} for p in folder.glob("*.py")}

    def reaches(start, goal, seen=()):
        return any(n == goal or (n not in seen and reaches(n, goal, (*seen, n))) for n in graph.get(start, ()))

    assert [m for m in graph if reaches(m, m)] == []
