#!/usr/bin/env python3
"""tests/bad_input/bad_input_test.py BUILD_DIR

Every kind of bad input in make_corpus.py, with good articles in the same
run, through the real pipeline (the coordinator starting the four stages):
each bad input ends as a dead letter or a refusal that names the document
(and, for a dead letter, the stage), or as a processed document; the broken
kinds never pass silently; no stage crashes or restarts; every good article
comes out with its events."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

build = os.path.abspath(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp(prefix="ew-bad-input-")
bin_ = lambda *p: os.path.join(build, *p)  # noqa: E731
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


subprocess.run([sys.executable, os.path.join(here, "make_corpus.py"), work], check=True)
with open(os.path.join(work, "pipeline.yaml"), "w") as f:
    f.write(f"""listen: 127.0.0.1:0
data_dir: {work}/data
workers: 2
batch_size: 4
max_document_bytes: 16777216
stages:
""")
    for stage in ("ingest", "clean", "tag", "assemble"):
        f.write(f"  - {{name: {stage}, command: {bin_('services', stage, 'eventwire-' + stage)}, "
                f"deadline_ms: 120000}}\n")
port_file = os.path.join(work, "coordinator.port")
log = open(os.path.join(work, "coordinator.log"), "w")
coordinator = subprocess.Popen([bin_("services/coordinator/eventwire-coordinator"),
                                "--pipeline", os.path.join(work, "pipeline.yaml"),
                                "--port_file", port_file], stderr=log)
try:
    for _ in range(600):
        if os.path.exists(port_file) and open(port_file).read().strip():
            break
        if coordinator.poll() is not None:
            sys.exit("the coordinator exited; see " + log.name)
        time.sleep(0.1)
    cli = [bin_("tools/eventwire"), "--coordinator", "127.0.0.1:" + open(port_file).read().strip()]
    start = time.time()
    submitted = subprocess.run(cli + ["submit", os.path.join(work, "bad"), os.path.join(work, "good")],
                               capture_output=True, text=True)
    subprocess.run(cli + ["wait", "--timeout_s", "900"], check=True, capture_output=True)
    elapsed = time.time() - start
    out = os.path.join(work, "documents.jsonl")
    subprocess.run(cli + ["export", "--emit", "documents", "--output", out], check=True, capture_output=True)
    docs = {d["id"]: d for d in map(json.loads, open(out))}
    dead = {d["document_id"]: d for d in map(json.loads, subprocess.run(
        cli + ["dead-letters"], check=True, capture_output=True, text=True).stdout.splitlines())}
    # Sent through again (as after fixing a stage), the ingest failures fail
    # the same way, each again a dead letter naming its stage and document.
    at_ingest = sorted(i for i, d in dead.items() if d["stage"] == "ingest")
    retried = subprocess.run(cli + ["retry", "--stage", "ingest"], capture_output=True, text=True)
    check(retried.returncode == 0 and f"{len(at_ingest)} of {len(at_ingest)} requeued" in retried.stderr,
          f"retry --stage ingest: {retried.stdout} {retried.stderr}")
    subprocess.run(cli + ["wait", "--timeout_s", "900"], check=True, capture_output=True)
    dead_again = {d["document_id"]: d for d in map(json.loads, subprocess.run(
        cli + ["dead-letters"], check=True, capture_output=True, text=True).stdout.splitlines())}
    check(sorted(dead_again) == sorted(dead), f"after the retry, dead letters {sorted(dead_again)}")
    status = json.loads(subprocess.run(cli + ["status"], check=True, capture_output=True, text=True).stdout)
finally:
    coordinator.terminate()
    coordinator.wait(timeout=60)

# What the client said about inputs it could not read or the coordinator refused.
refused = {}
for line in submitted.stderr.splitlines():
    if "not accepted:" in line or "unreadable" in line or "cannot" in line:
        for name in os.listdir(os.path.join(work, "bad")):
            if name in line:
                refused[name] = line

# Inputs that are broken, not merely unusual: they must not pass silently.
broken = {"binary.txt", "png-as-html.html", "empty.txt", "whitespace-only.txt", "huge-50mb.txt",
          "truncated.txt.gz", "zip-bomb.txt.gz", "record-no-text.json", "record-deep-json.json",
          "record-wrong-types.json", "invalid-utf8.txt", "nul-bytes.txt"}
rows = []
for name in sorted(os.listdir(os.path.join(work, "bad"))):
    # A record's document takes the record's own id when it has one.
    record_id = None
    if name.endswith(".json"):
        try:
            record_id = str(json.load(open(os.path.join(work, "bad", name))).get("id"))
        except (ValueError, RecursionError):
            pass
    ids = [i for i in list(docs) + list(dead) if i in (name, record_id) or i.startswith(name + ":") or
           (name == "malformed.jsonl" and i.startswith("jl-"))]
    outcome = []
    for i in ids:
        if i in dead:
            err = dead[i]["error"]
            check(f"stage '{dead[i]['stage']}'" in err and f"'{i}'" in err,
                  f"{name}: dead letter '{i}' does not name its stage and document: {err}")
            outcome.append(f"dead letter at {dead[i]['stage']}: {err[:90]}")
        else:
            diags = docs[i].get("diagnostics", [])
            check(all(g.get("stage") for g in diags), f"{name}: a diagnostic without a stage")
            outcome.append("processed" + (f", diagnostics: {sorted({g['stage'] + '/' + g.get('code', '') for g in diags})}"
                                          if diags else ""))
            if name in broken:
                check(bool(diags), f"{name}: a broken input passed without a diagnostic")
    if name in refused:
        check(name.split(".")[0] in refused[name] or name in refused[name], f"{name}: refusal does not name it")
        outcome.append("refused at submit: " + refused[name].split(": ", 1)[-1][:90])
    check(bool(outcome), f"{name}: no trace of it (not processed, not a dead letter, not refused)")
    rows.append((name, "; ".join(outcome)))

good_ids = [i for i in docs if i.startswith("good-") or i.startswith("jl-good-")]
check(len(good_ids) == 7, f"good articles done: {sorted(good_ids)} (expected 4 files and 3 JSON lines)")
for i in good_ids:
    check(docs[i].get("text") and docs[i].get("events"), f"good article {i} lost its text or events")
for s in status.get("stages", []):
    check(s.get("health") == "SERVING", f"stage {s['name']} is {s.get('health')} after the run")
    check(not s.get("restarts"), f"stage {s['name']} restarted {s.get('restarts')} time(s): it crashed")

for name, outcome in rows:
    print(f"  {name:28s} {outcome}")
print(f"retried the {len(at_ingest)} dead at ingest: each failed again the same way")
print(f"bad input: {len(rows)} kinds, {len(dead)} dead letters, {len(refused)} refused at submit, "
      f"{len(docs)} documents done ({len(good_ids)} good), {elapsed:.1f} s, {len(failures)} failure(s)")
for f in failures:
    print("FAIL:", f)
if failures:
    print("kept", work)
    sys.exit(1)
shutil.rmtree(work)
