"""Record tables for st.dataframe: chosen columns, headers in the interface language, the record's
own text kept as written (st.dataframe draws text as text: markup in the data is never run).

A table of records is shown a page at a time (paged_table): searched, sorted and cut on the server,
so that a view of 100,000 records sends the browser one page of rows, not the whole table; the
whole table is a download."""
from __future__ import annotations

from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from geo import i18n
from geo.i18n import date_label, localised
from geo.render.reported import metric_label, source_title, status_text, unit_label
from geo.schema import ACTIVITY_TYPES
from ui.state import lang, t, whole_view

PAGE_ROWS = 100   # rows a table sends at a time: 100 rows of 14 columns are about 30 kB on the websocket


def record_table(frame: pd.DataFrame, columns: list[tuple[str, str]], dates: dict[str, str] | None = None) -> pd.DataFrame:
    """`columns`: [(column, catalogue key of its header)]. `dates`: {column: precision column} to
    write dates with the precision the source gives. Labels are made once per distinct value (a
    table of 60,000 records has a few thousand dates and a handful of location sources)."""
    lg = lang()
    out = pd.DataFrame(index=frame.index)
    for column, key in columns:
        if dates and column in dates:
            values = frame[column] if column in frame else pd.Series(None, index=frame.index, dtype=object)
            precision = frame[dates[column]] if dates[column] in frame else pd.Series("day", index=frame.index)
            pairs = pd.DataFrame({"value": values.astype(object), "precision": precision.astype(object)})
            unknown = i18n.t("date.unknown", lg)
            labels = {(v, p): date_label(str(v)[:10], p, lg) if not pd.isna(v) and str(v).strip() else unknown
                      for v, p in pairs.drop_duplicates().itertuples(index=False, name=None)}
            out[t(key)] = [labels[pair] for pair in pairs.itertuples(index=False, name=None)]
        elif f"{column}_fr" in frame:   # a column written in both languages: the reader's
            out[t(key)] = localised(frame, column, lg)
        elif column == "location_source":
            out[t(key)] = _per_distinct(frame[column].astype(str), lambda s: i18n.t(f"location.{s}", lg)) \
                if column in frame else ""
        elif column in ("place", "regions") and "place_inferred" in frame:
            # a place the source does not give is marked as inferred (its reason is in the exports)
            inferred = frame["place_inferred"].fillna("").astype(str).str.strip().ne("")
            mark = i18n.t("place.inferred", lg)
            out[t(key)] = [f"{p} ({mark})" if flag and isinstance(p, str) and p else p
                           for p, flag in zip(frame[column], inferred)]
        elif column == "source_doc" and column in frame:   # a document by its title, not its file's hash
            out[t(key)] = _per_distinct(frame[column].astype(object),
                                        lambda d: source_title(d, lg) if isinstance(d, str) else d)
        elif column == "activity_type":
            kinds = frame[column].fillna("training") if column in frame else pd.Series("training", index=frame.index)
            out[t(key)] = _per_distinct(kinds.astype(str), lambda s: i18n.t(f"activity.{s}", lg)
                                        if s in ACTIVITY_TYPES else s)
        elif f"{column}_qualifier" in frame and frame[f"{column}_qualifier"].fillna("").astype(str).str.strip().ne("").any():
            # a figure its source qualifies is written with the word: "more than 7,000", "about 54"
            out[t(key)] = [i18n.qualified(v, q, lg) if pd.notna(v) else None
                           for v, q in zip(frame[column], frame[f"{column}_qualifier"])]
        elif column == "site_type":
            out[t(key)] = _per_distinct(frame[column], lambda s: i18n.t(f"site_type.{s}", lg)
                                        if s in ("cantonment", "moc_camp") else s)
        elif column in NUMBER_COLUMNS and column in frame:   # '57 257 750' / '57,257,750', never '57257750'
            out[t(key)] = _per_distinct(pd.to_numeric(frame[column], errors="coerce").astype(object),
                                        lambda v: i18n.number(v, lg) if pd.notna(v) else "")
        else:
            out[t(key)] = frame.get(column)
    return blank_empty(out).reset_index(drop=True)


