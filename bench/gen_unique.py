#!/usr/bin/env python3
"""tests/gen_ledger.py with every project code drawn once.

The generator draws synthetic project codes at random; at a million projects
a few codes repeat (a birthday collision, about three in a million), and a
registry with a repeated code is refused. tests/gen_ledger.py must stay a
byte-for-byte copy of the shared benchmark generator, so this wrapper loads
it and replaces only the code drawing: a repeated code is drawn again. Sets
without a repeat (all sets up to a few hundred thousand projects) come out
byte-for-byte as the plain generator writes them.

    bench/gen_unique.py --out DIR --projects 1000000 --rows 2000000
"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "gen_ledger", os.path.join(HERE, "..", "tests", "gen_ledger.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)


def synthetic_projects(n, rnd):
    out = []
    seen = {c for c, _, _, _ in gen.SEED_PROJECTS}
    for i in range(n):
        suffix = "ABDGMPW"[i % 7]
        code = f"13022925P{rnd.randrange(10**11):011d}{suffix}"
        while code in seen:
            code = f"13022925P{rnd.randrange(10**11):011d}{suffix}"
        seen.add(code)
        budget = rnd.choice([5, 10, 20, 50, 100, 200, 500]) * 1000 + rnd.randrange(0, 100000, 10)
        curve = (10, 25, 50, 100) if rnd.random() < 0.1 else (25, 50, 75, 100)
        out.append((code, f"合成项目{i + 1:05d}", budget, curve))
    return out


gen.synthetic_projects = synthetic_projects

if __name__ == "__main__":
    sys.exit(gen.main())
