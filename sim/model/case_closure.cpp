// Phase 9, case review and closure (docs/ODD.md §7).
// Protocol cases close when the mandate problem falls below p_close,
// improvised cases when every problem they have taken on does (their scope,
// docs/ODD.md §7), informal cases when every problem does; any case closes
// after case_max_weeks. Closing records the fall in p-bar since opening by
// complexity class at opening. Helpers close their own cases in parallel.
#include <algorithm>
#include <tbb/parallel_for.h>

#include "model/case_ops.h"
#include "model/help_effect.h"
#include "model/helpers.h"
#include "model/household_view.h"
#include "model/phases.h"

namespace wijksim {

namespace {

std::uint8_t taken_on(const World& w, int household, const InstitutionalCase& c) {
  return case_scope(w, household, c.institution) | domain_bit(c.key_guess);
}

}  // namespace

void review_and_close_cases(World& w) {
  const Parameters& p = w.params;
  tbb::parallel_for(std::size_t(0), w.helpers.size(), [&](std::size_t id) {
    Helper& h = w.helpers[id];
    if (h.caseload.empty()) return;
    Households& hh = w.households;
    std::erase_if(h.caseload, [&](std::int32_t household) {
      const auto i = std::size_t(household);
      const double worst = max_problem(hh.p[i], hh.has_children[i]);
      if (is_caseworker(h.type)) {
        const InstitutionalCase& c = hh.cases.of(i);
        const bool success = c.mode == Mode::protocol ? hh.p[i][std::size_t(c.institution)] < p.p_close
                                                      : max_problem_in(hh.p[i], taken_on(w, household, c)) < p.p_close;
        if (!success && w.week - c.opened < p.case_max_weeks) return false;
        close_case(w, household, false);
        return true;
      }
      InformalCase& c = informal_cases(hh, h.type).held(i);
      if (worst >= p.p_close && w.week - c.opened < p.case_max_weeks) return false;
      c = InformalCase{};
      return true;
    });
  });
}

}  // namespace wijksim
