"""Region boundaries as the atlas uses them: `region`, `name`, geometry in EPSG:4326."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

DEMO_BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "demo" / "regions.geojson"
WEB_CRS = "EPSG:4326"


def demo_regions(path: Path = DEMO_BOUNDARIES) -> gpd.GeoDataFrame:
    """The 56 US states and territories of the bundled demo (us-atlas, Census cartographic)."""
    regions = gpd.read_file(path)
    regions["region"] = regions["region"].astype(str)
    return regions[["region", "name", "geometry"]].to_crs(WEB_CRS)
