#include "engine/scenario.h"

namespace wijksim {

void apply(Parameters& p, const ParameterAssignment& a) {
  if (a.index >= 0) {
    set_value(p, *a.spec, a.index, a.value);
    return;
  }
  for (int i = 0; i < a.spec->width(); ++i) set_value(p, *a.spec, i, a.value);
}

}  // namespace wijksim
