#pragma once
// Small helpers over toml++ for scenario reading: where a node sits (for the
// "file:line:column: " prefix of every error), a table's entries in the order
// they were written, and the words for a node's type.
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace wijksim {

// Where values come from: a file, whose errors carry line:column, or a
// command-line setting, whose positions (in a one-line document made up from
// the setting) would mean nothing to the user.
struct ValueSource {
  std::string name;  // "scenarios/x.toml", or "--set room=abc"
  bool has_positions = true;

  // "scenarios/x.toml:4:8: ", or "scenarios/x.toml: " when the position is unknown.
  std::string at(const toml::source_region& where) const;
  std::string at(const toml::node& node) const { return at(node.source()); }
  std::string at(const toml::key& key) const { return at(key.source()); }
  std::string at() const { return name + ": "; }
};

// The document, or InputError "file:line:column: what toml++ found".
toml::table parse_toml(std::string_view text, const ValueSource& source);

struct TableEntry {
  const toml::key* key;
  const toml::node* node;
};

// A table's entries in file order. toml++ keeps them sorted by name, but the
// first error a user sees, and the order of a change's assignments, should
// follow the file.
std::vector<TableEntry> entries_in_file_order(const toml::table& table);

// The entry's text; InputError naming file, line and key if it is not a string.
const std::string& require_string(const TableEntry& entry, const ValueSource& source);

// "a string", "an integer", "a number", "a table", ... for "..., not a string".
std::string_view type_phrase(const toml::node& node);

// true for TOML integers and floats alike.
bool is_number(const toml::node& node);
double number_value(const toml::node& node);  // requires is_number(node)
// A number as a user would write it: "0.5", "20", "1e-06", "nan", "inf".
std::string number_text(double value);

}  // namespace wijksim
