#include "input_reader.h"

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "eventwire/json.h"
#include "eventwire/strings.h"
#include "google/protobuf/util/json_util.h"

namespace eventwire::ingest {
namespace fs = std::filesystem;

bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
         static_cast<unsigned char>(bytes[1]) == 0x8B;
}

absl::Status Gunzip(std::string_view in, size_t max_out, std::string* out) {
  z_stream zs{};
  // 15 + 32: zlib or gzip header, detected automatically.
  if (inflateInit2(&zs, 15 + 32) != Z_OK) {
    return absl::InternalError("cannot initialise zlib");
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  out->clear();
  char buffer[1 << 16];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof(buffer);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return absl::DataLossError(absl::StrCat(
          "gzip data is corrupt or truncated (",
          zs.msg ? zs.msg : (rc == Z_BUF_ERROR ? "unexpected end" : "error"),
          ") after ", out->size(), " decompressed bytes"));
    }
    out->append(buffer, sizeof(buffer) - zs.avail_out);
    if (out->size() > max_out) {
      inflateEnd(&zs);
      return absl::ResourceExhaustedError(absl::StrCat(
          "decompressed size exceeds the limit of ", max_out, " bytes"));
    }
    // Concatenated gzip members: continue with the next one.
    if (rc == Z_STREAM_END && zs.avail_in > 0 &&
        IsGzip(std::string_view(reinterpret_cast<char*>(zs.next_in),
                                zs.avail_in))) {
      inflateReset(&zs);
      rc = Z_OK;
    }
  }
  inflateEnd(&zs);
  return absl::OkStatus();
}

std::string MediaTypeForPath(const std::string& path) {
  std::string p = absl::AsciiStrToLower(path);
  if (absl::EndsWith(p, ".gz")) p.resize(p.size() - 3);
  if (absl::EndsWith(p, ".html") || absl::EndsWith(p, ".htm") ||
      absl::EndsWith(p, ".xhtml")) {
    return "text/html";
  }
  if (absl::EndsWith(p, ".txt")) return "text/plain";
  if (absl::EndsWith(p, ".jsonl") || absl::EndsWith(p, ".ndjson")) {
    return "application/jsonl";
  }
  if (absl::EndsWith(p, ".json")) return "application/json";
  return "";
}

namespace {

bool ReadWholeFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = std::move(ss).str();
  return true;
}

// The record's id, or the fallback when the line is not an object with one.
std::string RecordId(std::string_view line, const std::string& fallback) {
  absl::StatusOr<google::protobuf::Struct> obj = ParseJsonObject(line);
  if (!obj.ok()) return fallback;
  std::string id = StructString(*obj, "id");
  return id.empty() ? fallback : id;
}

void EmitRecord(std::string_view json, const std::string& id,
                const std::string& source,
                const std::function<void(v1::Document&&)>& emit) {
  v1::Document doc;
  doc.set_id(id);
  doc.set_raw(std::string(json));
  doc.set_media_type(kRecordMediaType);
  doc.mutable_metadata()->set_source(source);
  emit(std::move(doc));
}

// One JSON record per line; blank lines skipped; malformed lines still
// become documents so that the ingest stage reports them by name.
void SplitJsonLines(const std::string& content, const std::string& name,
                    const std::function<void(v1::Document&&)>& emit) {
  size_t line_no = 0, pos = 0;
  while (pos <= content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string::npos) nl = content.size();
    std::string_view line(content.data() + pos, nl - pos);
    ++line_no;
    pos = nl + 1;
    if (absl::StripAsciiWhitespace(Av(line)).empty()) {
      if (nl == content.size()) break;
      continue;
    }
    std::string source = absl::StrCat(name, ":", line_no);
    EmitRecord(line, RecordId(line, source), source, emit);
    if (nl == content.size()) break;
  }
}

