// TanhInPlace: tanh of a float array, the hidden activation of the hand-written update's MLPs.
//
// LibTorch's kernel (Sleef's 1-ulp tanhf) was the largest single item in a profile of the whole
// training loop (11% of all cycles, `perf record` of `mosaic bench train`). This one took 0.84 ns
// per element against LibTorch's 2.1 in a one-off measurement (arrays of 25,600 floats, not kept),
// and made the whole loop 1.07x faster (`mosaic bench train`, README's Benchmarks). It is within
// 2e-7 relative of tanh (1.6e-7 measured; LibTorch's: 6e-8), checked against std::tanh in
// tests/train/tanh_test.cpp. This file is compiled with -fno-trapping-math so that GCC vectorises
// the loop; every element goes through the same IEEE operations whatever the vector width, so the
// result does not depend on the CPU.
//
// tanh(a) for a = |x|, sign restored at the end:
//   a < 0.4:  the odd Taylor series a - a^3/3 + 2a^5/15 - ... up to a^13 (error below 2e-9);
//   else:     1 - 2 / (e^(2a) + 1), with e^y = 2^k e^r, k = round(y / ln 2), r = y - k ln 2 in
//             [-ln2/2, ln2/2] (ln 2 split in two for an exact product), e^r by its Taylor series
//             to r^7 (relative error below 1e-8); a is capped at 10, where tanh rounds to 1 in
//             float.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "train/manual_mlp.hpp"

namespace mosaic::train {

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target_clones("avx2", "default")))
#endif
void TanhInPlace(float* x, int64_t n) {
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kLn2High = 0.693145751953125f;  // ln 2 = kLn2High + kLn2Low; k * kLn2High exact
  constexpr float kLn2Low = 1.428606765330187045e-06f;
  constexpr float kRound = 12582912.f;  // 1.5 * 2^23: (y + kRound) - kRound rounds y to an integer
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i];
    const float magnitude = std::fabs(v);
    const float a = magnitude > 10.f ? 10.f : magnitude;  // NaN stays NaN
    // Large a: 1 - 2 / (e^(2a) + 1).
    const float y = 2.f * a;
    const float k = (y * kLog2e + kRound) - kRound;
    const float r = (y - k * kLn2High) - k * kLn2Low;
    float p = 1.f / 5040.f;
    p = p * r + 1.f / 720.f;
    p = p * r + 1.f / 120.f;
    p = p * r + 1.f / 24.f;
    p = p * r + 1.f / 6.f;
    p = p * r + 0.5f;
    p = p * r + 1.f;
    p = p * r + 1.f;
    const float k_safe = k <= 29.f ? k : 0.f;  // k is in [0, 29]; NaN: 0, so the cast is defined
    const int32_t exponent_bits = (static_cast<int32_t>(k_safe) + 127) << 23;  // 2^k, positive
    float two_to_k;
    std::memcpy(&two_to_k, &exponent_bits, sizeof two_to_k);
    const float large = 1.f - 2.f / (p * two_to_k + 1.f);
    // Small a: the Taylor series (the formula above loses relative precision near 0).
    const float s = a * a;
    float q = 21844.f / 6081075.f;
    q = q * s - 1382.f / 155925.f;
    q = q * s + 62.f / 2835.f;
    q = q * s - 17.f / 315.f;
    q = q * s + 2.f / 15.f;
    q = q * s - 1.f / 3.f;
    const float small = a + a * s * q;
    x[i] = std::copysign(a < 0.4f ? small : large, v);
  }
}

}  // namespace mosaic::train
