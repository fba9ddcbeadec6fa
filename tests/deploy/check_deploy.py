#!/usr/bin/env python3
"""tests/deploy/check_deploy.py SOURCE_DIR [STAGE_HOST]

The deployment files agree with each other and with the build, since no
container engine runs here to try them: every stage in each pipeline file has
its container (compose) or Deployment and headless Service (Kubernetes) with
the same name and port, gRPC readiness and liveness probes on that port,
resource requests and an autoscaler; the coordinator mounts the pipeline
file it is told to read; every program a container runs is one the image
installs. With STAGE_HOST (eventwire-stage-host, which lists the registered
built-in stages), every stage of the standard chain is deployed on the port it
registered, in both. Prints each problem and exits 1 if there is any."""

import os
import re
import subprocess
import sys
from urllib.parse import urlparse

import yaml

src = sys.argv[1] if len(sys.argv) > 1 else "."
deploy = os.path.join(src, "deploy")
problems = []


def problem(msg):
    problems.append(msg)


def load(path):
    with open(path) as f:
        return list(d for d in yaml.safe_load_all(f) if d)


def stage_ports(pipeline_path):
    """{stage: (host, port)} from a pipeline file's addresses."""
    out = {}
    for s in load(pipeline_path)[0]["stages"]:
        address = s["address"]
        if address.startswith("dns:///"):
            address = address[len("dns:///"):]
        host, port = address.rsplit(":", 1)
        out[s["name"]] = (host, int(port))
    return out


def flag(args, name):
    for a in args:
        if a.startswith(f"--{name}="):
            return a.split("=", 1)[1]
    return None


# The programs the image installs: install(TARGETS ... RUNTIME) in CMakeLists.txt.
cmake = open(os.path.join(src, "CMakeLists.txt")).read()
m = re.search(r"install\(TARGETS (eventwire-[^)]*?)\s+RUNTIME", cmake, re.S)
installed = set(m.group(1).split()) if m else set()
if not installed:
    problem("CMakeLists.txt: no install(TARGETS ... RUNTIME) for the binaries")
