"""What the dashboard shows, computed from the theory: figure data, optima, maps, advice, data vs theory.

No Streamlit here (pandas is fine); the theory itself comes from ``solver`` only. Modules:

* ``optima``: rho(R*), rho(b*) and the peak of each metric along rho_train;
* ``figures``: the data behind each figure of the paper (tables, families, T*, the Fig. 1 sketch);
* ``maps``, ``boundary``: phase and optimum maps, the dummy-phase boundary (``python -m analysis map``);
* ``advisor``: which rho_train to train at, as numbers;
* ``stats``, ``sims``, ``cifar``, ``live_runs``: Monte Carlo, SGD and CIFAR-10 data against the theory.
"""
