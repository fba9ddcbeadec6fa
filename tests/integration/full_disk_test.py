#!/usr/bin/env python3
"""tests/integration/full_disk_test.py BUILD_DIR

The SQLite store on a disk that fills up: the coordinator (with the four real
stages) keeps its data on a 16 MB tmpfs the test mounts, in a mount namespace
of its own (unshare), so nothing outside sees it and it goes with the test.
Documents go through; then a file takes every free byte. Submit must refuse
with an error that names the cause and the documents; documents already
acknowledged must not be lost or dead-lettered; once the file is removed the
pipeline goes on by itself and completes every acknowledged document, and the
refused ones are accepted when sent again. At the end every document is done
once and every event is in the feed once.

Needs unshare(1) with user namespaces, or root; exits 77 (skipped) when
neither can mount a filesystem."""

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
DISK_MB = 16
CITIES = ["Lagos", "Nairobi", "Lima", "Dhaka", "Manila", "Quito", "Accra", "Hanoi",
          "Bogota", "Tunis", "Kampala", "Dakar"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(i):
    city, day = CITIES[i % len(CITIES)], DAYS[i % len(DAYS)]
    return (f"Police in {city} arrested {i + 3} protesters on {day} after a march against "
            f"fuel prices, officials said. The interior minister of the country met union "
            f"leaders in {city} on {day} to discuss the dispute. Article number {i}.\n")


def write_articles(folder, prefix, count, start):
    os.makedirs(folder)
    for i in range(start, start + count):
        with open(os.path.join(folder, f"{prefix}-{i:03d}.txt"), "w") as f:
            f.write(article(i))


def fill(fd, size):
    """Writes `size` bytes, or until the disk is full when None."""
    left = size
    for chunk in (1 << 16, 4096, 1):  # down to the last byte
        while left is None or left >= chunk:
            try:
                os.write(fd, b"\0" * chunk)
            except OSError as e:
                if e.errno != errno.ENOSPC:
                    raise
                break
            if left is not None:
                left -= chunk


def outside(build):
    """Re-runs this test in a mount namespace of its own."""
    argv = [sys.executable, os.path.abspath(__file__), build, "--inside"]
    attempts = []
    if shutil.which("unshare"):
        attempts.append(["unshare", "--user", "--map-root-user", "--mount", "--"] + argv)
        if os.geteuid() == 0:
            attempts.append(["unshare", "--mount", "--"] + argv)
    for command in attempts:
        probe = subprocess.run(command[:command.index("--") + 1] + ["true"],
                               capture_output=True)
        if probe.returncode == 0:
            return subprocess.run(command, timeout=1200).returncode
    print("skipped: cannot create a mount namespace (unshare with user namespaces, or root)")
    return SKIP


def inside(build):
    failures = []

    def check(ok, message):
        if not ok:
            failures.append(message)
            print("FAIL:", message, flush=True)

    work = tempfile.mkdtemp(prefix="ew-full-disk-")
    disk = os.path.join(work, "disk")
    os.makedirs(disk)
    # Private to this namespace: the mount is gone when the test's processes are.
    subprocess.run(["mount", "--make-rprivate", "/"], check=False, capture_output=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_MB}m", "tmpfs", disk],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        print("skipped: cannot mount a tmpfs:", mounted.stderr.strip())
        return SKIP
    bin_ = lambda *p: os.path.join(build, *p)  # noqa: E731
    with open(os.path.join(work, "pipeline.yaml"), "w") as f:
        f.write(f"listen: 127.0.0.1:0\ndata_dir: {disk}/data\nworkers: 2\nbatch_size: 4\nstages:\n")
        for stage in ("ingest", "clean", "tag", "assemble"):
            f.write(f"  - {{name: {stage}, command: {bin_('services', stage, 'eventwire-' + stage)}}}\n")
    write_articles(os.path.join(work, "first"), "first", 24, 0)
    write_articles(os.path.join(work, "busy"), "busy", 80, 200)
    write_articles(os.path.join(work, "during"), "during", 24, 100)
    port_file = os.path.join(work, "coordinator.port")
    log = open(os.path.join(work, "coordinator.log"), "w")
    coordinator = subprocess.Popen([bin_("services/coordinator/eventwire-coordinator"),
                                    "--pipeline", os.path.join(work, "pipeline.yaml"),
                                    "--port_file", port_file], stderr=log)
    filler = os.path.join(disk, "filler")
    try:
        for _ in range(600):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            if coordinator.poll() is not None:
                sys.exit("the coordinator exited; see " + log.name)
            time.sleep(0.1)
        cli = [bin_("tools/eventwire"), "--coordinator", "127.0.0.1:" + open(port_file).read().strip()]

        def run(*args, timeout=600):
            return subprocess.run(cli + list(args), capture_output=True, text=True, timeout=timeout)

        first = run("submit", os.path.join(work, "first"))
        check(first.returncode == 0 and "24 accepted" in first.stderr, f"first submit: {first.stderr}")
        check(run("wait", "--timeout_s", "300").returncode == 0, "the first documents did not finish")

        # The disk fills while documents are in the pipeline: a file takes
        # all but 256 KB, documents are acknowledged, and the file takes the
        # rest before they can all be completed.
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            fill(fd, shutil.disk_usage(disk).free - (256 << 10))
            busy = run("submit", os.path.join(work, "busy"))
            check(busy.returncode == 0 and "80 accepted" in busy.stderr, f"submit before full: {busy.stderr}")
            fill(fd, None)
        finally:
            os.close(fd)
        free = shutil.disk_usage(disk).free
        print(f"disk full: {free} bytes free of {DISK_MB} MB", flush=True)

        # One document per call: each refused or accepted on its own.
        during = run("submit", "--batch", "1", os.path.join(work, "during"))
        accepted_during = 24 - sum(1 for line in during.stderr.splitlines() if "not accepted" in line)
        refusals = [line for line in during.stderr.splitlines() if "not accepted" in line]
        print(f"while full: {accepted_during} accepted, {len(refusals)} refused; "
              f"first refusal: {refusals[0] if refusals else None}", flush=True)
        check(during.returncode != 0 and refusals, "submit to a full disk was not refused")
        for line in refusals:
            check("during-" in line and "is full" in line and disk in line,
                  f"a refusal does not name the document and the full disk: {line}")
        time.sleep(3)  # the pipeline meets the full disk on completion too
        status = run("status", timeout=30)
        check(status.returncode == 0, f"status while the disk is full: {status.stderr}")
        pending = json.loads(status.stdout).get("pending", "0") if status.returncode == 0 else "?"
        print(f"while full: {pending} acknowledged documents waiting to be completed", flush=True)
        check(int(pending) > 0 if pending != "?" else False,
              "no acknowledged document was waiting while the disk was full (the test did not "
              "reach completion on a full disk)")
        check(coordinator.poll() is None, "the coordinator exited on a full disk")

        os.remove(filler)
        check(run("wait", "--timeout_s", "300").returncode == 0,
              "the acknowledged documents did not finish after space was freed")
        again = run("submit", os.path.join(work, "during"))
        check(again.returncode == 0 and f"{len(refusals)} accepted" in again.stderr,
              f"the refused documents sent again: {again.stderr}")
        check(run("wait", "--timeout_s", "300").returncode == 0, "the resubmitted documents did not finish")

        out = os.path.join(work, "documents.jsonl")
        run("export", "--emit", "documents", "--output", out)
        docs = [json.loads(line) for line in open(out)]
        ids = [d["id"] for d in docs]
        check(len(ids) == len(set(ids)) == 128, f"{len(ids)} documents done ({len(set(ids))} distinct), expected 128")
        dead = run("dead-letters").stdout.split("\n")
        check(not [d for d in dead if d.strip()], f"dead letters: {dead}")
        events_out = os.path.join(work, "events.jsonl")
        run("export", "--emit", "events", "--output", events_out)
        mentions = [(m["document_id"], m["event_id"]) for line in open(events_out)
                    for m in json.loads(line)["event"]["mentions"]]
        expected = sorted((d["id"], e["id"]) for d in docs for e in d.get("events", [])
                          if e.get("feed_event_id"))
        check(len(expected) > 0, "no events in the feed")
        check(sorted(mentions) == expected,
              f"feed mentions {len(mentions)} ({len(set(mentions))} distinct), document events {len(expected)}")
        print(f"full disk: 128 documents done, {len(expected)} events in the feed once each, "
              f"{len(refusals)} refused while full and accepted after, {len(failures)} failure(s)")
    finally:
        coordinator.terminate()
        try:
            coordinator.wait(timeout=60)
        except subprocess.TimeoutExpired:
            coordinator.kill()
        log.close()
        if os.path.exists(filler):
            os.remove(filler)
        subprocess.run(["umount", disk], check=False, capture_output=True)
    if failures:
        print("kept", work)
        print(open(log.name).read()[-3000:])
        return 1
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[2] == "--inside":
        sys.exit(inside(os.path.abspath(sys.argv[1])))
    sys.exit(outside(os.path.abspath(sys.argv[1])))
