// Sweep files: a scenario and the parameters to vary, read into a design.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "core/errors.h"
#include "io/sweep_loader.h"

namespace wijksim {
namespace {

class SweepFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("wijksim-sweep-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    write("base.toml", "name = \"base\"\n[scale]\nn_neighbourhoods = 2\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  std::string error_of(const std::string& text) {
    try {
      load_sweep(write("s.toml", text));
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }

  std::filesystem::path dir_;
};

TEST_F(SweepFiles, GridWithListRangeSelectorAndZip) {
  const Sweep s = load_sweep(write("s.toml", R"(
scenario = "base.toml"
replicates = 3
base_seed = 7
[vary]
bending.room = [0, 0.5, 1]
bending.backing = { start = 0, stop = 1, step = 0.25 }
bending.contact_freq = { police = [0.05, 1] }
recruit_channel = ["ads", "scouts"]
[[zip]]
problems.spill_rate = [0.02, 0.03]
problems.shock_rate = [0.003, 0.005]
)"));
  EXPECT_EQ(s.name, "s");
  EXPECT_EQ(s.base.name, "base");
  EXPECT_EQ(s.base.parameters.n_neighbourhoods, 2);
  EXPECT_EQ(s.design.kind, DesignKind::grid);
  EXPECT_EQ(s.design.replicates, 3);
  EXPECT_EQ(s.design.base_seed, 7u);
  ASSERT_EQ(s.design.axes.size(), 4u);
  EXPECT_EQ(s.design.axes[0].values, (std::vector<double>{0, 0.5, 1}));
  EXPECT_EQ(s.design.axes[1].values, (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
  EXPECT_EQ(s.design.axes[2].index, 3);  // police
  EXPECT_EQ(s.design.axes[3].values, (std::vector<double>{0, 1}));
  ASSERT_EQ(s.design.zips.size(), 1u);
  EXPECT_EQ(s.design.zips[0].axes.size(), 2u);
  EXPECT_EQ(expand(s.design).size(), std::size_t(3 * 5 * 2 * 2 * 2 * 3));
}

TEST_F(SweepFiles, LatinHypercubeBounds) {
  const Sweep s = load_sweep(write("s.toml", R"(
scenario = "base.toml"
design = "lhs"
samples = 10
[vary]
problems.spill_rate = { min = 0.015, max = 0.035 }
)"));
  EXPECT_EQ(s.design.kind, DesignKind::lhs);
  EXPECT_EQ(s.design.samples, 10);
  EXPECT_EQ(s.design.axes[0].values, (std::vector<double>{0.015, 0.035}));
}

TEST_F(SweepFiles, SobolDesignsReadBounds) {
  const Sweep s = load_sweep(write("s.toml", R"(
scenario = "base.toml"
design = "sobol"
samples = 8
replicates = 2
[vary]
bending.room = { min = 0, max = 1 }
bending.backing = { min = 0, max = 1 }
)"));
  EXPECT_EQ(s.design.kind, DesignKind::sobol);
  EXPECT_EQ(expand(s.design).size(), std::size_t(8 * (2 + 2) * 2));
}

TEST_F(SweepFiles, ErrorsNameFileLineKeyAndRange) {
  EXPECT_NE(error_of("[vary]\nbending.room = [0, 1]\n").find("must name its scenario"), std::string::npos);
  const std::string typo = error_of("scenario = \"base.toml\"\nreplicate = 3\n");
  EXPECT_NE(typo.find("s.toml:2:1"), std::string::npos) << typo;
  EXPECT_NE(typo.find("did you mean 'replicates'"), std::string::npos) << typo;
  const std::string unknown = error_of("scenario = \"base.toml\"\n[vary]\nbending.rooom = [0, 1]\n");
  EXPECT_NE(unknown.find("bending.room"), std::string::npos) << unknown;
  const std::string range = error_of("scenario = \"base.toml\"\n[vary]\nbending.room = [0, 1.5]\n");
  EXPECT_NE(range.find("s.toml:3:"), std::string::npos) << range;
  EXPECT_NE(range.find("bending.room = 1.5 is outside the allowed range [0, 1]"), std::string::npos) << range;
  const std::string design = error_of("scenario = \"base.toml\"\ndesign = \"halton\"\n");
  EXPECT_NE(design.find("grid, lhs, sobol"), std::string::npos) << design;
  const std::string zip = error_of(
      "scenario = \"base.toml\"\n[[zip]]\nbending.room = [0, 1]\nbending.backing = [0, 0.5, 1]\n");
  EXPECT_NE(zip.find("s.toml"), std::string::npos) << zip;
  EXPECT_NE(error_of("scenario = \"base.toml\"\ndesign = \"lhs\"\n").find("samples"), std::string::npos);
  EXPECT_NE(error_of("scenario = \"base.toml\"\nreplicates = 0\n").find("at least 1"), std::string::npos);
}

TEST_F(SweepFiles, AMissingScenarioIsNamedWhereTheSweepNamesIt) {
  const std::string message = error_of("replicates = 2\nscenario = \"nowhere.toml\"\n");
  EXPECT_EQ(message.rfind((dir_ / "s.toml").string() + ":2:", 0), 0u) << message;
  EXPECT_NE(message.find("scenario = \"nowhere.toml\" (relative to the sweep file)"), std::string::npos) << message;
  EXPECT_NE(message.find("No such file"), std::string::npos) << message;
}

// Found by the sweep loader's fuzz target: a tab in the name gave an error
// that began with the mangled name instead of the sweep file.
TEST_F(SweepFiles, AScenarioNameWithControlCharactersIsRefused) {
  for (const char* name : {"t\\tny.toml", "a\\nb.toml"}) {
    const std::string message = error_of(std::string("scenario = \"") + name + "\"\n");
    EXPECT_EQ(message.rfind((dir_ / "s.toml").string() + ":1:", 0), 0u) << message;
    EXPECT_NE(message.find("without control characters"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(SweepText, SweepsAreToldFromScenarios) {
  EXPECT_TRUE(is_sweep_text("scenario = \"a.toml\"\n"));
  EXPECT_TRUE(is_sweep_text("[vary]\nbending.room = [0, 1]\n"));
  EXPECT_FALSE(is_sweep_text("[bending]\nroom = 0.5\n"));
  EXPECT_FALSE(is_sweep_text("[bending\n"));
}

}  // namespace
}  // namespace wijksim

namespace wijksim {
namespace {

std::size_t runs_of(const std::string& file) {
  return expand(load_sweep(std::string(WIJKSIM_SOURCE_DIR) + "/scenarios/sweeps/" + file).design).size();
}

TEST(ReadySweeps, LoadWithTheRunsTheirHeadersPromise) {
  EXPECT_EQ(runs_of("room_backing_grid.toml"), 500u);
  EXPECT_EQ(runs_of("recruitment.toml"), 200u);
  EXPECT_EQ(runs_of("sensitivity_sobol.toml"), 1408u);
}

TEST(ReadySweeps, EveryFileInTheFolderLoads) {
  for (const auto& entry : std::filesystem::directory_iterator(std::string(WIJKSIM_SOURCE_DIR) + "/scenarios/sweeps")) {
    SCOPED_TRACE(entry.path().string());
    EXPECT_NO_THROW(load_sweep(entry.path()));
  }
}

}  // namespace
}  // namespace wijksim
