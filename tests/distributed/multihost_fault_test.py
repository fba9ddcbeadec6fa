#!/usr/bin/env python3
"""tests/distributed/multihost_fault_test.py BUILD_DIR

Three hosts on this one machine, each a network namespace the test creates,
joined by veth pairs to a bridge in a fourth namespace (the switch): host 1
runs NATS JetStream and the coordinator, hosts 2 and 3 a replica of each of
the four stages. The namespaces have no route out and the test dials only
their addresses. While a few hundred documents go through, the test
SIGKILLs a stage replica (and starts it again), SIGKILLs the coordinator
and restarts it, and takes host 3's link down for some seconds. Then every
acknowledged document must be finished exactly once, none dead-lettered,
and every event in the feed exactly once. The namespaces and every process
in them are removed at the end, also when the test fails.

Needs root, ip(8) and nats-server; exits 77 (skipped) without them."""

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
SUBNET = "10.77.0"
STAGES = (("ingest", 7401), ("clean", 7402), ("tag", 7403), ("assemble", 7404))
DOCUMENTS = 600
BURST = 100


def sh(*argv, check=True):
    return subprocess.run(argv, check=check, capture_output=True, text=True)


def nats_server():
    for p in ("/usr/sbin/nats-server", "/usr/bin/nats-server"):
        if os.path.exists(p):
            return p
    return shutil.which("nats-server")


# ------------------------------------------------------------------ outside
def outside(build):
    if os.geteuid() != 0 or not shutil.which("ip") or not nats_server():
        print("skipped: needs root, ip(8) and nats-server")
        return SKIP
    tag = f"ew{os.getpid() % 100000}"
    switch = tag + "sw"
    hosts = [f"{tag}h{i}" for i in (1, 2, 3)]
    work = tempfile.mkdtemp(prefix="ew-multihost-")
    created = []
    ok = False
    try:
        for ns in [switch] + hosts:
            sh("ip", "netns", "add", ns)
            created.append(ns)
        sh("ip", "-n", switch, "link", "add", "br0", "type", "bridge")
        sh("ip", "-n", switch, "link", "set", "br0", "up")
        for i, ns in enumerate(hosts, start=1):
            sh("ip", "-n", switch, "link", "add", f"s{i}", "type", "veth",
               "peer", "name", "eth0", "netns", ns)
            sh("ip", "-n", switch, "link", "set", f"s{i}", "master", "br0", "up")
            sh("ip", "-n", ns, "addr", "add", f"{SUBNET}.{i}/24", "dev", "eth0")
            sh("ip", "-n", ns, "link", "set", "eth0", "up")
            sh("ip", "-n", ns, "link", "set", "lo", "up")
            # Only the subnet: no default route, nothing beyond the switch.
            routes = sh("ip", "-n", ns, "route", "show").stdout
            if "default" in routes:
                raise SystemExit(f"namespace {ns} has a default route: {routes}")
        inner = subprocess.run(
            ["ip", "netns", "exec", hosts[0], sys.executable, os.path.abspath(__file__),
             build, "--inside", tag, work], timeout=1500)
        ok = inner.returncode == 0
        return inner.returncode
    finally:
        for ns in created:
            pids = sh("ip", "netns", "pids", ns, check=False).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
        time.sleep(0.2)
        for ns in created:
            sh("ip", "netns", "del", ns, check=False)
        left = [ns for ns in sh("ip", "netns", "list").stdout.split() if ns.startswith(tag)]
        if left:
            print("namespaces left behind:", left)
        if ok:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("logs kept in", work)


