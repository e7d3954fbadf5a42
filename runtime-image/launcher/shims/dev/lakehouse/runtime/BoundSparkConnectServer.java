package dev.lakehouse.runtime;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectInterceptorRegistry;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import org.sparkproject.connect.grpc.Server;
import org.sparkproject.connect.grpc.netty.NettyServerBuilder;

/**
 * The Spark Connect server of Spark 3.5, bound to one address.
 *
 * <p>Spark 3.5's SparkConnectServer listens on every interface (it knows only spark.connect.grpc.binding.port);
 * Spark 4.0 added spark.connect.grpc.binding.address. This class is Spark 3.5's SparkConnectServer.main with
 * that one setting added: it serves the same SparkConnectService with the same registered interceptors, on
 * spark.connect.grpc.binding.address (default: spark.driver.bindAddress, else 127.0.0.1). The launcher's
 * {@code connect} role uses it when the runtime's Spark Connect has no binding address of its own.
 */
public final class BoundSparkConnectServer {
  private BoundSparkConnectServer() {
  }

  public static void main(String[] args) throws Exception {
    SparkSession session = SparkSession.builder().getOrCreate();
    SparkConf conf = session.sparkContext().getConf();
    String host = conf.get("spark.connect.grpc.binding.address",
        conf.get("spark.driver.bindAddress", "127.0.0.1"));
    int port = conf.getInt("spark.connect.grpc.binding.port", 15002);
    boolean debug = conf.getBoolean("spark.connect.grpc.debug.enabled", true);
    long maxInbound = conf.getSizeAsBytes("spark.connect.grpc.maxInboundMessageSize", "134217728b");
    try {
      NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
          .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, maxInbound))
          .addService(new SparkConnectService(debug));
      SparkConnectInterceptorRegistry.chainInterceptors(builder);
      Server server = builder.build();
      server.start();
      SparkConnectService$.MODULE$.server_$eq(server);
      attachUi(session);
      System.err.println("lakehouse: Spark Connect server listening on " + host + ":" + server.getPort());
      Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "spark-connect-shutdown"));
      server.awaitTermination();
    } finally {
      session.stop();
    }
  }

  /** Adds the Connect tab to the driver UI, as Spark's own server does (best effort: a private method). */
  private static void attachUi(SparkSession session) {
    for (Method m : SparkConnectService$.class.getDeclaredMethods()) {
      if (m.getName().endsWith("createListenerAndUI") && m.getParameterCount() == 1) {
        try {
          m.setAccessible(true);
          m.invoke(SparkConnectService$.MODULE$, session.sparkContext());
        } catch (ReflectiveOperationException | RuntimeException e) {
          System.err.println("lakehouse: Spark Connect UI tab not attached: " + e);
        }
        return;
      }
    }
  }
}
