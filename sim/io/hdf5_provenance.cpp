#include "io/hdf5_provenance.h"

#include <boost/version.hpp>
#include <oneapi/tbb/version.h>

#include <ctime>

#include "build_info.h"
#include "io/hdf5_attributes.h"
#include "io/hdf5_objects.h"
#include "io/hdf5_parameters.h"
#include "io/hdf5_schema.h"
#include "io/library_versions.h"
#include "io/sha256.h"

namespace wijksim::hdf5 {

namespace {

// BOOST_LIB_VERSION spells 1.74 as "1_74".
std::string boost_version() {
  std::string version = BOOST_LIB_VERSION;
  for (char& c : version)
    if (c == '_') c = '.';
  return version;
}

}  // namespace

std::string utc_timestamp_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void write_root_attributes(hid_t file, const Provenance& provenance, std::string_view created) {
  write_text_attribute(file, hdf5_schema::kFormatAttribute, hdf5_schema::kFormatVersion);
  write_text_attribute(file, "Conventions", "CF-1.8");
  write_text_attribute(file, "title",
                       provenance.sweep_text.empty()
                           ? "wijksim results for scenario " + provenance.scenario_name
                           : "wijksim sweep " + provenance.sweep_name + " over scenario " + provenance.scenario_name);
  write_text_attribute(file, "source", std::string("wijksim ") + build::version);
  write_text_attribute(file, "git_commit", build::git_commit);
  write_text_attribute(file, "created", created);
  write_text_attribute(file, "scenario_name", provenance.scenario_name);
  write_text_attribute(file, hdf5_schema::kScenarioSha256, sha256_hex(provenance.scenario_text));
  if (!provenance.sweep_text.empty()) {
    write_text_attribute(file, hdf5_schema::kSweepName, provenance.sweep_name);
    write_text_attribute(file, hdf5_schema::kSweepSha256, sha256_hex(provenance.sweep_text));
    write_text_attribute(file, hdf5_schema::kSweepSettings, provenance.sweep_settings);
    write_text_attribute(file, hdf5_schema::kShard, provenance.shard);
  }
  // CF's history: one line per program that touched the file, timestamp first.
  write_text_attribute(file, "history", std::string(created) + " " + provenance.command_line);
}

void write_provenance_group(hid_t file, const Parameters& parameters, const Provenance& provenance,
                            std::string_view created) {
  Group group = create_group(file, hdf5_schema::kProvenanceGroup);
  write_text_attribute(group.get(), "scenario_name", provenance.scenario_name);
  write_text_attribute(group.get(), "scenario_path", provenance.scenario_path);
  write_text_attribute(group.get(), "command_line", provenance.command_line);
  write_text_attribute(group.get(), "created", created);
  write_text_attribute(group.get(), "wijksim_version", build::version);
  write_text_attribute(group.get(), "git_commit", build::git_commit);
  write_text_attribute(group.get(), "compiler", build::compiler);
  write_text_attribute(group.get(), "build_type", build::build_type);
  write_text_attribute(group.get(), "hdf5_version", hdf5_version());
  write_text_attribute(group.get(), "boost_version", boost_version());
  write_text_attribute(group.get(), "tbb_version", TBB_runtime_version());
  // Texts of unbounded length go in datasets: attributes are limited to 64 KiB.
  write_text_dataset(group.get(), "scenario_text", provenance.scenario_text);
  if (!provenance.sweep_text.empty()) {
    write_text_attribute(group.get(), "sweep_name", provenance.sweep_name);
    write_text_attribute(group.get(), "sweep_path", provenance.sweep_path);
    write_text_dataset(group.get(), "sweep_text", provenance.sweep_text);
  }
  write_text_dataset(group.get(), "parameters_json", parameters_json(parameters));
}

}  // namespace wijksim::hdf5
