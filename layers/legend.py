"""Map legend and title boxes drawn as Leaflet controls (no CDN, no d3)."""

from __future__ import annotations

from html import escape

from branca.element import MacroElement
from jinja2 import Template

from layers.classes import MISSING_COLOR, Classes
from layers.geojson import script_json


class HtmlControl(MacroElement):
    """A Leaflet control at `position` whose content is atlas-built, escaped HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create('div', {{ this.css_class }});
            div.innerHTML = {{ this.html }};
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str = "bottomright", css_class: str) -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.html = script_json(html)
        self.position = script_json(position)
        self.css_class = script_json(css_class)


BOX = (
    "background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;"
    "box-shadow:0 0 6px rgba(0,0,0,.25);font:12px/1.35 sans-serif;color:#222"
)


UNRELIABLE_FILL = "repeating-linear-gradient(45deg,#fff 0 3px,#bbb 3px 5px)"


def swatch(color: str, label: str, *, dashed: bool = False) -> str:
    border = "1px dashed #555" if dashed else "1px solid #777"
    return (
        "<div style='display:flex;align-items:center;gap:6px;margin:1px 0'>"
        f"<span style='display:inline-block;width:16px;height:11px;background:{color};"
        f"border:{border}'></span><span>{escape(label)}</span></div>"
    )


def legend_html(
    classes: Classes,
    *,
    title: str,
    format_value,
    missing: str,
    unreliable: str | None = None,
    class_labels: list[str] | None = None,
) -> str:
    """Class ranges (or `class_labels`) with their colours, then no-data and unreliable."""
    names = class_labels or [
        f"{format_value(low)} – {format_value(high)}" for low, high in classes.ranges()
    ]
    rows = [swatch(color, name) for color, name in zip(classes.colors, names, strict=False)]
    rows.append(swatch(MISSING_COLOR, missing))
    if unreliable:
        rows.append(swatch(UNRELIABLE_FILL, unreliable, dashed=True))
    return f"<div class='atlas-legend' style='{BOX}'><b>{escape(title)}</b>{''.join(rows)}</div>"


def legend(classes: Classes, **kwargs) -> HtmlControl:
    """The legend control of a choropleth."""
    return HtmlControl(legend_html(classes, **kwargs), css_class="atlas-legend-control")


def title_box(title: str, subtitle: str = "") -> HtmlControl:
    """Title and subtitle (source, year, method) in the map's top-left corner."""
    sub = f"<div style='color:#555'>{escape(subtitle)}</div>" if subtitle else ""
    html = (
        f"<div class='atlas-title' style='{BOX};max-width:420px'>"
        f"<div style='font-size:15px;font-weight:600'>{escape(title)}</div>{sub}</div>"
    )
    return HtmlControl(html, position="topright", css_class="atlas-title-control")
