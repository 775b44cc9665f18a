"""Entry point of ``python -m experiments.cifar``."""

from experiments.cifar.run import main

if __name__ == "__main__":
    main()
