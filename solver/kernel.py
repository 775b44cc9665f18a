"""The solver's inner loops, compiled (Numba): the quadrature rule, the node sums of the energetic
integrals and the small linear solves of Newton's method.

Every evaluation of the free energy sums some twenty products of per-node quantities over the nodes
of the quadrature rule (``rule``); ``integrals`` explains each. In numpy that is about a hundred
passes over the node arrays, each a temporary array: the cost is memory traffic and, for a single
point, the overhead of the calls, 3-4 times the arithmetic. One loop that computes each node's
quantities in registers and adds them to the sums does the arithmetic alone. ``point_nodes`` is the
rule of ``rule.py`` (stated there in numpy; a test requires the two to agree bit for bit), and
``solve_one`` the pivoted elimination Newton's steps need.

No fast-math: every operation is IEEE-exact as written and sums are added in node order, so the
results do not depend on the CPU's vector width. ``cache=True`` keeps the compiled code on disk
beside this file (or in ``NUMBA_CACHE_DIR``).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

SQRT_HALF = math.sqrt(0.5)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
N_OUT = 19  # value, gradient (3), Hessian (9, row-major), d/dbeta, s2, s2 gradient (3), b_scale


@njit(cache=True)
def ndtr(x: float) -> float:
    """Standard normal CDF Phi(x) = erfc(-x / sqrt 2) / 2 (accurate in both tails)."""
    return 0.5 * math.erfc(-x * SQRT_HALF)


@njit(cache=True)
def f_point(u: float, e_beta: float, c: float):
    """F(u) = log[e^-beta + c Phi(u)] with c = 1 - e^-beta, F'(u), F''(u) = -u F' - F'^2 and e^F."""
    z_u = e_beta + c * ndtr(u)
    f1 = c * math.exp(-0.5 * u * u) * INV_SQRT_2PI / z_u
    return math.log(z_u), f1, -u * f1 - f1 * f1, z_u


@njit(cache=True)
def f_derivs_flat(u, beta, out):
    """``f_point`` at every u[i] with beta[i]; out[:, 0..3] = F, F', F'', e^F."""
    for i in range(u.shape[0]):
        e_beta = math.exp(-beta[i])
        f, f1, f2, z_u = f_point(u[i], e_beta, -math.expm1(-beta[i]))
        out[i, 0], out[i, 1], out[i, 2], out[i, 3] = f, f1, f2, z_u


@njit(cache=True)
def density(zj: float, wj: float, s: float, k_a: float, k_b: float, scale: float):
    """k(z), and at one node of class s: w rho_s p_s(z) and w rho_s dp_s/dk (``scale`` = rho_s / c_s)."""
    k = k_a * zj + k_b
    wz = wj * math.exp(-0.5 * zj * zj) * scale * INV_SQRT_2PI  # w rho_s phi(z) / c_s
    return k, wz * ndtr(s * k), wz * s * math.exp(-0.5 * k * k) * INV_SQRT_2PI


@njit(cache=True)
def class_weights(z, w, r, b0, rho, k_out, p_out):
    """k(z) and w rho_s p_s(z) at every node (arrays of shape (P, 2, M), as in ``energetic``)."""
    for p in range(z.shape[0]):
        sr = math.sqrt(1.0 - r[p] * r[p])
        for cls in range(2):
            s = 1.0 - 2.0 * cls
            scale = (rho[p] if cls == 0 else 1.0 - rho[p]) / ndtr(s * b0[p])
            for j in range(z.shape[2]):
                k, pd, _ = density(z[p, cls, j], w[p, cls, j], s, r[p] / sr, b0[p] / sr, scale)
                k_out[p, cls, j], p_out[p, cls, j] = k, pd


@njit(cache=True)
def energetic(z, w, q, r, b, b0, beta, rho, out):
    """``point_energetic`` at P points: out[p, :] from the nodes z[p], weights w[p]."""
    for p in range(z.shape[0]):
        point_energetic(z[p], w[p], q[p], r[p], b[p], b0[p], beta[p], rho[p], out[p])


