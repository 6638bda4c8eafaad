#!/usr/bin/env python3
"""Writes one database per released schema version (crates/store/tests/fixtures/schema-vN.db),
as a build of that version would have left it, for the migration test (crates/store/tests/it/schemas.rs).

    python3 scripts/make-schema-fixtures.py SOURCE.db [OUTDIR]

SOURCE.db is an unencrypted current database with a row in every table, made from the demo with
the test key (the example prints where it wrote the unencrypted copy, SRC.db.plain):

    export TIC_REVIEW_KEY=5449432d5245564945572d544553542d4b45592d66697865642d6b65792d3332
    tic-review seed-demo --db SRC.db
    tic-review exchange-demo --db SRC.db --out PKG
    cargo run -p tic-export --example schema_fixture_source -- SRC.db PKG
    python3 scripts/make-schema-fixtures.py SRC.db.plain /tmp/fixtures   # then copy the new one

For each version N the released migrations 0001..N are applied to an
empty file, exactly as the store applies them (each in a transaction, then user_version = N), and
every table that exists at version N is filled with SOURCE's rows. Released migrations only ever add
tables, so a current row of such a table is the row that version wrote. Built-in templates are left
out (every build installs its own at start); imported ones are kept. Run it again only to add the
fixture of a newly released version: the committed files are the record of what was released.
"""

import os
import sqlite3
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIGRATIONS = os.path.join(ROOT, "crates", "store", "migrations")


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    source = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) == 3 else os.path.join(ROOT, "crates", "store", "tests", "fixtures")
    os.makedirs(out, exist_ok=True)
    files = sorted(f for f in os.listdir(MIGRATIONS) if f.endswith(".sql"))
    for version in range(1, len(files) + 1):
        path = os.path.join(out, f"schema-v{version}.db")
        if os.path.exists(path):
            os.remove(path)
        db = sqlite3.connect(path, isolation_level=None)
        for number, name in enumerate(files[:version], start=1):
            with open(os.path.join(MIGRATIONS, name), encoding="utf-8") as f:
                db.executescript("BEGIN;" + f.read() + f"; PRAGMA user_version = {number}; COMMIT;")
        db.execute("ATTACH DATABASE ? AS src", (source,))
        tables = [r[0] for r in db.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY rowid")]
        db.execute("BEGIN")
        for table in tables:
            columns = ", ".join(f'"{r[1]}"' for r in db.execute(f'PRAGMA main.table_info("{table}")'))
            where = " WHERE builtin = 0" if table == "templates" else ""
            db.execute(f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM src."{table}"{where}')
        db.execute("COMMIT")
        db.execute("DETACH DATABASE src")
        db.execute("VACUUM")
        db.close()
        counts = sqlite3.connect(path)
        filled = sum(1 for t in tables if counts.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] > 0)
        counts.close()
        print(f"{path}: schema {version}, {len(tables)} tables, {filled} with rows, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
