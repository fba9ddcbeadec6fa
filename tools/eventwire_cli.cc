// eventwire: the command-line client of a running coordinator
// ("eventwire help" for every command and flag).
// clang-format off
//   eventwire submit --coordinator HOST:PORT INPUT...   files, folders, JSONL, "-"
//   eventwire wait --coordinator HOST:PORT              until nothing is pending
//   eventwire export --coordinator HOST:PORT --emit events|documents [--output FILE]
//   eventwire status --coordinator HOST:PORT
//   eventwire dead-letters --coordinator HOST:PORT
//   eventwire retry --coordinator HOST:PORT [--stage NAME | --all | ID...]
//                                       dead-lettered documents through again
//   eventwire subscribe --coordinator HOST:PORT [--after N] [--follow] [--label watchlist:NAME]
//   eventwire health --coordinator HOST:PORT   exit 0 when that service (a stage
//                                              or the coordinator) is SERVING
// clang-format on
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "eventwire/dates.h"
#include "eventwire/json.h"
#include "eventwire/tls.h"
#include "eventwire/v1/coordinator.grpc.pb.h"
#include "feed_view.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "input_reader.h"

ABSL_FLAG(std::string, coordinator, "127.0.0.1:7400",
          "The coordinator's address");
ABSL_FLAG(std::string, emit, "events",
          "export: 'events' (the feed's events), 'quotes' (its quotations) "
          "or 'documents'");
ABSL_FLAG(std::string, output, "",
          "export: write here instead of standard output; -o json|table|csv "
          "(subscribe too) is --format");
ABSL_FLAG(int, batch, 32, "submit: documents per Submit call");
ABSL_FLAG(std::string, published_at, "",
          "submit: the publication date (ISO 8601) of every file and of "
          "standard input (crawler records carry their own)");
ABSL_FLAG(std::string, outlet, "",
          "submit: the outlet of every file and of standard input");
ABSL_FLAG(std::string, language, "",
          "submit: the language (BCP 47, \"en\") of every file and of "
          "standard input");
ABSL_FLAG(bool, replace, false,
          "submit: each input replaces the dead-lettered document of its id, "
          "which is processed again");
ABSL_FLAG(int, year, 0,
          "submit: the year of a dateline that gives none (\"MOSCOW, March "
          "3 -\"); by default a file's modification day decides it");
ABSL_FLAG(int, timeout_s, 3600, "wait: give up after this many seconds");
ABSL_FLAG(uint64_t, after, 0, "subscribe: start after this sequence number");
ABSL_FLAG(bool, follow, false, "subscribe: keep following new records");
ABSL_FLAG(std::string, format, "json",
          "subscribe, export events: json (JSON Lines, as the API gives "
          "them), table (a line per record, cut to the terminal's width) or "
          "csv");
ABSL_FLAG(std::string, type, "",
          "subscribe, export events: only these PLOVER types "
          "(\"ASSAULT,COERCE\"; QUOTE for quotations)");
ABSL_FLAG(std::string, country, "",
          "subscribe, export events: only events with a party or place of "
          "these countries (ISO 3166 alpha-3, \"RUS,UKR\")");
ABSL_FLAG(std::string, actor, "",
          "subscribe, export events: only events with a party whose name "
          "has one of these (\"putin,NATO\", any case)");
ABSL_FLAG(std::string, since, "",
          "subscribe, export events: only events dated on or after this day "
          "(ISO; undated events are left out)");
ABSL_FLAG(std::string, until, "",
          "subscribe, export events: only events dated on or before this day");
ABSL_FLAG(double, min_confidence, 0,
          "subscribe, export events: only events of at least this confidence "
          "(0 to 1)");
ABSL_FLAG(bool, background, false,
          "subscribe, export events: also events every report tells as "
          "history (dated more than a week before publication)");
ABSL_FLAG(std::string, label, "",
          "subscribe, export events: only events with this label "
          "(\"watchlist:NAME\")");

ABSL_FLAG(std::string, stage, "",
          "retry: every document dead-lettered at this stage");
