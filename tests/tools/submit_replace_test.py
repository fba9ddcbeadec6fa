#!/usr/bin/env python3
"""tests/tools/submit_replace_test.py BUILD_DIR

A dead-lettered document is replaced by a corrected one of the same id with
`eventwire submit --replace` and ends as done, with its events in the feed;
a document that is not a dead letter is not replaced, and the client says
why and exits 1."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

build = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="ew-replace-")
bin_ = lambda *p: os.path.join(build, *p)  # noqa: E731
with open(os.path.join(work, "pipeline.yaml"), "w") as f:
    f.write(f"listen: 127.0.0.1:0\ndata_dir: {work}/data\nstages:\n")
    for stage in ("ingest", "clean", "tag", "assemble"):
        f.write(f"  - {{name: {stage}, command: {bin_('services', stage, 'eventwire-' + stage)}}}\n")
os.makedirs(os.path.join(work, "sent"))
os.makedirs(os.path.join(work, "corrected"))
open(os.path.join(work, "sent", "report.txt"), "w").write("   \n")  # empty: ingest refuses it
open(os.path.join(work, "sent", "other.txt"), "w").write(
    "Kenyan police arrested opposition leader Raila Odinga in Nairobi on Monday.\n")
open(os.path.join(work, "corrected", "report.txt"), "w").write(
    "Russia and Ukraine agreed on Tuesday to exchange prisoners, officials in Kyiv said.\n")
port_file = os.path.join(work, "port")
coordinator = subprocess.Popen([bin_("services/coordinator/eventwire-coordinator"),
                                "--pipeline", os.path.join(work, "pipeline.yaml"),
                                "--port_file", port_file],
                               stderr=open(os.path.join(work, "coordinator.log"), "w"))
try:
    for _ in range(600):
        if os.path.exists(port_file) and open(port_file).read().strip():
            break
        subprocess.run(["sleep", "0.1"])
    cli = [bin_("tools/eventwire"), "--coordinator", "127.0.0.1:" + open(port_file).read().strip()]
    run = lambda *a, **k: subprocess.run(cli + list(a), capture_output=True, text=True, **k)  # noqa: E731
    run("submit", os.path.join(work, "sent"), check=False)
    run("wait", "--timeout_s", "300", check=True)
    dead = [json.loads(l)["document_id"] for l in run("dead-letters", check=True).stdout.splitlines()]
    assert dead == ["report.txt"], dead
    # Named: only the letters of those documents that have one.
    named = run("dead-letters", "report.txt", "never-sent.txt", check=True).stdout.splitlines()
    assert [json.loads(l)["document_id"] for l in named] == ["report.txt"], named
    assert run("dead-letters", "never-sent.txt", check=True).stdout.strip() == ""

    replaced = run("submit", "--replace", os.path.join(work, "corrected"))
    assert replaced.returncode == 0 and "1 replaced" in replaced.stderr, replaced
    run("wait", "--timeout_s", "300", check=True)
    assert run("dead-letters", check=True).stdout.strip() == "", "the dead letter stayed"
    status = json.loads(run("status", check=True).stdout)
    assert int(status.get("done", 0)) == 2 and int(status.get("dead", 0)) == 0, status
    docs = {json.loads(l)["id"]: json.loads(l)
            for l in run("export", "--emit", "documents", check=True).stdout.splitlines()}
    report = docs["report.txt"]
    assert report["text"].startswith("Russia and Ukraine agreed"), report["text"]
    assert any(e["type"] == "AGREE" for e in report.get("events", [])), report.get("events")
    feed = [json.loads(l) for l in run("export", "--background", check=True).stdout.splitlines()]
    assert any(m["document_id"] == "report.txt" for r in feed for m in r["event"]["mentions"]), feed

    # A document that is done is not replaced: it is already in the feed.
    again = run("submit", "--replace", os.path.join(work, "sent", "other.txt"))
    assert again.returncode == 1 and "is not a dead letter" in again.stderr, again
    print("a dead letter replaced and done; a done document refused")
    print("PASS")
finally:
    coordinator.send_signal(signal.SIGTERM)
    coordinator.wait(timeout=60)
shutil.rmtree(work)
