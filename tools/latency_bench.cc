// Submit-to-feed latency on an idle pipeline: submits articles one at a
// time to a running coordinator, each only after the one before is done,
// and prints how long each took to be done (Submit until the finished
// document can be read back) and, for those that report events, to reach
// a subscriber of the feed. For benchmarks (tools/bench-pipeline runs it);
// prints figures.
//   eventwire-latencybench --coordinator 127.0.0.1:7000 --count 200 DIR
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "eventwire/v1/coordinator.grpc.pb.h"
#include "input_reader.h"

ABSL_FLAG(std::string, coordinator, "127.0.0.1:7000", "host:port");
ABSL_FLAG(int, count, 200, "How many articles (the first, in path order)");
ABSL_FLAG(std::string, id_prefix, "latency/",
          "Put before each id, so that articles already in the feed are "
          "measured again");
ABSL_FLAG(int, timeout_s, 30, "Give up on an article after this long");

namespace {

namespace v1 = eventwire::v1;
using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

std::string Percentiles(std::vector<double> ms) {
  if (ms.empty()) return "none";
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
  };
  return absl::StrCat("p50 ", absl::StrFormat("%.1f", at(0.5)), " ms, p99 ",
                      absl::StrFormat("%.1f", at(0.99)), " ms, max ",
                      absl::StrFormat("%.1f", ms.back()), " ms");
}

// When each document first reached the feed (by its mentions).
class FeedWatch {
 public:
  void Saw(const std::string& document_id) {
    absl::MutexLock lock(&mu_);
    seen_.emplace(document_id, Clock::now());
  }
  // When `id` reached the feed, waiting up to `wait` for it.
  std::optional<Clock::time_point> When(const std::string& id,
                                        absl::Duration wait) {
    absl::MutexLock lock(&mu_);
    auto arrived = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return seen_.count(id) > 0;
    };
    mu_.AwaitWithTimeout(absl::Condition(&arrived), wait);
    auto it = seen_.find(id);
    if (it == seen_.end()) return std::nullopt;
    return it->second;
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, Clock::time_point> seen_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  std::vector<std::string> inputs(args.begin() + 1, args.end());
  if (inputs.empty()) {
    std::cerr << "usage: eventwire-latencybench --coordinator HOST:PORT "
                 "INPUT...\n";
    return 2;
  }
  std::vector<v1::Document> docs;
  const size_t count = static_cast<size_t>(absl::GetFlag(FLAGS_count));
  eventwire::ingest::ReadInputs(inputs, {}, [&](v1::Document&& doc) {
    if (docs.size() >= count) return;
    doc.set_id(absl::GetFlag(FLAGS_id_prefix) + doc.id());
    docs.push_back(std::move(doc));
  });
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_coordinator),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::Coordinator::NewStub(channel);

  // A subscriber from the feed's end, as a client following it would be.
  v1::PipelineStatus status;
  {
    grpc::ClientContext ctx;
    ctx.set_wait_for_ready(true);
    if (auto st = stub->GetStatus(&ctx, {}, &status); !st.ok()) {
      std::cerr << "eventwire-latencybench: " << st.error_message() << "\n";
      return 1;
    }
  }
  FeedWatch watch;
  grpc::ClientContext follow_ctx;
  std::thread follower([&] {
    v1::SubscribeRequest request;
    request.set_after_sequence(status.last_sequence());
    request.set_follow(true);
    auto reader = stub->Subscribe(&follow_ctx, request);
    v1::FeedRecord record;
    while (reader->Read(&record)) {
      for (const auto& m : record.event().mentions())
        watch.Saw(m.document_id());
    }
  });

  std::vector<double> done_ms, feed_ms;
  int failed = 0;
  const auto timeout = std::chrono::seconds(absl::GetFlag(FLAGS_timeout_s));
  for (const v1::Document& doc : docs) {
    const Clock::time_point start = Clock::now();
    v1::SubmitRequest submit;
    *submit.add_documents() = doc;
    v1::SubmitResponse accepted;
    grpc::ClientContext ctx;
    if (auto st = stub->Submit(&ctx, submit, &accepted);
        !st.ok() || accepted.results_size() != 1 ||
        !accepted.results(0).accepted() || accepted.results(0).duplicate()) {
      std::cerr << "eventwire-latencybench: '" << doc.id()
                << "' not accepted as new\n";
      ++failed;
      continue;
    }
    // Done once the finished document can be read back.
    std::optional<v1::Document> finished;
    while (!finished && Clock::now() - start < timeout) {
      v1::GetDocumentsRequest get;
      get.add_document_ids(doc.id());
      grpc::ClientContext get_ctx;
      auto reader = stub->GetDocuments(&get_ctx, get);
      v1::Document d;
      if (reader->Read(&d)) finished = std::move(d);
      reader->Finish();
      if (!finished) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!finished) {
      std::cerr << "eventwire-latencybench: '" << doc.id()
                << "' not done within " << absl::GetFlag(FLAGS_timeout_s)
                << " s\n";
      ++failed;
      continue;
    }
    done_ms.push_back(Ms(Clock::now() - start));
    if (finished->events_size() > 0) {
      if (auto when = watch.When(doc.id(), absl::Seconds(5)))
        feed_ms.push_back(Ms(*when - start));
    }
  }
  follow_ctx.TryCancel();
  follower.join();
  std::printf(
      "%zu articles one at a time: submit to done %s\n"
      "  submit to feed (the %zu with events) %s\n",
      docs.size(), Percentiles(done_ms).c_str(), feed_ms.size(),
      Percentiles(feed_ms).c_str());
  return failed == 0 ? 0 : 1;
}