ABSL_FLAG(bool, all, false, "retry: every dead-lettered document");
ABSL_FLAG(std::string, tls_ca, "",
          "Connect with TLS, verifying the server against this CA (PEM)");
ABSL_FLAG(std::string, tls_cert, "",
          "With mutual TLS: this client's certificate (PEM)");
ABSL_FLAG(std::string, tls_key, "", "The private key of --tls_cert (PEM)");
ABSL_FLAG(std::string, token_file, "",
          "A file with the coordinator's access token");

namespace {

using eventwire::v1::Coordinator;

std::shared_ptr<grpc::Channel> Channel() {
  eventwire::TlsFiles tls;
  tls.ca = absl::GetFlag(FLAGS_tls_ca);
  tls.cert = absl::GetFlag(FLAGS_tls_cert);
  tls.key = absl::GetFlag(FLAGS_tls_key);
  auto credentials = eventwire::MakeChannelCredentials(tls);
  if (!credentials.ok()) {
    std::cerr << "eventwire: " << credentials.status().message() << "\n";
    std::exit(2);
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  args.SetMaxSendMessageSize(256 << 20);
  return grpc::CreateCustomChannel(absl::GetFlag(FLAGS_coordinator),
                                   *credentials, args);
}

std::unique_ptr<Coordinator::Stub> Connect() {
  return Coordinator::NewStub(Channel());
}

// Adds the access token, when there is one, to a call.
void Authorize(grpc::ClientContext& ctx) {
  static const std::string token = [] {
    std::string t;
    if (const std::string file = absl::GetFlag(FLAGS_token_file);
        !file.empty()) {
      std::ifstream in(file);
      if (!(in >> t)) {
        std::cerr << "eventwire: cannot read a token from " << file << "\n";
        std::exit(2);
      }
    }
    return t;
  }();
  if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
}

// --output (-o) as kubectl reads it: "json", "table" or "csv" is the
// format; anything else is the file export writes.
bool OutputIsAFormat() {
  const std::string o = absl::GetFlag(FLAGS_output);
  return o == "json" || o == "table" || o == "csv";
}
std::string OutputFile() {
  return OutputIsAFormat() ? "" : absl::GetFlag(FLAGS_output);
}

// The view the feed flags ask for, or exit 2 naming the flag that is wrong.
struct FeedView {
  eventwire::cli::FeedFilter filter;
  eventwire::cli::OutputFormat format;
};
FeedView FeedViewFromFlags() {
  eventwire::cli::FeedFilterFlags flags;
  flags.types = absl::GetFlag(FLAGS_type);
  flags.countries = absl::GetFlag(FLAGS_country);
  flags.actors = absl::GetFlag(FLAGS_actor);
  flags.since = absl::GetFlag(FLAGS_since);
  flags.until = absl::GetFlag(FLAGS_until);
  flags.min_confidence = absl::GetFlag(FLAGS_min_confidence);
  flags.background = absl::GetFlag(FLAGS_background);
  auto filter = eventwire::cli::FeedFilter::Create(flags);
  auto format = eventwire::cli::ParseOutputFormat(
      OutputIsAFormat() ? absl::GetFlag(FLAGS_output)
                        : absl::GetFlag(FLAGS_format));
  for (const absl::Status& st : {filter.status(), format.status()}) {
    if (!st.ok()) {
      std::cerr << "eventwire: " << st.message() << "\n";
      std::exit(2);
    }
  }
  return {*filter, *format};
}

int Fail(const std::string& what, const grpc::Status& st) {
  std::cerr << "eventwire: " << what << ": " << st.error_message() << "\n";
  return 1;
}

// What the submitter says of the inputs (--published_at and the rest), or
// an error naming the flag.
absl::StatusOr<eventwire::ingest::ReaderOptions> SubmitterSays() {
  eventwire::ingest::ReaderOptions options;
  eventwire::v1::Metadata& says = options.defaults;
  const std::string published = absl::GetFlag(FLAGS_published_at);
  if (!published.empty()) {
    const auto day = eventwire::ParseIsoDate(published.substr(0, 10));
    if (!day || day->day == 0) {
      return absl::InvalidArgumentError(
          "--published_at takes an ISO 8601 day or time (2025-03-01, "
          "2025-03-01T09:30:00Z), not '" +
          published + "'");
    }
    says.set_published_at(published);
  }
  says.set_outlet(absl::GetFlag(FLAGS_outlet));
  says.set_language(absl::GetFlag(FLAGS_language));
  if (const int year = absl::GetFlag(FLAGS_year); year != 0) {
    if (year < 1900 || year > 2200) {
      return absl::InvalidArgumentError("--year takes a year such as 2025");
    }
    // The last day of the year: a dateline's day falls on or before it.
    says.set_received_date(absl::StrCat(year, "-12-31"));
  }
  return options;
}

int Submit(const std::vector<std::string>& inputs) {
  const auto reader_options = SubmitterSays();
  if (!reader_options.ok()) {
    std::cerr << "eventwire: submit: " << reader_options.status().message()
              << "\n";
    return 2;
  }
  auto stub = Connect();
  eventwire::v1::SubmitRequest request;
  request.set_replace(absl::GetFlag(FLAGS_replace));
  size_t bytes = 0, accepted = 0, duplicates = 0, rejected = 0;
  int rc = 0;
  auto flush = [&]() {
    if (request.documents_size() == 0) return;
    eventwire::v1::SubmitResponse response;
    grpc::ClientContext ctx;
    Authorize(ctx);
    ctx.set_wait_for_ready(true);
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(120));
    grpc::Status st = stub->Submit(&ctx, request, &response);
    if (!st.ok()) {
      // The whole call was refused (the store's disk is full, the
      // coordinator is gone): every document of it, by name, and why.
      for (const auto& doc : request.documents()) {
        std::cerr << "eventwire: document '" << doc.id()
                  << "' not accepted: " << st.error_message() << "\n";
      }
      rc = 1;
      rejected += request.documents_size();
    } else {
      for (const auto& r : response.results()) {
        if (!r.accepted()) {
          std::cerr << "eventwire: document '" << r.document_id()
                    << "' not accepted: " << r.error() << "\n";
          ++rejected;
        } else if (r.duplicate()) {
          ++duplicates;
        } else {
          ++accepted;
        }
      }
    }
    request.clear_documents();
    bytes = 0;
  };
  auto errors = eventwire::ingest::ReadInputs(
      inputs, *reader_options, [&](eventwire::v1::Document&& doc) {
        bytes += doc.raw().size();
        *request.add_documents() = std::move(doc);
        if (request.documents_size() >= absl::GetFlag(FLAGS_batch) ||
            bytes > (32u << 20)) {
          flush();
        }
      });
  flush();
  for (const auto& e : errors) {
    std::cerr << "eventwire: input '" << e.input << "': " << e.message << "\n";
  }
  std::cerr << "submitted: " << accepted
            << (request.replace() ? " replaced, " : " accepted, ") << duplicates
            << " already stored, " << rejected << " rejected, " << errors.size()
            << " unreadable inputs\n";
  // As cat and grep do: what could be read is submitted, and the exit
  // status still says that something could not be.
  if (rejected > 0 || !errors.empty()) rc = 1;
  return rc;
}

int Status(bool print) {
  auto stub = Connect();
  eventwire::v1::PipelineStatus status;
  grpc::ClientContext ctx;
  Authorize(ctx);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Status st = stub->GetStatus(&ctx, {}, &status);
  if (!st.ok()) return Fail("status", st);
  if (print) {
    auto json = eventwire::MessageToJsonLine(status);
    std::cout << (json.ok() ? *json : "") << "\n";
  }
  return 0;
}

int Wait() {
  auto stub = Connect();
  const auto give_up = std::chrono::steady_clock::now() +
                       std::chrono::seconds(absl::GetFlag(FLAGS_timeout_s));
  while (true) {
    eventwire::v1::PipelineStatus status;
    grpc::ClientContext ctx;
    Authorize(ctx);
    ctx.set_wait_for_ready(true);
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(10));
    grpc::Status st = stub->GetStatus(&ctx, {}, &status);
    if (st.ok() && status.pending() == 0) {
      std::cerr << "done: " << status.done() << " documents in the feed, "
                << status.dead() << " dead letters, " << status.feed_records()
                << " feed records\n";
      return 0;
    }
    if (std::chrono::steady_clock::now() > give_up) {
      std::cerr << "eventwire: wait: timed out with " << status.pending()
                << " documents pending\n";
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

int Export() {
  auto stub = Connect();
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (const std::string path = OutputFile(); !path.empty()) {
    file.open(path);
    if (!file) {
      std::cerr << "eventwire: cannot write " << path << "\n";
      return 1;
    }
    out = &file;
  }
  const std::string emit = absl::GetFlag(FLAGS_emit);
  const FeedView view = FeedViewFromFlags();
  size_t n = 0;
  if (emit == "documents") {
    grpc::ClientContext ctx;
    Authorize(ctx);
    auto reader = stub->GetDocuments(&ctx, {});
    eventwire::v1::Document doc;
    while (reader->Read(&doc)) {
      auto line = eventwire::DocumentToJsonLine(doc);
      if (line.ok()) {
        *out << *line << "\n";
        ++n;
      }
    }
    grpc::Status st = reader->Finish();
    if (!st.ok()) return Fail("export", st);
  } else if (emit == "events" || emit == "quotes") {
    // The latest revision of every feed event (or quote), in order of first
    // appearance, with every mention: a record carries only the latest few,
    // so they are gathered from all of its revisions.
    const bool quotes = emit == "quotes";
    grpc::ClientContext ctx;
    Authorize(ctx);
    eventwire::v1::SubscribeRequest request;
    request.set_label(absl::GetFlag(FLAGS_label));
    auto reader = stub->Subscribe(&ctx, request);
    struct Story {
      eventwire::v1::FeedRecord latest;
      std::vector<eventwire::v1::FeedMention> mentions;
      std::set<std::pair<std::string, std::string>> seen;
    };
    std::vector<std::string> order;
    std::map<std::string, Story> stories;
    eventwire::v1::FeedRecord record;
    const auto id_of = [](const eventwire::v1::FeedRecord& r) {
      return r.has_quote() ? r.quote().feed_quote_id()
                           : r.event().feed_event_id();
    };
    const auto revision_of = [](const eventwire::v1::FeedRecord& r) {
      return r.has_quote() ? r.quote().revision() : r.event().revision();
    };
    const auto mentions_of = [](eventwire::v1::FeedRecord& r) {
      return r.has_quote() ? r.mutable_quote()->mutable_mentions()
                           : r.mutable_event()->mutable_mentions();
    };
    while (reader->Read(&record)) {
      if (record.has_quote() != quotes) continue;
      const std::string id = id_of(record);
      auto [it, first] = stories.try_emplace(id);
      if (first) order.push_back(id);
      Story& story = it->second;
      for (const auto& m : *mentions_of(record)) {
        const std::string at =
            quotes ? std::to_string(m.evidence().begin()) : m.event_id();
        if (story.seen.insert({m.document_id(), at}).second)
          story.mentions.push_back(m);
      }
      // Revisions may arrive out of order when several coordinators write.
      if (first || revision_of(record) > revision_of(story.latest))
        story.latest = std::move(record);
    }
    grpc::Status st = reader->Finish();
    if (!st.ok()) return Fail("export", st);
    eventwire::cli::FeedPrinter printer(view.format,
                                        eventwire::cli::TerminalWidth(), *out);
    for (const std::string& id : order) {
      Story& story = stories[id];
      if (!view.filter.Matches(story.latest)) continue;
      auto* mentions = mentions_of(story.latest);
      mentions->Clear();
      for (auto& m : story.mentions) *mentions->Add() = std::move(m);
      printer.Print(story.latest);
      ++n;
    }
  } else {
    std::cerr << "eventwire: --emit must be 'events', 'quotes' or "
                 "'documents'\n";
    return 2;
  }
  std::cerr << "exported " << n << " " << emit << "\n";
  return 0;
}

// Whether a subscription that ended this way may be taken up again: the
// coordinator went away or restarted, not a refusal.
bool MayResubscribe(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::UNIMPLEMENTED:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::NOT_FOUND:
      return false;
    default:
      return true;
  }
}

// Prints feed records after --after. With --follow it keeps printing, and
// when the coordinator goes away it says so on standard error and takes the
// feed up again after the last record it saw (backing off up to 10 s), so
// that no record is lost or printed twice. Exits 1 when the coordinator
// cannot be reached at start.
int Subscribe() {
  const FeedView view = FeedViewFromFlags();
  const bool follow = absl::GetFlag(FLAGS_follow);
  eventwire::cli::FeedPrinter printer(
      view.format, eventwire::cli::TerminalWidth(), std::cout);
  auto channel = Channel();
  if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                 std::chrono::seconds(5))) {
    std::cerr << "eventwire: subscribe: cannot reach the coordinator at "
              << absl::GetFlag(FLAGS_coordinator) << "\n";
    return 1;
  }
  auto stub = Coordinator::NewStub(channel);
  uint64_t cursor = absl::GetFlag(FLAGS_after);
  auto backoff = std::chrono::milliseconds(250);
  for (bool again = false;; again = true) {
    grpc::ClientContext ctx;
    Authorize(ctx);
    // Taken up again, the call waits for the coordinator to be back.
    ctx.set_wait_for_ready(again);
    eventwire::v1::SubscribeRequest request;
    request.set_after_sequence(cursor);
    request.set_follow(follow);
    request.set_label(absl::GetFlag(FLAGS_label));
    auto reader = stub->Subscribe(&ctx, request);
    eventwire::v1::FeedRecord record;
    while (reader->Read(&record)) {
      backoff = std::chrono::milliseconds(250);
      if (record.sequence() <= cursor) continue;  // never twice
      cursor = record.sequence();
      if (!view.filter.Matches(record)) continue;
      printer.Print(record);
      std::cout.flush();
    }
    const grpc::Status st = reader->Finish();
    if (!follow) return st.ok() ? 0 : Fail("subscribe", st);
    if (!MayResubscribe(st.error_code())) return Fail("subscribe", st);
    std::cerr << "eventwire: subscribe: the feed stream ended ("
              << (st.ok() ? "closed by the coordinator" : st.error_message())
              << "); taking it up again after sequence " << cursor << " in "
              << backoff.count() << " ms\n";
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(10000));
  }
}

