// Rng: a small, fast, portable random generator (xoshiro256**, seeded through SplitMix64), so a
// run is reproducible from its --seed on any standard library. Every random draw in mosaic goes
// through an Rng the caller owns; there is no global generator.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

namespace mosaic {

// One SplitMix64 step: a good 64-bit mix for deriving seeds (seed, stream) -> state.
inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Seed of sub-stream `stream` of `seed` (env i of a VecEnv, world w of a suite, ...).
inline uint64_t DeriveSeed(uint64_t seed, uint64_t stream) {
  uint64_t state = seed ^ (0xD1B54A32D192ED03ull * (stream + 1));
  return SplitMix64(state);
}

// A stable 64-bit hash of a string (FNV-1a), the same on every platform and run: for seeds derived
// from names ("arm3/push") and for content hashes.
inline uint64_t HashString(const std::string& text) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

class Rng {
 public:
  explicit Rng(uint64_t seed = 0) { Seed(seed); }

  void Seed(uint64_t seed) {
    uint64_t state = seed;
    for (auto& word : s_) word = SplitMix64(state);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  float Uniform() { return static_cast<float>(Next() >> 40) * 0x1.0p-24f; }
  // Uniform in [lo, hi).
  float Uniform(float lo, float hi) { return lo + (hi - lo) * Uniform(); }
  // Uniform integer in [0, n).
  int Index(int n) { return static_cast<int>((Next() >> 33) % static_cast<uint64_t>(n)); }
  // Standard normal (Box-Muller; one value per call).
  float Normal() {
    const double u1 = (static_cast<double>(Next() >> 11) + 1.0) * 0x1.0p-53;
    const double u2 = static_cast<double>(Next() >> 11) * 0x1.0p-53;
    return static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace mosaic
