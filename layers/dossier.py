"""The region dossier: one self-contained HTML file per region for a strategy document.

It opens offline (every image inline, Leaflet inlined by `layers.assets`, no request leaves the
file) and prints to A4 from a browser: a title page with the data sources and date, then one
section per page — where the region is and its lead cluster map (print PNG from
`layers.static`, the interactive map inline above it on screen), the portfolio chart (inline
SVG), the stars table, links, zones and partners, junction candidates, the audit of declared
priorities and what the list lacks, and method notes with references. Numbers are written as
the language writes them (`1,234.5` or `1 234,5`).

`prepare` measures everything once for all regions; `dossier_html` renders one region.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

from econ.audit import (
    STAGE_NAMES,
    VERDICT_NAMES,
    Evidence,
    audit,
    gather_evidence,
    missing_priorities,
    number,
    percent,
    shared_priorities,
)
from econ.dataset import Dataset
from econ.links import border_links, partner_regions, zone_summary
from econ.names import normalise_name
from geo.adjacency import neighbour_pairs
from geo.projection import equal_area
from geo.web import outlying
from i18n.catalog import LANGUAGES, section
from i18n.formats import date as format_day
from layers.choropleth import format_number
from layers.classes import map_classes
from layers.cluster_map import cluster_map, map_text, top_categories
from layers.export import map_html
from layers.links import zone_outlines
from layers.report import file_stem
from layers.shared import shared_legend, shared_regions
from layers.static import static_map

TEMPLATES = Path(__file__).resolve().parent / "templates"
STAR_COLOURS = ("#c6dbef", "#fdae6b", "#e6550d", "#a63603")
CHOSEN = "#d7301f"
LQ_TICKS = (0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0, 20.0)
LISTED = 4  # categories listed per partner before "+ N more"
LINK_LQ = 1.25  # neighbours linked in a category both have LQ at least this (cli.py links)

REFERENCES = [
    "Balland, P.-A., Boschma, R., Crespo, J. & Rigby, D. (2019). Smart specialization policy in "
    "the European Union: relatedness, knowledge complexity and regional diversification. "
    "Regional Studies 53(9).",
    "Foray, D. (2015). Smart Specialisation: Opportunities and Challenges for Regional "
    "Innovation Policy. Routledge.",
    "Frenken, K., Van Oort, F. & Verburg, T. (2007). Related variety, unrelated variety and "
    "regional economic growth. Regional Studies 41(5).",
    "Hidalgo, C. A., Klinger, B., Barabási, A.-L. & Hausmann, R. (2007). The product space "
    "conditions the development of nations. Science 317(5837).",
    "Hidalgo, C. A. & Hausmann, R. (2009). The building blocks of economic complexity. PNAS "
    "106(26).",
    "Ketels, C. & Sölvell, Ö. (2006). Clusters in the EU-10 new member countries. Europe "
    "INNOVA / European Cluster Observatory.",
    "Menzel, M.-P. & Fornahl, D. (2010). Cluster life cycles — dimensions and rationales of "
    "cluster evolution. Industrial and Corporate Change 19(1).",
    "Porter, M. E. (2003). The economic performance of regions. Regional Studies 37(6–7).",
]


def long_date(day: date, language: str) -> str:
    """`5 May 2025` or `5 мая 2025 г.`."""
    return format_day(day, language)


def data_uri(payload: bytes, mime: str = "image/png") -> str:
    """Bytes as an inline `data:` URI."""
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


@dataclass
class Inputs:
    """Everything the dossiers of one dataset share, measured once (`prepare`)."""

    regions: gpd.GeoDataFrame
    data: Dataset
    evidence: Evidence
    links: pd.DataFrame
    partners: pd.DataFrame
    audit: pd.DataFrame | None
    declared: pd.DataFrame
    shared: pd.DataFrame
    language: str
    made_on: date
    declared_source: str = ""
    static_maps: dict[str, bytes] = field(default_factory=dict)

    @property
    def text(self) -> dict[str, str]:
        return section(self.language, "dossier")

    @property
    def region_names(self) -> dict[str, str]:
        return dict(zip(self.regions["region"], self.regions["name"].astype(str), strict=True))

    @property
    def cluster_names(self) -> dict[str, str]:
        return self.data.cluster_names(self.language)


def prepare(
    regions: gpd.GeoDataFrame,
    data: Dataset,
    *,
    declared: pd.DataFrame | None = None,
    declared_source: str = "",
    language: str = "en",
    made_on: date | None = None,
) -> Inputs:
    """Measure once what every region's dossier reads.

    `regions` are web-ready (`geo.web.for_web`: `region, name, geometry` in EPSG:4326);
    `declared` is `econ.declared.Declared.table` or None.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    pairs = neighbour_pairs(regions).pairs
    evidence = gather_evidence(data, pairs=pairs, language=language)
    table = evidence.table
    said = declared if declared is not None else pd.DataFrame(columns=["region", "cluster"])
    names = dict(zip(regions["region"], regions["name"].astype(str), strict=True))
    return Inputs(
        regions=regions,
        data=data,
        evidence=evidence,
        links=border_links(table, pairs, min_lq=LINK_LQ),
        partners=partner_regions(table, k=5),
        audit=None
        if declared is None
        else audit(declared, evidence, language=language, region_names=names),
        declared=said,
        shared=shared_priorities(said, evidence),
        language=language,
        made_on=made_on or date.today(),
        declared_source=declared_source,
    )


