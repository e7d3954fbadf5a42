"""A data team's first session on a Lakehouse Cluster, over Spark Connect.

Iceberg in the Workspace's shared catalog (create, insert, select, time travel to an earlier snapshot
through the catalog's commit history) and a
Delta table on S3 (VERSION AS OF and the change data feed), in the style of the managed platform's docs.

Run it against a Cluster's Spark Connect endpoint:

    SPARK_REMOTE=sc://<driver>:15002 python iceberg_and_delta.py

The data-path suite (e2e/datapath/suite.py) imports these functions and checks what they return.
"""
from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

CATALOG = os.environ.get("LAKEHOUSE_CATALOG", "lakehouse")
SCHEMA = os.environ.get("LAKEHOUSE_SCHEMA", "sales")
DELTA_LOCATION = os.environ.get("LAKEHOUSE_DELTA_LOCATION", "s3a://lakehouse/delta/customers")


def orders_batch(first_id: int, n: int, day: dt.date) -> list[tuple]:
    """n raw orders of one day; every third is cancelled, the rest completed."""
    rows = []
    for i in range(n):
        oid = first_id + i
        status = "cancelled" if oid % 3 == 0 else "completed"
        ts = dt.datetime.combine(day, dt.time(9 + i % 8, (7 * oid) % 60))
        rows.append((oid, f"customer-{oid % 4}", Decimal(f"{10 + (oid * 37) % 90}.{oid % 100:02d}"), status, ts))
    return rows


def create_schema_and_table(spark, catalog: str = CATALOG, schema: str = SCHEMA) -> str:
    spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {catalog}.{schema}")
    table = f"{catalog}.{schema}.orders"
    spark.sql(f"DROP TABLE IF EXISTS {table}")
    spark.sql(
        f"""CREATE TABLE {table} (
              order_id BIGINT, customer STRING, amount DECIMAL(10,2), status STRING, order_ts TIMESTAMP)
            USING iceberg
            PARTITIONED BY (days(order_ts))"""
    )
    return table


def insert_orders(spark, table: str, rows: list[tuple]) -> int:
    """Appends rows with INSERT INTO ... VALUES and returns the table's new snapshot id."""
    values = ",\n".join(
        f"({oid}, '{cust}', CAST({amt} AS DECIMAL(10,2)), '{status}', TIMESTAMP '{ts.isoformat(sep=' ')}')"
        for oid, cust, amt, status, ts in rows
    )
    spark.sql(f"INSERT INTO {table} VALUES {values}")
    return snapshot_of(spark, table)


def at_commit(table: str, commit: str) -> str:
    """The table as of an earlier commit of a Nessie catalog: catalog.schema.`table#<commit hash>`.

    Nessie versions the whole catalog: every change of a table is a catalog commit, and the table's metadata
    holds only the snapshot of the current commit. Time travel to an earlier snapshot therefore goes through
    the commit (or a tag or branch: `table@tag`). With other Iceberg catalogs, VERSION AS OF <snapshot id> does
    the same.
    """
    catalog, schema, name = table.split(".")
    return f"{catalog}.{schema}.`{name}#{commit}`"


def completed_revenue(spark, table: str) -> tuple[int, Decimal]:
    row = spark.sql(
        f"SELECT count(*) AS n, sum(amount) AS revenue FROM {table} WHERE status = 'completed'"
    ).first()
    return row["n"], row["revenue"]


def count_rows(spark, table: str) -> int:
    return spark.sql(f"SELECT count(*) FROM {table}").first()[0]


def snapshot_of(spark, table: str) -> int:
    """The Iceberg snapshot a table (or a table at a commit) reads."""
    return spark.sql(f"SELECT snapshot_id FROM {table}.snapshots ORDER BY committed_at DESC LIMIT 1").first()[0]


def delta_customers(spark, location: str = DELTA_LOCATION) -> dict:
    """A Delta table on S3 with the change data feed: create (v0), insert (v1), update (v2), delete (v3);
    returns its history, the rows as of version 1 and the rows now."""
    spark.sql("CREATE SCHEMA IF NOT EXISTS spark_catalog.crm")
    spark.sql("DROP TABLE IF EXISTS spark_catalog.crm.customers")
    spark.sql(
        f"""CREATE TABLE spark_catalog.crm.customers (id INT, name STRING, tier STRING)
            USING delta LOCATION '{location}'
            TBLPROPERTIES (delta.enableChangeDataFeed = true)"""
    )
    spark.sql(
        "INSERT INTO spark_catalog.crm.customers VALUES "
        "(1, 'Ada', 'gold'), (2, 'Grace', 'silver'), (3, 'Linus', 'bronze'), (4, 'Barbara', 'silver')"
    )
    spark.sql("UPDATE spark_catalog.crm.customers SET tier = 'gold' WHERE tier = 'silver'")
    spark.sql("DELETE FROM spark_catalog.crm.customers WHERE id = 3")
    history = spark.sql("DESCRIBE HISTORY spark_catalog.crm.customers").select("version", "operation").collect()
    return {
        "history": sorted((r["version"], r["operation"]) for r in history),
        "v1": sorted(tuple(r) for r in spark.sql(
            "SELECT id, name, tier FROM spark_catalog.crm.customers VERSION AS OF 1").collect()),
        "current": sorted(tuple(r) for r in spark.sql(
            "SELECT id, name, tier FROM spark_catalog.crm.customers").collect()),
    }


def delta_changes(spark, from_version: int) -> list[tuple]:
    """The change data feed of the customers table from a version on: (id, tier, change type, version)."""
    return sorted(tuple(r) for r in spark.sql(
        "SELECT id, tier, _change_type, _commit_version "
        f"FROM table_changes('spark_catalog.crm.customers', {from_version})").collect())


def main() -> None:
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.remote(os.environ.get("SPARK_REMOTE", "sc://localhost:15002")).getOrCreate()
    import json
    import urllib.request

    nessie = os.environ.get("NESSIE_URI", "http://localhost:19120")

    def head() -> str:
        with urllib.request.urlopen(f"{nessie}/api/v2/trees/main") as r:
            return json.load(r)["reference"]["hash"]

    table = create_schema_and_table(spark)
    insert_orders(spark, table, orders_batch(1, 6, dt.date(2026, 1, 5)))
    first = head()
    insert_orders(spark, table, orders_batch(7, 4, dt.date(2026, 1, 6)))
    print("rows now:", count_rows(spark, table), "rows after the first load:", count_rows(spark, at_commit(table, first)))
    print("completed orders and revenue:", completed_revenue(spark, table))
    print("delta:", delta_customers(spark))
    print("changes since version 2:", delta_changes(spark, 2))


if __name__ == "__main__":
    main()
