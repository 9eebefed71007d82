"""Maps written as files that open anywhere: one self-contained HTML, no network needed."""

from __future__ import annotations

import re
from pathlib import Path

import folium

REMOTE_ASSET = re.compile(r"<(?:script|link)\b[^>]*(?:src|href)=[\"']https?://", re.IGNORECASE)


def map_html(m: folium.Map) -> str:
    """The whole page of `m`; raises if anything would still load from the network."""
    html = m.get_root().render()
    remote = REMOTE_ASSET.search(html)
    if remote:
        raise RuntimeError(f"map still loads a remote asset: {remote.group(0)!r}")
    return html


def write_html(m: folium.Map, path: Path) -> Path:
    """Write `m` to `path` as one self-contained HTML file (Leaflet inlined)."""
    path.write_text(map_html(m), encoding="utf-8")
    return path