@njit(cache=True)
def point_energetic(z, w, q, r, b, b0, beta, rho, out):
    """out[:] = the ``N_OUT`` values of ``integrals.Energetic`` at one point, from the sums over its
    nodes z[c, j] with weights w[c, j] (class c = 0 for s = +1, 1 for s = -1; zero weights are
    skipped); ``integrals.energetic_many`` documents each term."""
    sr2 = 1.0 - r * r
    sr, sq, s1q = math.sqrt(sr2), math.sqrt(q), math.sqrt(1.0 - q)
    e_beta, c = math.exp(-beta), -math.expm1(-beta)
    den = 2.0 * sq * s1q**3
    den_q = s1q * ((1.0 - q) / sq - 3.0 * sq)
    k_a, k_b = r / sr, b0 / sr  # k = k_a z + k_b
    kr_1 = sr2**-1.5
    krr_0, krr_1 = b0 * kr_1, 3.0 * r * sr2**-2.5
    acc = np.zeros(18)  # the node sums, in the order below
    for cls in range(2):
        s = 1.0 - 2.0 * cls
        rho_s = rho if cls == 0 else 1.0 - rho
        scale = rho_s / ndtr(s * b0)  # rho_s / c_s
        # int p_r dz = 0 for each class: centring f removes the O(1) part that cancels as q -> 0
        f_centre = f_point(s * b / s1q, e_beta, c)[0]
        for j in range(z.shape[1]):
            wj = w[cls, j]
            if wj == 0.0:
                continue
            zj = z[cls, j]
            k, pd, p_k = density(zj, wj, s, k_a, k_b, scale)
            zb = zj + r * b0
            k_r = zb * kr_1
            p_r = p_k * k_r
            p_rr = p_k * (krr_0 + krr_1 * zb - k * k_r * k_r)
            u = s * (sq * zj + b) / s1q
            f, f1, f2, z_u = f_point(u, e_beta, c)
            f_beta = -e_beta * (1.0 - z_u) / (c * z_u)  # dF/dbeta: Phi(-u) = (1 - e^F) / c
            f1 = s * f1  # d/dm of F(s m)
            m_q = (zj + b * sq) / den
            m_qq = b / (2.0 * sq * den) - m_q * den_q / den
            pf1, pf2 = pd * f1, pd * f2
            pf1f2 = 2.0 * pf1 * f2
            acc[0] += pf1 * zj
            acc[1] += p_k * f1
            acc[2] += pf2
            acc[3] += pf1 * m_q
            acc[4] += pf1
            acc[5] += pf2 * (m_q * m_q)
            acc[6] += pf1 * m_qq
            acc[7] += p_r * (f1 * m_q)
            acc[8] += pf2 * m_q
            acc[9] += p_r * f1
            acc[10] += p_rr * (f - f_centre)
            acc[11] += pf1f2 * m_q
            acc[12] += p_r * (f1 * f1)
            acc[13] += pf1f2
            acc[14] += pd * f
            acc[15] += pd * f_beta
            acc[16] += pf1 * f1
            acc[17] += abs(pf1)
    _assemble(acc, q, r, sq, s1q, out)


@njit(cache=True)
def _assemble(t, q, r, sq, s1q, out):
    """Value, gradient, Hessian and the Eq. 74 terms from the node sums t (in ``energetic``'s order)."""
    m_b, m_qb = 1.0 / s1q, 0.5 / s1q**3
    h_qb, h_rb = t[8] * m_b + t[4] * m_qb, t[9] * m_b
    out[0] = t[14]  # value
    # d/dr (Eq. 73: R_hat = alpha d/dR = alpha/sqrt(q) d/dr) by Stein's lemma: E_s[f' E(y|z)] with
    # p E_s(y|z) = p r z + sqrt(1-r^2) dp/dk
    out[1], out[2], out[3] = (
        t[3],
        sq / s1q * (r * t[0] + math.sqrt(1.0 - r * r) * t[1]) - r * q / (1.0 - q) * t[2],
        t[4] * m_b,
    )
    out[4], out[5], out[6] = t[5] + t[6], t[7], h_qb  # Hessian row q
    out[7], out[8], out[9] = t[7], t[10], h_rb  # row r
    out[10], out[11], out[12] = h_qb, h_rb, t[2] * m_b * m_b  # row b
    out[13], out[14] = t[15], t[16]  # d/dbeta, s2
    out[15], out[16], out[17] = t[11], t[12], t[13] * m_b  # s2 gradient
    out[18] = t[17] * m_b  # b_scale


@njit(cache=True)
def _sort_with(z, allow, n):
    """Sort z[:n] ascending, allow along with it; stable (insertion sort: n is about 50)."""
    for i in range(1, n):
        zi, ai, j = z[i], allow[i], i - 1
        while j >= 0 and z[j] > zi:
            z[j + 1], allow[j + 1] = z[j], allow[j]
            j -= 1
        z[j + 1], allow[j + 1] = zi, ai


@njit(cache=True)
def _row_edges(lo, hi, h, centre, width, steps, gaps, feature, fine, theta, never, z, allow, drop):
    """The sorted, thinned breakpoints of one (point, class) row into z (``rule``, moves 1 and 2)."""
    n = steps.shape[0] + 2
    z[0], z[1], allow[0], allow[1] = lo, hi, 0.0, 0.0
    for i in range(steps.shape[0]):
        w = width[feature[i]]
        a = w * gaps[i]
        keep = a < fine * h
        z[i + 2] = centre[feature[i]] + w * steps[i] if keep else lo
        allow[i + 2] = a if keep else never
    _sort_with(z, allow, n)  # ties keep lo, hi, then the steps
    for i in range(n):
        z[i] = min(max(z[i], lo), hi)
    for i in range(n):
        d_up = z[i + 1] - z[i] if i < n - 1 else 0.0
        d_down = z[i] - z[i - 1] if i > 0 else 0.0
        up = i < n - 1 and d_up < theta * allow[i] and allow[i] >= allow[i + 1]
        down = i > 0 and d_down < theta * allow[i] and allow[i] > allow[i - 1]
        drop[i] = up or down
    for i in range(n):
        if drop[i]:
            z[i] = z[0]
    _sort_with(z, allow, n)


