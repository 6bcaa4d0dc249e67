#include "io/scenario_toml.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/errors.h"

namespace wijksim {

namespace {

// toml++ quotes what it saw, line breaks included; an error stays one line.
std::string one_line(std::string_view text) {
  std::string line;
  for (const char c : text) {
    if (c == '\n')
      line += "\\n";
    else if (c == '\r')
      line += "\\r";
    else if (c == '\t')
      line += "\\t";
    else if (static_cast<unsigned char>(c) < 0x20)
      line += '?';
    else
      line += c;
  }
  return line;
}

}  // namespace

toml::table parse_toml(std::string_view text, const ValueSource& source) {
  try {
    return toml::parse(text, std::string_view(source.name));
  } catch (const toml::parse_error& e) {
    throw InputError(source.at(e.source()) + one_line(e.description()));
  }
}

std::string ValueSource::at(const toml::source_region& where) const {
  if (!has_positions || where.begin.line == 0) return at();
  return name + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column) +
         ": ";
}

std::vector<TableEntry> entries_in_file_order(const toml::table& table) {
  std::vector<TableEntry> entries;
  for (auto&& [key, node] : table) entries.push_back({&key, &node});
  std::stable_sort(entries.begin(), entries.end(), [](const TableEntry& a, const TableEntry& b) {
    const auto& pa = a.key->source().begin;
    const auto& pb = b.key->source().begin;
    return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
  });
  return entries;
}

std::string_view type_phrase(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

bool is_number(const toml::node& node) { return node.is_integer() || node.is_floating_point(); }

double number_value(const toml::node& node) {
  if (const auto* i = node.as_integer()) return double(i->get());
  return node.as_floating_point()->get();
}

std::string number_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::ostringstream out;
  out.precision(12);
  out << value;
  return out.str();
}

const std::string& require_string(const TableEntry& entry, const ValueSource& source) {
  const auto* text = entry.node->as_string();
  if (!text)
    throw InputError(source.at(*entry.node) + std::string(entry.key->str()) + " must be a string, not " +
                     std::string(type_phrase(*entry.node)));
  return text->get();
}

}  // namespace wijksim
