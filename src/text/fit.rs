//! Fitting the heads: L2-regularised logistic regression by L-BFGS, deterministic to the bit.
//!
//! Used by `examples/train_language.rs`, never at run time. Every sum runs in a fixed order
//! and `exp`/`ln` come from [`super::detmath`], so the same corpus gives the same weights on
//! every machine, which is what lets CI check that the committed weights are the code's.

use super::detmath::{sigmoid, softplus};
use super::encoder::DIMENSIONS;
use super::heads::EMBEDDING_SCALE;

/// One training example: its sentence vector and its sorted n-gram features.
#[derive(Debug, Clone)]
pub struct Example {
    pub embedding: [f32; DIMENSIONS],
    pub features: Vec<u32>,
}

/// A fitted logistic unit: dense weights, n-gram weights, bias.
#[derive(Debug, Clone)]
pub struct Unit {
    pub dense: Vec<f64>,
    pub sparse: Vec<f64>,
    pub bias: f64,
}

/// How hard to fit: `c` weighs the data against the L2 penalty (as scikit-learn's `C`).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub c: f64,
    pub iterations: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            c: 16.0,
            iterations: 300,
        }
    }
}

/// Parameters are laid out as `[dense.., sparse.., bias]`.
fn logit(w: &[f64], x: &Example) -> f64 {
    let mut z = w[w.len() - 1];
    let mut dot = 0.0;
    for (wi, xi) in w[..DIMENSIONS].iter().zip(&x.embedding) {
        dot += wi * f64::from(*xi);
    }
    z += dot * f64::from(EMBEDDING_SCALE);
    for &f in &x.features {
        z += w[DIMENSIONS + f as usize];
    }
    z
}

