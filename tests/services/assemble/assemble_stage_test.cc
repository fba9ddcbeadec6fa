#include "assemble_stage.h"

#include <gtest/gtest.h>

#include "event_assembler.h"
#include "tag_stage.h"

namespace eventwire::assemble {
namespace {

class AssembleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tag::TagOptions tag_options;
    tag_options.resource_dir = EW_RESOURCE_DIR;
    auto t = tag::TagStage::Create(tag_options);
    ASSERT_TRUE(t.ok()) << t.status();
    tag_ = t->release();
    AssembleOptions options;
    options.resource_dir = EW_RESOURCE_DIR;
    auto a = AssembleStage::Create(options);
    ASSERT_TRUE(a.ok()) << a.status();
    assemble_ = a->release();
  }
  static void TearDownTestSuite() {
    delete tag_;
    delete assemble_;
  }
  v1::Document Run(const std::string& text,
                   const std::string& published = "2025-02-21") {
    v1::Document doc;
    doc.set_id("a");
    doc.set_text(text);
    doc.mutable_metadata()->set_published_at(published);
    EXPECT_TRUE(tag_->Process(doc).ok());
    EXPECT_TRUE(assemble_->Process(doc).ok());
    return doc;
  }
  static std::vector<const v1::Event*> OfType(const v1::Document& doc,
                                              v1::Event::Type type) {
    std::vector<const v1::Event*> out;
    for (const auto& e : doc.events())
      if (e.type() == type) out.push_back(&e);
    return out;
  }
  static tag::TagStage* tag_;
  static AssembleStage* assemble_;
};
tag::TagStage* AssembleTest::tag_ = nullptr;
AssembleStage* AssembleTest::assemble_ = nullptr;

// Both stages say they change only what they provide, so that the
// coordinator may take only those fields back (ProcessRequest.changes_only):
// putting those fields of each stage's output into its input must give the
// output exactly.
TEST_F(AssembleTest, TagAndAssembleChangeOnlyWhatTheyProvide) {
  v1::Document doc;
  doc.set_id("changes");
  doc.set_title("Talks in Geneva");
  doc.set_raw("<p>raw bytes the stages never read</p>");
  doc.set_media_type("text/html");
  doc.set_text(
      "GENEVA (Reuters) - Russian Foreign Minister Sergei Lavrov met US "
      "Secretary of State Marco Rubio in Geneva on Tuesday, officials said. "
      "\"We will not accept any deal that ignores Ukraine,\" Lavrov told "
      "reporters. Police arrested 12 protesters outside the venue on "
      "Monday, and the European Union accused Moscow of stalling.");
  doc.mutable_metadata()->set_published_at("2025-02-19");
  doc.mutable_metadata()->set_url("https://example.org/geneva");
  (*doc.mutable_attributes())["desk"] = "world";
  auto* segment = doc.add_offset_map();
  segment->set_clean_begin(0);
  segment->set_raw_begin(3);
  segment->set_clean_length(10);
  segment->set_raw_length(10);
  for (const Stage* stage : {static_cast<const Stage*>(tag_),
                             static_cast<const Stage*>(assemble_)}) {
    const v1::StageDescription d = stage->Describe();
    EXPECT_TRUE(d.changes_only_provided()) << d.name();
    const v1::Document before = doc;
    ASSERT_TRUE(RunStage(*stage, doc).ok());
    v1::Document answer = doc;
    KeepChangeableFields(d, &answer);
    v1::Document applied = before;
    ApplyChangeableFields(d, std::move(answer), &applied);
    EXPECT_EQ(applied.SerializeAsString(), doc.SerializeAsString()) << d.name();
  }
  EXPECT_GT(doc.tokens_size(), 40);
  EXPECT_FALSE(doc.events().empty());
  EXPECT_FALSE(doc.quotes().empty());
}

TEST_F(AssembleTest, AMeetingWithSourceTargetPlaceAndDate) {
  auto doc =
      Run("German Chancellor Olaf Scholz met French President Emmanuel Macron "
          "in Paris on Thursday.");
  auto consult = OfType(doc, v1::Event::CONSULT);
  ASSERT_EQ(consult.size(), 1u);
  const v1::Event& e = *consult[0];
  ASSERT_EQ(e.source_size(), 1);
  ASSERT_EQ(e.target_size(), 1);
  EXPECT_EQ(e.source(0).name(), "Olaf Scholz");
  EXPECT_EQ(e.source(0).country(), "DEU");
  EXPECT_EQ(e.target(0).name(), "Emmanuel Macron");
  EXPECT_EQ(e.target(0).country(), "FRA");
  EXPECT_EQ(e.location().name(), "Paris");
  EXPECT_EQ(e.date(), "2025-02-20");
  EXPECT_GT(e.confidence(), 0.5f);
  EXPECT_FALSE(e.evidence_text().empty());
}

TEST_F(AssembleTest, AVisitWithoutAHostIsToThePlacesState) {
  auto doc = Run(
      "Kenyan Foreign Minister Amina Wekesa arrived in Lusaka on Tuesday for "
      "talks.");
  auto consult = OfType(doc, v1::Event::CONSULT);
  ASSERT_FALSE(consult.empty());
  ASSERT_EQ(consult[0]->target_size(), 1);
  EXPECT_EQ(consult[0]->target(0).country(), "ZMB");
  // Arriving home is no visit to one's own state.
  auto home = Run("Kenyan Foreign Minister Amina Wekesa arrived in Nairobi.");
  for (const v1::Event* e : OfType(home, v1::Event::CONSULT))
    EXPECT_EQ(e->target_size(), 0);
}

TEST_F(AssembleTest, AVerbWithAToComplementActsOnTheComplementsObject) {
  auto doc = Run(
      "Norway on Monday threatened to cut off all funding to Kenya over the "
      "dispute.");
  auto threats = OfType(doc, v1::Event::THREATEN);
  ASSERT_EQ(threats.size(), 1u);
  ASSERT_EQ(threats[0]->target_size(), 1);
  EXPECT_EQ(threats[0]->target(0).country(), "KEN");
  // The same when the lexicon's phrase stops before "to".
  auto refusal = Run("Norway refused to send more troops to Kenya.");
  auto rejects = OfType(refusal, v1::Event::REJECT);
  ASSERT_EQ(rejects.size(), 1u);
  ASSERT_EQ(rejects[0]->target_size(), 1);
  EXPECT_EQ(rejects[0]->target(0).country(), "KEN");
}

TEST_F(AssembleTest, AnAppositiveIsNotTheSubject) {
  auto doc = Run(
      "Norway, a close ally of Sweden, on Monday accused Kenya of breaking the "
      "deal.");
  auto accusations = OfType(doc, v1::Event::ACCUSE);
  ASSERT_EQ(accusations.size(), 1u);
  ASSERT_GE(accusations[0]->source_size(), 1);
  EXPECT_EQ(accusations[0]->source(0).country(), "NOR");
}

TEST_F(AssembleTest, LightVerbsGiveNounsTheirSubjectAndRecipient) {
  auto doc =
      Run("The World Bank on Monday gave Kenya 40 million dollars of aid for "
          "schools.");
  auto aid = OfType(doc, v1::Event::AID);
  ASSERT_EQ(aid.size(), 1u);
  ASSERT_GE(aid[0]->source_size(), 1);
  EXPECT_EQ(aid[0]->source(0).name(), "World Bank");
  ASSERT_EQ(aid[0]->target_size(), 1);
  EXPECT_EQ(aid[0]->target(0).country(), "KEN");
  // "the occupied West Bank": an adjective, no event.
  auto place = Run("Villagers in the occupied West Bank harvested olives.");
  EXPECT_TRUE(OfType(place, v1::Event::ASSAULT).empty());
}

