#!/usr/bin/env python3
"""Runs one benchmark query (bench/duckdb/*.sql, placeholders filled in by
bench/run.sh) in a fresh in-memory DuckDB database through DuckDB's Python
package: the PyPI package of the DuckDB CLI lags behind the engine, the
Python package carries the newest (2.x).

    duckdb_run.py QUERY.sql
"""
import sys

import duckdb


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        sql = f.read()
    con = duckdb.connect(":memory:")
    con.execute(sql)
    con.close()


if __name__ == "__main__":
    main()
