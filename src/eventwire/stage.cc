#include "eventwire/stage.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eventwire/utf8.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace eventwire {
namespace {

bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {  // ASCII: no decoding
      ++i;
      continue;
    }
    const size_t len = ValidUtf8SequenceLength(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

bool ValidActor(const v1::Actor& a) {
  return ValidUtf8(a.entity_id()) && ValidUtf8(a.name()) &&
         ValidUtf8(a.country()) && ValidUtf8(a.canonical_key());
}

// The first string field of the document that is not valid UTF-8 (its
// path), or empty. Such a document could not be sent to the next stage.
// Typed rather than by reflection: it runs after every stage.
std::string InvalidUtf8Field(const v1::Document& d) {
  if (!ValidUtf8(d.id())) return "id";
  if (!ValidUtf8(d.media_type())) return "media_type";
  if (!ValidUtf8(d.title())) return "title";
  if (!ValidUtf8(d.text())) return "text";
  const v1::Metadata& m = d.metadata();
  for (const std::string* f :
       {&m.url(), &m.outlet(), &m.published_at(), &m.language(), &m.source(),
        &m.published_at_source(), &m.byline()}) {
    if (!ValidUtf8(*f)) return "metadata";
  }
  for (int i = 0; i < d.tokens_size(); ++i) {
    const v1::Token& t = d.tokens(i);
    if (!ValidUtf8(t.norm())) return absl::StrCat("tokens[", i, "].norm");
    if (!ValidUtf8(t.upos())) return absl::StrCat("tokens[", i, "].upos");
    if (!ValidUtf8(t.deprel())) return absl::StrCat("tokens[", i, "].deprel");
  }
  for (int i = 0; i < d.entities_size(); ++i) {
    const v1::Entity& e = d.entities(i);
    bool ok = ValidUtf8(e.id()) && ValidUtf8(e.name()) &&
              ValidUtf8(e.country()) && ValidUtf8(e.canonical_key()) &&
              ValidUtf8(e.value());
    for (const std::string& a : e.aliases()) ok = ok && ValidUtf8(a);
    if (!ok) return absl::StrCat("entities[", i, "]");
  }
  for (int i = 0; i < d.mentions_size(); ++i) {
    if (!ValidUtf8(d.mentions(i).text()) ||
        !ValidUtf8(d.mentions(i).entity_id())) {
      return absl::StrCat("mentions[", i, "]");
    }
  }
  for (int i = 0; i < d.events_size(); ++i) {
    const v1::Event& e = d.events(i);
    bool ok = ValidUtf8(e.id()) && ValidUtf8(e.mode()) && ValidUtf8(e.date()) &&
              ValidUtf8(e.evidence_text()) && ValidUtf8(e.feed_event_id()) &&
              ValidUtf8(e.trigger()) && ValidActor(e.location());
    for (const auto& a : e.source()) ok = ok && ValidActor(a);
    for (const auto& a : e.target()) ok = ok && ValidActor(a);
    if (!ok) return absl::StrCat("events[", i, "]");
  }
  for (int i = 0; i < d.quotes_size(); ++i) {
    const v1::Quote& q = d.quotes(i);
    if (!ValidUtf8(q.text()) || !ValidUtf8(q.cue()) ||
        !ValidActor(q.speaker())) {
      return absl::StrCat("quotes[", i, "]");
    }
  }
  for (int i = 0; i < d.trace_size(); ++i) {
    const v1::TraceEntry& t = d.trace(i);
    if (!ValidUtf8(t.stage()) || !ValidUtf8(t.version()) ||
        !ValidUtf8(t.host()))
      return "trace";
  }
  for (int i = 0; i < d.diagnostics_size(); ++i) {
    const v1::Diagnostic& g = d.diagnostics(i);
    if (!ValidUtf8(g.stage()) || !ValidUtf8(g.code()) ||
        !ValidUtf8(g.message())) {
      return absl::StrCat("diagnostics[", i, "]");
    }
  }
  for (const std::string& p : d.provided()) {
    if (!ValidUtf8(p)) return "provided";
  }
  return "";
}

// Spans a later stage would index the text with: the first one outside it,
// or one that names an entity the document lacks. A stage that returns such
// a document (a bug, or garbage from a plugin) fails on it here, not later
// in another stage.
std::string InconsistentField(const v1::Document& d) {
  const size_t n = d.text().size();
  auto bad = [n](uint32_t begin, uint32_t end) {
    return begin > end || end > n;
  };
  for (int i = 0; i < d.sentences_size(); ++i) {
    if (bad(d.sentences(i).begin(), d.sentences(i).end()))
      return absl::StrCat("sentences[", i, "] lies outside the text");
  }
  for (int i = 0; i < d.tokens_size(); ++i) {
    if (bad(d.tokens(i).begin(), d.tokens(i).end()))
      return absl::StrCat("tokens[", i, "] lies outside the text");
    if (d.tokens(i).head() >= static_cast<uint32_t>(d.tokens_size()))
      return absl::StrCat("tokens[", i, "].head ", d.tokens(i).head(),
                          " is not a token");
  }
  std::set<std::string_view> entity_ids;
  for (const v1::Entity& e : d.entities()) entity_ids.insert(e.id());
  for (int i = 0; i < d.mentions_size(); ++i) {
    const v1::Mention& m = d.mentions(i);
    if (bad(m.begin(), m.end()))
      return absl::StrCat("mentions[", i, "] lies outside the text");
    if (!m.entity_id().empty() && !entity_ids.count(m.entity_id()))
      return absl::StrCat("mentions[", i, "] names entity '", m.entity_id(),
                          "', which the document lacks");
  }
  for (int i = 0; i < d.events_size(); ++i) {
    for (const v1::Span& s : d.events(i).evidence_spans()) {
      if (bad(s.begin(), s.end()))
        return absl::StrCat("events[", i, "] has evidence outside the text");
    }
  }
  for (int i = 0; i < d.quotes_size(); ++i) {
    if (bad(d.quotes(i).span().begin(), d.quotes(i).span().end()))
      return absl::StrCat("quotes[", i, "] lies outside the text");
  }
  return "";
}

}  // namespace

namespace {

// The Document fields a stage described by `d` may change (see
// KeepChangeableFields), by descriptor.
std::vector<const google::protobuf::FieldDescriptor*> ChangeableFields(
    const v1::StageDescription& d) {
  static const auto* kFieldsOf =
      new std::map<std::string, std::vector<std::string>>{
          {capability::kRaw, {"raw"}},
          {capability::kMetadata, {"metadata", "media_type"}},
          {capability::kText, {"text", "text_extracted"}},
          {capability::kTitle, {"title"}},
          {capability::kOffsets, {"offset_map"}},
          {capability::kSentences, {"sentences"}},
          {capability::kTokens, {"tokens"}},
          {capability::kSyntax, {"tokens"}},
          {capability::kMentions, {"mentions"}},
          {capability::kEntities, {"entities"}},
          {capability::kEvents, {"events"}},
          {capability::kQuotes, {"quotes"}}};
  std::set<std::string> names = {"trace", "diagnostics", "provided",
                                 "attributes"};
  for (const std::string& cap : d.provides()) {
    if (auto it = kFieldsOf->find(cap); it != kFieldsOf->end())
      names.insert(it->second.begin(), it->second.end());
  }
  const google::protobuf::Descriptor* doc = v1::Document::descriptor();
  std::vector<const google::protobuf::FieldDescriptor*> out;
  for (const std::string& name : names)
    out.push_back(doc->FindFieldByName(name));
  return out;
}

}  // namespace

void KeepChangeableFields(const v1::StageDescription& d, v1::Document* doc) {
  const auto keep = ChangeableFields(d);
  const google::protobuf::Descriptor* desc = v1::Document::descriptor();
  const google::protobuf::Reflection* reflection = doc->GetReflection();
  for (int i = 0; i < desc->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = desc->field(i);
    if (f->name() == "id" ||
        std::find(keep.begin(), keep.end(), f) != keep.end())
      continue;
    reflection->ClearField(doc, f);
  }
}

void ApplyChangeableFields(const v1::StageDescription& d,
                           v1::Document&& changes, v1::Document* doc) {
  doc->GetReflection()->SwapFields(doc, &changes, ChangeableFields(d));
}

absl::Status RunStage(const Stage& stage, v1::Document& doc) {
  const v1::StageDescription description = stage.Describe();
  const std::string id = doc.id();
  const auto start = std::chrono::steady_clock::now();
  absl::Status status = stage.Process(doc);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  if (status.ok()) {
    // Strings that are not UTF-8 cannot travel to the next stage.
    if (std::string field = InvalidUtf8Field(doc); !field.empty()) {
      status = absl::InternalError(
          absl::StrCat("the stage wrote invalid UTF-8 into ", field));
    } else if (doc.id() != id) {
      status = absl::InternalError(absl::StrCat(
          "the stage changed the document id to '", doc.id(), "'"));
      doc.set_id(id);
    } else if (std::string problem = InconsistentField(doc); !problem.empty()) {
      status =
          absl::InternalError(absl::StrCat("the stage returned ", problem));
    }
  }
  if (!status.ok()) {
    return absl::Status(
        status.code(),
        absl::StrCat("stage '", description.name(), "' failed on document '",
                     doc.id(), "': ", status.message()));
  }
  v1::TraceEntry* trace = doc.add_trace();
  trace->set_stage(description.name());
  trace->set_version(description.version());
  trace->set_micros(static_cast<uint64_t>(micros));
  std::set<std::string> have(doc.provided().begin(), doc.provided().end());
  for (const std::string& cap : description.provides()) {
    if (have.insert(cap).second) doc.add_provided(cap);
  }
  return absl::OkStatus();
}

absl::Status ValidateChain(const std::vector<v1::StageDescription>& chain) {
  std::vector<std::vector<v1::StageDescription>> steps;
  for (const auto& stage : chain) steps.push_back({stage});
  return ValidateSteps(steps);
}

absl::Status ValidateSteps(
    const std::vector<std::vector<v1::StageDescription>>& steps) {
  std::set<std::string> provided = {capability::kRaw, capability::kMetadata};
  std::set<std::string> names;
  for (const auto& step : steps) {
    std::set<std::string> added;
    for (const v1::StageDescription& stage : step) {
      if (stage.api_version() != kStageApiVersion) {
        return absl::FailedPreconditionError(absl::StrCat(
            "stage '", stage.name(), "' implements stage API version ",
            stage.api_version(), "; this coordinator speaks version ",
            kStageApiVersion));
      }
      if (!names.insert(stage.name()).second) {
        return absl::FailedPreconditionError(
            absl::StrCat("stage name '", stage.name(), "' appears twice"));
      }
      std::vector<std::string> missing;
      for (const std::string& need : stage.needs()) {
        if (!provided.count(need)) missing.push_back(need);
      }
      if (!missing.empty()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "stage '", stage.name(), "' needs ", absl::StrJoin(missing, ", "),
            " which no earlier stage provides (provided so far: ",
            absl::StrJoin(provided, ", "), ")",
            step.size() > 1 ? "; stages in one parallel step cannot use "
                              "each other's output"
                            : ""));
      }
      added.insert(stage.provides().begin(), stage.provides().end());
    }
    provided.insert(added.begin(), added.end());
  }
  return absl::OkStatus();
}

