#!/usr/bin/python3
"""tests/ops/k8s_check.py [DIR]: parse every manifest in containers/k8s (or
DIR) and check the invariants the deployment relies on; then break each
invariant in a copy (in memory) and check that it is caught.

Invariants:
- every file parses (all its documents), each document has apiVersion,
  kind and metadata.name, and namespaced kinds name the namespace;
- no secret inline: no kind: Secret with data or stringData, no env value
  or ConfigMap entry whose name or value looks like a password, secret,
  token or key, or a URL with a password; env values from elsewhere come
  only through secretKeyRef, configMapKeyRef or fieldRef; secret-looking
  variables come through secretKeyRef;
- workloads: runAsNonRoot, a non-zero uid (1001 for the host), no
  privilege escalation, all capabilities dropped, read-only root
  filesystem, no host network, PID or paths; every container has cpu and
  memory requests and limits, liveness and readiness probes on a declared
  port, an image with a tag that is not :latest; every mount has a volume;
- the host: liveness on /api/health, readiness on /api/ready, emptyDir
  volumes for the plugin cache and the spool;
- the listening port a ConfigMap or env variable sets (CD_PORT,
  NGINX_HTTP_PORT, NGINX_HTTPS_PORT) is the container port of that name;
- references: Services select pods of a Deployment and target a declared
  port, nginx's upstreams are Services and ports in the folder, the HPA and the PDB point at a Deployment (the PDB leaving room to
  drain), envFrom names a ConfigMap in the folder, kustomization.yaml lists
  every file.

Prints one result line per check; exits 1 if any failed.
"""
import copy
import glob
import os
import re
import sys

import yaml

here = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = os.path.join(here, "..", "..", "containers", "k8s")

NAMESPACE = "carbon-depict"
HOST_NAME = "carbon-depict"		# the host Deployment
HOST_UID = 1001
CLUSTER_KINDS = {"Namespace", "ClusterRole", "ClusterRoleBinding",
                 "PriorityClass", "StorageClass", "Kustomization"}
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet"}
SECRET_NAME = re.compile(r"PASS(WORD|WD)?|SECRET|TOKEN|(^|_)KEY($|_)|CREDENTIAL|PRIVATE|_URL$",
                         re.I)
SECRET_VALUE = re.compile(r"://[^/@\s:]*:[^@\s]+@|password|secret|BEGIN [A-Z ]*PRIVATE KEY",
                          re.I)
# Variables naming the port a program listens on, and the port's name.
LISTEN_VARS = [("CD_PORT", "http"), ("NGINX_HTTP_PORT", "http"),
               ("NGINX_HTTPS_PORT", "https")]
ALLOWED_REFS = {"secretKeyRef", "configMapKeyRef", "fieldRef", "resourceFieldRef"}


class Report:
    def __init__(self):
        self.items = []		# (ok, what, why)

    def check(self, ok, what, why=""):
        self.items.append((bool(ok), what, why))
        return ok

    def failures(self):
        return [(w, y) for ok, w, y in self.items if not ok]


def load(dirname):
    """{file: [documents]}, or raises with the file named."""
    files = {}
    for path in sorted(glob.glob(os.path.join(dirname, "*.yaml")) +
                       glob.glob(os.path.join(dirname, "*.yml"))):
        with open(path) as f:
            files[os.path.basename(path)] = [d for d in yaml.safe_load_all(f)
                                             if d is not None]
    return files


def pod_spec(doc):
    return doc.get("spec", {}).get("template", {}).get("spec", {})


def pod_labels(doc):
    return doc.get("spec", {}).get("template", {}).get("metadata", {}).get("labels", {})


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def image_ok(image):
    if not image or "@sha256:" in image:
        return bool(image), "no image"
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return False, f"image {image} has no tag (means :latest)"
    if last.endswith(":latest"):
        return False, f"image {image} is :latest"
    return True, ""


def secretish(name, value):
    if SECRET_NAME.search(name or ""):
        return True
    return isinstance(value, str) and bool(SECRET_VALUE.search(value))


def check_secrets(r, where, doc):
    kind = doc.get("kind")
    if kind == "Secret":
        r.check(not doc.get("data") and not doc.get("stringData"),
                f"{where}: no Secret with inline data",
                "a Secret with data or stringData is in the manifests")
    if kind == "ConfigMap":
        bad = [k for k, v in (doc.get("data") or {}).items() if secretish(k, v)]
        r.check(not bad, f"{where}: the ConfigMap holds nothing secret-looking",
                f"secret-looking entries {bad}")


