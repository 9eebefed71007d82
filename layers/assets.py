"""Leaflet served from the pinned XStatic-Leaflet package, so maps draw with no network.

Folium points every map at CDN copies of Leaflet, jQuery, Bootstrap and Font Awesome; on a
closed network that is a blank page. The atlas draws only plain Leaflet layers, so a map needs
Leaflet's script and stylesheet alone, inlined as data URIs (the stylesheet's images included).
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xstatic_leaflet

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)


def data_uri(payload: bytes, mime: str) -> str:
    """`payload` as a base64 data URI."""
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


@cache
def leaflet_js() -> str:
    """Leaflet's script as a data URI."""
    return data_uri((LEAFLET_DIR / "leaflet.js").read_bytes(), "text/javascript")


@cache
def leaflet_css() -> str:
    """Leaflet's stylesheet as a data URI, its `images/*.png` inlined too."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        image = (LEAFLET_DIR / match.group(1)).read_bytes()
        return f"url({data_uri(image, 'image/png')})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
    return data_uri(css.encode("utf-8"), "text/css")


def use_local_leaflet(m: folium.Map) -> folium.Map:
    """Point this map (not folium's module-level defaults) at the inlined Leaflet only."""
    m.default_js = [("leaflet", leaflet_js())]
    m.default_css = [("leaflet_css", leaflet_css())]
    return m