TEST_F(AssembleTest, APartitiveOfLeavesTheSubjectASubject) {
  auto doc = Run("Thousands of Nigerians demonstrated in Abuja on Monday.");
  auto protests = OfType(doc, v1::Event::PROTEST);
  ASSERT_EQ(protests.size(), 1u);
  ASSERT_GE(protests[0]->source_size(), 1);
  EXPECT_EQ(protests[0]->source(0).country(), "NGA");
}

TEST_F(AssembleTest, AnOfficeOfACountryActsForTheCountry) {
  auto doc = Run(
      "The president of Chile met the foreign minister of Ghana in Accra on "
      "Monday. The prime minister of Norway accused the government of Zambia "
      "of breaking the deal.");
  // "of Ghana" is no organisation: the name is the country.
  for (const auto& m : doc.mentions())
    EXPECT_NE(m.text().rfind("of ", 0), 0u) << m.text();
  auto consult = OfType(doc, v1::Event::CONSULT);
  ASSERT_EQ(consult.size(), 1u);
  ASSERT_EQ(consult[0]->source_size(), 1);
  EXPECT_EQ(consult[0]->source(0).country(), "CHL");
  ASSERT_EQ(consult[0]->target_size(), 1);
  EXPECT_EQ(consult[0]->target(0).country(), "GHA");
  auto accusations = OfType(doc, v1::Event::ACCUSE);
  ASSERT_EQ(accusations.size(), 1u);
  ASSERT_EQ(accusations[0]->source_size(), 1);
  EXPECT_EQ(accusations[0]->source(0).country(), "NOR");
  ASSERT_EQ(accusations[0]->target_size(), 1);
  EXPECT_EQ(accusations[0]->target(0).country(), "ZMB");
}

TEST_F(AssembleTest, AGroupSubjectFurtherBackActsForThePlace) {
  auto doc =
      Run("Seven opposition parties in Kenya have organized a general strike.");
  auto protests = OfType(doc, v1::Event::PROTEST);
  ASSERT_EQ(protests.size(), 1u);
  ASSERT_GE(protests[0]->source_size(), 1);
  EXPECT_EQ(protests[0]->source(0).country(), "KEN");
}

// Event data's default: a protest aimed at no one named is aimed at the
// government of the country it happens in; a named target stands.
TEST_F(AssembleTest, AProtestAtNoOneNamedIsAimedAtTheGovernment) {
  auto doc =
      Run("Kenya is a country in Africa. Thousands of students marched in "
          "Nairobi on Monday.");
  auto protests = OfType(doc, v1::Event::PROTEST);
  ASSERT_EQ(protests.size(), 1u);
  ASSERT_EQ(protests[0]->target_size(), 1);
  EXPECT_EQ(protests[0]->target(0).canonical_key(), "group:government:KEN");
  EXPECT_EQ(protests[0]->target(0).name(), "Kenya");
  EXPECT_TRUE(protests[0]->target_inferred());
  auto named = Run("Thousands of Kenyans protested against Uganda on Monday.");
  auto against = OfType(named, v1::Event::PROTEST);
  ASSERT_EQ(against.size(), 1u);
  ASSERT_EQ(against[0]->target_size(), 1);
  EXPECT_EQ(against[0]->target(0).country(), "UGA");
  EXPECT_FALSE(against[0]->target_inferred());
}

// What someone is accused or charged with is the ground of the accusation,
// not an act the sentence reports ("accused Ukraine of starting the war").
TEST_F(AssembleTest, TheGroundOfAnAccusationIsNotAnEvent) {
  auto accused =
      Run("Kenya accused Uganda of rape and the sexual assault of two women on "
          "Monday.");
  EXPECT_EQ(OfType(accused, v1::Event::ACCUSE).size(), 1u);
  EXPECT_TRUE(OfType(accused, v1::Event::ASSAULT).empty());
  auto blamed =
      Run("Kenyans blamed Uganda for the bombing of Joseph Okello in the city "
          "of Kampala.");
  EXPECT_EQ(OfType(blamed, v1::Event::ACCUSE).size(), 1u);
  EXPECT_TRUE(OfType(blamed, v1::Event::ASSAULT).empty());
  // Told as what happened, the act stands.
  auto done = Run("Uganda bombed a bus in Kenya on Monday.");
  EXPECT_EQ(OfType(done, v1::Event::ASSAULT).size(), 1u);
}

// "A Kenyan man": an unnamed person from a place, not the place's state;
// told later of him by name, it is his act.
TEST_F(AssembleTest, APersonFromAPlaceIsAPersonOfItsCountry) {
  auto one = Run("A Kenyan man attacked a bus in Kampala on Monday.");
  auto attacks = OfType(one, v1::Event::ASSAULT);
  ASSERT_EQ(attacks.size(), 1u);
  ASSERT_EQ(attacks[0]->source_size(), 1);
  EXPECT_EQ(attacks[0]->source(0).canonical_key(), "group:man:KEN");
  EXPECT_EQ(attacks[0]->source(0).group(), "man");
  auto named =
      Run("A Nairobi man pleaded guilty on Monday to fraud. John Kamau pleaded "
          "guilty to defrauding the bank.");
  auto pleas = OfType(named, v1::Event::CONCEDE);
  ASSERT_EQ(pleas.size(), 1u);
  ASSERT_EQ(pleas[0]->source_size(), 1);
  EXPECT_EQ(pleas[0]->source(0).name(), "John Kamau");
}

// "from" a place said of a verb is whence the act came, not a party;
// "delegations from" a country are its people.
TEST_F(AssembleTest, APlaceAnActComesFromIsNoParty) {
  auto phoned = Run("Kenya's president phoned in from Nairobi on Monday.");
  EXPECT_TRUE(OfType(phoned, v1::Event::CONSULT).empty());
  // "in the", "at the" a place is where too.
  auto port = Run(
      "Kenya ordered an investigation into the fire, focusing on the work at "
      "the Mombasa port.");
  auto inquiries = OfType(port, v1::Event::ACCUSE);
  ASSERT_EQ(inquiries.size(), 1u);
  EXPECT_EQ(inquiries[0]->target_size(), 0);
  auto raids = Run("Uganda condemned the raids in the West Bank on Monday.");
  auto condemned = OfType(raids, v1::Event::ACCUSE);
  ASSERT_EQ(condemned.size(), 1u);
  EXPECT_EQ(condemned[0]->target_size(), 0);
  auto met = Run("Delegations from Kenya and Uganda met in Nairobi on Friday.");
  auto meetings = OfType(met, v1::Event::CONSULT);
  ASSERT_EQ(meetings.size(), 1u);
  EXPECT_EQ(meetings[0]->source_size() + meetings[0]->target_size(), 2);
}

// Declining to comment rejects no one (CAMEO 011); declining an offer does.
TEST_F(AssembleTest, DecliningToCommentIsNoRejection) {
  auto comment =
      Run("Kenya's foreign minister Raphael Tuju declined to address whether "
          "Uganda had broken the deal.");
  EXPECT_TRUE(OfType(comment, v1::Event::REJECT).empty());
  auto offer = Run("Kenya declined to join the talks with Uganda on Monday.");
  EXPECT_EQ(OfType(offer, v1::Event::REJECT).size(), 1u);
}

// A noun tied to no actor and with no target names an act the sentence
// does not report; a support verb ties its subject to the noun.
TEST_F(AssembleTest, ANounOnlyNearAnActorIsNoEvent) {
  auto faced = Run("Kenya faced investigations for fraud in 2015.");
  EXPECT_TRUE(OfType(faced, v1::Event::ACCUSE).empty());
  auto launched =
      Run("Kenya launched an investigation on Monday, officials said.");
  auto accusations = OfType(launched, v1::Event::ACCUSE);
  ASSERT_EQ(accusations.size(), 1u);
  ASSERT_EQ(accusations[0]->source_size(), 1);
  EXPECT_EQ(accusations[0]->source(0).country(), "KEN");
}

