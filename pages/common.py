"""What every page shares: the active atlas, the language, translated text, cached measures."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import altair as alt
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from econ.dataset import Dataset, demo_dataset
from econ.declared import Declared, declared_priorities
from econ.errors import InputError
from econ.gazetteer import region_labels
from econ.keys import content_key
from econ.scratch import remove_stale, scratch_folder
from econ.stages import staged_change
from econ.stars import region_cluster
from econ.wages import cluster_wages, productivity_star
from geo.boundaries import demo_regions
from geo.web import for_web
from i18n.catalog import section, translation
from i18n.formats import MISSING, chart_locale, formatters, number
from i18n.phrases import translated
from layers.dossier import Inputs, prepare
from layers.tables import headers

LANGUAGES = {"en": "English", "ru": "Русский"}
APP_RAN = "app.ran"  # session state: this session's runs go through app.py
STYLED_CELLS = 262_144  # pandas Styler's default limit; a bigger table is shown unformatted
DECLARED = "declared.file"  # session state: the declared priorities upload (`DeclaredFile`)


def _leave_legacy_multipage_mode() -> None:
    """Serve every URL through app.py's `st.navigation`.

    Because this folder is named `pages`, Streamlit starts in its legacy multipage mode and, on a
    fresh server's first request for a sub-page URL (a shared link), runs that page script alone:
    no sidebar, no settings, raw file names as navigation. A run that did not come through
    app.py (`mark_app_run`) switches the mode off and reruns: also a session whose first run
    began in that mode while another session switched it off.

    `language()` calls this, and every page asks for it before it shows anything. It must never
    run at import: a rerun raised while this module is being imported leaves it half-made for
    the sessions importing it at the same moment (an ImportError on a fresh server's first
    visits when several open at once).
    """
    if not st.session_state.get(APP_RAN):
        PagesManager.uses_pages_directory = False
        st.rerun()


def mark_app_run() -> None:
    """Record that this run goes through app.py's navigation (its first statement), and sweep
    the temporary folders a killed server left behind, once per server."""
    st.session_state[APP_RAN] = True
    _stale_folders_removed()


@st.cache_resource(show_spinner=False)
def _stale_folders_removed() -> int:
    return len(remove_stale())


@dataclass(frozen=True)
class Atlas:
    """Regions (web-ready geometry) and the employment dataset that describes them."""

    regions: gpd.GeoDataFrame
    data: Dataset
    key: str

    @cached_property
    def fingerprint(self) -> str:
        """A digest of the regions and every table of the data (`econ.keys`): the key of every
        cached measure, so a year, an edit or another upload can never be served another's."""
        return content_key(self.regions, self.data)


@st.cache_resource(show_spinner=False)
def demo_atlas() -> Atlas:
    """The bundled US states × occupations atlas, loaded once per server."""
    return Atlas(regions=for_web(demo_regions()), data=demo_dataset(), key="demo")


def stored_atlas() -> Atlas:
    """The atlas the user chose on the Data page, else the bundled demo, with all its years."""
    return st.session_state.get("atlas") or demo_atlas()


def active_atlas() -> Atlas:
    """The atlas every page shows: the stored one in the year chosen in the sidebar.

    A table of one year is shown as it is; one of several years is cut to the chosen year (the
    latest by default), its key marked with the year. The cut is kept per content and year:
    another upload under the same key is never shown the previous one's year.
    """
    atlas = stored_atlas()
    years = atlas.data.years
    if len(years) < 2:
        return in_language(atlas)
    year = chosen_year(years)
    views = st.session_state.setdefault("year_views", {})
    view = content_key(atlas.fingerprint, year)
    if view not in views:
        views.clear()
        key = f"{atlas.key}@{year}"
        views[view] = Atlas(regions=atlas.regions, data=atlas.data.in_year(year), key=key)
    return in_language(views[view])


def in_language(atlas: Atlas) -> Atlas:
    """`atlas` with its region names in the interface language (`econ.gazetteer.region_labels`:
    the gazetteer's, else the user's table's, else the boundary file's), kept per content and
    language; the same object when nothing changes (the demo)."""
    lang = language()
    views = st.session_state.setdefault("name_views", {})
    view = content_key(atlas.fingerprint, lang)
    if view not in views:
        if len(views) >= 4:
            views.clear()
        names = region_labels(atlas.regions, lang, atlas.data.meta.get("region_names"))
        same = names.astype(str).tolist() == atlas.regions["name"].astype(str).tolist()
        regions = atlas.regions if same else atlas.regions.assign(name=names.to_numpy())
        views[view] = atlas if same else Atlas(regions=regions, data=atlas.data, key=atlas.key)
    return views[view]


def chosen_year(years: list) -> object:
    """The year chosen in the sidebar or the URL, else the latest."""
    return {str(y): y for y in years}.get(remembered("year"), years[-1])


