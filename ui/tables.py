"""Record tables for st.dataframe: chosen columns, headers in the interface language, the record's
own text kept as written (st.dataframe draws text as text: markup in the data is never run)."""
from __future__ import annotations

import pandas as pd

from geo.i18n import date_label, localised
from ui.state import lang, t


def record_table(frame: pd.DataFrame, columns: list[tuple[str, str]], dates: dict[str, str] | None = None) -> pd.DataFrame:
    """`columns`: [(column, catalogue key of its header)]. `dates`: {column: precision column} to
    write dates with the precision the source gives."""
    out = pd.DataFrame(index=frame.index)
    for column, key in columns:
        if dates and column in dates:
            precision = frame[dates[column]] if dates[column] in frame else pd.Series("day", index=frame.index)
            out[t(key)] = [date_label(str(v)[:10], p, lang()) if not pd.isna(v) and str(v).strip() else t("date.unknown")
                           for v, p in zip(frame.get(column, pd.Series(None, index=frame.index)), precision)]
        elif f"{column}_fr" in frame:   # a column written in both languages: the reader's
            out[t(key)] = localised(frame, column, lang())
        elif column == "location_source":
            out[t(key)] = frame[column].astype(str).map(lambda s: t(f"location.{s}")) if column in frame else ""
        elif column == "site_type":
            out[t(key)] = frame[column].map(lambda s: t(f"site_type.{s}") if s in ("cantonment", "moc_camp") else s)
        else:
            out[t(key)] = frame.get(column)
    return out.reset_index(drop=True)


def totals_table(totals: pd.DataFrame, topic: str | None = None) -> pd.DataFrame:
    """Programme totals of one topic (the `topic` column: cvr, ddr, trainings, ssr; None for all),
    as reported (value, unit, period), with their source."""
    from geo.i18n import number

    chosen = totals if topic is None else totals[totals["topic"].eq(topic)]
    out = pd.DataFrame({
        t("field.programme"): chosen["programme"], t("field.metric"): localised(chosen, "metric", lang()),
        t("field.value"): [number(v, lang()) for v in chosen["value"]], t("field.unit"): chosen["unit"],
        t("field.period"): chosen["period"].fillna(chosen["as_of"]), t("field.regions"): chosen["regions"],
        t("field.source_doc"): chosen["source_doc"], t("field.source_quote"): chosen["source_quote"]})
    return out.reset_index(drop=True)
