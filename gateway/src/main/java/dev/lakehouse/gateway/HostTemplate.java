package dev.lakehouse.gateway;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A backend host name with {cluster} and {namespace} placeholders, e.g. the driver Service. */
final class HostTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

  private HostTemplate() {}

  /** Throws IllegalArgumentException when the template has a placeholder other than the two. */
  static void check(String template) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!name.equals("cluster") && !name.equals("namespace")) {
        throw new IllegalArgumentException("has an unknown placeholder {" + name + "}");
      }
    }
  }

  static String render(String template, String cluster, String namespace) {
    return template.replace("{cluster}", cluster).replace("{namespace}", namespace);
  }
}