# The built-in stages as registered: name -> (port, place in the chain).
# Each is installed as eventwire-NAME by eventwire_builtin_stage().
registry = {}
if len(sys.argv) > 2:
    listing = subprocess.run([sys.argv[2], "--list_stages"], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        name, port, position = line.split("\t")[:3]
        registry[name] = (int(port), int(position))
    installed |= {f"eventwire-{name}" for name in registry}
chain = [n for n, (_, pos) in sorted(registry.items(), key=lambda kv: kv[1][1]) if pos >= 0]


def check_chain(where, ports):
    """The standard chain's stages are all in a pipeline file, on the ports
    they registered."""
    for name in chain:
        if name not in ports:
            problem(f"{where}: the built-in stage '{name}' of the standard chain is missing")
        elif ports[name][1] != registry[name][0]:
            problem(f"{where}: stage '{name}' on port {ports[name][1]}, it registered {registry[name][0]}")


dockerfile = open(os.path.join(deploy, "Dockerfile")).read()
if "cmake --install" not in dockerfile or not dockerfile.startswith("#") or "FROM debian:bookworm" not in dockerfile:
    problem("Dockerfile: expected a Debian bookworm build that runs cmake --install")

# The build stage copies every folder of the source tree the build reads
# (all but the tests, the deployment files and the docs).
copied = set(re.findall(r"^COPY (\S+) ", dockerfile, re.M))
for entry in sorted(os.listdir(src)):
    if (os.path.isdir(os.path.join(src, entry)) and not entry.startswith((".", "build"))
            and entry not in ("tests", "deploy", "docs") and entry not in copied):
        problem(f"Dockerfile: the build stage does not copy {entry}/, which the build reads")

# The build stage has every library the build needs (tools/lib.sh's -dev
# packages, but the test-only ones).
lib_sh = open(os.path.join(src, "tools", "lib.sh")).read()
packages = re.search(r"EW_PACKAGES=\((.*?)\)", lib_sh, re.S)
stages_ = dockerfile.split("\nFROM ")
build_stage = stages_[1] if len(stages_) > 2 else dockerfile
for pkg in (packages.group(1).split() if packages else []):
    if (pkg.endswith("-dev") and pkg not in ("libgtest-dev", "libgmock-dev")
            and not pkg.startswith("libclang") and pkg not in build_stage):
        problem(f"Dockerfile: the build stage does not install {pkg}, which the build needs")


def check_program(where, args):
    if not args or args[0] not in installed:
        problem(f"{where}: runs {args[:1]}, which the image does not install ({sorted(installed)})")


# ---------------------------------------------------------------- compose
compose_dir = os.path.join(deploy, "compose")
compose = load(os.path.join(compose_dir, "compose.yaml"))[0]
services = compose["services"]
check_chain("compose pipeline", stage_ports(os.path.join(compose_dir, "pipeline.yaml")))
for name, (host, port) in stage_ports(os.path.join(compose_dir, "pipeline.yaml")).items():
    svc = services.get(host)
    if svc is None:
        problem(f"compose: the pipeline's stage '{name}' at {host}:{port} has no service '{host}'")
        continue
    cmd = svc.get("command", [])
    check_program(f"compose service '{host}'", cmd)
    if cmd and cmd[0] != f"eventwire-{name}":
        problem(f"compose service '{host}' runs {cmd[0]}, not eventwire-{name}")
    listen = flag(cmd, "listen")
    if not listen or int(listen.rsplit(":", 1)[1]) != port:
        problem(f"compose service '{host}' listens on {listen}, the pipeline says port {port}")
    test = (svc.get("healthcheck") or {}).get("test", [])
    if f"--coordinator=localhost:{port}" not in test:
        problem(f"compose service '{host}': no health check on port {port}")
coord = services.get("coordinator", {})
check_program("compose service 'coordinator'", coord.get("command", []))
pipeline_flag = flag(coord.get("command", []), "pipeline")
mounts = [v.split(":")[1] for v in coord.get("volumes", []) if isinstance(v, str) and v.startswith("./")]
if pipeline_flag not in mounts:
    problem(f"compose coordinator reads {pipeline_flag} but mounts {mounts}")
compose_http = load(os.path.join(compose_dir, "pipeline.yaml"))[0].get("http_listen")
if compose_http:
    http_port = str(compose_http).rsplit(":", 1)[1]
    if not any(str(p).split(":")[-1] == http_port for p in coord.get("ports", [])):
        problem(f"compose: the coordinator serves its page on {http_port}, which it does not publish")

# ---------------------------------------------------------------- kubernetes
k8s = os.path.join(deploy, "k8s")
kustomization = load(os.path.join(k8s, "kustomization.yaml"))[0]
objects = []
for resource in kustomization["resources"]:
    path = os.path.join(k8s, resource)
    if not os.path.exists(path):
        problem(f"kustomization lists {resource}, which does not exist")
        continue
    objects += load(path)
by_kind = {}
for o in objects:
    by_kind.setdefault(o["kind"], {})[o["metadata"]["name"]] = o
namespace = kustomization.get("namespace")
generated = {g["name"]: g["files"] for g in kustomization.get("configMapGenerator", [])}
if "eventwire-pipeline" not in generated:
    problem("kustomization: no configMapGenerator 'eventwire-pipeline'")
pipeline_file = generated.get("eventwire-pipeline", ["pipeline.yaml"])[0]
image_names = {i["name"] for i in kustomization.get("images", [])}


def pod_labels(workload):
    return workload["spec"]["template"]["metadata"]["labels"]


def check_container(where, workload, port):
    spec = workload["spec"]["template"]["spec"]
    c = spec["containers"][0]
    if c.get("image") not in image_names:
        problem(f"{where}: image {c.get('image')} is not one the kustomization sets ({image_names})")
    check_program(where, c.get("args", []))
    for probe, service in (("readinessProbe", None), ("livenessProbe", "liveness")):
        p = (c.get(probe) or {}).get("grpc")
        if not p or p.get("port") != port or p.get("service") != service:
            problem(f"{where}: {probe} should be gRPC on port {port}" + (f" service '{service}'" if service else ""))
    requests = (c.get("resources") or {}).get("requests", {})
    if "cpu" not in requests or "memory" not in requests:
        problem(f"{where}: no cpu and memory requests")
    if port not in [p["containerPort"] for p in c.get("ports", [])]:
        problem(f"{where}: container does not declare port {port}")
    return c


check_chain("k8s pipeline", stage_ports(os.path.join(k8s, pipeline_file)))
for name, (host, port) in stage_ports(os.path.join(k8s, pipeline_file)).items():
    if host != f"{name}.{namespace}.svc.cluster.local":
        problem(f"k8s pipeline: stage '{name}' at {host}, expected {name}.{namespace}.svc.cluster.local")
    dep = by_kind.get("Deployment", {}).get(name)
    svc = by_kind.get("Service", {}).get(name)
    hpa = by_kind.get("HorizontalPodAutoscaler", {}).get(name)
    if not dep:
        problem(f"k8s: stage '{name}' has no Deployment")
        continue
    c = check_container(f"Deployment '{name}'", dep, port)
    if c["args"][0] != f"eventwire-{name}":
        problem(f"Deployment '{name}' runs {c['args'][0]}")
    listen = flag(c["args"], "listen")
    if not listen or int(listen.rsplit(":", 1)[1]) != port:
        problem(f"Deployment '{name}' listens on {listen}, the pipeline says {port}")
    if dep["spec"]["selector"]["matchLabels"] != pod_labels(dep):
        problem(f"Deployment '{name}': selector and pod labels differ")
    if not svc:
        problem(f"k8s: stage '{name}' has no Service")
    else:
        if svc["spec"].get("clusterIP") != "None":
            problem(f"Service '{name}' is not headless: gRPC would pin every connection to one pod")
        if svc["spec"]["selector"] != pod_labels(dep):
            problem(f"Service '{name}' selects {svc['spec']['selector']}, the pods are {pod_labels(dep)}")
        if port not in [p["port"] for p in svc["spec"]["ports"]]:
            problem(f"Service '{name}' does not expose port {port}")
    if not hpa or hpa["spec"]["scaleTargetRef"].get("name") != name or hpa["spec"]["scaleTargetRef"].get("kind") != "Deployment":
        problem(f"k8s: stage '{name}' has no HorizontalPodAutoscaler for its Deployment")

k8s_pipeline = load(os.path.join(k8s, pipeline_file))[0]
store = k8s_pipeline.get("store") or {}
coord = by_kind.get("Deployment", {}).get("coordinator") or by_kind.get("StatefulSet", {}).get("coordinator")
if not coord:
    problem("k8s: no coordinator Deployment or StatefulSet")
else:
    c = check_container(f"{coord['kind']} 'coordinator'", coord, 7400)
    path = flag(c["args"], "pipeline")
    mounts = {m["name"]: m["mountPath"] for m in c.get("volumeMounts", [])}
    volumes = {v["name"]: v for v in coord["spec"]["template"]["spec"].get("volumes", [])}
    ok = any(v.get("configMap", {}).get("name") == "eventwire-pipeline" and path == os.path.join(mounts.get(n, "?"), pipeline_file)
             for n, v in volumes.items())
    if not ok:
        problem(f"coordinator reads {path}, which is not the mounted ConfigMap eventwire-pipeline/{pipeline_file}")
    coord_svc = by_kind.get("Service", {}).get("coordinator")
    if not coord_svc or coord_svc["spec"]["selector"] != pod_labels(coord):
        problem("k8s: the coordinator Service does not select the coordinator")
    # The page's port, when the pipeline serves one, is the container's and
    # the Service's.
    http_listen = k8s_pipeline.get("http_listen")
    if http_listen:
        http_port = int(str(http_listen).rsplit(":", 1)[1])
        if http_port not in [p["containerPort"] for p in c.get("ports", [])]:
            problem(f"k8s: the coordinator serves its page on {http_port}, which its container does not declare")
        if coord_svc and http_port not in [p["port"] for p in coord_svc["spec"]["ports"]]:
            problem(f"k8s: the coordinator Service does not expose the page's port {http_port}")
    # Several coordinators need the shared store; SQLite has one writer.
    if coord["spec"].get("replicas", 1) > 1 and store.get("backend") != "jetstream":
        problem(f"k8s: {coord['spec']['replicas']} coordinators on a SQLite store; use store.backend jetstream")

# The NATS servers the pipeline names are the NATS StatefulSet's pods, with
# JetStream on and enough of them for the streams' replicas.
if store.get("backend") == "jetstream":
    nats = by_kind.get("StatefulSet", {}).get("nats")
    if not nats:
        problem("k8s: the pipeline's store is JetStream but there is no nats StatefulSet")
    else:
        replicas = nats["spec"].get("replicas", 1)
        nats_svc = by_kind.get("Service", {}).get(nats["spec"]["serviceName"])
        if not nats_svc or nats_svc["spec"].get("clusterIP") != "None":
            problem("k8s: the nats StatefulSet has no headless Service for its pod names")
        client_port = next((p["port"] for p in (nats_svc or {"spec": {"ports": []}})["spec"]["ports"]
                            if p["name"] == "client"), None)
        names = {f"nats-{i}.{nats['spec']['serviceName']}.{namespace}.svc.cluster.local" for i in range(replicas)}
        for url in store.get("servers", []):
            u = urlparse(url)
            if u.scheme != "nats" or u.hostname not in names or u.port != client_port:
                problem(f"k8s pipeline: NATS server {url} is not one of the nats pods ({sorted(names)}) "
                        f"on the client port {client_port}")
        if store.get("replicas", 1) > replicas:
            problem(f"k8s pipeline: store.replicas {store.get('replicas')} but only {replicas} NATS servers")
        conf = "".join(cm["data"].get("nats.conf", "") for cm in by_kind.get("ConfigMap", {}).values())
        if "jetstream" not in conf:
            problem("k8s: the NATS configuration does not enable JetStream")
        for i in range(replicas):
            route = f"nats-{i}.{nats['spec']['serviceName']}.{namespace}.svc.cluster.local:6222"
            if route not in conf:
                problem(f"k8s: the NATS cluster routes lack {route}")
        # A document is one NATS message: documents within max_document_bytes
        # but over max_payload would be refused by the store after all.
        m = re.search(r"^\s*max_payload:\s*(\d+)\s*([KMG]?B?)\s*$", conf, re.M | re.I)
        unit = {"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "M": 1 << 20, "MB": 1 << 20,
                "G": 1 << 30, "GB": 1 << 30}
        max_payload = int(m.group(1)) * unit[m.group(2).upper()] if m else 1 << 20
        max_document = k8s_pipeline.get("max_document_bytes", 64 << 20)
        if max_document > max_payload:
            problem(f"k8s pipeline: max_document_bytes {max_document} exceeds the NATS "
                    f"max_payload {max_payload}; the store would refuse documents the limit allows")

for p in problems:
    print("deploy:", p)
stages = len(stage_ports(os.path.join(k8s, pipeline_file)))
print(f"deploy: {len(objects)} Kubernetes objects, {len(services)} compose services, {stages} stages checked, "
      f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
