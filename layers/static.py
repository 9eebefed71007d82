"""The print version of a cluster map: a PNG drawn with geopandas and matplotlib, no tiles.

It uses the same `Classes` (breaks and colours) as the HTML map, so the two agree class for class.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from geo.projection import equal_area
from geo.web import outlying
from i18n.formats import date as format_day
from layers.choropleth import BORDER
from layers.classes import MISSING_COLOR, Classes

HATCH = "////"
UNRELIABLE_EDGE = "#333333"
SIZE = (11.0, 7.0)  # inches: a landscape page width
DPI = 150
INSET_HEIGHT = 0.12  # of the figure: far-flung regions drawn in small boxes under the main map
MAX_INSETS = 8


def static_figure(
    regions: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    metric: str,
    classes: Classes,
    title: str,
    legend_title: str,
    format_value: Callable[[float], str] = str,
    subtitle: str = "",
    missing: str = "No data",
    unreliable: str | None = "Unreliable (small or suppressed)",
    class_labels: list[str] | None = None,
    attribution: str = "",
    made_on: date | None = None,
    language: str | None = None,
    size: tuple[float, float] = SIZE,
) -> Figure:
    """The map as a matplotlib Figure: classed regions, grey missing, hatched unreliable, legend.

    Far-flung regions (`geo.web.outlying`: Alaska, Hawaii and the territories for the US) get
    small insets under the main map, which then frames the rest; each is drawn in an Albers
    equal-area projection fitted to it (`geo.projection`), so large countries are not stretched.

    `classes` are `map_classes(regions, values, ...)`: the breaks and colours of the HTML map.
    `values` may hold `reliable` (False = hatched). The footer carries the date (ISO, or as
    `language` writes it: `2 декабря 2026 г.`) and `attribution`; `subtitle` names source, year
    and method.
    """
    table = regions.merge(values, on="region", how="left")
    fills = np.asarray(classes.color_of(), dtype=object)
    weak = pd.Series(False, index=table.index)
    if "reliable" in table and unreliable:
        weak = table["reliable"].eq(False) & table[metric].notna()

    figure = Figure(figsize=size, layout="none")
    far = outlying(table)
    insets = np.flatnonzero(far)[:MAX_INSETS] if far.any() else []
    main = ~far if len(insets) else np.ones(len(table), dtype=bool)
    bottom = 0.09 + (INSET_HEIGHT + 0.03 if len(insets) else 0.0)
    map_area = figure.add_axes((0.02, bottom, 0.72, 0.85 - bottom))
    draw_regions(map_area, equal_area(table[main]), fills[main], weak[main])
    width = min(0.72 / max(len(insets), 1), INSET_HEIGHT * 1.6)
    for number, row in enumerate(insets):
        ax = figure.add_axes((0.02 + number * width, 0.09, width * 0.92, INSET_HEIGHT))
        draw_regions(ax, equal_area(table.iloc[[row]]), fills[[row]], weak.iloc[[row]])
        label = table["name"].iloc[row] if "name" in table else table["region"].iloc[row]
        ax.set_title(literal(textwrap.fill(str(label), 22)), fontsize=7, pad=2)

    names = class_labels or [
        f"{format_value(low)} – {format_value(high)}" for low, high in classes.ranges()
    ]
    handles = [
        Patch(facecolor=color, edgecolor=BORDER, linewidth=0.5, label=literal(name))
        for color, name in zip(classes.colors, names, strict=False)
    ]
    handles.append(
        Patch(facecolor=MISSING_COLOR, edgecolor=BORDER, linewidth=0.5, label=literal(missing))
    )
    if weak.any():
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=UNRELIABLE_EDGE,
                hatch=HATCH,
                label=literal(unreliable),
            )
        )
    figure.legend(
        handles=handles,
        title=literal(legend_title),
        loc="upper left",
        bbox_to_anchor=(0.75, 0.84),
        frameon=False,
        fontsize=9,
        title_fontsize=10,
        alignment="left",
    )

    figure.text(0.02, 0.95, literal(title), fontsize=16, fontweight="bold", va="top")
    if subtitle:
        figure.text(0.02, 0.895, literal(subtitle), fontsize=10, color="#444444", va="top")
    day = made_on or date.today()
    made = format_day(day, language) if language else day.isoformat()
    footer = " · ".join(part for part in (made, attribution) if part)
    figure.text(0.02, 0.025, literal(footer), fontsize=7.5, color="#555555", va="bottom")
    return figure


def literal(text: object) -> str:
    """Text drawn as typed: matplotlib reads `$…$` as mathtext, so a name with dollars would
    turn into formulas or fail to draw."""
    return str(text).replace("$", r"\$")


def draw_regions(ax, table: gpd.GeoDataFrame, fills, weak: pd.Series) -> None:
    """Classed regions on `ax`, unreliable ones hatched, no axes."""
    ax.set_axis_off()
    table.plot(ax=ax, color=list(fills), edgecolor=BORDER, linewidth=0.3)
    if weak.any():
        table[weak.to_numpy()].plot(
            ax=ax, facecolor="none", edgecolor=UNRELIABLE_EDGE, hatch=HATCH, linewidth=0.4
        )


def png_bytes(figure: Figure, *, dpi: int = DPI) -> bytes:
    """The figure as PNG bytes, `size × dpi` pixels exactly."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def static_map(
    regions: gpd.GeoDataFrame, values: pd.DataFrame, *, dpi: int = DPI, **options
) -> bytes:
    """A print PNG of the cluster map; `options` are those of `static_figure`."""
    return png_bytes(static_figure(regions, values, **options), dpi=dpi)
