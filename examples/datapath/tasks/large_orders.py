"""A Spark Python task (sparkPython): the day's large orders, from the Iceberg table the load-orders task fills,
into a Delta table on S3. The Job passes the day and the threshold as arguments ({{run.date}},
{{parameters.min_amount}}); every parameter is also in the environment as LAKEHOUSE_PARAM_<NAME>.
"""
import argparse
import os

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--run-date", required=True)
    p.add_argument("--min-amount", type=float, required=True)
    p.add_argument("--out", required=True)
    args = p.parse_args()

    spark = SparkSession.builder.getOrCreate()
    large = (
        spark.table("lakehouse.jobs.orders")
        .where(F.col("run_date") == F.to_date(F.lit(args.run_date)))
        .where(F.col("amount") >= args.min_amount)
        .withColumn("region_param", F.lit(os.environ.get("LAKEHOUSE_PARAM_REGION", "")))
    )
    large.write.format("delta").mode("overwrite").save(args.out)
    n = spark.read.format("delta").load(args.out).count()
    print(f"large-orders: {n} orders of at least {args.min_amount} on {args.run_date} written to {args.out}")
    spark.stop()


if __name__ == "__main__":
    main()
