// The casualties plugin: fills PLOVER's dead, injured and size fields of
// ASSAULT and PROTEST events from the sentence that reports them.
#ifndef EVENTWIRE_PLUGINS_CASUALTIES_CASUALTIES_STAGE_H_
#define EVENTWIRE_PLUGINS_CASUALTIES_CASUALTIES_STAGE_H_

#include "eventwire/stage.h"

namespace eventwire::casualties {

class CasualtiesStage final : public Stage {
 public:
  v1::StageDescription Describe() const override;
  absl::Status Process(v1::Document& doc) const override;
};

}  // namespace eventwire::casualties

#endif  // EVENTWIRE_PLUGINS_CASUALTIES_CASUALTIES_STAGE_H_