// A protest verb with a clause for complement or an agent shows or
// argues; intransitive, it is a protest.
TEST_F(AssembleTest, AProtestVerbThatShowsSomethingIsNoProtest) {
  auto shows = Run("Kenya said the case demonstrates that the law works.");
  EXPECT_TRUE(OfType(shows, v1::Event::PROTEST).empty());
  auto shown =
      Run("Kenya is worried about the plan, as demonstrated by its vote on "
          "Monday.");
  EXPECT_TRUE(OfType(shown, v1::Event::PROTEST).empty());
  auto protest = Run("Thousands of Kenyans demonstrated in Nairobi on Monday.");
  EXPECT_EQ(OfType(protest, v1::Event::PROTEST).size(), 1u);
}

// A speaker who calls a party or its act something bad accuses it; not a
// judgement denied, one of what would be, or a feeling.
TEST_F(AssembleTest, CallingAPartysActSomethingBadIsAnAccusation) {
  auto said = Run("Kenya said Uganda's decision was illegal and dangerous.");
  auto accusations = OfType(said, v1::Event::ACCUSE);
  ASSERT_EQ(accusations.size(), 1u);
  ASSERT_EQ(accusations[0]->source_size(), 1);
  EXPECT_EQ(accusations[0]->source(0).country(), "KEN");
  ASSERT_EQ(accusations[0]->target_size(), 1);
  EXPECT_EQ(accusations[0]->target(0).country(), "UGA");
  EXPECT_EQ(accusations[0]->trigger(), "illegal");
  auto called =
      Run("Kenya called Uganda's new border rules an abuse of power.");
  auto calls = OfType(called, v1::Event::ACCUSE);
  ASSERT_EQ(calls.size(), 1u);
  ASSERT_EQ(calls[0]->target_size(), 1);
  EXPECT_EQ(calls[0]->target(0).country(), "UGA");
  auto described = Run("Kenya described Uganda's decision as \"improper\".");
  auto descriptions = OfType(described, v1::Event::ACCUSE);
  ASSERT_EQ(descriptions.size(), 1u);
  ASSERT_GE(descriptions[0]->target_size(), 1);
  EXPECT_EQ(descriptions[0]->target(0).country(), "UGA");
  for (const char* text :
       {"Kenya said Uganda's decision was not illegal.",
        "Kenya said Uganda's decision wasn't illegal.",
        "Kenya said Uganda's decision would be illegal.",
        "Kenya said Uganda's officials were afraid of the vote.",
        "Uganda's decision was illegal, the report found."}) {
    EXPECT_TRUE(OfType(Run(text), v1::Event::ACCUSE).empty()) << text;
  }
}

// What a party is wanted to do, or what is feared or possible, has not
// happened.
TEST_F(AssembleTest, AnActWantedOrFearedIsNoEvent) {
  auto wanted = Run("Kenya wants Uganda to extradite the suspect.");
  EXPECT_TRUE(OfType(wanted, v1::Event::COOPERATE).empty());
  auto feared = Run(
      "Raila Odinga said the risk of an attack by Uganda on Kenya was high.");
  EXPECT_TRUE(OfType(feared, v1::Event::ASSAULT).empty());
  auto purpose = Run(
      "Kenyan forces launched a rescue mission to free the hostages held by "
      "Uganda.");
  EXPECT_TRUE(OfType(purpose, v1::Event::RETREAT).empty());
  auto needed = Run("Kenya said Uganda needed to extradite the suspect.");
  EXPECT_TRUE(OfType(needed, v1::Event::COOPERATE).empty());
  auto done = Run("Kenya extradited the suspect to Uganda on Monday.");
  EXPECT_EQ(OfType(done, v1::Event::COOPERATE).size(), 1u);
}

// A noun said of a subject characterises it; it reports no act.
TEST_F(AssembleTest, ANounPredicateIsNoEvent) {
  auto said =
      Run("Kenya's street battles are an existential threat to Uganda.");
  EXPECT_TRUE(OfType(said, v1::Event::THREATEN).empty());
  auto made = Run("Kenya's threat to Uganda angered the region on Monday.");
  EXPECT_EQ(OfType(made, v1::Event::THREATEN).size(), 1u);
}

// A noun that is a verb's object has the verb's modality: a ban announced
// for the future is a threat (as any coercive act announced).
TEST_F(AssembleTest, ANounObjectTakesItsVerbsModality) {
  auto would = Run(
      "Kenya said on Monday it would impose economic sanctions and a strict "
      "travel ban on Uganda.");
  EXPECT_TRUE(OfType(would, v1::Event::COERCE).empty());
  EXPECT_FALSE(OfType(would, v1::Event::THREATEN).empty());
  auto did = Run("Kenya imposed a strict travel ban on Uganda on Monday.");
  auto done = OfType(did, v1::Event::COERCE);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0]->modality(), v1::Event::ASSERTED);
}

// What a party failed or was unable to do did not happen.
TEST_F(AssembleTest, AFailedActIsNoEvent) {
  auto failed =
      Run("Kenya and Uganda failed to agree on the border on Monday.");
  EXPECT_TRUE(OfType(failed, v1::Event::AGREE).empty());
  auto agreed = Run("Kenya and Uganda agreed on the border on Monday.");
  EXPECT_EQ(OfType(agreed, v1::Event::AGREE).size(), 1u);
}

// A name right after a dated phrase ("On Thursday Zelensky accused") is the
// subject, not the preposition's object.
TEST_F(AssembleTest, ANameAfterADatePhraseIsTheSubject) {
  auto doc =
      Run("Raila Odinga spoke on Monday. On Thursday Odinga accused Uganda of "
          "lying.");
  auto accusations = OfType(doc, v1::Event::ACCUSE);
  ASSERT_EQ(accusations.size(), 1u);
  ASSERT_EQ(accusations[0]->source_size(), 1);
  EXPECT_EQ(accusations[0]->source(0).name(), "Raila Odinga");
}

TEST_F(AssembleTest, ACoerciveActAnnouncedIsAThreat) {
  auto doc = Run("French farmers said on Friday they would blockade Paris.");
  EXPECT_TRUE(OfType(doc, v1::Event::COERCE).empty());
  EXPECT_EQ(OfType(doc, v1::Event::THREATEN).size(), 1u);
  auto done = Run("French farmers blockaded Paris on Friday.");
  EXPECT_EQ(OfType(done, v1::Event::COERCE).size(), 1u);
}

TEST_F(AssembleTest, ACoerciveActOnAConditionIsAThreat) {
  auto doc =
      Run("Norway said on Monday it will withdraw its troops from Mali unless "
          "the talks resume.");
  EXPECT_EQ(OfType(doc, v1::Event::THREATEN).size(), 1u);
  EXPECT_TRUE(OfType(doc, v1::Event::RETREAT).empty());
  // Without a condition a planned act keeps its type, as future.
  auto plan =
      Run("Norway said on Monday it will withdraw its troops from Mali.");
  auto retreats = OfType(plan, v1::Event::RETREAT);
  ASSERT_EQ(retreats.size(), 1u);
  EXPECT_EQ(retreats[0]->modality(), v1::Event::FUTURE);
}

TEST_F(AssembleTest, APassiveThatNamesNoActorIsCodedWithItsTargetAlone) {
  auto doc =
      Run("Three Kenyan soldiers were killed near the border on Monday.");
  auto assaults = OfType(doc, v1::Event::ASSAULT);
  ASSERT_EQ(assaults.size(), 1u);
  EXPECT_EQ(assaults[0]->source_size(), 0);
  ASSERT_EQ(assaults[0]->target_size(), 1);
  EXPECT_EQ(assaults[0]->target(0).country(), "KEN");
  // The one acted on is not the actor too.
  auto accusation = Run("Kenya was accused on Wednesday of deceiving voters.");
  auto accused = OfType(accusation, v1::Event::ACCUSE);
  ASSERT_EQ(accused.size(), 1u);
  EXPECT_EQ(accused[0]->source_size(), 0);
  ASSERT_EQ(accused[0]->target_size(), 1);
  EXPECT_EQ(accused[0]->target(0).country(), "KEN");
  // An active verb without a subject the text names is not coded.
  auto active = Run("Killed three Kenyan soldiers.");
  EXPECT_TRUE(OfType(active, v1::Event::ASSAULT).empty());
}

