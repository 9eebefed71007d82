"""Cluster Atlas from the command line: the same pipeline as the app, for batch work.

    python cli.py demo-map --out DIR           the demo's cluster map as a self-contained HTML
    python cli.py metrics ...                  concentration tables (see README)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from econ.errors import InputError


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


def parser() -> argparse.ArgumentParser:
    """All subcommands; each one's options are documented in the README."""
    top = argparse.ArgumentParser(prog="cli.py", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True)

    p = commands.add_parser("demo-map", help="the demo's cluster map as offline HTML")
    p.add_argument("--cluster", help="cluster category (default: the first)")
    p.add_argument("--out", required=True, help="output folder")
    p.set_defaults(run=demo_map)

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
