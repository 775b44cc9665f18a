"""AD CIFAR-10 experiment (paper App. F, Fig. 13 right): airplane = anomaly, rho0 = 0.1.

Submodules: ``data`` (loaders), ``split`` (pools, test set, per-run sampling), ``metrics`` (numpy),
``backbones`` / ``features`` / ``train`` (torch) and ``run`` (the CLI, ``python -m experiments.cifar``).
This package's ``__init__`` imports nothing so that numpy-only submodules stay torch-free.
"""
