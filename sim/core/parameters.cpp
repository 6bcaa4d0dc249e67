#include "core/parameters.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace wijksim {

namespace {
constexpr std::array<std::string_view, 3> kProtocolSourceNames = {"local", "city", "foreign"};
constexpr std::array<std::string_view, 3> kModePolicyNames = {"choice", "force_protocol",
                                                              "force_improvise"};
constexpr std::array<std::string_view, 3> kStaffPoolNames = {"pool", "best_persons_only",
                                                             "standard_only"};
constexpr std::array<std::string_view, 2> kRecruitChannelNames = {"ads", "scouts"};
constexpr std::array<std::string_view, 2> kStaffFollowsNames = {"households", "need"};
constexpr std::array<std::string_view, 2> kTeamCapacityNames = {"head_count", "quota"};
}  // namespace

template <> std::span<const std::string_view> choice_names<ProtocolSource>() {
  return kProtocolSourceNames;
}
template <> std::span<const std::string_view> choice_names<ModePolicy>() { return kModePolicyNames; }
template <> std::span<const std::string_view> choice_names<StaffPool>() { return kStaffPoolNames; }
template <> std::span<const std::string_view> choice_names<RecruitChannel>() {
  return kRecruitChannelNames;
}
template <> std::span<const std::string_view> choice_names<StaffFollows>() { return kStaffFollowsNames; }
template <> std::span<const std::string_view> choice_names<TeamCapacity>() { return kTeamCapacityNames; }

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::array<double, 5> same5(double v) { return {v, v, v, v, v}; }
// A per-institution default that differs by institution, written in
// parameters.def as (by_institution(a, b, c, d, e)).
std::array<double, 5> same5(const std::array<double, 5>& values) { return values; }
constexpr std::array<double, 5> by_institution(double social_services, double employment, double health_care,
                                               double police, double youth_care) {
  return {social_services, employment, health_care, police, youth_care};
}

