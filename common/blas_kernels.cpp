#include "common/blas_kernels.hpp"

#include <dlfcn.h>
#include <strings.h>
#include <unistd.h>

#include <cstdlib>

namespace mosaic {

namespace {
constexpr const char* kVariable = "OPENBLAS_CORETYPE";
}  // namespace

std::string BlasKernels() {
  // Looked up at run time: mosaic does not link OpenBLAS itself, LibTorch does.
  using CoreName = char* (*)();
  const auto core_name = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  const char* name = core_name ? core_name() : nullptr;
  return name ? name : "";
}

void UseFastBlasKernels(char** argv) {
  if (std::getenv(kVariable) != nullptr) return;  // the user's choice, or already re-executed
  if (strcasecmp(BlasKernels().c_str(), "prescott") != 0) return;
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return;
  if (setenv(kVariable, "Haswell", 1) != 0) return;
  execv("/proc/self/exe", argv);
  unsetenv(kVariable);  // execv failed: go on as we are
}

}  // namespace mosaic
