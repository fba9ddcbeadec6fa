#include "branch_merge.h"

#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <set>
#include <type_traits>

#include "absl/strings/str_cat.h"

namespace eventwire::coordinator {
namespace {

using google::protobuf::util::MessageDifferencer;

template <typename T>
bool Same(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, std::string>) {
    return a == b;
  } else {
    return MessageDifferencer::Equals(a, b);
  }
}

}  // namespace

absl::Status BranchMerge::Claim(const std::string& what,
                                const std::string& branch) {
  auto [it, fresh] = claims_.emplace(what, branch);
  if (fresh || it->second == branch) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "parallel stages '", it->second, "' and '", branch, "' both changed ",
      what, " of document '", input_.id(), "'"));
}

template <typename T>
absl::Status BranchMerge::MergeRepeated(
    const char* field, const google::protobuf::RepeatedPtrField<T>& in,
    const google::protobuf::RepeatedPtrField<T>& out,
    google::protobuf::RepeatedPtrField<T>* merged, const std::string& branch) {
  if (out.size() < in.size()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "parallel stage '", branch, "' removed ", field, " of document '",
        input_.id(), "'; a stage in a parallel step may only add and change"));
  }
  for (int k = 0; k < in.size(); ++k) {
    if (Same(in.Get(k), out.Get(k))) continue;
    if (auto st = Claim(absl::StrCat(field, "[", k, "]"), branch); !st.ok())
      return st;
    *merged->Mutable(k) = out.Get(k);
  }
  for (int k = in.size(); k < out.size(); ++k) *merged->Add() = out.Get(k);
  return absl::OkStatus();
}

absl::Status BranchMerge::Add(const std::string& branch,
                              const v1::Document& out) {
  // Singular fields: taken from the one branch that changed each.
  struct Scalar {
    const char* name;
    const std::string& (v1::Document::*get)() const;
    void (v1::Document::*set)(const std::string&);
  };
  for (const Scalar& f :
       {Scalar{"raw", &v1::Document::raw, &v1::Document::set_raw},
        Scalar{"media_type", &v1::Document::media_type,
               &v1::Document::set_media_type},
        Scalar{"title", &v1::Document::title, &v1::Document::set_title},
        Scalar{"text", &v1::Document::text, &v1::Document::set_text}}) {
    if ((out.*f.get)() == (input_.*f.get)()) continue;
    if (auto st = Claim(f.name, branch); !st.ok()) return st;
    (merged_.*f.set)((out.*f.get)());
  }
  if (out.text_extracted() != input_.text_extracted()) {
    if (auto st = Claim("text_extracted", branch); !st.ok()) return st;
    merged_.set_text_extracted(out.text_extracted());
  }
  if (!MessageDifferencer::Equals(out.metadata(), input_.metadata())) {
    if (auto st = Claim("metadata", branch); !st.ok()) return st;
    *merged_.mutable_metadata() = out.metadata();
  }
  for (const auto& [key, value] : out.attributes()) {
    auto it = input_.attributes().find(key);
    if (it != input_.attributes().end() && it->second == value) continue;
    if (auto st = Claim(absl::StrCat("attributes[\"", key, "\"]"), branch);
        !st.ok())
      return st;
    (*merged_.mutable_attributes())[key] = value;
  }
  for (absl::Status st :
       {MergeRepeated("offset_map", input_.offset_map(), out.offset_map(),
                      merged_.mutable_offset_map(), branch),
        MergeRepeated("sentences", input_.sentences(), out.sentences(),
                      merged_.mutable_sentences(), branch),
        MergeRepeated("tokens", input_.tokens(), out.tokens(),
                      merged_.mutable_tokens(), branch),
        MergeRepeated("entities", input_.entities(), out.entities(),
                      merged_.mutable_entities(), branch),
        MergeRepeated("mentions", input_.mentions(), out.mentions(),
                      merged_.mutable_mentions(), branch),
        MergeRepeated("events", input_.events(), out.events(),
                      merged_.mutable_events(), branch),
        MergeRepeated("quotes", input_.quotes(), out.quotes(),
                      merged_.mutable_quotes(), branch),
        MergeRepeated("trace", input_.trace(), out.trace(),
                      merged_.mutable_trace(), branch),
        MergeRepeated("diagnostics", input_.diagnostics(), out.diagnostics(),
                      merged_.mutable_diagnostics(), branch)}) {
    if (!st.ok()) return st;
  }
  for (const std::string& cap : out.provided()) {
    if (std::find(merged_.provided().begin(), merged_.provided().end(), cap) ==
        merged_.provided().end())
      merged_.add_provided(cap);
  }
  return absl::OkStatus();
}

absl::Status BranchMerge::Finish(v1::Document* out) {
  // Branches number what they add independently: the same new id twice
  // would join unrelated entities or events.
  std::set<std::string> ids;
  for (const v1::Entity& e : merged_.entities()) {
    if (!e.id().empty() && !ids.insert("entity " + e.id()).second) {
      return absl::FailedPreconditionError(absl::StrCat(
          "parallel stages added two entities with id '", e.id(),
          "' to document '", input_.id(),
          "'; run the stages that add entities one after the other"));
    }
  }
  for (const v1::Event& e : merged_.events()) {
    if (!e.id().empty() && !ids.insert("event " + e.id()).second) {
      return absl::FailedPreconditionError(absl::StrCat(
          "parallel stages added two events with id '", e.id(),
          "' to document '", input_.id(),
          "'; run the stages that add events one after the other"));
    }
  }
  *out = std::move(merged_);
  return absl::OkStatus();
}

}  // namespace eventwire::coordinator