def blank_empty(out: pd.DataFrame) -> pd.DataFrame:
    """An empty cell is empty, never 'None' or 'nan' (text columns; numbers keep their type)."""
    for header in out.columns:
        if out[header].dtype == object:
            out[header] = out[header].where(out[header].notna(), "")
    return out


NUMBER_COLUMNS = frozenset({"cost_xof", "beneficiaries", "youth", "women", "men", "total", "members",
                            "duration_months", "radius_km"})


def _per_distinct(column: pd.Series, label) -> pd.Series:
    """label(value) for each cell, computed once per distinct value."""
    labels = {value: label(value) for value in column.drop_duplicates()}
    return column.map(labels)


def totals_table(totals: pd.DataFrame, topic: str | None = None) -> pd.DataFrame:
    """Programme totals of one topic (the `topic` column: cvr, ddr, trainings, ssr; None for all),
    as reported (value, unit, whether achieved, under way or planned, period), with their source."""

    chosen = totals if topic is None else totals[totals["topic"].eq(topic)]
    qualifiers = chosen["value_qualifier"] if "value_qualifier" in chosen else pd.Series("", index=chosen.index)
    out = pd.DataFrame({
        t("field.programme"): localised(chosen, "programme", lang()),
        t("field.metric"): [metric_label(row, lang()) for row in chosen.to_dict("records")],
        t("field.value"): [i18n.qualified(v, q, lang()) for v, q in zip(chosen["value"], qualifiers)],
        t("field.unit"): chosen["unit"].map(lambda u: unit_label(u, lang())),
        t("field.status"): [status_text(row, lang()) for row in chosen.to_dict("records")],
        t("field.period"): chosen["period"].fillna(chosen["as_of"]).fillna(""), t("field.regions"): _inferred(chosen, "regions"),
        t("field.source_doc"): chosen["source_doc"].map(source_title), t("field.source_quote"): chosen["source_quote"]})
    return blank_empty(out).reset_index(drop=True)


def _inferred(frame: pd.DataFrame, column: str) -> pd.Series:
    """A place column with "(inferred)" after the places the sources do not give (place_inferred)."""
    if "place_inferred" not in frame:
        return frame[column]
    mark = t("place.inferred")
    inferred = frame["place_inferred"].fillna("").astype(str).str.strip().ne("")
    return pd.Series([f"{p} ({mark})" if flag and isinstance(p, str) and p else p for p, flag in zip(frame[column], inferred)],
                     index=frame.index)


def targets_table(topic: str | None = None) -> pd.DataFrame:
    """The targets the sources set (geo.model.targets), of one topic or all, each beside its result
    when the sources give one, both with their periods: "at least 3,000" (resolution 2531 (2020))
    and "1,330" (2019-2020); a share only where the source relates them, else said to be none.
    Never a target or a result invented."""
    from geo.model.targets import load_targets, load_totals, targets_with_results

    lg = lang()
    table = targets_with_results(load_targets(), load_totals())
    if topic is not None:
        table = table[table["topic"].eq(topic)]
    target = [i18n.qualified(v, q, lg) for v, q in zip(table["target_value"], table["target_value_qualifier"])]
    result = [i18n.qualified(v, q, lg) if pd.notna(v) else t("targets.no_result")
              for v, q in zip(table["result_value"], table["result_qualifier"])]
    share = [(t(f"qualifier.{q}", n=i18n.percent(s, 1, lg)) if q else i18n.percent(s, 1, lg)) if pd.notna(s)
             else t("targets.not_related") if pd.notna(v) else ""
             for s, q, v in zip(table["share"], table["share_qualifier"], table["result_value"])]
    out = pd.DataFrame({
        t("field.metric"): localised(table, "metric", lg), t("targets.target"): target,
        t("targets.target_period"): localised(table, "period", lg),
        t("field.unit"): table["unit"].map(lambda u: unit_label(u, lg)),
        t("targets.result"): result, t("targets.result_period"): table["result_period"],
        t("targets.share"): share,
        t("field.source_doc"): table["source_doc"].map(source_title),
        t("field.source_quote"): table["source_quote"]})
    return blank_empty(out).reset_index(drop=True)


