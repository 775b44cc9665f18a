"""A calibrated noise scale: the theory's temperature that reproduces an SGD run (issue 12).

What is compared. The theory's training error eps_t(T) (Eq. 80, ``Solution.train_error``) is the Gibbs
average of the fraction of the P = alpha*N training samples that the student misclassifies,
sign(w.S/sqrt(N) + b) != label. An SGD run records the same 0/1 fraction for its final student on its
own training set (``train_error`` of ``experiments.sgd_perceptron``, schema v2; v1 files do not have
it). ``T_fit`` is the temperature with eps_t(T_fit) = the measured error at the run's b0, alpha and
rho_train: eps_t grows with T along the informative branch, so the inversion is unique; it jumps to
min(rho, 1 - rho) where the student turns dummy. Separately, ``T_Rb`` is the temperature whose (R, b)
are closest to the measured (R, b) (least squares, weighted by the standard errors for a point).

Outcomes of an inversion (``Fit.status``): "fit" (inside the theory's range), "upper bound" (no
training error measured: T_fit <= the T where the theory expects one error on P samples; or the (R, b)
optimum at the lowest T of the grid), "lower bound" (above the largest T of the grid), "transition"
(the error lies in the jump to the dummy state: the nearest theory is the transition temperature),
"poor fit" (for a setting's mean (R, b): no T reproduces both within their errors, chi^2 > CHI2_OK),
"worse than dummy" (the run misclassifies more training samples than the dummy student's min(rho, 1 - rho):
no temperature reproduces it; the theory is dummy from the reported T on).

Pure numpy/scipy/pandas over ``solver`` solutions and ``experiments.results`` records.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.interpolate import PchipInterpolator
from scipy.optimize import minimize_scalar

from experiments import results
from solver import RANGES, cached_sweep

from .figures import log_grid, table

T_LO, T_HI = 0.02, RANGES["T"][1]
CHI2_OK = 6.63  # (R, b) reproduced within errors: chi^2 of the best T below the 99 % point of 1 dof
T_GRID = tuple(log_grid(T_LO, T_HI, 61))
_FINE = 4000  # points of the interpolated (R, b) curves


@dataclass(frozen=True)
class Fit:
    """A fitted temperature: the value, its interval (lo, hi) and what kind of statement it is."""

    T: float
    lo: float
    hi: float
    status: str  # "fit", "upper bound", "lower bound", "transition"

    def text(self, chi2: float | None = None) -> str:
        """The fit in words (no NaN or inf); ``chi2`` is quoted for a poor fit."""
        if self.status == "poor fit":
            return f"no T reproduces both R and b (closest: T = {self.T:.3g}, χ² = {chi2:.3g})"
        if self.status == "upper bound":
            return f"T ≤ {self.T:.3g}"
        if self.status == "lower bound":
            return f"T ≥ {self.T:.3g}"
        if self.status == "no fit":
            return "no single T (the theory is dummy at some point for every T)"
        if self.status == "worse than dummy":
            return f"no T: more training errors than the dummy student (dummy from T ≈ {self.T:.3g})"
        if self.status == "transition":
            return f"T ≈ {self.T:.3g} (at the jump to the dummy state)"
        if not (math.isfinite(self.lo) and math.isfinite(self.hi)) or f"{self.lo:.3g}" == f"{self.hi:.3g}":
            return f"T = {self.T:.3g}"
        return f"T = {self.T:.3g} ({self.lo:.3g}–{self.hi:.3g})"


def theory_curve(b0: float, alpha: float, rho_train: float, grid=T_GRID) -> pd.DataFrame:
    """Theory along T at one (b0, alpha, rho_train): T, train_error, R, b, phase, converged."""
    sols = cached_sweep(over="T", values=list(grid), b0=b0, alpha=alpha, rho_train=rho_train)
    return table(sols, 0.5)


class Curve:
    """The informative branch of a ``theory_curve`` in a form that inverts eps_t and fits (R, b)."""

    def __init__(self, df: pd.DataFrame):
        bad = ~df["converged"].to_numpy(bool)
        if bad.any():
            raise ValueError(f"the solver did not converge at T = {df['T'][bad].tolist()}")
        ok = (df["phase"] == "informative").to_numpy()
        n = int(np.argmin(ok)) if not ok.all() else len(ok)  # informative prefix (low T)
        if n < 4:
            raise ValueError("fewer than 4 informative temperatures: nothing to calibrate against")
        self.T = df["T"].to_numpy(float)[:n]
        self.eps = df["train_error"].to_numpy(float)[:n]
        self.R = df["R"].to_numpy(float)[:n]
        self.b = df["b"].to_numpy(float)[:n]
        self.T_dummy = float(df["T"].iloc[n]) if n < len(df) else None
        self.eps_dummy = float(df["train_error"].iloc[n]) if n < len(df) else None  # min(rho, 1 - rho)
        if not np.all(np.diff(self.eps) > 0):
            raise ValueError("eps_t(T) is not increasing along the informative branch")
        logT = np.log(self.T)
        self._eps_to_logT = PchipInterpolator(np.log(self.eps), logT)
        self._logT_to_logeps = PchipInterpolator(logT, np.log(self.eps))
        self.fine = np.exp(np.linspace(logT[0], logT[-1], _FINE))
        self.R_fine = PchipInterpolator(logT, self.R)(np.log(self.fine))
        self.b_fine = PchipInterpolator(logT, self.b)(np.log(self.fine))

    def train_error(self, T: float) -> float:
        """eps_t(T) interpolated on the informative branch."""
        return float(np.exp(self._logT_to_logeps(math.log(T))))

    def _T_of(self, eps: float) -> float:
        return float(np.exp(self._eps_to_logT(math.log(eps))))

    def invert(
        self, eps: float, lo: float | None = None, hi: float | None = None, P: int | None = None
    ) -> Fit:
        """T_fit with eps_t(T_fit) = eps; (lo, hi) an interval of errors mapped the same way.

        ``P`` (training samples) sets the floor of a measured zero error: one error in P."""
        floor = 1.0 / P if P else self.eps[0]
        if eps < floor:
            return Fit(self._T_of(max(floor, self.eps[0])), math.nan, math.nan, "upper bound")
        if eps > self.eps[-1]:
            if self.T_dummy is None:
                return Fit(float(self.T[-1]), math.nan, math.nan, "lower bound")
            if eps >= self.eps_dummy:
                return Fit(self.T_dummy, math.nan, math.nan, "worse than dummy")
            T = math.sqrt(self.T[-1] * self.T_dummy)
            return Fit(T, float(self.T[-1]), self.T_dummy, "transition")
        ends = [self._clipped(x, eps) for x in (lo, hi)]
        return Fit(self._T_of(max(eps, self.eps[0])), ends[0], ends[1], "fit")

    def _clipped(self, e: float | None, default: float) -> float:
        if e is None or not math.isfinite(e):
            return self._T_of(max(default, self.eps[0]))
        return self._T_of(min(max(e, self.eps[0]), self.eps[-1]))

    def fit_Rb(self, R: float, b: float, se_R: float = 1.0, se_b: float = 1.0) -> tuple[Fit, float]:
        """T_Rb minimising ((R(T) - R)/se_R)^2 + ((b(T) - b)/se_b)^2 and that minimum (chi^2).

        The interval holds the T with chi^2 <= min + 1 (meaningful when se are standard errors). Where
        chi^2 is flat down to the lowest T, the fit is that T as an upper bound."""
        chi2 = ((self.R_fine - R) / se_R) ** 2 + ((self.b_fine - b) / se_b) ** 2
        # the lowest T at the minimum: where (R, b) no longer change with T (low T, no train error) the
        # chi^2 is flat to round-off and argmin would pick a T the data do not single out
        i = int(np.flatnonzero(chi2 <= chi2.min() * (1.0 + 1e-9) + 1e-22)[0])
        inside = self.fine[chi2 <= chi2[i] + 1.0]
        top = "lower bound" if self.T_dummy is None else "transition"
        status = "upper bound" if i == 0 else top if i == _FINE - 1 else "fit"
        return Fit(float(self.fine[i]), float(inside.min()), float(inside.max()), status), float(chi2[i])


# ---------------------------------------------------------------- SGD runs


SOURCES = {  # data set label -> files of experiments.results (lr = 0.05 Fig. 13 is an extra)
    "Fig. 13, lr = 0.5 (paper)": ("sgd_fig13_v2",),
    "Fig. 13, lr = 0.05 (extra)": ("sgd_fig13", "sgd_fig13_peak"),
    "Fig. 14, ρtrain = 0.5": ("sgd_fig14",),
    "Fig. 14, ρtrain = 0.3, 0.7": ("sgd_fig14_v2",),
    "N study": ("sgd_nstudy",),
}
KEYS = ("source", "N", "lr", "BS", "rho_train")


def runs_table(files: dict[str, list[dict]]) -> pd.DataFrame:
    """One row per SGD run of every file: KEYS, alpha, b0, lr/BS, N*lr/BS, R, b, balanced accuracy,
    train_error (NaN in v1 files, which did not record it). ``files`` maps a source label to (data,
    ...) of its files."""
    rows = []
    for source, datas in files.items():
        for data in datas:
            p = data["meta"]["parameters"]
            for r in data["runs"]:
                N = r.get("N", p["N"])
                rows.append(
                    dict(source=source, N=N, lr=r["lr"], BS=r["BS"], rho_train=r["rho_train"],
                         alpha=p["alpha"], b0=p["b0"], lr_over_BS=r["lr"] / r["BS"],
                         N_lr_over_BS=N * r["lr"] / r["BS"], R=r["R"], b=r["b"],
                         train_error=r.get("train_error", math.nan), seed=r["seed"],
                         balanced_accuracy=r["balanced_accuracy"])
                )  # fmt: skip
    return pd.DataFrame(rows)


def curves(runs: pd.DataFrame) -> dict[tuple[float, float, float], Curve]:
    """The theory ``Curve`` of every (b0, alpha, rho_train) among the runs."""
    keys = runs[["b0", "alpha", "rho_train"]].drop_duplicates().itertuples(index=False)
    return {tuple(k): Curve(theory_curve(*k)) for k in keys}


def _curve(cs: dict, row) -> Curve:
    return cs[(row["b0"], row["alpha"], row["rho_train"])]


def per_run(runs: pd.DataFrame, cs: dict) -> pd.DataFrame:
    """``runs`` with T_fit (from the run's train error; floor one error in P samples) and T_Rb (plain
    least squares on (R, b)) and their status, for each run."""
    out = runs.copy()
    fits, rb = [], []
    for _, r in runs.iterrows():
        c = _curve(cs, r)
        P = round(r["alpha"] * r["N"])
        fits.append(c.invert(r["train_error"], P=P) if math.isfinite(r["train_error"]) else None)
        rb.append(c.fit_Rb(r["R"], r["b"])[0])
    out["T_fit"] = [f.T if f else math.nan for f in fits]
    out["T_fit_status"] = [f.status if f else "no train error recorded" for f in fits]
    out["T_Rb"] = [f.T for f in rb]
    out["T_Rb_status"] = [f.status for f in rb]
    return out


def per_point(runs: pd.DataFrame, cs: dict) -> pd.DataFrame:
    """One row per setting (KEYS): n, means and SEs of train_error, R, b; T_fit of the mean train error
    (interval: mean +- SE mapped through eps_t) and T_Rb of the mean (R, b) (interval: chi^2 <= min + 1),
    with statuses and the theory's R and b at T_fit (a check of the calibration on quantities it did
    not use); T_best is T_fit where that is a fit, else T_Rb."""
    rows = []
    for key, g in runs.groupby(list(KEYS), sort=True):
        first = g.iloc[0]
        c, n = _curve(cs, first), len(g)
        row = dict(zip(KEYS, key, strict=True), n=n, alpha=first["alpha"], b0=first["b0"])
        row |= dict(lr_over_BS=first["lr_over_BS"], N_lr_over_BS=first["N_lr_over_BS"])
        for q in ("train_error", "R", "b", "balanced_accuracy"):
            x = g[q].to_numpy(float)
            row[f"{q}_mean"] = float(x.mean())
            row[f"{q}_sem"] = float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan
        row |= _fit_columns(c, row, round(first["alpha"] * first["N"]) * n)
        rows.append(row)
    return pd.DataFrame(rows)


def _fit_columns(c: Curve, row: dict, n_samples: int) -> dict:
    eps, se = row["train_error_mean"], row["train_error_sem"]
    out = {}
    if math.isfinite(eps):
        f = c.invert(eps, eps - se, eps + se, P=n_samples)
        out |= dict(T_fit=f.T, T_fit_lo=f.lo, T_fit_hi=f.hi, T_fit_status=f.status, T_fit_text=f.text())
        th = f.T if f.status == "fit" else math.nan
        out |= dict(R_at_T_fit=_at(c.fine, c.R_fine, th), b_at_T_fit=_at(c.fine, c.b_fine, th))
    else:
        out |= dict(T_fit=math.nan, T_fit_lo=math.nan, T_fit_hi=math.nan, T_fit_status="no train error")
        out |= dict(T_fit_text="not recorded (v1 file)", R_at_T_fit=math.nan, b_at_T_fit=math.nan)
    se_R, se_b = (row[f"{q}_sem"] if row[f"{q}_sem"] > 0 else 1.0 for q in ("R", "b"))
    g, chi2 = c.fit_Rb(row["R_mean"], row["b_mean"], se_R, se_b)
    if g.status == "fit" and row["n"] > 1 and chi2 > CHI2_OK:
        g = Fit(g.T, g.lo, g.hi, "poor fit")
    out |= dict(T_Rb=g.T, T_Rb_lo=g.lo, T_Rb_hi=g.hi, T_Rb_status=g.status, T_Rb_text=g.text(chi2))
    own = out["T_fit_status"] == "fit"
    best = {k: out[f"{'T_fit' if own else 'T_Rb'}{k}"] for k in ("", "_lo", "_hi", "_status", "_text")}
    return out | dict(T_Rb_chi2=chi2) | {f"T_best{k}": v for k, v in best.items()}


def _at(x: np.ndarray, y: np.ndarray, t: float) -> float:
    return float(np.interp(math.log(t), np.log(x), y)) if math.isfinite(t) else math.nan


# ---------------------------------------------------------------- one T for a whole data set


def pooled_fit(points: pd.DataFrame, cs: dict, by: str = "train_error") -> tuple[Fit, float]:
    """The single T that best reproduces all points of a data set (e.g. Fig. 13 at every rho_train),
    and chi^2 per degree of freedom there (>> 1: no single T describes all points).

    ``by="train_error"``: chi^2 = sum ((eps_t(T) - eps) / SE)^2, the dummy state counting with its
    error min(rho, 1 - rho); ``by="Rb"``: the same over R and b, where a dummy state (b infinite)
    cannot reproduce a measured point."""
    terms = [(_curve(cs, p), p) for _, p in points.iterrows()]

    def chi2(T: np.ndarray) -> np.ndarray:
        total = np.zeros_like(T)
        for c, p in terms:
            inside = T <= c.T[-1]
            if by == "train_error":
                dummy = min(p["rho_train"], 1 - p["rho_train"])
                logeps = c._logT_to_logeps(np.log(np.minimum(T, c.T[-1])))
                model = np.where(inside, np.exp(logeps), dummy)
                total += ((model - p["train_error_mean"]) / _se(p, "train_error")) ** 2
            else:
                for q, fine in (("R", c.R_fine), ("b", c.b_fine)):
                    model = np.interp(np.log(T), np.log(c.fine), fine)
                    total += np.where(inside, ((model - p[f"{q}_mean"]) / _se(p, q)) ** 2, np.inf)
        return total

    dof = max(len(points) * (1 if by == "train_error" else 2) - 1, 1)
    return _minimise(chi2, dof)


def _minimise(chi2, dof: int) -> tuple[Fit, float]:
    """Minimum of chi2(T) over [T_LO, T_HI] (a log grid, refined by bisection of the bracket) and the
    interval chi2 <= min + max(1, chi2/dof) (errors scaled when the points scatter more than their SEs;
    grid resolution 0.2 %)."""
    grid = np.exp(np.linspace(math.log(T_LO), math.log(T_HI), 3000))
    values = chi2(grid)
    if not np.isfinite(values).any():
        return Fit(math.nan, math.nan, math.nan, "no fit"), math.nan
    i = int(np.argmin(values))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    res = minimize_scalar(
        lambda t: float(chi2(np.array([math.exp(t)]))[0]),
        bounds=(math.log(lo), math.log(hi)), method="bounded", options={"xatol": 1e-7},
    )  # fmt: skip
    T, best = (math.exp(res.x), float(res.fun)) if res.fun < values[i] else (float(grid[i]), float(values[i]))
    inside = grid[values <= best + max(1.0, best / dof)]  # scaled by chi2/dof when that exceeds 1
    inside = np.append(inside, T)
    status = "upper bound" if i == 0 else "lower bound" if i == len(grid) - 1 else "fit"
    return Fit(T, float(inside.min()), float(inside.max()), status), best / dof


def _se(p, q: str) -> float:
    """A point's standard error, floored at one error in its n*P samples for the train error."""
    se = p[f"{q}_sem"]
    floor = 1.0 / (p["n"] * round(p["alpha"] * p["N"])) if q == "train_error" else 1e-6
    return max(se, floor) if math.isfinite(se) else floor


