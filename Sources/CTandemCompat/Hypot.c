// hypot and hypotf for the Lambda bootstrap: see include/CTandemCompat.h for why they exist.
//
// The classic scaled algorithm: order |x| >= |y|, return early when |y| cannot change the result, scale both by a
// power of two so that the squares neither overflow nor underflow, take the square root, undo the scaling. The
// double version then applies one Newton correction with the rounding errors of the squares recovered by fma
// (C. F. Borges, "An Improved Algorithm for hypot(a, b)", 2019), which brings it within one ulp, nearly always
// correctly rounded.
#include "CTandemCompat.h"

#include <math.h>

#pragma STDC FP_CONTRACT OFF

double tandem_hypot(double x, double y) {
    if (isinf(x) || isinf(y)) {
        return INFINITY;
    }
    if (isnan(x) || isnan(y)) {
        return x + y;
    }
    double a = fabs(x);
    double b = fabs(y);
    if (a < b) {
        double swap = a;
        a = b;
        b = swap;
    }
    if (b == 0.0) {
        return a;
    }
    int exponentA = 0;
    int exponentB = 0;
    (void)frexp(a, &exponentA);
    (void)frexp(b, &exponentB);
    // b < a * 2^-54 makes b² < 2^-108 a²: the exact result rounds to a. a + b keeps the rounding mode's say.
    if (exponentA - exponentB > 54) {
        return a + b;
    }
    // Here the exponents differ by at most 54, so one scaling brings both into a range where the squares are
    // normal numbers far from overflow: a <= 2^424 after scaling down, b >= 2^-474 after scaling up.
    double scale = 1.0;
    if (exponentA > 500) {
        a *= 0x1p-600;
        b *= 0x1p-600;
        scale = 0x1p600;
    } else if (exponentB < -500) {
        a *= 0x1p600;
        b *= 0x1p600;
        scale = 0x1p-600;
    }
    double h = sqrt(fma(a, a, b * b));
    // δ = h² - (a² + b²), from the exact errors of the squares: h² - a² is exact (Sterbenz, a² <= h² <= 2a²).
    double hSquared = h * h;
    double aSquared = a * a;
    double delta = fma(-b, b, hSquared - aSquared) + fma(h, h, -hSquared) - fma(a, a, -aSquared);
    h -= delta / (2.0 * h);
    return h * scale;
}

float tandem_hypotf(float x, float y) {
    if (isinf(x) || isinf(y)) {
        return INFINITY;
    }
    if (isnan(x) || isnan(y)) {
        return x + y;
    }
    // Squares of floats are exact in double (48 of 53 bits) and cannot overflow or underflow there.
    double a = (double)x;
    double b = (double)y;
    return (float)sqrt(a * a + b * b);
}

#if defined(__linux__) && defined(__GLIBC__)
double hypot(double x, double y) __attribute__((alias("tandem_hypot")));
float hypotf(float x, float y) __attribute__((alias("tandem_hypotf")));
#endif