// The parser may label the subject of a progressive passive; a verb in
// "-ing" is never passive, so its subject acts.
TEST_F(AssembleTest, AProgressiveVerbIsNotPassive) {
  for (const char* text : {"Kenya is balking at the terms of the loan.",
                           "Uganda is refusing the offer from Kenya."}) {
    auto doc = Run(text);
    auto rejections = OfType(doc, v1::Event::REJECT);
    ASSERT_EQ(rejections.size(), 1u) << text;
    ASSERT_EQ(rejections[0]->source_size(), 1) << text;
    EXPECT_EQ(rejections[0]->source(0).name(),
              std::string(text).substr(0, std::string(text).find(' ')))
        << text;
  }
}

// An actor before an event noun acts, as a possessive would ("Chile's
// protests").
TEST_F(AssembleTest, AnActorBeforeAnEventNounIsItsSource) {
  for (const char* text : {"Chilean protests escalated on Monday.",
                           "Chile protests escalated on Monday."}) {
    auto doc = Run(text);
    auto protests = OfType(doc, v1::Event::PROTEST);
    ASSERT_EQ(protests.size(), 1u) << text;
    ASSERT_EQ(protests[0]->source_size(), 1) << text;
    EXPECT_EQ(protests[0]->source(0).country(), "CHL") << text;
  }
}

// An act someone avoids or resists has not happened.
TEST_F(AssembleTest, AnAvoidedActIsNoEvent) {
  for (const char* text :
       {"Kenya has avoided direct criticism of Uganda for years.",
        "Kenya dodged criticism of Uganda on Monday."}) {
    auto doc = Run(text);
    EXPECT_TRUE(OfType(doc, v1::Event::ACCUSE).empty()) << text;
  }
  auto voiced = Run("Kenya has voiced direct criticism of Uganda for years.");
  EXPECT_EQ(OfType(voiced, v1::Event::ACCUSE).size(), 1u);
  // Nor one someone blocks.
  auto blocked =
      Run("Kenya is blocking the delivery of aid to Uganda, officials said.");
  EXPECT_TRUE(OfType(blocked, v1::Event::AID).empty());
  auto delivered =
      Run("Kenya completed the delivery of aid to Uganda, officials said.");
  EXPECT_EQ(OfType(delivered, v1::Event::AID).size(), 1u);
}

// What is released may be published, not set free.
TEST_F(AssembleTest, ReleasingAReportIsNoRetreat) {
  for (const char* text : {"Uganda condemned Kenya's release of the documents.",
                           "Kenya's release of the report angered Uganda."}) {
    auto doc = Run(text);
    EXPECT_TRUE(OfType(doc, v1::Event::RETREAT).empty()) << text;
  }
  auto freed = Run("Uganda welcomed Kenya's release of the Ugandan prisoners.");
  EXPECT_EQ(OfType(freed, v1::Event::RETREAT).size(), 1u);
}

// "dropped its investigation" is one act: the noun of a verb's frame is
// not an event of its own.
TEST_F(AssembleTest, TheNounOfAVerbsFrameIsNoSecondEvent) {
  auto doc = Run("Sweden dropped its investigation into Julian Assange.");
  EXPECT_EQ(OfType(doc, v1::Event::CONCEDE).size(), 1u);
  EXPECT_TRUE(OfType(doc, v1::Event::ACCUSE).empty());
}

// A group noun after a body named with its word is that body.
// "Police", "demonstrators": unnamed groups are the state they act for, as
// event data codes them, when the document names that state; the word stays.
TEST_F(AssembleTest, AGroupIsNamedByTheStateItActsFor) {
  auto doc =
      Run("Protests spread across Iran on Friday. Police arrested dozens of "
          "demonstrators in Tehran on Saturday.");
  auto arrests = OfType(doc, v1::Event::COERCE);
  ASSERT_EQ(arrests.size(), 1u);
  ASSERT_EQ(arrests[0]->source_size(), 1);
  EXPECT_EQ(arrests[0]->source(0).name(), "Iran");
  EXPECT_EQ(arrests[0]->source(0).group(), "Police");
  EXPECT_EQ(arrests[0]->source(0).canonical_key(), "group:police:IRN");
  // Its other names: the word alone and after the state's name.
  const auto& police = arrests[0]->source(0).aliases();
  EXPECT_EQ(std::vector<std::string>(police.begin(), police.end()),
            (std::vector<std::string>{"Police", "Iran Police"}));
  ASSERT_EQ(arrests[0]->target_size(), 1);
  EXPECT_EQ(arrests[0]->target(0).group(), "demonstrators");
  const auto& crowd = arrests[0]->target(0).aliases();
  EXPECT_EQ(std::vector<std::string>(crowd.begin(), crowd.end()),
            (std::vector<std::string>{"demonstrators", "Iran demonstrators"}));
  // A state the document does not name (only its city) leaves the group
  // its word.
  doc = Run("Police arrested dozens of demonstrators in Tehran on Saturday.");
  arrests = OfType(doc, v1::Event::COERCE);
  ASSERT_EQ(arrests.size(), 1u);
  ASSERT_EQ(arrests[0]->source_size(), 1);
  EXPECT_EQ(arrests[0]->source(0).name(), "Police");
  EXPECT_EQ(arrests[0]->source(0).country(), "IRN");
  EXPECT_TRUE(arrests[0]->source(0).group().empty());
  EXPECT_TRUE(arrests[0]->source(0).aliases().empty());
}

TEST_F(AssembleTest, OfficersAfterANamedPoliceForceAreThatForce) {
  auto doc =
      Run("The Columbus Police Department searched a house on Monday. Officers "
          "arrested John Smith, 32, on several charges.");
  auto arrests = OfType(doc, v1::Event::COERCE);
  ASSERT_EQ(arrests.size(), 1u);
  ASSERT_EQ(arrests[0]->source_size(), 1);
  EXPECT_EQ(arrests[0]->source(0).name(), "Columbus Police Department");
  ASSERT_EQ(arrests[0]->target_size(), 1);
  EXPECT_EQ(arrests[0]->target(0).name(), "John Smith");
  // The force named last before the officers, not one named after them.
  doc = Run(
      "The Columbus Police Department searched a house on Monday. The Dayton "
      "Police Department helped. Officers arrested John Smith, 32. The "
      "Toledo Police Department was not involved.");
  arrests = OfType(doc, v1::Event::COERCE);
  ASSERT_EQ(arrests.size(), 1u);
  ASSERT_EQ(arrests[0]->source_size(), 1);
  EXPECT_EQ(arrests[0]->source(0).name(), "Dayton Police Department");
}

// Protesters no text names are the people of the place they protest in.
TEST_F(AssembleTest, AProtestWithoutNamedProtestersIsByThePlacesPeople) {
  for (const char* text : {"Protests in Chile escalated on Monday.",
                           "Thousands of students marched in Chile."}) {
    auto doc = Run(text);
    auto protests = OfType(doc, v1::Event::PROTEST);
    ASSERT_EQ(protests.size(), 1u) << text;
    ASSERT_EQ(protests[0]->source_size(), 1) << text;
    EXPECT_EQ(protests[0]->source(0).country(), "CHL") << text;
  }
  // Named protesters stay.
  auto named = Run("Chilean students marched in Argentina on Monday.");
  auto protests = OfType(named, v1::Event::PROTEST);
  ASSERT_EQ(protests.size(), 1u);
  ASSERT_EQ(protests[0]->source_size(), 1);
  EXPECT_EQ(protests[0]->source(0).country(), "CHL");
}

