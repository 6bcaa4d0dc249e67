#pragma once
// The state of one world (docs/ODD.md §2): households as structure-of-arrays,
// helpers (workers and Best Persons), teams with their managers' levers, the
// districts the teams serve, neighbourhoods and open vacancies. Plain data:
// the submodels in this directory read and write it, the engine orders them.
#include <array>
#include <cstdint>
#include <deque>
#include <span>
#include <utility>
#include <vector>

#include "core/domains.h"
#include "core/parameters.h"
#include "model/helper_type.h"
#include "model/ids.h"
#include "model/informal_cases.h"
#include "model/ordered_gather.h"
#include "model/pending_changes.h"
#include "model/tally.h"
#include "model/tie_lists.h"
#include "model/traits.h"

namespace wijksim {

enum class HelperStatus : std::uint8_t { active, leave, exited };
enum class Mode : std::uint8_t { protocol, improvise };

// An institutional case: from application (queued, helper == kNone) through
// service to closure. A household holds at most one, in a pool of cases
// (model/case_pool.h). Fields are ordered by size, so that a case takes 48
// bytes: in a long run nearly half the households hold one.
struct InstitutionalCase {
  double pbar_open = 0.0;
  double gain_normalised = 0.0;   // G_n at the last decision
  double bend_magnitude = 0.0;    // mu, recomputed weekly
  std::int32_t helper = kNone;
  std::int32_t opened = kNone;    // week of first assignment; kNone while queued for the first time
  std::int32_t arrival_week = 0;  // queue order; a handed-over case keeps `opened`
  std::int32_t slot = 0;          // position in the helper's caseload this week
  std::int8_t institution = kNone;
  Mode mode = Mode::protocol;
  std::int8_t key_guess = 0;
  std::int8_t c_open = 0;
  // The problems the case has taken on (a domain_bit set): every problem
  // active at some decision or week of the case, and the key guess. An
  // improvised case works on these and closes when all are below p_close.
  std::uint8_t scope = 0;
  bool key_known = false;
  bool authorised_exception : 1 = false;
  bool from_outreach : 1 = false;   // never applied: no trust loss if closed at once
  bool needs_decision : 1 = false;  // new or handed over: decide the mode this week

  bool exists() const { return institution != kNone; }
  bool queued() const { return exists() && helper == kNone; }
};
static_assert(sizeof(InstitutionalCase) <= 48);


struct Households {
  int count = 0;
  std::vector<std::int32_t> nbh;
  std::vector<std::uint8_t> group;
  std::vector<std::uint8_t> has_children;
  std::vector<double> vuln;
  std::vector<Problems> p;           // problem severity
  std::vector<Problems> lev;         // hidden leverage, fixed
  std::vector<Problems> help_delta;  // help to apply in next week's phase 2
  PendingChanges ext_delta;          // job slots and harms to apply in next week's phase 2
  std::vector<double> trust, trust_next;
  std::vector<double> engage, engage_next;
  std::vector<double> pbar_after_dynamics;       // p-bar after phase 2 this week
  std::vector<double> pbar_after_dynamics_prev;  // and last week
  TieLists ties;
  CasePool<InstitutionalCase> cases;
  InformalCases ed_case;
  InformalCases se_case;
  std::vector<std::int32_t> bounces;
  std::vector<std::int32_t> job_until;
  std::vector<std::uint8_t> is_host;  // hosts an informal Best Person
  std::vector<std::uint8_t> safety_shocks_this_week;

