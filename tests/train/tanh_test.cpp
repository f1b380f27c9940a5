// TanhInPlace (train/tanh.cpp), the update's own tanh, against std::tanh in double precision.
#include "tests/torch_first.hpp"
// (LibTorch before doctest: see torch_first.hpp)
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "train/manual_mlp.hpp"

using mosaic::train::TanhInPlace;

TEST_CASE("TanhInPlace is within 2e-7 relative of tanh, odd, saturates and keeps NaN") {
  std::vector<float> x;
  for (float v = -12.f; v <= 12.f; v += 1e-4f) x.push_back(v);    // the whole range, both branches
  for (float v = -1e-3f; v <= 1e-3f; v += 1e-7f) x.push_back(v);  // near 0, relative precision
  for (float v = 0.39f; v <= 0.41f; v += 1e-6f) x.push_back(v);   // where the branches meet
  x.push_back(0.f);
  x.push_back(std::numeric_limits<float>::denorm_min());
  x.push_back(1e-30f);
  std::vector<float> y = x;
  TanhInPlace(y.data(), static_cast<int64_t>(y.size()));
  double worst = 0;
  float worst_at = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double expected = std::tanh(static_cast<double>(x[i]));
    const double error = std::fabs(y[i] - expected);
    const double relative = expected != 0 ? error / std::fabs(expected) : error;
    if (relative > worst) worst = relative, worst_at = x[i];
    REQUIRE(std::fabs(y[i]) <= 1.f);
  }
  INFO("worst relative error " << worst << " at x = " << worst_at);
  CHECK(worst < 2e-7);
  // Odd: tanh(-x) = -tanh(x) exactly (tanh(0) = 0 among them).
  std::vector<float> negated(x.size());
  for (size_t i = 0; i < x.size(); ++i) negated[i] = -x[i];
  TanhInPlace(negated.data(), static_cast<int64_t>(negated.size()));
  for (size_t i = 0; i < x.size(); ++i) {
    INFO("x = " << x[i]);
    REQUIRE(negated[i] == -y[i]);
    if (x[i] == 0.f) REQUIRE(y[i] == 0.f);
  }
  std::vector<float> special = {std::numeric_limits<float>::infinity(),
                                -std::numeric_limits<float>::infinity(), 50.f, -50.f,
                                std::numeric_limits<float>::quiet_NaN()};
  TanhInPlace(special.data(), static_cast<int64_t>(special.size()));
  CHECK(special[0] == 1.f);
  CHECK(special[1] == -1.f);
  CHECK(special[2] == 1.f);
  CHECK(special[3] == -1.f);
  CHECK(std::isnan(special[4]));  // a blow-up stays visible, not turned into +-1
}