# ------------------------------------------------------------------- inside
def synthetic_articles(n):
    """Short news-like texts; the test checks delivery, not extraction."""
    rng = random.Random(7)
    countries = ["Kenya", "Peru", "Norway", "Vietnam", "Ghana", "Chile", "Poland", "Canada",
                 "Egypt", "Japan", "Brazil", "India", "Turkey", "Spain", "Mexico", "Nigeria"]
    acts = ["met with", "accused", "signed a trade agreement with", "criticized",
            "sent humanitarian aid to", "held talks with", "threatened sanctions against",
            "expelled diplomats from"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    out = []
    for i in range(n):
        sentences = []
        for _ in range(rng.randint(3, 12)):
            a, b = rng.sample(countries, 2)
            sentences.append(f"{a} {rng.choice(acts)} {b} on {rng.choice(days)}, officials said.")
        out.append(f"Report {i}\n\n" + " ".join(sentences) + "\n")
    return out


def inside(build, tag, work):
    sys.path.insert(0, os.path.join(build, "python"))
    import grpc
    from eventwire.v1 import coordinator_pb2 as cpb
    from eventwire.v1 import coordinator_pb2_grpc as cgrpc
    from eventwire.v1 import document_pb2 as dpb

    logs = os.path.join(work, "logs")
    os.makedirs(logs, exist_ok=True)
    children = []

    def start(name, argv, ns=None):
        prefix = ["ip", "netns", "exec", ns] if ns else []
        log = open(os.path.join(logs, name + ".log"), "a")
        p = subprocess.Popen(prefix + argv, stdout=log, stderr=log)
        children.append(p)
        return p

    host = {i: f"{SUBNET}.{i}" for i in (1, 2, 3)}
    start("nats", [nats_server(), "-js", "-a", host[1], "-p", "4222", "-sd", os.path.join(work, "js")])
    replicas = {}
    for i in (2, 3):
        for stage, port in STAGES:
            replicas[(stage, i)] = start(
                f"{stage}-h{i}",
                [os.path.join(build, "services", stage, "eventwire-" + stage), f"--listen={host[i]}:{port}"],
                ns=f"{tag}h{i}")
    # Two coordinators, one on host 1 and one on host 2, share the intake
    # and the feed; the first is the one killed.
    pipelines = [os.path.join(work, f"pipeline-{i}.yaml") for i in (1, 2)]
    for pipeline, i in zip(pipelines, (1, 2)):
      with open(pipeline, "w") as f:
        f.write(f"listen: {host[i]}:7400\nworkers: 2\nbatch_size: 4\nstartup_timeout_ms: 120000\n"
                f"store: {{backend: jetstream, servers: [nats://{host[1]}:4222], claim_ms: 3000}}\n"
                "stages:\n")
        for stage, port in STAGES:
            f.write(f"  - {{name: {stage}, addresses: [{host[2]}:{port}, {host[3]}:{port}], "
                    "deadline_ms: 20000}\n")
    coordinator_bin = os.path.join(build, "services", "coordinator", "eventwire-coordinator")
    coordinator = [start("coordinator", [coordinator_bin, "--pipeline", pipelines[0]])]
    start("coordinator-h2", [coordinator_bin, "--pipeline", pipelines[1]], ns=f"{tag}h2")
    stub = cgrpc.CoordinatorStub(grpc.insecure_channel(f"{host[1]}:7400"))
    # Clients that know both coordinators go to the second when the first
    # does not answer.
    stubs = [stub, cgrpc.CoordinatorStub(grpc.insecure_channel(f"{host[2]}:7400"))]

    def status(timeout=5, via=None):
        return (via or stubs[0]).GetStatus(cpb.GetStatusRequest(), timeout=timeout)

    def wait_ready(limit_s, via=None):
        end = time.time() + limit_s
        while time.time() < end:
            try:
                status(via=via)
                return True
            except grpc.RpcError:
                time.sleep(0.2)
        return False

    failures = []
    try:
        if not wait_ready(180, stubs[1]) or not wait_ready(180):
            print("the coordinator did not come up; see", logs)
            return 1
        texts = synthetic_articles(DOCUMENTS)
        acked, submit_errors = set(), [0]

        def submitter():
            # Bursts, so that documents are queued and in flight when the
            # faults strike.
            for first in range(0, DOCUMENTS, BURST):
                batch = [dpb.Document(id=f"doc-{k:04d}", raw=texts[k].encode(), media_type="text/plain")
                         for k in range(first, min(first + BURST, DOCUMENTS))]
                end = time.time() + 120
                attempt = 0
                while batch and time.time() < end:
                    try:
                        r = stubs[attempt % 2].Submit(cpb.SubmitRequest(documents=batch), timeout=10)
                        for res in r.results:
                            if res.accepted:
                                acked.add(res.document_id)
                        batch = [d for d in batch if d.id not in acked]
                    except grpc.RpcError:
                        submit_errors[0] += 1
                        attempt += 1
                        time.sleep(0.3)
                time.sleep(1.5)

        started = time.time()
        feeder = threading.Thread(target=submitter)
        feeder.start()
        faults = []

        def progress():
            try:
                st = status()
                return f"{len(acked)} acknowledged, {st.done} done, {st.pending} queued"
            except grpc.RpcError as e:
                return f"{len(acked)} acknowledged, coordinator on host 1 unreachable ({e.code().name})"

        # Faults while documents are queued and in flight: one replica down
        # at a time, so each stage always has one to go to.
        time.sleep(0.2)
        faults.append(f"SIGKILL tag replica on host 2 ({progress()})")
        replicas[("tag", 2)].send_signal(signal.SIGKILL)
        # Right after the second burst is acknowledged: work queued and
        # claimed.
        while len(acked) < 2 * BURST and feeder.is_alive():
            time.sleep(0.01)
        faults.append(f"SIGKILL coordinator on host 1 ({progress()})")
        coordinator[0].send_signal(signal.SIGKILL)
        coordinator[0].wait()
        time.sleep(1)
        coordinator[0] = start("coordinator", [coordinator_bin, "--pipeline", pipelines[0]])
        wait_ready(120)
        faults.append(f"coordinator restarted ({progress()})")
        replicas[("tag", 2)] = start(
            "tag-h2", [os.path.join(build, "services", "tag", "eventwire-tag"), f"--listen={host[2]}:7403"],
            ns=f"{tag}h2")
        time.sleep(2)
        faults.append(f"tag replica on host 2 started again; host 3 link down ({progress()})")
        done_at_cut = status().done
        sh("ip", "-n", tag + "sw", "link", "set", "s3", "down")
        time.sleep(6)
        done_during_cut = status().done - done_at_cut
        faults.append(f"host 3 link up after 6 s ({progress()}; {done_during_cut} done meanwhile)")
        sh("ip", "-n", tag + "sw", "link", "set", "s3", "up")
        feeder.join()
        # Everything acknowledged must finish.
        end = time.time() + 600
        st = None
        while time.time() < end:
            try:
                st = status()
                if st.pending == 0 and st.done + st.dead >= len(acked):
                    break
            except grpc.RpcError:
                pass
            time.sleep(0.5)
        elapsed = time.time() - started

        docs = {}
        for d in stub.GetDocuments(cpb.GetDocumentsRequest(), timeout=120):
            docs.setdefault(d.id, []).append(d)
        dead = stub.ListDeadLetters(cpb.ListDeadLettersRequest(limit=1000), timeout=60).dead_letters
        feed = list(stub.Subscribe(cpb.SubscribeRequest(after_sequence=0), timeout=120))
        # The feed holds revisions of stories; reports of one real-world event
        # merge into one. Each revision at most once, and each event of each
        # finished document in exactly one story (a record carries the story's
        # latest mentions, among them the one its revision added).
        feed_count, latest, mentioned = {}, {}, {}
        for r in feed:
            key = (r.event.feed_event_id, r.event.revision)
            feed_count[key] = feed_count.get(key, 0) + 1
            current = latest.get(r.event.feed_event_id)
            if current is None or r.event.revision > current.event.revision:
                latest[r.event.feed_event_id] = r
            for m in r.event.mentions:
                mentioned.setdefault((m.document_id, m.event_id), set()).add(r.event.feed_event_id)
        stories_of = {k: sorted(v) for k, v in mentioned.items()}
        doc_events = [(ds[0].id, e.id, e.feed_event_id) for ds in docs.values() for e in ds[0].events]

        lost = sorted(acked - set(docs))
        twice = sorted(i for i, ds in docs.items() if len(ds) > 1)
        duplicated_records = sum(n - 1 for n in feed_count.values() if n > 1)
        duplicated_events = sum(len(v) - 1 for v in stories_of.values() if len(v) > 1)
        missing_events = [e for e in doc_events if (e[0], e[1]) not in stories_of]
        wrong_story = [e for e in doc_events if e[2] not in stories_of.get((e[0], e[1]), [])]
        unknown = sorted(set(docs) - acked)
        print(f"documents submitted {DOCUMENTS}, acknowledged {len(acked)} "
              f"(submit calls refused or failed while the coordinator was down: {submit_errors[0]})")
        print("faults:\n  " + "\n  ".join(faults))
        print(f"finished {len(docs)} documents in {elapsed:.1f} s; dead letters {len(dead)}; "
              f"{len(doc_events)} events in {len(latest)} stories, {len(feed)} feed records")
        print(f"lost {len(lost)}, finished twice {len(twice)}, events duplicated in the feed "
              f"{duplicated_events}, feed records duplicated {duplicated_records}, "
              f"events missing from the feed {len(missing_events)}")
        if len(acked) != DOCUMENTS:
            failures.append(f"only {len(acked)} of {DOCUMENTS} documents were acknowledged")
        if lost:
            failures.append(f"acknowledged but not finished: {lost[:10]}")
        if dead:
            failures.append(f"dead letters: {[(d.document_id, d.error) for d in dead[:5]]}")
        if twice:
            failures.append(f"finished twice: {twice[:10]}")
        if unknown:
            failures.append(f"finished but never acknowledged: {unknown[:10]}")
        if duplicated_events:
            failures.append(f"{duplicated_events} events twice in the feed")
        if duplicated_records:
            failures.append(f"{duplicated_records} feed records twice")
        if missing_events:
            failures.append(f"{len(missing_events)} events of finished documents not in the feed")
        if wrong_story:
            failures.append(f"{len(wrong_story)} events name a story that does not hold them")
        if done_during_cut <= 0:
            failures.append("nothing was done while host 3 was cut off: host 2 did not take over")
        if not doc_events:
            failures.append("no events at all: the pipeline did not run")
    finally:
        for p in children:
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
        for p in children:
            p.wait()
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[2] == "--inside":
        sys.exit(inside(os.path.abspath(sys.argv[1]), sys.argv[3], sys.argv[4]))
    sys.exit(outside(os.path.abspath(sys.argv[1])))
