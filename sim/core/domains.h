#pragma once
// Problem domains and the institutions whose mandate each one is (docs/ODD.md §2).
#include <array>
#include <cstdint>
#include <string_view>

namespace wijksim {

inline constexpr int kDomains = 5;
inline constexpr int kInstitutions = 5;

enum Domain : int { DEBT = 0, WORK = 1, HEALTH = 2, SAFETY = 3, YOUTH = 4 };

inline constexpr std::array<std::string_view, kDomains> kDomainNames = {
    "debt", "work", "health", "safety", "youth"};

// Institution k has mandate domain k: the two share an index.
inline constexpr std::array<std::string_view, kInstitutions> kInstitutionNames = {
    "social_services", "employment", "health_care", "police", "youth_care"};

using Problems = std::array<double, kDomains>;  // one value per domain

inline constexpr int kSocialServices = 0;  // also sponsors informal Best Persons

constexpr int institution_of(int domain) { return domain; }
constexpr int mandate_of(int institution) { return institution; }

}  // namespace wijksim