# ---------------------------------------------------------------- the N study


def n_study(points: pd.DataFrame) -> pd.DataFrame:
    """Points of the N study with the family each belongs to: ``same lr/BS`` (lr as at every N) or
    ``same N*lr/BS`` (lr scaled by N_ref/N); the reference N (largest) is in both."""
    pts = points[points["source"] == "N study"]
    if pts.empty:
        return pts.assign(family=[], base_lr=[])
    N_ref = pts["N"].max()
    ref_lrs = [float(x) for x in pts.loc[pts["N"] == N_ref, "lr"].unique()]
    rows = []
    for _, p in pts.iterrows():
        for lr0 in ref_lrs:
            if math.isclose(p["lr"], lr0):
                rows.append({**p, "family": "same lr/BS", "base_lr": lr0})
            if math.isclose(p["lr"] * p["N"], lr0 * N_ref):
                rows.append({**p, "family": "same N·lr/BS", "base_lr": lr0})
    return pd.DataFrame(rows)


def n_statements(study: pd.DataFrame, key: str = "R") -> list[str]:
    """Where 'N = 5000 is close to N -> infinity' holds and where not, from the N study's R."""
    out = []
    groups = study.groupby(["rho_train", "base_lr", "family"], sort=True)
    for (rho, _, family), g in sorted(groups, key=lambda kg: (kg[0][0], kg[0][1], kg[0][2] != "same lr/BS")):
        g = g.sort_values("N")
        if len(g) < 2:
            continue
        a, b = g.iloc[-2], g.iloc[-1]  # the two largest N
        z = (b[f"{key}_mean"] - a[f"{key}_mean"]) / math.hypot(a[f"{key}_sem"], b[f"{key}_sem"])
        vals = ", ".join(f"{v:.3f} (N = {int(n)})" for n, v in zip(g["N"], g[f"{key}_mean"], strict=True))
        fixed = (
            f"lr/BS = {g['lr_over_BS'].iloc[0]:.3g}"
            if family == "same lr/BS"
            else f"N·lr/BS = {g['N_lr_over_BS'].iloc[0]:.3g}"
        )
        verdict = (
            f"**holds**: N = {int(a['N'])} and {int(b['N'])} agree within {abs(z):.1f} SE"
            if abs(z) < 2
            else f"**does not hold**: N = {int(a['N'])} → {int(b['N'])} still moves {key} by "
            f"{b[f'{key}_mean'] - a[f'{key}_mean']:+.3f} ({abs(z):.1f} SE)"
        )
        out.append(f"At ρtrain = {rho:g} with {fixed} fixed, {key} = {vals}: “N = 5000 ≈ N → ∞” {verdict}.")
    return out


