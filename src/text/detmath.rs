//! `exp`, `ln` and the logistic function from additions and multiplications alone.
//!
//! The standard library's `exp` and `ln` call the platform's maths library, which may round
//! the last bit differently on another system. A probability printed by `analyze` or a head
//! fitted by `train_language` must be the same bits everywhere, so both go through these
//! instead: range reduction by powers of two, then a fixed polynomial. Accurate to a few units
//! in the last place, which is far below anything a head can tell apart.

use std::f64::consts::LN_2;

/// `e^x`. Saturates to 0 and infinity outside the range `f64` can hold.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    // x = k ln 2 + r, |r| <= ln 2 / 2; e^x = 2^k e^r. ln 2 is split in two (Cody and Waite)
    // so that k ln 2 is subtracted without losing r's low bits when k is large.
    // fdlibm's split: the high part has trailing zero bits, so k * LN2_HIGH is exact.
    const LN2_HIGH: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LOW: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let k = (x / LN_2).round();
    let r = (x - k * LN2_HIGH) - k * LN2_LOW;
    // Taylor series of e^r to the 13th power: the next term is below 1e-17 for |r| <= 0.35.
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..=13 {
        term *= r / f64::from(n);
        sum += term;
    }
    sum * pow2(k as i32)
}

/// `ln x` for `x > 0`; negative infinity at 0, NaN below.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    // x = m 2^e with m in [sqrt(1/2), sqrt(2)); ln x = e ln 2 + ln m.
    let (mut m, mut e) = (x, 0i32);
    while m >= std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    while m < std::f64::consts::FRAC_1_SQRT_2 {
        m *= 2.0;
        e -= 1;
    }
    // ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172: the series to s^29 is exact to
    // well below f64's precision.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut power = s;
    let mut sum = 0.0;
    for n in 0..15 {
        sum += power / f64::from(2 * n + 1);
        power *= s2;
    }
    f64::from(e) * LN_2 + 2.0 * sum
}

/// The logistic function, `1 / (1 + e^-x)`.
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + exp(-x))
    } else {
        let e = exp(x);
        e / (1.0 + e)
    }
}

/// `ln(1 + e^x)`, without overflow for large `x`.
pub fn softplus(x: f64) -> f64 {
    if x > 35.0 { x } else { ln(1.0 + exp(x)) }
}

/// `2^k` for the exponents `exp` needs, built exactly.
fn pow2(k: i32) -> f64 {
    let mut result = 1.0;
    let (base, steps) = if k >= 0 { (2.0, k) } else { (0.5, -k) };
    let mut base = base;
    let mut steps = steps;
    // Square-and-multiply: every step is exact, since each factor is a power of two.
    while steps > 0 {
        if steps & 1 == 1 {
            result *= base;
        }
        base *= base;
        steps >>= 1;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_to_the_standard_library_everywhere() {
        for i in -7000..7000 {
            let x = f64::from(i) * 0.1;
            let relative = (exp(x) - x.exp()).abs() / x.exp().max(f64::MIN_POSITIVE);
            assert!(relative < 1e-14, "exp({x}): {} vs {}", exp(x), x.exp());
        }
        for i in 1..20000 {
            let x = f64::from(i) * 0.37;
            assert!((ln(x) - x.ln()).abs() < 1e-13, "ln({x})");
            let y = 1.0 / x;
            assert!((ln(y) - y.ln()).abs() < 1e-13, "ln({y})");
        }
    }

    #[test]
    fn edges() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(1000.0), f64::INFINITY);
        assert_eq!(exp(-1000.0), 0.0);
        assert!(ln(-1.0).is_nan());
        assert_eq!(sigmoid(0.0), 0.5);
        assert!(sigmoid(-800.0) >= 0.0 && sigmoid(800.0) <= 1.0);
        assert_eq!(softplus(100.0), 100.0);
    }
}