// Wanting another party to act is asking it to.
TEST_F(AssembleTest, WantingAnotherPartyToActIsARequest) {
  auto doc = Run("Kenya wants Uganda to withdraw its troops from the border.");
  auto requests = OfType(doc, v1::Event::REQUEST);
  ASSERT_EQ(requests.size(), 1u);
  ASSERT_EQ(requests[0]->source_size(), 1);
  EXPECT_EQ(requests[0]->source(0).country(), "KEN");
  ASSERT_EQ(requests[0]->target_size(), 1);
  EXPECT_EQ(requests[0]->target(0).country(), "UGA");
  for (const char* text :
       {"Kenya does not want Uganda to withdraw its troops.",
        "Kenya wants a deal with Uganda.", "Kenya wants to meet Uganda."}) {
    EXPECT_TRUE(OfType(Run(text), v1::Event::REQUEST).empty()) << text;
  }
}

TEST_F(AssembleTest, PlainVerbsOfTheirCategories) {
  const std::vector<std::pair<std::string, v1::Event::Type>> cases = {
      {"Kenya begged Uganda to reopen the border.", v1::Event::REQUEST},
      {"Ugandan soldiers beat up Kenyan detainees.", v1::Event::ASSAULT},
      {"Kenya assailed Uganda over the border closure.", v1::Event::ACCUSE},
      {"Ugandan soldiers stabbed two Kenyan traders.", v1::Event::ASSAULT},
      {"Ugandan police laid siege to a Kenyan school.", v1::Event::COERCE}};
  for (const auto& [text, type] : cases) {
    EXPECT_EQ(OfType(Run(text), type).size(), 1u) << text;
  }
}

// A relative clause in the simple present tells what someone does as a
// habit or a role; one in the past tells an act.
TEST_F(AssembleTest, AHabitToldInARelativeClauseIsNoEvent) {
  EXPECT_TRUE(OfType(Run("Jane Doe, who consults with Ugandan officials, said "
                         "the talks were useful."),
                     v1::Event::CONSULT)
                  .empty());
  EXPECT_EQ(OfType(Run("Jane Doe, who met Ugandan officials on Monday, said "
                       "the talks were useful."),
                   v1::Event::CONSULT)
                .size(),
            1u);
}

// Support is given to a party or a course; endorsing a fact is an opinion.
TEST_F(AssembleTest, RecognizingAFactIsNoSupport) {
  EXPECT_TRUE(OfType(Run("Kenya and Uganda recognize that making such "
                         "concessions for a small trade deal would be a "
                         "mistake."),
                     v1::Event::SUPPORT)
                  .empty());
  EXPECT_EQ(OfType(Run("Kenya recognized Uganda's new government on Monday."),
                   v1::Event::SUPPORT)
                .size(),
            1u);
}

// "Suggest" proposes with a bare clause or a noun, and states a fact with
// a finite clause.
TEST_F(AssembleTest, SuggestingAFactIsNoProposal) {
  // Also when the parser hangs the finite clause on another word.
  for (const char* text :
       {"Kenya suggested that Uganda was behind the attack.",
        "Kenya suggested the most likely reason Ugandan residents are "
        "refusing to leave the camp is fear.",
        "Uganda was shaken by theories suggesting Kenya had been involved."}) {
    EXPECT_TRUE(OfType(Run(text), v1::Event::AGREE).empty()) << text;
  }
  for (const char* text :
       {"Kenya suggested that Uganda resume talks with Sudan.",
        "Kenya suggested talks with Uganda."}) {
    auto doc = Run(text);
    auto proposals = OfType(doc, v1::Event::AGREE);
    ASSERT_EQ(proposals.size(), 1u) << text;
    ASSERT_EQ(proposals[0]->source_size(), 1) << text;
    EXPECT_EQ(proposals[0]->source(0).country(), "KEN") << text;
  }
}

// A promise of action against someone threatens it; other promises agree.
TEST_F(AssembleTest, APromiseOfActionAgainstAPartyIsAThreat) {
  auto doc = Run("Kenya vowed to take tough action against Uganda.");
  auto threats = OfType(doc, v1::Event::THREATEN);
  ASSERT_EQ(threats.size(), 1u);
  ASSERT_EQ(threats[0]->source_size(), 1);
  EXPECT_EQ(threats[0]->source(0).country(), "KEN");
  ASSERT_EQ(threats[0]->target_size(), 1);
  EXPECT_EQ(threats[0]->target(0).country(), "UGA");
  EXPECT_TRUE(OfType(doc, v1::Event::AGREE).empty());
  // CAMEO codes a warning to a party as a threat (130).
  auto warning = Run("Kenya warned Uganda against sending troops.");
  auto warned = OfType(warning, v1::Event::THREATEN);
  ASSERT_EQ(warned.size(), 1u);
  ASSERT_EQ(warned[0]->target_size(), 1);
  EXPECT_EQ(warned[0]->target(0).country(), "UGA");
  auto conditional =
      Run("Kenya warned that it would close the border if Uganda sent "
          "troops.");
  EXPECT_EQ(OfType(conditional, v1::Event::THREATEN).size(), 1u);
  // A warning of what may come, to no one, is a forecast.
  auto forecast = Run("The Kenyan treasury warned that the deficit was large.");
  EXPECT_TRUE(OfType(forecast, v1::Event::THREATEN).empty());
  auto promise = Run("Kenya pledged to send food aid to Uganda.");
  EXPECT_TRUE(OfType(promise, v1::Event::THREATEN).empty());
  EXPECT_EQ(OfType(promise, v1::Event::AGREE).size(), 1u);
}

// Inside a quotation the speaker acts for "we", not for whoever else the
// quoted sentence names.
TEST_F(AssembleTest, AQuotedActOfSomeoneElseIsNotTheSpeakers) {
  auto others =
      Run("\"Unknown gunmen attacked the village near the border,\" the Kenyan "
          "foreign minister said.");
  for (const v1::Event* e : OfType(others, v1::Event::ASSAULT)) {
    for (const auto& s : e->source()) EXPECT_NE(s.country(), "KEN");
  }
  auto own =
      Run("\"We attacked the rebel camp near the border,\" the Kenyan army "
          "said.");
  auto attacks = OfType(own, v1::Event::ASSAULT);
  ASSERT_EQ(attacks.size(), 1u);
  ASSERT_EQ(attacks[0]->source_size(), 1);
  EXPECT_EQ(attacks[0]->source(0).country(), "KEN");
}

// Inside a quotation an act done to no one named is rhetoric, not news; an
// act done to someone named is reported.
TEST_F(AssembleTest, AQuotedActWithoutATargetIsNoEvent) {
  auto rhetoric = Run(
      "\"This is another example of the regime's practice, with Russian "
      "support, of starving its own people,\" Kenyan President William Ruto "
      "said. Kenya said the settlements \"are illegal and threaten a "
      "two-state solution\".");
  EXPECT_TRUE(OfType(rhetoric, v1::Event::SUPPORT).empty());
  EXPECT_TRUE(OfType(rhetoric, v1::Event::THREATEN).empty());
  auto reported =
      Run("\"Uganda threatened Kenya with sanctions,\" the Kenyan foreign "
          "minister said.");
  EXPECT_EQ(OfType(reported, v1::Event::THREATEN).size(), 1u);
}

// "the party's" stands for the party the story names most: a target of
// the act on its possessor; none when no party was named.
TEST_F(AssembleTest, TheDefiniteBodyIsTheOneTheStoryNamesMost) {
  auto doc = Run(
      "The Green Party won two seats in Kenya on Sunday. The Green Party had "
      "campaigned on water prices. The Liberal Party lost one seat. Jane Doe "
      "defended the party's campaign on Monday.");
  const auto support = OfType(doc, v1::Event::SUPPORT);
  ASSERT_EQ(support.size(), 1u);
  ASSERT_EQ(support[0]->target_size(), 1);
  EXPECT_EQ(support[0]->target(0).name(), "Green Party");
  auto unnamed = Run("Jane Doe defended the party's campaign on Monday.");
  for (const v1::Event* e : OfType(unnamed, v1::Event::SUPPORT))
    EXPECT_EQ(e->target_size(), 0);
}

