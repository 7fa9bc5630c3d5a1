// The AVX-512 int8 kernel, included by Int8Kernels.c once per multiply-add flavour with TANDEM_SUFFIX (name suffix),
// TANDEM_TARGET (the function attribute) and TANDEM_MAC(acc, x, w) (acc + pairwise products of x and w) defined.
//
// A register tile of up to 8 rows × 3 blocks of 16 channels: 24 accumulators, 3 weight vectors, one broadcast
// pair of activations (AVX-512 has 32 registers). Per pair of depths: 3 loads of weights, 8 broadcasts, 24
// multiply-adds of 32 products each.

#define TANDEM_JOIN2(a, b) a##b
#define TANDEM_JOIN(a, b) TANDEM_JOIN2(a, b)
#define TANDEM_TILE TANDEM_JOIN(tandem_int8_tile512_, TANDEM_SUFFIX)
#define TANDEM_DRIVER TANDEM_JOIN(tandem_int8_multiply512_, TANDEM_SUFFIX)

#define TANDEM_ROWS_512 8
#define TANDEM_BLOCKS_512 3

/// `rows` × `blocks` (compile-time constants after inlining) outputs starting at `a`'s first row and the block at
/// `w`; `columns` of the tile's columns are real (the rest of the last block is padding and not stored).
static inline __attribute__((always_inline)) TANDEM_TARGET void TANDEM_TILE(
    const int rows, const int blocks, ptrdiff_t pairs, const int16_t *a, ptrdiff_t lda, const int16_t *w,
    ptrdiff_t block_stride, const float *row_scales, const float *column_scales, float *c, ptrdiff_t ldc,
    int accumulate, ptrdiff_t columns) {
    __m512i acc[TANDEM_ROWS_512][TANDEM_BLOCKS_512];
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < blocks; j++) acc[r][j] = _mm512_setzero_si512();
    for (ptrdiff_t pair = 0; pair < pairs; pair++) {
        __m512i weight[TANDEM_BLOCKS_512];
        for (int j = 0; j < blocks; j++)
            weight[j] = _mm512_loadu_si512((const void *)(w + j * block_stride + 32 * pair));
        for (int r = 0; r < rows; r++) {
            __m512i x = _mm512_set1_epi32(tandem_pair(a + r * lda + 2 * pair));
            for (int j = 0; j < blocks; j++) acc[r][j] = TANDEM_MAC(acc[r][j], x, weight[j]);
        }
    }
    for (int j = 0; j < blocks; j++) {
        ptrdiff_t valid = columns - 16 * j;
        __mmask16 mask = valid >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << valid) - 1);
        __m512 scale = _mm512_maskz_loadu_ps(mask, column_scales + 16 * j);
        for (int r = 0; r < rows; r++) {
            // (sum · row scale) · column scale, as the portable kernel rounds it.
            __m512 value = _mm512_mul_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(acc[r][j]), _mm512_set1_ps(row_scales[r])),
                                         scale);
            float *out = c + r * ldc + 16 * j;
            if (accumulate) value = _mm512_add_ps(_mm512_maskz_loadu_ps(mask, out), value);
            _mm512_mask_storeu_ps(out, mask, value);
        }
    }
}

#define TANDEM_CASE(R, B)                                                                                         \
    case (R) * 4 + (B):                                                                                           \
        TANDEM_TILE((R), (B), pairs, a + i * lda, lda, w, block_stride, row_scales + i, scales, out, ldc, accumulate, \
                    columns);                                                                                     \
        break;
#define TANDEM_CASES(R) TANDEM_CASE(R, 1) TANDEM_CASE(R, 2) TANDEM_CASE(R, 3)

static TANDEM_TARGET void TANDEM_DRIVER(ptrdiff_t m, ptrdiff_t k, const int16_t *a, ptrdiff_t lda,
                                        const int16_t *packed, const float *row_scales, const float *column_scales,
                                        float *c, ptrdiff_t ldc, int accumulate, ptrdiff_t column_start,
                                        ptrdiff_t column_end) {
    ptrdiff_t depth = tandem_int8_padded_depth(k), pairs = depth / 2, block_stride = 16 * depth;
    ptrdiff_t first = column_start / 16, last = (column_end + 15) / 16;
    for (ptrdiff_t top = 0; top < m; top += TANDEM_ROW_BLOCK) {
        ptrdiff_t bottom = top + TANDEM_ROW_BLOCK < m ? top + TANDEM_ROW_BLOCK : m;
        for (ptrdiff_t block = first; block < last; block += TANDEM_BLOCKS_512) {
            int blocks = last - block < TANDEM_BLOCKS_512 ? (int)(last - block) : TANDEM_BLOCKS_512;
            ptrdiff_t columns = column_end - 16 * block;
            const int16_t *w = packed + block * block_stride;
            const float *scales = column_scales + 16 * block;
            for (ptrdiff_t i = top; i < bottom; i += TANDEM_ROWS_512) {
                int rows = bottom - i < TANDEM_ROWS_512 ? (int)(bottom - i) : TANDEM_ROWS_512;
                float *out = c + i * ldc + 16 * block;
                switch (rows * 4 + blocks) {
                    TANDEM_CASES(1)
                    TANDEM_CASES(2)
                    TANDEM_CASES(3)
                    TANDEM_CASES(4)
                    TANDEM_CASES(5)
                    TANDEM_CASES(6)
                    TANDEM_CASES(7)
                    TANDEM_CASES(8)
                default:
                    break;
                }
            }
        }
    }
}

#undef TANDEM_CASE
#undef TANDEM_CASES
#undef TANDEM_TILE
#undef TANDEM_DRIVER
#undef TANDEM_ROWS_512
#undef TANDEM_BLOCKS_512
