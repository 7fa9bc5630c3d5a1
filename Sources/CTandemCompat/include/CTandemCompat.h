// Libm and libc functions that `tandem` carries itself, so that a bootstrap linked on a newer glibc than Amazon
// Linux 2023's (2.34) still loads there. See docs/packaging.md, "Running on provided.al2023".
//
// On glibc Linux this target also defines the public names `hypot`, `hypotf` and `arc4random` as aliases of the
// functions below. The linker then resolves every reference in the program (Foundation and the Glibc overlay call
// `hypot`; a statically linked libstdc++ calls `arc4random`) to these definitions instead of glibc's `hypot@GLIBC_2.35`,
// `hypotf@GLIBC_2.35` and `arc4random@GLIBC_2.36`, which AL2023 does not have.
#ifndef CTANDEMCOMPAT_H
#define CTANDEMCOMPAT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// sqrt(x² + y²) without undue overflow or underflow, within one ulp of the exact result (C11 F.10.4.3 for
/// infinities and NaNs: an infinite argument gives +inf even when the other is a NaN).
double tandem_hypot(double x, double y);

/// `tandem_hypot` for `float`, computed in `double` (correctly rounded but for rare double-rounding ties).
float tandem_hypotf(float x, float y);

/// 32 random bits from the kernel's CSPRNG (`getrandom`), as glibc 2.36's `arc4random`; aborts if the kernel has
/// no source of randomness, as glibc does.
uint32_t tandem_arc4random(void);

/// 1 when this build defines the public `hypot`, `hypotf` and `arc4random` (glibc Linux), else 0.
int tandem_compat_overrides_libc(void);

#ifdef __cplusplus
}
#endif

#endif