# ---------------------------------------------------------------- the noise law used by the Advisor


@dataclass(frozen=True)
class NoiseLaw:
    """T_fit against x = N*lr/BS: median T_fit of the fitted settings at each x (log-log interpolation
    between them), valid for x in [x_lo, x_hi] and for the measured (alpha, b0, rho_train)."""

    x: tuple[float, ...]
    T: tuple[float, ...]
    alphas: tuple[float, ...]
    b0s: tuple[float, ...]
    rhos: tuple[float, ...]
    source: str  # what T_fit is fitted to
    below: float | None = None  # largest upper bound of the settings below x_lo (e.g. T <= 0.02)

    @property
    def x_lo(self) -> float:
        return self.x[0]

    @property
    def x_hi(self) -> float:
        return self.x[-1]

    def temperature(self, N: float, lr: float, BS: float) -> Fit:
        """T for an SGD setting: interpolated inside the range; outside, the end value as a bound."""
        x = N * lr / BS
        if x < self.x_lo:
            return Fit(self.below or self.T[0], math.nan, math.nan, "upper bound")
        if x > self.x_hi:
            return Fit(self.T[-1], math.nan, math.nan, "lower bound")
        T = float(np.exp(np.interp(math.log(x), np.log(self.x), np.log(self.T))))
        return Fit(T, T, T, "fit")

    def validity(self) -> str:
        """The range of validity in words."""
        return (
            f"N·lr/BS from {self.x_lo:.3g} to {self.x_hi:.3g}, α = {_list(self.alphas)}, "
            f"b0 = {_list(self.b0s)}, "
            f"ρtrain = {_list(self.rhos)} (this project's SGD: L2 loss of a sigmoid, unit-norm weights; "
            f"T fitted to the {self.source})"
        )


