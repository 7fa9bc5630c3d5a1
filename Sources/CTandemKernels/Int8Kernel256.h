// The AVX2 int8 kernel, included by Int8Kernels.c: a register tile of up to 6 rows × one block of 16 channels (two
// 8-lane halves): 12 accumulators, 2 weight vectors, one broadcast pair and one product in AVX2's 16 registers.
// Per pair of depths: 2 loads of weights, 6 broadcasts, 12 `vpmaddwd` + 12 `vpaddd` of 16 products each.

#define TANDEM_TARGET_256 __attribute__((target("avx2")))
#define TANDEM_ROWS_256 6

/// Stores 8 lanes, or only the first `valid` of them (`valid` < 8) through a buffer.
static inline __attribute__((always_inline)) TANDEM_TARGET_256 void tandem_int8_store256(
    float *out, __m256 value, ptrdiff_t valid, int accumulate) {
    if (valid >= 8) {
        if (accumulate) value = _mm256_add_ps(_mm256_loadu_ps(out), value);
        _mm256_storeu_ps(out, value);
        return;
    }
    float lanes[8];
    _mm256_storeu_ps(lanes, value);
    for (ptrdiff_t lane = 0; lane < valid; lane++) out[lane] = accumulate ? out[lane] + lanes[lane] : lanes[lane];
}

static inline __attribute__((always_inline)) TANDEM_TARGET_256 void tandem_int8_tile256(
    const int rows, ptrdiff_t pairs, const int16_t *a, ptrdiff_t lda, const int16_t *w, const float *row_scales,
    const float *column_scales, float *c, ptrdiff_t ldc, int accumulate, ptrdiff_t columns) {
    __m256i low[TANDEM_ROWS_256], high[TANDEM_ROWS_256];
    for (int r = 0; r < rows; r++) {
        low[r] = _mm256_setzero_si256();
        high[r] = _mm256_setzero_si256();
    }
    for (ptrdiff_t pair = 0; pair < pairs; pair++) {
        __m256i w0 = _mm256_loadu_si256((const __m256i *)(w + 32 * pair));
        __m256i w1 = _mm256_loadu_si256((const __m256i *)(w + 32 * pair + 16));
        for (int r = 0; r < rows; r++) {
            __m256i x = _mm256_set1_epi32(tandem_pair(a + r * lda + 2 * pair));
            low[r] = _mm256_add_epi32(low[r], _mm256_madd_epi16(x, w0));
            high[r] = _mm256_add_epi32(high[r], _mm256_madd_epi16(x, w1));
        }
    }
    float scale_lanes[16] = {0};
    for (ptrdiff_t lane = 0; lane < 16 && lane < columns; lane++) scale_lanes[lane] = column_scales[lane];
    __m256 scale0 = _mm256_loadu_ps(scale_lanes), scale1 = _mm256_loadu_ps(scale_lanes + 8);
    for (int r = 0; r < rows; r++) {
        __m256 row = _mm256_set1_ps(row_scales[r]);
        __m256 v0 = _mm256_mul_ps(_mm256_mul_ps(_mm256_cvtepi32_ps(low[r]), row), scale0);
        __m256 v1 = _mm256_mul_ps(_mm256_mul_ps(_mm256_cvtepi32_ps(high[r]), row), scale1);
        tandem_int8_store256(c + r * ldc, v0, columns, accumulate);
        if (columns > 8) tandem_int8_store256(c + r * ldc + 8, v1, columns - 8, accumulate);
    }
}

#define TANDEM_CASE_256(R)                                                                                        \
    case R:                                                                                                       \
        tandem_int8_tile256((R), pairs, a + i * lda, lda, w, row_scales + i, scales, out, ldc, accumulate, columns); \
        break;

static TANDEM_TARGET_256 void tandem_int8_multiply256(ptrdiff_t m, ptrdiff_t k, const int16_t *a, ptrdiff_t lda,
                                                      const int16_t *packed, const float *row_scales,
                                                      const float *column_scales, float *c, ptrdiff_t ldc,
                                                      int accumulate, ptrdiff_t column_start, ptrdiff_t column_end) {
    ptrdiff_t depth = tandem_int8_padded_depth(k), pairs = depth / 2, block_stride = 16 * depth;
    ptrdiff_t first = column_start / 16, last = (column_end + 15) / 16;
    for (ptrdiff_t top = 0; top < m; top += TANDEM_ROW_BLOCK) {
        ptrdiff_t bottom = top + TANDEM_ROW_BLOCK < m ? top + TANDEM_ROW_BLOCK : m;
        for (ptrdiff_t block = first; block < last; block++) {
            ptrdiff_t columns = column_end - 16 * block;
            const int16_t *w = packed + block * block_stride;
            const float *scales = column_scales + 16 * block;
            for (ptrdiff_t i = top; i < bottom; i += TANDEM_ROWS_256) {
                int rows = bottom - i < TANDEM_ROWS_256 ? (int)(bottom - i) : TANDEM_ROWS_256;
                float *out = c + i * ldc + 16 * block;
                switch (rows) {
                    TANDEM_CASE_256(1)
                    TANDEM_CASE_256(2)
                    TANDEM_CASE_256(3)
                    TANDEM_CASE_256(4)
                    TANDEM_CASE_256(5)
                    TANDEM_CASE_256(6)
                default:
                    break;
                }
            }
        }
    }
}

#undef TANDEM_CASE_256
#undef TANDEM_TARGET_256
#undef TANDEM_ROWS_256
