#pragma once
// What `wijksim compare` found, and its three ways of saying it: a table for
// people, CSV for spreadsheets, JSON for programs (the analysis package reads
// it). All three carry the same numbers.
#include <string>
#include <utility>
#include <vector>

#include "engine/key_outcomes.h"

namespace wijksim::cli {

struct OutcomeDifference {
  const KeyOutcome* outcome = nullptr;
  double a_mean = 0.0;  // over the pairs with a value in both files, in reported units
  double b_mean = 0.0;
  MeanInterval difference;  // of B − A per pair
  std::string text;         // describe_difference
};

struct CellDifferences {
  int cell = 0;
  std::vector<std::pair<std::string, double>> parameters;
  int pairs = 0;
  std::vector<OutcomeDifference> outcomes;
};

struct ComparedFile {
  std::string path;
  std::string scenario;
  int runs = 0;  // done runs
};

// A parameter set differently in A's and B's base scenarios, as stored.
struct ParameterChange {
  std::string name;
  std::string a;
  std::string b;
};

struct ComparisonReport {
  ComparedFile a, b;
  std::vector<ParameterChange> changed;  // what B sets otherwise than A
  int first_week = 1;  // recorded weeks averaged over, 1-based and inclusive
  int last_week = 0;
  int pairs = 0;
  std::vector<CellDifferences> cells;
};

std::string format_comparison_table(const ComparisonReport& report);
std::string format_comparison_csv(const ComparisonReport& report);
std::string format_comparison_json(const ComparisonReport& report);

}  // namespace wijksim::cli
