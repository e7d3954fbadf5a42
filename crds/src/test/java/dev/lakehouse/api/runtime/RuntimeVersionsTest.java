package dev.lakehouse.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.runtime.RuntimeVersions.RuntimeVersion;
import dev.lakehouse.api.runtime.RuntimeVersions.SqlServer;
import dev.lakehouse.testing.TestEnvironment;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuntimeVersionsTest {

  private static final String ROW =
      String.join(
          "\n",
          "x.spark=3.5.4",
          "x.scala=2.12",
          "x.sparkBinary=3.5",
          "x.delta=3.3.2",
          "x.iceberg=1.10.0",
          "x.hadoop=3.3.4",
          "x.openlineage=1.37.0",
          "x.pyspark=3.5.4",
          "x.sqlServer=thriftserver",
          "x.java=17",
          "x.dbt-core=1.10.23",
          "x.dbt-spark=1.10.3",
          "y.spark=4.0.1",
          "y.scala=2.13",
          "y.sparkBinary=4.0",
          "y.delta=4.0.0",
          "y.iceberg=1.10.0",
          "y.hadoop=3.4.1",
          "y.openlineage=1.37.0",
          "y.pyspark=4.0.1",
          "y.sqlServer=none",
          "y.java=17",
          "y.dbt-core=1.10.23",
          "y.dbt-spark=1.10.3",
          "y.status=verified");

  private static RuntimeVersions table(String head) throws IOException {
    return RuntimeVersions.read(new StringReader(head + "\n" + ROW));
  }

  @Test
  void bundledTableIsCompleteAndItsDefaultIsListed() {
    RuntimeVersions table = RuntimeVersions.bundled();
    assertThat(table.names()).isNotEmpty().contains(table.defaultRuntime().name());
    for (String name : table.names()) {
      RuntimeVersion r = table.resolve(name);
      assertThat(r.spark()).startsWith(r.sparkBinary() + ".");
      assertThat(r.pyspark()).isEqualTo(r.spark());
      assertThat(r.scala()).matches("2\\.1[23]");
      assertThat(r.icebergSparkRuntimeArtifact())
          .isEqualTo("iceberg-spark-runtime-" + r.sparkBinary() + "_" + r.scala());
    }
  }

  @Test
  void everyRuntimePinsTheImagesPythonPackages() {
    // The image's Python runs Job tasks: PySpark at the engine's version, dbt for dbt tasks.
    for (String name : RuntimeVersions.bundled().names()) {
      RuntimeVersion r = RuntimeVersions.bundled().resolve(name);
      assertThat(r.dbtCore()).as(name).matches("\\d+\\.\\d+\\.\\d+");
      assertThat(r.dbtSpark()).as(name).matches("\\d+\\.\\d+\\.\\d+");
      assertThat(r.pythonRequirements())
          .containsExactly(
              "pyspark==" + r.spark(),
              "dbt-core==" + r.dbtCore(),
              "dbt-spark[session]==" + r.dbtSpark());
    }
  }

  @Test
  void theImagesScriptInstallsTheSameRequirements() throws Exception {
    // runtime-image/python-requirements is what the Dockerfile and the data path install
    Path script = TestEnvironment.repoRoot().resolve("runtime-image/python-requirements");
    for (String name : RuntimeVersions.bundled().names()) {
      Process p = new ProcessBuilder("bash", script.toString(), name).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(name).isZero();
      assertThat(out.lines().toList())
          .as(name)
          .isEqualTo(RuntimeVersions.bundled().resolve(name).pythonRequirements());
    }
  }

  @Test
  void defaultRuntimeServesEveryLauncherRole() {
    // The data-path suite runs the default runtime with all launcher roles, the sql role included.
    RuntimeVersion def = RuntimeVersions.bundled().defaultRuntime();
    assertThat(def.hasSqlEndpoint()).isTrue();
    assertThat(def.status()).isEqualTo("verified");
  }

  @Test
  void readsRowsInOrderAndResolvesDefaultForBlank() throws IOException {
    RuntimeVersions t = table("runtimes= x , y\ndefault=y");
    assertThat(t.names()).containsExactly("x", "y");
    assertThat(t.resolve(null).name()).isEqualTo("y");
    assertThat(t.resolve("  ").name()).isEqualTo("y");
    RuntimeVersion x = t.resolve("x");
    assertThat(x.spark()).isEqualTo("3.5.4");
    assertThat(x.delta()).isEqualTo("3.3.2");
    assertThat(x.sqlServer()).isEqualTo(SqlServer.THRIFTSERVER);
    assertThat(x.status()).isEqualTo("declared");
    assertThat(x.dbtCore()).isEqualTo("1.10.23");
    assertThat(x.dbtSpark()).isEqualTo("1.10.3");
    assertThat(t.resolve("y").hasSqlEndpoint()).isFalse();
  }

  @Test
  void unknownNameIsEmptyOrAClearError() throws IOException {
    RuntimeVersions t = table("runtimes=x,y\ndefault=x");
    assertThat(t.find("spark-9.9")).isEmpty();
    assertThatThrownBy(() -> t.resolve("spark-9.9"))
        .hasMessageContaining("spark-9.9")
        .hasMessageContaining("x, y");
  }

  @Test
  void rejectsIncompleteTables() {
    assertThatThrownBy(() -> table("runtimes=x,z\ndefault=x"))
        .hasMessageContaining("z.spark is missing");
    assertThatThrownBy(() -> table("runtimes=x\ndefault=q")).hasMessageContaining("default 'q'");
    assertThatThrownBy(() -> table("runtimes=x,x\ndefault=x")).hasMessageContaining("listed twice");
    assertThatThrownBy(() -> table("default=x")).hasMessageContaining("lists no runtime");
    assertThatThrownBy(
            () ->
                RuntimeVersions.read(
                    new StringReader(
                        "runtimes=x\ndefault=x\n" + ROW.replace("x.dbt-spark=1.10.3", ""))))
        .hasMessageContaining("x.dbt-spark is missing");
    assertThatThrownBy(
            () ->
                RuntimeVersions.read(
                    new StringReader(
                        "runtimes=x\ndefault=x\n"
                            + ROW.replace("x.sqlServer=thriftserver", "x.sqlServer=kyuubi"))))
        .hasMessageContaining("x.sqlServer");
  }
}
