// The documents of a stage call, named in its gRPC metadata: proxies, service
// meshes and the stage's own logs can tell which documents (and traces) a
// call carries without reading the message.
#ifndef EVENTWIRE_CALL_METADATA_H_
#define EVENTWIRE_CALL_METADATA_H_

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

#include <string>
#include <vector>

#include "eventwire/v1/document.pb.h"

namespace eventwire {

inline constexpr char kDocumentIdKey[] = "x-eventwire-document-id";
inline constexpr char kTraceIdKey[] = "x-eventwire-trace-id";

// One x-eventwire-document-id and one x-eventwire-trace-id entry per
// document, in order, for the first 64 (metadata has a size limit); ids are
// percent-encoded to printable ASCII and cut at 200 bytes.
void AddDocumentMetadata(grpc::ClientContext& context,
                         const std::vector<v1::Document>& docs);
void AddDocumentMetadata(
    grpc::ClientContext& context,
    const google::protobuf::RepeatedPtrField<v1::Document>& docs);

// The trace ids a call's metadata names, in order.
std::vector<std::string> TraceIdsFromMetadata(
    const grpc::ServerContext& context);

}  // namespace eventwire

#endif  // EVENTWIRE_CALL_METADATA_H_