// Yielding is a concession only to someone or something ("yielded to the
// demands"); a bond that yields a rate concedes nothing.
TEST_F(AssembleTest, YieldConcedesOnlyToSomething) {
  auto conceded = Run("Serbia yielded to NATO's demands on Monday.");
  ASSERT_EQ(OfType(conceded, v1::Event::CONCEDE).size(), 1u);
  EXPECT_EQ(OfType(conceded, v1::Event::CONCEDE)[0]->source(0).country(),
            "SRB");
  auto rate = Run(
      "Bonds issued by Serbia rose to yield 1.786% on Monday, Reuters said.");
  EXPECT_TRUE(OfType(rate, v1::Event::CONCEDE).empty());
}

// Who reports an act named by a noun is not its actor; a speaker's own
// demand is the speaker's.
TEST_F(AssembleTest, TheReporterOfANominalActIsNotItsActor) {
  auto reported = Run(
      "Kenya's foreign minister said the release of the hostages gave hope.");
  for (const v1::Event* e : OfType(reported, v1::Event::RETREAT)) {
    for (const auto& s : e->source()) EXPECT_NE(s.country(), "KEN");
  }
  auto own =
      Run("Kenya reiterated its demand that Uganda withdraw its troops.");
  auto demands = OfType(own, v1::Event::REQUEST);
  ASSERT_EQ(demands.size(), 1u);
  ASSERT_EQ(demands[0]->source_size(), 1);
  EXPECT_EQ(demands[0]->source(0).country(), "KEN");
}

TEST_F(AssembleTest, ANounThatOnlyModifiesOrFramesAnotherActIsNoEvent) {
  // A modifier: the bill is not an extradition.
  auto bill = Run("Kenya passed the extradition bill on Monday.");
  EXPECT_TRUE(OfType(bill, v1::Event::COOPERATE).empty());
  // A circumstance without parties of its own.
  auto circumstance =
      Run("Kenya questioned the minister on Monday in an investigation.");
  EXPECT_TRUE(OfType(circumstance, v1::Event::ACCUSE).empty());
  // With its parties it is one.
  auto invasion = Run("Kenya protested against Uganda's invasion of Rwanda.");
  EXPECT_EQ(OfType(invasion, v1::Event::ASSAULT).size(), 1u);
}

TEST_F(AssembleTest, ASpeakersMustOnAnotherPartyIsADemand) {
  auto reported =
      Run("Kenya said on Tuesday that Uganda must withdraw its "
          "troops from the border.");
  auto demands = OfType(reported, v1::Event::REQUEST);
  ASSERT_EQ(demands.size(), 1u);
  ASSERT_EQ(demands[0]->source_size(), 1);
  EXPECT_EQ(demands[0]->source(0).country(), "KEN");
  ASSERT_EQ(demands[0]->target_size(), 1);
  EXPECT_EQ(demands[0]->target(0).country(), "UGA");
  // One's own side is no demand.
  auto own = Run("Kenya said on Tuesday that we must stay calm.");
  EXPECT_TRUE(OfType(own, v1::Event::REQUEST).empty());
}

TEST_F(AssembleTest, AMeetingWithoutACounterpartOrAidWithoutARecipientIsNone) {
  auto alone = Run("Kenya consulted widely on Monday and donated generously.");
  EXPECT_TRUE(OfType(alone, v1::Event::CONSULT).empty());
  EXPECT_TRUE(OfType(alone, v1::Event::AID).empty());
  auto with =
      Run("Kenya consulted Uganda on Monday and donated food to "
          "Rwanda.");
  EXPECT_EQ(OfType(with, v1::Event::CONSULT).size(), 1u);
  EXPECT_EQ(OfType(with, v1::Event::AID).size(), 1u);
}

TEST_F(AssembleTest, AParentheticalDoesNotEndTheClause) {
  auto doc =
      Run("The African Union (AU) summit on Monday agreed to send observers to "
          "Kenya.");
  auto agree = OfType(doc, v1::Event::AGREE);
  ASSERT_EQ(agree.size(), 1u);
  ASSERT_GE(agree[0]->source_size(), 1);
  EXPECT_EQ(agree[0]->source(0).country(), "IGO");
}

TEST_F(AssembleTest, AnInfinitiveOfPurposeIsPartOfItsEvent) {
  auto doc = Run(
      "Thousands of Kenyans demonstrated in Nairobi on Monday to demand new "
      "elections.");
  EXPECT_EQ(OfType(doc, v1::Event::PROTEST).size(), 1u);
  EXPECT_TRUE(OfType(doc, v1::Event::REQUEST).empty());
}

TEST_F(AssembleTest, ANounAfterFollowingOrInRetaliationForIsBackground) {
  auto doc =
      Run("Kenya closed its border with Somalia following the attack on a "
          "market in Mandera.");
  EXPECT_TRUE(OfType(doc, v1::Event::ASSAULT).empty());
  auto told = Run("Gunmen carried out an attack on a market in Mandera.");
  EXPECT_EQ(OfType(told, v1::Event::ASSAULT).size(), 1u);
  // An act aimed at is no act that happened.
  auto aim = Run("Norway urged Kenya to stop the shelling of Mandera.");
  EXPECT_TRUE(OfType(aim, v1::Event::ASSAULT).empty());
}

TEST_F(AssembleTest, AdmittingAFactIsAStatementNotAConcession) {
  auto said = Run("Norway admitted that the talks with Kenya had stalled.");
  EXPECT_TRUE(OfType(said, v1::Event::CONCEDE).empty());
  auto without_that =
      Run("Norway admitted it had a secret programme in Kenya.");
  EXPECT_TRUE(OfType(without_that, v1::Event::CONCEDE).empty());
  auto yielded = Run("Norway admitted responsibility for the spill in Kenya.");
  EXPECT_EQ(OfType(yielded, v1::Event::CONCEDE).size(), 1u);
}

TEST_F(AssembleTest, NounTriggersTakePossessiveSourcesAndOfTargets) {
  auto doc =
      Run("Relations froze after Russia's invasion of Ukraine on 24 February "
          "2022.");
  auto assault = OfType(doc, v1::Event::ASSAULT);
  ASSERT_EQ(assault.size(), 1u);
  EXPECT_EQ(assault[0]->source(0).country(), "RUS");
  EXPECT_EQ(assault[0]->target(0).country(), "UKR");
  EXPECT_EQ(assault[0]->date(), "2022-02-24");
}

// "was convicted and sentenced": the second verb shares the passive.
TEST_F(AssembleTest, AVerbJoinedToAPassiveSharesItsVoice) {
  auto doc =
      Run("Michael Webb was convicted and sentenced to life in prison on "
          "Thursday.");
  auto sentences = OfType(doc, v1::Event::COERCE);
  ASSERT_EQ(sentences.size(), 1u);
  EXPECT_EQ(sentences[0]->source_size(), 0);
  ASSERT_EQ(sentences[0]->target_size(), 1);
  EXPECT_EQ(sentences[0]->target(0).name(), "Michael Webb");
}

TEST_F(AssembleTest, AnUndatedEventHappensAtTheStorysTime) {
  // Friday 2025-02-21: "on Monday" is 2025-02-17.
  auto doc =
      Run("Kenya arrested two Ugandan journalists. Uganda sanctioned Kenya on "
          "Monday. Kenya then expelled Ugandan diplomats.");
  auto arrest = OfType(doc, v1::Event::COERCE);
  auto sanction = OfType(doc, v1::Event::SANCTION);
  ASSERT_FALSE(arrest.empty());
  ASSERT_EQ(sanction.size(), 2u);
  EXPECT_EQ(sanction[0]->date(), "2025-02-17");
  EXPECT_FALSE(sanction[0]->date_inferred());
  // Before any date the article's main day; after one, the last day stated.
  EXPECT_EQ(arrest[0]->date(), "2025-02-17");
  EXPECT_TRUE(arrest[0]->date_inferred());
  EXPECT_EQ(sanction[1]->date(), "2025-02-17");
  EXPECT_TRUE(sanction[1]->date_inferred());
}