std::vector<ParameterSpec> build_table() {
  std::vector<ParameterSpec> t;
  using K = ParameterKind;
#define WIJKSIM_REAL(name, group, unit, def, lo, hi, timing, doc) \
  t.push_back({#name, #group, unit, doc, K::real, Timing::timing, lo, hi, same5(def), {}});
#define WIJKSIM_REAL_AUTO(name, group, unit, lo, hi, timing, doc) \
  t.push_back({#name, #group, unit, doc, K::real_auto, Timing::timing, lo, hi, same5(kNaN), {}});
#define WIJKSIM_INT(name, group, unit, def, lo, hi, timing, doc) \
  t.push_back({#name, #group, unit, doc, K::integer, Timing::timing, lo, hi, same5(def), {}});
#define WIJKSIM_REAL_BY_INSTITUTION(name, group, unit, def, lo, hi, timing, doc)             \
  t.push_back({#name, #group, unit, doc, K::real_by_institution, Timing::timing, lo, hi, \
               same5(def), {}});
#define WIJKSIM_REAL_BY_DOMAIN(name, group, unit, d0, d1, d2, d3, d4, lo, hi, timing, doc) \
  t.push_back({#name, #group, unit, doc, K::real_by_domain, Timing::timing, lo, hi,      \
               {d0, d1, d2, d3, d4}, {}});
#define WIJKSIM_CHOICE(name, group, Enum, def, timing, doc)                                   \
  t.push_back({#name, #group, "-", doc, K::choice, Timing::timing, 0,                        \
               double(choice_names<Enum>().size() - 1), same5(double(def)), choice_names<Enum>()});
#define WIJKSIM_CHOICE_BY_INSTITUTION(name, group, Enum, def, timing, doc)                     \
  t.push_back({#name, #group, "-", doc, K::choice_by_institution, Timing::timing, 0,          \
               double(choice_names<Enum>().size() - 1), same5(double(def)), choice_names<Enum>()});
#include "core/parameters.def"
#undef WIJKSIM_REAL
#undef WIJKSIM_REAL_AUTO
#undef WIJKSIM_INT
#undef WIJKSIM_REAL_BY_INSTITUTION
#undef WIJKSIM_REAL_BY_DOMAIN
#undef WIJKSIM_CHOICE
#undef WIJKSIM_CHOICE_BY_INSTITUTION
  return t;
}

std::string format_number(double v) {
  std::ostringstream out;
  out.precision(12);
  out << v;
  return out.str();
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::span<const ParameterSpec> parameter_table() {
  static const std::vector<ParameterSpec> table = build_table();
  return table;
}

int ParameterSpec::width() const {
  switch (kind) {
    case ParameterKind::real_by_institution:
    case ParameterKind::real_by_domain:
    case ParameterKind::choice_by_institution:
      return 5;
    default:
      return 1;
  }
}

bool ParameterSpec::is_choice() const {
  return kind == ParameterKind::choice || kind == ParameterKind::choice_by_institution;
}

const ParameterSpec* find_parameter(std::string_view name) {
  const auto dot = name.find('.');
  const std::string_view group = dot == std::string_view::npos ? "" : name.substr(0, dot);
  const std::string_view bare = dot == std::string_view::npos ? name : name.substr(dot + 1);
  for (const ParameterSpec& spec : parameter_table())
    if (spec.name == bare && (group.empty() || spec.group == group)) return &spec;
  return nullptr;
}

std::vector<std::string> nearest_parameter_names(std::string_view name, std::size_t count) {
  const bool qualified = name.find('.') != std::string_view::npos;
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const ParameterSpec& spec : parameter_table()) {
    std::string candidate = qualified ? spec.qualified_name() : std::string(spec.name);
    scored.emplace_back(edit_distance(name, candidate), std::move(candidate));
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> names;
  for (std::size_t i = 0; i < std::min(count, scored.size()); ++i)
    names.push_back(scored[i].second);
  return names;
}

double get_value(const Parameters& p, const ParameterSpec& spec, int index) {
  const std::string_view n = spec.name;
#define WIJKSIM_REAL(name, ...) \
  if (n == #name) return p.name;
#define WIJKSIM_REAL_AUTO(name, ...) \
  if (n == #name) return p.name.value_or(kNaN);
#define WIJKSIM_INT(name, ...) \
  if (n == #name) return double(p.name);
#define WIJKSIM_REAL_BY_INSTITUTION(name, ...) \
  if (n == #name) return p.name.at(std::size_t(index));
#define WIJKSIM_REAL_BY_DOMAIN(name, ...) \
  if (n == #name) return p.name.at(std::size_t(index));
#define WIJKSIM_CHOICE(name, ...) \
  if (n == #name) return double(p.name);
#define WIJKSIM_CHOICE_BY_INSTITUTION(name, ...) \
  if (n == #name) return double(p.name.at(std::size_t(index)));
#include "core/parameters.def"
#undef WIJKSIM_REAL
#undef WIJKSIM_REAL_AUTO
#undef WIJKSIM_INT
#undef WIJKSIM_REAL_BY_INSTITUTION
#undef WIJKSIM_REAL_BY_DOMAIN
#undef WIJKSIM_CHOICE
#undef WIJKSIM_CHOICE_BY_INSTITUTION
  throw std::logic_error("no parameter named " + std::string(n));
}

void set_value(Parameters& p, const ParameterSpec& spec, int index, double value) {
  const std::string_view n = spec.name;
  const auto i = std::size_t(index);
#define WIJKSIM_REAL(name, ...) \
  if (n == #name) { p.name = value; return; }
#define WIJKSIM_REAL_AUTO(name, ...)                                          \
  if (n == #name) {                                                           \
    p.name = std::isnan(value) ? std::optional<double>() : std::optional(value); \
    return;                                                                   \
  }
#define WIJKSIM_INT(name, ...) \
  if (n == #name) { p.name = int(value); return; }
#define WIJKSIM_REAL_BY_INSTITUTION(name, ...) \
  if (n == #name) { p.name.at(i) = value; return; }
#define WIJKSIM_REAL_BY_DOMAIN(name, ...) \
  if (n == #name) { p.name.at(i) = value; return; }
#define WIJKSIM_CHOICE(name, group, Enum, ...) \
  if (n == #name) { p.name = Enum(int(value)); return; }
#define WIJKSIM_CHOICE_BY_INSTITUTION(name, group, Enum, ...) \
  if (n == #name) { p.name.at(i) = Enum(int(value)); return; }
#include "core/parameters.def"
#undef WIJKSIM_REAL
#undef WIJKSIM_REAL_AUTO
#undef WIJKSIM_INT
#undef WIJKSIM_REAL_BY_INSTITUTION
#undef WIJKSIM_REAL_BY_DOMAIN
#undef WIJKSIM_CHOICE
#undef WIJKSIM_CHOICE_BY_INSTITUTION
  throw std::logic_error("no parameter named " + std::string(n));
}

Parameters Parameters::defaults() {
  Parameters p{};
  for (const ParameterSpec& spec : parameter_table())
    for (int i = 0; i < spec.width(); ++i) set_value(p, spec, i, spec.default_values[std::size_t(i)]);
  return p;
}

double Parameters::bp_emergence_per_1000_per_year() const {
  if (bp_emergence) return *bp_emergence;
  return bp_resident_density * 52.0 * (quit_base + informal_exit);
}

double Parameters::need_min_seek() const {
  return *std::min_element(need_min.begin(), need_min.end());
}

std::string format_value(const Parameters& p, const ParameterSpec& spec) {
  auto one = [&](int i) -> std::string {
    const double v = get_value(p, spec, i);
    if (spec.is_choice()) return std::string(spec.choices[std::size_t(v)]);
    if (std::isnan(v)) return "auto";
    return format_number(v);
  };
  if (spec.width() == 1) return one(0);
  bool uniform = true;
  for (int i = 1; i < spec.width(); ++i) uniform = uniform && get_value(p, spec, i) == get_value(p, spec, 0);
  if (uniform && spec.kind != ParameterKind::real_by_domain) return one(0);
  std::string s = "[";
  for (int i = 0; i < spec.width(); ++i) s += (i ? ", " : "") + one(i);
  return s + "]";
}

std::optional<std::string> check_value(const ParameterSpec& spec, double value) {
  const std::string key = spec.qualified_name();
  if (spec.kind == ParameterKind::real_auto && std::isnan(value)) return std::nullopt;
  if (!std::isfinite(value))
    return key + " = " + format_number(value) + " is not a finite number" +
           (spec.is_choice() ? std::string()
                             : "; the allowed range is [" + format_number(spec.min) + ", " + format_number(spec.max) + "]");
  if ((spec.kind == ParameterKind::integer || spec.is_choice()) && value != std::floor(value))
    return key + " = " + format_number(value) + " must be a whole number";
  if (value < spec.min || value > spec.max) {
    if (spec.is_choice()) return key + " has no choice number " + format_number(value);
    return key + " = " + format_number(value) + " is outside the allowed range [" +
           format_number(spec.min) + ", " + format_number(spec.max) + "]";
  }
  return std::nullopt;
}

std::vector<std::string> check_relations(const Parameters& p) {
  std::vector<std::string> problems;
  auto need = [&](bool ok, std::string message) {
    if (!ok) problems.push_back(std::move(message));
  };
  need(p.shock_min <= p.shock_max, "problems.shock_min = " + format_number(p.shock_min) +
                                       " must not exceed problems.shock_max = " +
                                       format_number(p.shock_max));
  need(p.disadv_min <= p.disadv_max, "scale.disadv_min = " + format_number(p.disadv_min) +
                                         " must not exceed scale.disadv_max = " +
                                         format_number(p.disadv_max));
  need(p.exh_init_min <= p.exh_init_max, "burnout.exh_init_min = " + format_number(p.exh_init_min) +
                                             " must not exceed burnout.exh_init_max = " +
                                             format_number(p.exh_init_max));
  need(p.mean_degree <= p.k_max, "scale.mean_degree = " + std::to_string(p.mean_degree) +
                                     " must not exceed scale.k_max = " + std::to_string(p.k_max));
  need(p.mean_degree < p.households_per_nbh,
       "scale.mean_degree = " + std::to_string(p.mean_degree) +
           " must be smaller than scale.households_per_nbh = " + std::to_string(p.households_per_nbh));
  const double signal_weight = p.scout_signal * p.scout_signal + p.scout_fit_signal * p.scout_fit_signal;
  need(signal_weight <= 1.0, "recruitment.scout_signal^2 + recruitment.scout_fit_signal^2 = " +
                                 format_number(signal_weight) + " must not exceed 1");
  need(p.share_ed + p.share_se + p.share_bb_out > 0.0,
       "best_persons.share_ed + share_se + share_bb_out must be above 0");
  need(p.return_E < p.burnout_E, "burnout.return_E = " + format_number(p.return_E) +
                                     " must be below burnout.burnout_E = " + format_number(p.burnout_E));
  return problems;
}

}  // namespace wijksim
