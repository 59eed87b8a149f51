"""Targets the sources set (at least 3,000 members of the armed groups to integrate; a 30 % quota of
women in the Agreement's follow-up committee), each beside the result the sources report for it,
when they report one, both with their periods: "at least 3,000" (resolution 2531, 2020) beside
"1,330" (2019-2020). A share of the target only where the source relates the result to it (and
"at most" when the target is "at least"); 003 does not, so none is given. A target is never
invented, nor a result.

>>> table = targets_with_results(load_targets(), load_totals())
>>> row = table.set_index("target_id").loc["FDSM-INTEGRATION-3000"]
>>> int(row["result_value"]), row["result_period"], float(row["share"])
(1330, '2019-2020', nan)
"""
from __future__ import annotations

import functools

import pandas as pd

from geo.model.reported import not_planned
from geo.paths import DATA_DIR


@functools.lru_cache(maxsize=1)
def load_targets() -> pd.DataFrame:
    """data/targets.csv: target_id, topic, metric(_fr), target_value, target_value_qualifier, unit,
    period(_fr) and period_quote (what sets the target, when), result_id (a programme total's
    total_id, or empty), result_related_quote (the sentence relating the result to the target, or
    empty), result_note, source_doc, source_quote."""
    return pd.read_csv(DATA_DIR / "targets.csv", dtype=str, keep_default_na=False)


def load_totals() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "programme_totals.csv", dtype={"as_of": str})


def targets_with_results(targets: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """The targets with result_value, result_qualifier, result_period, result_source where the
    result is among `totals` (empty, NaN, where the sources give none; a planned figure is never a
    result), and share (result / target) with share_qualifier only where the source relates the
    two (result_related_quote): 'at_most' for a target of 'at least', 'about' for an approximate one."""
    results = not_planned(totals).set_index("total_id") if "total_id" in totals else pd.DataFrame()
    out = targets.copy()
    found = out["result_id"].map(lambda i: i in results.index if i else False)

    def result(column: str) -> list[str]:
        return [_text(results.loc[i].get(column)) if f else "" for i, f in zip(out["result_id"], found)]

    out["result_value"] = [float(results.loc[i, "value"]) if f else float("nan") for i, f in zip(out["result_id"], found)]
    out["result_qualifier"] = result("value_qualifier")
    out["result_period"] = [p or a for p, a in zip(result("period"), result("as_of"))]
    out["result_source"] = result("source_doc")
    related = out.get("result_related_quote", pd.Series("", index=out.index)).fillna("").astype(str).str.strip().ne("")
    share = out["result_value"] / pd.to_numeric(out["target_value"], errors="coerce")
    out["share"] = share.where(related)
    bound = out["target_value_qualifier"].fillna("").map({"at_least": "at_most", "more_than": "at_most",
                                                          "about": "about", "nearly": "about"}).fillna("")
    out["share_qualifier"] = bound.where(out["share"].notna(), "")
    return out


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""
