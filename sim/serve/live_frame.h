#pragma once
// What a page draws of one week of a live model: plain data, built once per
// week by the simulation thread and then shared, read-only, by every request.
#include <cstdint>
#include <string>
#include <vector>

namespace wijksim {

struct HelperMark {
  std::int32_t id = 0;
  std::uint8_t type = 0;  // HelperType
  std::int32_t nbh = 0;
  bool best_person = false;
  bool on_leave = false;
  float exhaustion = 0.0f;
  std::int32_t caseload = 0;
};

// A lever change, from the week it takes effect.
struct Change {
  int week = 0;
  std::string key;   // "bending.backing"
  std::string from;  // values as text: "0.5", "scouts"
  std::string to;
};

struct Event {
  int week = 0;
  std::string text;
};

struct Frame {
  int run = 0;
  int week = 0;
  std::vector<std::uint8_t> household_load;  // mean problem load, percent
  std::vector<HelperMark> helpers;           // in service or on leave
  std::vector<float> outcomes;               // live_outcome_names(), as recorded
  std::vector<Change> changes;               // taking effect this week
  std::vector<Event> events;                 // what happened this week
};

}  // namespace wijksim
