"""Cluster Atlas from the command line: the same pipeline as the app, for batch work.

python cli.py demo-map --out DIR           the demo's cluster map as a self-contained HTML
python cli.py metrics ...                  concentration tables (see README)
python cli.py maps --out DIR ...           one HTML + PNG map per category, and index.html
python cli.py priorities --out DIR ...     relatedness, complexity, junction candidates (CSV)
python cli.py links --out DIR ...          cross-border links, zones, hot spots, partners (CSV)
python cli.py firms --out DIR ...          employment by region × activity from firm records
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from econ.errors import InputError
from econ.scratch import exit_on_terminate, remove_stale
from i18n import catalog, formats
from layers.tables import write_csv

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from econ.concentration import Quotients
    from econ.dataset import Dataset
    from intake.pipeline import Intake

    Help = Callable[..., str]  # an option's help text by key (catalogue section `cli.help`)


def say(args: argparse.Namespace, key: str, **fields: object) -> str:
    """The CLI's message `key` (catalogue section `cli`) in the command's `--lang`; numbers
    among `fields` as that language writes them."""
    shown = {
        k: formats.number(v, args.lang) if isinstance(v, int) and not isinstance(v, bool) else v
        for k, v in fields.items()
    }
    return catalog.text(args.lang, f"cli.{key}", **shown)


def terminal_table(args: argparse.Namespace, frame: pd.DataFrame) -> str:
    """A report table as the command prints it: as it is in English; in another `--lang` as
    the app shows it (`layers.tables.for_people`: headers, rules and problems worded, plus
    the summaries' `item` cells and matching statuses; numbers in the language's form)."""
    from i18n.phrases import translated
    from layers.tables import for_people

    if args.lang == catalog.DEFAULT:
        return frame.to_string(index=False)
    shown = formats.formatted(translated(frame, args.lang, ("item",)), args.lang)
    if "status" in shown:
        statuses = catalog.section(args.lang, "status")
        shown = shown.assign(status=shown["status"].map(statuses).fillna(shown["status"]))
    return for_people(shown, args.lang).to_string(index=False)


def csv_out(args: argparse.Namespace, frame: pd.DataFrame, path: Path, **options) -> None:
    """A table the command writes: the documented columns in UTF-8, or with `--excel ru` the
    form Russian Excel opens (`;`, decimal commas, UTF-8 BOM, Russian headers)."""
    write_csv(frame, path, excel=getattr(args, "excel", None), **options)


def demo_map(args: argparse.Namespace) -> None:
    """Write the bundled demo's LQ map for one category as an offline HTML file."""
    from econ.concentration import cluster_employment, cluster_reference, location_quotients
    from econ.dataset import demo_dataset
    from geo.boundaries import demo_regions
    from geo.web import for_web
    from layers.cluster_map import cluster_map, map_text
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
        raise InputError("error.cli.no_category", params={"category": repr(category)})
    text = {**map_text(args.lang), "title": category, "subtitle": data.meta["source"]}
    m = cluster_map(
        for_web(demo_regions()), table[table["cluster"] == category], text=text, language=args.lang
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(write_html(m, out / "demo_map.html"))


MAP_METRICS = {
    "lq": "lq",
    "stars": "stars",
    "employment": "employment",
    "share": "share_of_region",
    "job_creation": "job_creation",
    "growth": "growth",
    "lq_change": "lq_change",
    "stage": "stage",
    "wage": "wage",
    "relative_wage": "relative_wage",
}
CHANGE_MAPS = ("job_creation", "growth", "lq_change", "stage")  # need two years
WAGE_MAPS = ("wage", "relative_wage")  # need a wage or payroll column


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def intake(args: argparse.Namespace, *, each_activity_a_cluster: bool = False) -> Intake:
    """The user's files as one matched dataset, through the pipeline the Data page uses; what
    it decided (units, marks, matching, activities left out) is printed."""
    from intake.pipeline import Options, Sources, matched_dataset

    if not args.employment:
        raise InputError("error.cli.needed_or_demo", params={"options": "--employment"})
    result = matched_dataset(
        Sources(
            employment=Path(args.employment),
            boundaries=_path(getattr(args, "boundaries", None)),
            clusters=_path(args.clusters),
            mapping=_path(getattr(args, "mapping", None)),
            totals=_path(args.totals),
            reference=_path(args.reference),
        ),
        Options(
            layer=getattr(args, "layer", None),
            id_column=getattr(args, "id_column", None),
            name_column=getattr(args, "name_column", None),
            sheet=args.sheet,
            region=args.region_column,
            label=args.label_column,
            units=args.units,
            marks=args.marks,
            bad_values="missing" if args.bad_as_missing else "error",
            accept_suggestions=args.accept_suggestions,
            each_activity_a_cluster=each_activity_a_cluster and not args.clusters,
            reference_total=args.reference_total,
        ),
    )
    for line in result.summary(args.lang):
        print(line)
    return result


def chosen_dataset(args: argparse.Namespace) -> Dataset:
    """The bundled demo (`--demo`) or the user's files as a matched Dataset."""
    from econ.dataset import demo_dataset

    return demo_dataset() if args.demo else intake(args).data


def map_inputs(args: argparse.Namespace) -> tuple[gpd.GeoDataFrame, Dataset]:
    """The regions and Dataset (every year) that `maps` and `links` draw: the demo or the
    user's files."""
    from econ.dataset import demo_dataset
    from geo.boundaries import demo_regions

    if args.demo:
        return demo_regions(), demo_dataset()
    needed = [
        flag
        for flag, value in (("--boundaries", args.boundaries), ("--employment", args.employment))
        if not value
    ]
    if needed:
        raise InputError("error.cli.needed_or_demo", params={"options": ", ".join(needed)})
    result = intake(args, each_activity_a_cluster=True)
    return result.regions, result.data


def one_year(data: Dataset, year: int | None) -> Dataset:
    """`data` in `year` (default the latest) when the table has years, else as it is."""
    if not data.years:
        return data
    year = year or data.years[-1]
    if year not in data.years:
        raise InputError(
            "error.cli.no_year", params={"year": str(year)}, file=data.meta["source"], column="year"
        )
    return data.in_year(year)


def map_values(args: argparse.Namespace, full: Dataset, data: Dataset) -> pd.DataFrame:
    """Every region × cluster of `data` with the columns the chosen `--metric` needs: change,
    stage and dynamism over `--base-year`…`--year` of `full`, or wages."""
    from econ.stages import staged_change
    from econ.stars import region_cluster
    from econ.wages import cluster_wages

    table = region_cluster(
        data.employment,
        data.clusters,
        reference=data.reference,
        region_totals=data.region_totals,
        reference_total=data.reference_total,
    )
    if args.metric in CHANGE_MAPS:
        if len(full.years) < 2:
            raise InputError(
                "error.cli.metric_years",
                params={"metric": args.metric},
                file=full.meta.get("source"),
                column="year",
            )
        change = staged_change(full, args.base_year, data.meta["year"])
        columns = ["region", "cluster", "job_creation", "growth", "lq_change", "stage"]
        table = table.merge(change[columns], on=["region", "cluster"], how="left")
    if args.metric in WAGE_MAPS:
        if data.wages is None:
            raise InputError(
                "error.cli.metric_wages",
                params={"metric": args.metric},
                file=full.meta.get("source"),
            )
        wages = cluster_wages(data.employment, data.wages, data.clusters)
        columns = ["region", "cluster", "wage", "relative_wage"]
        table = table.merge(wages[columns], on=["region", "cluster"], how="left")
    return table


def maps(args: argparse.Namespace) -> None:
    """One offline HTML map and one print PNG per cluster category, and an index.html."""
    from geo.web import for_web
    from layers.choropleth import format_number
    from layers.cluster_map import (
        DIGITS,
        class_labels,
        cluster_map,
        map_text,
        metric_classes,
        top_categories,
    )
    from layers.export import write_html
    from layers.report import ReportEntry, file_stem, index_html
    from layers.static import static_map

    metric = MAP_METRICS[args.metric]
    breaks = tuple(args.breaks) if args.breaks else None
    if args.scheme == "user_defined" and not breaks:
        raise InputError("error.cli.breaks")
    regions, full = map_inputs(args)
    regions = for_web(regions)
    data = one_year(full, args.year)
    table = map_values(args, full, data)
    names = data.cluster_names(args.lang)
    top = top_categories(table, names).reset_index()
    meta = data.meta
    method = say(  # the maps' subtitle: what they show (catalogue section `cli.map_method`)
        args,
        f"map_method.{metric}",
        reference=meta.get("reference_name", say(args, "all_regions")),
        base=str(args.base_year or (full.years or [""])[0]),
        year=str(meta.get("year")),
    )
    source = str(meta.get("source", ""))
    year = "" if metric in CHANGE_MAPS else str(meta.get("year") or "")
    subtitle = " · ".join(p for p in (source, "" if year in source else year, method) if p)
    attribution = meta.get("boundaries", Path(args.boundaries or "").name)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    legend = map_text(args.lang)
    taken: set[str] = set()
    entries = []
    for category in sorted(table["cluster"].unique(), key=lambda c: names.get(c, c)):
        name = names.get(category, category)
        values = table[table["cluster"] == category].merge(top, on="region", how="left")
        stem = file_stem(name, taken)
        text = {**legend, "title": name, "subtitle": subtitle}
        m = cluster_map(
            regions,
            values,
            metric=metric,
            scheme=args.scheme,
            k=args.k,
            breaks=breaks,
            text=text,
            language=args.lang,
            attribution=attribution,
        )
        write_html(m, out / f"{stem}.html")
        classes = metric_classes(
            regions, values, metric=metric, scheme=args.scheme, k=args.k, breaks=breaks
        )
        png = static_map(
            regions,
            values,
            metric=metric,
            classes=classes,
            title=name,
            subtitle=subtitle,
            legend_title=legend[metric],
            missing=legend["missing"],
            unreliable=legend["unreliable"],
            class_labels=class_labels(metric, legend),
            attribution=attribution,
            format_value=lambda v: format_number(v, digits=DIGITS[metric], language=args.lang),
            language=args.lang,
        )
        (out / f"{stem}.png").write_bytes(png)
        entries.append(ReportEntry(name, f"{stem}.html", f"{stem}.png"))
    title = meta.get("title") or say(args, "maps_title", source=meta.get("source", ""))
    (out / "index.html").write_text(
        index_html(entries, title=title, subtitle=subtitle), encoding="utf-8"
    )
    print(say(args, "maps_written", maps=len(entries), out=out))


def priority_tables(args: argparse.Namespace) -> None:
    """Relatedness, density, complexity and junction candidates as CSV files, plus method.txt."""
    import pandas as pd

    from econ.priorities import priorities
    from econ.relatedness import matrix_table, pair_table, user_matrix
    from econ.tables import read_table

    data = chosen_dataset(args)
    user = None
    if args.measure == "matrix":
        if not args.relatedness:
            raise InputError("error.cli.matrix_relatedness")
        raw = read_table(args.relatedness)
        units = pd.Index(sorted(data.employment["activity"].unique()))
        user = user_matrix(raw.frame, units, file=raw.file)
    result = priorities(
        data,
        measure=args.measure,
        rca_threshold=args.rca_threshold,
        min_relatedness=args.min_relatedness,
        user_relatedness=user,
        min_stars=args.min_stars,
        near_lq=args.near_lq,
    )
    junctions = result.junctions
    if args.region:
        unknown = sorted(set(args.region) - set(result.presence.index))
        if unknown:
            raise InputError("error.cli.no_region_data", params={"region": repr(unknown[0])})
        junctions = junctions[junctions["region"].isin(args.region)]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "proximity.csv": pair_table(result.relatedness, value="proximity"),
        "density.csv": matrix_table(result.density, unit="activity", value="density"),
        "complexity_regions.csv": result.regions,
        "complexity_activities.csv": result.activities,
        "junctions.csv": junctions[
            ["region", "cluster_a", "cluster_b", "relatedness", "score", "explanation"]
        ],
    }
    for name, table in tables.items():
        csv_out(args, table, out / name, float_format="%.6g")
    measure = say(
        args,
        "priorities_method",
        measure=result.measure,
        threshold=formats.number(args.min_relatedness, args.lang, 2),
    )
    note = result.note.localised(args.lang)
    method = f"{note}\n{measure}\n"
    (out / "method.txt").write_text(method, encoding="utf-8")
    print(say(args, "junctions_written", junctions=len(junctions), note=note))
    print(out)