// An act told of unnamed groups and again of named parties is one event.
TEST_F(AssembleTest, AnActOfUnnamedGroupsFoldsIntoTheNamedOne) {
  auto doc = Run(
      "Two police officers were charged on Monday with taking bribes. John "
      "Kamau and Peter Otieno were charged with bribery in a Nairobi court.");
  auto charges = OfType(doc, v1::Event::COERCE);
  ASSERT_EQ(charges.size(), 1u);
  ASSERT_EQ(charges[0]->target_size(), 2);
  EXPECT_EQ(charges[0]->target(0).name(), "John Kamau");
  EXPECT_EQ(charges[0]->evidence_spans_size(), 2);
  EXPECT_EQ(charges[0]->date(), "2025-02-17");
}

TEST(DateFromNarrative, CarriesTheLastDayAndStartsFromTheMainDay) {
  std::vector<v1::Event> events(8);
  events[1].set_date("2025-02-17");
  events[2].set_date("2010");  // background: a year does not carry
  events[4].set_date("2025-02-19");
  events[5].set_date("2025-02-19");
  // Background too: a day weeks before publication.
  events[6].set_date("2024-12-25");
  DateFromNarrative(events, "2025-02-21T09:00:00Z");
  const std::vector<std::pair<std::string, bool>> expected = {
      {"2025-02-19", true},  {"2025-02-17", false}, {"2010", false},
      {"2025-02-17", true},  {"2025-02-19", false}, {"2025-02-19", false},
      {"2024-12-25", false}, {"2025-02-19", true}};
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].date(), expected[i].first) << i;
    EXPECT_EQ(events[i].date_inferred(), expected[i].second) << i;
  }
  // Without a publication date every stated day is the story's.
  std::vector<v1::Event> unpublished(2);
  unpublished[0].set_date("2024-12-25");
  DateFromNarrative(unpublished, "");
  EXPECT_EQ(unpublished[1].date(), "2024-12-25");
  std::vector<v1::Event> undated(2);
  DateFromNarrative(undated, "2025-02-21");
  EXPECT_TRUE(undated[0].date().empty());
  EXPECT_FALSE(undated[1].date_inferred());
}

// When no event is dated in the story's week, the first day of that week
// the text states is the story's time; a day weeks before is background.
TEST_F(AssembleTest, AnUndatedStoryTakesTheFirstDayItsTextStates) {
  auto doc = Run(
      "Kenyan police arrested opposition leader Raila Odinga. The arrest was "
      "confirmed on Tuesday after talks on January 3 failed.",
      "2025-02-21");
  auto arrest = OfType(doc, v1::Event::COERCE);
  ASSERT_EQ(arrest.size(), 1u);
  EXPECT_EQ(arrest[0]->date(), "2025-02-18");
  EXPECT_TRUE(arrest[0]->date_inferred());
  auto old =
      Run("Kenyan police arrested opposition leader Raila Odinga. The talks of "
          "January 3 had failed.",
          "2025-02-21");
  arrest = OfType(old, v1::Event::COERCE);
  ASSERT_EQ(arrest.size(), 1u);
  EXPECT_TRUE(arrest[0]->date().empty());
}

// An article recalls a dated past event: it is still an event, marked as
// history; the news of the day is not.
TEST_F(AssembleTest, AnEventRecalledFromThePastIsBackground) {
  auto doc =
      Run("Russian forces shelled Kharkiv on Monday. Russia invaded Ukraine on "
          "24 February 2022.",
          "2025-02-21");
  auto attacks = OfType(doc, v1::Event::ASSAULT);
  ASSERT_EQ(attacks.size(), 2u);
  EXPECT_EQ(attacks[0]->date(), "2025-02-17");
  EXPECT_FALSE(attacks[0]->background());
  EXPECT_EQ(attacks[1]->date(), "2022-02-24");
  EXPECT_TRUE(attacks[1]->background());
}

TEST(MarkBackground, MoreThanAWeekBeforePublicationCountingToAPeriodsEnd) {
  std::vector<v1::Event> events(7);
  events[0].set_date("2025-02-14");  // a week before: still the story's
  events[1].set_date("2025-02-13");
  events[2].set_date("2025-01");  // ends 2025-01-31
  events[3].set_date("2025-02");  // ends 2025-02-28
  events[4].set_date("2024");
  events[5].set_date("2025-01-02");
  events[5].set_date_inferred(true);  // a guess is not marked
  MarkBackground(events, "2025-02-21T08:00:00Z");
  const std::vector<bool> expected = {false, true,  true, false,
                                      true,  false, false};
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].background(), expected[i]) << i;
  }
  std::vector<v1::Event> unpublished(1);
  unpublished[0].set_date("2010");
  MarkBackground(unpublished, "");
  EXPECT_FALSE(unpublished[0].background());
}

TEST(PlaceFromNarrative, CarriesThePlaceToEventsOfItsCountry) {
  const auto actor = [](const std::string& id, const std::string& name,
                        const std::string& country) {
    v1::Actor a;
    a.set_entity_id(id);
    a.set_name(name);
    a.set_country(country);
    return a;
  };
  std::vector<v1::Event> events(4);
  *events[0].add_source() = actor("e1", "Kenya", "KEN");
  *events[1].add_source() = actor("e1", "Kenya", "KEN");
  *events[1].mutable_location() = actor("e2", "Mombasa", "KEN");
  *events[2].add_source() = actor("e3", "Uganda", "UGA");
  *events[3].add_source() = actor("e4", "Jane Doe", "KEN");
  PlaceFromNarrative(events, actor("e5", "Nairobi", "KEN"));
  // Before any place, the one the article names most.
  EXPECT_EQ(events[0].location().name(), "Nairobi");
  EXPECT_TRUE(events[0].location_inferred());
  EXPECT_FALSE(events[1].location_inferred());
  // Not a place in no party's country.
  EXPECT_FALSE(events[2].has_location());
  // After one, the last place given.
  EXPECT_EQ(events[3].location().name(), "Mombasa");
  EXPECT_TRUE(events[3].location_inferred());
  // A place that is a party places an act within its own country; between
  // countries it is one side, not where the act happened.
  std::vector<v1::Event> party(2);
  *party[0].add_source() = actor("e5", "Nairobi", "KEN");
  *party[1].add_source() = actor("e5", "Nairobi", "KEN");
  *party[1].add_target() = actor("e3", "Uganda", "UGA");
  PlaceFromNarrative(party, actor("e5", "Nairobi", "KEN"));
  EXPECT_EQ(party[0].location().name(), "Nairobi");
  EXPECT_FALSE(party[1].has_location());
  // A statement is placed only by its own sentence.
  std::vector<v1::Event> said(2);
  said[0].set_type(v1::Event::ACCUSE);
  said[1].set_type(v1::Event::ASSAULT);
  for (v1::Event& e : said) *e.add_source() = actor("e1", "Kenya", "KEN");
  PlaceFromNarrative(said, actor("e5", "Nairobi", "KEN"));
  EXPECT_FALSE(said[0].has_location());
  EXPECT_EQ(said[1].location().name(), "Nairobi");
}

TEST_F(AssembleTest, NegatedAndHypotheticalActionsAreNotEvents) {
  auto doc =
      Run("Iran did not attack Israel. If Turkey invades Syria, the talks will "
          "collapse.");
  EXPECT_TRUE(OfType(doc, v1::Event::ASSAULT).empty());
  // The positive control: the same act asserted is an event.
  auto asserted = Run("Iran attacked Israel. Turkey invaded Syria.");
  EXPECT_EQ(OfType(asserted, v1::Event::ASSAULT).size(), 2u);
  // What is likely, unlikely or may happen has not happened; the month
  // May is no "may".
  auto likely =
      Run("Iran may attack Israel. Turkey is unlikely to invade Syria. "
          "Egypt is likely to attack Libya.");
  EXPECT_TRUE(OfType(likely, v1::Event::ASSAULT).empty());
  auto month = Run("In May, Iran attacked Israel.");
  EXPECT_EQ(OfType(month, v1::Event::ASSAULT).size(), 1u);
}

