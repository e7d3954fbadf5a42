package dev.lakehouse.operator.workspace;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Which keys the Secrets of Workspace namespaces have, kept current by one Secret informer per
 * namespace, so that a Secret created, changed or deleted reconciles its Workspace at once.
 *
 * <ul>
 *   <li>Keys only: the informers' caches keep each Secret's name and key names, with empty values
 *       and no labels or annotations (kubectl's last-applied annotation would hold the values). A
 *       Secret read from the API server is dropped as soon as its keys are taken.
 *   <li>Namespaced: the operator may read Secrets only where a Workspace's RoleBinding lets it
 *       (never cluster-wide), so each namespace is watched on its own. A namespace's informer
 *       starts the first time a lookup there is allowed (the answer of a direct read, until then)
 *       and stops with {@link #forget} when its Workspace goes.
 *   <li>Not known yet: a read the API server forbids (the RoleBinding is new and not in force yet,
 *       or the operator's ServiceAccount is not the one bound) is neither "missing" nor "present";
 *       {@link Reading#complete()} tells the caller to look again shortly instead of reporting.
 * </ul>
 */
public class SecretKeys implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SecretKeys.class);

  /** How long reads may be forbidden in a namespace before it is logged as a warning. */
  static final Duration FORBIDDEN_WARNING_AFTER = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, SharedIndexInformer<Secret>> informers = new ConcurrentHashMap<>();
  private final Map<String, Instant> forbiddenSince = new ConcurrentHashMap<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final List<BiConsumer<String, String>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public SecretKeys(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Adds a listener called with the namespace and name of a Secret that appeared, went, or changed
   * its keys (not for a change of values only), on an informer thread; it must not block.
   * Workspaces and Clusters each add one.
   */
  public void onChange(BiConsumer<String, String> listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  /** A lookup for one reconcile, which remembers the Secrets it could not know. */
  public Reading reading() {
    return new Reading();
  }

  /** Stops watching a namespace (its Workspace is gone) and drops what was cached of it. */
  public void forget(String namespace) {
    SharedIndexInformer<Secret> informer = informers.remove(namespace);
    if (informer != null) {
      informer.stop();
      LOG.debugf("stopped watching the Secrets of namespace %s", namespace);
    }
    forbiddenSince.remove(namespace);
    warned.remove(namespace);
  }

  /** The namespaces whose Secrets are watched. */
  public Set<String> watched() {
    return Set.copyOf(informers.keySet());
  }

  /** Whether a namespace's informer has listed its Secrets, so lookups there use the cache. */
  public boolean synced(String namespace) {
    SharedIndexInformer<Secret> informer = informers.get(namespace);
    return informer != null && informer.hasSynced();
  }

  /** Everything the informer of a namespace caches: what the operator holds of its Secrets. */
  public List<Secret> cached(String namespace) {
    SharedIndexInformer<Secret> informer = informers.get(namespace);
    return informer == null ? List.of() : informer.getStore().list();
  }

  @Override
  public void close() {
    closed = true;
    informers.keySet().forEach(this::forget);
  }

  /** What is known of one Secret. */
  private sealed interface Answer {}

  private record Keys(Set<String> keys) implements Answer {}

  private record Missing() implements Answer {}

  private record Unknown() implements Answer {}

  private Answer lookup(String namespace, String name) {
    SharedIndexInformer<Secret> informer = informers.get(namespace);
    if (informer != null && informer.hasSynced()) {
      Secret cached = informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
      return cached == null ? new Missing() : new Keys(keysOf(cached));
    }
    Answer read;
    try {
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      read = secret == null ? new Missing() : new Keys(keysOf(secret));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      forbidden(namespace);
      return new Unknown();
    }
    allowed(namespace);
    watch(namespace);
    return read;
  }

  private void forbidden(String namespace) {
    Instant now = clock.instant();
    Instant since = forbiddenSince.computeIfAbsent(namespace, n -> now);
    if (Duration.between(since, now).compareTo(FORBIDDEN_WARNING_AFTER) >= 0
        && warned.add(namespace)) {
      LOG.warnf(
          "the operator may not read Secrets in namespace %s (403 for %s s): check that its"
              + " ServiceAccount is the one the namespace's RoleBinding %s binds"
              + " (LAKEHOUSE_SERVICE_ACCOUNT and POD_NAMESPACE)",
          namespace, Duration.between(since, now).toSeconds(), WorkspaceResources.SECRET_READER);
    } else {
      LOG.debugf("reading Secrets in namespace %s is not allowed yet (403)", namespace);
    }
  }

  private void allowed(String namespace) {
    if (forbiddenSince.remove(namespace) != null && warned.remove(namespace)) {
      LOG.infof("the operator may read Secrets in namespace %s again", namespace);
    }
  }

  private void watch(String namespace) {
    if (closed || informers.containsKey(namespace)) {
      return;
    }
    informers.computeIfAbsent(namespace, this::start);
  }

  private SharedIndexInformer<Secret> start(String namespace) {
    SharedIndexInformer<Secret> informer =
        client.secrets().inNamespace(namespace).runnableInformer(0);
    informer.itemStore(new TransformingItemStore<>(SecretKeys::keysOnly));
    // Keep trying after a failed list or watch (a RoleBinding deleted and put back, say): the
    // default gives up when the first list fails.
    informer.exceptionHandler((started, t) -> !ExceptionHandler.isDeserializationException(t));
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Secret secret) {
            changed(secret);
          }

          @Override
          public void onUpdate(Secret before, Secret after) {
            if (!keysOf(before).equals(keysOf(after))) {
              changed(after);
            }
          }

          @Override
          public void onDelete(Secret secret, boolean finalStateUnknown) {
            changed(secret);
          }
        });
    informer.start();
    LOG.debugf("watching the Secrets of namespace %s (keys only)", namespace);
    return informer;
  }

  private void changed(Secret secret) {
    try {
      listeners.forEach(
          l -> l.accept(secret.getMetadata().getNamespace(), secret.getMetadata().getName()));
    } catch (RuntimeException e) {
      LOG.warnf(e, "a Secret change in namespace %s was not passed on", namespace(secret));
    }
  }

  private static String namespace(Secret secret) {
    return secret.getMetadata() == null ? null : secret.getMetadata().getNamespace();
  }

  /**
   * What the cache keeps of a Secret: its name, namespace, uid and resource version, and its keys
   * with empty values. No labels, no annotations, no type-specific fields.
   */
  static Secret keysOnly(Secret secret) {
    Map<String, String> keys = new TreeMap<>();
    keysOf(secret).forEach(k -> keys.put(k, ""));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secret.getMetadata().getName())
        .withNamespace(secret.getMetadata().getNamespace())
        .withUid(secret.getMetadata().getUid())
        .withResourceVersion(secret.getMetadata().getResourceVersion())
        .endMetadata()
        .withData(keys)
        .build();
  }

  /** The keys of a Secret: of data, and of stringData should a client have set it. */
  static Set<String> keysOf(Secret secret) {
    return Stream.concat(
            Optional.ofNullable(secret.getData()).map(Map::keySet).orElse(Set.of()).stream(),
            Optional.ofNullable(secret.getStringData()).map(Map::keySet).orElse(Set.of()).stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The {@link SecretLookup} of one reconcile. A Secret that cannot be known yet (its read is
   * forbidden) looks missing to the checks, and {@link #complete()} is false: the caller must not
   * report what the checks concluded, and looks again shortly.
   */
  public final class Reading implements SecretLookup {
    private final Set<String> unknown = new TreeSet<>();

    private Reading() {}

    @Override
    public Optional<Set<String>> keys(String namespace, String name) {
      Answer answer = lookup(namespace, name);
      if (answer instanceof Keys k) {
        return Optional.of(k.keys());
      }
      if (answer instanceof Unknown) {
        unknown.add(namespace + "/" + name);
      }
      return Optional.empty();
    }

    /** Whether every Secret looked up was known: present with its keys, or missing. */
    public boolean complete() {
      return unknown.isEmpty();
    }

    /** The Secrets (namespace/name) that could not be read yet. */
    public Set<String> unknown() {
      return Set.copyOf(unknown);
    }
  }
}
