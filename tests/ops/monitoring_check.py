#!/usr/bin/python3
"""tests/ops/monitoring_check.py SCRAPE: check the Grafana dashboard and the
alert rules against a real /metrics scrape of a running host (SCRAPE, a
file).

- The metric-name extractor is right on known expressions (so a name it
  misses cannot pass unseen), and a misspelt metric is reported.
- containers/grafana/carbon-depict.json is valid JSON, a dashboard whose
  panels have unique ids, a Prometheus datasource, an expression per query
  and no overlapping places on the grid.
- Every PromQL expression of the dashboard (panels and template variables)
  names only metrics the scrape has, and only labels it has (plus the
  instance and job that Prometheus adds); every metric family the host
  exports is on the dashboard.
- Every expression of alerts.yml names a metric of the scrape, or up, or one
  of node_exporter's two filesystem metrics.

Prints one result line per check; exits 1 if any failed.
"""
import json
import os
import re
import sys

import yaml

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..")
DASHBOARD = os.path.join(root, "containers", "grafana", "carbon-depict.json")
ALERTS = os.path.join(root, "containers", "prometheus", "alerts.yml")

# Words that look like names in PromQL but are not metrics.
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan", "start",
            "end"}
# Labels Prometheus adds to every scraped series.
TARGET_LABELS = {"instance", "job"}
# What the alerts may read besides the host: its scrape state, and
# node_exporter's filesystem (with the label prometheus.yml adds).
ALERT_EXTRA = {"up", "node_filesystem_avail_bytes",
               "node_filesystem_size_bytes"}
ALERT_EXTRA_LABELS = {"cd_run_folder", "mountpoint", "device", "fstype"}

failed = 0


def result(ok, what, why=""):
    global failed
    if ok:
        print(f"  ok   - {what}")
    else:
        failed += 1
        print(f"  FAIL - {what}: {why}")


def strip_strings(expr):
    return re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)


def metric_names(expr):
    """The metric names an expression selects."""
    s = strip_strings(expr)
    # Grafana's label_values(METRIC, LABEL): the second is a label.
    s = re.sub(r"label_values\s*\(([^,()]*),[^()]*\)", r"(\1)", s)
    s = re.sub(r"\{[^}]*\}", " ", s)		# label matchers
    s = re.sub(r"\[[^\]]*\]", " ", s)		# ranges, subqueries
    s = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)",
               " ", s)
    names = set()
    for m in re.finditer(r"(?<![\w.$])[A-Za-z_:][\w:]*", s):
        rest = s[m.end():].lstrip()
        if rest.startswith("(") or m.group(0).lower() in KEYWORDS:
            continue				# a function, an aggregation
        names.add(m.group(0))
    return names


def label_names(expr):
    """The label names an expression matches on or groups by."""
    s = strip_strings(expr)
    labels = set()
    for block in re.findall(r"\{([^}]*)\}", s):
        labels |= set(re.findall(r"([A-Za-z_]\w*)\s*(?:=~|!~|!=|=)", block))
    for lst in re.findall(r"\b(?:by|without|on|ignoring|group_left|group_right)"
                          r"\s*\(([^)]*)\)", s):
        labels |= {w.strip() for w in lst.split(",") if w.strip()}
    # label_values(metric, label) in a template variable.
    for lst in re.findall(r"label_values\s*\(([^)]*)\)", s):
        labels.add(lst.split(",")[-1].strip())
    return labels


def scrape_names(text):
    """Metric names and label names of an exposition, and its families."""
    names, labels, families = set(), set(), set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            families.add(line.split()[2])
            continue
        if not line or line.startswith("#"):
            continue
        m = re.match(r"([A-Za-z_:][\w:]*)(\{([^}]*)\})?\s", line)
        if not m:
            continue
        names.add(m.group(1))
        if m.group(3):
            labels |= set(re.findall(r'([A-Za-z_]\w*)="', m.group(3)))
    return names, labels, families


def self_test():
    cases = {
        'sum by (route, le) (rate(cd_x_bucket{route!="/api/a{b}",le=~"1|2"}[$__rate_interval]))':
            {"cd_x_bucket"},
        'a / on(instance) group_left(job) b offset 5m > bool 1e3': {"a", "b"},
        'histogram_quantile(0.99, sum(rate(x[5m])) by (le))': {"x"},
        'absent(node_filesystem_avail_bytes{cd_run_folder="true"})':
            {"node_filesystem_avail_bytes"},
        'count by (instance) (cd_worker_pid{instance=~"$instance"} > 0)':
            {"cd_worker_pid"},
        'sum(increase(cd_y_total{status=~"5.."}[$__range])) / up and on() vector(1)':
            {"cd_y_total", "up"},
        'max_over_time(z[1h:5m]) unless w': {"z", "w"},
        'label_values(cd_w{job="a"}, instance)': {"cd_w"},
    }
    for expr, want in cases.items():
        got = metric_names(expr)
        result(got == want, f"the extractor finds {sorted(want)} in {expr[:50]}...",
               f"found {sorted(got)}")
    got = label_names('sum by (route, le) (x{status=~"5..",dependency="redis"})')
    result(got == {"route", "le", "status", "dependency"},
           "the extractor finds the labels of an expression", f"found {sorted(got)}")


