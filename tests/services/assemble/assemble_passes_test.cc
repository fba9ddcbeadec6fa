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
  // A tagged sentence, its context, its first trigger [ts, te) and frame.
  struct Sentence {
    explicit Sentence(const std::string& text)
        : doc(Tagged(text)), view(doc), events(view, *lexicon_) {
      for (int t = 0; t < view.token_count() && !trigger; ++t) {
        int len = 0;
        trigger = events.MatchAt(t, view.token_count(), &len);
        ts = t;
        te = t + len;
      }
      if (trigger) {
        frame = events.FrameOf(ts, te, 0, view.token_count(), trigger->noun);
      }
    }
    const v1::Document doc;
    const DocView view;
    const SentenceEvents events;
    const Trigger* trigger = nullptr;
    int ts = -1, te = -1;
    SentenceEvents::Frame frame{};
  };
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
    const Sentence s(text);
    ASSERT_NE(s.trigger, nullptr) << text;
    EXPECT_EQ(s.events.ModalityBefore(s.ts, 0), expected) << text;
  }
}

TEST_F(AssemblePassesTest, ACoercionAnnouncedOnAConditionIsAThreat) {
  const Sentence s(
      "Kenya will impose sanctions on Uganda unless it withdraws.");
  ASSERT_NE(s.trigger, nullptr);
  v1::Event event;
  event.set_type(v1::Event::SANCTION);
  event.set_modality(v1::Event::FUTURE);
  s.events.ConditionalThreat(s.frame, event);
  EXPECT_EQ(event.type(), v1::Event::THREATEN);
  EXPECT_EQ(event.modality(), v1::Event::ASSERTED);
  // An asserted sanction stays a sanction (control).
  v1::Event asserted;
  asserted.set_type(v1::Event::SANCTION);
  asserted.set_modality(v1::Event::ASSERTED);
  s.events.ConditionalThreat(s.frame, asserted);
  EXPECT_EQ(asserted.type(), v1::Event::SANCTION);
}

TEST_F(AssemblePassesTest, RolesAloneFindSubjectAndObject) {
  const Sentence s("Kenya accused Uganda on Monday.");
  ASSERT_NE(s.trigger, nullptr);
  std::vector<const v1::Entity*> source, target;
  s.events.FindSource(*s.trigger, s.frame, source, target);
  s.events.FindTarget(*s.trigger, s.frame, source, target);
  ASSERT_TRUE(s.events.SettleRoles(*s.trigger, source, target));
  ASSERT_EQ(source.size(), 1u);
  ASSERT_EQ(target.size(), 1u);
  EXPECT_EQ(source[0]->country(), "KEN");
  EXPECT_EQ(target[0]->country(), "UGA");
}

TEST_F(AssemblePassesTest, DateAndPlaceAloneTakeTheNearestDateAndTheInPlace) {
  const Sentence s(
      "Kenya accused Uganda in Nairobi on Monday, a year since 2024.");
  ASSERT_NE(s.trigger, nullptr);
  v1::Event event;
  s.events.SetDateAndPlace(*s.trigger, s.frame, {}, {}, event);
  EXPECT_EQ(event.date(), "2025-02-17");
  EXPECT_EQ(event.location().name(), "Nairobi");
}

}  // namespace
}  // namespace eventwire::assemble
