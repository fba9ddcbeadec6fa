#!/usr/bin/python3
"""The soak benchmark behind tools/soak (see there for usage).

Runs the real pipeline (the coordinator starting the four stages, the SQLite
store) and submits articles at a steady rate for a chosen time. Every minute
it samples each process's resident memory and open file descriptors; at the
end it prints them at the start of the 2nd minute, the middle and the end,
with documents done, dead letters and the feed's size, and checks that every
accepted document finished and every event entered the feed exactly once.

Articles are used again when the run outlasts them: each pass gives them new
ids and a publication date three days after the previous pass, so that a pass
reads as the next news day, not as more reports of the same events."""

import argparse
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time


def read_articles(inputs):
    articles = []
    for root in inputs:
        paths = [root] if os.path.isfile(root) else sorted(
            os.path.join(d, f) for d, _, files in os.walk(root) for f in files)
        for path in paths:
            if path.endswith((".txt", ".html", ".htm")) and not os.path.basename(path).isupper():
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                if text.strip():
                    articles.append((os.path.relpath(path, root if os.path.isdir(root) else os.path.dirname(root)),
                                     text, path.endswith((".html", ".htm"))))
            elif path.endswith(".jsonl"):
                with open(path, encoding="utf-8", errors="replace") as f:
                    for n, line in enumerate(f):
                        try:
                            record = json.loads(line)
                        except ValueError:
                            continue
                        text = record.get("text") or record.get("html")
                        if isinstance(text, str) and text.strip():
                            articles.append((f"{os.path.basename(path)}:{n}", text, "html" in record))
    return articles


