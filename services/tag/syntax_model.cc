#include "syntax_model.h"

#include <zlib.h>

#include <cstring>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "binary_io.h"
#include "eventwire/file.h"

namespace eventwire::tag {
namespace {

constexpr char kMagic[8] = {'E', 'W', 'S', 'Y', 'N', 'T', 'X', '1'};
constexpr uint32_t kFormatVersion = 2;
// Larger than any model this format is meant for: a corrupt size field must
// not make Load allocate without bound.
constexpr uint64_t kMaxRawBytes = uint64_t{1} << 30;

absl::StatusOr<std::unique_ptr<SyntaxModel>> Parse(std::string_view in) {
  uint32_t version = 0, label_count = 0;
  uint64_t clusters_fingerprint = 0;
  if (!Take(&in, &version) || version != kFormatVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("format version ", version, "; this build reads ",
                     kFormatVersion, ": retrain it with tools/train-parser"));
  }
  if (!Take(&in, &clusters_fingerprint))
    return absl::DataLossError("truncated header");
  if (!Take(&in, &label_count) || label_count == 0 ||
      label_count > DependencyParser::kMaxLabels) {
    return absl::DataLossError("bad relation count");
  }
  std::vector<std::string> labels;
  bool has_root = false;
  for (uint32_t l = 0; l < label_count; ++l) {
    uint8_t size;
    if (!Take(&in, &size) || in.size() < size)
      return absl::DataLossError("truncated relation names");
    labels.emplace_back(in.substr(0, size));
    has_root |= labels.back() == "root";
    in.remove_prefix(size);
  }
  if (!has_root) return absl::DataLossError("no 'root' relation");
  auto tagger = HashedPerceptron::Deserialize(&in);
  if (!tagger.ok()) return tagger.status();
  auto tagger_second = HashedPerceptron::Deserialize(&in);
  if (!tagger_second.ok()) return tagger_second.status();
  auto transitions = HashedPerceptron::Deserialize(&in);
  if (!transitions.ok()) return transitions.status();
  auto arc_labels = HashedPerceptron::Deserialize(&in);
  if (!arc_labels.ok()) return arc_labels.status();
  if (tagger->num_classes() != kNumUpos ||
      tagger_second->num_classes() != kNumUpos ||
      transitions->num_classes() != 3 ||
      arc_labels->num_classes() != static_cast<int>(label_count)) {
    return absl::DataLossError("classifier sizes do not match the model");
  }
  if (!in.empty()) return absl::DataLossError("trailing bytes");
  return std::make_unique<SyntaxModel>(
      PosTagger(std::move(*tagger), std::move(*tagger_second)),
      DependencyParser(std::move(labels), std::move(*transitions),
                       std::move(*arc_labels)),
      clusters_fingerprint);
}

}  // namespace

absl::StatusOr<std::unique_ptr<SyntaxModel>> SyntaxModel::Load(
    const std::string& path) {
  auto data = ReadFile(path, "syntax model");
  if (!data.ok()) return data.status();
  auto fail = [&](const absl::Status& why) {
    return absl::Status(
        why.code(), absl::StrCat("syntax model '", path, "': ", why.message()));
  };
  uint64_t raw_size = 0;
  if (data->size() < sizeof(kMagic) + sizeof(raw_size) ||
      std::memcmp(data->data(), kMagic, sizeof(kMagic)) != 0) {
    return fail(absl::DataLossError("not an eventwire syntax model"));
  }
  std::memcpy(&raw_size, data->data() + sizeof(kMagic), sizeof(raw_size));
  if (raw_size == 0 || raw_size > kMaxRawBytes)
    return fail(absl::DataLossError("implausible size; the file is corrupt"));
  std::string raw(raw_size, '\0');
  uLongf unpacked = raw.size();
  const size_t header = sizeof(kMagic) + sizeof(raw_size);
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &unpacked,
                 reinterpret_cast<const Bytef*>(data->data() + header),
                 data->size() - header) != Z_OK ||
      unpacked != raw.size()) {
    return fail(absl::DataLossError("truncated or corrupt"));
  }
  auto model = Parse(raw);
  if (!model.ok()) return fail(model.status());
  return model;
}

absl::Status SyntaxModel::Save(const std::string& path) const {
  if (!tagger_.second_pass().trained() || !parser_.transition_model().trained())
    return absl::FailedPreconditionError("only a trained model can be saved");
  std::string raw;
  Append<uint32_t>(&raw, kFormatVersion);
  Append<uint64_t>(&raw, clusters_fingerprint_);
  Append<uint32_t>(&raw, static_cast<uint32_t>(parser_.labels().size()));
  for (const std::string& label : parser_.labels()) {
    Append<uint8_t>(&raw, static_cast<uint8_t>(label.size()));
    raw += label;
  }
  tagger_.first_pass().Serialize(&raw);
  tagger_.second_pass().Serialize(&raw);
  parser_.transition_model().Serialize(&raw);
  parser_.label_model().Serialize(&raw);
  uLongf packed_size = compressBound(raw.size());
  std::string packed(packed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size,
                reinterpret_cast<const Bytef*>(raw.data()), raw.size(),
                9) != Z_OK) {
    return absl::InternalError("cannot compress the syntax model");
  }
  packed.resize(packed_size);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  const uint64_t raw_size = raw.size();
  out.write(kMagic, sizeof(kMagic));
  out.write(reinterpret_cast<const char*>(&raw_size), sizeof(raw_size));
  out.write(packed.data(), static_cast<std::streamsize>(packed.size()));
  out.close();
  return out ? absl::OkStatus()
             : absl::UnavailableError(absl::StrCat("cannot write ", path));
}

}  // namespace eventwire::tag
