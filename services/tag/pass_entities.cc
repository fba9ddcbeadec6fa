#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "eventwire/dates.h"
#include "eventwire/text.h"
#include "eventwire/utf8.h"
#include "ner_features.h"
#include "tag_context.h"

namespace eventwire::tag {

// Needs spans; adds one entity per real-world entity (surnames join full
// names, acronyms their expansions, a country's names its entity) and each
// span's entity.
void BuildEntities(TagContext& c) {
  const auto& words = c.words;
  auto& spans = c.spans;
  std::sort(spans.begin(), spans.end(),
            [](const Span& x, const Span& y) { return x.first < y.first; });

  // Entities: one per real-world entity.
  auto& entities = c.entities;
  c.span_entity.assign(spans.size(), -1);
  auto& span_entity = c.span_entity;
  const auto span_text = [&](const Span& s) { return SpanText(c, s); };
  const auto entity_for = [&](const std::string& key, Type type,
                              const std::string& name) {
    return EntityFor(c, key, type, name);
  };
  for (size_t si = 0; si < spans.size(); ++si) {
    const Span& s = spans[si];
    std::string surface = span_text(s);
    int idx = -1;
    switch (s.type) {
      case v1::Entity::PERSON: {
        // The surname is the last word but a generational suffix ("Patrick
        // W. Carlineo Jr."): two men called Jr. are not one.
        int last = s.end - 1;
        while (last > s.first && IsNameSuffix(words[last].norm)) --last;
        std::string surname = words[last].norm;
        const std::string surname_first =
            s.end - s.first > 1 ? words[s.first].norm : "";
        for (size_t e = 0; e < entities.size(); ++e) {
          if (entities[e].entity.type() == v1::Entity::PERSON &&
              (SameSurname(entities[e].surname, surname) ||
               (s.end - s.first > 1 &&
                SameFullName(entities[e].first_name, entities[e].surname,
                             surname_first, surname)) ||
               (s.end - s.first == 1 && entities[e].surfaces.size() &&
                FoldForMatch(entities[e].entity.name())
                        .rfind(surname + " ", 0) == 0))) {
            idx = static_cast<int>(e);
            break;
          }
        }
        if (idx < 0) {
          idx = entity_for(absl::StrCat("person:", Slug(surface), "#", si),
                           v1::Entity::PERSON, surface);
          entities[idx].surname = surname;
        }
        if (entities[idx].first_name.empty())
          entities[idx].first_name = surname_first;
        // The fullest form names the person.
        if (s.end - s.first > 1 &&
            surface.size() > entities[idx].entity.name().size()) {
          entities[idx].entity.set_name(surface);
        }
        break;
      }
      case v1::Entity::NORP: {
        if (!s.country.empty()) {
          std::string country = c.gazetteer.CountryName(s.country);
          if (country.empty()) country = s.canonical;
          idx = entity_for(absl::StrCat("gpe:", s.country), v1::Entity::GPE,
                           country);
          entities[idx].entity.set_country(s.country);
        } else {
          idx = entity_for(absl::StrCat("norp:", Slug(s.canonical)),
                           v1::Entity::LOC, s.canonical);
        }
        break;
      }
      case v1::Entity::GPE:
      case v1::Entity::LOC:
      case v1::Entity::ORG: {
        // Acronyms join an expansion named earlier ("IAEA").
        if (s.type == v1::Entity::ORG && s.end - s.first == 1 &&
            words[s.first].all_caps) {
          for (size_t e = 0; e < entities.size() && idx < 0; ++e) {
            if (entities[e].entity.type() != v1::Entity::ORG) continue;
            std::string initials;
            for (const std::string& part :
                 std::vector<std::string>(absl::StrSplit(
                     FoldForMatch(entities[e].entity.name()), ' '))) {
              if (!part.empty() && !Connectors().count(part))
                initials += part[0];
            }
            if (initials.size() >= 2 && initials == words[s.first].norm)
              idx = static_cast<int>(e);
          }
          if (idx >= 0) break;
        }
        if (!s.canonical.empty()) {
          // A country's own names share the country's entity.
          bool is_country = s.type == v1::Entity::GPE && !s.country.empty() &&
                            c.gazetteer.CountryName(s.country) == s.canonical;
          const char* prefix = s.type == v1::Entity::GPE   ? "gpe:"
                               : s.type == v1::Entity::LOC ? "loc:"
                                                           : "org:";
          std::string key = is_country
                                ? absl::StrCat("gpe:", s.country)
                                : absl::StrCat(prefix, Slug(s.canonical));
          idx = entity_for(key, s.type, s.canonical);
          entities[idx].entity.set_country(s.country);
        } else {
          idx = entity_for(
              absl::StrCat(s.type == v1::Entity::ORG ? "org:" : "loc:",
                           Slug(surface)),
              s.type, surface);
          // "Central Bank of Nigeria", "Russian Defence Ministry".
          if (!s.country.empty() && entities[idx].entity.country().empty())
            entities[idx].entity.set_country(s.country);
        }
        break;
      }
      case v1::Entity::DATE:
      case v1::Entity::TIME: {
        std::string key =
            absl::StrCat("date:", s.value.empty() ? Slug(surface) : s.value);
        idx = entity_for(key, s.type, surface);
        entities[idx].entity.set_value(s.value);
        break;
      }
      default:
        break;  // TITLE: a mention without an entity
    }
    span_entity[si] = idx;
    if (idx >= 0) {
      auto& surfaces = entities[idx].surfaces;
      if (std::find(surfaces.begin(), surfaces.end(), surface) ==
          surfaces.end()) {
        surfaces.push_back(surface);
      }
    }
  }
}

// Writes the spans as mentions and the entities into the document.
void WriteMentionsAndEntities(TagContext& c) {
  v1::Document& doc = c.doc;
  const auto& spans = c.spans;
  auto& entities = c.entities;
  const auto& span_entity = c.span_entity;
  const auto span_text = [&](const Span& s) { return SpanText(c, s); };
  doc.clear_mentions();
  doc.clear_entities();
  for (size_t si = 0; si < spans.size(); ++si) {
    const Span& s = spans[si];
    v1::Mention* m = doc.add_mentions();
    m->set_begin(doc.tokens(s.first).begin());
    m->set_end(doc.tokens(s.end - 1).end());
    m->set_type(s.type);
    m->set_text(span_text(s));
    if (span_entity[si] >= 0) {
      m->set_entity_id(entities[span_entity[si]].entity.id());
    }
  }
  for (EntityBuild& b : entities) {
    v1::Entity& e = b.entity;
    if (e.type() == v1::Entity::PERSON)
      e.set_canonical_key(PersonKey(e.name()));
    for (const std::string& s : b.surfaces) {
      if (s != e.name()) e.add_aliases(s);
    }
    *doc.add_entities() = std::move(e);
  }
}

}  // namespace eventwire::tag