def lead_category(cells: pd.DataFrame) -> str | None:
    """The region's lead category: most stars among reliable cells, then the highest LQ."""
    known = cells.dropna(subset=["lq"])
    if known.empty:
        return None
    ranked = known.assign(ok=known["reliable"].eq(True)).sort_values(
        ["ok", "stars", "lq"], ascending=False
    )
    return str(ranked["cluster"].iloc[0])


def locator_png(regions: gpd.GeoDataFrame, region: str) -> bytes:
    """Every region in grey and `region` in red, on the main landmass plus the region itself,
    in an equal-area projection."""
    far = outlying(regions) & (regions["region"] != region).to_numpy()
    shown = equal_area(regions[~far])
    figure = Figure(figsize=(4.6, 3.2), layout="none")
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    shown.plot(ax=ax, color="#dddddd", edgecolor="white", linewidth=0.4)
    shown[shown["region"] == region].plot(ax=ax, color=CHOSEN, edgecolor="#67000d", linewidth=0.6)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, facecolor="white")
    return buffer.getvalue()


def portfolio_svg(cells: pd.DataFrame, text: dict[str, str], language: str = "en") -> str:
    """Bubble chart of the region's categories as inline SVG: LQ (log) against share of the
    region's employment (%), area employment, colour stars; each bubble carries the category's
    `number` (as in the stars table)."""
    drawn = cells[cells["lq"].gt(0) & cells["employment"].gt(0)]
    share = drawn["share_of_region"] * 100
    with rc_context({"svg.fonttype": "none", "font.family": "sans-serif", "font.size": 8}):
        figure = Figure(figsize=(7.0, 4.3), layout="constrained")
        ax = figure.add_subplot()
        sizes = 1400 * drawn["employment"] / max(drawn["employment"].max(), 1.0)
        colours = [STAR_COLOURS[min(int(s), 3)] for s in drawn["stars"].fillna(0)]
        ax.scatter(
            drawn["lq"],
            share,
            s=np.maximum(sizes, 30),
            c=colours,
            edgecolors="#444444",
            linewidths=0.5,
            alpha=np.where(drawn["reliable"].eq(True), 0.85, 0.4),
        )
        ax.set_xscale("log")
        ax.margins(x=0.12, y=0.14)  # the largest bubbles stay inside the frame
        low, high = drawn["lq"].min(), drawn["lq"].max()
        ticks = [v for v in LQ_TICKS if low / 1.3 <= v <= high * 1.3] or [1.0]
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, 2, language)))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, 0, language)))
        ax.axvline(1.0, color="#666666", linestyle="--", linewidth=0.8)
        ax.set_xlabel(text["lq"])
        ax.set_ylabel(text["share_axis"])
        ax.spines[["top", "right"]].set_visible(False)
        for lq, y, label in zip(drawn["lq"], share, drawn["number"], strict=True):
            ax.annotate(str(label), (lq, y), fontsize=6.5, ha="center", va="center")
        for count, colour in enumerate(STAR_COLOURS):
            label = "★" * count if count else text["no_star"]
            ax.scatter([], [], s=40, c=colour, edgecolors="#444444", linewidths=0.5, label=label)
        ax.legend(title=text["stars"], frameon=False, loc="best", fontsize=7)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    return svg.replace("<svg ", '<svg class="chart" role="img" ', 1)