def dashboard_exprs(dash):
    """(where, expression) of every query in the dashboard."""
    out = []
    for p in dash.get("panels", []):
        for t in p.get("targets", []):
            out.append((f"panel {p.get('id')} '{p.get('title')}' {t.get('refId')}",
                        t.get("expr")))
    for v in dash.get("templating", {}).get("list", []):
        if v.get("type") == "query":
            q = v.get("query")
            out.append((f"variable ${v.get('name')}",
                        q.get("query") if isinstance(q, dict) else q))
    return out


def check_dashboard(names, labels, families):
    try:
        with open(DASHBOARD) as f:
            dash = json.load(f)
    except (OSError, ValueError) as e:
        result(False, "carbon-depict.json is valid JSON", str(e))
        return
    result(True, "carbon-depict.json is valid JSON")
    panels = dash.get("panels", [])
    result(bool(dash.get("title")) and bool(dash.get("uid")) and panels,
           "the dashboard has a title, a uid and panels")
    ids = [p.get("id") for p in panels]
    result(len(ids) == len(set(ids)), "panel ids are unique", f"ids {ids}")
    queried = [p for p in panels if p.get("type") != "row"]
    bad = [p.get("title") for p in queried
           if p.get("datasource", {}).get("type") != "prometheus"
           or not p.get("targets") or any(not t.get("expr") for t in p["targets"])]
    result(not bad, "every panel has a Prometheus datasource and an expression per query",
           f"not so: {bad}")
    cells, overlap = {}, []
    for p in panels:
        g = p.get("gridPos", {})
        for x in range(g.get("x", 0), g.get("x", 0) + g.get("w", 0)):
            for y in range(g.get("y", 0), g.get("y", 0) + g.get("h", 0)):
                if (x, y) in cells and cells[(x, y)] != p.get("title"):
                    overlap.append((cells[(x, y)], p.get("title")))
                cells[(x, y)] = p.get("title")
        if g.get("x", 0) + g.get("w", 0) > 24:
            overlap.append((p.get("title"), "the right edge"))
    result(not overlap, "no two panels overlap on the grid",
           f"{sorted(set(overlap))[:3]}")

    exprs = dashboard_exprs(dash)
    used = set()
    for where, expr in exprs:
        got = metric_names(expr or "")
        used |= got
        unknown = got - names
        result(got and not unknown, f"{where} names only metrics /metrics has",
               f"unknown {sorted(unknown)}" if unknown else "names no metric")
        unknown = label_names(expr or "") - labels - TARGET_LABELS
        if unknown:
            result(False, f"{where} uses only labels /metrics has",
                   f"unknown {sorted(unknown)}")
    # Families: a histogram's samples are FAMILY_bucket, _sum, _count.
    shown = {f for f in families
             if f in used or any(u.startswith(f + "_") for u in used)}
    missing = {f for f in families if not f.startswith("cd_plugin_")
               or f == "cd_plugin_loads_total"} - shown
    result(not missing, "every metric family the host exports is on the dashboard",
           f"missing {sorted(missing)}")


def check_alerts(names, labels):
    with open(ALERTS) as f:
        rules = yaml.safe_load(f)
    for grp in rules["groups"]:
        for r in grp["rules"]:
            got = metric_names(r["expr"])
            unknown = got - names - ALERT_EXTRA
            result(got and not unknown,
                   f"alert {r.get('alert')} names only metrics of the host, up or node_exporter",
                   f"unknown {sorted(unknown)}" if unknown else "names no metric")
            unknown = label_names(r["expr"]) - labels - TARGET_LABELS - ALERT_EXTRA_LABELS
            result(not unknown, f"alert {r.get('alert')} uses only labels that exist",
                   f"unknown {sorted(unknown)}")


def main():
    if len(sys.argv) != 2:
        print("usage: monitoring_check.py SCRAPE_FILE", file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        text = f.read()
    names, labels, families = scrape_names(text)
    result("cd_http_requests_total" in names and "cd_http_request_duration_seconds_bucket" in names,
           "the scrape has request series (the host was asked something first)",
           f"names: {sorted(names)}")
    self_test()
    # A misspelt name is caught: the check is not vacuous.
    bad = metric_names('sum(rate(cd_http_requests_totl{route="/x"}[5m]))') - names
    result(bad == {"cd_http_requests_totl"}, "a misspelt metric name is reported as unknown",
           f"unknown {sorted(bad)}")
    check_dashboard(names, labels, families)
    check_alerts(names, labels)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