def check_env(r, where, c):
    inline, refs, unsafe = [], [], []
    for e in c.get("env") or []:
        name = e.get("name", "")
        if "value" in e:
            if secretish(name, e.get("value")):
                inline.append(name)
        else:
            src = set((e.get("valueFrom") or {}).keys())
            if not src or not src <= ALLOWED_REFS:
                refs.append(name)
            if SECRET_NAME.search(name) and src != {"secretKeyRef"}:
                unsafe.append(name)
    r.check(not inline, f"{where}: no password, secret, token or key inline in env",
            f"inline secret-looking env {inline}")
    r.check(not refs, f"{where}: env comes only from secretKeyRef, configMapKeyRef or fieldRef",
            f"other sources for {refs}")
    r.check(not unsafe, f"{where}: secret-looking env comes through secretKeyRef",
            f"not from a Secret: {unsafe}")


def probe_port_ok(probe, ports):
    port = (probe.get("httpGet") or probe.get("tcpSocket") or {}).get("port")
    return port is not None and (port in ports)


def check_workload(r, where, doc, configmaps):
    spec = pod_spec(doc)
    psc = spec.get("securityContext") or {}
    is_host = doc["metadata"]["name"] == HOST_NAME
    r.check(not spec.get("hostNetwork") and not spec.get("hostPID") and not spec.get("hostIPC"),
            f"{where}: no host network, PID or IPC", "host namespaces used")
    host_paths = [v.get("name") for v in spec.get("volumes") or [] if "hostPath" in v]
    r.check(not host_paths, f"{where}: no hostPath volumes", f"hostPath {host_paths}")
    volumes = {v.get("name"): v for v in spec.get("volumes") or []}
    containers = (spec.get("initContainers") or []) + (spec.get("containers") or [])
    r.check(spec.get("containers"), f"{where}: has containers", "none")
    for c in containers:
        cw = f"{where} container {c.get('name')}"
        long_running = c in (spec.get("containers") or [])
        sc = c.get("securityContext") or {}
        nonroot = sc.get("runAsNonRoot", psc.get("runAsNonRoot"))
        uid = sc.get("runAsUser", psc.get("runAsUser"))
        r.check(nonroot is True, f"{cw}: runAsNonRoot", "runAsNonRoot is not true")
        r.check(isinstance(uid, int) and uid != 0, f"{cw}: runs as a non-zero uid",
                f"runAsUser {uid}")
        if is_host:
            r.check(uid == HOST_UID, f"{cw}: the host runs as uid {HOST_UID}", f"runAsUser {uid}")
        r.check(sc.get("allowPrivilegeEscalation") is False and not sc.get("privileged"),
                f"{cw}: no privilege escalation", "allowPrivilegeEscalation is not false")
        r.check("ALL" in ((sc.get("capabilities") or {}).get("drop") or []),
                f"{cw}: drops all capabilities", "capabilities.drop lacks ALL")
        r.check(sc.get("readOnlyRootFilesystem") is True, f"{cw}: readOnlyRootFilesystem",
                "readOnlyRootFilesystem is not true")
        res = c.get("resources") or {}
        missing = [f"{k}.{x}" for k in ("requests", "limits") for x in ("cpu", "memory")
                   if not (res.get(k) or {}).get(x)]
        r.check(not missing, f"{cw}: cpu and memory requests and limits",
                f"missing resources {missing}")
        ok, why = image_ok(c.get("image"))
        r.check(ok, f"{cw}: image {c.get('image')} has a tag that is not :latest", why)
        ports = set()
        for p in c.get("ports") or []:
            ports.add(p.get("containerPort"))
            if p.get("name"):
                ports.add(p["name"])
        if long_running:
            for kind in ("livenessProbe", "readinessProbe"):
                p = c.get(kind)
                r.check(p and probe_port_ok(p, ports),
                        f"{cw}: {kind} on a declared port",
                        "missing" if not p else f"port not among {sorted(map(str, ports))}")
        mounts = [m.get("name") for m in c.get("volumeMounts") or []]
        r.check(all(m in volumes for m in mounts), f"{cw}: every volumeMount has a volume",
                f"mounts {mounts}, volumes {sorted(volumes)}")
        check_env(r, cw, c)
        for ef in c.get("envFrom") or []:
            if "configMapRef" in ef:
                name = ef["configMapRef"].get("name")
                r.check(name in configmaps, f"{cw}: envFrom ConfigMap {name} is in the manifests",
                        f"no ConfigMap {name}")
            if "secretRef" in ef:
                r.check(True, f"{cw}: envFrom Secret {ef['secretRef'].get('name')} (by reference)")
        # The port the program listens on (its variable) is the one declared.
        env = {}
        for ef in c.get("envFrom") or []:
            env.update(configmaps.get((ef.get("configMapRef") or {}).get("name"), {}))
        env.update({e["name"]: e["value"] for e in c.get("env") or [] if "value" in e})
        named = {p.get("name"): p.get("containerPort") for p in c.get("ports") or []}
        for var, pname in LISTEN_VARS:
            if var in env and pname in named:
                r.check(str(env[var]) == str(named[pname]),
                        f"{cw}: {var} ({env[var]}) is the declared port '{pname}'",
                        f"{var}={env[var]} but containerPort {pname} is {named[pname]}")
        if is_host and long_running:
            live = (c.get("livenessProbe") or {}).get("httpGet", {}).get("path")
            ready = (c.get("readinessProbe") or {}).get("httpGet", {}).get("path")
            r.check(live == "/api/health", f"{cw}: liveness probe GET /api/health",
                    f"liveness path {live}")
            r.check(ready == "/api/ready", f"{cw}: readiness probe GET /api/ready",
                    f"readiness path {ready}")
            for what in ("run/plugin-cache", "run/spool"):
                m = [x for x in c.get("volumeMounts") or []
                     if x.get("mountPath", "").rstrip("/").endswith(what)]
                ok = bool(m) and "emptyDir" in volumes.get(m[0].get("name"), {})
                r.check(ok, f"{cw}: an emptyDir is mounted at .../{what}",
                        "no such mount" if not m else "its volume is not an emptyDir")


