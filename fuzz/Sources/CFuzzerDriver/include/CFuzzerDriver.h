#ifndef TANDEM_C_FUZZER_DRIVER_H
#define TANDEM_C_FUZZER_DRIVER_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver (compiler-rt/lib/fuzzer/FuzzerInterface.h): runs the fuzzer with the given arguments and
// callback. The harness calls it from its own entry point, because SwiftPM links an executable's entry point as
// `<module>_main` and libFuzzer's `main` would otherwise never be reached.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
