#include "eventwire/call_metadata.h"

#include "absl/strings/str_format.h"

namespace eventwire {
namespace {

constexpr size_t kMaxDocuments = 64;
constexpr size_t kMaxIdBytes = 200;

// Printable ASCII but '%' as is, the rest as %XX.
std::string PercentEncode(const std::string& id) {
  std::string out;
  for (unsigned char c : id.substr(0, kMaxIdBytes)) {
    if (c >= 0x20 && c < 0x7f && c != '%') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

}  // namespace

void AddDocumentMetadata(grpc::ClientContext& context,
                         const std::vector<v1::Document>& docs) {
  for (size_t i = 0; i < docs.size() && i < kMaxDocuments; ++i) {
    context.AddMetadata(kDocumentIdKey, PercentEncode(docs[i].id()));
    context.AddMetadata(kTraceIdKey, docs[i].trace_id());
  }
}

void AddDocumentMetadata(
    grpc::ClientContext& context,
    const google::protobuf::RepeatedPtrField<v1::Document>& docs) {
  for (int i = 0; i < docs.size() && i < static_cast<int>(kMaxDocuments); ++i) {
    context.AddMetadata(kDocumentIdKey, PercentEncode(docs[i].id()));
    context.AddMetadata(kTraceIdKey, docs[i].trace_id());
  }
}

std::vector<std::string> TraceIdsFromMetadata(
    const grpc::ServerContext& context) {
  std::vector<std::string> out;
  auto range = context.client_metadata().equal_range(kTraceIdKey);
  for (auto it = range.first; it != range.second; ++it)
    out.emplace_back(it->second.data(), it->second.size());
  return out;
}

}  // namespace eventwire
