"""Part of test/bench/evaluate.sql (called with \\!): the pandas baseline of
one month, when numpy and pandas are importable: load the month's
measurements, scheme items and layers from PostgreSQL (psql COPY, CSV) and
compute the same measured totals, blended totals, grades and three ranks.
Arguments: the month's period id and how many runs (default 5).  Prints
their wall times in milliseconds, space-separated (the benchmark calls it
once a month, next to evaluate's first run, and takes the median, as
evaluate's), or 'NaN' without pandas."""
import io
import os
import subprocess
import sys
import time

try:
    import numpy as np
    import pandas as pd
except ImportError:
    # a python3 first on PATH (pyenv, a venv) may lack the distribution's
    # python3-pandas: try the system interpreter once
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("NaN")
    sys.exit(0)

period = int(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5


def load(q):
    out = subprocess.run(["psql", "-X", "-q", "-c", f"COPY ({q}) TO STDOUT WITH CSV HEADER"],
                         check=True, capture_output=True).stdout
    return pd.read_csv(io.BytesIO(out))


def once():
    m = load(f"SELECT m.agent_id, m.indicator_id, m.value FROM perfeval.measurement m WHERE m.period_id = {period}")
    si = load("SELECT si.indicator_id, si.weight_bp, si.worst, si.best, si.critical, si.critical_threshold, "
              "i.direction FROM perfeval.scheme_item si JOIN perfeval.indicator i ON i.id = si.indicator_id "
              "WHERE si.scheme_version_id = 1")
    ag = load("SELECT a.id AS agent_id, a.employee_no, a.team_id, t.department_id FROM perfeval.agent a "
              "JOIN perfeval.team t ON t.id = a.team_id")
    ly = load(f"SELECT agent_id, layer, score FROM perfeval.layer_score WHERE period_id = {period}")
    si["critical"] = si["critical"].astype(str).eq("t")
    d = m.merge(si, on="indicator_id")
    lin = d["worst"].notna()
    frac = ((d["value"] - d["worst"]) / (d["best"] - d["worst"])).clip(0, 1)
    d["score"] = np.where(lin, (100 * frac).round(4), 0.0)
    hb = d["direction"] == "higher_better"
    d["crit"] = d["critical"] & np.where(hb, d["value"] < d["critical_threshold"], d["value"] > d["critical_threshold"])
    d["ws"] = d["weight_bp"] * d["score"]
    g = d.groupby("agent_id").agg(ws=("ws", "sum"), w=("weight_bp", "sum"), crit=("crit", "any"))
    g["measured"] = np.where(g["crit"], 0, (g["ws"] / g["w"]).round(4))
    lp = ly.pivot(index="agent_id", columns="layer", values="score")
    g = g.join(lp).join(ag.set_index("agent_id"))
    s = g.get("self")
    dp = g.get("department")
    num = s.fillna(0) * 0.2 + dp.fillna(0) * 0.3 + g["measured"] * 0.5
    den = s.notna() * 0.2 + dp.notna() * 0.3 + 0.5
    g["total"] = np.where(g["crit"], 0, (num / den).round(4))
    g["grade"] = pd.cut(g["total"], [-1, 60, 70, 80, 90, 101], right=False, labels=False)
    g = g.reset_index().sort_values(["total", "employee_no"], ascending=[False, True])
    g["rank_company"] = np.arange(1, len(g) + 1)
    g["rank_team"] = g.groupby("team_id").cumcount() + 1
    g["rank_department"] = g.groupby("department_id").cumcount() + 1
    return len(g)


times = []
try:
    for _ in range(runs):
        t0 = time.perf_counter()
        once()
        times.append((time.perf_counter() - t0) * 1000)
except Exception as exc:          # the benchmark goes on without this baseline
    print(f"pandas baseline failed: {exc}", file=sys.stderr)
    times = []
print(" ".join(str(round(t, 1)) for t in times) if times else "NaN")