def check_upstreams(r, docs):
    """nginx's NGINX_UPSTREAMS name Services (NAME.NAMESPACE.svc...:PORT) here."""
    services = {(d["metadata"]["name"], d["metadata"].get("namespace")):
                {p.get("port") for p in d.get("spec", {}).get("ports") or []}
                for _, _, d in docs if d.get("kind") == "Service"}
    for f, i, d in docs:
        if d.get("kind") not in WORKLOADS:
            continue
        for c in pod_spec(d).get("containers") or []:
            for e in c.get("env") or []:
                if e.get("name") != "NGINX_UPSTREAMS":
                    continue
                for u in re.split(r"[,\s]+", e.get("value", "").strip()):
                    m = re.match(r"^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.[a-z0-9.-]+)?:(\d+)$", u)
                    ok = m and int(m.group(4)) in services.get((m.group(1), m.group(2)), set())
                    r.check(ok, f"{f} {d['metadata']['name']}: upstream {u} is a Service port here",
                            "no such Service or port")


def check(files):
    r = Report()
    docs = [(f, i, d) for f, ds in files.items() for i, d in enumerate(ds)]
    check_upstreams(r, docs)
    r.check(docs, "the folder has manifests", "no documents")
    configmaps = {d["metadata"]["name"]: d.get("data") or {} for _, _, d in docs
                  if d.get("kind") == "ConfigMap" and d.get("metadata", {}).get("name")}
    deployments = {d["metadata"]["name"]: d for _, _, d in docs
                   if d.get("kind") in WORKLOADS and d.get("metadata", {}).get("name")}
    for f, i, d in docs:
        where = f"{f}#{i + 1} {d.get('kind')}/{(d.get('metadata') or {}).get('name', '-')}"
        ok = isinstance(d, dict) and d.get("apiVersion") and d.get("kind") and \
            (d.get("metadata") or {}).get("name") or d.get("kind") == "Kustomization"
        if not r.check(ok, f"{where}: apiVersion, kind and metadata.name",
                       "missing one of them"):
            continue
        if d["kind"] not in CLUSTER_KINDS:
            r.check(d["metadata"].get("namespace") == NAMESPACE,
                    f"{where}: in namespace {NAMESPACE}",
                    f"namespace {d['metadata'].get('namespace')}")
        check_secrets(r, where, d)
        if d["kind"] in WORKLOADS:
            check_workload(r, where, d, configmaps)
        if d["kind"] == "Service":
            sel = d.get("spec", {}).get("selector") or {}
            targets = [w for w in deployments.values() if selects(sel, pod_labels(w))]
            r.check(targets, f"{where}: selects the pods of a Deployment",
                    f"selector {sel} selects no Deployment's pods")
            ports = set()
            for w in targets:
                for c in pod_spec(w).get("containers") or []:
                    for p in c.get("ports") or []:
                        ports |= {p.get("containerPort"), p.get("name")}
            tps = [p.get("targetPort", p.get("port")) for p in d["spec"].get("ports") or []]
            r.check(tps and all(t in ports for t in tps),
                    f"{where}: targetPort {tps} is a declared container port",
                    f"not among {sorted(map(str, ports - {None}))}")
        if d["kind"] == "HorizontalPodAutoscaler":
            ref = d.get("spec", {}).get("scaleTargetRef") or {}
            r.check(ref.get("kind") == "Deployment" and ref.get("name") in deployments,
                    f"{where}: scales a Deployment in the manifests",
                    f"no Deployment {ref.get('name')}")
            lo, hi = d["spec"].get("minReplicas", 1), d["spec"].get("maxReplicas", 0)
            r.check(lo >= 2 and hi >= lo, f"{where}: at least 2 replicas, max >= min",
                    f"min {lo}, max {hi}")
        if d["kind"] == "PodDisruptionBudget":
            sel = (d.get("spec", {}).get("selector") or {}).get("matchLabels") or {}
            targets = [w for w in deployments.values() if selects(sel, pod_labels(w))]
            r.check(targets, f"{where}: covers the pods of a Deployment",
                    f"selector {sel} selects no Deployment's pods")
            min_av = d["spec"].get("minAvailable")
            for w in targets:
                reps = w["spec"].get("replicas", 1)
                r.check(isinstance(min_av, int) and min_av < reps or "maxUnavailable" in d["spec"],
                        f"{where}: leaves room to drain {w['metadata']['name']} ({reps} replicas)",
                        f"minAvailable {min_av} >= replicas {reps}")
        if d["kind"] == "Kustomization":
            listed = set(d.get("resources") or [])
            others = set(files) - {f}
            r.check(listed == others, f"{where}: lists every manifest of the folder",
                    f"listed {sorted(listed)}, files {sorted(others)}")
    r.check(HOST_NAME in deployments, f"the host Deployment {HOST_NAME} is there", "missing")
    kinds = {d.get("kind") for _, _, d in docs}
    for k in ("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
              "ConfigMap"):
        r.check(k in kinds, f"the manifests have a {k}", "none")
    return r