@njit(cache=True)
def point_nodes(q, r, b, b0, mstar, steps, gaps, feature, consts, x_gl, w_gl):
    """Nodes and weights (2, M) of ``rule``'s composite Gauss-Legendre rule at one point, class +1 then
    -1 (the shorter row padded with zero weights); consts = (BASE_PANELS, FINE, THETA, TAIL, never);
    mstar = Phi^-1(e^-beta) (or -1 where beta <= 0.7)."""
    base, fine, theta, tail, never = consts[0], consts[1], consts[2], consts[3], consts[4]
    n_e = steps.shape[0] + 2
    edges, hs, counts = np.empty((2, n_e)), np.empty(2), np.zeros(2, dtype=np.int64)
    allow, drop, centre, width = np.empty(n_e), np.empty(n_e, dtype=np.bool_), np.empty(3), np.empty(3)
    sr = math.sqrt(max(1.0 - r * r, 0.0))
    sq, s1q = math.sqrt(q), math.sqrt(1.0 - q)
    ar = max(abs(r), 1e-300)  # r = 0: Phi(s k) is flat, its width infinite
    width[0], width[1], width[2] = math.sqrt(1.0 - r * r) / ar, s1q / sq, s1q / sq / max(1.0, abs(mstar))
    for cls in range(2):
        s = 1.0 - 2.0 * cls
        a = -s * b0
        lo, hi = max(a, -9.0), math.sqrt(max(a, 0.0) ** 2 + tail)
        e1, e2 = (r * lo, r * hi) if s > 0 else (-r * hi, -r * lo)
        zlo, zhi = min(e1, e2) - 9.0 * sr, max(e1, e2) + 9.0 * sr
        h = (zhi - zlo) / base
        centre[0] = -b0 * (1.0 if r > 0.0 else (-1.0 if r < 0.0 else 0.0)) / ar
        centre[1] = -b / sq
        centre[2] = (s * (mstar * s1q) - b) / sq
        row = edges[cls]
        _row_edges(zlo, zhi, h, centre, width, steps, gaps, feature, fine, theta, never, row, allow, drop)
        hs[cls] = h
        for i in range(n_e - 1):
            counts[cls] += int(min(math.ceil((row[i + 1] - row[i]) / h), base))
    n_gl = x_gl.shape[0]
    z, w = np.zeros((2, max(counts[0], counts[1]) * n_gl)), np.zeros((2, max(counts[0], counts[1]) * n_gl))
    for cls in range(2):
        k = 0
        for i in range(n_e - 1):
            gap = edges[cls, i + 1] - edges[cls, i]
            n = int(min(math.ceil(gap / hs[cls]), base))
            for j in range(n):
                sub = gap / n
                mid = edges[cls, i] + sub * j + 0.5 * sub
                for g in range(n_gl):
                    z[cls, k], w[cls, k] = mid + 0.5 * sub * x_gl[g], 0.5 * sub * w_gl[g]
                    k += 1
    return z, w


@njit(cache=True)
def rule_nodes(q, r, b, b0, mstar, steps, gaps, feature, consts, x_gl, w_gl):
    """``point_nodes`` at P points, padded with zero weights to one shape (P, 2, M)."""
    rows = [
        point_nodes(q[p], r[p], b[p], b0[p], mstar[p], steps, gaps, feature, consts, x_gl, w_gl)
        for p in range(q.shape[0])
    ]
    most = 0
    for zw in rows:
        most = max(most, zw[0].shape[1])
    z, w = np.zeros((q.shape[0], 2, most)), np.zeros((q.shape[0], 2, most))
    for p in range(q.shape[0]):
        m = rows[p][0].shape[1]
        z[p, :, :m], w[p, :, :m] = rows[p][0], rows[p][1]
    return z, w


@njit(cache=True)
def solve_one(a, rhs, d, out):
    """out[:d] = a[:d, :d]^-1 rhs[:d] by Gaussian elimination with partial pivoting; False (and NaN)
    where the matrix is singular."""
    m = np.empty((3, 4))
    for i in range(d):
        for k in range(d):
            m[i, k] = a[i, k]
        m[i, d] = rhs[i]
    for col in range(d):
        piv = col
        for row in range(col + 1, d):
            if abs(m[row, col]) > abs(m[piv, col]):
                piv = row
        if m[piv, col] == 0.0 or not math.isfinite(m[piv, col]):
            for i in range(d):
                out[i] = np.nan
            return False
        for k in range(d + 1):
            tmp = m[col, k]
            m[col, k] = m[piv, k]
            m[piv, k] = tmp
        for row in range(col + 1, d):
            f = m[row, col] / m[col, col]
            for k in range(col, d + 1):
                m[row, k] -= f * m[col, k]
    for i in range(d - 1, -1, -1):
        acc = m[i, d]
        for k in range(i + 1, d):
            acc -= m[i, k] * out[k]
        out[i] = acc / m[i, i]
    return True
