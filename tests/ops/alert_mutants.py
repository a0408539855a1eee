#!/usr/bin/python3
"""tests/ops/alert_mutants.py: break the alert rules and check that
containers/prometheus/alerts.test.yml notices, alert by alert.

Two mutants of alerts.yml, each replacing every alert's expression:
  never:  "vector(0) > 1"  (no alert can fire)
  always: "vector(1)"      (every alert fires at every evaluation)
`promtool test rules` must fail on both and name every alert among its
failed assertions: "never" shows each alert is asserted to fire, "always"
that each alert's assertions would notice it firing when or how it must
not.  (No rule reads another's result, so breaking them all at once says
the same per alert as breaking them one by one, in two runs instead of
two per alert.)  Also checks that each alert has an assertion that it
fires and one (exp_alerts: []) that it stays silent.  Prints one result
line per alert and check.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

here = os.path.dirname(os.path.abspath(__file__))
prom = os.path.join(here, "..", "..", "containers", "prometheus")
rules_path = os.path.join(prom, "alerts.yml")
tests_path = os.path.join(prom, "alerts.test.yml")

MUTANTS = {"never fires": "vector(0) > 1", "always fires": "vector(1)"}


def main():
    with open(rules_path) as f:
        rules = yaml.safe_load(f)
    names = [r["alert"] for grp in rules["groups"] for r in grp["rules"]
             if "alert" in r]
    if any("record" in r for grp in rules["groups"] for r in grp["rules"]):
        print("  FAIL - alerts.yml has recording rules: mutate them one by one instead")
        return 1
    if not names:
        print("  FAIL - alerts.yml has no alert rules")
        return 1
    failed = 0
    # Every alert has an assertion that it fires and one that it does not.
    with open(tests_path) as f:
        tests = yaml.safe_load(f)
    fires, silent = set(), set()
    for t in tests["tests"]:
        for a in t.get("alert_rule_test", []):
            (fires if a.get("exp_alerts") else silent).add(a["alertname"])
    for name in names:
        for kind, seen in (("fires", fires), ("stays silent", silent)):
            what = f"alerts.test.yml asserts that {name} {kind} at some time"
            if name in seen:
                print(f"  ok   - {what}")
            else:
                failed += 1
                print(f"  FAIL - {what}: no such alert_rule_test")
    with tempfile.TemporaryDirectory(prefix="cd-alert-mutants.") as tmp:
        shutil.copy(tests_path, os.path.join(tmp, "alerts.test.yml"))
        for kind, expr in MUTANTS.items():
            mutant = yaml.safe_load(yaml.safe_dump(rules))
            for grp in mutant["groups"]:
                for r in grp["rules"]:
                    r["expr"] = expr
            with open(os.path.join(tmp, "alerts.yml"), "w") as f:
                yaml.safe_dump(mutant, f, sort_keys=False)
            r = subprocess.run(["promtool", "test", "rules", "alerts.test.yml"],
                               cwd=tmp, capture_output=True, text=True)
            out = r.stdout + r.stderr
            caught = set(re.findall(r"alertname: (\w+), time:", out))
            if r.returncode == 0:
                caught = set()
            for name in names:
                what = f"alerts.test.yml catches {name} broken to '{expr}' ({kind})"
                if name in caught:
                    print(f"  ok   - {what}")
                else:
                    failed += 1
                    print(f"  FAIL - {what}: no failed assertion names it")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
