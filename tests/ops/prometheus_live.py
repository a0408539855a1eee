#!/usr/bin/python3
"""tests/ops/prometheus_live.py: the shipped Prometheus config and rules
against a real host, in Debian's Prometheus.

  prometheus_live.py --host URL --stop-redis CMD --stop-db CMD

Writes containers/prometheus/prometheus.yml with only its targets, ports
and intervals changed (1 s scrapes and evaluations; the carbon-depict job
points at URL, the node job at a stand-in node_exporter serving a fixed
filesystem list, no Alertmanager), starts Prometheus on a free port and
checks:
- both jobs are scraped and up (Prometheus parses the host's exposition);
- the node job's relabelling marks only the run folder's filesystem;
- every alert rule evaluates without error on the real series, none fires
  while all is well;
- every dashboard expression runs (Grafana variables substituted) and the
  main panels have data; "Workers serving" counts the host's 2 workers;
- after CMD of --stop-redis, the host's cd_dependency_up turns 0 and
  CarbonDepictRedisDown goes pending; the same for --stop-db and
  CarbonDepictDatabaseDown.
Prints one result line per check; exits 1 if any failed.
"""
import argparse
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
PROM_DIR = os.path.join(root, "containers", "prometheus")
DASHBOARD = os.path.join(root, "containers", "grafana", "carbon-depict.json")

NODE_METRICS = """\
# HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.
# TYPE node_filesystem_avail_bytes gauge
node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 5e+10
node_filesystem_avail_bytes{device="/dev/sda2",fstype="ext4",mountpoint="/boot"} 1e+06
node_filesystem_avail_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 1e+06
# HELP node_filesystem_size_bytes Filesystem size in bytes.
# TYPE node_filesystem_size_bytes gauge
node_filesystem_size_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 1e+11
node_filesystem_size_bytes{device="/dev/sda2",fstype="ext4",mountpoint="/boot"} 5e+08
node_filesystem_size_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 1e+08
"""

failed = 0


