// The event assembly stage: PLOVER events and quotes with speakers.
#ifndef EVENTWIRE_SERVICES_ASSEMBLE_ASSEMBLE_STAGE_H_
#define EVENTWIRE_SERVICES_ASSEMBLE_ASSEMBLE_STAGE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "event_assembler.h"
#include "eventwire/stage.h"
#include "trigger_lexicon.h"

namespace eventwire::assemble {

struct AssembleOptions {
  // Empty: $EVENTWIRE_RESOURCES, else the build's resources/ folder.
  std::string resource_dir;
};

class AssembleStage final : public Stage {
 public:
  static absl::StatusOr<std::unique_ptr<AssembleStage>> Create(
      const AssembleOptions& options);
  v1::StageDescription Describe() const override;
  absl::Status Process(v1::Document& doc) const override;

 private:
  explicit AssembleStage(std::unique_ptr<TriggerLexicon> lexicon)
      : lexicon_(std::move(lexicon)), assembler_(*lexicon_) {}
  std::unique_ptr<TriggerLexicon> lexicon_;
  EventAssembler assembler_;
};

}  // namespace eventwire::assemble

#endif  // EVENTWIRE_SERVICES_ASSEMBLE_ASSEMBLE_STAGE_H_
