"""Train S independent small networks at once (one per re-sampling seed) with batched matrix products.

Each model is ``sigmoid(MLP(x))`` with an optional hidden layer (ReLU); hidden = 0 is a single linear layer.
Loss: mean squared error to the 0/1 labels, summed over the S models (their gradients are independent), so
``torch.optim.SGD`` with momentum and weight decay acts on each model exactly as if it were trained alone.
"""

from dataclasses import asdict, dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class TrainConfig:
    """Optimiser settings (recorded in the results' metadata)."""

    hidden: int = 16
    lr: float = 0.05
    batch_size: int = 32
    epochs: int = 20
    momentum: float = 0.02
    weight_decay: float = 0.01

    def as_dict(self) -> dict:
        """Plain dict for JSON."""
        return asdict(self)


def _uniform(gen: torch.Generator, shape: tuple, fan_in: int) -> torch.Tensor:
    """PyTorch's default Linear init, U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    return (torch.rand(shape, generator=gen) * 2 - 1) * fan_in**-0.5


def _one_model(seed: int, widths: list[int]) -> list[torch.Tensor]:
    """[W (fan_in, fan_out), b (1, fan_out)] per layer for one model."""
    gen = torch.Generator().manual_seed(int(seed))
    pairs = zip(widths[:-1], widths[1:], strict=True)
    return [_uniform(gen, shape, fi) for fi, fo in pairs for shape in ((fi, fo), (1, fo))]


def init_params(dim: int, hidden: int, seeds: list[int]) -> list[torch.nn.Parameter]:
    """Per-layer weights and biases of all models, stacked along a leading model axis."""
    widths = [dim, hidden, 1] if hidden else [dim, 1]
    per_model = [_one_model(seed, widths) for seed in seeds]
    return [torch.nn.Parameter(torch.stack(ps)) for ps in zip(*per_model, strict=True)]


def forward(params: list[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """Sigmoid outputs (S, n) for inputs x (S, n, d)."""
    for i in range(0, len(params), 2):
        x = torch.baddbmm(params[i + 1], x, params[i])
        if i + 2 < len(params):
            x = torch.relu(x)
    return torch.sigmoid(x.squeeze(-1))


def train(x: torch.Tensor, idx: np.ndarray, labels: np.ndarray, cfg: TrainConfig, seeds: list[int]) -> list:
    """Train one model per row of ``idx`` (S, n) on rows ``x[idx[s]]`` with 0/1 ``labels`` (S, n)."""
    n_models, n = idx.shape
    params = init_params(x.shape[1], cfg.hidden, seeds)
    opt = torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.weight_decay)
    idx_t, y_t = torch.as_tensor(idx), torch.as_tensor(labels, dtype=torch.float32)
    gen = torch.Generator().manual_seed(int(seeds[0]) * 7919 + 1)
    rows = torch.arange(n_models)[:, None]
    for _ in range(cfg.epochs):
        order = torch.argsort(torch.rand(n_models, n, generator=gen), dim=1)
        for start in range(0, n, cfg.batch_size):
            pick = order[:, start : start + cfg.batch_size]
            out = forward(params, x[idx_t[rows, pick]])
            loss = ((out - y_t[rows, pick]) ** 2).mean(dim=1).sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    return [p.detach() for p in params]


def predict(params: list[torch.Tensor], x: torch.Tensor) -> np.ndarray:
    """Scores (S, n_test) of every model on the same test inputs x (n_test, d)."""
    with torch.no_grad():
        return forward(params, x.unsqueeze(0).expand(params[0].shape[0], -1, -1)).numpy()