def links(args: argparse.Namespace) -> None:
    """Cross-border links, zones, hot spots and partner regions as CSV files."""
    from econ.links import border_links, cluster_zones, partner_regions, validate_flows
    from econ.stars import region_cluster
    from econ.tables import read_table
    from geo.adjacency import neighbour_pairs
    from geo.hotspots import SEED, global_moran, local_moran

    args.demo = not (args.boundaries or args.employment)
    regions, data = map_inputs(args)
    data = one_year(data, args.year)
    table = region_cluster(
        data.employment,
        data.clusters,
        reference=data.reference,
        region_totals=data.region_totals,
        reference_total=data.reference_total,
    )
    adjacency = neighbour_pairs(
        regions,
        contiguity=args.contiguity,
        fallback=args.fallback,
        k=args.k_nearest,
        band_km=args.band_km,
    )
    weights = adjacency.graph()
    joined = border_links(table, adjacency.pairs, min_lq=args.min_lq, min_stars=args.min_stars)
    tables = {
        "border_links.csv": joined,
        "zones.csv": cluster_zones(joined),
        "hotspots.csv": local_moran(
            table,
            weights,
            alpha=args.alpha,
            permutations=args.permutations,
            seed=SEED if args.seed is None else args.seed,
        ),
        "moran.csv": global_moran(table, weights),
        "partners.csv": partner_regions(
            table,
            k=args.partners,
            method=args.similarity,
            min_lq=args.min_lq,
            min_stars=args.min_stars,
        ),
        "neighbours.csv": adjacency.pairs,
    }
    if args.flows:
        raw = read_table(args.flows)
        tables["flows.csv"] = validate_flows(
            raw.frame, regions["region"], file=raw.file, first_row=raw.header_row + 1
        )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        csv_out(args, frame, out / name, float_format="%.6g")
    zones = tables["zones.csv"]["zone"].nunique()
    print(
        say(
            args,
            "links_written",
            links=len(joined),
            zones=zones,
            pairs=len(adjacency.pairs),
            contiguity=args.contiguity,
        )
    )
    if adjacency.islands:
        print(say(args, "islands", fallback=args.fallback, islands=", ".join(adjacency.islands)))
    print(out)