def _list(xs) -> str:
    return ", ".join(f"{x:g}" for x in xs)


LAW_WORDS = {
    "T_fit": "measured 0/1 train error",
    "T_Rb": "measured (R, b)",
    "T_best": "measured train error where it gives a fit, else to the measured (R, b)",
}


def noise_law(points: pd.DataFrame, col: str = "T_fit") -> NoiseLaw | None:
    """The law from the settings whose ``col`` (T_fit: train error; T_Rb: (R, b)) is a fit inside the
    theory's range, not a bound (None if fewer than two values of N*lr/BS qualify)."""
    ok = points[points[f"{col}_status"] == "fit"]
    if ok["N_lr_over_BS"].nunique() < 2:
        return None
    med = ok.groupby("N_lr_over_BS")[col].median().sort_index()
    low = points[(points[f"{col}_status"] == "upper bound") & (points["N_lr_over_BS"] < med.index[0])]
    return NoiseLaw(
        tuple(float(x) for x in med.index), tuple(float(t) for t in med), tuple(sorted(set(ok["alpha"]))),
        tuple(sorted(set(ok["b0"]))), tuple(sorted(set(ok["rho_train"]))), LAW_WORDS[col],
        float(low[col].max()) if len(low) else None,
    )  # fmt: skip


def hotter(points: pd.DataFrame) -> float | None:
    """Median of T_fit / T_Rb over the settings where both are fits: how much hotter the train error
    says SGD is than its (R, b) do (None when no setting has both)."""
    both = points[(points["T_fit_status"] == "fit") & (points["T_Rb_status"] == "fit")]
    return float((both["T_fit"] / both["T_Rb"]).median()) if len(both) else None


