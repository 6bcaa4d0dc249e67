#pragma once
// The model's parameters: a plain struct generated from parameters.def, and a
// table describing each one (unit, default, range, doc) that validation, the
// command line, the docs and the HDF5 writer all read.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domains.h"

namespace wijksim {

enum class ProtocolSource : std::uint8_t { local, city, foreign };
enum class ModePolicy : std::uint8_t { choice, force_protocol, force_improvise };
enum class StaffPool : std::uint8_t { pool, best_persons_only, standard_only };
enum class RecruitChannel : std::uint8_t { ads, scouts };
enum class StaffFollows : std::uint8_t { households, need };
enum class TeamCapacity : std::uint8_t { head_count, quota };

// The names a choice parameter accepts, in enum order.
template <typename Enum> std::span<const std::string_view> choice_names();

using PerInstitution = std::array<double, kInstitutions>;
using PerDomain = std::array<double, kDomains>;
template <typename Enum> using ChoicePerInstitution = std::array<Enum, kInstitutions>;

struct Parameters {
#define WIJKSIM_REAL(name, ...) double name;
#define WIJKSIM_REAL_AUTO(name, ...) std::optional<double> name;
#define WIJKSIM_INT(name, ...) int name;
#define WIJKSIM_REAL_BY_INSTITUTION(name, ...) PerInstitution name;
#define WIJKSIM_REAL_BY_DOMAIN(name, ...) PerDomain name;
#define WIJKSIM_CHOICE(name, group, Enum, ...) Enum name;
#define WIJKSIM_CHOICE_BY_INSTITUTION(name, group, Enum, ...) ChoicePerInstitution<Enum> name;
#include "core/parameters.def"
#undef WIJKSIM_REAL
#undef WIJKSIM_REAL_AUTO
#undef WIJKSIM_INT
#undef WIJKSIM_REAL_BY_INSTITUTION
#undef WIJKSIM_REAL_BY_DOMAIN
#undef WIJKSIM_CHOICE
#undef WIJKSIM_CHOICE_BY_INSTITUTION

  // Every default from parameters.def.
  static Parameters defaults();

  // bp_emergence when set, else the rate that keeps informal Best Persons at
  // bp_resident_density: density x yearly exit hazard (docs/ODD.md).
  double bp_emergence_per_1000_per_year() const;
  // The smallest need_min over institutions: the threshold for seeking help.
  double need_min_seek() const;
};

enum class ParameterKind : std::uint8_t {
  real, real_auto, integer, real_by_institution, real_by_domain, choice, choice_by_institution
};
enum class Timing : std::uint8_t { Structural, Live };

struct ParameterSpec {
  std::string_view name;
  std::string_view group;  // the TOML table holding it
  std::string_view unit;
  std::string_view doc;
  ParameterKind kind;
  Timing timing;
  double min;  // numeric kinds only
  double max;
  std::array<double, 5> default_values;        // one used unless per institution/domain
  std::span<const std::string_view> choices;   // choice kinds only

  // How many values the parameter holds: 1, or 5 per institution/domain.
  int width() const;
  bool is_choice() const;
  std::string qualified_name() const { return std::string(group) + "." + std::string(name); }
};

// All parameters, in the order of parameters.def.
std::span<const ParameterSpec> parameter_table();

// Lookup by bare name ("room") or qualified name ("bending.room").
const ParameterSpec* find_parameter(std::string_view name);

// Levenshtein distance: the edits that turn one name into another.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The known parameter names closest to `name` (edit distance), best first.
std::vector<std::string> nearest_parameter_names(std::string_view name, std::size_t count = 1);

// Numeric access; choice values are their enum index. `index` selects the
// institution or domain for 5-wide parameters and must be 0 otherwise.
// An unset real_auto parameter reads as NaN.
double get_value(const Parameters& p, const ParameterSpec& spec, int index = 0);
void set_value(Parameters& p, const ParameterSpec& spec, int index, double value);

// A human-readable rendering of the current value ("0.3", "[0.3, 0.3, ...]", "ads", "auto").
std::string format_value(const Parameters& p, const ParameterSpec& spec);

// Checks that a value fits the parameter's range and kind; returns the
// problem in words (naming key, value and allowed range) or nothing.
std::optional<std::string> check_value(const ParameterSpec& spec, double value);

// Checks relations between parameters that no single range can express
// (shock_min <= shock_max, scout signals' weights, type shares, ...).
// Returns one message per problem found.
std::vector<std::string> check_relations(const Parameters& p);

}  // namespace wijksim
