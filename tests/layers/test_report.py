"""The report index: safe unique file names and an escaped index page."""

from __future__ import annotations

from datetime import date

from layers.report import ReportEntry, file_stem, index_html


def test_file_stems_are_safe_unique_and_keep_cyrillic():
    taken: set[str] = set()
    stems = [file_stem(n, taken) for n in ("Computer & Math", "computer-math", "Туризм", "../..")]
    assert stems == ["computer-math", "computer-math-2", "туризм", "category"]
    assert taken == set(stems)


def test_index_escapes_names_and_quotes_links():
    entries = [ReportEntry("<b>Tools</b> & Dies", "tools dies.html", "tools dies.png")]
    page = index_html(entries, title="Maps <1>", subtitle="BLS & me", made_on=date(2025, 5, 1))
    assert "<b>Tools</b>" not in page and "&lt;b&gt;Tools&lt;/b&gt; &amp; Dies" in page
    assert 'href="tools%20dies.html"' in page and 'src="tools%20dies.png"' in page
    assert "<title>Maps &lt;1&gt;</title>" in page and "BLS &amp; me" in page
    assert "2025-05-01" in page
