#pragma once
// SHA-256 (FIPS 180-4), so a results file can name the exact scenario text it
// came from without adding a crypto library for one digest.
#include <string>
#include <string_view>

namespace wijksim {

// The digest of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace wijksim