  std::span<const std::int32_t> ties_of(int h) const { return ties.of(h); }
};

// Weekly scratch of one (helper, case) pair: the two passes of phase 5.
struct CaseSlot {
  std::int32_t household = kNone;
  Problems effort{};  // allocation x
  Problems help{};    // this helper's contribution to help_delta
};

// Events that cross agents in parallel phases are collected, then applied
// serially in (target, source) order (docs/ODD.md).
struct HouseholdEvent {
  enum class Kind : std::uint8_t { trust_gain, engage_gain, trust_loss, problem_change, job };
  std::int32_t target = 0;
  std::int32_t source = 0;
  Kind kind = Kind::trust_gain;
  std::int8_t domain = 0;
  double value = 0;
};

struct TieRequest {
  std::int32_t a = 0, b = 0;
  std::int32_t source = 0;
};

struct Helper {
  std::int32_t id = 0;
  HelperType type = HelperType::standard_worker;
  HelperStatus status = HelperStatus::active;
  std::int32_t nbh = 0;            // where the helper lives or is based
  std::int32_t district = 0;       // whose teams and bridge builders it works with
  std::int32_t team = kNone;       // caseworkers and inside bridge builders
  std::int32_t host = kNone;       // household hosting an informal Best Person
  // Latent traits and what follows from them (§2.2).
  double empathy = 0, drive = 0, noncon = 0, commit = 0, bp_score = 0;
  bool is_bp = false;
  Problems competence{};
  double resilience = 0;
  double fit = 0;  // to the neighbourhood's problem mix, at hiring
  // Dynamic state.
  std::vector<std::int32_t> caseload;  // households (institutional or informal)
  std::vector<CaseSlot> slots;          // phase 5 scratch, parallel to caseload
  std::vector<std::int32_t> weak_ties;  // social entrepreneurs only
  double exhaustion = 0, sanction_memory = 0, contact_ema = 0, success_ema = 0.5;
  int allies = 0;
  double quality = 0;  // q_i this week
  std::int32_t leave_left = 0;
  std::int32_t relief_until = kNone, return_until = kNone, facility_lost_until = kNone;
  std::int32_t active_since = 0;  // ed_start for accompaniment
  bool sponsored = false;
  // Caseworkers: their team's cap_scale, and where in [0, 1) their scaled cap
  // is rounded down from, spread over the team so that its caps add up.
  double cap_scale = 1.0, cap_rounding = 0.0;
  // Phase 5 results read by phase 7 (moral strain, risk demand); exposure is
  // this week's standing mu outside the lines of an informal Best Person or
  // bridge builder, kept for inspection.
  double moral = 0, risk = 0, exposure = 0;
  bool dismissed = false;
  // Incidents of this week from working outside the lines, and how many of
  // them brought a sanction: for watching the model live (the classroom's
  // event ticker); no submodel reads them.
  std::int32_t incidents_this_week = 0, sanctions_this_week = 0;
  bool left_service = false;  // went on leave or exited this week: hand cases over
  double own_help_mean = 0;  // mean own help per case and domain this week
  bool has_help_this_week = false;
  double coordination_push = 0;  // bridge builders: this week's push on coord_n
  // Effects on others, applied serially after the phase.
  std::vector<HouseholdEvent> events;
  std::vector<TieRequest> tie_requests;
  std::vector<std::int32_t> refusal_closures;  // households whose case closes as a refusal
};

struct Team {
  int institution = 0;
  int district = 0;
  double room = 0, backing = 0, contact_freq = 0, burnout_attention = 0;
  double backing_effective = 0;
  // The team's quota of posts over its whole posts when team_capacity is
  // quota, else 1: its members' caseload caps are scaled by it.
  double cap_scale = 1.0;
  std::vector<std::int32_t> members;  // helper ids in the team's positions (active or on leave)
  std::vector<std::int32_t> queue;    // households waiting
};

struct Neighbourhood {
  std::int32_t first_household = 0;
  std::int32_t household_count = 0;
  double disadv = 0;
  Problems ctx{};
  std::array<Problems, kInstitutions> protocol_ctx{};  // ctx_src per institution
  std::array<double, kInstitutions> protocol_fit{};    // F_proto
  double ce = 0, trust0 = 0, engage0 = 0, trust_mean = 0;
  std::vector<std::int32_t> informal_helpers;  // ids of informal Best Persons living here
};

// The households one team per institution serves (model/districts.h), and
// what its teams and bridge builders share.
struct District {
  std::int32_t first_household = 0;
  std::int32_t household_count = 0;
  double coord = 0;           // inter-institution coordination of its teams
  double bridge_quality = 0;  // bbq_d, bridge builders' mediation
  double bb_in_density = 0;   // inside bridge builders' q per 1,000 households (referrals)
};

enum class PositionKind : std::uint8_t { caseworker, bridge_builder_inside };

struct Vacancy {
  std::int32_t id = 0;
  std::int32_t team = 0;      // the team a caseworker will join
  std::int32_t position = 0;  // index into World::bb_in_positions for a bridge builder
  std::int32_t nbh = 0;       // where the position is based
  PositionKind kind = PositionKind::caseworker;
  std::int32_t opened = 0;
  std::int32_t fill_week = 0;
  bool filled = false;
  Traits hire;          // the candidate chosen when the vacancy opened
  double hire_fit = 0;  // to the position's neighbourhood
};

// What the phases reuse from week to week, so that a settled week allocates
// (almost) nothing and what it allocates does not depend on the threads.
struct WeeklyBuffers {
  OrderedGather<std::int32_t> seekers;                                // phase 3
  std::vector<HouseholdEvent> events;                                 // phase 6
  OrderedGather<std::pair<std::int32_t, std::int32_t>> decayed_ties;  // phase 6
};

struct World {
  Parameters params;
  std::uint64_t seed = 0;
  std::int32_t week = 0;  // weeks simulated so far (burn-in included)
  Households households;
  // A deque: helpers are only ever appended (ids are indices), and a deque
  // grows without copying every helper to a doubled array.
  std::deque<Helper> helpers;
  std::vector<Team> teams;  // index = district * kInstitutions + institution
  std::vector<Neighbourhood> neighbourhoods;
  std::vector<District> districts;
  std::vector<Vacancy> vacancies;
  std::vector<std::int32_t> bb_in_positions;  // posts in district order: helper id or kNone
  std::int32_t next_vacancy_id = 0;

  WeeklyTally tally;
  WeeklyBuffers buffers;

  int team_index(int district, int institution) const { return district * kInstitutions + institution; }
  Team& team(int district, int institution) { return teams[std::size_t(team_index(district, institution))]; }
  const Team& team(int district, int institution) const {
    return teams[std::size_t(team_index(district, institution))];
  }
};

}  // namespace wijksim
