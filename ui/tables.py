"""Record tables for st.dataframe: chosen columns, headers in the interface language, the record's
own text kept as written (st.dataframe draws text as text: markup in the data is never run)."""
from __future__ import annotations

import pandas as pd

from geo import i18n
from geo.i18n import date_label, localised
from geo.render.reported import metric_label, source_title, status_text, unit_label
from geo.schema import ACTIVITY_TYPES
from ui.state import lang, t


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

