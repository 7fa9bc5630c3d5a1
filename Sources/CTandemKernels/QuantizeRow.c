// Per-row symmetric quantisation (CTandemKernels.h) for AVX2 and AVX-512: the int8 path's activations before every
// product and the weights at load. Operation for operation TandemModels' QuantizedMatrix.quantizeRow.
#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

#include "CTandemKernels.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

/// The scalar tail: clamp to ±top (NaN becomes -top, as Swift's `min(top, max(-top, v))`), round to nearest even.
static inline int16_t tandem_quantize_one(float value, float inverse, float top) {
    float v = value * inverse;
    v = v >= -top ? v : -top;
    v = v < top ? v : top;
    return (int16_t)rintf(v);
}

/// max |x| over the values, NaNs skipped, and the quantised values: the portable path (non-x86 builds only).
static float tandem_quantize_portable(const float *source, ptrdiff_t count, int limit, int16_t *output) {
    float maximum = 0;
    for (ptrdiff_t index = 0; index < count; index++) {
        float magnitude = fabsf(source[index]);
        maximum = magnitude >= maximum ? magnitude : maximum;
    }
    if (!(maximum > 0) || !isfinite(maximum)) {
        memset(output, 0, (size_t)count * sizeof(int16_t));
        return 0;
    }
    float top = (float)limit, inverse = top / maximum;
    for (ptrdiff_t index = 0; index < count; index++) output[index] = tandem_quantize_one(source[index], inverse, top);
    return maximum / top;
}

#if defined(__x86_64__)

// Rounding by adding 1.5·2²³ leaves the integer in the low mantissa bits; subtracting the bits of 1.5·2²³ reads it.
#define TANDEM_MAGIC 12582912.0f
#define TANDEM_MAGIC_BITS 0x4B400000

static __attribute__((target("avx512f,avx512bw"))) float tandem_quantize512(
    const float *source, ptrdiff_t count, int limit, int16_t *output) {
    __m512 largest = _mm512_setzero_ps();
    ptrdiff_t index = 0;
    for (; index + 16 <= count; index += 16) {
        __m512 magnitude = _mm512_abs_ps(_mm512_loadu_ps(source + index));
        largest = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(magnitude, largest, _CMP_GT_OQ), largest, magnitude);
    }
    float maximum = _mm512_reduce_max_ps(largest);
    for (; index < count; index++) {
        float magnitude = fabsf(source[index]);
        maximum = magnitude >= maximum ? magnitude : maximum;
    }
    if (!(maximum > 0) || !isfinite(maximum)) {
        memset(output, 0, (size_t)count * sizeof(int16_t));
        return 0;
    }
    float top = (float)limit, inverse = top / maximum;
    __m512 scale = _mm512_set1_ps(inverse), magic = _mm512_set1_ps(TANDEM_MAGIC);
    __m512i magic_bits = _mm512_set1_epi32(TANDEM_MAGIC_BITS);
    index = 0;
    for (; index + 16 <= count; index += 16) {
        __m512 shifted = _mm512_add_ps(_mm512_mul_ps(_mm512_loadu_ps(source + index), scale), magic);
        __m512i integers = _mm512_sub_epi32(_mm512_castps_si512(shifted), magic_bits);
        _mm256_storeu_si256((__m256i *)(output + index), _mm512_cvtepi32_epi16(integers));
    }
    // The Swift kernel's vector part ends at the last multiple of 8; an 8-lane step keeps the same split.
    for (; index + 8 <= count; index += 8) {
        __m512 shifted = _mm512_add_ps(_mm512_mul_ps(_mm512_maskz_loadu_ps(0xFF, source + index), scale), magic);
        __m512i integers = _mm512_sub_epi32(_mm512_castps_si512(shifted), magic_bits);
        _mm512_mask_cvtepi32_storeu_epi16(output + index, 0xFF, integers);
    }
    for (; index < count; index++) output[index] = tandem_quantize_one(source[index], inverse, top);
    return maximum / top;
}

static __attribute__((target("avx2"))) float tandem_quantize256(const float *source, ptrdiff_t count, int limit,
                                                               int16_t *output) {
    __m256 largest = _mm256_setzero_ps();
    __m256 sign = _mm256_set1_ps(-0.0f);
    ptrdiff_t index = 0;
    for (; index + 8 <= count; index += 8) {
        __m256 magnitude = _mm256_andnot_ps(sign, _mm256_loadu_ps(source + index));
        largest = _mm256_blendv_ps(largest, magnitude, _mm256_cmp_ps(magnitude, largest, _CMP_GT_OQ));
    }
    float lanes[8];
    _mm256_storeu_ps(lanes, largest);
    float maximum = 0;
    for (int lane = 0; lane < 8; lane++) maximum = lanes[lane] > maximum ? lanes[lane] : maximum;
    for (; index < count; index++) {
        float magnitude = fabsf(source[index]);
        maximum = magnitude >= maximum ? magnitude : maximum;
    }
    if (!(maximum > 0) || !isfinite(maximum)) {
        memset(output, 0, (size_t)count * sizeof(int16_t));
        return 0;
    }
    float top = (float)limit, inverse = top / maximum;
    __m256 scale = _mm256_set1_ps(inverse), magic = _mm256_set1_ps(TANDEM_MAGIC);
    __m256i magic_bits = _mm256_set1_epi32(TANDEM_MAGIC_BITS);
    index = 0;
    for (; index + 8 <= count; index += 8) {
        __m256 shifted = _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(source + index), scale), magic);
        __m256i integers = _mm256_sub_epi32(_mm256_castps_si256(shifted), magic_bits);
        // Truncate each 32-bit lane to its low 16 bits (as Swift's truncatingIfNeeded), in order.
        __m256i low = _mm256_shuffle_epi8(integers, _mm256_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1,
                                                                     -1, -1, 0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1,
                                                                     -1, -1, -1, -1));
        __m256i packed = _mm256_permute4x64_epi64(low, 0x08);
        _mm_storeu_si128((__m128i *)(output + index), _mm256_castsi256_si128(packed));
    }
    for (; index < count; index++) output[index] = tandem_quantize_one(source[index], inverse, top);
    return maximum / top;
}

#endif

float tandem_quantize_row(int variant, const float *source, ptrdiff_t count, int limit, int16_t *output) {
#if defined(__x86_64__)
    if (variant >= TANDEM_INT8_AVX512BW) return tandem_quantize512(source, count, limit, output);
    if (variant == TANDEM_INT8_AVX2) return tandem_quantize256(source, count, limit, output);
#else
    (void)variant;
#endif
    return tandem_quantize_portable(source, count, limit, output);
}
