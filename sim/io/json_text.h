#pragma once
// Text as a JSON string literal, quoted and escaped by nlohmann::json, for
// the JSON of `wijksim params` and `wijksim compare`. Those two lay out
// their objects by hand, one to a line with ", " and ": " between items,
// which nlohmann's dump does not write (it writes all on one line without
// spaces, or every item on a line of its own): tests pin that layout, and
// the parameters' JSON is digested into every results file, where a resumed
// sweep compares the digest with its own.
#include <string>
#include <string_view>

namespace wijksim {

// Text that is not UTF-8 (a file name may be any bytes) has U+FFFD in place
// of each bad byte, so the JSON stays readable.
std::string json_string(std::string_view text);

}  // namespace wijksim
