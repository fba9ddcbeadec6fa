// Registers the JetStream store (store_registry.h) and reads its `store:`
// keys: servers, prefix, replicas, duplicate_window_s, claim_ms.
#include "jetstream_store.h"
#include "store_registry.h"
#include "yaml_fields.h"

namespace eventwire::coordinator {
namespace {

absl::StatusOr<std::shared_ptr<const StoreSettings>> ParseJetStream(
    const YAML::Node& node) {
  auto out = std::make_shared<JetStreamSettings>();
  for (absl::Status st :
       {ReadStrings(node, "servers", "store.", &out->servers),
        ReadScalar(node, "prefix", "store.", &out->prefix),
        ReadScalar(node, "replicas", "store.", &out->replicas),
        ReadScalar(node, "duplicate_window_s", "store.",
                   &out->duplicate_window_s),
        ReadScalar(node, "claim_ms", "store.", &out->claim_ms)}) {
    if (!st.ok()) return st;
  }
  if (out->servers.empty()) {
    return absl::InvalidArgumentError(
        "store.servers: backend jetstream needs at least one NATS server");
  }
  // Stream names may hold letters, digits, '-' and '_' only.
  if (out->prefix.empty() ||
      out->prefix.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                    "abcdefghijklmnopqrstuvwxyz0123456789-_") !=
          std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "store.prefix: '", out->prefix,
        "' must be letters, digits, '-' or '_' (it names streams)"));
  }
  for (absl::Status st :
       {Positive(out->replicas, "store.replicas"),
        Positive(out->duplicate_window_s, "store.duplicate_window_s"),
        Positive(out->claim_ms, "store.claim_ms")}) {
    if (!st.ok()) return st;
  }
  return out;
}

EVENTWIRE_REGISTER_STORE(
    jetstream,
    {.name = "jetstream",
     .summary = "several coordinators sharing one intake and one feed on "
                "NATS JetStream",
     .keys = {"servers", "prefix", "replicas", "duplicate_window_s",
              "claim_ms"},
     .parse = ParseJetStream,
     .open = [](const PipelineConfig& config, const StoreSettings& settings)
         -> absl::StatusOr<std::unique_ptr<DocumentStore>> {
       const auto* js = dynamic_cast<const JetStreamSettings*>(&settings);
       if (js == nullptr)
         return absl::InvalidArgumentError(
             "store: backend jetstream needs its settings (store.servers)");
       auto store = JetStreamStore::Open(*js, config.startup_timeout_ms,
                                         config.merge_window_days);
       if (!store.ok()) return store.status();
       return std::unique_ptr<DocumentStore>(std::move(*store));
     }});

}  // namespace
}  // namespace eventwire::coordinator
