// arc4random for the Lambda bootstrap: see include/CTandemCompat.h for why it exists. A statically linked
// libstdc++ from GCC 12 built against glibc 2.36 refers to it (std::random_device's "arc4random" token).
#define _GNU_SOURCE 1
#include "CTandemCompat.h"

#include <errno.h>
#include <stdlib.h>

#if defined(__linux__)
#include <sys/random.h>
#endif

uint32_t tandem_arc4random(void) {
    uint32_t value = 0;
#if defined(__linux__)
    unsigned char *bytes = (unsigned char *)&value;
    size_t filled = 0;
    while (filled < sizeof value) {
        ssize_t count = getrandom(bytes + filled, sizeof value - filled, 0);
        if (count > 0) {
            filled += (size_t)count;
        } else if (count < 0 && errno != EINTR) {
            // No randomness at all (a pre-3.17 kernel or a seccomp filter): glibc's arc4random aborts too.
            abort();
        }
    }
#else
    value = arc4random();
#endif
    return value;
}

int tandem_compat_overrides_libc(void) {
#if defined(__linux__) && defined(__GLIBC__)
    return 1;
#else
    return 0;
#endif
}

#if defined(__linux__) && defined(__GLIBC__)
uint32_t arc4random(void) __attribute__((alias("tandem_arc4random")));
#endif
