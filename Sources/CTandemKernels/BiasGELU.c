// The bias + exact GELU pass after the FFN1 product (CTandemKernels.h), for AVX2 and AVX-512: the arithmetic of
// TandemModels' VectorMath.gelu, operation for operation, so the results are identical to the Swift kernel's.
#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

#include "CTandemKernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

/// The float with these bits (the constants below are VectorMath's, bit for bit).
static inline float tandem_float(uint32_t bits) {
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

/// The last `width % 16` columns of a row, as the Swift kernel computes them (libm's `erff`).
static void tandem_gelu_tail(float *line, const float *bias, ptrdiff_t from, ptrdiff_t width) {
    for (ptrdiff_t index = from; index < width; index++) {
        float value = line[index] + bias[index];
        line[index] = 0.5f * value * (1 + erff(value * tandem_float(0x3f3504f3)));
    }
}

#if defined(__x86_64__)

// One GELU over a vector type: clamp to [-4, 4], the odd polynomial p(x²)·x over the even q(x²), then
// 0.5·v·(1 + erf). `SUFFIX` names the functions, `V` the vector type, `P` the intrinsic prefix.
#define TANDEM_GELU_BODY(V, P, MASKLT, MASKGT)                                                                   \
    V rsqrt2 = P##_set1_ps(tandem_float(0x3f3504f3));                                                       \
    V x = P##_mul_ps(v, rsqrt2);                                                                              \
    V low = P##_set1_ps(-4.0f), high = P##_set1_ps(4.0f);                                                     \
    x = MASKLT(x, low);                                                                                        \
    x = MASKGT(x, high);                                                                                       \
    V x2 = P##_mul_ps(x, x);                                                                                   \
    V p = P##_set1_ps(tandem_float(0xaf95df0b));                                                              \
    p = P##_add_ps(P##_mul_ps(p, x2), P##_set1_ps(tandem_float(0x32edffee)));                                 \
    p = P##_add_ps(P##_mul_ps(p, x2), P##_set1_ps(tandem_float(0xb60cff51)));                                 \
    p = P##_add_ps(P##_mul_ps(p, x2), P##_set1_ps(tandem_float(0xb86ec2d2)));                                 \
    p = P##_add_ps(P##_mul_ps(p, x2), P##_set1_ps(tandem_float(0xba40ac63)));                                 \
    p = P##_add_ps(P##_mul_ps(p, x2), P##_set1_ps(tandem_float(0xbb41a1f6)));                                 \
    p = P##_add_ps(P##_mul_ps(p, x2), P##_set1_ps(tandem_float(0xbc83dbd4)));                                 \
    p = P##_mul_ps(p, x);                                                                                      \
    V q = P##_set1_ps(tandem_float(0xb77460ce));                                                              \
    q = P##_add_ps(P##_mul_ps(q, x2), P##_set1_ps(tandem_float(0xb95fbd2a)));                                 \
    q = P##_add_ps(P##_mul_ps(q, x2), P##_set1_ps(tandem_float(0xbadc924e)));                                 \
    q = P##_add_ps(P##_mul_ps(q, x2), P##_set1_ps(tandem_float(0xbbf19bf7)));                                 \
    q = P##_add_ps(P##_mul_ps(q, x2), P##_set1_ps(tandem_float(0xbc69b6a7)));                                 \
    V erf = P##_div_ps(p, q);                                                                                  \
    return P##_mul_ps(P##_mul_ps(P##_set1_ps(0.5f), v), P##_add_ps(P##_set1_ps(1.0f), erf));

#define TANDEM_LT512(x, bound) _mm512_mask_blend_ps(_mm512_cmp_ps_mask((x), (bound), _CMP_LT_OQ), (x), (bound))
#define TANDEM_GT512(x, bound) _mm512_mask_blend_ps(_mm512_cmp_ps_mask((x), (bound), _CMP_GT_OQ), (x), (bound))
#define TANDEM_LT256(x, bound) _mm256_blendv_ps((x), (bound), _mm256_cmp_ps((x), (bound), _CMP_LT_OQ))
#define TANDEM_GT256(x, bound) _mm256_blendv_ps((x), (bound), _mm256_cmp_ps((x), (bound), _CMP_GT_OQ))

static inline __attribute__((always_inline, target("avx512f"))) __m512 tandem_gelu512(__m512 v) {
    TANDEM_GELU_BODY(__m512, _mm512, TANDEM_LT512, TANDEM_GT512)
}

static inline __attribute__((always_inline, target("avx2"))) __m256 tandem_gelu256(__m256 v) {
    TANDEM_GELU_BODY(__m256, _mm256, TANDEM_LT256, TANDEM_GT256)
}

static __attribute__((target("avx512f"))) void tandem_bias_gelu512(float *x, ptrdiff_t rows, ptrdiff_t width,
                                                                   const float *bias) {
    for (ptrdiff_t row = 0; row < rows; row++) {
        float *line = x + row * width;
        ptrdiff_t index = 0;
        for (; index + 16 <= width; index += 16) {
            __m512 v = _mm512_add_ps(_mm512_loadu_ps(line + index), _mm512_loadu_ps(bias + index));
            _mm512_storeu_ps(line + index, tandem_gelu512(v));
        }
        tandem_gelu_tail(line, bias, index, width);
    }
}

static __attribute__((target("avx2"))) void tandem_bias_gelu256(float *x, ptrdiff_t rows, ptrdiff_t width,
                                                                const float *bias) {
    for (ptrdiff_t row = 0; row < rows; row++) {
        float *line = x + row * width;
        ptrdiff_t index = 0;
        for (; index + 16 <= width; index += 8) {  // the vector part ends where the Swift kernel's does
            __m256 v = _mm256_add_ps(_mm256_loadu_ps(line + index), _mm256_loadu_ps(bias + index));
            _mm256_storeu_ps(line + index, tandem_gelu256(v));
            v = _mm256_add_ps(_mm256_loadu_ps(line + index + 8), _mm256_loadu_ps(bias + index + 8));
            _mm256_storeu_ps(line + index + 8, tandem_gelu256(v));
            index += 8;
        }
        tandem_gelu_tail(line, bias, index, width);
    }
}

#endif

void tandem_bias_gelu(int variant, float *x, ptrdiff_t rows, ptrdiff_t width, const float *bias) {
#if defined(__x86_64__)
    if (variant >= TANDEM_INT8_AVX512BW) {
        tandem_bias_gelu512(x, rows, width, bias);
        return;
    }
    if (variant == TANDEM_INT8_AVX2) {
        tandem_bias_gelu256(x, rows, width, bias);
        return;
    }
#else
    (void)variant;
#endif
    for (ptrdiff_t row = 0; row < rows; row++) tandem_gelu_tail(x + row * width, bias, 0, width);
}