def _static_lead_map(inputs: Inputs, cluster: str, values: pd.DataFrame) -> bytes:
    """The print cluster map of `cluster` (LQ), drawn once per category."""
    if cluster not in inputs.static_maps:
        text, names = map_text(inputs.language), inputs.cluster_names
        meta = inputs.data.meta
        classes = map_classes(inputs.regions, values, metric="lq")
        inputs.static_maps[cluster] = static_map(
            inputs.regions,
            values,
            metric="lq",
            classes=classes,
            title=names.get(cluster, cluster),
            subtitle=" · ".join(str(p) for p in (meta.get("source"), meta.get("year")) if p),
            legend_title=text["lq"],
            missing=text["missing"],
            unreliable=text["unreliable"],
            attribution=str(meta.get("boundaries", "")),
            format_value=lambda v: format_number(v, digits=2, language=inputs.language),
            made_on=inputs.made_on,
            dpi=110,
        )
    return inputs.static_maps[cluster]


def shared_map(inputs: Inputs, region: str, cluster: str) -> folium.Map:
    """The map of `cluster` with the regions sharing `region`'s priorities and the region's
    cross-border zones: the dossier's interactive map and the Priorities audit page's."""
    values = category_values(inputs, cluster)
    text, lang = section(inputs.language, "dossier"), inputs.language
    labels = {
        "shared": text["shared_cats"],
        "borders": text["neighbour"],
        "yes": text["yes"],
        "no": text["no"],
        "chosen": inputs.region_names.get(region, region),
    }
    names = inputs.cluster_names
    layers = [
        shared_regions(
            inputs.regions,
            inputs.shared,
            region=region,
            name=text["map_shared"],
            labels=labels,
            cluster_names=names,
        )
    ]
    zones = inputs.evidence.zones
    mine = zones[zones["zone"].isin(zones.loc[zones["region"] == region, "zone"])]
    if len(mine):
        summary = zone_summary(mine, inputs.evidence.table, inputs.region_names)
        layers.append(
            zone_outlines(
                inputs.regions,
                mine,
                name=text["map_zones"],
                labels={
                    "zone": text["zone"],
                    "category": text["category"],
                    "members": text["members"],
                    "employment": text["employment"],
                },
                summary=summary,
                cluster_names=names,
                language=lang,
                show=False,
            )
        )
    meta = inputs.data.meta
    year = str(meta.get("year") or "")
    source = " · ".join(p for p in (str(meta.get("source") or ""), year) if p)
    if year and year in str(meta.get("source") or ""):
        source = str(meta["source"])  # "… May 2025" needs no second "2025"
    legend = map_text(lang)
    subtitle = " · ".join(p for p in (legend["lq"], source) if p)
    mapped = legend | {"title": names.get(cluster, cluster), "subtitle": subtitle}
    m = cluster_map(
        inputs.regions,
        values,
        text=mapped,
        language=lang,
        attribution=str(inputs.data.meta.get("boundaries", "")),
        extra_layers=tuple(layers),
    )
    counts = inputs.shared[inputs.shared["region"] == region].groupby("partner").size()
    legend_labels = {
        "title": text["legend_title"],
        "count": text["legend_count"],
        "chosen": text["legend_chosen"],
        "dashed": text["legend_dashed"],
    }
    shared_legend(legend_labels, int(min(counts.max(), 5)) if len(counts) else 0).add_to(m)
    return m


def _num(inputs: Inputs, value: object, digits: int = 0) -> str:
    return format_number(value, digits=digits, language=inputs.language)


def _stars(count: object, text: dict[str, str]) -> str:
    return "★" * int(count) if pd.notna(count) and int(count) > 0 else "—"


def category_values(inputs: Inputs, cluster: str) -> pd.DataFrame:
    """Every region's measures in `cluster` with its top categories, as the maps read them."""
    table = inputs.evidence.table
    top = top_categories(table, inputs.cluster_names).reset_index()
    return table[table["cluster"] == cluster].merge(top, on="region", how="left")


