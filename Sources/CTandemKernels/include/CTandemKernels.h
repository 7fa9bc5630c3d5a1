// Integer matrix kernels for TandemModels' int8 path, compiled per function for the x86-64 vector extensions that
// matter (AVX2, AVX-512BW, AVX-512 VNNI) and chosen at run time: the target itself is built for the baseline, so
// the binary still runs on any x86-64 (and on arm64, where every variant but the portable one reports unsupported).
//
// The product is `C[m×n] (+)= sa[i]·sb[j]·Σₚ A[i][p]·B[j][p]` with A the per-row quantised activations (16-bit, at
// most 14 significant bits) and B the per-channel quantised weights (-127...127 in 16-bit lanes), summed exactly
// in 32-bit integers, then scaled as `(float)sum · sa[i] · sb[j]` (in that order, no fused multiply-add), so every
// variant gives bit for bit the result of TandemModels' portable Swift kernel.
#ifndef CTANDEMKERNELS_H
#define CTANDEMKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The portable Swift kernel (no C code runs).
#define TANDEM_INT8_PORTABLE 0
/// 256-bit `vpmaddwd` + `vpaddd` (Haswell and later, Zen 1 and later).
#define TANDEM_INT8_AVX2 1
/// 512-bit `vpmaddwd` + `vpaddd` (Skylake-SP and later).
#define TANDEM_INT8_AVX512BW 2
/// 512-bit `vpdpwssd`, the multiply-add with accumulation in one instruction (Cascade Lake, Ice Lake, Zen 4).
#define TANDEM_INT8_AVX512VNNI 3

/// 1 when this CPU and the operating system (saved vector state) support `variant`, else 0. The portable variant is
/// always supported.
int tandem_int8_supports(int variant);

/// The fastest variant this CPU supports.
int tandem_int8_best_variant(void);

/// The columns of one packed block: the packed layout groups 16 output channels.
#define TANDEM_INT8_BLOCK 16

/// The inner dimension as the packed layout and the activations hold it: `k` rounded up to even.
ptrdiff_t tandem_int8_padded_depth(ptrdiff_t k);

/// Number of 16-bit values of the packed form of an `n × k` weight: `ceil(n / 16) · 16 · padded_depth(k)`.
size_t tandem_int8_packed_count(ptrdiff_t n, ptrdiff_t k);

/// Packs `values` (`n × k`, row-major, one row per output channel) into `packed` (``tandem_int8_packed_count``
/// values): blocks of 16 channels; inside a block, for each pair of depths p, p+1, the 16 channels' two values side
/// by side (the operand `vpdpwssd`/`vpmaddwd` multiply with a broadcast pair of activations). Padding is zero.
void tandem_int8_pack(const int16_t *values, ptrdiff_t n, ptrdiff_t k, int16_t *packed);

/// Runs the product for output columns `[column_start, column_end)` with `variant` (which must be supported and
/// not the portable one). `column_start` is a multiple of 16; `a` has `m` rows of `padded_depth(k)` values at
/// stride `lda`, the value past an odd `k` zero; `c` is written (or added to, when `accumulate`) at stride `ldc`.
void tandem_int8_multiply(int variant, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const int16_t *a, ptrdiff_t lda,
                          const int16_t *packed, const float *row_scales, const float *column_scales, float *c,
                          ptrdiff_t ldc, int accumulate, ptrdiff_t column_start, ptrdiff_t column_end);

/// Quantises `count` floats to integers in -limit...limit with scale max|x| / limit: writes round(x / scale) (ties
/// to even) to `output` and returns the scale, or writes zeros and returns 0 when max|x| is 0 or not finite. The
/// same operations as TandemModels' QuantizedMatrix.quantizeRow (8-lane blocks, then a scalar tail), so the same
/// bits; `variant` selects AVX2 or AVX-512 and must be supported and not the portable one.
float tandem_quantize_row(int variant, const float *source, ptrdiff_t count, int limit, int16_t *output);

/// `x = gelu(x + bias)` for `rows` rows of `width` floats, the exact GELU `0.5·v·(1 + erf(v/√2))` with TandemModels'
/// rational `erf` (VectorMath.erf) on 16 columns at a time and libm's `erff` on the last `width % 16`: the same
/// operations in the same order as the Swift kernel (no fused multiply-add), so the same bits. `variant` selects the
/// instruction set (AVX2: 8 lanes, AVX-512: 16); it must be supported and not the portable one.
void tandem_bias_gelu(int variant, float *x, ptrdiff_t rows, ptrdiff_t width, const float *bias);

#ifdef __cplusplus
}
#endif

#endif
