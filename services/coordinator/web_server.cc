#include "web_server.h"

#include <httplib.h>

#include <chrono>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "eventwire/json.h"
#include "spdlog/spdlog.h"
#include "stable_hash.h"
#include "web_assets.h"

namespace eventwire::coordinator {
namespace {

// The page's scripts and styles come from this server only; nothing inline
// runs, whatever text a document or a name carries.
constexpr char kContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

constexpr size_t kMaxPage = 1000;

std::string JsonString(absl::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          absl::StrAppend(&out, "\\u00", absl::Hex(c, absl::kZeroPad2));
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string ErrorJson(absl::string_view message) {
  return absl::StrCat("{\"error\":", JsonString(message), "}");
}

void Reply(httplib::Response& res, int status, const std::string& json) {
  res.status = status;
  res.set_content(json, "application/json; charset=utf-8");
}

void Fail(httplib::Response& res, int status, absl::string_view message) {
  Reply(res, status, ErrorJson(message));
}

int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 413;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    default:
      return 500;
  }
}

void FailGrpc(httplib::Response& res, const grpc::Status& st) {
  Fail(res, HttpStatusOf(st.error_code()), st.error_message());
}

std::string Param(const httplib::Request& req, const char* key) {
  return req.has_param(key) ? req.get_param_value(key) : std::string();
}

// A non-negative integer parameter; `fallback` when absent.
absl::StatusOr<uint64_t> NumberParam(const httplib::Request& req,
                                     const char* key, uint64_t fallback) {
  const std::string value = Param(req, key);
  if (value.empty()) return fallback;
  uint64_t n;
  if (!absl::SimpleAtoi(value, &n)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", key, "' takes a whole number, not '", value, "'"));
  }
  return n;
}

// Where a page starts (?offset= or ?after=, 0 when absent) and how long it
// is (?limit=, 100 when absent, at most kMaxPage).
struct PageRequest {
  uint64_t start;
  size_t limit;
};
absl::StatusOr<PageRequest> PageOf(const httplib::Request& req,
                                   const char* start_key) {
  auto start = NumberParam(req, start_key, 0);
  if (!start.ok()) return start.status();
  auto limit = NumberParam(req, "limit", 100);
  if (!limit.ok()) return limit.status();
  return PageRequest{*start, std::min<size_t>(*limit, kMaxPage)};
}

// The filters of a feed request, as the command line's flags of the same
// names: type, country, actor, label, since, until, q, min_confidence,
// background; `kind` (event or quote) narrows to one kind of record.
absl::StatusOr<FeedFilter> FilterOf(const httplib::Request& req) {
  FeedFilterFlags flags;
  flags.types = Param(req, "type");
  flags.countries = Param(req, "country");
  flags.actors = Param(req, "actor");
  flags.labels = Param(req, "label");
  flags.since = Param(req, "since");
  flags.until = Param(req, "until");
  flags.text = Param(req, "q");
  flags.background = Param(req, "background") == "true";
  if (const std::string c = Param(req, "min_confidence"); !c.empty()) {
    if (!absl::SimpleAtod(c, &flags.min_confidence)) {
      return absl::InvalidArgumentError(
          absl::StrCat("'min_confidence' takes a number, not '", c, "'"));
    }
  }
  const std::string kind = Param(req, "kind");
  if (kind == "quote") {
    flags.types = "QUOTE";
  } else if (kind == "event" && flags.types.empty()) {
    std::vector<std::string> all;
    for (int t = v1::Event::Type_MIN + 1; t <= v1::Event::Type_MAX; ++t) {
      if (v1::Event::Type_IsValid(t))
        all.push_back(v1::Event::Type_Name(static_cast<v1::Event::Type>(t)));
    }
    flags.types = absl::StrJoin(all, ",");
  } else if (!kind.empty() && kind != "event") {
    return absl::InvalidArgumentError(
        absl::StrCat("'kind' is event or quote, not '", kind, "'"));
  }
  auto filter = FeedFilter::Create(flags);
  if (!filter.ok()) {
    // The shared filter names command-line flags; here they are parameters.
    std::string message(filter.status().message());
    if (absl::StartsWith(message, "--")) message = message.substr(2);
    return absl::InvalidArgumentError(message);
  }
  return filter;
}

std::string RecordsJson(const std::vector<v1::FeedRecord>& records) {
  std::vector<std::string> lines;
  lines.reserve(records.size());
  for (const v1::FeedRecord& r : records) {
    auto line = MessageToJsonLine(r);
    if (line.ok()) lines.push_back(std::move(*line));
  }
  return absl::StrCat("[", absl::StrJoin(lines, ","), "]");
}

// "HOST:PORT", "[::1]:PORT" or ":PORT".
absl::StatusOr<std::pair<std::string, int>> SplitListen(
    const std::string& listen) {
  const size_t colon = listen.rfind(':');
  int port;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        "http_listen is HOST:PORT (127.0.0.1:7480), not '", listen, "'"));
  }
  std::string host = listen.substr(0, colon);
  if (absl::StartsWith(host, "[") && absl::EndsWith(host, "]"))
    host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  return std::pair{host, port};
}

}  // namespace

