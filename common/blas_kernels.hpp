// OpenBLAS (LibTorch's matrix products on Debian) picks its kernels once, when it is loaded, from
// the CPU model. On CPUs it does not recognise (new models, some virtual machines) it falls back to
// its generic "Prescott" (SSE3) kernels. On this project's 2-core machine that happened, and the
// AVX2 ("Haswell") kernels the CPU can run cut the PPO update's time by 17% and sped the whole
// training loop up by 14% (`mosaic bench train`). Kernels also change the last bits of the products,
// and through them whole episodes: a zero-shot table or a training run reproduces exactly only on
// the kernels it was made with (the README's table: SkylakeX). Only the environment variable
// OPENBLAS_CORETYPE, read when the library loads, changes the choice, so mosaic (and the test
// programs) set it and start again once.
#pragma once

#include <string>

namespace mosaic {

// When OpenBLAS chose Prescott kernels on a CPU with AVX2 and FMA and OPENBLAS_CORETYPE is unset,
// re-executes this program with OPENBLAS_CORETYPE=Haswell (does not return on success). Otherwise,
// or when re-executing fails, returns and nothing changes. A user's OPENBLAS_CORETYPE always wins.
void UseFastBlasKernels(char** argv);

// The OpenBLAS kernels in use ("Haswell", "Prescott", ...), or "" when the matrix library is not
// OpenBLAS.
std::string BlasKernels();

}  // namespace mosaic
