#!/usr/bin/python3
"""tests/ops/k8s_pod_args.py DIR DEPLOYMENT: a Deployment's pod in
containers/k8s as `docker run` arguments, one a line (for
tests/ops/k8s-pod-check).

From its first container: the image, the user and group, a read-only root
filesystem, no new privileges, the dropped capabilities, every emptyDir
mount as a tmpfs (exec allowed, owned by the pod's fsGroup), the
ConfigMap's variables and the literal ones.  For the caller to supply:
"secret NAME" (a variable from a Secret), "secretvol PATH" (a Secret
mounted as files); and "probe KIND PATH PORT", "prestop COMMAND",
"grace SECONDS", "image NAME".
"""
import os
import sys

import yaml


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "containers/k8s"
    name = sys.argv[2] if len(sys.argv) > 2 else "carbon-depict"
    docs = []
    for f in sorted(os.listdir(d)):
        if f.endswith(".yaml"):
            with open(os.path.join(d, f)) as fh:
                docs += [x for x in yaml.safe_load_all(fh) if x]
    dep = next(x for x in docs if x.get("kind") == "Deployment"
               and x["metadata"]["name"] == name)
    cms = {x["metadata"]["name"]: x.get("data") or {} for x in docs
           if x.get("kind") == "ConfigMap"}
    pod = dep["spec"]["template"]["spec"]
    c = pod["containers"][0]
    psc, sc = pod.get("securityContext") or {}, c.get("securityContext") or {}
    uid = sc.get("runAsUser", psc.get("runAsUser"))
    gid = sc.get("runAsGroup", psc.get("runAsGroup", uid))
    fsgroup = psc.get("fsGroup", gid)
    out = [f"image {c['image']}", f"--user={uid}:{gid}"]
    if sc.get("readOnlyRootFilesystem"):
        out.append("--read-only")
    if sc.get("allowPrivilegeEscalation") is False:
        out.append("--security-opt=no-new-privileges")
    for cap in (sc.get("capabilities") or {}).get("drop") or []:
        out.append(f"--cap-drop={cap}")
    vols = {v["name"]: v for v in pod.get("volumes") or []}
    for m in c.get("volumeMounts") or []:
        v = vols[m["name"]]
        if "secret" in v:
            out.append(f"secretvol {m['mountPath']}")
            continue
        if "emptyDir" not in v:
            sys.exit(f"k8s_pod_args: volume {m['name']} is neither an emptyDir nor a Secret")
        size = (v["emptyDir"] or {}).get("sizeLimit", "64Mi").replace("Mi", "m").replace("Gi", "g")
        out.append(f"--tmpfs={m['mountPath']}:rw,exec,nosuid,nodev,size={size},"
                   f"uid={uid},gid={fsgroup},mode=0770")
    for ef in c.get("envFrom") or []:
        for k, val in cms[ef["configMapRef"]["name"]].items():
            out.append(f"--env={k}={val}")
    for e in c.get("env") or []:
        if "secretKeyRef" in (e.get("valueFrom") or {}):
            out.append(f"secret {e['name']}")
        elif "value" in e:
            out.append(f"--env={e['name']}={e['value']}")
    ports = {p.get("name"): p["containerPort"] for p in c.get("ports") or []}
    for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
        p = (c.get(kind) or {}).get("httpGet")
        if p:
            port = ports.get(p["port"], p["port"])
            out.append(f"probe {kind} {p['path']} {port}")
    pre = (((c.get("lifecycle") or {}).get("preStop") or {}).get("exec") or {}).get("command")
    if pre:
        out.append("prestop " + " ".join(pre))
    out.append(f"grace {pod.get('terminationGracePeriodSeconds', 30)}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
