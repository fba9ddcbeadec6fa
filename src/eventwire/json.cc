#include "eventwire/json.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "eventwire/utf8.h"
#include "google/protobuf/util/json_util.h"

namespace eventwire {

absl::StatusOr<std::string> MessageToJsonLine(
    const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string out;
  auto status =
      google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("JSON export failed: ", status.message().as_string()));
  }
  return out;
}

absl::StatusOr<std::string> DocumentToJsonLine(const v1::Document& doc,
                                               bool include_raw) {
  if (include_raw) return MessageToJsonLine(doc);
  v1::Document copy = doc;
  copy.clear_raw();
  return MessageToJsonLine(copy);
}

namespace {

// How deep `json` nests arrays and objects (brackets inside strings do not
// count). Linear, so it can run before a parser that is not.
int NestingDepth(std::string_view json) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

absl::StatusOr<google::protobuf::Struct> ParseJsonObject(
    std::string_view json) {
  // Protobuf's JSON parser takes quadratic time in the nesting depth: a
  // record nested 100,000 deep would hold a stage (or the client) for
  // hours. No news record nests deeper than a few levels.
  constexpr int kMaxDepth = 64;
  if (const int depth = NestingDepth(json); depth > kMaxDepth) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a usable JSON object: nested ", depth,
                     " levels deep (at most ", kMaxDepth, ")"));
  }
  google::protobuf::Struct out;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &out, options);
  if (!status.ok()) {
    // The parser quotes the input around the error, and the input may be
    // anything: the message must stay UTF-8 (it travels in dead letters'
    // string fields) and short.
    std::string message = RepairUtf8(status.message().as_string()).text;
    constexpr size_t kMaxMessage = 300;
    if (message.size() > kMaxMessage) {
      size_t cut = kMaxMessage;
      while (cut > 0 &&
             (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) {
        --cut;
      }
      message = absl::StrCat(message.substr(0, cut), "...");
    }
    return absl::InvalidArgumentError(
        absl::StrCat("not a JSON object: ", message));
  }
  return out;
}

bool StructBool(const google::protobuf::Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  if (it == s.fields().end()) return false;
  const google::protobuf::Value& v = it->second;
  switch (v.kind_case()) {
    case google::protobuf::Value::kBoolValue:
      return v.bool_value();
    case google::protobuf::Value::kNumberValue:
      return v.number_value() != 0;
    case google::protobuf::Value::kStringValue:
      return v.string_value() == "true";
    default:
      return false;
  }
}

std::string StructString(const google::protobuf::Struct& s,
                         const std::string& key) {
  auto it = s.fields().find(key);
  if (it == s.fields().end()) return "";
  const google::protobuf::Value& v = it->second;
  switch (v.kind_case()) {
    case google::protobuf::Value::kStringValue:
      return v.string_value();
    case google::protobuf::Value::kNumberValue: {
      double d = v.number_value();
      if (std::floor(d) == d && std::fabs(d) < 1e15) {
        return absl::StrCat(static_cast<int64_t>(d));
      }
      return absl::StrCat(d);
    }
    case google::protobuf::Value::kBoolValue:
      return v.bool_value() ? "true" : "false";
    default:
      return "";
  }
}

}  // namespace eventwire
