"""A folder of maps as one report: file names per category and a plain index page linking them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import escape
from urllib.parse import quote

UNSAFE = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class ReportEntry:
    """One category's map: its display name and the relative paths of its HTML and PNG."""

    name: str
    html: str
    png: str


def file_stem(name: str, taken: set[str]) -> str:
    """A short, safe, unique file stem for a category name (letters of any script kept).

    `taken` holds the stems already used (compared case-insensitively) and is updated.
    """
    stem = UNSAFE.sub("-", name).strip("-_").lower()[:60].rstrip("-_") or "category"
    unique, n = stem, 2
    while unique in taken:
        unique, n = f"{stem}-{n}", n + 1
    taken.add(unique)
    return unique


PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 15px/1.45 sans-serif; color: #222; margin: 2rem auto; max-width: 70rem;
        padding: 0 1rem; }}
h1 {{ font-size: 1.5rem; margin-bottom: .2rem; }}
.subtitle {{ color: #555; margin-top: 0; }}
ul {{ list-style: none; padding: 0; display: grid; gap: 1rem;
      grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }}
li {{ border: 1px solid #ddd; border-radius: 4px; padding: .6rem; }}
li img {{ width: 100%; height: auto; display: block; margin-bottom: .4rem; }}
.links a {{ margin-right: .8rem; }}
footer {{ color: #777; font-size: .8rem; margin-top: 2rem; }}
</style>
</head>
<body>
<h1>{title}</h1>
{subtitle}
<ul>
{items}
</ul>
<footer>{footer}</footer>
</body>
</html>
"""


def index_html(
    entries: Iterable[ReportEntry],
    *,
    title: str,
    subtitle: str = "",
    labels: tuple[str, str] = ("Interactive map (HTML)", "Print map (PNG)"),
    language: str = "en",
    made_on: date | None = None,
) -> str:
    """A self-contained index page linking each category's HTML map and PNG (with a thumbnail).

    Every name is HTML-escaped and every link URL-quoted, so any category name is safe.
    """
    interactive, printable = (escape(label) for label in labels)
    items = "\n".join(
        f'<li><a href="{escape(quote(e.html))}"><img src="{escape(quote(e.png))}" '
        f'alt="{escape(e.name)}" loading="lazy"></a><b>{escape(e.name)}</b>'
        f'<div class="links"><a href="{escape(quote(e.html))}">{interactive}</a>'
        f'<a href="{escape(quote(e.png))}">{printable}</a></div></li>'
        for e in entries
    )
    return PAGE.format(
        lang=escape(language),
        title=escape(title),
        subtitle=f'<p class="subtitle">{escape(subtitle)}</p>' if subtitle else "",
        items=items,
        footer=escape((made_on or date.today()).isoformat()),
    )
