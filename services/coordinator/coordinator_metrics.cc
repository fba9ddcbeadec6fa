#include "coordinator_metrics.h"

#include "absl/strings/str_cat.h"

namespace eventwire::coordinator {
namespace {

// Queue depth and feed size, read from the store at each scrape.
class StoreGauges final : public prometheus::Collectable {
 public:
  explicit StoreGauges(DocumentStore& store) : store_(store) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    auto counts = store_.Counts();
    if (!counts.ok()) return {};
    auto gauge = [](const char* name, const char* help, double value) {
      prometheus::MetricFamily f;
      f.name = name;
      f.help = help;
      f.type = prometheus::MetricType::Gauge;
      prometheus::ClientMetric m;
      m.gauge.value = value;
      f.metric.push_back(std::move(m));
      return f;
    };
    return {gauge("eventwire_coordinator_queue_depth",
                  "Documents accepted and not yet done or dead",
                  static_cast<double>(counts->pending)),
            gauge("eventwire_coordinator_feed_records",
                  "Records in the feed (its last sequence)",
                  static_cast<double>(counts->last_sequence))};
  }

 private:
  DocumentStore& store_;
};

}  // namespace

CoordinatorMetrics::CoordinatorMetrics(const std::string& listen)
    : exposer_(listen), registry_(std::make_shared<prometheus::Registry>()) {
  exposer_.RegisterCollectable(registry_);
}

absl::StatusOr<std::unique_ptr<CoordinatorMetrics>> CoordinatorMetrics::Start(
    const std::string& listen, const std::vector<std::string>& stages,
    DocumentStore& store) {
  std::unique_ptr<CoordinatorMetrics> m;
  try {  // civetweb reports a port it cannot bind by throwing
    m.reset(new CoordinatorMetrics(listen));
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", listen, ": ", e.what()));
  }
  auto& r = *m->registry_;
  m->documents_ = &prometheus::BuildCounter()
                       .Name("eventwire_coordinator_documents_total")
                       .Help("Documents by outcome")
                       .Register(r);
  auto& calls = prometheus::BuildCounter()
                    .Name("eventwire_coordinator_stage_calls_total")
                    .Help("Calls to each stage, by whether the call succeeded")
                    .Register(r);
  auto& seconds = prometheus::BuildHistogram()
                      .Name("eventwire_coordinator_stage_call_seconds")
                      .Help("Latency of calls to each stage (a batch each)")
                      .Register(r);
  auto& in_flight = prometheus::BuildGauge()
                        .Name("eventwire_coordinator_stage_calls_in_flight")
                        .Help("Calls to each stage not answered yet")
                        .Register(r);
  for (const std::string& s : stages) {
    m->calls_ok_[s] = &calls.Add({{"stage", s}, {"outcome", "ok"}});
    m->calls_failed_[s] = &calls.Add({{"stage", s}, {"outcome", "error"}});
    m->call_seconds_[s] = &seconds.Add(
        {{"stage", s}}, prometheus::Histogram::BucketBoundaries{
                            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                            0.5, 1, 2.5, 5, 10, 30});
    m->in_flight_[s] = &in_flight.Add({{"stage", s}});
  }
  m->store_gauges_ = std::make_shared<StoreGauges>(store);
  m->exposer_.RegisterCollectable(m->store_gauges_);
  m->feed_lag_ = &prometheus::BuildHistogram()
                      .Name("eventwire_coordinator_feed_lag_seconds")
                      .Help("From Submit to the document's events in the feed")
                      .Register(r)
                      .Add({}, prometheus::Histogram::BucketBoundaries{
                                   0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
                                   30, 60, 300, 900, 3600});
  m->subscribers_ = &prometheus::BuildGauge()
                         .Name("eventwire_coordinator_subscribers")
                         .Help("Subscribe streams open")
                         .Register(r)
                         .Add({});
  m->records_sent_ = &prometheus::BuildCounter()
                          .Name("eventwire_coordinator_feed_records_sent_total")
                          .Help("Feed records written to Subscribe streams")
                          .Register(r)
                          .Add({});
  return m;
}

int CoordinatorMetrics::port() const {
  auto ports = exposer_.GetListeningPorts();
  return ports.empty() ? 0 : ports[0];
}

void CoordinatorMetrics::CountDocuments(const std::string& outcome, double n) {
  documents_->Add({{"outcome", outcome}}).Increment(n);
}

void CoordinatorMetrics::ObserveCall(const std::string& stage, double seconds,
                                     bool ok) {
  auto h = call_seconds_.find(stage);
  if (h == call_seconds_.end()) return;
  h->second->Observe(seconds);
  (ok ? calls_ok_ : calls_failed_).at(stage)->Increment();
}

prometheus::Gauge& CoordinatorMetrics::InFlight(const std::string& stage) {
  return *in_flight_.at(stage);
}

}  // namespace eventwire::coordinator
