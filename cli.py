"""Cluster Atlas from the command line: the same pipeline as the app, for batch work.

    python cli.py demo-map --out DIR           the demo's cluster map as a self-contained HTML
    python cli.py metrics ...                  concentration tables (see README)
    python cli.py maps --out DIR ...           one HTML + PNG map per category, and index.html
    python cli.py priorities --out DIR ...     relatedness, complexity, junction candidates (CSV)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from econ.errors import InputError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from econ.dataset import Dataset


def demo_map(args: argparse.Namespace) -> None:
    """Write the bundled demo's LQ map for one category as an offline HTML file."""
    from econ.concentration import cluster_employment, cluster_reference, location_quotients
    from econ.dataset import demo_dataset
    from geo.boundaries import demo_regions
    from geo.web import for_web
    from layers.cluster_map import ENGLISH, cluster_map
    from layers.export import write_html

    data = demo_dataset()
    table = location_quotients(
        cluster_employment(data.employment, data.clusters),
        unit="cluster",
        reference=cluster_reference(data.reference, data.clusters),
        region_totals=data.region_totals,
        reference_total=data.reference_total,
    )
    category = args.cluster or table["cluster"].iloc[0]
    if category not in set(table["cluster"]):
        raise InputError(f"no cluster category named {category!r} in the demo data")
    text = {**ENGLISH, "title": category, "subtitle": data.meta["source"]}
    m = cluster_map(for_web(demo_regions()), table[table["cluster"] == category], text=text)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(write_html(m, out / "demo_map.html"))


MAP_METRICS = {"lq": "lq", "stars": "stars", "employment": "employment", "share": "share_of_region"}
MAP_METHODS = {
    "lq": "location quotient against {reference}",
    "stars": "cluster stars (size, specialisation, focus; European Cluster Observatory)",
    "employment": "employment",
    "share_of_region": "share of regional employment, %",
}


def keyed_numbers(path: str, key: str) -> pd.DataFrame:
    """A two-column table `<key>, employment` (named so, or the first two columns) from a file."""
    import pandas as pd

    from econ.tables import parse_numbers, read_table

    raw = read_table(path)
    columns = list(raw.frame.columns)
    if len(columns) < 2:
        raise InputError(f"the table needs two columns: {key}, employment", file=raw.file)
    first = key if key in columns else columns[0]
    value = "employment" if "employment" in columns else columns[1]
    parsed = parse_numbers(raw.frame[value])
    bad = parsed.problems.notna().to_numpy()
    if bad.any():
        row = int(raw.file_row(bad.nonzero()[0][:1])[0])
        raise InputError(f"{parsed.problems[bad].iloc[0]}; correct the cell",
                         file=raw.file, row=row, column=value)
    return pd.DataFrame({key: raw.frame[first].str.strip(), "employment": parsed.values})


def map_inputs(args: argparse.Namespace) -> tuple[gpd.GeoDataFrame, Dataset]:
    """The regions and Dataset that `maps` draws: the demo, or the user's files."""
    import pandas as pd

    from econ.dataset import Dataset, demo_dataset
    from econ.tables import read_clusters, read_employment
    from geo.boundaries import demo_regions
    from geo.readers import read_boundaries

    if args.demo:
        return demo_regions(), demo_dataset()
    needed = [flag for flag, value in (("--boundaries", args.boundaries),
                                       ("--id-column", args.id_column),
                                       ("--employment", args.employment)) if not value]
    if needed:
        raise InputError(f"{', '.join(needed)} needed (or --demo to map the bundled data)")
    regions, _ = read_boundaries(args.boundaries, id_column=args.id_column,
                                 name_column=args.name_column)
    employment, _ = read_employment(args.employment, bad_values="missing")
    label = Path(args.employment).name
    if "year" in employment:
        year = args.year or employment["year"].max()
        employment = employment[employment["year"] == year].drop(columns="year")
        if employment.empty:
            raise InputError(f"no rows for year {year}", file=label, column="year")
    common = set(employment["region"]) & set(regions["region"])
    if not common:
        raise InputError(
            f"no region code matches the boundaries' {args.id_column!r} column (table: "
            f"{employment['region'].iloc[0]!r}, boundaries: {regions['region'].iloc[0]!r}); "
            "choose the id column holding the same codes",
            file=label, column="region",
        )
    if args.clusters:
        activities = read_clusters(args.clusters)
    else:
        codes = employment["activity"].drop_duplicates()
        activities = pd.DataFrame({"activity": codes, "cluster": codes})
    totals = (keyed_numbers(args.totals, "region").set_index("region")["employment"]
              if args.totals else None)
    reference = keyed_numbers(args.reference, "activity") if args.reference else None
    meta = {"source": label, "year": args.year or "", "reference_name": "all regions"}
    if reference is not None:
        meta["reference_name"] = Path(args.reference).name
    return regions, Dataset(employment=employment, activities=activities, region_totals=totals,
                            reference=reference, reference_total=args.reference_total, meta=meta)