def chosen_period(years: list) -> tuple[object, object] | None:
    """(base year, year) for change measures: the chosen ones, by default the first year and
    the latest; None for a table of one year or when no year precedes the chosen one."""
    if len(years) < 2:
        return None
    year = chosen_year(years)
    earlier = {str(y): y for y in years if y < year}
    if not earlier:
        return None
    return earlier.get(remembered("base_year"), next(iter(earlier.values()))), year


def year_inputs(labels: Mapping[str, str]) -> None:
    """The sidebar's year and base year, kept in the URL; nothing for a table of one year."""
    years = stored_atlas().data.years
    if len(years) < 2:
        return
    options = {str(y): y for y in years}
    latest_first = list(options)[::-1]
    shown = shared_choice(labels["year"], latest_first, key="year", localised=False)
    earlier = [text for text, y in options.items() if y < options[shown]]
    if earlier:
        shared_choice(labels["base_year"], earlier, key="base_year", localised=False)
    else:
        st.caption(labels["no_base_year"])


def set_active_atlas(atlas: Atlas | None) -> None:
    """Make `atlas` the one every page shows (None returns to the demo)."""
    st.session_state["atlas"] = atlas


def language() -> str:
    """The interface language chosen in the sidebar (`en` or `ru`); asked first by every page,
    so a page opened outside app.py's navigation reruns through it here."""
    _leave_legacy_multipage_mode()
    return st.session_state.get("lang") or st.query_params.get("lang", "en")


def shared_choice(
    label: str,
    options: list[str],
    *,
    key: str,
    format_func: Callable[[str], str] = str,
    widget: Callable[..., str] = st.selectbox,
    localised: bool = True,
    variant: str = "",
    **kwargs: object,
) -> str:
    """A choice whose value lives in the URL query string, so a shared link reopens the view.

    `widget` is `st.selectbox` or `st.radio`; options are strings (they go into the URL). A
    `localised` choice gets one widget per language, so that switching language redraws its
    labels (Streamlit keeps a selectbox's shown label while its key and value stay the same);
    a `variant` names one of several option lists, for the same reason.
    """
    kept = f"kept.{key}"
    widget_key = f"{key}.{language()}" if localised else key
    widget_key += f".{variant}" if variant else ""

    def remember() -> None:
        st.session_state[kept] = st.session_state[widget_key]

    current = st.session_state.get(widget_key)
    for wanted in (st.session_state.get(kept), st.query_params.get(key), current):
        if wanted in options:
            st.session_state[widget_key] = wanted
            break
    else:
        st.session_state.pop(widget_key, None)
    value = widget(
        label, options, key=widget_key, format_func=format_func, on_change=remember, **kwargs
    )
    st.query_params[key] = value
    st.session_state[kept] = value
    return value


def remembered(key: str) -> str | None:
    """The last value of a `shared_choice`, even on a page that does not show it."""
    return st.session_state.get(f"kept.{key}") or st.query_params.get(key)


STAR_RULES = {  # URL key: (econ.stars.cluster_stars keyword, default, minimum, maximum, step)
    "size_top": ("size_top", 10.0, 1.0, 50.0, 1.0),
    "spec_lq": ("specialisation_lq", 2.0, 1.0, 5.0, 0.1),
    "focus_top": ("focus_top", 10.0, 1.0, 50.0, 1.0),
    "floor": ("floor", 1000.0, 0.0, 100000.0, 100.0),
}


DYNAMICS_RULES = {  # URL key: (keyword of the measure, default, minimum, maximum, step)
    "productivity_top": ("productivity_top", 10.0, 1.0, 50.0, 1.0),
    "dynamism_top": ("dynamism_top", 10.0, 1.0, 50.0, 1.0),
    "stage_lq": ("lq_threshold", 1.0, 0.1, 5.0, 0.05),
    "stage_lq_change": ("lq_change_threshold", 0.0, -1.0, 1.0, 0.01),
    "stage_margin": ("growth_margin", 0.0, -50.0, 50.0, 0.5),  # percentage points
}
PERCENT_RULES = ("size_top", "focus_top", "productivity_top", "dynamism_top", "stage_margin")


def _rule_value(key: str, rules: Mapping[str, tuple] = STAR_RULES) -> float:
    """A threshold as shown (percent for the top shares), from the widget or the URL."""
    _, default, low, high, _ = rules[key]
    raw = st.session_state.get(key, st.query_params.get(key, default))
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return default
    return min(max(value, low), high) if math.isfinite(value) else default  # `?floor=nan`


def star_rules(rules: Mapping[str, tuple] = STAR_RULES) -> dict[str, float]:
    """Thresholds (sidebar, URL) as keywords of their measures: by default the stars of
    `econ.stars.cluster_stars`; `DYNAMICS_RULES` for the wage, dynamism and stage rules."""
    values = {}
    for key, (keyword, *_) in rules.items():
        value = _rule_value(key, rules)
        values[keyword] = value / 100 if key in PERCENT_RULES else value
    return values


