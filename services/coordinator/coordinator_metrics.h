// What the coordinator exports to Prometheus at /metrics: documents by
// outcome, every stage call (count, latency, in flight), the queue of
// pending documents and the feed's lag behind Submit.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_COORDINATOR_METRICS_H_
#define EVENTWIRE_SERVICES_COORDINATOR_COORDINATOR_METRICS_H_

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "document_store.h"

namespace eventwire::coordinator {

class CoordinatorMetrics {
 public:
  // Serves /metrics on `listen` (host:port; port 0 picks one). The queue
  // depth and feed size come from `store` when Prometheus scrapes: exact,
  // and no counting on the path of any batch.
  static absl::StatusOr<std::unique_ptr<CoordinatorMetrics>> Start(
      const std::string& listen, const std::vector<std::string>& stages,
      DocumentStore& store);
  int port() const;

  // Documents: "accepted", "refused" (at Submit), "done", "dead", "retried".
  void CountDocuments(const std::string& outcome, double n = 1);
  // One call to a stage: its latency and whether the call itself failed.
  void ObserveCall(const std::string& stage, double seconds, bool ok);
  prometheus::Gauge& InFlight(const std::string& stage);
  // Submit to the feed, for one finished document.
  void ObserveFeedLag(double seconds) { feed_lag_->Observe(seconds); }
  // Subscribe streams open now, and the feed records written to them: a
  // record counts once gRPC has taken it, which flow control holds back
  // while a subscriber does not read.
  prometheus::Gauge& Subscribers() { return *subscribers_; }
  void CountRecordsSent() { records_sent_->Increment(); }

 private:
  explicit CoordinatorMetrics(const std::string& listen);

  prometheus::Exposer exposer_;
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* documents_ = nullptr;
  std::map<std::string, prometheus::Counter*> calls_ok_, calls_failed_;
  std::map<std::string, prometheus::Histogram*> call_seconds_;
  std::map<std::string, prometheus::Gauge*> in_flight_;
  std::shared_ptr<prometheus::Collectable> store_gauges_;
  prometheus::Histogram* feed_lag_ = nullptr;
  prometheus::Gauge* subscribers_ = nullptr;
  prometheus::Counter* records_sent_ = nullptr;
};

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_COORDINATOR_METRICS_H_
