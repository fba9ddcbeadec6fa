#include "topic_stage.h"

#include <cctype>

TopicStage::TopicStage(std::string name,
                       std::map<std::string, std::vector<std::string>> table)
    : name_(std::move(name)), table_(std::move(table)) {}

eventwire::v1::StageDescription TopicStage::Describe() const {
  return eventwire::MakeDescription(
      name_, "1.0.0", /*needs=*/{eventwire::capability::kText},
      /*provides=*/{"topics"}, /*idempotent=*/true,
      "labels documents with topics from a keyword table");
}

absl::Status TopicStage::Process(eventwire::v1::Document& doc) const {
  if (doc.text().empty()) {
    // The error reaches the dead letters with the stage and document named.
    return absl::InvalidArgumentError("the document has no text");
  }
  std::string lower = doc.text();
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  std::string topics;
  for (const auto& [topic, keywords] : table_) {
    for (const std::string& keyword : keywords) {
      if (lower.find(keyword) == std::string::npos) continue;
      topics += (topics.empty() ? "" : ",") + topic;
      break;
    }
  }
  (*doc.mutable_attributes())["topics"] = topics;
  return absl::OkStatus();
}

std::map<std::string, std::vector<std::string>> TopicStage::DefaultTable() {
  return {{"elections", {"election", "ballot", "vote", "polls"}},
          {"unrest", {"protest", "riot", "demonstrat", "strike"}},
          {"diplomacy", {"talks", "summit", "minister", "negotiat"}},
          {"violence", {"attack", "killed", "bomb", "shell"}}};
}