def result(ok, what, why=""):
    global failed
    if ok:
        print(f"  ok   - {what}", flush=True)
    else:
        failed += 1
        print(f"  FAIL - {what}: {why}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NodeHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = NODE_METRICS.encode()
        self.send_response(200 if self.path == "/metrics" else 404)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode()


class Prom:
    def __init__(self, base):
        self.base = base

    def api(self, path, **params):
        url = f"{self.base}/api/v1/{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        try:
            return json.loads(get(url))
        except urllib.error.HTTPError as e:
            return json.loads(e.read().decode() or "{}")

    def query(self, expr):
        return self.api("query", query=expr)


def wait_for(what, fn, timeout):
    """Poll fn until it returns a true value or timeout seconds pass."""
    end = time.monotonic() + timeout
    last = None
    while time.monotonic() < end:
        try:
            last = fn()
            if last:
                return last
        except (OSError, ValueError, KeyError) as e:
            last = e
        time.sleep(0.3)
    return None


def write_config(tmp, host, node, prom_port):
    with open(os.path.join(PROM_DIR, "prometheus.yml")) as f:
        cfg = yaml.safe_load(f)
    jobs = {j["job_name"]: j for j in cfg["scrape_configs"]}
    for name in ("carbon-depict", "node"):
        if name not in jobs:
            result(False, f"prometheus.yml has a '{name}' job", "the alerts need it")
            return None
    cfg["global"].update(scrape_interval="1s", scrape_timeout="1s",
                         evaluation_interval="1s")
    cfg.pop("alerting", None)
    cfg["rule_files"] = [os.path.join(PROM_DIR, r) for r in cfg["rule_files"]]
    jobs["carbon-depict"]["static_configs"] = [{"targets": [host]}]
    jobs["node"]["static_configs"] = [{"targets": [node]}]
    if "prometheus" in jobs:
        jobs["prometheus"]["static_configs"] = [{"targets": [f"127.0.0.1:{prom_port}"]}]
    path = os.path.join(tmp, "prometheus.yml")
    with open(path, "w") as f:
        yaml.safe_dump(cfg, f, sort_keys=False)
    return path


def alert_states(prom, name):
    return {a["state"] for a in prom.api("alerts")["data"]["alerts"]
            if a["labels"].get("alertname") == name}


def check_targets(prom):
    def all_up():
        r = prom.query('up{job=~"carbon-depict|node"}')["data"]["result"]
        got = {x["metric"]["job"]: x["value"][1] for x in r}
        return got if got == {"carbon-depict": "1", "node": "1"} else None
    got = wait_for("targets up", all_up, 20)
    result(got is not None, "Prometheus scrapes the host and node_exporter (up == 1 for both jobs)",
           f"up: {prom.query('up')['data']['result']}")
    r = prom.query("cd_http_requests_total")["data"]["result"]
    result(len(r) > 0, "the host's request series are in Prometheus", "none")


def check_relabel(prom):
    r = prom.query('node_filesystem_avail_bytes{cd_run_folder="true"}')["data"]["result"]
    mounts = sorted(x["metric"].get("mountpoint") for x in r)
    result(mounts == ["/"], "the node job marks only the run folder's filesystem (/) cd_run_folder",
           f"marked: {mounts}")
    r = prom.query('node_filesystem_size_bytes{cd_run_folder="true"}')["data"]["result"]
    result(len(r) == 1, "its size series is marked too", f"{len(r)} series")


def check_rules(prom):
    def evaluated():
        groups = prom.api("rules")["data"]["groups"]
        rules = [r for g in groups for r in g["rules"]]
        return rules if rules and all(r.get("lastEvaluation", "").startswith("20")
                                      and r.get("health") != "unknown"
                                      for r in rules) else None
    rules = wait_for("rules evaluated", evaluated, 15) or []
    result(len(rules) > 0, "Prometheus loaded and evaluated the alert rules", "none evaluated")
    for r in rules:
        result(r.get("health") == "ok", f"rule {r['name']} evaluates without error on real series",
               f"health {r.get('health')}: {r.get('lastError')}")
    firing = [a["labels"]["alertname"] for a in prom.api("alerts")["data"]["alerts"]]
    result(not firing, "no alert is pending or firing while everything is up",
           f"active: {firing}")


def check_dashboard(prom):
    with open(DASHBOARD) as f:
        dash = json.load(f)
    data = {}
    for p in dash["panels"]:
        for t in p.get("targets", []):
            expr = (t["expr"].replace("$__rate_interval", "1m")
                    .replace("$__range", "1h").replace("$instance", ".*"))
            r = prom.query(expr)
            ok = r.get("status") == "success"
            result(ok, f"dashboard '{p['title']}' {t['refId']} runs in Prometheus",
                   r.get("error", "no answer"))
            if ok:
                data[(p["title"], t["refId"])] = r["data"]["result"]
    for title in ("Requests per second by route and status",
                  "Latency p50 / p95 / p99 (all routes)", "p99 by route",
                  "Plugin loads (reloads) by result", "PostgreSQL", "Redis",
                  "Dependency state by host"):
        result(bool(data.get((title, "A"))), f"dashboard '{title}' has data from the host",
               "empty result")
    workers = data.get(("Workers serving", "A")) or [{"value": [0, "none"]}]
    result(workers[0]["value"][1] == "2", "dashboard 'Workers serving' counts the host's 2 workers",
           f"got {workers[0]['value'][1]}")


def check_down(prom, host_url, dep, alert, stop_cmd):
    r = subprocess.run(stop_cmd, shell=True, capture_output=True, text=True)
    if r.returncode != 0:
        result(False, f"stopping {dep} for the test", r.stderr.strip()[-300:])
        return

    def host_sees_it():
        try:
            get(f"{host_url}/api/ready")	# a probe refreshes the state
        except urllib.error.HTTPError:
            pass				# 503 when the database is down
        m = get(f"{host_url}/metrics")
        return f'cd_dependency_up{{dependency="{dep}"}} 0' in m
    result(wait_for(dep, host_sees_it, 15) is not None,
           f"the host reports cd_dependency_up{{dependency=\"{dep}\"}} 0 once {dep} stops",
           "still 1")
    states = wait_for(alert, lambda: alert_states(prom, alert) & {"pending", "firing"}, 20)
    result(states is not None, f"{alert} goes pending in Prometheus", "not active")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", required=True, help="the host's base URL")
    ap.add_argument("--stop-redis", required=True, help="a shell command that stops Redis")
    ap.add_argument("--stop-db", required=True, help="a shell command that stops PostgreSQL")
    a = ap.parse_args()
    prom_bin = shutil.which("prometheus")
    if not prom_bin:
        result(False, "Prometheus is installed", "apt-get install -y prometheus (tools/deps)")
        return 1
    node = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NodeHandler)
    threading.Thread(target=node.serve_forever, daemon=True).start()
    port = free_port()
    host = urllib.parse.urlparse(a.host).netloc
    with tempfile.TemporaryDirectory(prefix="cd-prom.") as tmp:
        cfg = write_config(tmp, host, f"127.0.0.1:{node.server_address[1]}", port)
        if cfg is None:
            return 1
        log = open(os.path.join(tmp, "prometheus.log"), "w")
        proc = subprocess.Popen([prom_bin, f"--config.file={cfg}",
                                 f"--storage.tsdb.path={tmp}/data",
                                 f"--web.listen-address=127.0.0.1:{port}"],
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            if not wait_for("ready", lambda: get(f"{base}/-/ready"), 30):
                log.flush()
                with open(log.name) as f:
                    sys.stderr.write(f.read()[-2000:])
                result(False, "Prometheus starts with the shipped config", "not ready in 30 s")
                return 1
            result(True, "Prometheus starts with the shipped config and rules")
            prom = Prom(base)
            check_targets(prom)
            check_relabel(prom)
            time.sleep(2)		# a few scrapes, so rates have two points
            check_rules(prom)
            check_dashboard(prom)
            check_down(prom, a.host, "redis", "CarbonDepictRedisDown", a.stop_redis)
            check_down(prom, a.host, "database", "CarbonDepictDatabaseDown", a.stop_db)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
            node.shutdown()
            log.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