# --- mutations: each breaks one invariant; the check must notice -----------
def host(files):
    for ds in files.values():
        for d in ds:
            if d.get("kind") == "Deployment" and d["metadata"]["name"] == HOST_NAME:
                return d
    raise KeyError("no host Deployment")


def host_c(files):
    return pod_spec(host(files))["containers"][0]


def set_env(files, name, value):
    env = host_c(files).setdefault("env", [])
    env[:] = [e for e in env if e.get("name") != name] + [{"name": name, "value": value}]


def first(files, kind):
    for ds in files.values():
        for d in ds:
            if d.get("kind") == kind:
                return d
    raise KeyError(kind)


def drop_mount(files, suffix):
    c = host_c(files)
    c["volumeMounts"] = [m for m in c.get("volumeMounts", [])
                         if not m["mountPath"].endswith(suffix)]


MUTATIONS = [
    ("the host running as root", "runAsNonRoot",
     lambda f: (pod_spec(host(f))["securityContext"].pop("runAsNonRoot", None),
                host_c(f)["securityContext"].update(runAsNonRoot=False, runAsUser=0))),
    ("the host running as uid 1000", f"uid {HOST_UID}",
     lambda f: (pod_spec(host(f))["securityContext"].update(runAsUser=1000),
                host_c(f)["securityContext"].update(runAsUser=1000))),
    ("a writable root filesystem", "readOnlyRootFilesystem",
     lambda f: host_c(f)["securityContext"].update(readOnlyRootFilesystem=False)),
    ("privilege escalation allowed", "privilege escalation",
     lambda f: host_c(f)["securityContext"].update(allowPrivilegeEscalation=True)),
    ("no liveness probe", "livenessProbe", lambda f: host_c(f).pop("livenessProbe")),
    ("no readiness probe", "readinessProbe", lambda f: host_c(f).pop("readinessProbe")),
    ("readiness on /api/health", "readiness probe GET /api/ready",
     lambda f: host_c(f)["readinessProbe"]["httpGet"].update(path="/api/health")),
    ("a probe on an undeclared port", "on a declared port",
     lambda f: host_c(f)["livenessProbe"]["httpGet"].update(port="admin")),
    ("no memory limit", "requests and limits",
     lambda f: host_c(f)["resources"]["limits"].pop("memory")),
    ("no resources at all", "requests and limits", lambda f: host_c(f).pop("resources")),
    ("an image tagged :latest", "not :latest", lambda f: host_c(f).update(image="carbon-depict/host:latest")),
    ("an image without a tag", "not :latest", lambda f: host_c(f).update(image="carbon-depict/host")),
    ("the JWT secret inline", "inline",
     lambda f: set_env(f, "CD_JWT_SECRET", "x8Kq2w9LmZ4vR7tY1uP3sD6fG0hJ5kA")),
    ("a database URL with its password inline", "inline",
     lambda f: set_env(f, "CD_DATABASE_URL", "postgresql://cd_app:hunter2@db/carbondepict")),
    ("a token-named variable inline", "inline", lambda f: set_env(f, "API_TOKEN", "abc")),
    ("a password in the value of an innocent name", "inline",
     lambda f: set_env(f, "CD_UPSTREAM", "redis://:hunter2@redis:6379")),
    ("a secret-named variable from a ConfigMap", "through secretKeyRef",
     lambda f: host_c(f)["env"].append({"name": "CD_JWT_SECRET_2", "valueFrom": {
         "configMapKeyRef": {"name": "carbon-depict-config", "key": "k"}}})),
    ("a Secret with data", "Secret with inline data",
     lambda f: f.setdefault("zz-secret.yaml", []).append({
         "apiVersion": "v1", "kind": "Secret",
         "metadata": {"name": "carbon-depict-secrets", "namespace": NAMESPACE},
         "data": {"jwt-secret": "eDhLcTJ3OUxtWjR2UjdZMXVQM3NENmZHMGhKNWtB"}})),
    ("a password in the ConfigMap", "nothing secret-looking",
     lambda f: first(f, "ConfigMap")["data"].update(CD_DB_PASSWORD="hunter2")),
    ("a Service selecting nothing", "selects the pods",
     lambda f: first(f, "Service")["spec"].update(selector={"app": "nothing"})),
    ("an HPA scaling a missing Deployment", "scales a Deployment",
     lambda f: first(f, "HorizontalPodAutoscaler")["spec"]["scaleTargetRef"].update(name="gone")),
    ("a PDB that blocks every drain", "leaves room to drain",
     lambda f: first(f, "PodDisruptionBudget")["spec"].update(minAvailable=99)),
    ("no emptyDir for the spool", "run/spool", lambda f: drop_mount(f, "run/spool")),
    ("no emptyDir for the plugin cache", "run/plugin-cache",
     lambda f: drop_mount(f, "run/plugin-cache")),
    ("a hostPath volume", "hostPath",
     lambda f: pod_spec(host(f))["volumes"].append({"name": "h", "hostPath": {"path": "/"}})),
    ("host networking", "host network", lambda f: pod_spec(host(f)).update(hostNetwork=True)),
    ("an envFrom ConfigMap that is not there", "envFrom ConfigMap",
     lambda f: host_c(f)["envFrom"][0]["configMapRef"].update(name="missing")),
    ("the host listening on another port than it declares", "is the declared port",
     lambda f: first(f, "ConfigMap")["data"].update(CD_PORT="8080")),
    ("nginx pointed at a Service that is not there", "is a Service port here",
     lambda f: next(e for e in pod_spec(next(d for d in f["nginx.yaml"] if d["kind"] == "Deployment"))
                    ["containers"][0]["env"] if e["name"] == "NGINX_UPSTREAMS").update(
                        value="carbon-depict-api.carbon-depict.svc.cluster.local:80")),
    ("a Service in another namespace", "in namespace",
     lambda f: first(f, "Service")["metadata"].update(namespace="default")),
]


def main():
    dirname = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DIR
    try:
        files = load(dirname)
    except (OSError, yaml.YAMLError) as e:
        print(f"  FAIL - every manifest in {dirname} parses: {e}")
        return 1
    print(f"  ok   - {len(files)} manifest files in containers/k8s parse as YAML")
    r = check(files)
    for ok, what, why in r.items:
        print(f"  ok   - {what}" if ok else f"  FAIL - {what}: {why}")
    failed = len(r.failures())
    # The checks can fail: each mutation must be reported, by the right check.
    for name, expect, mutate in MUTATIONS:
        broken = copy.deepcopy(files)
        try:
            mutate(broken)
        except (KeyError, IndexError, TypeError) as e:
            print(f"  FAIL - the mutation '{name}' applies to the manifests: {e!r}")
            failed += 1
            continue
        got = check(broken).failures()
        hit = [y for w, y in got if expect in w + ": " + y]
        if hit:
            print(f"  ok   - the check refuses {name} ({hit[0][:70]})")
        else:
            failed += 1
            print(f"  FAIL - the check refuses {name} (on '{expect}'):"
                  f" reported {[w for w, _ in got][:3] or 'nothing'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
