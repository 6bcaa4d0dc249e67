#pragma once
// Single settings in key=value form, as given to --set (and to anything else
// that sets one parameter at a time). Keys and values are those of a scenario
// file, one at a time:
//   bending.room=0.5        room=0.5            (the table may be left out)
//   room=[0,0,0,1,0]        room={police=0.8}   (per institution, as in a file)
//   room.police=0.8         u_ed.health=0.6     (one institution or domain)
//   recruit_channel=scouts  bp_emergence=auto   (a lone string needs no quotes;
//                                                inside [..] or {..} it does)
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario.h"

namespace wijksim {

// The assignments one setting makes: one, or five for an array of 5. Every
// value is range-checked; InputError names the setting and the key, and
// suggests the nearest parameter, institution, domain or choice.
std::vector<ParameterAssignment> parse_assignment(std::string_view key_equals_value);

// Applies settings, in order, to the scenario's starting parameters, then
// checks the scenario again as a whole (relations between parameters, at the
// start and after each change; changes within scale.horizon_weeks). The
// scenario's [[changes]] still take effect at their weeks.
void apply_settings(Scenario& scenario, std::span<const std::string> settings);

}  // namespace wijksim