absl::Status ValidateDocument(const v1::Document& doc) {
  if (std::string field = InvalidUtf8Field(doc); !field.empty())
    return absl::InternalError(absl::StrCat("invalid UTF-8 in ", field));
  if (std::string problem = InconsistentField(doc); !problem.empty())
    return absl::InternalError(problem);
  return absl::OkStatus();
}

v1::StageDescription MakeDescription(
    const std::string& name, const std::string& version,
    std::initializer_list<const char*> needs,
    std::initializer_list<const char*> provides, bool idempotent,
    const std::string& description) {
  v1::StageDescription d;
  d.set_name(name);
  d.set_version(version);
  d.set_api_version(kStageApiVersion);
  for (const char* n : needs) d.add_needs(n);
  for (const char* p : provides) d.add_provides(p);
  d.set_idempotent(idempotent);
  d.set_description(description);
  return d;
}

std::string ResourceDir(const std::string& configured) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("EVENTWIRE_RESOURCES"); env && *env)
    return env;
  // The source tree's while it is there (a build), else the installed copy.
  std::error_code ec;
  if (std::filesystem::is_directory(EVENTWIRE_RESOURCE_DIR, ec))
    return EVENTWIRE_RESOURCE_DIR;
  return EVENTWIRE_INSTALLED_RESOURCE_DIR;
}

void AddDiagnostic(v1::Document& doc, const std::string& stage,
                   v1::Diagnostic::Severity severity, const std::string& code,
                   const std::string& message) {
  v1::Diagnostic* d = doc.add_diagnostics();
  d->set_stage(stage);
  d->set_severity(severity);
  d->set_code(code);
  d->set_message(message);
}

}  // namespace eventwire
