package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helm, built from its Go module by e2e/testenv/testenv, on the project's chart. */
final class Helm {
  static final Path CHART = TestEnvironment.repoRoot().resolve("charts/lakehouse-operator");

  private Helm() {}

  static CommandResult run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(realBinDir().resolve("helm").toString());
    command.addAll(List.of(args));
    return CommandResult.run(command, null);
  }

  /** The control plane's bin directory: kubectl in ~/.kubeapitest links into it. */
  private static Path realBinDir() {
    try {
      return TestEnvironment.kubectl().toRealPath().getParent();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("run e2e/testenv/testenv build first", e);
    }
  }

  /** Renders the chart into a namespace, optionally only some templates; requires success. */
  static String template(String namespace, String... extraArgs) {
    return template(CHART, namespace, extraArgs);
  }

  /** Renders a chart (another release's) into a namespace; requires success. */
  static String template(Path chart, String namespace, String... extraArgs) {
    return templateRelease(chart, "lakehouse", namespace, extraArgs);
  }

  /** Renders a chart as the release {@code release} into a namespace; requires success. */
  static String templateRelease(Path chart, String release, String namespace, String... extraArgs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "template",
                release,
                chart.toString(),
                "-n",
                namespace,
                "--kube-version",
                TestEnvironment.kubeVersion()));
    args.addAll(List.of(extraArgs));
    CommandResult rendered = run(args.toArray(String[]::new));
    assertThat(rendered.succeeded()).as(rendered.toString()).isTrue();
    return rendered.stdout();
  }
}
