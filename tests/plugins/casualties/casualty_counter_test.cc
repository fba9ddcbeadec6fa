#include "casualty_counter.h"

#include <gtest/gtest.h>

namespace eventwire::casualties {
namespace {

struct Case {
  const char* sentence;
  std::optional<uint32_t> dead, injured, size;
};

TEST(CasualtyCounter, ReadsTheFiguresNewsSentencesGive) {
  const std::optional<uint32_t> none;
  const Case cases[] = {
      {"Gunmen stormed a village market, killing at least 31 people and "
       "wounding 12 others.",
       31, 12, none},
      {"Four soldiers were killed and nine wounded when their convoy hit a "
       "mine near the border.",
       4, 9, none},
      {"A car bomb killed one police officer and injured two passers-by.", 1, 2,
       none},
      {"Militants attacked a checkpoint on Friday; twenty-three people died.",
       23, none, none},
      {"The death toll from the bombing rose to 1,250 on Sunday.", 1250, none,
       none},
      {"Three students were hurt as police fired tear gas at the crowd.", none,
       3, none},
      {"Some 5,000 protesters marched through the capital on Saturday.", none,
       none, 5000},
      {"A crowd of 800 gathered outside the ministry.", none, none, 800},
      // The attackers are not the dead.
      {"Two gunmen killed 14 worshippers at a mosque.", 14, none, none},
      // Vague amounts are no counts; years and dates are no people.
      {"Dozens were killed and hundreds wounded in the 2003 offensive.", none,
       none, none},
      {"Thousands of workers went on strike on 18 February.", none, none, none},
      {"Police arrested 40 demonstrators who had blocked the road.", none, none,
       40},
  };
  for (const Case& c : cases) {
    const Figures f = ReadFigures(c.sentence);
    EXPECT_EQ(f.dead, c.dead) << c.sentence;
    EXPECT_EQ(f.injured, c.injured) << c.sentence;
    EXPECT_EQ(f.size, c.size) << c.sentence;
  }
}

}  // namespace
}  // namespace eventwire::casualties