def star_rule_inputs(labels: Mapping[str, str], rules: Mapping[str, tuple] = STAR_RULES) -> None:
    """Number inputs for the thresholds named in `labels` (of `rules`), kept in the URL."""
    for key, (_, default, low, high, step) in rules.items():
        if key not in labels:
            continue
        if key not in st.session_state:
            st.session_state[key] = _rule_value(key, rules)
        value = st.number_input(labels[key], low, high, step=step, key=key)
        if value != default:
            st.query_params[key] = f"{value:g}"
        else:
            st.query_params.pop(key, None)


def selected_region() -> str | None:
    """The region picked by a click on any map (or from the URL), if any."""
    return st.session_state.get("region") or st.query_params.get("region")


def select_region(region: str | None) -> None:
    """Remember `region` as the selected one for every page and in the URL."""
    st.session_state["region"] = region
    if region is None:
        st.query_params.pop("region", None)
    else:
        st.query_params["region"] = region


MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~])")


def plain(value: object) -> str:
    """User text (a name, a file's cell, a link's parameter) escaped for Streamlit's Markdown
    surfaces, so that `![x](http://…)` shows as typed instead of fetching or linking."""
    return MARKDOWN.sub(r"\\\1", str(value))


def show_table(
    table: pd.DataFrame,
    *,
    digits: Mapping[str, int] | None = None,
    percents: Mapping[str, int] | None = None,
    labels: Mapping[str, str] | None = None,
    **options: object,
) -> None:
    """`st.dataframe` of `table` as the interface language writes it: numbers per column type
    through Babel (`i18n.formats`; the cells keep their numbers, so sorting stays numeric),
    machine column names, matching statuses and the reports' rules and problems translated
    (catalogue sections `column`, `status`, `phrase`; the table keeps its English words),
    `labels` for any other header; an empty cell shows `—` (Streamlit's own is the English
    "None"). `options` go to `st.dataframe`."""
    lang = language()
    names = {**(headers(table.columns, lang) if lang != "en" else {}), **(labels or {})}
    config = {c: st.column_config.Column(n) for c, n in names.items() if n != c}
    config.update(options.pop("column_config", None) or {})
    shown = translated(table, lang)
    if "status" in table and lang != "en":
        statuses = table["status"].map(section(lang, "status")).fillna(table["status"])
        shown = shown.assign(status=statuses)
    if shown.size <= STYLED_CELLS:
        shown = shown.style.format(formatters(shown, lang, digits=digits, percents=percents))
    st.dataframe(shown, column_config=config, placeholder=MISSING, **options)


def show_chart(chart: alt.TopLevelMixin, container: object = st, **options: object) -> None:
    """`st.altair_chart` (in `container`, a column or the page) with the interface language's
    number locale, so axes, legends and tooltips write `1 234,5` in Russian."""
    container.altair_chart(chart.configure(locale=chart_locale(language())), **options)


def streamlit_texts() -> None:
    """Streamlit's own words in the interface language where its pages allow it: it offers no
    locale, so a style sheet swaps the file uploader's button and its size limit line (the
    limit read from `server.maxUploadSize`), the text inputs' "Press Enter" hint and the running
    page's "Stop" button for the catalogue's (section `streamlit`). English keeps Streamlit's
    own."""
    lang = language()
    if lang == "en":
        return
    t = translation(lang, "streamlit")
    limit = t("upload_limit", size=number(st.get_option("server.maxUploadSize"), lang))
    swaps = {
        "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p": t(
            "upload"
        ),
        "[data-testid='stFileUploaderDropzoneInstructions'] span": limit,
        "[data-testid='InputInstructions']": t("press_enter"),
        "[data-testid='stStatusWidget'] button": t("stop"),
    }
    rules = "".join(
        f"{selector}{{font-size:0 !important}}"
        f"{selector}::after{{content:{json.dumps(text, ensure_ascii=False)};font-size:0.875rem}}"
        for selector, text in swaps.items()
    )
    st.html(f"<style>{rules}</style>")


def error_text(error: Exception) -> str:
    """An input error in the interface language (its catalogue key), escaped for Markdown."""
    shown = error.localised(language()) if isinstance(error, InputError) else str(error)
    return plain(shown)


def translator(*sections: str) -> Callable[..., str]:
    """`t(key, **fields)`: the message `<section>.key` of the catalogues (`i18n.catalog`) in
    the active language, from the first of `sections` that has it."""

    def t(key: str, **fields: object) -> str:
        return translation(language(), *sections)(key, **fields)

    return t