LAW_RHOS = (0.3, 0.5, 0.7)  # the rho_train of the Fig. 14 and N-study runs (three theory curves)


@functools.lru_cache(maxsize=1)
def project_points() -> pd.DataFrame:
    """``per_point`` of this project's own SGD files (``SOURCES``) at rho_train in LAW_RHOS."""
    files = {
        label: [results.load(n) for n in names if (results.DATA_DIR / results.FILES[n]).exists()]
        for label, names in SOURCES.items()
    }
    runs = runs_table({k: v for k, v in files.items() if v})
    runs = runs[runs["rho_train"].isin(LAW_RHOS)]
    return per_point(runs, curves(runs)) if len(runs) else pd.DataFrame()


def project_law(col: str = "T_Rb") -> NoiseLaw | None:
    """The Advisor's noise law from the project's own runs: by default the T whose (R, b) match the
    runs, since the advice is about R (the train error's T is ``hotter`` times higher)."""
    pts = project_points()
    return noise_law(pts, col) if len(pts) else None


def spread(points: pd.DataFrame, axis: str, col: str = "T_fit") -> float | None:
    """Largest ratio max/min of fitted T among settings sharing one value of ``axis`` (lr_over_BS or
    N_lr_over_BS) and differing in N; None when no value of ``axis`` has two N."""
    ok = points[points[f"{col}_status"] == "fit"]
    ratios = [
        g[col].max() / g[col].min() for _, g in ok.groupby(axis) if g["N"].nunique() > 1 and g[col].min() > 0
    ]
    return max(ratios) if ratios else None