def region_context(inputs: Inputs, region: str) -> dict:
    """Everything one region's template shows, formatted for the language."""
    text, lang, names = inputs.text, inputs.language, inputs.cluster_names
    region_names = inputs.region_names
    name = region_names.get(region, region)
    meta = inputs.data.meta
    table = inputs.evidence.table
    cells = table[table["region"] == region]
    has_data = bool(cells["employment"].fillna(0).sum() > 0)
    context: dict = {
        "lang": lang,
        "t": text,
        "name": name,
        "region": region,
        "title": meta.get(f"title_{lang}") or meta.get("title") or "",
        "made": long_date(inputs.made_on, lang),
        "has_data": has_data,
        "locator": data_uri(locator_png(inputs.regions, region)),
        "method": list(section(lang, "dossier_method").values()),
        "references": REFERENCES,
        "one_year": inputs.evidence.change is None,
    }
    context["sources"] = [
        (text["employment_source"], meta.get("source", "")),
        (text["boundaries"], meta.get("boundaries", "")),
        (text["classification"], meta.get("cluster_kind", "")),
        (text["reference"], meta.get("reference_name", "")),
        (text["year"], meta.get("year", "")),
        (text["declared_source"], inputs.declared_source or text["none_declared"]),
    ]
    context["sources"] = [(k, str(v)) for k, v in context["sources"] if str(v)]
    neighbours = inputs.evidence.neighbours
    touching = sorted(
        {*neighbours.loc[neighbours["region_a"] == region, "region_b"]}
        | {*neighbours.loc[neighbours["region_b"] == region, "region_a"]},
        key=lambda r: region_names.get(r, r),
    )
    context["facts"] = [(text["neighbours"], ", ".join(region_names.get(r, r) for r in touching))]
    if not has_data:
        return context
    totals = inputs.data.region_totals
    total = (
        totals.get(region) if totals is not None and totals.index.nlevels == 1 else None
    ) or cells["employment"].sum()
    eci = inputs.evidence.regions.set_index("region")["eci"]
    rank = int(eci.rank(ascending=False)[region]) if pd.notna(eci.get(region)) else None
    context["facts"] = [
        (text["total"], _num(inputs, total)),
        (text["starred_count"], str(int((cells["stars"] > 0).sum()))),
        (
            text["eci"],
            text["eci_rank"].format(
                value=number(eci.get(region), 2, lang), rank=rank, count=int(eci.notna().sum())
            )
            if rank
            else "—",
        ),
        *context["facts"],
    ]
    lead = lead_category(cells)
    values = category_values(inputs, lead)
    context["lead"] = names.get(lead, lead)
    context["lead_map"] = data_uri(_static_lead_map(inputs, lead, values))
    context["interactive"] = map_html(shared_map(inputs, region, lead))
    ordered = cells.sort_values(["stars", "lq"], ascending=False)
    ordered = ordered.assign(number=np.arange(1, len(ordered) + 1))
    context["portfolio"] = Markup(portfolio_svg(ordered, text, lang))
    mark = {True: "★", False: ""}
    context["stars"] = [
        {
            "number": str(c.number),
            "category": names.get(c.cluster, c.cluster),
            "employment": _num(inputs, c.employment),
            "share": _num(inputs, c.share_of_region * 100, 1),
            "lq": _num(inputs, c.lq, 2),
            "stars": _stars(c.stars, text),
            "size": mark[bool(c.size_star)],
            "spec": mark[bool(c.specialisation_star)],
            "focus": mark[bool(c.focus_star)],
            "reliable": text["yes"] if c.reliable is True or c.reliable == 1 else text["no"],
        }
        for c in ordered.itertuples()
    ]
    context.update(_links(inputs, region))
    context.update(_priorities(inputs, region))
    return context


def _links(inputs: Inputs, region: str) -> dict:
    text, names, region_names = inputs.text, inputs.cluster_names, inputs.region_names
    links = inputs.links
    mine = links[(links["region_a"] == region) | (links["region_b"] == region)]
    border = [
        {
            "neighbour": region_names.get(b if a == region else a, b if a == region else a),
            "category": names.get(c, c),
            "weight": _num(inputs, w),
        }
        for a, b, c, w in mine[["region_a", "region_b", "cluster", "weight"]].to_numpy()
    ]
    zones = inputs.evidence.zones
    in_zones = zones[zones["zone"].isin(zones.loc[zones["region"] == region, "zone"])]
    summary = zone_summary(in_zones, inputs.evidence.table, region_names)
    zone_rows = [
        {
            "zone": str(z.zone),
            "category": names.get(z.cluster, z.cluster),
            "members": z.members,
            "employment": _num(inputs, z.employment),
        }
        for z in summary.itertuples()
    ]
    partners = inputs.partners[inputs.partners["region"] == region]

    def listed(value: str) -> str:
        shown = [names.get(c, c) for c in value.split("; ") if c]
        more = text["more"].format(count=len(shown) - LISTED) if len(shown) > LISTED else ""
        return "; ".join(shown[:LISTED]) + more or "—"

    partner_rows = [
        {
            "partner": region_names.get(p.partner, p.partner),
            "similarity": number(p.similarity, 3, inputs.language),
            "shared": listed(p.shared),
            "complementary": listed(p.complementary),
        }
        for p in partners.itertuples()
    ]
    return {
        "border": border,
        "zones": zone_rows,
        "partners": partner_rows,
        "link_lq": number(LINK_LQ, 2, inputs.language),
    }


