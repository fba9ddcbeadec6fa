// The stage interface that every built-in service and every plugin implements.
#ifndef EVENTWIRE_STAGE_H_
#define EVENTWIRE_STAGE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "eventwire/v1/document.pb.h"
#include "eventwire/v1/stage.pb.h"

namespace eventwire {

// The stage API version this build implements (StageDescription.api_version).
inline constexpr uint32_t kStageApiVersion = 1;

// Capability names that stages require and provide.
namespace capability {
inline constexpr char kRaw[] = "raw";
inline constexpr char kMetadata[] = "metadata";
inline constexpr char kText[] = "text";
inline constexpr char kTitle[] = "title";
inline constexpr char kOffsets[] = "offsets";
inline constexpr char kSentences[] = "sentences";
inline constexpr char kTokens[] = "tokens";
// Tokens carry upos, head and deprel.
inline constexpr char kSyntax[] = "syntax";
inline constexpr char kMentions[] = "mentions";
inline constexpr char kEntities[] = "entities";
inline constexpr char kEvents[] = "events";
inline constexpr char kQuotes[] = "quotes";
}  // namespace capability

class Stage {
 public:
  virtual ~Stage() = default;

  // Name, version, API version, and what the stage needs and adds.
  virtual v1::StageDescription Describe() const = 0;

  // Adds this stage's annotations to `doc`. Called from many threads at once,
  // so implementations keep no per-call state in members. An error costs this
  // document alone; its message need not repeat the stage or document name
  // (RunStage adds both).
  virtual absl::Status Process(v1::Document& doc) const = 0;
};

// The fields of a document a stage described by `d` may change, when it
// says it changes only what it provides (changes_only_provided): the
// fields of its capabilities ("tokens" and "syntax": tokens; "metadata":
// metadata and media type; "text": text and text_extracted; ...) and trace,
// diagnostics, provided and attributes. An answer with changes only
// carries these and the id (KeepChangeableFields); the caller puts them into
// its own copy of the document (ApplyChangeableFields).
void KeepChangeableFields(const v1::StageDescription& d, v1::Document* doc);
void ApplyChangeableFields(const v1::StageDescription& d,
                           v1::Document&& changes, v1::Document* doc);

// Runs `stage` on `doc`: records a trace entry and the capabilities the stage
// provides, and prefixes any error with the stage and document names.
absl::Status RunStage(const Stage& stage, v1::Document& doc);

// Checks that every stage's needs are provided by the ones before it
// (the first stage may need "raw" and "metadata", which Submit provides).
// The error names the stage and the missing capability.
absl::Status ValidateChain(const std::vector<v1::StageDescription>& chain);
// The same for a graph of steps: the stages of one step run side by side on
// the same document, so each must find its needs in the steps before.
absl::Status ValidateSteps(
    const std::vector<std::vector<v1::StageDescription>>& steps);

// What RunStage checks in a stage's output, for documents put together
// elsewhere (the coordinator's merge of parallel branches): valid UTF-8, and
// spans and entity references that fit the text and the entities.
absl::Status ValidateDocument(const v1::Document& doc);

// A stage description: the name, version and API version, what the stage
// needs and provides, and whether processing a document twice is harmless.
v1::StageDescription MakeDescription(
    const std::string& name, const std::string& version,
    std::initializer_list<const char*> needs,
    std::initializer_list<const char*> provides, bool idempotent,
    const std::string& description);

// The folder of the shipped resources (gazetteer, lexicons, models):
// `configured` when set, else $EVENTWIRE_RESOURCES, else the source tree's
// resources/ this build was configured from.
std::string ResourceDir(const std::string& configured = "");

// Adds a diagnostic to the document.
void AddDiagnostic(v1::Document& doc, const std::string& stage,
                   v1::Diagnostic::Severity severity, const std::string& code,
                   const std::string& message);

}  // namespace eventwire

#endif  // EVENTWIRE_STAGE_H_
