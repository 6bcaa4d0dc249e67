#include "cli/usage_help.h"

#include <string_view>
#include <vector>

#include "io/scenario_keys.h"

namespace wijksim::cli {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

std::string plain_value_name(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  if (const auto brace = type.find('{'); brace != std::string::npos) return type.substr(brace);
  if (type.find("INT") != std::string::npos) return "N";
  if (type.find("FLOAT") != std::string::npos) return "X";
  if (type != "TEXT") return type;  // a name given on purpose: KEY=VALUE, I/N, WEEKS
  if (option.check_lname("output")) return "FILE";
  if (option.check_lname("host")) return "ADDRESS";
  return "VALUE";
}

std::vector<std::string> long_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options())
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  return names;
}

std::optional<std::string> nearest(const std::string& word, const std::vector<std::string>& names) {
  const std::vector<std::string_view> views(names.begin(), names.end());
  return nearest_name(word, views);
}

std::string joined(const std::vector<std::string>& names) {
  const std::vector<std::string_view> views(names.begin(), names.end());
  return join_names(views);
}

}  // namespace

// CLI11 appends each validator's description to the value name; the
// option's own description says the range or the choices instead.
void hide_validator_descriptions(CLI::Option& option) {
  for (int index = 0;; ++index) {
    try {
      option.get_validator(index)->description("");
    } catch (const CLI::OptionNotFound&) {
      return;
    }
  }
}

void plain_value_names(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) {
    if (option->get_type_name().empty()) continue;
    const std::string plain = option->nonpositional() ? plain_value_name(*option) : "";
    hide_validator_descriptions(*option);
    option->type_name(plain);
  }
  for (CLI::App* subcommand : app.get_subcommands({})) plain_value_names(*subcommand);
}

std::string misspelling_hint(const CLI::App& app, int argc, const char* const* argv) {
  std::vector<std::string> commands;
  for (const CLI::App* subcommand : app.get_subcommands({})) commands.push_back(subcommand->get_name());
  const CLI::App* chosen = nullptr;
  std::string first_word;
  for (int i = 1; i < argc && chosen == nullptr; ++i) {
    const std::string word = argv[i];
    for (const CLI::App* subcommand : app.get_subcommands({}))
      if (subcommand->get_name() == word) chosen = subcommand;
    // The value of a global option is no command: -j 2, --progress never.
    const bool value_of_option = i > 1 && (std::string_view(argv[i - 1]) == "-j" ||
                                           std::string_view(argv[i - 1]) == "--threads" ||
                                           std::string_view(argv[i - 1]) == "--progress");
    if (first_word.empty() && !word.empty() && word[0] != '-' && !value_of_option) first_word = word;
  }
  if (chosen == nullptr) {
    if (first_word.empty()) return "";
    const auto near = nearest(first_word, commands);
    return "unknown command '" + first_word + "'" + (near ? "; did you mean '" + *near + "'?" : "") +
           " (commands: " + joined(commands) + ")";
  }
  std::vector<std::string> known = long_names(*chosen);
  for (const std::string& global : long_names(app)) known.push_back(global);
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (!starts_with(word, "--") || word == "--") continue;
    word = word.substr(0, word.find('='));
    bool found = false;
    for (const std::string& name : known) found = found || name == word;
    if (found) continue;
    const auto near = nearest(word, known);
    return chosen->get_name() + " has no option " + word + (near ? "; did you mean " + *near + "?" : "") +
           " (wijksim " + chosen->get_name() + " --help lists them)";
  }
  return "";
}

}  // namespace wijksim::cli