def _priorities(inputs: Inputs, region: str) -> dict:
    text, lang, names, region_names = (
        inputs.text,
        inputs.language,
        inputs.cluster_names,
        inputs.region_names,
    )
    junctions = inputs.evidence.junctions
    mine = junctions[junctions["region"] == region].head(8)
    junction_rows = [
        {"score": number(j.score, 2, lang), "explanation": j.explanation} for j in mine.itertuples()
    ]
    audited = inputs.audit
    audit_rows = []
    if audited is not None:
        for a in audited[audited["region"] == region].itertuples():
            audit_rows.append(
                {
                    "priority": a.priority,
                    "category": names.get(a.cluster, a.cluster),
                    "lq": number(a.lq, 2, lang),
                    "stars": _stars(a.stars, text),
                    "growth": percent(a.growth, lang),
                    "stage": STAGE_NAMES[lang].get(a.stage, "—")
                    if isinstance(a.stage, str)
                    else "—",
                    "density": number(a.density, 2, lang),
                    "complexity": number(a.complexity, 2, lang),
                    "verdict": VERDICT_NAMES[lang][a.verdict],
                    "verdict_key": a.verdict.split()[0],
                    "reason": a.reason,
                }
            )
    declared = inputs.declared
    missing = missing_priorities(
        declared[declared["region"] == region],
        inputs.evidence,
        regions=[region],
        language=lang,
        cluster_names=names,
    )
    missing_rows = [
        {
            "category": names.get(m.cluster, m.cluster),
            "kind": text[m.kind],
            "score": number(m.score, 2, lang),
            "reason": m.reason,
        }
        for m in missing.itertuples()
    ]
    shared = inputs.shared[inputs.shared["region"] == region]
    shared_rows = []
    for cluster, group in shared.groupby("cluster", sort=False):

        def who(rows: pd.DataFrame) -> str:
            return ", ".join(sorted(region_names.get(p, p) for p in rows["partner"])) or "—"

        shared_rows.append(
            {
                "category": names.get(cluster, cluster),
                "basis": text[group["basis"].iloc[0]],
                "bordering": who(group[group["borders"]]),
                "others": who(group[~group["borders"]]),
            }
        )
    return {
        "junction_rows": junction_rows,
        "audited": audited is not None and bool(audit_rows),
        "audit_rows": audit_rows,
        "missing_rows": missing_rows,
        "shared_rows": shared_rows,
    }


def environment() -> Environment:
    """The Jinja2 environment of the dossier templates (autoescaped)."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def dossier_html(inputs: Inputs, region: str) -> str:
    """One region's dossier as a self-contained HTML page."""
    if region not in set(inputs.regions["region"]):
        raise ValueError(f"no region {region!r} in the boundaries")
    return environment().get_template("dossier.html.j2").render(**region_context(inputs, region))


def dossier_index(inputs: Inputs, entries: list[tuple[str, str]]) -> str:
    """An index page linking each dossier: `entries` are (region name, file name)."""
    return (
        environment()
        .get_template("dossier_index.html.j2")
        .render(
            lang=inputs.language,
            t=inputs.text,
            title=inputs.data.meta.get(f"title_{inputs.language}")
            or inputs.data.meta.get("title", ""),
            made=long_date(inputs.made_on, inputs.language),
            entries=entries,
        )
    )


def write_dossiers(inputs: Inputs, regions: list[str], out: Path) -> list[Path]:
    """Write each region's dossier into `out` (file names from region ids and names) and an
    index.html listing them by name (type words such as "г." or "Oblast" aside)."""
    out.mkdir(parents=True, exist_ok=True)
    names, taken = inputs.region_names, set()
    written, entries = [], []
    for region in sorted(regions, key=lambda r: normalise_name(names.get(r, r), keep_type=False)):
        stem = file_stem(f"{region} {names.get(region, '')}", taken)
        path = out / f"{stem}.html"
        path.write_text(dossier_html(inputs, region), encoding="utf-8")
        written.append(path)
        entries.append((names.get(region, region), path.name))
    (out / "index.html").write_text(dossier_index(inputs, entries), encoding="utf-8")
    return written
