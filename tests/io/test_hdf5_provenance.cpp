// What a results file records about its origin: root attributes, the typed
// parameters group, the provenance group, and the scenario digest.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <regex>
#include <string>

#include "io/hdf5_output.h"
#include "io/hdf5_test_support.h"
#include "io/sha256.h"

namespace wijksim {
namespace {

using testing::ScratchDirectory;

TEST(Sha256, MatchesPublishedAndReferenceDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Lengths around the 56- and 64-byte padding boundaries.
  EXPECT_EQ(sha256_hex(std::string(55, 'x')), "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
  EXPECT_EQ(sha256_hex(std::string(56, 'x')), "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
  EXPECT_EQ(sha256_hex(std::string(63, 'x')), "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2");
  EXPECT_EQ(sha256_hex(std::string(64, 'x')), "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
  EXPECT_EQ(sha256_hex(std::string(65, 'x')), "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9");
  EXPECT_EQ(sha256_hex("Zuidoost \xe2\x80\x94 \xe2\x82\xac"),
            "b4ee2e6a868040b0a282e219bb17d562060da76172115da60b4302859a3a666f");
}

// Raw HDF5 access, so these tests check the file itself and not our reader.
class RawFile {
 public:
  explicit RawFile(const std::filesystem::path& path)
      : id_(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {}
  ~RawFile() { H5Fclose(id_); }
  RawFile(const RawFile&) = delete;
  RawFile& operator=(const RawFile&) = delete;
  hid_t id() const { return id_; }

 private:
  hid_t id_;
};

std::string text_attribute(hid_t object, const char* name) {
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  if (attribute < 0) return "(missing)";
  const hid_t type = H5Aget_type(attribute);
  std::string text = "(not fixed-length text)";
  if (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) == 0) {
    text.assign(H5Tget_size(type), '\0');
    H5Aread(attribute, type, text.data());
    text.resize(text.find_last_not_of('\0') + 1);
  }
  H5Tclose(type);
  H5Aclose(attribute);
  return text;
}

std::string text_dataset(hid_t group, const char* name) {
  const hid_t dataset = H5Dopen2(group, name, H5P_DEFAULT);
  if (dataset < 0) return "(missing)";
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  char* text = nullptr;
  std::string result = "(unreadable)";
  if (H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text) >= 0 && text != nullptr) {
    result = text;
    H5free_memory(text);
  }
  H5Tclose(type);
  H5Dclose(dataset);
  return result;
}

struct AttributeShape {
  H5T_class_t type_class;
  std::size_t size;
  hssize_t points;
  bool scalar;
};

AttributeShape shape_of(hid_t object, const char* name) {
  const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
  if (attribute < 0) return {H5T_NO_CLASS, 0, 0, false};
  const hid_t type = H5Aget_type(attribute);
  const hid_t space = H5Aget_space(attribute);
  const AttributeShape shape{H5Tget_class(type), H5Tget_size(type), H5Sget_simple_extent_npoints(space),
                             H5Sget_simple_extent_type(space) == H5S_SCALAR};
  H5Sclose(space);
  H5Tclose(type);
  H5Aclose(attribute);
  return shape;
}

std::filesystem::path write_file(const ScratchDirectory& dir, const Parameters& parameters,
                                 const Provenance& provenance) {
  const auto path = dir / "provenance.h5";
  Hdf5Output::create(path, testing::test_layout(1, 2, 1), parameters, provenance).commit();
  return path;
}

TEST(Hdf5Provenance, RootAttributesIdentifyFormatSourceAndScenario) {
  ScratchDirectory dir;
  Provenance provenance = testing::test_provenance("zuidoost");
  provenance.scenario_text = "# Zuidoost \xe2\x80\x94 \xe2\x82\xac\n[bending]\nroom = 0.5\n";
  const RawFile file(write_file(dir, Parameters::defaults(), provenance));
  ASSERT_GE(file.id(), 0);
  EXPECT_EQ(text_attribute(file.id(), "wijksim_format"), "1");
  EXPECT_EQ(text_attribute(file.id(), "Conventions"), "CF-1.8");
  EXPECT_EQ(text_attribute(file.id(), "scenario_name"), "zuidoost");
  EXPECT_EQ(text_attribute(file.id(), "scenario_sha256"), sha256_hex(provenance.scenario_text));
  EXPECT_TRUE(std::regex_match(text_attribute(file.id(), "source"), std::regex("wijksim [0-9]+\\.[0-9]+\\.[0-9]+")));
  const std::string created = text_attribute(file.id(), "created");
  EXPECT_TRUE(std::regex_match(created, std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")))
      << created;
  EXPECT_EQ(text_attribute(file.id(), "history"), created + " " + provenance.command_line);
  EXPECT_NE(text_attribute(file.id(), "git_commit"), "(missing)");
}

TEST(Hdf5Provenance, ProvenanceGroupHoldsScenarioTextCommandLineAndBuild) {
  ScratchDirectory dir;
  Provenance provenance = testing::test_provenance("zuidoost");
  provenance.scenario_text = "# Zuidoost \xe2\x80\x94 \xe2\x82\xac\n" + std::string(100'000, '#') + "\n";
  const RawFile file(write_file(dir, Parameters::defaults(), provenance));
  const hid_t group = H5Gopen2(file.id(), "provenance", H5P_DEFAULT);
  ASSERT_GE(group, 0);
  EXPECT_EQ(text_dataset(group, "scenario_text"), provenance.scenario_text);
  EXPECT_EQ(text_attribute(group, "command_line"), provenance.command_line);
  EXPECT_EQ(text_attribute(group, "scenario_path"), provenance.scenario_path);
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  EXPECT_EQ(text_attribute(group, "hdf5_version"),
            std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release));
  for (const char* name : {"wijksim_version", "compiler", "build_type", "boost_version", "tbb_version"})
    EXPECT_NE(text_attribute(group, name), "(missing)") << name;
  H5Gclose(group);
}

TEST(Hdf5Provenance, ParametersJsonDescribesEveryParameterWithItsValue) {
  ScratchDirectory dir;
  Parameters p = Parameters::defaults();
  p.room[3] = 0.9;
  const RawFile file(write_file(dir, p, testing::test_provenance()));
  const hid_t group = H5Gopen2(file.id(), "provenance", H5P_DEFAULT);
  ASSERT_GE(group, 0);
  const std::string json = text_dataset(group, "parameters_json");
  H5Gclose(group);
  EXPECT_NE(json.find("\"key\": \"bending.room\""), std::string::npos);
  EXPECT_NE(json.find("\"default\": [0.3, 0.3, 0.3, 0.3, 0.3], \"value\": [0.3, 0.3, 0.3, 0.9, 0.3]"),
            std::string::npos);
  EXPECT_NE(json.find("\"name\": \"bp_emergence\""), std::string::npos);
  std::size_t objects = 0;
  for (std::size_t at = json.find("{\"name\""); at != std::string::npos; at = json.find("{\"name\"", at + 1))
    ++objects;
  EXPECT_EQ(objects, parameter_table().size());
}

TEST(Hdf5Provenance, ParameterAttributesAreTypedByKind) {
  ScratchDirectory dir;
  Parameters p = Parameters::defaults();
  p.recruit_channel = RecruitChannel::scouts;
  {
    const RawFile file(write_file(dir, p, testing::test_provenance()));
    const hid_t group = H5Gopen2(file.id(), "parameters", H5P_DEFAULT);
    ASSERT_GE(group, 0);
    const AttributeShape integer = shape_of(group, "n_neighbourhoods");
    EXPECT_EQ(integer.type_class, H5T_INTEGER);
    EXPECT_TRUE(integer.scalar);
    const AttributeShape real = shape_of(group, "rewire_p");
    EXPECT_EQ(real.type_class, H5T_FLOAT);
    EXPECT_EQ(real.size, 8u);
    EXPECT_TRUE(real.scalar);
    const AttributeShape per_institution = shape_of(group, "room");
    EXPECT_EQ(per_institution.type_class, H5T_FLOAT);
    EXPECT_EQ(per_institution.points, 5);
    EXPECT_FALSE(per_institution.scalar);
    EXPECT_EQ(text_attribute(group, "recruit_channel"), "scouts");
    EXPECT_EQ(text_attribute(group, "bp_emergence"), "auto");
    H5Gclose(group);
  }
  p.bp_emergence = 0.5;
  const RawFile file(write_file(dir, p, testing::test_provenance()));
  const hid_t group = H5Gopen2(file.id(), "parameters", H5P_DEFAULT);
  const AttributeShape set = shape_of(group, "bp_emergence");
  EXPECT_EQ(set.type_class, H5T_FLOAT);
  H5Gclose(group);
}

}  // namespace
}  // namespace wijksim
