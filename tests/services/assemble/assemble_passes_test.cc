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
  // Source and target as the parse gives them, by name.
  struct ParsedRoles {
    std::vector<std::string> source, target;
  };
  static void SetUpTestSuite() {
    ASSERT_TRUE(LoadWordLists(EW_RESOURCE_DIR).ok());
    auto lexicon = TriggerLexicon::Load(
        std::string(EW_RESOURCE_DIR) + "/triggers.tsv",
        std::string(EW_RESOURCE_DIR) + "/petrarch-triggers.tsv");
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
    // The first trigger, or the first one that starts with the word `at`.
    explicit Sentence(const std::string& text, const std::string& at = "")
        : doc(Tagged(text)), view(doc), events(view, *lexicon_) {
      for (int t = 0; t < view.token_count() && !trigger; ++t) {
        if (!at.empty() && view.Surface(t) != at) continue;
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
  static ParsedRoles RolesOf(const Sentence& s);
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

TEST_F(AssemblePassesTest, WhatAPartyWantsToDoHasNotHappened) {
  const Sentence wanted("Kenya wanted to attack Uganda.", "attack");
  ASSERT_NE(wanted.trigger, nullptr);
  EXPECT_EQ(wanted.events.ModalityBefore(wanted.ts, 0),
            v1::Event::HYPOTHETICAL);
  // An attempt is an act.
  const Sentence attempted("Kenya attempted to attack Uganda.", "attack");
  ASSERT_NE(attempted.trigger, nullptr);
  EXPECT_EQ(attempted.events.ModalityBefore(attempted.ts, 0),
            v1::Event::ASSERTED);
  // A wish further up the phrases that hold the trigger.
  const Sentence option(
      "Kenya wants the option of having a bigger trade deal with Uganda.",
      "deal");
  ASSERT_NE(option.trigger, nullptr);
  EXPECT_EQ(option.events.ModalityBefore(option.ts, 0),
            v1::Event::HYPOTHETICAL);
  const Sentence pursued(
      "Kenya and Uganda have been holding talks pursuing an agreement on "
      "trade.",
      "agreement");
  ASSERT_NE(pursued.trigger, nullptr);
  EXPECT_EQ(pursued.events.ModalityBefore(pursued.ts, 0),
            v1::Event::HYPOTHETICAL);
  const Sentence required(
      "Kenya said a trade deal requires deeper concessions from Uganda.",
      "concessions");
  ASSERT_NE(required.trigger, nullptr);
  EXPECT_EQ(required.events.ModalityBefore(required.ts, 0),
            v1::Event::HYPOTHETICAL);
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

TEST_F(AssemblePassesTest, ADateThatModifiesAnotherNounDoesNotDateTheEvent) {
  // The month dates the election; the nearest date is not the event's.
  const Sentence other(
      "Kenya accused Uganda over the March 2019 election on Monday.",
      "accused");
  ASSERT_NE(other.trigger, nullptr);
  v1::Event event;
  other.events.SetDateAndPlace(*other.trigger, other.frame, {}, {}, event);
  EXPECT_EQ(event.date(), "2025-02-17");
  // A date that modifies the event's own noun dates it.
  const Sentence own("Kenya and Uganda held the February 3 talks in Nairobi.",
                     "talks");
  ASSERT_NE(own.trigger, nullptr);
  v1::Event talks;
  own.events.SetDateAndPlace(*own.trigger, own.frame, {}, {}, talks);
  EXPECT_EQ(talks.date(), "2025-02-03");
}

TEST_F(AssemblePassesTest, ADateOfAParticipleClauseDatesThatClause) {
  // "made ... in 2010" dates the allegation, not its dropping.
  const Sentence made(
      "Kenya has dropped an investigation into an allegation made against "
      "Uganda in 2010.",
      "dropped");
  ASSERT_NE(made.trigger, nullptr);
  v1::Event dropped;
  made.events.SetDateAndPlace(*made.trigger, made.frame, {}, {}, dropped);
  EXPECT_EQ(dropped.date(), "");
  // A participle of the event's own noun dates it.
  const Sentence staged(
      "Police in Kenya stopped the demonstration staged by students on 15 "
      "February.",
      "demonstration");
  ASSERT_NE(staged.trigger, nullptr);
  v1::Event demonstration;
  staged.events.SetDateAndPlace(*staged.trigger, staged.frame, {}, {},
                                demonstration);
  EXPECT_EQ(demonstration.date(), "2025-02-15");
}

TEST_F(AssemblePassesTest, ADictionaryPatternNeedsItsObjectInAFiniteClause) {
  // PETRARCH2's "CLOSE * BORDER": the verb and the noun heading its object.
  const Sentence closed("Jordan closed its borders with Syria.");
  ASSERT_NE(closed.trigger, nullptr);
  EXPECT_EQ(closed.trigger->type, v1::Event::COERCE);
  EXPECT_TRUE(closed.trigger->object_noun);
  // Another object, or an aim rather than an act: no pattern.
  for (const std::string text :
       {"Jordan closed its accounts in Syria.",
        "Jordan hopes to close its borders with Syria.",
        "Jordan talked about closing its borders with Syria."}) {
    const Sentence s(text);
    EXPECT_TRUE(s.trigger == nullptr || !s.trigger->object_noun) << text;
  }
}

TEST_F(AssemblePassesTest, TheAgentOfAPassiveActsOnItsSubject) {
  const Sentence s("Kenya was attacked by Uganda on Monday.");
  ASSERT_NE(s.trigger, nullptr);
  const ParsedRoles roles = RolesOf(s);
  EXPECT_EQ(roles.source, std::vector<std::string>{"Uganda"});
  EXPECT_EQ(roles.target, std::vector<std::string>{"Kenya"});
}

TEST_F(AssemblePassesTest, TheSubjectOfAControlVerbDoesItsInfinitive) {
  const Sentence s("Kenya decided to attack Uganda.", "attack");
  ASSERT_NE(s.trigger, nullptr);
  const ParsedRoles roles = RolesOf(s);
  EXPECT_EQ(roles.source, std::vector<std::string>{"Kenya"});
  EXPECT_EQ(roles.target, std::vector<std::string>{"Uganda"});
}

TEST_F(AssemblePassesTest, CoordinatedPartiesAndVerbsShareTheirRoles) {
  const ParsedRoles both =
      RolesOf(Sentence("Kenya and Uganda attacked Somalia and Ethiopia."));
  EXPECT_EQ(both.source, (std::vector<std::string>{"Kenya", "Uganda"}));
  EXPECT_EQ(both.target, (std::vector<std::string>{"Somalia", "Ethiopia"}));
  // The second verb of "met ... and attacked" has the first one's subject.
  const ParsedRoles shared = RolesOf(Sentence(
      "Kenya met Ethiopia on Monday and attacked Uganda.", "attacked"));
  EXPECT_EQ(shared.source, std::vector<std::string>{"Kenya"});
  EXPECT_EQ(shared.target, std::vector<std::string>{"Uganda"});
}

TEST_F(AssemblePassesTest, NamesCoordinatedInAnOfficesOfPhraseAllAct) {
  const ParsedRoles roles = RolesOf(
      Sentence("The foreign ministers of Kenya and Uganda met on Tuesday."));
  EXPECT_EQ(roles.source, (std::vector<std::string>{"Kenya", "Uganda"}));
}

TEST_F(AssemblePassesTest, AParticipleAdjunctIsDoneByItsClausesSubject) {
  const ParsedRoles roles = RolesOf(Sentence(
      "Kenya toured the region on Monday, publicly threatening Uganda with "
      "sanctions.",
      "threatening"));
  EXPECT_EQ(roles.source, std::vector<std::string>{"Kenya"});
  EXPECT_EQ(roles.target, std::vector<std::string>{"Uganda"});
}

TEST_F(AssemblePassesTest, ARelativePronounStandsForTheNounItDescribes) {
  const ParsedRoles roles = RolesOf(
      Sentence("Ethiopia condemned Kenya, which attacked Uganda on Monday.",
               "attacked"));
  EXPECT_EQ(roles.source, std::vector<std::string>{"Kenya"});
  EXPECT_EQ(roles.target, std::vector<std::string>{"Uganda"});
}

TEST_F(AssemblePassesTest, TheSpeakerOfReportedSpeechIsNotTheActor) {
  const ParsedRoles roles = RolesOf(
      Sentence("Ethiopia said that Kenya attacked Uganda.", "attacked"));
  EXPECT_EQ(roles.source, std::vector<std::string>{"Kenya"});
  EXPECT_EQ(roles.target, std::vector<std::string>{"Uganda"});
}

TEST_F(AssemblePassesTest, ANominalEventTakesItsPossessiveAndItsBy) {
  const ParsedRoles possessive =
      RolesOf(Sentence("Kenya's invasion of Uganda began on Monday."));
  EXPECT_EQ(possessive.source, std::vector<std::string>{"Kenya"});
  EXPECT_EQ(possessive.target, std::vector<std::string>{"Uganda"});
  const ParsedRoles by =
      RolesOf(Sentence("The attack by Kenya on Uganda began on Monday."));
  EXPECT_EQ(by.source, std::vector<std::string>{"Kenya"});
  EXPECT_EQ(by.target, std::vector<std::string>{"Uganda"});
}

TEST_F(AssemblePassesTest, AnObjectThatNamesNoPartyGivesWhomItIsAimedAt) {
  // The source's own possessive is not the target; the phrase below is.
  const ParsedRoles nested =
      RolesOf(Sentence("Kenya has dropped its investigation into an allegation "
                       "against Uganda.",
                       "dropped"));
  EXPECT_EQ(nested.source, std::vector<std::string>{"Kenya"});
  EXPECT_EQ(nested.target, std::vector<std::string>{"Uganda"});
  // The author of the act condemned is its target.
  const ParsedRoles author = RolesOf(
      Sentence("Kenya condemned the decision announced on Monday by Uganda."));
  EXPECT_EQ(author.source, std::vector<std::string>{"Kenya"});
  EXPECT_EQ(author.target, std::vector<std::string>{"Uganda"});
}

TEST_F(AssemblePassesTest, APassiveActsOnItsSubjectOrTheSubjectItShares) {
  const ParsedRoles own = RolesOf(Sentence(
      "LONDON (AP) — Kenya's ruling party was accused on Wednesday of fraud."));
  EXPECT_TRUE(own.source.empty());
  EXPECT_EQ(own.target, std::vector<std::string>{"Kenya"});
  const ParsedRoles shared = RolesOf(
      Sentence("Ugandan troops returned home on Monday after being expelled by "
               "Kenya.",
               "expelled"));
  EXPECT_EQ(shared.source, std::vector<std::string>{"Kenya"});
  EXPECT_EQ(shared.target, std::vector<std::string>{"Uganda"});
}

TEST_F(AssemblePassesTest, ADatelineSaysNothingOfTheVerbsVoice) {
  const ParsedRoles roles = RolesOf(Sentence(
      "HANOI, Vietnam (AP) — Kenyan Defense Secretary Amina Wekesa on "
      "Wednesday accused Uganda of using coercion against smaller nations.",
      "accused"));
  ASSERT_EQ(roles.source.size(), 1u);
  EXPECT_EQ(roles.source[0], "Amina Wekesa");
  EXPECT_EQ(roles.target, std::vector<std::string>{"Uganda"});
}

TEST_F(AssemblePassesTest, AVerbAndItsFramePrepositionMatchApart) {
  const Sentence s("Kenya fired two rockets at Uganda on Monday.");
  ASSERT_NE(s.trigger, nullptr);
  EXPECT_EQ(s.trigger->type, v1::Event::ASSAULT);
  EXPECT_EQ(s.te - s.ts, 1);  // the verb alone; the words between are free
  EXPECT_EQ(RolesOf(s).target, std::vector<std::string>{"Uganda"});
}

TEST_F(AssemblePassesTest, AVerbAndTheNounOfItsObjectMatchApart) {
  const Sentence s("Kenya dropped its long investigation into Uganda.");
  ASSERT_NE(s.trigger, nullptr);
  EXPECT_EQ(s.trigger->type, v1::Event::CONCEDE);
  EXPECT_EQ(s.te - s.ts, 1);
  // The noun in another phrase of the verb is no match.
  EXPECT_EQ(Sentence("Kenya dropped out before the charges.").trigger, nullptr);
}

TEST_F(AssemblePassesTest, AWordTaggedAsAnotherPartOfSpeechIsNoTrigger) {
  // "striking" as an adjective, "yields" as a noun.
  EXPECT_EQ(Sentence("It was a striking result for Kenya.").trigger, nullptr);
  EXPECT_EQ(Sentence("Kenyan bond yields rose on Monday.").trigger, nullptr);
}

AssemblePassesTest::ParsedRoles AssemblePassesTest::RolesOf(const Sentence& s) {
  ParsedRoles out;
  if (!s.trigger) return out;
  std::vector<const v1::Entity*> source, target;
  s.events.RolesFromParse(*s.trigger, s.frame, source, target);
  for (const v1::Entity* e : source) out.source.push_back(e->name());
  for (const v1::Entity* e : target) out.target.push_back(e->name());
  return out;
}

}  // namespace
}  // namespace eventwire::assemble