def check(args: argparse.Namespace) -> None:
    """Read boundaries and an employment table as the Data page does; print and write the
    matching and quality reports."""
    result = intake(args)
    boundaries = result.boundaries
    print(
        say(
            args,
            "boundaries_read",
            file=boundaries.file,
            regions=boundaries.regions,
            features=boundaries.features,
            id=repr(boundaries.id_column),
            name=repr(boundaries.name_column),
        )
    )
    print(terminal_table(args, result.table.summary()))
    statuses = result.matching["status"].value_counts()
    if args.lang == catalog.DEFAULT:
        print(statuses.to_string())
    else:
        print(terminal_table(args, statuses.rename_axis("status").reset_index()))
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        csv_out(args, result.matching, out / "region_matching.csv")
        csv_out(args, result.quality, out / "quality_report.csv")
        print(say(args, "reports_written", out=out))
    elif len(result.quality):
        print(terminal_table(args, result.quality.head(20)))


def firms(args: argparse.Namespace) -> None:
    """Employment by region × activity from firm records with coordinates, plus their report."""
    from geo.readers import read_boundaries

    regions, _ = read_boundaries(
        args.boundaries, layer=args.layer, id_column=args.id_column, name_column=args.name_column
    )
    columns = {
        "activity": args.activity_column,
        "employees": args.employees_column,
        "lat": None if args.wkt_column else args.lat_column,
        "lon": None if args.wkt_column else args.lon_column,
        "wkt": args.wkt_column,
    }
    if args.engine == "dask":
        from geo.firms_dask import dask_firms

        employment, report = dask_firms(
            args.firms, regions, scheduler=args.scheduler, where=args.where, **columns
        )
    else:
        from geo.firm_scan import scan_firms

        employment, report = scan_firms(
            args.firms, regions, where=args.where, locator=args.spatial_index, **columns
        )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    counts = employment["employment"]
    if (counts.dropna() % 1 == 0).all():
        employment = employment.assign(employment=counts.astype("Int64"))
    csv_out(args, employment, out / "employment.csv")
    csv_out(args, report.summary(), out / "firm_report.csv")
    csv_out(args, report.problems, out / "firm_problems.csv")
    print(terminal_table(args, report.summary()))
    print(say(args, "firms_written", rows=len(employment), out=out / "employment.csv"))