def maps(args: argparse.Namespace) -> None:
    """One offline HTML map and one print PNG per cluster category, and an index.html."""
    from econ.stars import region_cluster
    from geo.web import for_web
    from layers.choropleth import format_number
    from layers.cluster_map import DIGITS, ENGLISH, cluster_map, top_categories
    from layers.export import write_html
    from layers.report import ReportEntry, file_stem, index_html
    from layers.static import map_classes, static_map

    metric = MAP_METRICS[args.metric]
    breaks = tuple(args.breaks) if args.breaks else None
    if args.scheme == "user_defined" and not breaks:
        raise InputError("--scheme user_defined needs --breaks, e.g. --breaks 0.8 1.25 2")
    regions, data = map_inputs(args)
    regions = for_web(regions)
    table = region_cluster(data.employment, data.clusters, reference=data.reference,
                           region_totals=data.region_totals,
                           reference_total=data.reference_total)
    names = data.cluster_names("en")
    top = top_categories(table, names).reset_index()
    meta = data.meta
    method = MAP_METHODS[metric].format(reference=meta.get("reference_name", "all regions"))
    source, year = str(meta.get("source", "")), str(meta.get("year") or "")
    subtitle = " · ".join(p for p in (source, "" if year in source else year, method) if p)
    attribution = meta.get("boundaries", Path(args.boundaries or "").name)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    star_labels = [ENGLISH["no_stars"], "★", "★★", "★★★"] if metric == "stars" else None
    taken: set[str] = set()
    entries = []
    for category in sorted(table["cluster"].unique(), key=lambda c: names.get(c, c)):
        name = names.get(category, category)
        values = table[table["cluster"] == category].merge(top, on="region", how="left")
        stem = file_stem(name, taken)
        text = {**ENGLISH, "title": name, "subtitle": subtitle}
        m = cluster_map(regions, values, metric=metric, scheme=args.scheme, k=args.k,
                        breaks=breaks, text=text, attribution=attribution)
        write_html(m, out / f"{stem}.html")
        classes = map_classes(regions, values, metric=metric, scheme=args.scheme, k=args.k,
                              breaks=breaks)
        png = static_map(
            regions, values, metric=metric, classes=classes, title=name, subtitle=subtitle,
            legend_title=ENGLISH[metric], missing=ENGLISH["missing"],
            unreliable=ENGLISH["unreliable"], class_labels=star_labels, attribution=attribution,
            format_value=lambda v: format_number(v, digits=DIGITS[metric]),
        )
        (out / f"{stem}.png").write_bytes(png)
        entries.append(ReportEntry(name, f"{stem}.html", f"{stem}.png"))
    title = meta.get("title") or f"Cluster maps: {meta.get('source', '')}"
    (out / "index.html").write_text(index_html(entries, title=title, subtitle=subtitle),
                                    encoding="utf-8")
    print(f"{len(entries)} maps (HTML + PNG) and index.html in {out}")


def priority_tables(args: argparse.Namespace) -> None:
    """Relatedness, density, complexity and junction candidates as CSV files, plus method.txt."""
    import pandas as pd

    from econ.classifications import assign_clusters
    from econ.dataset import Dataset, demo_dataset
    from econ.priorities import priorities
    from econ.relatedness import matrix_table, pair_table, user_matrix
    from econ.tables import read_clusters, read_employment, read_table

    if args.demo:
        data = demo_dataset()
    elif not args.employment:
        raise InputError("--employment needed (or --demo to analyse the bundled data)")
    else:
        employment, _ = read_employment(args.employment, bad_values="missing")
        activities = (read_clusters(args.clusters) if args.clusters
                      else assign_clusters(employment).activities())
        totals = (keyed_numbers(args.totals, "region").set_index("region")["employment"]
                  if args.totals else None)
        reference = keyed_numbers(args.reference, "activity") if args.reference else None
        data = Dataset(employment=employment, activities=activities, region_totals=totals,
                       reference=reference, reference_total=args.reference_total,
                       meta={"source": Path(args.employment).name})
    user = None
    if args.measure == "matrix":
        if not args.relatedness:
            raise InputError("--measure matrix needs --relatedness FILE "
                             "(activity_a, activity_b, relatedness)")
        raw = read_table(args.relatedness)
        units = pd.Index(sorted(data.employment["activity"].unique()))
        user = user_matrix(raw.frame, units, file=raw.file)
    result = priorities(data, measure=args.measure, rca_threshold=args.rca_threshold,
                        min_relatedness=args.min_relatedness, user_relatedness=user,
                        min_stars=args.min_stars, near_lq=args.near_lq)
    junctions = result.junctions
    if args.region:
        unknown = sorted(set(args.region) - set(result.presence.index))
        if unknown:
            raise InputError(f"no region {unknown[0]!r} in the employment data; use its code")
        junctions = junctions[junctions["region"].isin(args.region)]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "proximity.csv": pair_table(result.relatedness, value="proximity"),
        "density.csv": matrix_table(result.density, unit="activity", value="density"),
        "complexity_regions.csv": result.regions,
        "complexity_activities.csv": result.activities,
        "junctions.csv": junctions[["region", "cluster_a", "cluster_b", "relatedness", "score",
                                    "explanation"]],
    }
    for name, table in tables.items():
        table.to_csv(out / name, index=False, float_format="%.6g")
    method = (f"{result.note}\n"
              f"proximity.csv and junctions.csv 'relatedness' hold this measure ({result.measure});"
              f" pairs with relatedness >= {args.min_relatedness} are junction candidates.\n")
    (out / "method.txt").write_text(method, encoding="utf-8")
    print(f"{len(junctions)} junction candidates; {result.note}")
    print(out)


