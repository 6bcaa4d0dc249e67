#pragma once
// The classroom page's files, compiled into the binary (cmake/embed_assets.cmake).
#include <span>
#include <string_view>

namespace wijksim {

struct Asset {
  std::string_view path;          // "/", "/app.js"
  std::string_view content_type;  // "text/html" (every asset is UTF-8 text)
  std::string_view body;
};

std::span<const Asset> serve_assets();

}  // namespace wijksim