def metrics(args: argparse.Namespace) -> None:
    """region_cluster.csv, region_activity.csv and region_indices.csv (UTF-8) for one table."""
    import pandas as pd

    from econ.concentration import quotients
    from econ.indices import REGION_INDEX_COLUMNS, region_indices
    from econ.stars import region_cluster, strong_clusters

    data = chosen_dataset(args)
    employment, clusters, reference = data.employment, data.clusters, data.reference
    options = {
        "reference": reference,
        "region_totals": data.region_totals,
        "reference_total": data.reference_total,
    }
    rules = {
        "floor": args.floor,
        "size_top": args.size_top,
        "focus_top": args.focus_top,
        "specialisation_lq": args.specialisation_lq,
        "star_unreliable": not args.withhold_unreliable,
    }
    by_cluster = region_cluster(employment, clusters, **options, **rules)
    if args.strong:
        by_cluster["strong"] = strong_clusters(by_cluster)
    indices = region_indices(employment, clusters, reference=reference)
    years = ["year"] if "year" in employment.columns else []
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "region_cluster.csv": by_cluster,
        "region_activity.csv": activity_lq_blocks(employment, quotients(employment, **options)),
        "region_indices.csv": indices[["region", *years, *REGION_INDEX_COLUMNS[1:]]],
    }
    tables.update(dynamics_tables(data, args))
    for name, table in tables.items():
        parts = table_blocks(table) if isinstance(table, pd.DataFrame) else table
        if args.excel:  # one file in the spreadsheet's form: written whole
            parts = iter([pd.concat(parts, ignore_index=True)])
        for number, block in enumerate(parts):  # a panel's tables a block of rows at a time
            more = {"mode": "a", "header": False} if number else {}
            csv_out(args, block, out / name, float_format="%.8g", **more)
    starred = int((by_cluster["stars"] > 0).sum())
    print(
        say(
            args,
            "metrics_written",
            cells=len(by_cluster),
            starred=starred,
            activity_cells=len(employment),
            regions=len(indices),
        )
    )
    print(out)


ACTIVITY_BLOCK_ROWS = 1 << 20  # rows of a table formatted as CSV at a time


def table_blocks(table: pd.DataFrame) -> Iterator[pd.DataFrame]:
    """`table` a block of `ACTIVITY_BLOCK_ROWS` rows at a time (what writing copies stays a
    block's size), its employment as whole numbers when every known count is one."""
    import numpy as np

    counts = table.get("employment")
    whole = counts is not None and whole_counts(counts.to_numpy(dtype=float, na_value=np.nan))
    for start in range(0, max(len(table), 1), ACTIVITY_BLOCK_ROWS):
        yield as_counts(table.iloc[start : start + ACTIVITY_BLOCK_ROWS], whole)


def activity_lq_blocks(employment: pd.DataFrame, q: Quotients) -> Iterator[pd.DataFrame]:
    """region_activity.csv's rows (`region[, year], activity, employment, lq`) a block of rows
    at a time, so that a panel's table is never held whole beside its input. Employment is
    written as whole numbers when every known count in the table is one."""
    import pandas as pd

    from econ.concentration import blocks, keys_of

    values = q.coded.employment
    whole = whole_counts(values)
    keys = keys_of(employment, "activity")
    for rows in blocks(len(values), ACTIVITY_BLOCK_ROWS):
        block = {key: employment[key].array[rows] for key in keys}
        block["employment"] = values[rows]
        block["lq"] = q.lq_of(rows)
        yield as_counts(pd.DataFrame(block, copy=False), whole)


def whole_counts(values: np.ndarray) -> bool:
    """True when every known value is a whole number (looked at a block at a time)."""
    import numpy as np

    from econ.concentration import blocks

    return all(
        (np.nan_to_num(values[rows]) % 1 == 0).all() for rows in blocks(len(values), 1 << 22)
    )


def as_counts(block: pd.DataFrame, whole: bool) -> pd.DataFrame:
    """`block` with its employment as integers (`Int64`, `12` not `12.0`) when `whole`."""
    return block.assign(employment=block["employment"].astype("Int64")) if whole else block


def dynamics_tables(data: Dataset, args: argparse.Namespace) -> dict:
    """region_cluster_wages.csv when the table carries wages; region_cluster_change.csv for a
    table of two or more years (`--base-year`, `--year`, default the first and the latest),
    compared in groups of old and new codes after `--old-classification` (with
    classification_changes.csv)."""
    from econ.dynamics import dataset_change
    from econ.wages import cluster_wages, productivity_star

    tables = {}
    if data.wages is not None:
        wages = cluster_wages(data.employment, data.wages, data.clusters)
        wages["productivity_star"] = productivity_star(wages, top=args.productivity_top)
        tables["region_cluster_wages.csv"] = wages
    if args.old_classification or args.correspondence:
        data, report = harmonised_dataset(data, args)
        tables["classification_changes.csv"] = report
        print(say(args, "classification_changes", groups=len(report)))
    if len(data.years) >= 2:
        change = dataset_change(data, args.base_year, args.year)
        tables["region_cluster_change.csv"] = change
        first, last = change["base_year"].iloc[0], change["year"].iloc[0]
        print(say(args, "changes", changes=len(change), base=str(first), year=str(last)))
    elif args.base_year or args.year:
        raise InputError("error.cli.years_need_two")
    return tables


