#!/usr/bin/env bash
# tests/sdk/tutorial_test.sh BUILD_DIR SOURCE_DIR
#
# The SDK as a user meets it: installs this build into a temporary prefix,
# builds the tutorial's stage out of tree with find_package(eventwire), and
# runs it in a pipeline of installed binaries, once as a service the
# coordinator starts and once as an embedded plugin, then the Python
# tutorial's stage on the installed Python SDK. Fails unless every document
# comes out with the custom stages' attributes and trace entries.
set -euo pipefail
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ew-sdk.XXXXXX")
coordinator_pid=""
cleanup() {
  local rc=$?
  [ -n "$coordinator_pid" ] && kill "$coordinator_pid" 2>/dev/null && wait "$coordinator_pid" 2>/dev/null
  if [ $rc -eq 0 ]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT

prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
# The public SDK and nothing private: the stage interface is there, the
# project's event matching is not.
[ -f "$prefix/include/eventwire/stage.h" ] || { echo "the SDK install has no eventwire/stage.h" >&2; exit 1; }
if [ -e "$prefix/include/eventwire/event_match.h" ]; then
  echo "the SDK install holds private headers: $(ls "$prefix/include/eventwire")" >&2; exit 1
fi
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
cmake -S "$src/docs/tutorial/cpp" -B "$work/tutorial" "${gen[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >"$work/configure.log"
cmake --build "$work/tutorial" >"$work/build.log"
# The plugin exports the ABI and nothing else.
if nm -D --defined-only "$work/tutorial/topic_plugin.so" | awk '{print $3}' | grep -v '^eventwire_plugin_' | grep .; then
  echo "topic_plugin.so exports more than the plugin ABI" >&2; exit 1
fi

mkdir -p "$work/in"
echo "Thousands of protesters marched in Accra on Monday to demand new elections." >"$work/in/a.txt"
echo "The foreign ministers of Kenya and Uganda held talks in Nairobi on Tuesday." >"$work/in/b.txt"
echo "Rebels shelled the town overnight, killing four people, officials said." >"$work/in/c.txt"

cat >"$work/pipeline.yaml" <<YAML
listen: 127.0.0.1:0
data_dir: $work/data
workers: 2
stages:
  - {name: ingest, command: $prefix/bin/eventwire-ingest}
  - {name: clean, command: $prefix/bin/eventwire-clean}
  - {name: topics, command: $work/tutorial/topic-stage}
  - {name: topics-plugin, plugin: $work/tutorial/topic_plugin.so, embedded: true}
  - name: topics-py
    command: [/usr/bin/python3, $src/docs/tutorial/python/topic_stage.py]
    env: {PYTHONPATH: $prefix/share/eventwire/python}
YAML
"$prefix/bin/eventwire-coordinator" --pipeline "$work/pipeline.yaml" \
  --port_file "$work/coordinator.port" 2>"$work/coordinator.log" &
coordinator_pid=$!
for _ in $(seq 1 300); do [ -s "$work/coordinator.port" ] && break; sleep 0.1; done
[ -s "$work/coordinator.port" ] || { echo "coordinator did not start" >&2; cat "$work/coordinator.log" >&2; exit 1; }
cli=("$prefix/bin/eventwire" --coordinator "127.0.0.1:$(cat "$work/coordinator.port")")
"${cli[@]}" submit "$work/in"
"${cli[@]}" wait --timeout_s 120
"${cli[@]}" export --emit documents --output "$work/out.jsonl"
/usr/bin/env python3 - "$work/out.jsonl" <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
assert len(docs) == 3, f"{len(docs)} documents, expected 3"
want = {"a.txt": "unrest", "b.txt": "diplomacy", "c.txt": "violence"}
for d in docs:
    topics = d.get("attributes", {}).get("topics", "")
    assert want[d["id"]] in topics.split(","), (d["id"], topics)
    stages = [t["stage"] for t in d["trace"]]
    assert stages == ["ingest", "clean", "topics", "topics-plugin", "topics-py"], stages
    assert want[d["id"]] in d["attributes"]["topics_py"].split(","), d["attributes"]
    print(d["id"], "topics:", topics, "trace:", " > ".join(stages))
PY
echo "tutorial stages: C++ built against the installed SDK (a service and an embedded plugin) and Python on the installed Python SDK, all in one pipeline"