// A .json file: an array of records, or one record.
void SplitJson(const std::string& content, const std::string& name,
               const std::function<void(v1::Document&&)>& emit) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(content);
  if (!trimmed.empty() && trimmed.front() == '[') {
    absl::StatusOr<google::protobuf::Struct> parsed =
        ParseJsonObject(absl::StrCat("{\"records\":", trimmed, "}"));
    if (parsed.ok()) {
      const auto& list = parsed->fields().at("records").list_value();
      for (int i = 0; i < list.values_size(); ++i) {
        std::string json;
        auto status =
            google::protobuf::util::MessageToJsonString(list.values(i), &json);
        std::string source = absl::StrCat(name, "[", i, "]");
        EmitRecord(json, RecordId(json, source), source, emit);
      }
      return;
    }
  }
  EmitRecord(content, RecordId(content, name), name, emit);
}

// The day a file was last modified (UTC, ISO); empty when unknown.
std::string ModificationDay(const fs::path& file) {
  std::error_code ec;
  const auto written = fs::last_write_time(file, ec);
  if (ec) return "";
  const auto since_epoch = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::file_clock::to_sys(written).time_since_epoch());
  const absl::CivilDay day = absl::ToCivilDay(
      absl::FromUnixSeconds(since_epoch.count()), absl::UTCTimeZone());
  return absl::FormatCivilTime(day);
}

// `received_day`: the file's modification day, empty for standard input.
void ReadOne(const std::string& content, const std::string& name,
             const std::string& media_type, const ReaderOptions& options,
             const std::function<void(v1::Document&&)>& emit,
             std::vector<InputError>& errors,
             const std::string& received_day = "") {
  if (media_type == "application/jsonl" || media_type == "application/json") {
    std::string plain;
    const std::string* text = &content;
    if (IsGzip(content)) {
      absl::Status st = Gunzip(content, options.max_decompressed_bytes, &plain);
      if (!st.ok()) {
        errors.push_back(
            {name, absl::StrCat("stage 'ingest' (reader): ", st.message())});
        return;
      }
      text = &plain;
    }
    if (media_type == "application/jsonl") {
      SplitJsonLines(*text, name, emit);
    } else {
      SplitJson(*text, name, emit);
    }
    return;
  }
  v1::Document doc;
  doc.set_id(name);
  doc.set_raw(content);
  doc.set_media_type(media_type);
  v1::Metadata* meta = doc.mutable_metadata();
  *meta = options.defaults;
  if (meta->received_date().empty()) meta->set_received_date(received_day);
  if (!meta->published_at().empty()) meta->set_published_at_source("submitter");
  meta->set_source(name);
  emit(std::move(doc));
}

}  // namespace

std::vector<InputError> ReadInputs(
    const std::vector<std::string>& inputs, const ReaderOptions& options,
    const std::function<void(v1::Document&&)>& emit) {
  std::vector<InputError> errors;
  for (const std::string& input : inputs) {
    if (input == "-") {
      std::string content((std::istreambuf_iterator<char>(std::cin)),
                          std::istreambuf_iterator<char>());
      // Standard input: JSON Lines when every non-blank line is an object.
      absl::string_view t = absl::StripAsciiWhitespace(content);
      std::string type =
          (!t.empty() && t.front() == '{') ? "application/jsonl" : "";
      ReadOne(content, "stdin", type, options, emit, errors);
      continue;
    }
    std::error_code ec;
    fs::path root(input);
    if (fs::is_directory(root, ec)) {
      std::vector<fs::path> files;
      for (auto it = fs::recursive_directory_iterator(
               root, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec) &&
            !MediaTypeForPath(it->path().string()).empty()) {
          files.push_back(it->path());
        }
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& file : files) {
        // The path as walked, not as resolved: two links in the folder to
        // one file are two documents, each named by where it sits.
        std::string name = file.lexically_relative(root).generic_string();
        std::string content;
        if (!ReadWholeFile(file, &content)) {
          errors.push_back({file.string(), "cannot read file"});
          continue;
        }
        ReadOne(content, name, MediaTypeForPath(name), options, emit, errors,
                ModificationDay(file));
      }
      continue;
    }
    if (!fs::is_regular_file(root, ec)) {
      errors.push_back({input, "no such file or folder"});
      continue;
    }
    std::string content;
    if (!ReadWholeFile(root, &content)) {
      errors.push_back({input, "cannot read file"});
      continue;
    }
    std::string name = root.filename().string();
    ReadOne(content, name, MediaTypeForPath(name), options, emit, errors,
            ModificationDay(root));
  }
  return errors;
}

}  // namespace eventwire::ingest