def harmonised_dataset(data: Dataset, args: argparse.Namespace) -> tuple:
    """The dataset in groups comparable across a classification change (`econ.correspondence`:
    a shipped `--old-classification` or the user's published `--correspondence` table), and
    the report of the groups that split or merged."""
    from econ.correspondence import comparable_dataset, correspondence, read_correspondence

    old_years = args.old_years
    flag = "--correspondence" if args.correspondence else "--old-classification"
    if args.correspondence and args.old_classification:
        raise InputError("error.cli.old_or_correspondence")
    if not old_years:
        raise InputError("error.cli.old_years", params={"flag": flag})
    if args.correspondence:
        links = read_correspondence(args.correspondence, digits=args.correspondence_digits)
    else:
        links = correspondence(args.old_classification)
    return comparable_dataset(data, links, old_years)


def define_clusters(args: argparse.Namespace) -> None:
    """Candidate cluster definitions from co-location: candidates.csv, clusters.csv (the best
    or `--candidate`), relatedness.csv, and how the choice differs from the current grouping."""
    import pandas as pd

    from econ.cluster_definitions import METHODS, WEIGHTS
    from econ.cluster_definitions import define_clusters as candidates_of
    from econ.relatedness import pair_table, user_matrix
    from econ.tables import read_table

    data = chosen_dataset(args)
    low, _, high = args.clusters_range.partition(":")
    if not (low.isdigit() and high.isdigit() and 1 < int(low) <= int(high)):
        raise InputError("error.cli.clusters_range", params={"given": repr(args.clusters_range)})
    weights = {}
    for item in args.weight or []:
        name, _, value = item.partition("=")
        if name not in WEIGHTS or not value.replace(".", "", 1).isdigit():
            raise InputError(
                "error.cli.weight",
                params={"given": repr(item), "names": ", ".join(WEIGHTS)},
            )
        weights[name] = float(value)
    user = None
    if args.relatedness:
        raw = read_table(args.relatedness)
        units = pd.Index(sorted(data.employment["activity"].unique()))
        user = user_matrix(raw.frame, units, file=raw.file)
        weights.setdefault("user", 1.0)
    methods = METHODS if args.method == "all" else (args.method,)
    result = candidates_of(
        data.employment,
        data.activities,
        ks=range(int(low), int(high) + 1),
        methods=methods,
        weights=weights,
        user=user,
    )
    chosen = args.candidate or result.candidates.best
    if chosen not in result.candidates.labels:
        raise InputError("error.cli.no_candidate", params={"candidate": repr(chosen)})
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    csv_out(args, result.candidates.table, out / "candidates.csv", float_format="%.6g")
    csv_out(args, result.table(chosen), out / "clusters.csv")
    pairs = pair_table(result.candidates.relatedness, value="relatedness")
    csv_out(args, pairs, out / "relatedness.csv", float_format="%.6g")
    ari, moves = result.comparison(chosen)
    print(say(args, "candidates_written", candidates=len(result.candidates.table), chosen=chosen))
    print(
        say(
            args,
            "candidate_comparison",
            ari=formats.number(ari, args.lang, 3),
            moved=len(moves),
            total=len(result.current),
        )
    )
    print(out)