def activities_table() -> pd.DataFrame:
    """The activities the sources name with a place and a period but no figure (geo.model.activities),
    with the region of their place (GeoNames), or "not located" when the gazetteer lacks it."""
    from geo.model.activities import located_activities
    from geo.regions import region_name

    lg = lang()
    table = located_activities()
    regions = [region_name(code) or code if isinstance(code, str) else i18n.t("location.unlocated", lg)
               for code in table["assigned_iso"]]
    out = pd.DataFrame({
        t("field.title"): localised(table, "title", lg), t("field.period"): table["period"],
        t("field.place"): table["place"], t("field.region"): regions,
        t("field.source_doc"): table["source_doc"].map(source_title),
        t("field.source_quote"): table["source_quote"]})
    return blank_empty(out).reset_index(drop=True)



def page_rows(frame: pd.DataFrame, query: str = "", sort: str | None = None, descending: bool = False,
              page: int = 0, size: int = PAGE_ROWS, made: Callable | None = None,
              searched: list[str] | None = None) -> tuple[np.ndarray, int, int]:
    """(positions of the rows of `page`, rows matching `query`, the page actually shown) of `frame`:
    the rows whose text (in the columns `searched`; default: every text column) holds every word of
    `query` (case and accents ignored), in the order of the column `sort` (None: the table's own;
    empty values last), `size` at a time. `made(key, build)` keeps what does not depend on the page
    (the search text, a sort order) from run to run, as ui.state.View.get does; by default nothing
    is kept.

    >>> frame = pd.DataFrame({"title": ["Route", "Puits", "Marché", "Route Gao"], "cost": [3, 1, None, 2]})
    >>> page_rows(frame, "route", "cost", size=1)
    (array([3]), 2, 0)
    """
    made = made or (lambda key, build: build())
    order = made(("order", sort, descending), lambda: _order(frame, sort, descending))
    words = _fold_arrow(pa.array([query]))[0].as_py().split()
    if words:
        columns = [c for c in (searched if searched is not None else frame.columns) if frame[c].dtype == object]
        texts = [made(("search", c), lambda c=c: _search_text(frame[c])) for c in columns]
        hit = np.ones(len(frame), dtype=bool)
        for word in words:   # every word, each in any column
            found = np.zeros(len(frame), dtype=bool)
            for codes, folded in texts:
                found |= np.append(pc.match_substring(folded, word).to_numpy(zero_copy_only=False), False)[codes]
            hit &= found
        order = order[hit[order]]
    pages = max(1, -(-len(order) // size))
    page = min(max(int(page), 0), pages - 1)
    return order[page * size:(page + 1) * size], len(order), page


def _order(frame: pd.DataFrame, column: str | None, descending: bool) -> np.ndarray:
    """Positions of the rows in the order of `column` (text without case or accents, numbers and
    dates by value), empty values last; ties keep the table's order."""
    if column is None or column not in frame:
        return np.arange(len(frame))
    values = frame[column]
    if values.dtype == object:
        numbers = pd.to_numeric(values, errors="coerce")
        if numbers.notna().sum() == values.notna().sum():
            values = numbers
        else:
            text = pa.array(values.astype(str).where(values.notna(), None).to_numpy(dtype=object), type=pa.string())
            values = pd.Series(_fold_arrow(text).to_numpy(zero_copy_only=False), index=frame.index)
    ranked = values.reset_index(drop=True).sort_values(ascending=not descending, kind="stable", na_position="last")
    return ranked.index.to_numpy()


def _search_text(column: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """A text column for searching: each row's code (-1: empty) and the distinct texts folded."""
    codes, uniques = pd.factorize(column)
    return codes, _fold_arrow(pa.array([str(u) for u in uniques], type=pa.string()))


def _fold_arrow(text: pa.Array) -> pa.Array:
    """Lower case without accents, vectorised (geo.text.fold's letters, punctuation kept)."""
    decomposed = pc.utf8_normalize(pc.utf8_lower(text), "NFKD")
    return pc.replace_substring_regex(decomposed, r"\p{Mn}", "")


def paged_table(frame: pd.DataFrame, columns: list[tuple[str, str]], key: str, dates: dict[str, str] | None = None,
                made: Callable | None = None, download: Callable | None = None, shown: Callable | None = None) -> None:
    """`frame`'s records a page at a time (PAGE_ROWS rows), with a search box, a choice of the column
    to sort by and the buttons to the previous and next page: only the page's rows are formatted
    (record_table, or `shown(rows)`) and sent to the browser. `columns` as for record_table; `key`
    names the table's widgets; `made(key, build)` keeps the search text and sort orders (a View's
    get, shared by every viewer of the view); `download()` draws the button of the whole table."""
    if len(frame) <= PAGE_ROWS:   # one page: no pager
        table = shown(frame) if shown else (made or _now)((key, "table", lang()), lambda: record_table(frame, columns, dates))
        st.dataframe(table, hide_index=True, width="stretch")
    else:
        _pager(frame, columns, key, dates, made, shown)
    if download is not None:
        download()


@st.fragment   # a click on the pager reruns the table alone, not the page
def _pager(frame, columns, key, dates, made, shown) -> None:
    lg = lang()
    headers = {column: t(header) for column, header in columns if column in frame}
    state = st.session_state
    page_key = f"{key}_page"
    search, sort, order = st.columns([3, 2, 1], vertical_alignment="bottom")
    query = search.text_input(t("table.search"), key=f"{key}_search", placeholder=t("table.search_help"),
                              on_change=_first_page, args=(page_key,))
    by = sort.selectbox(t("table.sort"), [None, *headers], key=f"{key}_sort", on_change=_first_page, args=(page_key,),
                        format_func=lambda c: t("table.sort_none") if c is None else headers.get(c, c))
    descending = order.toggle(t("table.descending"), key=f"{key}_descending", on_change=_first_page,
                              args=(page_key,), disabled=by is None)

    def keep(what: Hashable, build):
        return made((key, "page_rows", *what), build) if made else build()
    searched = [c for c in headers if frame[c].dtype == object]
    rows, total, page = page_rows(frame, query, by, descending, state.get(page_key, 0), made=keep, searched=searched)
    state[page_key] = page
    part = frame.iloc[rows]
    if shown:
        table = shown(part)
    elif page == 0 and not query.strip():   # the first page a viewer sees: formatted once for the view
        table = keep(("first_page", lg, by, descending), lambda: record_table(part, columns, dates))
    else:
        table = record_table(part, columns, dates)
    st.dataframe(table, hide_index=True, width="stretch")
    if total == 0:
        st.caption(t("table.no_match", query=query))
    pages = -(-total // PAGE_ROWS)
    back, where, forward = st.columns([1, 4, 1], vertical_alignment="center")
    back.button(t("table.previous"), key=f"{key}_previous", disabled=page == 0, on_click=_turn,
                args=(page_key, -1), icon=":material/chevron_left:", width="stretch")
    if total:
        where.caption(t("table.rows_shown", first=i18n.number(page * PAGE_ROWS + 1, lg),
                        last=i18n.number(page * PAGE_ROWS + len(rows), lg), total=i18n.number(total, lg),
                        all=i18n.number(len(frame), lg)) if query else
                      t("table.rows_of", first=i18n.number(page * PAGE_ROWS + 1, lg),
                        last=i18n.number(page * PAGE_ROWS + len(rows), lg), total=i18n.number(total, lg)))
    forward.button(t("table.next"), key=f"{key}_next", disabled=page >= pages - 1, on_click=_turn,
                   args=(page_key, 1), icon=":material/chevron_right:", width="stretch")


def _now(key: Hashable, build: Callable):
    return build()


def programme_totals_table(topic: str | None = None) -> pd.DataFrame:
    """totals_table of the programme totals this session shows, made once per view and language."""
    view = whole_view()
    return view.get(("totals_table", topic, lang()), lambda: totals_table(view.dataset.programme_totals, topic))


def shown_targets_table(topic: str | None = None) -> pd.DataFrame:
    """targets_table, made once per view and language."""
    return whole_view().get(("targets_table", topic, lang()), lambda: targets_table(topic))


def _first_page(page_key: str) -> None:
    st.session_state[page_key] = 0


def _turn(page_key: str, step: int) -> None:
    st.session_state[page_key] = max(0, st.session_state.get(page_key, 0) + step)
