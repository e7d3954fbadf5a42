package dev.lakehouse.operator.config;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.inject.Singleton;

/**
 * The operator's Kubernetes client names itself, and its pod, in every request's user agent, so an
 * API server's audit log tells the operator's writes from everyone else's and one replica's from
 * another's. Its own retries are few and short: a refused write (a quota, a full Service IP range)
 * fails the reconcile within a second and goes to the resource's status, and java-operator-sdk
 * retries with backoff without holding a reconcile thread.
 */
@Singleton
public class ClientIdentity implements KubernetesConfigCustomizer {
  /** The user agent of the operator's requests, followed by its instance (the pod's name). */
  public static final String USER_AGENT = "lakehouse-operator";

  static final int REQUEST_RETRIES = 1;
  static final int REQUEST_RETRY_INTERVAL_MS = 200;

  @Override
  public void customize(Config config) {
    config.setUserAgent(userAgent(System.getenv("POD_NAME"), System.getenv("HOSTNAME")));
    config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    config.setRequestRetryBackoffInterval(REQUEST_RETRY_INTERVAL_MS);
  }

  /** {@code lakehouse-operator/<version> (<instance>)}. */
  public static String userAgent(String podName, String hostname) {
    String version = ClientIdentity.class.getPackage().getImplementationVersion();
    String instance = podName != null && !podName.isBlank() ? podName : hostname;
    return USER_AGENT
        + "/"
        + (version == null ? "dev" : version)
        + (instance == null || instance.isBlank() ? "" : " (" + instance + ")");
  }
}
