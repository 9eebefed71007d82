"""Seconds per region dossier and for every region of the demo (`cli.py dossier --all`).

    python bench/dossier.py

On the bundled demo (56 state areas, 54 with OEWS employment) it times `prepare` (every measure
once: stars, relatedness, complexity, junctions, neighbours, zones, partners), one dossier
(California: locator, print map, interactive map, portfolio SVG, tables), and `write_dossiers`
for all 56 regions with the index, and prints the files' sizes. The peer, in the same run, is
the naive path that measures everything again for each dossier (`prepare` + one dossier, timed
on three regions and scaled to 56).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from econ.dataset import demo_dataset  # noqa: E402
from geo.boundaries import demo_regions  # noqa: E402
from geo.web import for_web  # noqa: E402
from layers.dossier import dossier_html, prepare, write_dossiers  # noqa: E402

NAIVE_SAMPLE = ("06", "48", "36")


def timed(work):
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def main() -> None:
    regions, data = for_web(demo_regions()), demo_dataset()
    inputs, prepared = timed(lambda: prepare(regions, data))
    html, first = timed(lambda: dossier_html(inputs, "06"))
    _, again = timed(lambda: dossier_html(inputs, "06"))
    print(f"prepare (all measures, once): {prepared:.2f} s")
    print(
        f"California dossier: {first:.2f} s (print map drawn), {again:.2f} s (print map "
        f"cached), {len(html.encode('utf-8')) / 1e6:.2f} MB"
    )
    with tempfile.TemporaryDirectory() as folder:
        fresh = prepare(regions, data)
        written, seconds = timed(
            lambda: write_dossiers(fresh, list(regions["region"]), Path(folder))
        )
        sizes = [p.stat().st_size for p in written]
    print(
        f"--all: {len(written)} dossiers and index.html in {seconds:.1f} s "
        f"({seconds / len(written):.2f} s each), {sum(sizes) / 1e6:.1f} MB "
        f"(largest {max(sizes) / 1e6:.2f} MB)"
    )
    naive = 0.0
    for region in NAIVE_SAMPLE:
        _, spent = timed(lambda region=region: dossier_html(prepare(regions, data), region))
        naive += spent
    scaled = naive / len(NAIVE_SAMPLE) * len(written)
    print(
        f"peer, measures again per dossier: {naive / len(NAIVE_SAMPLE):.2f} s each, "
        f"~{scaled:.0f} s for {len(written)}; shared measures are {scaled / seconds:.1f}x faster"
    )


if __name__ == "__main__":
    main()