WebServer::WebServer(WebServerOptions options,
                     std::shared_ptr<grpc::Channel> coordinator,
                     DocumentStore& store, PipelineRunner& runner)
    : options_(std::move(options)),
      stub_(v1::Coordinator::NewStub(std::move(coordinator))),
      store_(store),
      runner_(runner),
      index_(store, [&runner](uint64_t sequence, int timeout_ms) {
        runner.WaitForFeed(sequence, timeout_ms);
      }) {}

WebServer::~WebServer() { Shutdown(); }

absl::StatusOr<std::unique_ptr<WebServer>> WebServer::Start(
    WebServerOptions options, std::shared_ptr<grpc::Channel> coordinator,
    DocumentStore& store, PipelineRunner& runner) {
  auto where = SplitListen(options.listen);
  if (!where.ok()) return where.status();
  std::unique_ptr<WebServer> self(
      new WebServer(std::move(options), std::move(coordinator), store, runner));
  const TlsFiles& tls = self->options_.tls;
  if (tls.server_enabled()) {
    auto https = std::make_unique<httplib::SSLServer>(
        tls.cert.c_str(), tls.key.c_str(),
        tls.require_client_cert ? tls.ca.c_str() : nullptr);
    if (!https->is_valid()) {
      return absl::InvalidArgumentError(
          absl::StrCat("http_listen: cannot serve HTTPS with the certificate '",
                       tls.cert, "' and key '", tls.key, "'"));
    }
    self->http_ = std::move(https);
  } else {
    self->http_ = std::make_unique<httplib::Server>();
  }
  self->http_->set_payload_max_length(self->options_.max_body_bytes);
  // Headers and body go out in separate writes: without this, Nagle's
  // algorithm and the client's delayed ACK hold each answer on a reused
  // connection for 40 ms.
  self->http_->set_tcp_nodelay(true);
  // Each open page holds one thread for its event stream.
  self->http_->new_task_queue = [] { return new httplib::ThreadPool(32); };
  if (absl::Status st = self->index_.Start(); !st.ok()) return st;
  self->Route();
  const auto& [host, port] = *where;
  if (port == 0) {
    self->port_ = self->http_->bind_to_any_port(host);
  } else if (self->http_->bind_to_port(host, port)) {
    self->port_ = port;
  }
  if (self->port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for HTTP on ", self->options_.listen));
  }
  self->serving_ =
      std::thread([s = self.get()] { s->http_->listen_after_bind(); });
  // stop() before the loop runs would be lost, and Shutdown would wait on
  // it forever: return once it serves.
  for (int i = 0; i < 5000 && !self->http_->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return self;
}

void WebServer::Shutdown() {
  if (stopping_.exchange(true)) return;
  if (http_) http_->stop();
  if (serving_.joinable()) serving_.join();
  index_.Stop();
}

bool HostIsLocalOrAnAddress(std::string_view host_header) {
  absl::string_view host(host_header.data(), host_header.size());
  if (host.empty()) return true;
  if (host.front() == '[') return host.find(']') != absl::string_view::npos;
  const size_t colon = host.rfind(':');
  if (colon != absl::string_view::npos) host = host.substr(0, colon);
  const std::string name = absl::AsciiStrToLower(host);
  if (name == "localhost" || absl::EndsWith(name, ".localhost")) return true;
  // Four numbers 0-255: an IPv4 address no DNS answer can stand for.
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '.');
  if (parts.size() != 4) return false;
  for (absl::string_view part : parts) {
    int value = 0;
    if (part.empty() || part.size() > 3 || !absl::SimpleAtoi(part, &value) ||
        value > 255 || !absl::ascii_isdigit(part.front()))
      return false;
  }
  return true;
}