// Exit 0 when the gRPC health service at --coordinator (any eventwire
// service) says SERVING: for container health checks.
int Health() {
  auto stub = grpc::health::v1::Health::NewStub(Channel());
  grpc::ClientContext ctx;
  Authorize(ctx);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status st = stub->Check(&ctx, request, &response);
  if (!st.ok()) return Fail("health", st);
  std::cout << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                   response.status())
            << "\n";
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING
             ? 0
             : 1;
}

// Every dead letter, or those of the documents named.
int DeadLetters(const std::vector<std::string>& ids) {
  auto stub = Connect();
  grpc::ClientContext ctx;
  Authorize(ctx);
  eventwire::v1::ListDeadLettersRequest request;
  for (const std::string& id : ids) request.add_document_ids(id);
  eventwire::v1::ListDeadLettersResponse response;
  grpc::Status st = stub->ListDeadLetters(&ctx, request, &response);
  if (!st.ok()) return Fail("dead-letters", st);
  for (const auto& d : response.dead_letters()) {
    auto line = eventwire::MessageToJsonLine(d);
    if (line.ok()) std::cout << *line << "\n";
  }
  return 0;
}

// Sends dead-lettered documents through the pipeline again; one line per
// document. Non-zero when any could not be.
int Retry(const std::vector<std::string>& ids) {
  auto stub = Connect();
  grpc::ClientContext ctx;
  Authorize(ctx);
  eventwire::v1::RetryDeadLettersRequest request;
  for (const std::string& id : ids) request.add_document_ids(id);
  request.set_stage(absl::GetFlag(FLAGS_stage));
  request.set_all(absl::GetFlag(FLAGS_all));
  eventwire::v1::RetryDeadLettersResponse response;
  grpc::Status st = stub->RetryDeadLetters(&ctx, request, &response);
  if (!st.ok()) return Fail("retry", st);
  int failed = 0;
  for (const auto& r : response.results()) {
    if (r.requeued()) {
      std::cout << "requeued " << r.document_id() << "\n";
    } else {
      std::cout << "not requeued " << r.document_id() << ": " << r.error()
                << "\n";
      ++failed;
    }
  }
  std::cerr << response.results_size() - failed << " of "
            << response.results_size() << " requeued\n";
  return failed == 0 ? 0 : 1;
}

