#pragma once
// Text as a JSON string literal, quoted and escaped (RFC 8259): for the
// parameter table and `wijksim compare`, which write JSON by hand.
#include <string>
#include <string_view>

namespace wijksim {

std::string json_string(std::string_view text);

}  // namespace wijksim
