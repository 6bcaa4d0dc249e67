// docs/output-format.md lists every outcome variable a run writes.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "engine/metrics.h"

namespace wijksim {
namespace {

TEST(MetricDocs, OutputFormatNamesEveryMetric) {
  std::ifstream in(std::string(WIJKSIM_SOURCE_DIR) + "/docs/output-format.md");
  ASSERT_TRUE(in) << "docs/output-format.md is missing";
  std::stringstream text;
  text << in.rdbuf();
  for (const MetricSpec& m : metric_table())
    EXPECT_NE(text.str().find("| `" + std::string(m.name) + "` |"), std::string::npos)
        << m.name << " is not in docs/output-format.md's table of outcome variables";
}

TEST(MetricDocs, NamesAreUnique) {
  std::set<std::string_view> seen;
  for (const MetricSpec& m : metric_table()) EXPECT_TRUE(seen.insert(m.name).second) << m.name;
}

}  // namespace
}  // namespace wijksim
