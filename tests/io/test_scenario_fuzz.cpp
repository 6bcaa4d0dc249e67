// Damaged scenario files: whatever the bytes, parsing either succeeds or
// throws InputError with a one-line message naming the file -- never a crash,
// another exception type, or a value outside its range.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "core/errors.h"
#include "io/scenario_loader.h"
#include "io/text_file.h"

namespace wijksim {
namespace {

// Pieces a mutation splices in: the characters and words that matter to TOML
// and to the scenario format.
constexpr std::string_view kPieces[] = {
    "[", "]", "[[", "]]", "{", "}", "=", ",", "\"", "'", "\n", ".", "#", "-", "1e999", "nan",
    "inf", "-1", "0", "99999999999999999999", "auto", "room", "week", "changes", "bending",
    "police", "true", "2024-01-01", "\\u0000", "\xff", "[[changes]]\nweek = 3\n"};

std::string mutate(std::string text, std::mt19937& rng) {
  // Raw engine output only: std:: distributions differ between libraries.
  const auto pick = [&](std::size_t n) { return n == 0 ? 0 : std::size_t(rng() % n); };
  const int edits = 1 + int(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    const std::size_t at = pick(text.size() + 1);
    switch (rng() % 3) {
      case 0:
        text.insert(at, kPieces[pick(std::size(kPieces))]);
        break;
      case 1:
        text.erase(at, 1 + pick(8));
        break;
      default:
        if (at < text.size()) text[at] = char(rng() % 128);
    }
  }
  return text;
}

TEST(ScenarioFuzz, DamagedFilesGiveOneLineInputErrorsOrValidScenarios) {
  const auto dir = std::filesystem::path(WIJKSIM_SOURCE_DIR) / "scenarios";
  std::mt19937 rng(20240607);
  int accepted = 0;
  int rejected = 0;
  for (const char* file : {"policy_from_year_3.toml", "protocol_only.toml", "defaults.toml"}) {
    const std::string original = read_text_file(dir / file);
    for (int round = 0; round < 400; ++round) {
      const std::string text = mutate(original, rng);
      try {
        const Scenario s = parse_scenario(text, "fuzz.toml");
        ++accepted;
        for (const ParameterSpec& spec : parameter_table())
          for (int i = 0; i < spec.width(); ++i)
            ASSERT_FALSE(check_value(spec, get_value(s.parameters, spec, i)).has_value())
                << spec.qualified_name() << " in:\n" << text;
      } catch (const InputError& e) {
        ++rejected;
        const std::string message = e.what();
        ASSERT_EQ(message.rfind("fuzz.toml", 0), 0u) << message;
        ASSERT_EQ(message.find('\n'), std::string::npos) << message;
      }
    }
  }
  // Both outcomes must occur, or the mutations test nothing.
  EXPECT_GT(accepted, 0);
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace wijksim
