"""`make bench`'s national data set: built by demo.national, which also serves
`manage.py seed_demo --scale national`. `python -m tests.bench.national url` prints (and
creates) the bench database's URL for the Makefile."""

import sys

from demo.national import *  # noqa: F403 - the bench's names, as they were
from demo.national import bench_database_url

if __name__ == "__main__":
    if sys.argv[1:] == ["url"]:
        print(bench_database_url())