// What `eventwire help` and `eventwire COMMAND --help` print: usage, the
// command's flags with their defaults, an example. Only eventwire's flags.
struct CommandHelp {
  const char* name;
  const char* usage;
  const char* summary;
  std::vector<const char*> flags;
  const char* example;
};

const std::vector<CommandHelp>& Commands() {
  static const std::vector<CommandHelp> commands = {
      {"submit",
       "submit [flags] INPUT...",
       "Send files, folders (walked recursively), JSON Lines of crawler "
       "records or standard input (\"-\") to the coordinator. Exits 1 when "
       "an input could not be read or a document was refused.",
       {"batch", "replace", "published_at", "outlet", "language", "year"},
       "eventwire submit --published-at 2025-12-02 --outlet Reuters "
       "article.txt"},
      {"wait",
       "wait [flags]",
       "Wait until no document is pending; print what is done.",
       {"timeout_s"},
       "eventwire wait --timeout_s 600"},
      {"export",
       "export [flags]",
       "Write the feed's events (one line per feed event with all its "
       "mentions), its quotes (--emit quotes) or every processed document "
       "(--emit documents); events and quotes as JSON Lines, a table or "
       "CSV, filtered.",
       {"emit", "output", "format", "type", "country", "actor", "since",
        "until", "min_confidence", "background", "label"},
       "eventwire export --format csv --type ASSAULT,COERCE --since "
       "2025-03-01 --output assaults.csv"},
      {"subscribe",
       "subscribe [flags]",
       "Print feed records (events and quotes) after a sequence number; "
       "with --follow, keep printing new ones, taking the feed up again "
       "after the last record when the coordinator restarts.",
       {"after", "follow", "format", "output", "type", "country", "actor",
        "since", "until", "min_confidence", "background", "label"},
       "eventwire subscribe --follow -o table --country UKR,RUS"},
      {"status",
       "status",
       "Print the pipeline's status (stages, replicas, counts) as JSON.",
       {},
       "eventwire status"},
      {"dead-letters",
       "dead-letters [DOCUMENT_ID...]",
       "Print the documents that failed (all, or those named), each with its "
       "stage and error, as JSON Lines.",
       {},
       "eventwire dead-letters report.txt"},
      {"retry",
       "retry [flags] [DOCUMENT_ID...]",
       "Send dead-lettered documents through the pipeline again: the ids "
       "given, those of one stage, or all.",
       {"stage", "all"},
       "eventwire retry --stage tag"},
      {"health",
       "health",
       "Exit 0 when the service at --coordinator (the coordinator or a "
       "stage) says SERVING: for container health checks.",
       {},
       "eventwire health --coordinator 127.0.0.1:7401"},
  };
  return commands;
}

