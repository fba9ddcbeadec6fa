#include "tag_stage.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "eventwire/text.h"
#include "eventwire/word_list.h"
#include "tokenizer.h"

namespace eventwire::tag {

absl::StatusOr<std::unique_ptr<TagStage>> TagStage::Create(
    const TagOptions& options) {
  const std::string dir = ResourceDir(options.resource_dir);
  if (auto st = LoadWordLists(dir); !st.ok()) return st;
  auto lexicon = Lexicon::Load(options.word_list);
  if (!lexicon.ok()) return lexicon.status();
  auto gazetteer = Gazetteer::Load(dir + "/gazetteer.tsv",
                                   options.iso_codes_dir, lexicon->get());
  if (!gazetteer.ok()) return gazetteer.status();
  std::unique_ptr<NerModel> model;
  if (options.use_model) {
    auto loaded = NerModel::Load(dir + "/ner.model");
    if (!loaded.ok()) return loaded.status();
    model = std::move(*loaded);
  }
  auto actors = ActorDirectory::Load(dir + "/actors.tsv");
  if (!actors.ok()) return actors.status();
  if (absl::Status st =
          (*actors)->AddOfficeHolders(dir + "/office-holders.tsv");
      !st.ok()) {
    return st;
  }
  // Word classes feed both the name model and the parser.
  std::unique_ptr<WordClusters> clusters;
  const std::string clusters_path = dir + "/word-clusters.tsv";
  if (options.use_model || options.parse) {
    auto loaded_clusters = WordClusters::Load(clusters_path);
    if (!loaded_clusters.ok()) return loaded_clusters.status();
    clusters = std::move(*loaded_clusters);
  }
  std::unique_ptr<SyntaxModel> syntax;
  if (options.parse) {
    const std::string syntax_path = dir + "/syntax.model";
    auto loaded_syntax = SyntaxModel::Load(syntax_path);
    if (!loaded_syntax.ok()) return loaded_syntax.status();
    // A model fed other word classes than it learnt with would parse
    // silently worse; refuse to start instead.
    if ((*loaded_syntax)->clusters_fingerprint() != clusters->fingerprint()) {
      return absl::FailedPreconditionError(absl::StrCat(
          syntax_path, " was trained with other word classes than ",
          clusters_path, ": rebuild both with tools/train-parser"));
    }
    syntax = std::move(*loaded_syntax);
  }
  return std::unique_ptr<TagStage>(
      new TagStage(std::move(*gazetteer), std::move(*lexicon), std::move(model),
                   std::move(*actors), std::move(clusters), std::move(syntax),
                   options.max_parsed_tokens));
}

v1::StageDescription TagStage::Describe() const {
  v1::StageDescription description = MakeDescription(
      "tag", "0.3.1", {capability::kText},
      {capability::kSentences, capability::kTokens, capability::kMentions,
       capability::kEntities},
      /*idempotent=*/true,
      "sentences, tokens with parts of speech and dependency trees, "
      "PERSON/ORG/GPE/LOC/NORP/DATE/TIME/TITLE mentions, canonical entities "
      "with countries");
  if (syntax_ != nullptr) description.add_provides(capability::kSyntax);
  // It reads the text and writes only what it provides (tested).
  description.set_changes_only_provided(true);
  return description;
}

void TagStage::Parse(v1::Document& doc) const {
  std::vector<SyntaxWord> words;
  std::vector<uint8_t> tags, labels;
  std::vector<uint32_t> heads;
  std::vector<std::string_view> surfaces;
  const std::string_view text = doc.text();
  size_t parsed = 0;
  for (const v1::Sentence& sentence : doc.sentences()) {
    if (parsed >= max_parsed_tokens_) {
      AddDiagnostic(
          doc, "tag", v1::Diagnostic::WARNING, "syntax-truncated",
          absl::StrCat("parts of speech and dependencies for the first ",
                       parsed, " of ", doc.tokens_size(),
                       " tokens only (at most ", max_parsed_tokens_, ")"));
      break;
    }
    const size_t n = sentence.token_count();
    parsed += n;
    const uint32_t first = sentence.first_token();
    if (n == 0 || first + n > static_cast<size_t>(doc.tokens_size())) continue;
    words.clear();
    surfaces.clear();
    for (size_t i = 0; i < n; ++i) {
      const v1::Token& token = doc.tokens(static_cast<int>(first + i));
      surfaces.push_back(
          text.substr(token.begin(), token.end() - token.begin()));
      words.push_back(
          MakeSyntaxWord(surfaces.back(), lexicon_.get(), clusters_.get()));
    }
    tags.resize(n);
    heads.resize(n);
    labels.resize(n);
    // A dateline is parsed apart: the parser, which learnt from text
    // without them, would otherwise take the city for the subject.
    const size_t dateline = DatelineLength(surfaces);
    uint32_t body_root = first;
    for (const auto [from, count] :
         {std::pair<size_t, size_t>{dateline, n - dateline}, {0, dateline}}) {
      if (count == 0) continue;
      syntax_->Analyze(words.data() + from, count, tags.data() + from,
                       heads.data() + from, labels.data() + from);
      for (size_t i = from; i < from + count; ++i) {
        v1::Token* token = doc.mutable_tokens(static_cast<int>(first + i));
        token->set_upos(UposName(tags[i]));
        token->set_deprel(syntax_->label_name(labels[i]));
        // The parser numbers the root's head `count`; the document points
        // a sentence's root at itself, and the dateline's at the body's.
        if (heads[i] >= count) {
          if (from == dateline) {
            body_root = first + i;
            token->set_head(body_root);
          } else {
            token->set_head(body_root);
            token->set_deprel("parataxis");
          }
        } else {
          token->set_head(first + from + heads[i]);
        }
      }
    }
  }
}

absl::Status TagStage::Process(v1::Document& doc) const {
  Tokenize(doc);
  if (syntax_ != nullptr) Parse(doc);
  tagger_.Tag(doc);
  return absl::OkStatus();
}

}  // namespace eventwire::tag
