#include "eventwire/event_match.h"

#include <gtest/gtest.h>

namespace eventwire {
namespace {

v1::Actor A(const std::string& key, const std::string& country) {
  v1::Actor a;
  a.set_canonical_key(key);
  a.set_country(country);
  a.set_name(key);
  return a;
}

v1::Event E(v1::Event::Type type, std::vector<v1::Actor> src,
            std::vector<v1::Actor> tgt, const std::string& date) {
  v1::Event e;
  e.set_type(type);
  for (auto& a : src) *e.add_source() = a;
  for (auto& a : tgt) *e.add_target() = a;
  e.set_date(date);
  return e;
}

TEST(DatesCompatible, ByPrecision) {
  EXPECT_TRUE(DatesCompatible("2025-02-18", "2025-02-18", 0));
  EXPECT_TRUE(DatesCompatible("2025-02-18", "2025-02-19", 1));
  EXPECT_FALSE(DatesCompatible("2025-02-18", "2025-02-21", 1));
  EXPECT_TRUE(DatesCompatible("2025-02", "2025-02-21", 1));
  EXPECT_FALSE(DatesCompatible("2025-03", "2025-02-21", 1));
  EXPECT_TRUE(DatesCompatible("", "2025-02-21", 1));
  EXPECT_FALSE(DatesCompatible("2024", "2025-02-21", 1));
}

TEST(EventMatch, AMeetingByPeopleAndByTheirCountriesIsOne) {
  auto people = E(v1::Event::CONSULT, {A("person:rubio", "USA")},
                  {A("person:lavrov", "RUS")}, "2025-02-18");
  auto states = E(v1::Event::CONSULT, {A("gpe:RUS", "RUS")},
                  {A("gpe:USA", "USA")}, "2025-02-18");
  EXPECT_GT(EventMatchScore(people, states, {}), 0);
}

TEST(EventMatch, DifferentPartiesTypesOrDatesAreDifferentEvents) {
  auto a = E(v1::Event::CONSULT, {A("person:rubio", "USA")},
             {A("gpe:RUS", "RUS")}, "2025-02-18");
  auto other_party = E(v1::Event::CONSULT, {A("person:rubio", "USA")},
                       {A("gpe:UKR", "UKR")}, "2025-02-18");
  auto other_type = E(v1::Event::ACCUSE, {A("person:rubio", "USA")},
                      {A("gpe:RUS", "RUS")}, "2025-02-18");
  auto other_day = E(v1::Event::CONSULT, {A("person:rubio", "USA")},
                     {A("gpe:RUS", "RUS")}, "2025-03-18");
  EXPECT_EQ(EventMatchScore(a, other_party, {}), 0);
  EXPECT_EQ(EventMatchScore(a, other_type, {}), 0);
  EXPECT_EQ(EventMatchScore(a, other_day, {}), 0);
}

TEST(EventMatch, DirectedEventsDoNotSwapRoles) {
  auto a = E(v1::Event::ACCUSE, {A("gpe:USA", "USA")}, {A("gpe:UKR", "UKR")},
             "2025-02-18");
  auto b = E(v1::Event::ACCUSE, {A("gpe:UKR", "UKR")}, {A("gpe:USA", "USA")},
             "2025-02-18");
  EXPECT_EQ(EventMatchScore(a, b, {}), 0);
  auto c = E(v1::Event::CONSULT, {A("gpe:UKR", "UKR")}, {A("gpe:USA", "USA")},
             "2025-02-18");
  auto d = E(v1::Event::CONSULT, {A("gpe:USA", "USA")}, {A("gpe:UKR", "UKR")},
             "2025-02-18");
  EXPECT_GT(EventMatchScore(c, d, {}), 0);
}

TEST(EventMatch, UndatedMentionsJoinAcrossDocumentsOnlyWithTheSameParties) {
  auto a =
      E(v1::Event::ASSAULT, {A("gpe:RUS", "RUS")}, {A("gpe:UKR", "UKR")}, "");
  auto b = E(v1::Event::ASSAULT, {A("gpe:RUS", "RUS")}, {A("gpe:UKR", "UKR")},
             "2022-02-24");
  auto c = E(v1::Event::ASSAULT, {A("person:putin", "RUS")},
             {A("gpe:UKR", "UKR")}, "");
  EXPECT_GT(EventMatchScore(a, b, {}), 0);
  EXPECT_EQ(EventMatchScore(c, b, {}), 0);
  MatchOptions same_doc;
  same_doc.same_document = true;
  EXPECT_GT(EventMatchScore(c, b, same_doc), 0);
}

// "Nichols was sentenced" and "a judge sentenced Nichols": one act done to
// the same person, in reports that do not both name who did it. A country,
// a body or a group done to is too wide to tell an act by.
TEST(EventMatch, AnActDoneToTheSamePersonJoinsWhenAReportNamesNoDoer) {
  const std::string day = "2008-04-22";
  auto passive = E(v1::Event::COERCE, {}, {A("person:nichols", "")}, day);
  auto judge = E(v1::Event::COERCE, {A("person:fuller", "")},
                 {A("person:nichols", "")}, day);
  auto other_person = E(v1::Event::COERCE, {}, {A("person:roe", "")}, day);
  EXPECT_GT(EventMatchScore(passive, passive, {}), 0);
  EXPECT_GT(EventMatchScore(passive, judge, {}), 0);
  EXPECT_GT(EventMatchScore(judge, passive, {}), 0);
  EXPECT_EQ(EventMatchScore(passive, other_person, {}), 0);
  // Only dates tell a public figure's many acts apart: undated, the doer
  // one report names must be the other's too.
  auto undated_passive = passive, undated_judge = judge;
  undated_passive.set_date("");
  undated_judge.set_date("");
  EXPECT_EQ(EventMatchScore(undated_passive, undated_judge, {}), 0);
  EXPECT_GT(EventMatchScore(undated_passive, undated_passive, {}), 0);
  auto later = judge;
  later.set_date("2008-06-30");
  EXPECT_EQ(EventMatchScore(passive, later, {}), 0);
  // Two doers named, different ones: different acts.
  auto police = judge;
  police.mutable_source(0)->CopyFrom(A("org:police", ""));
  EXPECT_EQ(EventMatchScore(judge, police, {}), 0);
  // Another type, or a country done to: no.
  auto assault = passive;
  assault.set_type(v1::Event::ASSAULT);
  EXPECT_EQ(EventMatchScore(passive, assault, {}), 0);
  auto country = E(v1::Event::ASSAULT, {}, {A("gpe:GRC", "GRC")}, day);
  auto by_greece =
      E(v1::Event::ASSAULT, {A("gpe:GRC", "GRC")}, {A("gpe:GRC", "GRC")}, day);
  EXPECT_EQ(EventMatchScore(country, by_greece, {}), 0);
  auto body = E(v1::Event::CONSULT, {}, {A("org:congress", "USA")}, day);
  auto with_body = E(v1::Event::CONSULT, {A("person:roe", "USA")},
                     {A("org:congress", "USA")}, day);
  EXPECT_EQ(EventMatchScore(body, with_body, {}), 0);
}

TEST(EventMatch, ReportsPublishedTogetherJoinWithoutADateOrATarget) {
  auto one = E(v1::Event::CONCEDE, {A("gpe:SWE", "SWE")}, {}, "");
  one.set_trigger("drop investigation");
  auto other = one;
  auto with_target = one;
  *with_target.add_target() = A("person:assange", "AUS");
  MatchOptions together;
  together.reported_a = "2019-11-19";
  together.reported_b = "2019-11-20";
  EXPECT_GT(EventMatchScore(one, other, together), 0);
  EXPECT_GT(EventMatchScore(one, with_target, together), 0);
  // Not without both publication days, not days apart, not another word
  // for the act, not another actor.
  EXPECT_EQ(EventMatchScore(one, other, {}), 0);
  MatchOptions apart = together;
  apart.reported_b = "2019-11-25";
  EXPECT_EQ(EventMatchScore(one, other, apart), 0);
  auto other_word = other;
  other_word.set_trigger("withdraw");
  EXPECT_EQ(EventMatchScore(one, other_word, together), 0);
  auto other_actor = E(v1::Event::CONCEDE, {A("gpe:NOR", "NOR")}, {}, "");
  other_actor.set_trigger("drop investigation");
  EXPECT_EQ(EventMatchScore(one, other_actor, together), 0);
  // Two named targets must still be the same ones.
  auto target_a = with_target;
  auto target_b = one;
  *target_b.add_target() = A("person:persson", "SWE");
  EXPECT_EQ(EventMatchScore(target_a, target_b, together), 0);
}

// A date the assembler inferred from the narrative (Event.date_inferred)
// ties reports when it agrees with a stated one; when it disagrees with a
// stated or an inferred one, the two are matched as undated (the same
// parties needed).
TEST(EventMatch, AnInferredDateTiesWhenItAgreesAndIsIgnoredWhenNot) {
  auto stated = E(v1::Event::SANCTION, {A("person:trump", "USA")},
                  {A("gpe:CHN", "CHN")}, "2019-12-15");
  auto inferred_near = E(v1::Event::SANCTION, {A("gpe:USA", "USA")},
                         {A("gpe:CHN", "CHN")}, "2019-12-14");
  inferred_near.set_date_inferred(true);
  EXPECT_GT(EventMatchScore(stated, inferred_near, {}), 0);
  auto inferred_far = inferred_near;
  inferred_far.set_date("2019-11-18");
  // Other parties (a country for its president): an undated pair, no match.
  EXPECT_EQ(EventMatchScore(stated, inferred_far, {}), 0);
  auto same_parties = stated;
  same_parties.set_date("2019-11-18");
  same_parties.set_date_inferred(true);
  EXPECT_GT(EventMatchScore(stated, same_parties, {}), 0);
  // Both inferred, weeks apart: two guesses that disagree tell nothing;
  // matched as undated, the same parties needed.
  auto both = same_parties;
  both.set_date("2019-12-15");
  EXPECT_GT(EventMatchScore(same_parties, both, {}), 0);
  auto both_other_parties = inferred_far;
  both_other_parties.set_date("2019-12-15");
  EXPECT_EQ(EventMatchScore(same_parties, both_other_parties, {}), 0);
  auto other_source = both;
  other_source.mutable_source(0)->CopyFrom(A("person:biden", "USA"));
  EXPECT_EQ(EventMatchScore(same_parties, other_source, {}), 0);
  auto stated_far = same_parties;
  stated_far.set_date_inferred(false);
  EXPECT_EQ(EventMatchScore(stated, stated_far, {}), 0);
}

TEST(EventMatch, AnInferredTargetCountsAsNoTarget) {
  auto named = E(v1::Event::PROTEST, {A("gpe:HKG", "HKG")},
                 {A("gpe:CHN", "CHN")}, "2019-11-18");
  auto inferred = E(v1::Event::PROTEST, {A("gpe:HKG", "HKG")},
                    {A("group:government:HKG", "HKG")}, "2019-11-18");
  named.set_trigger("protest");
  inferred.set_trigger("protest");
  auto other = named;
  other.mutable_target(0)->CopyFrom(A("gpe:GBR", "GBR"));
  MatchOptions published_together;
  published_together.reported_a = "2019-11-18";
  published_together.reported_b = "2019-11-18";
  EXPECT_EQ(EventMatchScore(named, other, published_together), 0);
  // Named, the default target is another party; inferred, it is none.
  EXPECT_EQ(EventMatchScore(named, inferred, published_together), 0);
  inferred.set_target_inferred(true);
  EXPECT_GT(EventMatchScore(named, inferred, published_together), 0);
}

// The feed's quick tests (QuickDatesMayMatch, MayMatchOnParties) skip a
// story only when the full comparison would say no: checked over every pair
// of a set of events that covers the cases (types symmetric or not, with and
// without targets, shared entities or countries only, dates of each
// precision, a date that does not parse, publication days near and apart).
TEST(EventMatch, TheQuickTestsNeverRejectAMatch) {
  const std::vector<std::vector<v1::Actor>> sides = {
      {},
      {A("gpe:USA", "USA")},
      {A("person:rubio", "USA")},
      {A("gpe:RUS", "RUS")},
      {A("org:un", "IGO")},
      {A("gpe:USA", "USA"), A("gpe:RUS", "RUS")},
      {A("", "UKR")}};
  const std::vector<std::string> dates = {
      "",        "2025-02-18", "2025-02-19", "2025-02-21", "2025-02",
      "2025-03", "2025",       "2024-12-31", "2025-01-01", "soon"};
  const std::vector<std::string> reported = {"", "2025-02-18", "2025-02-25"};
  // Days also as inferred from a narrative.
  const std::vector<std::string> inferred = {"2025-02-18", "2025-02-21",
                                             "2025-01-01"};
  std::vector<MatchProfile> profiles;
  std::vector<std::string> dates_of;
  std::vector<bool> inferred_of;
  for (const auto type : {v1::Event::CONSULT, v1::Event::ACCUSE}) {
    for (size_t s = 0; s < sides.size(); ++s) {
      for (size_t t = 0; t < sides.size(); ++t) {
        for (size_t d = 0; d < dates.size() + inferred.size(); ++d) {
          const bool is_inferred = d >= dates.size();
          const std::string& date =
              is_inferred ? inferred[d - dates.size()] : dates[d];
          for (const auto& day : reported) {
            v1::Event e = E(type, sides[s], sides[t], date);
            e.set_trigger("meet");
            e.set_date_inferred(is_inferred);
            profiles.emplace_back(e, day);
            dates_of.push_back(date);
            inferred_of.push_back(is_inferred);
          }
        }
      }
    }
  }
  int matches = 0, skipped = 0;
  for (size_t i = 0; i < profiles.size(); ++i) {
    for (size_t j = 0; j < profiles.size(); ++j) {
      const MatchProfile &a = profiles[i], &b = profiles[j];
      const int score = MatchScore(a, b, 1, /*same_document=*/false);
      const bool dates_may =
          QuickDatesMayMatch(a.quick_date(), b.quick_date(), 1);
      const bool parties_may =
          MayMatchOnParties(a, b.party_bits(), b.has_target());
      if (score > 0) {
        ++matches;
        ASSERT_TRUE(dates_may) << dates_of[i] << " / " << dates_of[j];
        ASSERT_TRUE(parties_may) << i << " / " << j;
      } else if (!dates_may || !parties_may) {
        ++skipped;
      }
      if (a.quick_date().known && b.quick_date().known)
        ASSERT_EQ(dates_may, inferred_of[i] || inferred_of[j] ||
                                 DatesCompatible(dates_of[i], dates_of[j], 1))
            << dates_of[i] << " / " << dates_of[j];
    }
  }
  // The cases occur, and the tests do skip.
  EXPECT_GT(matches, 1000);
  EXPECT_GT(skipped, matches);
}

}  // namespace
}  // namespace eventwire