/// The objective and its gradient.
fn objective(w: &[f64], data: &[Example], labels: &[bool], c: f64, grad: &mut [f64]) -> f64 {
    let bias = w.len() - 1;
    let mut loss = 0.0;
    for (g, wi) in grad[..bias].iter_mut().zip(&w[..bias]) {
        *g = *wi;
        loss += 0.5 * wi * wi;
    }
    grad[bias] = 0.0;
    for (x, &y) in data.iter().zip(labels) {
        let z = logit(w, x);
        let target = if y { 1.0 } else { 0.0 };
        loss += c * (softplus(z) - target * z);
        let residual = c * (sigmoid(z) - target);
        let scaled = residual * f64::from(EMBEDDING_SCALE);
        for (g, xi) in grad[..DIMENSIONS].iter_mut().zip(&x.embedding) {
            *g += scaled * f64::from(*xi);
        }
        for &f in &x.features {
            grad[DIMENSIONS + f as usize] += residual;
        }
        grad[bias] += residual;
    }
    loss
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Fits one unit to `labels` over `data`, with `features` n-gram features in all.
pub fn logistic(data: &[Example], labels: &[bool], features: usize, settings: Settings) -> Unit {
    const HISTORY: usize = 10;
    let n = DIMENSIONS + features + 1;
    let mut w = vec![0.0; n];
    let mut grad = vec![0.0; n];
    let mut loss = objective(&w, data, labels, settings.c, &mut grad);
    let mut history: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    let mut next = vec![0.0; n];
    let mut next_grad = vec![0.0; n];
    for _ in 0..settings.iterations {
        // Two-loop recursion: the direction -H g from the last steps.
        let mut q = grad.clone();
        let mut alphas = Vec::with_capacity(history.len());
        for (s, y, rho) in history.iter().rev() {
            let alpha = rho * dot(s, &q);
            q.iter_mut().zip(y).for_each(|(qi, yi)| *qi -= alpha * yi);
            alphas.push(alpha);
        }
        if let Some((s, y, _)) = history.last() {
            let gamma = dot(s, y) / dot(y, y);
            q.iter_mut().for_each(|qi| *qi *= gamma);
        } else {
            let norm = dot(&grad, &grad).sqrt().max(1e-12);
            q.iter_mut().for_each(|qi| *qi /= norm);
        }
        for ((s, y, rho), alpha) in history.iter().zip(alphas.iter().rev()) {
            let beta = rho * dot(y, &q);
            q.iter_mut().zip(s).for_each(|(qi, si)| *qi += (alpha - beta) * si);
        }
        let slope = -dot(&grad, &q);
        if slope >= 0.0 {
            // Not a descent direction: start the history again from the gradient.
            history.clear();
            continue;
        }
        // Backtracking until the Armijo condition holds.
        let mut step = 1.0;
        let mut accepted = false;
        for _ in 0..30 {
            next.iter_mut()
                .zip(&w)
                .zip(&q)
                .for_each(|((ni, wi), qi)| *ni = wi - step * qi);
            let next_loss = objective(&next, data, labels, settings.c, &mut next_grad);
            if next_loss <= loss + 1e-4 * step * slope {
                let s: Vec<f64> = next.iter().zip(&w).map(|(a, b)| a - b).collect();
                let y: Vec<f64> = next_grad.iter().zip(&grad).map(|(a, b)| a - b).collect();
                let sy = dot(&s, &y);
                if sy > 1e-10 {
                    if history.len() == HISTORY {
                        history.remove(0);
                    }
                    history.push((s, y, 1.0 / sy));
                }
                let improvement = loss - next_loss;
                std::mem::swap(&mut w, &mut next);
                std::mem::swap(&mut grad, &mut next_grad);
                loss = next_loss;
                accepted = improvement > 1e-9 * loss.max(1.0);
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            break;
        }
    }
    let bias = w.pop().unwrap_or(0.0);
    let sparse = w.split_off(DIMENSIONS);
    Unit { dense: w, sparse, bias }
}

/// The logit of a fitted unit for one example.
pub fn predict(unit: &Unit, x: &Example) -> f64 {
    let mut dot = 0.0;
    for (wi, xi) in unit.dense.iter().zip(&x.embedding) {
        dot += wi * f64::from(*xi);
    }
    let mut z = unit.bias + dot * f64::from(EMBEDDING_SCALE);
    for &f in &x.features {
        z += unit.sparse[f as usize];
    }
    z
}

/// Ordinary least squares with a small ridge penalty (not on the intercept), by the normal
/// equations: returns the weights and the intercept.
pub fn ridge(rows: &[Vec<f64>], targets: &[f64], penalty: f64) -> (Vec<f64>, f64) {
    let k = rows.first().map_or(0, Vec::len) + 1;
    // Augmented design: a 1 at the end of every row for the intercept.
    let mut a = vec![vec![0.0; k]; k];
    let mut b = vec![0.0; k];
    for (row, &t) in rows.iter().zip(targets) {
        let x: Vec<f64> = row.iter().copied().chain([1.0]).collect();
        for i in 0..k {
            b[i] += x[i] * t;
            for j in 0..k {
                a[i][j] += x[i] * x[j];
            }
        }
    }
    for (i, row) in a.iter_mut().enumerate().take(k - 1) {
        row[i] += penalty;
    }
    let mut x = solve(a, b);
    let intercept = x.pop().unwrap_or(0.0);
    (x, intercept)
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; a variable whose pivot
/// vanishes (a singular system) is set to 0.
pub fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let diagonal = a[col][col];
        if diagonal.abs() < TINY_PIVOT {
            continue;
        }
        let (above, below) = a.split_at_mut(col + 1);
        let pivot_row = &above[col];
        for (offset, row) in below.iter_mut().enumerate() {
            let factor = row[col] / diagonal;
            for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= factor * p;
            }
            b[col + 1 + offset] -= factor * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < TINY_PIVOT {
            0.0
        } else {
            (b[row] - rest) / a[row][row]
        };
    }
    x
}

/// A pivot this small means the system is singular in that variable. Both systems solved here
/// carry a ridge penalty on their diagonal, so a real pivot is far larger.
const TINY_PIVOT: f64 = 1e-12;

#[cfg(test)]
mod tests {
    use super::*;

    fn example(first: f32, features: Vec<u32>) -> Example {
        let mut embedding = [0.0; DIMENSIONS];
        embedding[0] = first;
        Example { embedding, features }
    }

    #[test]
    fn a_separable_problem_is_learnt_from_either_kind_of_feature() {
        let data = vec![
            example(0.1, vec![0]),
            example(0.1, vec![0]),
            example(-0.1, vec![1]),
            example(-0.1, vec![1]),
        ];
        let labels = [true, true, false, false];
        let unit = logistic(&data, &labels, 2, Settings::default());
        for (x, &y) in data.iter().zip(&labels) {
            assert_eq!(predict(&unit, x) > 0.0, y);
        }
        assert!(unit.sparse[0] > 0.0 && unit.sparse[1] < 0.0);
        assert!(unit.dense[0] > 0.0);
    }

    #[test]
    fn ridge_recovers_a_line() {
        let rows: Vec<Vec<f64>> = (0..20).map(|i| vec![f64::from(i), f64::from(i % 3)]).collect();
        let targets: Vec<f64> = rows.iter().map(|r| 2.0 * r[0] - r[1] + 5.0).collect();
        let (w, b) = ridge(&rows, &targets, 1e-9);
        assert!((w[0] - 2.0).abs() < 1e-6 && (w[1] + 1.0).abs() < 1e-6 && (b - 5.0).abs() < 1e-5);
    }
}
