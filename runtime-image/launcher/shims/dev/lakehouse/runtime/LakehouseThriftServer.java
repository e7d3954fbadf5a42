package dev.lakehouse.runtime;

import org.apache.hive.service.server.HiveServer2;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;
import org.apache.spark.sql.hive.thriftserver.SparkSQLEnv$;

/**
 * Spark 3.5's Thrift (HiveServer2) server, with the default catalog's default schema created before it listens.
 *
 * <p>Clients open their HiveServer2 sessions with {@code USE default} in the server's default catalog
 * ({@code spark.sql.defaultCatalog}): PyHive and dbt-spark run that statement when they connect, the Hive JDBC
 * driver asks for it when its URL names the database (Spark's session manager then runs it). It fails when the
 * catalog has no such schema (a Workspace's fresh Iceberg catalog has none), and so does the session. Spark's
 * Thrift server has no init SQL (the {@code -i} file belongs to the SQL CLI), so this class starts Spark the way
 * {@code HiveThriftServer2.main} does, runs {@code CREATE NAMESPACE IF NOT EXISTS default} (idempotent; nothing
 * for a Hive metastore's session catalog, whose default always exists) in that session, then calls
 * {@code HiveThriftServer2.main}, which finds Spark started and opens the port. A failure to create the schema is
 * logged and the server starts anyway (sessions that name another schema still work).
 */
public final class LakehouseThriftServer {
  private LakehouseThriftServer() {
  }

  public static void main(String[] args) throws Exception {
    // As HiveThriftServer2.main does before it starts Spark: --hiveconf k=v become system properties.
    new HiveServer2.ServerOptionsProcessor("HiveThriftServer2").parse(args);
    SparkSQLEnv$.MODULE$.init();
    SparkSession session = SparkSQLEnv$.MODULE$.sqlContext().sparkSession();
    String catalog = session.conf().get("spark.sql.defaultCatalog", "spark_catalog");
    String schema = "default";
    try {
      long t0 = System.nanoTime();
      session.sql("CREATE NAMESPACE IF NOT EXISTS " + schema);
      System.err.println("lakehouse: schema " + schema + " of the default catalog " + catalog + " exists ("
          + (System.nanoTime() - t0) / 1_000_000 + " ms)");
    } catch (Exception e) {
      System.err.println("lakehouse: could not create the schema " + schema + " in the default catalog " + catalog
          + "; sessions that open without naming a schema will fail: " + e);
    }
    HiveThriftServer2.main(args);
  }
}
