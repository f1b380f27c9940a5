// Include this before doctest in tests that use LibTorch: LibTorch pulls in glog, whose CHECK
// macros would replace doctest's (and abort instead of reporting).
#pragma once

#include <torch/torch.h>

#undef CHECK
#undef CHECK_EQ
#undef CHECK_NE
#undef CHECK_LE
#undef CHECK_LT
#undef CHECK_GE
#undef CHECK_GT
