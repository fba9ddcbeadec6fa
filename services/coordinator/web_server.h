// The coordinator's HTTP interface (off unless `http_listen` is given): the
// page that shows the feed, its stories, documents and the pipeline, the
// JSON it reads, and the feed and status as Server-Sent Events.
//
// Every request that changes or reads data goes through the coordinator's
// own gRPC service on an in-process channel, so that HTTP and gRPC clients
// get the same checks, limits and errors; the feed lists come from a
// FeedIndex kept in memory.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_WEB_SERVER_H_
#define EVENTWIRE_SERVICES_COORDINATOR_WEB_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "absl/status/statusor.h"
#include "document_store.h"
#include "eventwire/tls.h"
#include "eventwire/v1/coordinator.grpc.pb.h"
#include "feed_index.h"
#include "pipeline_runner.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace eventwire::coordinator {

struct WebServerOptions {
  std::string listen;  // "HOST:PORT"; port 0 picks a free one
  TlsFiles tls;        // the gRPC port's certificate, when it has one
  std::string token;   // required on /api/ requests when not empty
  // Larger request bodies are refused (413) before they are read whole.
  size_t max_body_bytes = size_t{64} << 20;
};

// Whether an HTTP Host header (`host` or `host:port`) names this machine
// ("localhost", "*.localhost") or an address literally (IPv4, [IPv6]), or is
// absent. Without an access token the API answers only these: a page on
// another site that rebinds its own DNS name to this address reaches the
// API under that name, and is refused.
bool HostIsLocalOrAnAddress(std::string_view host);

class WebServer {
 public:
  // `coordinator`: a channel to this process's Coordinator service.
  static absl::StatusOr<std::unique_ptr<WebServer>> Start(
      WebServerOptions options, std::shared_ptr<grpc::Channel> coordinator,
      DocumentStore& store, PipelineRunner& runner);
  ~WebServer();

  int port() const { return port_; }
  // Ends the event streams and stops serving.
  void Shutdown();

 private:
  WebServer(WebServerOptions options,
            std::shared_ptr<grpc::Channel> coordinator, DocumentStore& store,
            PipelineRunner& runner);
  void Route();
  bool Authorized(const httplib::Request& req) const;
  // A client context that carries the token to the gRPC service.
  void Prepare(grpc::ClientContext& ctx) const;

  void Status(httplib::Response& res);
  void Events(const httplib::Request& req, httplib::Response& res);
  void Records(const httplib::Request& req, httplib::Response& res);
  void Story(const httplib::Request& req, httplib::Response& res);
  void Timeline(const httplib::Request& req, httplib::Response& res);
  void Document(const httplib::Request& req, httplib::Response& res);
  void DeadLetters(const httplib::Request& req, httplib::Response& res);
  void Retry(const httplib::Request& req, httplib::Response& res);
  void Submit(const httplib::Request& req, httplib::Response& res);
  void Stream(const httplib::Request& req, httplib::Response& res);
  // The status as JSON, or the error.
  absl::StatusOr<std::string> StatusJson();

  const WebServerOptions options_;
  std::unique_ptr<v1::Coordinator::Stub> stub_;
  DocumentStore& store_;
  PipelineRunner& runner_;
  FeedIndex index_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread serving_;
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_WEB_SERVER_H_
