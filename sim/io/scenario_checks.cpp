#include "io/scenario_checks.h"

#include <cctype>

namespace wijksim {

namespace {

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

bool mentions_key(std::string_view message, std::string_view qualified_key) {
  for (std::size_t at = message.find(qualified_key); at != std::string_view::npos;
       at = message.find(qualified_key, at + 1)) {
    const std::size_t end = at + qualified_key.size();
    // A dot before would make it the tail of a longer key; a dot after is
    // fine ("bending.room.police" is about bending.room).
    const bool starts_word = at == 0 || !(is_name_char(message[at - 1]) || message[at - 1] == '.');
    const bool ends_word = end == message.size() || !is_name_char(message[end]);
    if (starts_word && ends_word) return true;
  }
  return false;
}

std::optional<ScenarioProblem> find_scenario_problem(const Scenario& scenario) {
  Parameters in_force = scenario.parameters;
  if (const auto problems = check_relations(in_force); !problems.empty())
    return ScenarioProblem{-1, problems.front()};
  const int horizon = scenario.parameters.horizon_weeks;
  for (std::size_t c = 0; c < scenario.changes.size(); ++c) {
    const TimedChange& change = scenario.changes[c];
    const std::string when = "the change at week " + std::to_string(change.week);
    if (change.week < 1 || change.week > horizon)
      return ScenarioProblem{int(c), when + " lies outside the recorded weeks [1, " +
                                         std::to_string(horizon) + "] (scale.horizon_weeks)"};
    for (const ParameterAssignment& a : change.assignments) {
      if (a.spec->timing == Timing::Structural)
        return ScenarioProblem{int(c), when + " sets " + a.spec->qualified_name() +
                                           ", which is fixed when the world is built"};
      apply(in_force, a);
    }
    if (const auto problems = check_relations(in_force); !problems.empty())
      return ScenarioProblem{int(c), "after " + when + ": " + problems.front()};
  }
  return std::nullopt;
}

}  // namespace wijksim