def parser() -> argparse.ArgumentParser:
    """All subcommands; each one's options are documented in the README."""
    top = argparse.ArgumentParser(prog="cli.py", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True)

    p = commands.add_parser("demo-map", help="the demo's cluster map as offline HTML")
    p.add_argument("--cluster", help="cluster category (default: the first)")
    p.add_argument("--out", required=True, help="output folder")
    p.set_defaults(run=demo_map)

    p = commands.add_parser("maps", help="one HTML + PNG map per category, and index.html")
    p.add_argument("--demo", action="store_true", help="map the bundled US demo data")
    p.add_argument("--boundaries", help="region boundaries (zipped shapefile, GeoJSON, ...)")
    p.add_argument("--id-column", help="the boundaries' region id column")
    p.add_argument("--name-column", help="the boundaries' region name column")
    p.add_argument("--employment", help="employment table (CSV or XLSX)")
    p.add_argument("--year", type=int, help="year to map (default: the latest)")
    p.add_argument("--clusters", help="activity, cluster table (default: map each activity)")
    p.add_argument("--totals", help="region, employment: whole-economy totals")
    p.add_argument("--reference", help="activity, employment: the reference economy")
    p.add_argument("--reference-total", type=float, help="the reference's total employment")
    p.add_argument("--metric", choices=list(MAP_METRICS), default="lq")
    p.add_argument("--scheme", default="lq_diverging",
                   choices=["lq_diverging", "quantiles", "natural_breaks", "equal_interval",
                            "user_defined"], help="classification (default: LQ around 1)")
    p.add_argument("--k", type=int, default=5, help="number of classes (default 5)")
    p.add_argument("--breaks", type=float, nargs="+", help="class breaks for user_defined")
    p.add_argument("--out", required=True, help="output folder")
    p.set_defaults(run=maps)

    p = commands.add_parser("priorities", help="relatedness, complexity, junction candidates")
    p.add_argument("--demo", action="store_true", help="analyse the bundled US demo data")
    p.add_argument("--employment", help="employment table (CSV or XLSX)")
    p.add_argument("--clusters", help="activity, cluster table (default: shipped classification)")
    p.add_argument("--totals", help="region, employment: whole-economy totals")
    p.add_argument("--reference", help="activity, employment: the reference economy")
    p.add_argument("--reference-total", type=float, help="the reference's total employment")
    p.add_argument("--measure", choices=["proximity", "correlation", "matrix"],
                   default="proximity", help="relatedness measure (default: proximity φ)")
    p.add_argument("--relatedness", help="activity_a, activity_b, relatedness (--measure matrix)")
    p.add_argument("--rca-threshold", type=float, default=1.0, help="presence: LQ >= this")
    p.add_argument("--min-relatedness", type=float, default=0.5,
                   help="junction: categories related at least this much (default 0.5)")
    p.add_argument("--min-stars", type=int, default=1, help="strong category: stars (default 1)")
    p.add_argument("--near-lq", type=float, default=0.8, help="close to strong: LQ >= this")
    p.add_argument("--region", nargs="+", help="write junctions of these regions only")
    p.add_argument("--out", required=True, help="output folder")
    p.set_defaults(run=priority_tables)

    # subcommands: each helper adds its parser block above this line
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; bad input ends with one message and exit code 2, never a traceback."""
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
