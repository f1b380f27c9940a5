// doctest's main, after the same OpenBLAS kernel choice as the mosaic command
// (common/blas_kernels.hpp), so tests see the figures mosaic prints.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "common/blas_kernels.hpp"

int main(int argc, char** argv) {
  mosaic::UseFastBlasKernels(argv);
  return doctest::Context(argc, argv).run();
}
