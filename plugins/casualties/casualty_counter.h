// Reads the figures a news sentence gives for an attack or a protest: people
// killed, people injured, crowd size ("killing at least 156 people", "three
// soldiers were wounded", "some 5,000 protesters").
#ifndef EVENTWIRE_PLUGINS_CASUALTIES_CASUALTY_COUNTER_H_
#define EVENTWIRE_PLUGINS_CASUALTIES_CASUALTY_COUNTER_H_

#include <optional>
#include <string_view>

namespace eventwire::casualties {

struct Figures {
  std::optional<uint32_t> dead;
  std::optional<uint32_t> injured;
  // People taking part (a crowd, marchers, strikers).
  std::optional<uint32_t> size;
};

// The first figure of each kind in `sentence`. Vague amounts ("dozens",
// "thousands of") give none: PLOVER's fields are counts.
Figures ReadFigures(std::string_view sentence);

}  // namespace eventwire::casualties

#endif  // EVENTWIRE_PLUGINS_CASUALTIES_CASUALTY_COUNTER_H_
