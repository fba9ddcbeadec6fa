// Runs built-in stages in process over inputs, without gRPC: prints
// documents per second and the per-document time distribution of each stage,
// and can write the document export. For benchmarks and quick checks; the
// product path is tools/run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "eventwire/json.h"
#include "eventwire/stage_registry.h"
#include "input_reader.h"

ABSL_FLAG(std::string, stages, "ingest,clean,tag,assemble",
          "Comma-separated built-in stages to run, in order, each a "
          "registered name with settings after colons (\"tag:parse=false\"; "
          "eventwire-stage-host --list_stages lists them). Alternatives at "
          "one position, separated by '|' (\"tag:parse=false|tag\"), each "
          "run on the same input, side by side; the last one's output goes "
          "on");
ABSL_FLAG(std::string, output, "", "Write the document export here");
ABSL_FLAG(int, repeat, 1, "Run the timed stages this many times");

namespace {

// A stage from its spec: a registered built-in stage's name, with settings
// after colons ("tag:parse=false").
std::unique_ptr<eventwire::Stage> MakeStage(const std::string& spec) {
  std::vector<std::string> parts = absl::StrSplit(spec, ':');
  const std::string name = parts[0];
  parts.erase(parts.begin());
  auto stage = eventwire::StageRegistry::Builtin().Create(name, parts);
  if (!stage.ok()) {
    std::cerr << stage.status().message() << "\n";
    return nullptr;
  }
  return std::move(*stage);
}

// VmHWM of this process, 0 where /proc does not tell.
double PeakResidentMegabytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (absl::StartsWith(line, "VmHWM:")) {
      return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
    }
  }
  return 0;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  std::vector<std::string> inputs(args.begin() + 1, args.end());
  // stages[position] holds the alternatives run at that position.
  std::vector<std::vector<std::unique_ptr<eventwire::Stage>>> stages;
  std::vector<std::vector<std::string>> names;
  std::vector<std::string> order;  // every stage name, for the report
  for (absl::string_view position :
       absl::StrSplit(absl::GetFlag(FLAGS_stages), ',')) {
    stages.emplace_back();
    names.emplace_back();
    for (absl::string_view alternative : absl::StrSplit(position, '|')) {
      const std::string name(alternative);
      auto stage = MakeStage(name);
      if (!stage) {
        std::cerr << "unknown or failed stage '" << name << "'\n";
        return 2;
      }
      stages.back().push_back(std::move(stage));
      names.back().push_back(name);
      order.push_back(name);
    }
  }
  std::vector<eventwire::v1::Document> docs;
  auto errors = eventwire::ingest::ReadInputs(
      inputs, {},
      [&](eventwire::v1::Document&& d) { docs.push_back(std::move(d)); });
  for (const auto& e : errors)
    std::cerr << e.input << ": " << e.message << "\n";

  std::map<std::string, std::vector<double>> times;
  std::map<std::string, uint64_t> tokens_seen;
  std::vector<eventwire::v1::Document> results;
  std::vector<bool> failed(docs.size(), false);
  for (int rep = 0; rep < absl::GetFlag(FLAGS_repeat); ++rep) {
    results = docs;
    for (size_t s = 0; s < stages.size(); ++s) {
      std::vector<eventwire::v1::Document> input;
      if (stages[s].size() > 1) input = results;
      for (size_t a = 0; a < stages[s].size(); ++a) {
        if (a > 0) results = input;
        const std::string& name = names[s][a];
        for (size_t i = 0; i < results.size(); ++i) {
          if (failed[i]) continue;
          auto start = std::chrono::steady_clock::now();
          absl::Status st = eventwire::RunStage(*stages[s][a], results[i]);
          double ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start)
                          .count();
          times[name].push_back(ms);
          tokens_seen[name] += results[i].tokens_size();
          if (!st.ok()) {
            failed[i] = true;
            std::cerr << st.message() << "\n";
          }
        }
      }
    }
  }
  uint64_t tokens = 0;
  for (const auto& d : results) tokens += d.tokens_size();
  fprintf(stderr, "%zu documents, %d repeat(s), %lu tokens\n", docs.size(),
          absl::GetFlag(FLAGS_repeat), static_cast<unsigned long>(tokens));
  for (const std::string& name : order) {
    const auto& v = times[name];
    double total = 0;
    for (double t : v) total += t;
    fprintf(stderr,
            "%-11s %9.1f docs/s  median %.3f ms  p90 %.3f ms  p99 %.3f ms  "
            "max %.3f ms  total %.1f ms\n",
            name.c_str(), total > 0 ? v.size() * 1000.0 / total : 0,
            Percentile(v, 0.5), Percentile(v, 0.9), Percentile(v, 0.99),
            Percentile(v, 1.0), total);
    if (absl::StartsWith(name, "tag") && total > 0) {
      fprintf(stderr, "%-11s %9.0f tokens/s\n", "",
              tokens_seen[name] * 1000.0 / total);
    }
  }
  fprintf(stderr, "peak resident memory %.0f MB\n", PeakResidentMegabytes());
  if (!absl::GetFlag(FLAGS_output).empty()) {
    std::ofstream out(absl::GetFlag(FLAGS_output));
    for (size_t i = 0; i < results.size(); ++i) {
      if (failed[i]) continue;
      auto line = eventwire::DocumentToJsonLine(results[i]);
      if (line.ok()) {
        out << *line << "\n";
      } else {
        std::cerr << "document '" << results[i].id() << "': " << line.status()
                  << "\n";
      }
    }
  }
  return 0;
}
