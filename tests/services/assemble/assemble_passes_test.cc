// Passes of the assembler run alone over a sentence context, as BuildEvent
// runs them in order, on text the tag stage has tagged.
#include <gtest/gtest.h>

#include "eventwire/word_list.h"
#include "sentence_events.h"
#include "tag_stage.h"

namespace eventwire::assemble {
namespace {

class AssemblePassesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(LoadWordLists(EW_RESOURCE_DIR).ok());
    auto lexicon =
        TriggerLexicon::Load(std::string(EW_RESOURCE_DIR) + "/triggers.tsv");
    ASSERT_TRUE(lexicon.ok()) << lexicon.status();
    lexicon_ = lexicon->release();
    tag::TagOptions options;
    options.resource_dir = EW_RESOURCE_DIR;
    auto tag = tag::TagStage::Create(options);
    ASSERT_TRUE(tag.ok()) << tag.status();
    tag_ = tag->release();
  }
  static void TearDownTestSuite() {
    delete tag_;
    delete lexicon_;
  }
  static v1::Document Tagged(const std::string& text) {
    v1::Document doc;
    doc.set_id("d");
    doc.set_text(text);
    doc.mutable_metadata()->set_published_at("2025-02-21");
    EXPECT_TRUE(tag_->Process(doc).ok());
    return doc;
  }
  // The first trigger of the first sentence: [*ts, *te).
  static const Trigger* FirstTrigger(const SentenceEvents& s,
                                     const DocView& view, int* ts, int* te) {
    for (int t = 0; t < view.token_count(); ++t) {
      int len = 0;
      if (const Trigger* trig = s.MatchAt(t, view.token_count(), &len)) {
        *ts = t;
        *te = t + len;
        return trig;
      }
    }
    return nullptr;
  }
  static TriggerLexicon* lexicon_;
  static tag::TagStage* tag_;
};
TriggerLexicon* AssemblePassesTest::lexicon_ = nullptr;
tag::TagStage* AssemblePassesTest::tag_ = nullptr;

TEST_F(AssemblePassesTest, ModalityAloneReadsTheWordsBeforeTheTrigger) {
  for (const auto& [text, expected] :
       std::vector<std::pair<std::string, v1::Event::Modality>>{
           {"Kenya sanctioned Uganda.", v1::Event::ASSERTED},
           {"Kenya did not sanction Uganda.", v1::Event::NEGATED},
           {"Kenya could sanction Uganda.", v1::Event::HYPOTHETICAL},
           {"Kenya will sanction Uganda.", v1::Event::FUTURE}}) {
    const v1::Document doc = Tagged(text);
    const DocView view(doc);
    const SentenceEvents sentence(view, *lexicon_);
    int ts = -1, te = -1;
    ASSERT_NE(FirstTrigger(sentence, view, &ts, &te), nullptr) << text;
    EXPECT_EQ(sentence.ModalityBefore(ts, 0), expected) << text;
  }
}

TEST_F(AssemblePassesTest, ACoercionAnnouncedOnAConditionIsAThreat) {
  const v1::Document doc =
      Tagged("Kenya will impose sanctions on Uganda unless it withdraws.");
  const DocView view(doc);
  const SentenceEvents sentence(view, *lexicon_);
  int ts = -1, te = -1;
  const Trigger* trig = FirstTrigger(sentence, view, &ts, &te);
  ASSERT_NE(trig, nullptr);
  const auto frame =
      sentence.FrameOf(ts, te, 0, view.token_count(), trig->noun);
  v1::Event event;
  event.set_type(v1::Event::SANCTION);
  event.set_modality(v1::Event::FUTURE);
  sentence.ConditionalThreat(frame, event);
  EXPECT_EQ(event.type(), v1::Event::THREATEN);
  EXPECT_EQ(event.modality(), v1::Event::ASSERTED);
  // Without the condition it stays a future sanction (control).
  v1::Event asserted;
  asserted.set_type(v1::Event::SANCTION);
  asserted.set_modality(v1::Event::ASSERTED);
  sentence.ConditionalThreat(frame, asserted);
  EXPECT_EQ(asserted.type(), v1::Event::SANCTION);
}

TEST_F(AssemblePassesTest, RolesAloneFindSubjectAndObject) {
  const v1::Document doc = Tagged("Kenya accused Uganda on Monday.");
  const DocView view(doc);
  const SentenceEvents sentence(view, *lexicon_);
  int ts = -1, te = -1;
  const Trigger* trig = FirstTrigger(sentence, view, &ts, &te);
  ASSERT_NE(trig, nullptr);
  const auto frame =
      sentence.FrameOf(ts, te, 0, view.token_count(), trig->noun);
  std::vector<const v1::Entity*> source, target;
  sentence.FindSource(*trig, frame, source, target);
  sentence.FindTarget(*trig, frame, source, target);
  ASSERT_TRUE(sentence.SettleRoles(*trig, source, target));
  ASSERT_EQ(source.size(), 1u);
  ASSERT_EQ(target.size(), 1u);
  EXPECT_EQ(source[0]->country(), "KEN");
  EXPECT_EQ(target[0]->country(), "UGA");
}

TEST_F(AssemblePassesTest, DateAndPlaceAloneTakeTheNearestDateAndTheInPlace) {
  const v1::Document doc =
      Tagged("Kenya accused Uganda in Nairobi on Monday, a year since 2024.");
  const DocView view(doc);
  const SentenceEvents sentence(view, *lexicon_);
  int ts = -1, te = -1;
  const Trigger* trig = FirstTrigger(sentence, view, &ts, &te);
  ASSERT_NE(trig, nullptr);
  const auto frame =
      sentence.FrameOf(ts, te, 0, view.token_count(), trig->noun);
  v1::Event event;
  sentence.SetDateAndPlace(*trig, frame, {}, {}, event);
  EXPECT_EQ(event.date(), "2025-02-17");
  EXPECT_EQ(event.location().name(), "Nairobi");
}

}  // namespace
}  // namespace eventwire::assemble
