#pragma once
// What the command line says about itself: help without CLI11's type names,
// and, for a mistyped subcommand or flag, the one that was probably meant.
#include <string>

#include <CLI/CLI.hpp>

namespace wijksim::cli {

// Replaces CLI11's value names ("INT:INT in [1 - 4096]", "UINT:UINT",
// "TEXT:{a,b}") by plain ones (N, X, FILE, TEXT, {a,b}), in `app` and every
// subcommand; positionals show only their name. Call once every option exists.
void plain_value_names(CLI::App& app);

// Why the command line could not be parsed, in place of CLI11's message when
// a word is a misspelling: "unknown command 'rn'; did you mean 'run'? ..." or
// "run has no option --seeed; did you mean --seed?". Empty when it cannot tell.
std::string misspelling_hint(const CLI::App& app, int argc, const char* const* argv);

}  // namespace wijksim::cli
