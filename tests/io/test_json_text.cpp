// JSON string literals for `wijksim params` and `wijksim compare`: every
// string reads back as the text it came from.
#include <gtest/gtest.h>

#include <string>

#include "io/json_text.h"

namespace wijksim {
namespace {

TEST(JsonText, QuotesAndEscapes) {
  EXPECT_EQ(json_string("room"), "\"room\"");
  EXPECT_EQ(json_string(""), "\"\"");
  EXPECT_EQ(json_string("say \"no\" \\ back"), "\"say \\\"no\\\" \\\\ back\"");
  EXPECT_EQ(json_string("a\nb\tc\rd"), "\"a\\nb\\tc\\rd\"");
  EXPECT_EQ(json_string(std::string("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(json_string(std::string("nul\0", 4)), "\"nul\\u0000\"");
}

TEST(JsonText, Utf8PassesThroughAndBadBytesBecomeReplacementCharacters) {
  EXPECT_EQ(json_string("B \u2212 A, 95 % CI, \u00fc"), "\"B \u2212 A, 95 % CI, \u00fc\"");
  EXPECT_EQ(json_string("results/run\xff.h5"), "\"results/run\ufffd.h5\"");
}

}  // namespace
}  // namespace wijksim