def cluster_quotients(atlas: Atlas, atlas_key: str) -> pd.DataFrame:
    """The region × cluster table (employment, shares, LQ, reliability, stars) under the star
    rules set in the sidebar; cached per dataset and rules."""
    return _region_cluster(atlas, atlas_key, **star_rules())


@st.cache_data(show_spinner=False, max_entries=16)
def _region_cluster(_atlas: Atlas, atlas_key: str, **rules: float) -> pd.DataFrame:
    data = _atlas.data
    return region_cluster(
        data.employment,
        data.clusters,
        reference=data.reference,
        region_totals=data.region_totals,
        reference_total=data.reference_total,
        **rules,
    )


def cluster_dynamics() -> pd.DataFrame | None:
    """The change of every region × cluster over the sidebar's period (`econ.dynamics`), with
    its life-cycle `stage` and `dynamism_star`; None for a table of one year."""
    atlas = stored_atlas()
    period = chosen_period(atlas.data.years)
    if period is None:
        return None
    rules = star_rules(DYNAMICS_RULES)
    del rules["productivity_top"]  # a wage rule, not a change one
    return _dynamics(atlas, atlas.fingerprint, *period, floor=star_rules()["floor"], **rules)


@st.cache_data(show_spinner=False, max_entries=16)
def _dynamics(
    _atlas: Atlas, atlas_key: str, base_year: object, year: object, **rules: float
) -> pd.DataFrame:
    return staged_change(_atlas.data, base_year, year, **rules)


def cluster_wage_table(atlas: Atlas) -> pd.DataFrame | None:
    """Cluster wages of the shown year with the productivity star; None without wages."""
    if atlas.data.wages is None:
        return None
    return _wages(atlas, atlas.fingerprint, star_rules(DYNAMICS_RULES)["productivity_top"])


@st.cache_data(show_spinner=False, max_entries=8)
def _wages(_atlas: Atlas, atlas_key: str, top: float) -> pd.DataFrame:
    data = _atlas.data
    table = cluster_wages(data.employment, data.wages, data.clusters)
    table["productivity_star"] = productivity_star(table, top=top)
    return table


@dataclass(frozen=True)
class DeclaredFile:
    """A declared priorities upload (`region, priority[, kind, source]`) and, optionally, the
    user's own `priority, cluster` mapping, as the Data page received them."""

    name: str
    content: bytes
    mapping_name: str | None = None
    mapping_content: bytes | None = None

    @cached_property
    def fingerprint(self) -> str:
        return content_key(self.name, self.content, self.mapping_name, self.mapping_content)


def declared_file() -> DeclaredFile | None:
    """The declared priorities the user uploaded on the Data page, if any."""
    return st.session_state.get(DECLARED)


def set_declared_file(upload: DeclaredFile | None) -> None:
    """Keep (or, with None, forget) the declared priorities upload for every page."""
    st.session_state[DECLARED] = upload


def declared_list(atlas: Atlas) -> Declared | None:
    """The uploaded declared priorities resolved against `atlas` (`econ.declared`); None
    without an upload. Raises `InputError` for a file that cannot be read."""
    upload = declared_file()
    if upload is None:
        return None
    return _declared(atlas, atlas.fingerprint, upload, upload.fingerprint)


@st.cache_data(show_spinner=False, max_entries=8)
def _declared(_atlas: Atlas, atlas_key: str, _upload: DeclaredFile, upload_key: str) -> Declared:
    with scratch_folder("declared") as folder:
        path = folder / f"declared{Path(_upload.name).suffix.lower()}"
        path.write_bytes(_upload.content)
        mapping = None
        if _upload.mapping_name and _upload.mapping_content is not None:
            mapping = folder / f"mapping{Path(_upload.mapping_name).suffix.lower()}"
            mapping.write_bytes(_upload.mapping_content)
        regions = _atlas.regions[["region", "name"]]
        return declared_priorities(path, _atlas.data, regions, mapping=mapping, label=_upload.name)


def dossier_inputs(atlas: Atlas, lang: str) -> Inputs:
    """What the dossiers and the Priorities audit page read (`layers.dossier.prepare`): every
    year of `atlas`, with the uploaded declared priorities when they resolve."""
    upload = declared_file()
    try:
        declared = declared_list(atlas)
    except InputError:
        declared = None  # the Data page shows why; the dossier goes on without the list
    key = upload.fingerprint if upload is not None and declared is not None else ""
    return _dossier_inputs(atlas, atlas.fingerprint, declared, key, lang)


@st.cache_resource(show_spinner=False, max_entries=4)
def _dossier_inputs(
    _atlas: Atlas, atlas_key: str, _declared: Declared | None, declared_key: str, lang: str
) -> Inputs:
    return prepare(
        _atlas.regions,
        _atlas.data,
        declared=None if _declared is None else _declared.table,
        declared_source="" if _declared is None else _declared.file,
        language=lang,
    )
