// A custom stage: labels each document with the topics its text is about,
// from a keyword table (document attribute "topics", e.g. "elections,unrest").
#ifndef TOPIC_STAGE_H_
#define TOPIC_STAGE_H_

#include <map>
#include <string>
#include <vector>

#include "eventwire/stage.h"

class TopicStage : public eventwire::Stage {
 public:
  // `table` maps a topic to its keywords (lower case).
  TopicStage(std::string name,
             std::map<std::string, std::vector<std::string>> table);

  // What the coordinator checks at start: this stage reads the cleaned text
  // and adds "topics", so it must come after the clean stage.
  eventwire::v1::StageDescription Describe() const override;

  // Called from many threads at once: no per-call state in members.
  absl::Status Process(eventwire::v1::Document& doc) const override;

  // The table the examples use when none is configured.
  static std::map<std::string, std::vector<std::string>> DefaultTable();

 private:
  const std::string name_;
  const std::map<std::string, std::vector<std::string>> table_;
};

#endif  // TOPIC_STAGE_H_
