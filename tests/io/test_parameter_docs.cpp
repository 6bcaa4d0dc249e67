// The parameter docs are generated from the one table; these tests check each
// format's shape and that the committed copies (scenarios/defaults.toml and the
// parameter section of docs/ODD.md) match what the table produces now.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <toml++/toml.h>

#include "core/parameters.h"
#include "io/parameter_docs.h"
#include "io/scenario_loader.h"

namespace wijksim {
namespace {

const std::filesystem::path kSourceDir = WIJKSIM_SOURCE_DIR;
constexpr std::string_view kBeginMarker = "<!-- parameters:begin -->\n";
constexpr std::string_view kEndMarker = "<!-- parameters:end -->";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t count_of(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The value a TOML node holds for element `index` of a parameter, as the
// parameter table stores it (choice index, NaN for "auto").
double toml_value_at(const toml::node& node, const ParameterSpec& spec, int index) {
  const toml::node* element = &node;
  if (const toml::array* array = node.as_array()) element = array->get(std::size_t(index));
  if (element == nullptr) return -1e300;
  if (const auto text = element->value<std::string>()) {
    if (*text == "auto") return std::nan("");
    for (std::size_t i = 0; i < spec.choices.size(); ++i)
      if (spec.choices[i] == *text) return double(i);
    return -1e300;
  }
  if (spec.kind == ParameterKind::integer)
    return element->is_integer() ? double(*element->value<std::int64_t>()) : -1e300;
  return element->is_floating_point() ? *element->value<double>() : -1e300;
}

void expect_toml_holds(const std::string& text, const Parameters& expected) {
  toml::table file;
  try {
    file = toml::parse(std::string_view(text), std::string_view("defaults.toml"));
  } catch (const toml::parse_error& e) {
    FAIL() << "not valid TOML: " << e.description() << " at line " << e.source().begin.line;
  }
  for (const ParameterSpec& spec : parameter_table()) {
    const toml::node* node = file[spec.group][spec.name].node();
    ASSERT_NE(node, nullptr) << spec.qualified_name() << " missing";
    for (int i = 0; i < spec.width(); ++i) {
      const double want = get_value(expected, spec, i);
      const double got = toml_value_at(*node, spec, i);
      if (std::isnan(want))
        EXPECT_TRUE(std::isnan(got)) << spec.qualified_name();
      else
        EXPECT_EQ(got, want) << spec.qualified_name() << "[" << i << "]";
    }
  }
}

TEST(ParameterDocs, TomlIsValidAndHoldsEveryDefaultExactly) {
  expect_toml_holds(format_parameters(Parameters::defaults(), ParameterFormat::toml),
                    Parameters::defaults());
}

TEST(ParameterDocs, TomlWritesArraysForUnequalInstitutionsAndNumbersForAuto) {
  Parameters p = Parameters::defaults();
  p.room = {0.1, 0.2, 0.3, 0.4, 0.5};
  p.protocol_source = {ProtocolSource::local, ProtocolSource::city, ProtocolSource::foreign,
                       ProtocolSource::city, ProtocolSource::city};
  p.recruit_channel = RecruitChannel::scouts;
  p.bp_emergence = 0.5;
  const std::string text = format_parameters(p, ParameterFormat::toml);
  EXPECT_NE(text.find("room = [0.1, 0.2, 0.3, 0.4, 0.5]\n"), std::string::npos);
  EXPECT_NE(text.find("protocol_source = [\"local\", \"city\", \"foreign\", \"city\", \"city\"]\n"),
            std::string::npos);
  EXPECT_NE(text.find("bp_emergence = 0.5\n"), std::string::npos);
  expect_toml_holds(text, p);
}

// Every value of `got` equals `want`, bit for bit (NaN for an unset "auto").
void expect_same_parameters(const Parameters& got, const Parameters& want) {
  for (const ParameterSpec& spec : parameter_table())
    for (int i = 0; i < spec.width(); ++i) {
      const double g = get_value(got, spec, i);
      const double w = get_value(want, spec, i);
      if (std::isnan(w))
        EXPECT_TRUE(std::isnan(g)) << spec.qualified_name();
      else
        EXPECT_EQ(g, w) << spec.qualified_name() << "[" << i << "]";
    }
}

TEST(ParameterDocs, TomlLoadsBackThroughTheScenarioLoaderToExactlyTheDefaults) {
  const Scenario scenario =
      parse_scenario(format_parameters(Parameters::defaults(), ParameterFormat::toml), "defaults.toml");
  expect_same_parameters(scenario.parameters, Parameters::defaults());
  EXPECT_TRUE(scenario.changes.empty());
  EXPECT_FALSE(scenario.seed.has_value());
  EXPECT_EQ(scenario.name, "defaults");
}

TEST(ParameterDocs, TomlOfChangedValuesLoadsBackToThem) {
  Parameters p = Parameters::defaults();
  p.room = {0.1, 0.2, 0.3, 0.4, 0.5};
  p.protocol_source = {ProtocolSource::local, ProtocolSource::city, ProtocolSource::foreign,
                       ProtocolSource::city, ProtocolSource::city};
  p.u_ed = {0.1, 0.2, 0.3, 0.4, 0.5};
  p.recruit_channel = RecruitChannel::scouts;
  p.bp_emergence = 0.5;
  p.spill_rate = 0.1 / 3.0;  // needs all 17 digits to come back exactly
  p.n_neighbourhoods = 3;
  const Scenario scenario = parse_scenario(format_parameters(p, ParameterFormat::toml), "changed.toml");
  expect_same_parameters(scenario.parameters, p);
}

TEST(ParameterDocs, CommittedDefaultsTomlLoadsToTheDefaults) {
  const Scenario scenario = load_scenario(kSourceDir / "scenarios" / "defaults.toml");
  expect_same_parameters(scenario.parameters, Parameters::defaults());
}

TEST(ParameterDocs, RealParametersAreTomlFloatsAndIntegersTomlIntegers) {
  const std::string text = format_parameters(Parameters::defaults(), ParameterFormat::toml);
  EXPECT_NE(text.find("\nn_neighbourhoods = 20\n"), std::string::npos);
  EXPECT_NE(text.find("\nvuln_a = 2.0\n"), std::string::npos);
  EXPECT_NE(text.find("\nbend_0 = -12.5\n"), std::string::npos);
}

TEST(ParameterDocs, MarkdownHasOneSectionPerGroupAndOneRowPerParameter) {
  const std::string text = format_parameters(Parameters::defaults(), ParameterFormat::markdown);
  std::set<std::string_view> groups;
  for (const ParameterSpec& spec : parameter_table()) {
    groups.insert(spec.group);
    EXPECT_EQ(count_of(text, "| `" + std::string(spec.name) + "` |"), 1u) << spec.name;
  }
  EXPECT_EQ(count_of(text, "\n### "), groups.size());
  EXPECT_NE(text.find("| `recruit_channel` | - | `ads` | `ads`, `scouts` | yes |"), std::string::npos);
}

TEST(ParameterDocs, TableAndJsonNameEveryParameter) {
  const std::string table = format_parameters(Parameters::defaults(), ParameterFormat::table);
  const std::string json = format_parameters(Parameters::defaults(), ParameterFormat::json);
  for (const ParameterSpec& spec : parameter_table()) {
    EXPECT_NE(table.find("  " + std::string(spec.name) + " "), std::string::npos) << spec.name;
    EXPECT_EQ(count_of(json, "{\"name\": \"" + std::string(spec.name) + "\","), 1u) << spec.name;
  }
  EXPECT_EQ(json.front(), '[');
  EXPECT_EQ(count_of(json, "\n  {"), parameter_table().size());
}

TEST(ParameterDocs, CommittedDefaultsTomlMatchesTheTable) {
  const std::filesystem::path path = kSourceDir / "scenarios" / "defaults.toml";
  ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing: run scripts/gen-docs";
  EXPECT_TRUE(read_file(path) == format_parameters(Parameters::defaults(), ParameterFormat::toml))
      << "scenarios/defaults.toml differs from the parameter table: run scripts/gen-docs";
}

TEST(ParameterDocs, CommittedOddParameterSectionMatchesTheTable) {
  const std::filesystem::path path = kSourceDir / "docs" / "ODD.md";
  ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing: run scripts/gen-docs";
  const std::string text = read_file(path);
  const std::size_t begin = text.find(kBeginMarker);
  const std::size_t end = text.find(kEndMarker);
  ASSERT_TRUE(begin != std::string::npos && end != std::string::npos && begin < end)
      << "docs/ODD.md lacks the lines " << kBeginMarker << " and " << kEndMarker;
  const std::string section = text.substr(begin + kBeginMarker.size(), end - begin - kBeginMarker.size());
  EXPECT_TRUE(section == format_parameters(Parameters::defaults(), ParameterFormat::markdown))
      << "the parameter section of docs/ODD.md differs from the parameter table: run scripts/gen-docs";
}

}  // namespace
}  // namespace wijksim