constexpr const char* kConnectionFlags[] = {"coordinator", "tls_ca", "tls_cert",
                                            "tls_key", "token_file"};

void PrintFlag(const char* name, std::ostream& out) {
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  if (flag == nullptr) return;
  std::string spelled = name;
  std::replace(spelled.begin(), spelled.end(), '_', '-');
  out << "  --" << spelled;
  const std::string fallback = flag->DefaultValue();
  if (!fallback.empty() && fallback != "0" && fallback != "false")
    out << " (default " << fallback << ")";
  out << "\n      " << flag->Help() << "\n";
}

void PrintOverview(std::ostream& out) {
  out << "eventwire: the command-line client of a running eventwire "
         "coordinator.\n\nUsage: eventwire COMMAND [flags] [ARGS]\n\n"
         "Commands:\n";
  for (const CommandHelp& c : Commands()) {
    std::string name = c.name;
    name.resize(14, ' ');
    // The first sentence; the command's own help has the rest.
    const std::string_view summary = c.summary;
    out << "  " << name << summary.substr(0, summary.find(". ") + 1) << "\n";
  }
  out << "\nConnection flags (every command):\n";
  for (const char* f : kConnectionFlags) PrintFlag(f, out);
  out << "\n\"eventwire help COMMAND\" or \"eventwire COMMAND --help\" says "
         "more. Flags may be spelled --published-at or --published_at.\n";
}

