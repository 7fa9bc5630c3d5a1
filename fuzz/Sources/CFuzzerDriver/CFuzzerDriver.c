// The declaration lives in include/CFuzzerDriver.h; libFuzzer (linked by -sanitize=fuzzer) defines it.
#include "CFuzzerDriver.h"
