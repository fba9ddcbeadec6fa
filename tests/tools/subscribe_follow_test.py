#!/usr/bin/env python3
"""tests/tools/subscribe_follow_test.py BUILD_DIR SHARED_DIR

`eventwire subscribe --follow` survives a coordinator restart: it says so
on standard error, takes the feed up again after the last record it saw,
and in the end has printed every feed record once, in order (sequence
numbers checked against the whole feed read afresh). It exits 1 when the
coordinator cannot be reached at start."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

build, shared = map(os.path.abspath, sys.argv[1:3])
work = tempfile.mkdtemp(prefix="ew-follow-")
bin_ = lambda *p: os.path.join(build, *p)  # noqa: E731


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


port = free_port()
address = f"127.0.0.1:{port}"
cli = [bin_("tools/eventwire"), "--coordinator", address]
with open(os.path.join(work, "pipeline.yaml"), "w") as f:
    f.write(f"listen: {address}\ndata_dir: {work}/data\nstages:\n")
    for stage in ("ingest", "clean", "tag", "assemble"):
        f.write(f"  - {{name: {stage}, command: {bin_('services', stage, 'eventwire-' + stage)}}}\n")
seeds = open(os.path.join(shared, "data/seeds/seeds.jsonl")).read().splitlines()
for name, lines in (("first.jsonl", seeds[:3]), ("second.jsonl", seeds[3:])):
    with open(os.path.join(work, name), "w") as f:
        f.write("\n".join(lines) + "\n")


def start_coordinator(n):
    log = open(os.path.join(work, f"coordinator{n}.log"), "w")
    proc = subprocess.Popen([bin_("services/coordinator/eventwire-coordinator"),
                             "--pipeline", os.path.join(work, "pipeline.yaml")], stderr=log)
    subprocess.run(cli + ["wait", "--timeout_s", "300"], check=True, capture_output=True)
    return proc


def feed_records():
    status = subprocess.run(cli + ["status"], check=True, capture_output=True, text=True)
    return int(json.loads(status.stdout).get("feed_records", 0))


def lines_of(path):
    return [json.loads(l) for l in open(path) if l.strip()]


def wait_for(predicate, what, seconds=120):
    give_up = time.time() + seconds
    while not predicate():
        if time.time() > give_up:
            sys.exit(f"FAIL: timed out waiting for {what}")
        time.sleep(0.2)


try:
    unreachable = subprocess.run([bin_("tools/eventwire"), "--coordinator", f"127.0.0.1:{free_port()}",
                                  "subscribe", "--follow"], capture_output=True, text=True, timeout=60)
    assert unreachable.returncode == 1 and "cannot reach" in unreachable.stderr, unreachable

    coordinator = start_coordinator(1)
    subprocess.run(cli + ["submit", os.path.join(work, "first.jsonl")], check=True, capture_output=True)
    subprocess.run(cli + ["wait", "--timeout_s", "300"], check=True, capture_output=True)
    before = feed_records()
    assert before > 0, "the first documents gave no feed records"
    out_path, err_path = os.path.join(work, "follow.jsonl"), os.path.join(work, "follow.err")
    follower = subprocess.Popen(cli + ["subscribe", "--follow", "--background"], stdout=open(out_path, "w"),
                                stderr=open(err_path, "w"))
    wait_for(lambda: len(lines_of(out_path)) >= before, "the records before the restart")

    coordinator.send_signal(signal.SIGTERM)
    coordinator.wait(timeout=60)
    wait_for(lambda: "taking it up again" in open(err_path).read(), "the follower to say it reconnects")
    coordinator = start_coordinator(2)
    subprocess.run(cli + ["submit", os.path.join(work, "second.jsonl")], check=True, capture_output=True)
    subprocess.run(cli + ["wait", "--timeout_s", "300"], check=True, capture_output=True)
    total = feed_records()
    assert total > before, f"the second documents gave no feed records ({before} -> {total})"
    wait_for(lambda: len(lines_of(out_path)) >= total, "the records after the restart")
    time.sleep(0.5)  # nothing more may come
    follower.terminate()
    follower.wait(timeout=30)

    followed = [int(r["sequence"]) for r in lines_of(out_path)]
    fresh = subprocess.run(cli + ["subscribe", "--background"], check=True, capture_output=True, text=True)
    everything = [int(json.loads(l)["sequence"]) for l in fresh.stdout.splitlines()]
    assert followed == everything, f"followed {followed} but the feed is {everything}"
    assert followed == sorted(set(followed)), f"out of order or twice: {followed}"
    print(f"followed {len(followed)} records across a restart ({before} before it), none lost or repeated")
    print(open(err_path).read().strip())
    coordinator.terminate()
    coordinator.wait(timeout=60)
    shutil.rmtree(work)
    print("PASS")
except BaseException:
    print(f"work folder kept: {work}", file=sys.stderr)
    raise