void PrintCommand(const CommandHelp& c, std::ostream& out) {
  out << "Usage: eventwire " << c.usage << "\n\n" << c.summary << "\n";
  if (!c.flags.empty()) {
    out << "\nFlags:\n";
    for (const char* f : c.flags) PrintFlag(f, out);
  }
  out << "\nConnection flags:\n";
  for (const char* f : kConnectionFlags) PrintFlag(f, out);
  out << "\nExample:\n  " << c.example << "\n";
}

const CommandHelp* FindCommand(const std::string& name) {
  for (const CommandHelp& c : Commands()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

// Answers `help`, `--help`, `-h` and `COMMAND --help` before the flags are
// parsed; returns -1 when the command line asks for none.
int AnswerHelp(const std::vector<std::string>& args) {
  bool asked = false;
  std::string command;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h" || a == "--helpfull" ||
        (a == "help" && command.empty())) {
      asked = true;
    } else if (!a.empty() && a[0] != '-' && command.empty()) {
      command = a;
    }
  }
  if (!asked) return -1;
  if (command.empty()) {
    PrintOverview(std::cout);
    return 0;
  }
  const CommandHelp* c = FindCommand(command);
  if (c == nullptr) {
    std::cerr << "eventwire: unknown command '" << command << "'\n\n";
    PrintOverview(std::cerr);
    return 2;
  }
  PrintCommand(*c, std::cout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // "--published-at" as well as "--published_at": flag names as people
  // type them.
  std::vector<std::string> spelled(argv, argv + argc);
  for (std::string& a : spelled) {
    if (a == "-o") a = "--output";
    if (a.size() <= 2 || a.compare(0, 2, "--") != 0) continue;
    const size_t end = std::min(a.find('='), a.size());
    std::replace(a.begin() + 2, a.begin() + static_cast<long>(end), '-', '_');
  }
  if (const int rc = AnswerHelp(spelled); rc >= 0) return rc;
  std::vector<char*> pointers;
  for (std::string& a : spelled) pointers.push_back(a.data());
  absl::SetProgramUsageMessage(
      "eventwire COMMAND [flags]; \"eventwire help\" lists the commands");
  std::vector<char*> args = absl::ParseCommandLine(
      static_cast<int>(pointers.size()), pointers.data());
  if (args.size() < 2) {
    PrintOverview(std::cerr);
    return 2;
  }
  const std::string command = args[1];
  std::vector<std::string> rest(args.begin() + 2, args.end());
  if (command == "submit") return Submit(rest);
  if (command == "wait") return Wait();
  if (command == "export") return Export();
  if (command == "status") return Status(true);
  if (command == "dead-letters") return DeadLetters(rest);
  if (command == "retry") return Retry(rest);
  if (command == "subscribe") return Subscribe();
  if (command == "health") return Health();
  std::cerr << "eventwire: unknown command '" << command
            << "'; \"eventwire help\" lists the commands\n";
  return 2;
}
