#include "eventwire/json.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "eventwire/utf8.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver_util.h"
#include "google/protobuf/wrappers.pb.h"

namespace eventwire {

absl::StatusOr<std::string> MessageToJsonLine(
    const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string out;
  google::protobuf::util::Status status;
  const google::protobuf::DescriptorPool* pool =
      message.GetDescriptor()->file()->pool();
  if (pool == google::protobuf::DescriptorPool::generated_pool()) {
    // Protobuf's printer reads the message's unordered wire form, so map
    // entries (document attributes) would come out in an order that differs
    // between two copies of one document. Serialized deterministically, maps
    // are sorted by key and an export is the same bytes every time.
    static google::protobuf::util::TypeResolver* const resolver =
        google::protobuf::util::NewTypeResolverForDescriptorPool(
            "type.googleapis.com", pool);
    std::string wire;
    {
      google::protobuf::io::StringOutputStream stream(&wire);
      google::protobuf::io::CodedOutputStream coded(&stream);
      coded.SetSerializationDeterministic(true);
      if (!message.SerializeToCodedStream(&coded)) {
        return absl::InternalError(
            "JSON export failed: message not serializable");
      }
    }
    status = google::protobuf::util::BinaryToJsonString(
        resolver,
        absl::StrCat("type.googleapis.com/",
                     message.GetDescriptor()->full_name()),
        wire, &out, options);
  } else {
    status =
        google::protobuf::util::MessageToJsonString(message, &out, options);
  }
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("JSON export failed: ", status.message().as_string()));
  }
  return out;
}

namespace {

// Protobuf's JSON printer allocates for every field it prints: a document of
// 1.4 million tokens (an 8 MB text) took 25 s to export, almost all of it in
// the token array. Tokens are flat, so they are written here, byte for byte as
// protobuf writes them (tests and the document fuzzer compare the two).

// Printable ASCII bytes that protobuf's JSON printer writes unescaped, found
// by asking it once: whatever escaping rules the installed version has, a
// string made only of these bytes is written as it is, and any other string is
// escaped by protobuf itself.
const std::array<bool, 128>& VerbatimJsonBytes() {
  static const std::array<bool, 128> verbatim = [] {
    std::array<bool, 128> table{};
    for (int c = 0x20; c < 0x7f; ++c) {
      google::protobuf::StringValue value;
      value.set_value(std::string(1, static_cast<char>(c)));
      std::string json;
      table[c] =
          google::protobuf::util::MessageToJsonString(value, &json).ok() &&
          json == absl::StrCat("\"", value.value(), "\"");
    }
    return table;
  }();
  return verbatim;
}

bool AppendJsonString(std::string_view text, std::string& out) {
  const auto& verbatim = VerbatimJsonBytes();
  const bool plain = std::all_of(text.begin(), text.end(), [&](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x80 && verbatim[byte];
  });
  if (plain) {
    out += '"';
    out.append(text);
    out += '"';
    return true;
  }
  google::protobuf::StringValue value;
  value.set_value(std::string(text));
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(value, &json).ok())
    return false;
  out += json;
  return true;
}

// The fields of v1::Token this writer knows; a Token with more fields is
// printed by protobuf until this writer learns them.
constexpr int kTokenFieldsWritten = 6;

bool AppendTokensJson(const v1::Document& doc, std::string& out) {
  out += '[';
  for (int i = 0; i < doc.tokens_size(); ++i) {
    const v1::Token& token = doc.tokens(i);
    if (i > 0) out += ',';
    absl::StrAppend(&out, "{\"begin\":", token.begin(),
                    ",\"end\":", token.end(), ",\"norm\":");
    if (!AppendJsonString(token.norm(), out)) return false;
    out += ",\"upos\":";
    if (!AppendJsonString(token.upos(), out)) return false;
    absl::StrAppend(&out, ",\"head\":", token.head(), ",\"deprel\":");
    if (!AppendJsonString(token.deprel(), out)) return false;
    out += '}';
  }
  out += ']';
  return true;
}

}  // namespace

absl::StatusOr<std::string> DocumentToJsonLine(const v1::Document& doc,
                                               bool include_raw) {
  const auto by_protobuf = [&]() -> absl::StatusOr<std::string> {
    if (include_raw) return MessageToJsonLine(doc);
    v1::Document copy = doc;
    copy.clear_raw();
    return MessageToJsonLine(copy);
  };
  if (doc.tokens_size() == 0 ||
      v1::Token::descriptor()->field_count() != kTokenFieldsWritten) {
    return by_protobuf();
  }
  v1::Document rest = doc;
  rest.clear_tokens();
  if (!include_raw) rest.clear_raw();
  auto json = MessageToJsonLine(rest);
  if (!json.ok()) return json;
  // With no tokens protobuf writes `"tokens":[]` once: as a key, since a quote
  // inside a JSON string is always escaped, and no other message has a field
  // of that name.
  static constexpr std::string_view kEmptyTokens = "\"tokens\":[]";
  const size_t at = json->find(kEmptyTokens);
  std::string tokens;
  tokens.reserve(static_cast<size_t>(doc.tokens_size()) * 72);
  if (at == std::string::npos || !AppendTokensJson(doc, tokens))
    return by_protobuf();
  std::string out;
  out.reserve(json->size() + tokens.size());
  out.append(*json, 0, at + kEmptyTokens.size() - 2);
  out += tokens;
  out.append(*json, at + kEmptyTokens.size());
  return out;
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