bool WebServer::Authorized(const httplib::Request& req) const {
  if (options_.token.empty()) return true;
  std::string given;
  const std::string header = req.get_header_value("Authorization");
  if (absl::StartsWith(header, "Bearer ")) {
    given = std::string(absl::StripAsciiWhitespace(header.substr(7)));
  } else {
    // An EventSource cannot set headers: the stream takes the token as a
    // parameter.
    given = Param(req, "access_token");
  }
  // Compared in time independent of where the strings differ.
  if (given.size() != options_.token.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < given.size(); ++i)
    diff |= given[i] ^ options_.token[i];
  return diff == 0;
}

void WebServer::Prepare(grpc::ClientContext& ctx) const {
  if (!options_.token.empty())
    ctx.AddMetadata("authorization", "Bearer " + options_.token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
}

void WebServer::Route() {
  httplib::Server& http = *http_;
  http.set_pre_routing_handler([this](const httplib::Request& req,
                                      httplib::Response& res) {
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    if (!absl::StartsWith(req.path, "/api/"))
      return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Cache-Control", "no-store");
    if (options_.token.empty() &&
        !HostIsLocalOrAnAddress(req.get_header_value("Host"))) {
      Fail(res, 403,
           absl::StrCat("this coordinator has no access token, so its API "
                        "answers only under localhost or an IP address, not '",
                        req.get_header_value("Host"),
                        "' (another site could take that name by DNS "
                        "rebinding): give it auth_token_file"));
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!Authorized(req)) {
      res.set_header("WWW-Authenticate", "Bearer");
      Fail(res, 401,
           "this coordinator needs its access token: send "
           "'Authorization: Bearer TOKEN'");
      return httplib::Server::HandlerResponse::Handled;
    }
    // A form on another site can post text/plain that looks like JSON;
    // it cannot send application/json without a preflight this server
    // never grants.
    if (req.method == "POST" &&
        !absl::StartsWith(req.get_header_value("Content-Type"),
                          "application/json")) {
      Fail(res, 415, "send the body as application/json");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  for (const WebAsset& asset : WebAssets()) {
    http.Get(asset.path, [&asset](const httplib::Request&,
                                  httplib::Response& res) {
      res.set_content(asset.body.data(), asset.body.size(), asset.content_type);
    });
  }
  using Handler =
      void (WebServer::*)(const httplib::Request&, httplib::Response&);
  auto bind = [this](Handler h) {
    return [this, h](const httplib::Request& req, httplib::Response& res) {
      (this->*h)(req, res);
    };
  };
  http.Get("/api/status", [this](const httplib::Request&,
                                 httplib::Response& res) { Status(res); });
  http.Get("/api/events", bind(&WebServer::Events));
  http.Get("/api/records", bind(&WebServer::Records));
  http.Get("/api/story", bind(&WebServer::Story));
  http.Get("/api/timeline", bind(&WebServer::Timeline));
  http.Get("/api/document", bind(&WebServer::Document));
  http.Get("/api/dead-letters", bind(&WebServer::DeadLetters));
  http.Post("/api/dead-letters/retry", bind(&WebServer::Retry));
  http.Post("/api/documents", bind(&WebServer::Submit));
  http.Get("/api/stream", bind(&WebServer::Stream));
  http.set_error_handler(
      [](const httplib::Request& req, httplib::Response& res) {
        if (res.status == 404 && res.body.empty())
          Fail(res, 404, absl::StrCat("no such resource: ", req.path));
      });
}

absl::StatusOr<std::string> WebServer::StatusJson() {
  grpc::ClientContext ctx;
  Prepare(ctx);
  v1::PipelineStatus status;
  grpc::Status st = stub_->GetStatus(&ctx, {}, &status);
  if (!st.ok()) return absl::UnavailableError(st.error_message());
  return MessageToJsonLine(status);
}

void WebServer::Status(httplib::Response& res) {
  auto json = StatusJson();
  if (!json.ok()) return Fail(res, 503, json.status().message());
  Reply(res, 200, *json);
}

// The newest revision of each feed event (or quote), newest first, a page
// at a time: ?offset=&limit= and the filters.
void WebServer::Events(const httplib::Request& req, httplib::Response& res) {
  auto filter = FilterOf(req);
  if (!filter.ok()) return Fail(res, 400, filter.status().message());
  auto page_request = PageOf(req, "offset");
  if (!page_request.ok())
    return Fail(res, 400, page_request.status().message());
  // What the store holds now, not what the follower has read so far: a
  // reader who was told a document is done finds its events.
  if (absl::Status st = index_.CatchUp(); !st.ok())
    return Fail(res, 503, st.message());
  FeedIndex::Page page =
      index_.Latest(*filter, page_request->start, page_request->limit);
  Reply(res, 200,
        absl::StrCat("{\"total\":", page.total,
                     ",\"offset\":", page_request->start,
                     ",\"last_sequence\":", page.last_sequence,
                     ",\"records\":", RecordsJson(page.records), "}"));
}

// Feed records in sequence order after ?after=, as Subscribe gives them,
// filtered; ?limit= of them at most.
void WebServer::Records(const httplib::Request& req, httplib::Response& res) {
  auto filter = FilterOf(req);
  if (!filter.ok()) return Fail(res, 400, filter.status().message());
  auto page_request = PageOf(req, "after");
  if (!page_request.ok())
    return Fail(res, 400, page_request.status().message());
  const size_t wanted = page_request->limit;
  std::vector<v1::FeedRecord> out;
  uint64_t cursor = page_request->start;
  // Reads on past records the filter drops, a bounded number of pages.
  for (int pages = 0; out.size() < wanted && pages < 64; ++pages) {
    auto records = store_.ReadFeed(cursor, 256);
    if (!records.ok()) return Fail(res, 503, records.status().message());
    if (records->empty()) break;
    for (v1::FeedRecord& r : *records) {
      if (out.size() >= wanted) break;
      cursor = r.sequence();
      if (filter->Matches(r)) out.push_back(std::move(r));
    }
  }
  Reply(res, 200,
        absl::StrCat("{\"next_after\":", cursor,
                     ",\"records\":", RecordsJson(out), "}"));
}

// One feed event or quote (?id=) with every revision, oldest first.
void WebServer::Story(const httplib::Request& req, httplib::Response& res) {
  const std::string id = Param(req, "id");
  if (absl::Status st = index_.CatchUp(); !st.ok())
    return Fail(res, 503, st.message());
  std::vector<v1::FeedRecord> revisions = index_.Revisions(id);
  if (revisions.empty())
    return Fail(res, 404, absl::StrCat("no feed event or quote '", id, "'"));
  Reply(res, 200,
        absl::StrCat("{\"id\":", JsonString(id),
                     ",\"revisions\":", RecordsJson(revisions), "}"));
}

// Feed events per day and type under the filters, for the timeline.
void WebServer::Timeline(const httplib::Request& req, httplib::Response& res) {
  auto filter = FilterOf(req);
  if (!filter.ok()) return Fail(res, 400, filter.status().message());
  if (absl::Status st = index_.CatchUp(); !st.ok())
    return Fail(res, 503, st.message());
  std::vector<std::string> days;
  for (const FeedIndex::DayCount& d : index_.Timeline(*filter)) {
    days.push_back(absl::StrCat("{\"day\":\"", d.day, "\",\"type\":\"",
                                v1::Event::Type_Name(d.type),
                                "\",\"count\":", d.count, "}"));
  }
  Reply(res, 200, absl::StrCat("{\"days\":[", absl::StrJoin(days, ","), "]}"));
}

// One document's export (?id=, &raw=true for the raw input and offset map);
// a dead letter's error when it failed; 404 with state "pending" while it
// is on its way or unknown.
void WebServer::Document(const httplib::Request& req, httplib::Response& res) {
  const std::string id = Param(req, "id");
  if (id.empty()) return Fail(res, 400, "'id' names the document");
  const bool raw = Param(req, "raw") == "true";
  {
    grpc::ClientContext ctx;
    Prepare(ctx);
    v1::GetDocumentsRequest request;
    request.add_document_ids(id);
    request.set_include_raw(raw);
    auto reader = stub_->GetDocuments(&ctx, request);
    v1::Document doc;
    bool found = false;
    while (reader->Read(&doc)) found = found || doc.id() == id;
    grpc::Status st = reader->Finish();
    if (!st.ok()) return FailGrpc(res, st);
    if (found) {
      auto json = DocumentToJsonLine(doc, raw);
      if (!json.ok()) return Fail(res, 500, json.status().message());
      return Reply(
          res, 200,
          absl::StrCat("{\"state\":\"done\",\"document\":", *json, "}"));
    }
  }
  grpc::ClientContext ctx;
  Prepare(ctx);
  v1::ListDeadLettersRequest request;
  request.add_document_ids(id);
  v1::ListDeadLettersResponse letters;
  grpc::Status st = stub_->ListDeadLetters(&ctx, request, &letters);
  if (!st.ok()) return FailGrpc(res, st);
  for (const v1::DeadLetter& d : letters.dead_letters()) {
    if (d.document_id() != id) continue;
    auto json = MessageToJsonLine(d);
    if (!json.ok()) return Fail(res, 500, json.status().message());
    return Reply(
        res, 200,
        absl::StrCat("{\"state\":\"dead\",\"dead_letter\":", *json, "}"));
  }
  Reply(res, 404,
        absl::StrCat("{\"state\":\"pending\",\"error\":",
                     JsonString(absl::StrCat(
                         "document '", id,
                         "' is not done: on its way, or never submitted")),
                     "}"));
}

// Dead letters, newest first: ?offset=&limit=.
void WebServer::DeadLetters(const httplib::Request& req,
                            httplib::Response& res) {
  auto page_request = PageOf(req, "offset");
  if (!page_request.ok())
    return Fail(res, 400, page_request.status().message());
  grpc::ClientContext ctx;
  Prepare(ctx);
  v1::ListDeadLettersRequest request;
  // The service lists from the newest; the page is cut here. (An offset
  // past every letter gives an empty page.)
  const uint64_t through =
      std::min<uint64_t>(page_request->start + page_request->limit, 1u << 30);
  request.set_limit(static_cast<uint32_t>(through));
  v1::ListDeadLettersResponse letters;
  grpc::Status st = stub_->ListDeadLetters(&ctx, request, &letters);
  if (!st.ok()) return FailGrpc(res, st);
  std::vector<std::string> out;
  for (uint64_t i = page_request->start;
       i < static_cast<uint64_t>(letters.dead_letters_size()); ++i) {
    auto json = MessageToJsonLine(letters.dead_letters(static_cast<int>(i)));
    if (json.ok()) out.push_back(std::move(*json));
  }
  Reply(res, 200,
        absl::StrCat("{\"offset\":", page_request->start, ",\"dead_letters\":[",
                     absl::StrJoin(out, ","), "]}"));
}

// Requeues dead letters: {"document_ids": [...]} or {"all": true}.
void WebServer::Retry(const httplib::Request& req, httplib::Response& res) {
  auto body = ParseJsonObject(req.body);
  if (!body.ok())
    return Fail(res, 400,
                absl::StrCat("the body is not a JSON object: ",
                             body.status().message()));
  v1::RetryDeadLettersRequest request;
  request.set_all(StructBool(*body, "all"));
  if (auto it = body->fields().find("document_ids");
      it != body->fields().end()) {
    for (const auto& v : it->second.list_value().values()) {
      if (!v.string_value().empty()) request.add_document_ids(v.string_value());
    }
  }
  if (!request.all() && request.document_ids().empty())
    return Fail(res, 400, "name the dead letters: document_ids, or all");
  grpc::ClientContext ctx;
  Prepare(ctx);
  v1::RetryDeadLettersResponse response;
  grpc::Status st = stub_->RetryDeadLetters(&ctx, request, &response);
  if (!st.ok()) return FailGrpc(res, st);
  auto json = MessageToJsonLine(response);
  Reply(res, 200, json.ok() ? *json : "{}");
}

// Submits pasted text or HTML as a crawler record: {"text" or "html",
// "title", "url", "outlet", "published_at", "id"}. The id, when not given,
// is taken from the content, so that the same paste is one document.
void WebServer::Submit(const httplib::Request& req, httplib::Response& res) {
  auto body = ParseJsonObject(req.body);
  if (!body.ok())
    return Fail(res, 400,
                absl::StrCat("the body is not a JSON object: ",
                             body.status().message()));
  if (absl::StripAsciiWhitespace(StructString(*body, "text")).empty() &&
      absl::StripAsciiWhitespace(StructString(*body, "html")).empty()) {
    return Fail(res, 400, "give the article as 'text' or 'html'");
  }
  v1::SubmitRequest request;
  v1::Document* doc = request.add_documents();
  std::string id = StructString(*body, "id");
  if (id.empty()) id = absl::StrCat("web-", Sha256Hex(req.body, 16));
  doc->set_id(id);
  doc->set_raw(req.body);
  doc->set_media_type(kRecordMediaType);
  doc->mutable_metadata()->set_source("http");
  grpc::ClientContext ctx;
  Prepare(ctx);
  v1::SubmitResponse response;
  grpc::Status st = stub_->Submit(&ctx, request, &response);
  if (!st.ok()) return FailGrpc(res, st);
  const v1::SubmitResult& r = response.results(0);
  if (!r.accepted()) return Fail(res, 400, r.error());
  Reply(res, r.duplicate() ? 200 : 202,
        absl::StrCat("{\"document_id\":", JsonString(r.document_id()),
                     ",\"duplicate\":", r.duplicate() ? "true" : "false", "}"));
}

// Server-Sent Events: every feed record after ?after= (or Last-Event-ID)
// that the filters (as /api/events's) match, as "record", as
// Subscribe(follow) sends them, and the pipeline's status as "status"
// whenever it changes (checked each second).
void WebServer::Stream(const httplib::Request& req, httplib::Response& res) {
  auto filter = FilterOf(req);
  if (!filter.ok()) return Fail(res, 400, filter.status().message());
  uint64_t after = 0;
  const std::string last_id = req.get_header_value("Last-Event-ID");
  if (!last_id.empty() && !absl::SimpleAtoi(last_id, &after))
    return Fail(res, 400, "Last-Event-ID is a feed sequence number");
  if (last_id.empty()) {
    auto from = NumberParam(req, "after", 0);
    if (!from.ok()) return Fail(res, 400, from.status().message());
    after = *from;
  }
  struct State {
    FeedFilter filter;
    uint64_t cursor;
    std::string last_status;
    std::chrono::steady_clock::time_point status_due;
  };
  auto state = std::make_shared<State>(
      State{*std::move(filter), after, "", std::chrono::steady_clock::now()});
  res.set_header("X-Accel-Buffering", "no");  // proxies: do not hold it
  res.set_chunked_content_provider(
      "text/event-stream", [this, state](size_t, httplib::DataSink& sink) {
        if (stopping_) {
          sink.done();
          return true;
        }
        std::string out;
        auto records = store_.ReadFeed(state->cursor, 256);
        if (!records.ok()) {
          out = absl::StrCat("event: failure\ndata: ",
                             ErrorJson(records.status().message()), "\n\n");
          sink.write(out.data(), out.size());
          sink.done();
          return true;
        }
        for (const v1::FeedRecord& r : *records) {
          state->cursor = r.sequence();
          if (!state->filter.Matches(r)) continue;
          auto json = MessageToJsonLine(r);
          if (!json.ok()) continue;
          absl::StrAppend(&out, "id: ", r.sequence(),
                          "\nevent: record\ndata: ", *json, "\n\n");
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= state->status_due) {
          state->status_due = now + std::chrono::seconds(1);
          auto status = StatusJson();
          if (status.ok() && *status != state->last_status) {
            state->last_status = *status;
            absl::StrAppend(&out, "event: status\ndata: ", *status, "\n\n");
          }
        }
        if (out.empty()) {
          runner_.WaitForFeed(state->cursor, 250);
          // A comment keeps proxies from closing an idle stream and finds a
          // reader that has gone.
          out = ":\n\n";
        }
        return sink.write(out.data(), out.size());
      });
}

}  // namespace eventwire::coordinator