def collapse_statement(points: pd.DataFrame, col: str = "T_fit") -> str | None:
    """Which noise variable the fitted T follows, from settings that differ in N."""
    a, b = spread(points, "lr_over_BS", col), spread(points, "N_lr_over_BS", col)
    if a is None or b is None:
        return None
    better = "N·lr/BS" if b < a else "lr/BS"
    return (
        f"Settings with the same lr/BS but different N have fitted temperatures up to {a:.2g}× apart; with "
        f"the same N·lr/BS, up to {b:.2g}× apart: in this implementation the noise is set by **{better}**."
    )


def calibration_statements(points: pd.DataFrame, col: str = "T_fit") -> list[str]:
    """What the fitted temperatures say, per data set and across them (computed, for the page)."""
    out = []
    for source, g in points.groupby("source", sort=False):
        fit = g[g[f"{col}_status"] == "fit"]
        bounds = len(g) - len(fit) - int((g[f"{col}_status"] == "no train error").sum())
        if fit.empty:
            if bounds:
                out.append(f"**{source}**: no fit; {bounds} settings give a bound or no T (see the table).")
            continue
        ratio = fit[col] / fit["lr_over_BS"]
        text = (
            f"**{source}**: fitted T = {fit[col].iloc[0]:.3g} at its one setting, {ratio.iloc[0]:.3g} × lr/BS"
            if len(fit) == 1
            else f"**{source}**: fitted T from {fit[col].min():.3g} to {fit[col].max():.3g} over {len(fit)} "
            f"settings, i.e. {ratio.min():.3g}–{ratio.max():.3g} × lr/BS"
        )
        if bounds:
            text += f"; {bounds} more give a bound or no T (see the table)"
        out.append(text + ".")
    collapse = collapse_statement(points, col)
    if collapse:
        out.append(collapse)
    ratio = hotter(points)
    if ratio is not None:
        colder, under = ("colder", "under") if ratio > 1 else ("hotter", "over")
        out.append(
            f"Where both fits exist, the train error gives a temperature {ratio:.2g}× the one that "
            f"reproduces (R, b) (median): SGD's final student generalises like a {colder} Gibbs student than "
            f"its training errors suggest, so the theory at the train error's T {under}-estimates R."
        )
    law = noise_law(points[points["rho_train"].isin(LAW_RHOS)], "T_Rb")
    if law is not None:
        out.append(
            "The Advisor maps lr, BS and N through the median (R, b)-fitted T at each N·lr/BS (log-log "
            f"interpolation), valid for {law.validity()}."
        )
    return out
