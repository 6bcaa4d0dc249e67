#include "serve/live_events.h"

#include <string>

#include "model/helpers.h"
#include "model/state.h"
#include "model/tally.h"
#include "serve/live_model.h"

namespace wijksim {

namespace {

std::string_view type_words(HelperType type) {
  switch (type) {
    case HelperType::standard_worker: return "a caseworker";
    case HelperType::frontline_worker: return "a frontline worker";
    case HelperType::bridge_builder_inside: return "a bridge builder";
    case HelperType::bridge_builder_outside: return "a bridge builder from the neighbourhood";
    case HelperType::everyday_doer: return "an everyday doer";
    case HelperType::social_entrepreneur: return "a social entrepreneur";
  }
  return "a helper";
}

std::string who(const Helper& h) {
  return std::string(type_words(h.type)) + (h.is_bp && h.type == HelperType::standard_worker ? " (a Best Person)" : "") +
         " in " + neighbourhood_name(h.nbh);
}

std::string incident_words(const Helper& h) {
  const int backed = h.incidents_this_week - h.sanctions_this_week;
  std::string text = who(h) + " bent a rule and it went wrong";
  if (is_informal(h.type))
    return text + (h.sanctions_this_week ? "; the institutions dropped their support for a while"
                                         : "; nobody held it against them");
  if (h.sanctions_this_week == 0) return text + "; the manager backed them";
  if (h.dismissed) return text + "; the manager sanctioned them, and they were dismissed";
  return text + (backed > 0 ? "; the manager backed them once and sanctioned them once" : "; the manager sanctioned them");
}

std::string hire_words(const World& w, const Helper& h) {
  if (is_informal(h.type)) return std::string(type_words(h.type)) + " started helping neighbours in " +
                                  neighbourhood_name(h.nbh);
  const bool scouts = w.params.recruit_channel == RecruitChannel::scouts;
  return std::string(scouts ? "a scout found " : "an advertisement found ") + std::string(type_words(h.type)) + " for " +
         neighbourhood_name(h.nbh) + (h.is_bp ? ": a Best Person" : "");
}

}  // namespace

std::vector<Event> describe_week(const World& world, const Tally& tally, const std::vector<std::uint8_t>& status_before,
                                 int week) {
  std::vector<Event> events;
  const auto add = [&](std::string text) {
    if (events.size() < kMaxEventsPerWeek) events.push_back({week, std::move(text)});
  };
  const std::int64_t within = tally.count(Count::bends_within_room), beyond = tally.count(Count::bends_out_of_bounds);
  if (within + beyond > 0)
    add(std::to_string(within + beyond) + (within + beyond == 1 ? " decision" : " decisions") +
        " to work outside the lines: " + std::to_string(within) + " within the room managers give, " +
        std::to_string(beyond) + " beyond it");
  for (std::size_t i = 0; i < world.helpers.size(); ++i) {
    const Helper& h = world.helpers[i];
    if (i >= status_before.size()) {
      if (h.status == HelperStatus::active) add(hire_words(world, h));
      continue;
    }
    const auto before = HelperStatus(status_before[i]);
    if (h.incidents_this_week > 0) add(incident_words(h));
    if (before == h.status) continue;
    if (h.status == HelperStatus::leave) add(who(h) + " burnt out and went on leave");
    if (h.status == HelperStatus::exited && !h.dismissed) add(who(h) + " left for good");
    if (before == HelperStatus::leave && h.status == HelperStatus::active) add(who(h) + " came back from leave");
  }
  return events;
}

}  // namespace wijksim
