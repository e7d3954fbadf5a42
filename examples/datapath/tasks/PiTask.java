package dev.lakehouse.examples;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark JAR task (sparkJar): estimates pi on the executors with the library jar's {@link
 * MonteCarlo} and appends the estimate to an Iceberg table.
 *
 * <p>Arguments: the run's date, the number of slices, the table.
 */
public final class PiTask {
  private PiTask() {}

  public static void main(String[] args) {
    String runDate = args[0];
    int slices = Integer.parseInt(args[1]);
    String table = args[2];
    SparkSession spark = SparkSession.builder().getOrCreate();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long perSlice = 200_000L;
    List<Integer> ids = IntStream.range(0, slices).boxed().toList();
    long inside =
        sc.parallelize(ids, slices)
            .map(
                s -> {
                  long n = 0;
                  for (long i = s * perSlice; i < (s + 1) * perSlice; i++) {
                    n += MonteCarlo.inside(i) ? 1 : 0;
                  }
                  return n;
                })
            .reduce(Long::sum);
    double pi = 4.0 * inside / (perSlice * slices);
    System.out.println("Pi is roughly " + pi);
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (run_date DATE, slices INT, pi DOUBLE) USING iceberg");
    spark.sql(
        "INSERT INTO "
            + table
            + " VALUES (DATE '"
            + runDate
            + "', "
            + slices
            + ", "
            + pi
            + ")");
    spark.stop();
  }
}
