"""Map layer of the regions that share a region's priorities: the partner search of
interregional and macro-regional strategies drawn as a map."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import folium
import geopandas as gpd
import pandas as pd

from layers.choropleth import tooltip_html
from layers.geojson import feature_collection, styled_geojson
from layers.legend import BOX, HtmlControl

SHARED_COLORS = ("#9e9ac8", "#807dba", "#6a51a3", "#54278f", "#3f007d")  # 1, 2, 3, 4, 5+ shared
CHOSEN_COLOR = "#d7301f"


def shared_color(count: int) -> str:
    """Outline colour of a region sharing `count` (≥ 1) priorities."""
    return SHARED_COLORS[min(max(count, 1), len(SHARED_COLORS)) - 1]


def shared_regions(
    frame: gpd.GeoDataFrame,
    shared: pd.DataFrame,
    *,
    region: str,
    name: str,
    labels: Mapping[str, str],
    cluster_names: Mapping[str, str] | None = None,
    show: bool = True,
) -> folium.FeatureGroup:
    """The regions sharing `region`'s declared or measured strengths, outlined (darker and
    thicker the more they share) over whatever the map fills; neighbours (a shared border)
    solid, the others dashed; `region` outlined in red.

    `frame` holds `region, name, geometry`; `shared` is `econ.audit.shared_priorities` output;
    `labels` holds `shared`, `borders`, `yes`, `no` and `chosen`.
    """
    names = cluster_names or {}
    mine = shared[shared["region"] == region]
    grouped = mine.groupby("partner").agg(
        count=("cluster", "size"),
        borders=("borders", "any"),
        clusters=("cluster", lambda c: "; ".join(sorted(names.get(x, x) for x in c))),
    )
    partners = frame[frame["region"].isin(grouped.index)].join(grouped, on="region")
    chosen = frame[frame["region"] == region]
    styles = [
        {
            "fill": True,
            "fillOpacity": 0.0,
            "color": shared_color(int(count)),
            "weight": 1.5 + 0.6 * min(int(count), len(SHARED_COLORS)),
            "opacity": 0.95,
            **({} if borders else {"dashArray": "5 4"}),
        }
        for count, borders in zip(partners["count"], partners["borders"], strict=True)
    ]
    tips = [
        tooltip_html(
            {
                labels["shared"]: clusters,
                labels["borders"]: labels["yes"] if borders else labels["no"],
            },
            str(title),
        )
        for title, clusters, borders in zip(
            partners["name"], partners["clusters"], partners["borders"], strict=True
        )
    ]
    highlight = {"fill": True, "fillOpacity": 0.0, "color": CHOSEN_COLOR, "weight": 4}
    drawn = gpd.GeoDataFrame(
        {
            "region": [*partners["region"], *chosen["region"]],
            "style": [*styles, *([highlight] * len(chosen))],
            "tip": [*tips, *([escape(labels["chosen"])] * len(chosen))],
        },
        geometry=[*partners.geometry, *chosen.geometry],
        crs=frame.crs,
    )
    return styled_geojson(feature_collection(drawn, ["region", "style", "tip"]), name, show=show)


def outline(color: str, label: str, *, dashed: bool = False) -> str:
    """A legend row: an empty box with the layer's outline, then the label."""
    style = "dashed" if dashed else "solid"
    return (
        "<div style='display:flex;align-items:center;gap:6px;margin:1px 0'>"
        f"<span style='display:inline-block;width:14px;height:9px;border:2.5px {style} {color}'>"
        f"</span><span>{escape(label)}</span></div>"
    )


def shared_legend(labels: Mapping[str, str], most: int) -> HtmlControl:
    """Legend: outlines by number of shared priorities (up to `most`), the chosen region, and
    the dashed edge of regions without a shared border."""
    rows = [outline(shared_color(n), labels["count"].format(count=n)) for n in range(1, most + 1)]
    rows.append(outline(CHOSEN_COLOR, labels["chosen"]))
    rows.append(outline(shared_color(1), labels["dashed"], dashed=True))
    title = escape(labels["title"])
    html = f"<div class='atlas-legend' style='{BOX}'><b>{title}</b>{''.join(rows)}</div>"
    return HtmlControl(html, position="bottomleft", css_class="atlas-legend-control")