def processes(root_pid):
    """The coordinator and every process under it: pid -> name."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
                parents[int(entry)] = int(stat[stat.rindex(")") + 2:].split()[1])
            except (OSError, ValueError):
                pass
    found, frontier = {root_pid}, [root_pid]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in found:
                found.add(child)
                frontier.append(child)
    names = {}
    for pid in found:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
            names[pid] = os.path.basename(argv[0].decode())
        except OSError:
            pass
    return names


def sample(root_pid):
    """name -> (resident MB, open file descriptors) for each live process."""
    out = {}
    for pid, name in processes(root_pid).items():
        try:
            with open(f"/proc/{pid}/status") as f:
                rss_kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            fds = len(os.listdir(f"/proc/{pid}/fd"))
        except (OSError, StopIteration):
            continue
        out[name if name not in out else f"{name}[{pid}]"] = (rss_kb / 1024, fds)
    return out


def main():
    parser = argparse.ArgumentParser(prog="tools/soak")
    parser.add_argument("--build", required=True)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", default="auto",
                        help="documents per second, or 'auto': half of a measured burst")
    parser.add_argument("--keep", action="store_true", help="keep the data and logs")
    parser.add_argument("inputs", nargs="*")
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    inputs = args.inputs or [os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                          "..", "..", "shared", "data", "bbc-news")]
    articles = read_articles(inputs)
    if not articles:
        sys.exit(f"tools/soak: no articles in {' '.join(inputs)}")

    work = tempfile.mkdtemp(prefix="eventwire-soak-")
    with open(os.path.join(work, "pipeline.yaml"), "w") as f:
        f.write(f"listen: 127.0.0.1:0\ndata_dir: {work}/data\nworkers: 2\nbatch_size: 8\nstages:\n")
        for stage in ("ingest", "clean", "tag", "assemble"):
            f.write(f"  - {{name: {stage}, command: {build}/services/{stage}/eventwire-{stage}, "
                    f"deadline_ms: 30000}}\n")
    port_file = os.path.join(work, "coordinator.port")
    log = open(os.path.join(work, "coordinator.log"), "w")
    coordinator = subprocess.Popen([f"{build}/services/coordinator/eventwire-coordinator",
                                    "--pipeline", os.path.join(work, "pipeline.yaml"),
                                    "--port_file", port_file], stderr=log)
    ok = False
    try:
        for _ in range(600):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            if coordinator.poll() is not None:
                sys.exit(f"tools/soak: the coordinator exited; see {log.name}")
            time.sleep(0.1)
        cli = [f"{build}/tools/eventwire", "--coordinator",
               "127.0.0.1:" + open(port_file).read().strip()]
        counter = {"next": 0, "accepted": 0}

        def submit(count):
            """Submits the next `count` articles; returns how many were accepted."""
            path = os.path.join(work, "chunk.jsonl")
            with open(path, "w") as f:
                for _ in range(count):
                    n = counter["next"]
                    counter["next"] += 1
                    name, text, is_html = articles[n % len(articles)]
                    day = datetime.date(2001, 1, 1) + datetime.timedelta(days=3 * (n // len(articles)))
                    record = {"id": f"p{n // len(articles)}/{name}", "published_at": day.isoformat(),
                              "html" if is_html else "text": text}
                    f.write(json.dumps(record) + "\n")
            r = subprocess.run(cli + ["submit", "--batch", "64", path], capture_output=True, text=True)
            accepted = sum(int(w) for w in
                           [line.split()[1] for line in r.stderr.splitlines() if line.startswith("submitted:")])
            counter["accepted"] += accepted
            if r.returncode != 0 or accepted != count:
                print(f"soak: submit accepted {accepted} of {count}: {r.stderr.strip()[-300:]}", flush=True)
            return accepted

        def status():
            r = subprocess.run(cli + ["status"], capture_output=True, text=True, timeout=60)
            return json.loads(r.stdout) if r.returncode == 0 else {}

        def wait_idle(timeout_s):
            subprocess.run(cli + ["wait", "--timeout_s", str(int(timeout_s))], capture_output=True)

        if args.rate == "auto":
            burst = min(1000, len(articles))
            t0 = time.time()
            submit(burst)
            wait_idle(600)
            measured = burst / (time.time() - t0)
            rate = max(1, round(measured / 2))
            print(f"soak: measured {measured:.0f} documents/s in a burst of {burst}; "
                  f"running at {rate}/s", flush=True)
        else:
            rate = max(1, int(args.rate))
            print(f"soak: running at {rate} documents/s", flush=True)

        seconds = int(args.minutes * 60)
        samples = {}  # second -> (sample, status)
        start = time.time()
        behind_max = 0.0
        for second in range(seconds):
            target = start + second
            now = time.time()
            if now < target:
                time.sleep(target - now)
            behind_max = max(behind_max, time.time() - target)
            submit(rate)
            if second % 60 == 0 or second == seconds - 1:
                s = status()
                samples[second] = (sample(coordinator.pid), s)
                rows = samples[second][0]
                print(f"soak {second // 60:3d} min: {counter['accepted']} accepted, "
                      f"{s.get('done', '0')} done, {s.get('pending', '0')} pending, "
                      f"{s.get('dead', '0')} dead, {s.get('feed_records', '0')} feed records; " +
                      ", ".join(f"{n} {mb:.0f} MB/{fd} fds" for n, (mb, fd) in sorted(rows.items())),
                      flush=True)
        end_sample = sample(coordinator.pid)
        wait_idle(3600)
        final = status()

        # Every record of the feed adds one mention (its last): the pairs
        # (document, event) must all differ.
        feed = subprocess.run(cli + ["subscribe"], capture_output=True, text=True)
        mentions, records = set(), 0
        duplicates = 0
        for line in feed.stdout.splitlines():
            record = json.loads(line)
            records += 1
            m = record["event"]["mentions"][-1]
            key = (m["document_id"], m["event_id"])
            duplicates += key in mentions
            mentions.add(key)
        accepted, done, dead = (int(final.get(k, 0)) for k in ("accepted", "done", "dead"))
        lost = counter["accepted"] - done - dead

        second_minute = samples[min(k for k in samples if k >= 60)] if seconds > 60 else samples[0]
        middle = samples[max(k for k in samples if k <= seconds // 2)]
        print(f"\nsoak: {args.minutes:g} min at {rate} documents/s (up to {behind_max:.1f} s behind "
              f"schedule); {counter['accepted']} documents accepted")
        print(f"{'process':22s} {'2nd min MB':>10s} {'middle MB':>10s} {'end MB':>8s} {'growth':>7s}"
              f" {'fds 2nd/mid/end':>16s}")
        worst = 0.0
        fds_constant = True
        for name in sorted(end_sample):
            a = second_minute[0].get(name, (0, 0))
            b = middle[0].get(name, (0, 0))
            c = end_sample[name]
            growth = (c[0] - a[0]) / a[0] if a[0] else float("nan")
            worst = max(worst, growth)
            fds_constant = fds_constant and a[1] == b[1] == c[1]
            print(f"{name:22s} {a[0]:10.1f} {b[0]:10.1f} {c[0]:8.1f} {100 * growth:6.1f}%"
                  f" {a[1]:>6d}/{b[1]}/{c[1]}")
        print(f"documents: {accepted} accepted, {done} done, {dead} dead letters, {lost} lost; "
              f"feed: {records} records, {len(mentions)} distinct mentions, {duplicates} duplicated")
        ok = lost == 0 and duplicates == 0 and records == int(final.get("feed_records", -1))
        print(f"soak: largest memory growth {100 * worst:.1f}% (2nd minute to end), file "
              f"descriptors {'constant' if fds_constant else 'CHANGED'}, "
              f"{'nothing lost or duplicated' if ok else 'FAILED'}")
    finally:
        coordinator.send_signal(signal.SIGTERM)
        try:
            coordinator.wait(timeout=60)
        except subprocess.TimeoutExpired:
            coordinator.kill()
        if args.keep or not ok:
            print(f"soak: data and logs kept in {work}", file=sys.stderr)
        else:
            subprocess.run(["rm", "-rf", work])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