TEST_F(AssembleTest, OneEventOncePerDocument) {
  auto doc =
      Run("Kenya accused Uganda of violating the border on Monday. "
          "The Kenyan government accused Uganda again in a statement.");
  EXPECT_EQ(OfType(doc, v1::Event::ACCUSE).size(), 1u);
  EXPECT_EQ(OfType(doc, v1::Event::ACCUSE)[0]->evidence_spans_size(), 2);
}

TEST_F(AssembleTest, GroupsActForTheStateOfThePlace) {
  auto doc = Run("Police arrested 12 demonstrators in Nairobi on Monday.");
  auto coerce = OfType(doc, v1::Event::COERCE);
  ASSERT_EQ(coerce.size(), 1u);
  ASSERT_EQ(coerce[0]->source_size(), 1);
  EXPECT_EQ(coerce[0]->source(0).name(), "Police");
  EXPECT_EQ(coerce[0]->source(0).country(), "KEN");
  ASSERT_EQ(coerce[0]->target_size(), 1);
  EXPECT_EQ(coerce[0]->target(0).country(), "KEN");
}

TEST_F(AssembleTest, QuotesWithSpeakersAcrossForms) {
  auto doc =
      Run("\"We will not accept these terms under any circumstances,\" Prime "
          "Minister Jane Doe said. "
          "Her spokesman John Roe added: \xE2\x80\x9CThe door to talks remains "
          "open for now.\xE2\x80\x9D "
          "\xE2\x80\x9CWe expect an answer by Friday at the "
          "latest,\xE2\x80\x9D he told reporters.");
  ASSERT_EQ(doc.quotes_size(), 3);
  EXPECT_EQ(doc.quotes(0).speaker().name(), "Jane Doe");
  // The comma before the closing mark is the reporting sentence's.
  EXPECT_EQ(doc.quotes(0).text(),
            "We will not accept these terms under any circumstances");
  EXPECT_EQ(doc.text().substr(
                doc.quotes(0).span().begin(),
                doc.quotes(0).span().end() - doc.quotes(0).span().begin()),
            doc.quotes(0).text());
  EXPECT_EQ(doc.quotes(1).speaker().name(), "John Roe");
  EXPECT_EQ(doc.quotes(2).speaker().name(), "John Roe");
}

TEST_F(AssembleTest, AQuotationRunOnOverParagraphsIsKeptPerParagraph) {
  // News prints one quotation over paragraphs: each opens with a mark, only
  // the last one closes.
  auto doc =
      Run("Mayor Jane Doe said: \xE2\x80\x9CThe bridge will reopen next month "
          "after the repairs.\n\n\xE2\x80\x9CWe owe the city nothing less than "
          "a safe crossing.\xE2\x80\x9D\n\nTraffic was heavy on Monday.");
  ASSERT_EQ(doc.quotes_size(), 2);
  EXPECT_EQ(doc.quotes(0).text(),
            "The bridge will reopen next month after the repairs.");
  EXPECT_EQ(doc.quotes(0).speaker().name(), "Jane Doe");
  EXPECT_EQ(doc.quotes(1).speaker().name(), "Jane Doe");
}

TEST_F(AssembleTest, TheSpeakerIsTheSpeechVerbsSubjectNotANameInItsTitle) {
  auto doc = Run(
      "\xE2\x80\x9CThe guards failed in their duty to the inmates,"
      "\xE2\x80\x9D John Roe, the U.S. attorney for the Southern District of "
      "New York, said on Tuesday.");
  ASSERT_EQ(doc.quotes_size(), 1);
  EXPECT_EQ(doc.quotes(0).speaker().name(), "John Roe");
}

TEST_F(AssembleTest, TwoSingleMarksCloseAQuotationAndTestimonyIsSpeech) {
  auto doc = Run(
      "\xE2\x80\x9CIt was an attempt to mislead the voters,"
      "\xE2\x80\x99\xE2\x80\x99 John Roe told the BBC. "
      "\xE2\x80\x9CI heard the minister ask for the files,\xE2\x80\x9D Jane "
      "Doe testified.");
  ASSERT_EQ(doc.quotes_size(), 2);
  EXPECT_EQ(doc.quotes(0).text(), "It was an attempt to mislead the voters");
  EXPECT_EQ(doc.quotes(0).speaker().name(), "John Roe");
  EXPECT_EQ(doc.quotes(1).speaker().name(), "Jane Doe");
}

// A person named after a preposition between two quotations is talked
// about; the second quotation still continues the first speaker's words.
TEST_F(AssembleTest, AQuotationContinuesPastAPersonTalkedAbout) {
  auto doc =
      Run("\"Strong relations are good for the entire world,\" Jane Doe wrote "
          "after a meeting with Keith Kellogg. \"It is important for us that "
          "this strength is felt.\"");
  ASSERT_EQ(doc.quotes_size(), 2);
  EXPECT_EQ(doc.quotes(1).speaker().name(), "Jane Doe");
  // One who acts between them is not talked about: no speaker.
  auto other =
      Run("\"Strong relations are good for the entire world,\" Jane Doe wrote. "
          "Keith Kellogg left the room. \"It is important for us that this "
          "strength is felt.\"");
  EXPECT_EQ(other.quotes_size(), 1);
}

// A quotation right after a sentence reporting someone's words is that
// someone's; not when it has a speech verb of its own with an unnamed
// speaker.
TEST_F(AssembleTest, AQuotationAfterReportedWordsIsTheReportersSpeakers) {
  auto doc =
      Run("Jane Doe told reporters they were worried about the plan.\n\n"
          "\"We are open to alternatives if someone has something better.\"");
  ASSERT_EQ(doc.quotes_size(), 1);
  EXPECT_EQ(doc.quotes(0).speaker().name(), "Jane Doe");
  EXPECT_EQ(doc.quotes(0).cue(), "report");
  auto own =
      Run("Jane Doe told reporters they were worried about the plan.\n\n"
          "\"We are open to alternatives if someone has something better,\" a "
          "doctor said.");
  EXPECT_EQ(own.quotes_size(), 0);
}

// "“...,” NAME, a long description, told OUTLET": the person named
// between the quotation and the verb speaks, not the outlet told.
TEST_F(AssembleTest, TheSpeakerIsNamedBeforeALongDescription) {
  auto doc = Run(
      "\xE2\x80\x9CIt was an attempt to mislead the voters,\xE2\x80\x9D John "
      "Roe, chief executive of the London-based fact-checking website Full "
      "Fact, told the BBC.");
  ASSERT_EQ(doc.quotes_size(), 1);
  EXPECT_EQ(doc.quotes(0).speaker().name(), "John Roe");
}

// "it" after a body or a country is that body speaking, as "he" is the
// person named before; never a person.
TEST_F(AssembleTest, ItSpeaksForTheBodyNamedBefore) {
  auto doc = Run(
      "The World Health Organization issued a warning on Monday. \"The risk "
      "to travellers remains very low at present,\" it said.");
  ASSERT_EQ(doc.quotes_size(), 1);
  EXPECT_EQ(doc.quotes(0).speaker().name(), "World Health Organization");
  auto person = Run(
      "Jane Doe issued a warning on Monday. \"The risk to travellers remains "
      "very low at present,\" it said.");
  EXPECT_EQ(person.quotes_size(), 0);
}

TEST_F(AssembleTest, ShortQuotesAndUnattributedOnesAreLeftOut) {
  auto doc =
      Run("The plan was called \"very bad\" in the report. \"Nobody knows what "
          "happens next here.\"");
  EXPECT_EQ(doc.quotes_size(), 0);
}

}  // namespace
}  // namespace eventwire::assemble