def count(text: str) -> int:
    """A whole number of at least 1 (classes, neighbours, permutations, partners)."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def whole(text: str) -> int:
    """A whole number of at least 0 (stars)."""
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 0")
    return int(text)


def number(text: str) -> float:
    """A finite number (`nan` and `inf` are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def share(text: str) -> float:
    """A share above 0 and at most 1 (top shares of regions, significance)."""
    value = number(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share between 0 and 1")
    return value


def audit_inputs(args: argparse.Namespace) -> tuple[gpd.GeoDataFrame | None, Dataset]:
    """The demo's regions and data, or the user's boundaries (when given) and files, every
    year kept (growth and stage need two)."""
    from econ.dataset import demo_dataset
    from geo.boundaries import demo_regions

    if args.demo:
        return demo_regions(), demo_dataset()
    result = intake(args)
    return result.regions, result.data


def declared_list(args: argparse.Namespace, data: Dataset, regions: gpd.GeoDataFrame | None):
    """The declared priorities file resolved against `data`, its problems printed."""
    from econ.declared import declared_priorities

    declared = declared_priorities(
        args.priorities, data, regions, mapping=_path(args.priority_mapping)
    )
    for line in declared.summary(args.lang):
        print(line)
    return declared


def audit_tables(args: argparse.Namespace) -> None:
    """Declared priorities against the evidence (audit.csv), what the list lacks (missing.csv),
    regions sharing each priority (shared.csv) and the rows left out (declared_problems.csv)."""
    from econ.audit import (
        AUDIT_COLUMNS,
        RULES,
        audit,
        gather_evidence,
        missing_priorities,
        shared_priorities,
    )
    from geo.adjacency import neighbour_pairs

    regions, data = audit_inputs(args)
    declared = declared_list(args, data, regions)
    pairs = None if regions is None else neighbour_pairs(regions).pairs
    evidence = gather_evidence(
        data, pairs=pairs, min_stars=args.min_stars, near_lq=args.near_lq, language=args.lang
    )
    names = (
        data.meta.get("region_names", {})
        if regions is None
        else dict(zip(regions["region"], regions["name"].astype(str), strict=True))
    )
    rules = {name: getattr(args, name) for name in RULES}
    audited = audit(declared.table, evidence, language=args.lang, region_names=names, **rules)
    tables = {
        "audit.csv": audited[AUDIT_COLUMNS],
        "missing.csv": missing_priorities(
            declared.table,
            evidence,
            junctions=args.junctions,
            language=args.lang,
            cluster_names=data.cluster_names(args.lang),
        ),
        "shared.csv": shared_priorities(declared.table, evidence),
        "declared_problems.csv": declared.problems,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        csv_out(args, frame, out / name, float_format="%.6g")
    counts = audited["verdict"].value_counts()
    shown = ", ".join(f"{n} {verdict}" for verdict, n in counts.items())
    print(say(args, "verdicts", verdicts=shown))
    if evidence.change is None:
        print(say(args, "one_year"))
    print(out)


def dossiers(args: argparse.Namespace) -> None:
    """One self-contained HTML dossier per region (and index.html), printable to A4."""
    from geo.web import for_web
    from layers.dossier import prepare, write_dossiers

    if not args.demo:
        needed = [
            flag
            for flag, value in (
                ("--boundaries", args.boundaries),
                ("--employment", args.employment),
            )
            if not value
        ]
        if needed:
            raise InputError("error.cli.needed_or_demo", params={"options": ", ".join(needed)})
    regions, data = audit_inputs(args)
    declared = declared_list(args, data, regions) if args.priorities else None
    regions = for_web(regions)
    ids = list(regions["region"])
    chosen = ids
    if not args.all:
        by_name = {str(n).casefold(): r for r, n in zip(ids, regions["name"], strict=True)}
        chosen = []
        for given in args.region:
            region = given if given in ids else by_name.get(given.casefold())
            if region is None:
                raise InputError("error.cli.no_region_boundaries", params={"region": repr(given)})
            chosen.append(region)
    inputs = prepare(
        regions,
        data,
        declared=None if declared is None else declared.table,
        declared_source=Path(args.priorities).name if args.priorities else "",
        language=args.lang,
    )
    written = write_dossiers(inputs, chosen, Path(args.out))
    print(say(args, "dossiers_written", dossiers=len(written), out=args.out))


def add_table_options(p: argparse.ArgumentParser, t: Help, *, clusters_default: str) -> None:
    """The employment table and what qualifies it, as every analysis command takes them
    (`clusters_default`: the help key of what `--clusters` defaults to)."""
    p.add_argument("--employment", help=t("employment"))
    p.add_argument("--sheet", help=t("sheet"))
    p.add_argument("--region-column", help=t("region_column"))
    p.add_argument("--label-column", help=t("label_column"))
    p.add_argument(
        "--units",
        choices=["auto", "persons", "thousands", "millions"],
        default="auto",
        help=t("units"),
    )
    p.add_argument(
        "--marks",
        choices=["auto", "rosstat", "generic"],
        default="auto",
        help=t("marks"),
    )
    p.add_argument(
        "--bad-as-missing",
        action="store_true",
        help=t("bad_as_missing"),
    )
    p.add_argument("--clusters", help=t("clusters", default=t(clusters_default)))
    p.add_argument(
        "--totals",
        help=t("totals"),
    )
    p.add_argument(
        "--reference",
        help=t("reference"),
    )
    p.add_argument("--reference-total", type=number, help=t("reference_total"))


def add_boundary_options(p: argparse.ArgumentParser, t: Help, *, default: str) -> None:
    """Region boundaries, the columns that name their regions, and a mapping to them
    (`default`: the help key of what happens without `--boundaries`)."""
    p.add_argument("--boundaries", help=t("boundaries", default=t(default)))
    p.add_argument("--id-column", "--id", help=t("id_column"))
    p.add_argument("--name-column", "--name", help=t("name_column"))
    p.add_argument("--layer", help=t("layer"))
    p.add_argument(
        "--mapping",
        help=t("mapping"),
    )
    p.add_argument(
        "--accept-suggestions",
        action="store_true",
        help=t("accept_suggestions"),
    )


def add_priority_options(p: argparse.ArgumentParser, t: Help, *, required: bool) -> None:
    """The declared priorities file, its mapping of free-text priorities, and the language."""
    p.add_argument(
        "--priorities",
        required=required,
        help=t("priorities"),
    )
    p.add_argument("--priority-mapping", help=t("priority_mapping"))
    p.add_argument("--lang", choices=["en", "ru"], default="en", help=t("lang_text"))


def parser(language: str = catalog.DEFAULT) -> argparse.ArgumentParser:
    """All subcommands, their help in `language` (catalogue section `cli.help`); each one's
    options are documented in the README."""
    t = catalog.translation(language, "cli.help")
    top = argparse.ArgumentParser(prog="cli.py", description=t("description"))
    top.add_argument("--lang", choices=catalog.LANGUAGES, default=language, help=t("lang"))
    commands = top.add_subparsers(dest="command", required=True)

    p = commands.add_parser("demo-map", help=t("command.demo_map"))
    p.add_argument("--cluster", help=t("cluster"))
    p.add_argument("--out", required=True, help=t("out"))
    p.set_defaults(run=demo_map)

    p = commands.add_parser("maps", help=t("command.maps"))
    p.add_argument("--demo", action="store_true", help=t("demo_maps"))
    add_boundary_options(p, t, default="boundaries_default.without_demo")
    add_table_options(p, t, clusters_default="clusters_default.map_each")
    p.add_argument("--year", type=int, help=t("year_maps"))
    p.add_argument("--base-year", type=int, help=t("base_year_maps"))
    p.add_argument(
        "--metric",
        choices=list(MAP_METRICS),
        default="lq",
        help=t("metric"),
    )
    p.add_argument(
        "--scheme",
        default="lq_diverging",
        choices=["lq_diverging", "quantiles", "natural_breaks", "equal_interval", "user_defined"],
        help=t("scheme"),
    )
    p.add_argument("--k", type=count, default=5, help=t("k"))
    p.add_argument("--breaks", type=number, nargs="+", help=t("breaks"))
    p.add_argument("--out", required=True, help=t("out"))
    p.set_defaults(run=maps)

    p = commands.add_parser("priorities", help=t("command.priorities"))
    p.add_argument("--demo", action="store_true", help=t("demo_priorities"))
    add_boundary_options(p, t, default="boundaries_default.optional_ids")
    add_table_options(p, t, clusters_default="clusters_default.shipped")
    p.add_argument(
        "--measure",
        choices=["proximity", "correlation", "matrix"],
        default="proximity",
        help=t("measure"),
    )
    p.add_argument("--relatedness", help=t("relatedness_priorities"))
    p.add_argument("--rca-threshold", type=number, default=1.0, help=t("rca_threshold"))
    p.add_argument(
        "--min-relatedness",
        type=number,
        default=0.5,
        help=t("min_relatedness"),
    )
    p.add_argument("--min-stars", type=whole, default=1, help=t("min_stars_priorities"))
    p.add_argument("--near-lq", type=number, default=0.8, help=t("near_lq_priorities"))
    p.add_argument("--region", nargs="+", help=t("region_priorities"))
    p.add_argument("--out", required=True, help=t("out"))
    p.set_defaults(run=priority_tables)

    p = commands.add_parser("links", help=t("command.links"))
    add_boundary_options(p, t, default="boundaries_default.demo_if_omitted")
    add_table_options(p, t, clusters_default="clusters_default.each")
    p.add_argument("--year", type=int, help=t("year_links"))
    p.add_argument(
        "--contiguity",
        choices=["queen", "rook"],
        default="queen",
        help=t("contiguity"),
    )
    p.add_argument(
        "--fallback",
        choices=["knn", "distance", "none"],
        default="knn",
        help=t("fallback"),
    )
    p.add_argument("--k-nearest", type=count, default=1, help=t("k_nearest"))
    p.add_argument("--band-km", type=number, help=t("band_km"))
    p.add_argument("--min-lq", type=number, default=1.25, help=t("min_lq"))
    p.add_argument(
        "--min-stars",
        type=whole,
        help=t("min_stars_links"),
    )
    p.add_argument("--alpha", type=share, default=0.05, help=t("alpha"))
    p.add_argument("--permutations", type=count, default=999, help=t("permutations"))
    p.add_argument(
        "--seed",
        type=int,
        help=t("seed"),
    )
    p.add_argument(
        "--similarity",
        choices=["lq", "slq", "stars"],
        default="lq",
        help=t("similarity"),
    )
    p.add_argument("--partners", type=count, default=5, help=t("partners"))
    p.add_argument("--flows", help=t("flows"))
    p.add_argument("--out", required=True, help=t("out"))
    p.set_defaults(run=links)

    p = commands.add_parser("check", help=t("command.check"))
    add_boundary_options(p, t, default="boundaries_default.required")
    add_table_options(p, t, clusters_default="clusters_default.shipped")
    p.set_defaults(needs=("boundaries", "employment"))
    p.add_argument("--out", help=t("out_check"))
    p.set_defaults(run=check)

    p = commands.add_parser("firms", help=t("command.firms"))
    add_boundary_options(p, t, default="boundaries_default.required")
    p.set_defaults(needs=("boundaries",))
    p.add_argument("--firms", required=True, nargs="+", help=t("firms"))
    p.add_argument("--where", help=t("where"))
    p.add_argument(
        "--engine",
        choices=("duckdb", "dask"),
        default="duckdb",
        help=t("engine"),
    )
    p.add_argument("--scheduler", help=t("scheduler"))
    p.add_argument(
        "--spatial-index",
        choices=("strtree", "duckdb"),
        default="strtree",
        help=t("spatial_index"),
    )
    p.add_argument("--activity-column", default="activity_code_main", help=t("activity_column"))
    p.add_argument("--employees-column", default="employees_count", help=t("employees_column"))
    p.add_argument("--lat-column", default="lat", help=t("lat_column"))
    p.add_argument("--lon-column", default="lon", help=t("lon_column"))
    p.add_argument("--wkt-column", help=t("wkt_column"))
    p.add_argument("--out", required=True, help=t("out_firms"))
    p.set_defaults(run=firms)

    p = commands.add_parser("metrics", help=t("command.metrics"))
    p.add_argument("--demo", action="store_true", help=t("demo_metrics"))
    add_boundary_options(p, t, default="boundaries_default.optional_ids")
    add_table_options(p, t, clusters_default="clusters_default.shipped")
    p.add_argument(
        "--floor",
        type=number,
        default=1000.0,
        help=t("floor"),
    )
    p.add_argument(
        "--size-top",
        type=share,
        default=0.10,
        help=t("size_top"),
    )
    p.add_argument(
        "--focus-top",
        type=share,
        default=0.10,
        help=t("focus_top"),
    )
    p.add_argument(
        "--specialisation-lq",
        type=number,
        default=2.0,
        help=t("specialisation_lq"),
    )
    p.add_argument(
        "--withhold-unreliable",
        action="store_true",
        help=t("withhold_unreliable"),
    )
    p.add_argument(
        "--strong",
        action="store_true",
        help=t("strong"),
    )
    p.add_argument("--base-year", type=int, help=t("base_year_metrics"))
    p.add_argument("--year", type=int, help=t("year_metrics"))
    p.add_argument(
        "--old-classification",
        choices=["naics2017", "nace11", "okved1"],
        help=t("old_classification"),
    )
    p.add_argument(
        "--correspondence",
        help=t("correspondence"),
    )
    p.add_argument(
        "--correspondence-digits",
        type=whole,
        default=0,
        help=t("correspondence_digits"),
    )
    p.add_argument("--old-years", type=int, nargs="+", help=t("old_years"))
    p.add_argument(
        "--productivity-top",
        type=share,
        default=0.10,
        help=t("productivity_top"),
    )
    p.add_argument("--out", required=True, help=t("out"))
    p.set_defaults(run=metrics)

    p = commands.add_parser("define-clusters", help=t("command.define_clusters"))
    p.add_argument("--demo", action="store_true", help=t("demo"))
    add_boundary_options(p, t, default="boundaries_default.optional_ids")
    add_table_options(p, t, clusters_default="clusters_default.compared")
    p.add_argument(
        "--method",
        choices=["all", "average", "ward", "moves"],
        default="all",
        help=t("method"),
    )
    p.add_argument("--clusters-range", default="10:60", help=t("clusters_range"))
    p.add_argument(
        "--weight",
        action="append",
        help=t("weight"),
    )
    p.add_argument("--relatedness", help=t("relatedness_define_clusters"))
    p.add_argument("--candidate", help=t("candidate"))
    p.add_argument("--out", required=True, help=t("out"))
    p.set_defaults(run=define_clusters)

    p = commands.add_parser("audit", help=t("command.audit"))
    p.add_argument("--demo", action="store_true", help=t("demo_audit"))
    add_boundary_options(p, t, default="boundaries_default.optional_audit")
    add_table_options(p, t, clusters_default="clusters_default.shipped")
    add_priority_options(p, t, required=True)
    p.add_argument("--min-stars", type=whole, default=1, help=t("min_stars_audit"))
    p.add_argument("--strength-lq", type=number, default=1.0, help=t("strength_lq"))
    p.add_argument("--near-lq", type=number, default=0.8, help=t("near_lq_audit"))
    p.add_argument("--growth-min", type=number, default=0.05, help=t("growth_min"))
    p.add_argument(
        "--decline-growth",
        type=number,
        default=-0.05,
        help=t("decline_growth"),
    )
    p.add_argument("--option-density", type=number, default=0.5, help=t("option_density"))
    p.add_argument(
        "--option-complexity",
        type=number,
        default=0.0,
        help=t("option_complexity"),
    )
    p.add_argument("--junctions", type=whole, default=3, help=t("junctions"))
    p.add_argument("--out", required=True, help=t("out"))
    p.set_defaults(run=audit_tables)

    p = commands.add_parser("dossier", help=t("command.dossier"))
    p.add_argument("--demo", action="store_true", help=t("demo"))
    add_boundary_options(p, t, default="boundaries_default.without_demo")
    add_table_options(p, t, clusters_default="clusters_default.shipped")
    add_priority_options(p, t, required=False)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--region", nargs="+", help=t("region_dossier"))
    which.add_argument("--all", action="store_true", help=t("all"))
    p.add_argument("--out", required=True, help=t("out"))
    p.set_defaults(run=dossiers)

    # subcommands: each helper adds its parser block above this line
    for command in commands.choices.values():
        given = {action.dest for action in command._actions}
        if "lang" not in given:
            command.add_argument(
                "--lang",
                choices=catalog.LANGUAGES,
                default="en",
                help=t("lang"),
            )
        command.set_defaults(lang=language)  # `--lang` before the command, read in `main`
        if "out" in given:
            command.add_argument(
                "--excel",
                choices=["ru"],
                help=t("excel"),
            )
    return top


def chosen_language(argv: list[str] | None) -> str:
    """The `--lang` given anywhere on the command line (default English), read before the
    parser is built so that `--help` is worded in it; a bad value is left to the parser."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", default=catalog.DEFAULT)
    given = early.parse_known_args(argv)[0].lang
    return given if given in catalog.LANGUAGES else catalog.DEFAULT


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; bad input ends with one message and exit code 2, never a traceback."""
    args = parser(chosen_language(argv)).parse_args(argv)
    remove_stale()  # temporary folders a killed run left behind
    try:
        missing = [f"--{n}" for n in getattr(args, "needs", ()) if not getattr(args, n, None)]
        if missing:
            raise InputError("error.cli.needed", params={"options": " + ".join(missing)})
        args.run(args)
    except InputError as error:
        print(say(args, "error", message=error.localised(args.lang)), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    exit_on_terminate()
    sys.exit(main())
