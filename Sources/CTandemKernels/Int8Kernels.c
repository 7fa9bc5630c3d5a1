// The int8 products of CTandemKernels.h: packing, CPU detection, and the AVX2 / AVX-512 kernels. Each kernel
// function carries its own `target` attribute; nothing here is compiled for more than baseline x86-64 otherwise.
#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

#include "CTandemKernels.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

ptrdiff_t tandem_int8_padded_depth(ptrdiff_t k) { return (k + 1) & ~(ptrdiff_t)1; }

size_t tandem_int8_packed_count(ptrdiff_t n, ptrdiff_t k) {
    ptrdiff_t blocks = (n + TANDEM_INT8_BLOCK - 1) / TANDEM_INT8_BLOCK;
    return (size_t)blocks * TANDEM_INT8_BLOCK * (size_t)tandem_int8_padded_depth(k);
}

void tandem_int8_pack(const int16_t *values, ptrdiff_t n, ptrdiff_t k, int16_t *packed) {
    ptrdiff_t depth = tandem_int8_padded_depth(k);
    ptrdiff_t blocks = (n + TANDEM_INT8_BLOCK - 1) / TANDEM_INT8_BLOCK;
    for (ptrdiff_t block = 0; block < blocks; block++) {
        int16_t *out = packed + block * TANDEM_INT8_BLOCK * depth;
        if (k == depth && n - block * TANDEM_INT8_BLOCK >= TANDEM_INT8_BLOCK) {
            // A full block and an even depth (every block of a real model): a transpose of 32-bit pairs, 16 rows
            // at a time, without the padding checks (the general loop below took 10% of an int8 model's load).
            const int16_t *rows = values + block * TANDEM_INT8_BLOCK * k;
            for (ptrdiff_t lane = 0; lane < TANDEM_INT8_BLOCK; lane++) {
                const int16_t *row = rows + lane * k;
                for (ptrdiff_t pair = 0; pair < depth / 2; pair++) {
                    memcpy(out + pair * 2 * TANDEM_INT8_BLOCK + 2 * lane, row + 2 * pair, 2 * sizeof(int16_t));
                }
            }
            continue;
        }
        for (ptrdiff_t pair = 0; pair < depth / 2; pair++) {
            for (ptrdiff_t lane = 0; lane < TANDEM_INT8_BLOCK; lane++) {
                ptrdiff_t row = block * TANDEM_INT8_BLOCK + lane, p = 2 * pair;
                *out++ = row < n && p < k ? values[row * k + p] : 0;
                *out++ = row < n && p + 1 < k ? values[row * k + p + 1] : 0;
            }
        }
    }
}

/// The best variant, from CPUID and XGETBV (the OS must save the YMM, and for AVX-512 the ZMM and mask, state).
static int tandem_int8_detect(void) {
#if defined(__x86_64__)
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return TANDEM_INT8_PORTABLE;
    int osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1;
    if (!osxsave || !avx) return TANDEM_INT8_PORTABLE;
    unsigned int xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    (void)xcr0_high;
    if ((xcr0_low & 0x6) != 0x6) return TANDEM_INT8_PORTABLE;
    if (__get_cpuid_max(0, NULL) < 7) return TANDEM_INT8_PORTABLE;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    int avx2 = (ebx >> 5) & 1, avx512f = (ebx >> 16) & 1, avx512bw = (ebx >> 30) & 1;
    int avx512vnni = (ecx >> 11) & 1;
    if (!avx2) return TANDEM_INT8_PORTABLE;
    if ((xcr0_low & 0xE6) != 0xE6 || !avx512f || !avx512bw) return TANDEM_INT8_AVX2;
    return avx512vnni ? TANDEM_INT8_AVX512VNNI : TANDEM_INT8_AVX512BW;
#else
    return TANDEM_INT8_PORTABLE;
#endif
}

int tandem_int8_best_variant(void) { return tandem_int8_detect(); }

int tandem_int8_supports(int variant) {
    return variant >= TANDEM_INT8_PORTABLE && variant <= tandem_int8_detect();
}

#if defined(__x86_64__)

/// Rows of activations per cache block: at k = 1,536 they take 96 · 3 KiB of L2 while one panel of weights
/// (48 channels · 3 KiB) is reused against them.
#define TANDEM_ROW_BLOCK 96

/// Loads the pair of 16-bit activations at `p` as one 32-bit value (unaligned, without breaking aliasing rules).
static inline int32_t tandem_pair(const int16_t *a) {
    int32_t value;
    memcpy(&value, a, sizeof value);
    return value;
}

// AVX-512, once with `vpdpwssd` and once with `vpmaddwd` + `vpaddd`. `tune=znver4` only changes instruction
// selection: LLVM's generic tuning splits most `vpdpwssd` back into `vpmaddwd` + `vpaddd` (two instructions where one
// does; 79-84 against 87-94 GMAC/s for 512 × 384 × 1,536 on Zen 4); the code still runs on any AVX-512 VNNI CPU.
#define TANDEM_SUFFIX vnni
#define TANDEM_TARGET __attribute__((target("avx512f,avx512bw,avx512vnni,tune=znver4")))
#define TANDEM_MAC(acc, x, w) _mm512_dpwssd_epi32((acc), (x), (w))
#include "Int8Kernel512.h"
#undef TANDEM_SUFFIX
#undef TANDEM_TARGET
#undef TANDEM_MAC

#define TANDEM_SUFFIX bw
#define TANDEM_TARGET __attribute__((target("avx512f,avx512bw")))
#define TANDEM_MAC(acc, x, w) _mm512_add_epi32((acc), _mm512_madd_epi16((x), (w)))
#include "Int8Kernel512.h"
#undef TANDEM_SUFFIX
#undef TANDEM_TARGET
#undef TANDEM_MAC

#include "Int8Kernel256.h"

#endif

void tandem_int8_multiply(int variant, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const int16_t *a, ptrdiff_t lda,
                          const int16_t *packed, const float *row_scales, const float *column_scales, float *c,
                          ptrdiff_t ldc, int accumulate, ptrdiff_t column_start, ptrdiff_t column_end) {
    if (m <= 0 || column_end <= column_start) return;
    (void)n;
#if defined(__x86_64__)
    switch (variant) {
    case TANDEM_INT8_AVX512VNNI:
        tandem_int8_multiply512_vnni(m, k, a, lda, packed, row_scales, column_scales, c, ldc, accumulate,
                                     column_start, column_end);
        return;
    case TANDEM_INT8_AVX512BW:
        tandem_int8_multiply512_bw(m, k, a, lda, packed, row_scales, column_scales, c, ldc, accumulate,
                                   column_start, column_end);
        return;
    case TANDEM_INT8_AVX2:
        tandem_int8_multiply256(m, k, a, lda, packed, row_scales, column_scales, c, ldc, accumulate, column_start,
                                column_end);
        return;
    default:
        break;
    }
#else
    (void)variant; (void)k; (void)a; (void)lda; (void)packed; (void)row_scales; (void)column_scales; (void)c;
    (void)ldc; (void)accumulate;
#endif
}
