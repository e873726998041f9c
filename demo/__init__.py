"""Demo data: the small demo of `make run` (`manage.py seed_demo`: accounts, centres, people,
partners, competitions) and the national data set of `make bench` (`demo.national`).

Installed by the development and test settings only: under the production settings the app,
and so `seed_demo`, does not exist."""
