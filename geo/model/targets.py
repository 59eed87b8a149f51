"""Targets the sources set (at least 3,000 members of the armed groups to integrate; a 30 % quota of
women in the Agreement's follow-up committee), each beside the result the sources report for it,
when they report one: "1,330 of at least 3,000 (44 %)". A target is never invented, nor a result.

>>> table = targets_with_results(load_targets(), load_totals())
>>> row = table.set_index("target_id").loc["FDSM-INTEGRATION-3000"]
>>> int(row["result_value"]), round(float(row["share"]), 2)
(1330, 0.44)
"""
from __future__ import annotations

import functools

import pandas as pd

from geo.model.reported import not_planned
from geo.paths import DATA_DIR


@functools.lru_cache(maxsize=1)
def load_targets() -> pd.DataFrame:
    """data/targets.csv: target_id, topic, metric(_fr), target_value, target_value_qualifier, unit,
    result_id (a programme total's total_id, or empty), result_note, source_doc, source_quote."""
    return pd.read_csv(DATA_DIR / "targets.csv", dtype=str, keep_default_na=False)


def load_totals() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "programme_totals.csv", dtype={"as_of": str})


def targets_with_results(targets: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """The targets with result_value, result_qualifier, result_source and share (result / target)
    where the result is among `totals`; empty (NaN) where the sources give none. A planned figure
    is never a result."""
    results = not_planned(totals).set_index("total_id") if "total_id" in totals else pd.DataFrame()
    out = targets.copy()
    found = out["result_id"].map(lambda i: i in results.index if i else False)
    out["result_value"] = [float(results.loc[i, "value"]) if f else float("nan") for i, f in zip(out["result_id"], found)]
    out["result_qualifier"] = [str(results.loc[i].get("value_qualifier", "") or "") if f else ""
                               for i, f in zip(out["result_id"], found)]
    out["result_source"] = [results.loc[i, "source_doc"] if f else "" for i, f in zip(out["result_id"], found)]
    out["share"] = out["result_value"] / pd.to_numeric(out["target_value"], errors="coerce")
    return out
