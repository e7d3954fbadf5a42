package dev.lakehouse.api.v1alpha1;

import java.util.regex.Pattern;

/**
 * The one rule for property keys that would carry a credential: admission refuses them in a
 * Cluster's or a Warehouse's sparkConf and in a catalog's properties (the CEL rules below), and the
 * operator's renderer applies the same patterns to what it renders. Credentials come from Secrets.
 *
 * <p>The patterns are written in the syntax RE2 (CEL's {@code matches}) and java.util.regex share.
 * A key is a credential when it matches {@link #CREDENTIAL} and not {@link #NOT_A_CREDENTIAL}: keys
 * that name how credentials are found or whether a feature is on (for example {@code
 * spark.hadoop.fs.s3a.aws.credentials.provider}) hold no secret.
 */
public final class CredentialKeys {
  /** Words of keys that carry secrets. */
  public static final String CREDENTIAL =
      "(?i).*(secret|passw|credential|token|access[._-]?key|account[._-]?key|api[._-]?key|private[._-]?key).*";

  /** Keys with those words that hold no secret: a provider class, a switch. */
  public static final String NOT_A_CREDENTIAL = "(?i).*([.]provider|[._-]enabled)$";

  /** The CEL rule of a map whose keys must not carry credentials. */
  public static final String CEL_RULE =
      "self.all(k, !k.matches('" + CREDENTIAL + "') || k.matches('" + NOT_A_CREDENTIAL + "'))";

  /** What admission answers when the rule refuses a key. */
  public static final String MESSAGE =
      "keys must not carry credentials (keys with secret, password, credential, token, access key, "
          + "account key, api key or private key): keep the value in a Secret and reference it (spec.env of a "
          + "Cluster, or the Workspace's credentials)";

  private static final Pattern CREDENTIAL_PATTERN = Pattern.compile(CREDENTIAL);
  private static final Pattern NOT_A_CREDENTIAL_PATTERN = Pattern.compile(NOT_A_CREDENTIAL);

  private CredentialKeys() {}

  /** Whether a property with this key would carry a credential. */
  public static boolean isCredential(String key) {
    return CREDENTIAL_PATTERN.matcher(key).matches()
        && !NOT_A_CREDENTIAL_PATTERN.matcher(key).matches();
  }
}
