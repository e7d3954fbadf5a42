package dev.lakehouse.operator.cluster;

import static dev.lakehouse.operator.cluster.ClusterFixtures.build;
import static dev.lakehouse.operator.cluster.ClusterFixtures.configHash;
import static dev.lakehouse.operator.cluster.ClusterFixtures.templateHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Cluster with {@code spec.sqlEndpoint}: its driver also serves JDBC/Thrift and its load. */
class ClusterResourcesSqlEndpointTest {
  private static final String WITH_SQL =
      """
      workers: 2
      sqlEndpoint: {maxConcurrentQueries: 7}
      """;

  private static List<Container> driverContainers(ClusterChildren children) {
    return children.driver().getSpec().getTemplate().getSpec().getContainers();
  }

  private static Container sql(ClusterChildren children) {
    return driverContainers(children).stream()
        .filter(c -> c.getName().equals("sql"))
        .findFirst()
        .orElseThrow();
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .reduce((first, second) -> second)
        .orElse(null);
  }

  @Test
  void theDriverRunsTheSqlRoleBesidesTheMasterAndSparkConnect() {
    ClusterChildren children = build(WITH_SQL);

    assertThat(driverContainers(children))
        .extracting(Container::getName)
        .containsExactlyInAnyOrder("master", "connect", "sql");
    assertThat(sql(children).getArgs()).containsExactly("sql");
    assertThat(children.workers().getSpec().getTemplate().getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("worker");
  }

  @Test
  void theSqlContainerServesThriftItsLoadAndItsOwnUi() {
    Container sql = sql(build(WITH_SQL));

    assertThat(sql.getPorts())
        .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .containsExactlyInAnyOrder(
            tuple("sql", 10000), tuple("sql-load", 10002), tuple("sql-ui", 4041));
    assertThat(env(sql, "LAKEHOUSE_UI_PORT")).isEqualTo("4041");
    assertThat(sql.getEnv().stream().filter(e -> e.getName().equals("LAKEHOUSE_UI_PORT")))
        .as("one value only")
        .hasSize(1);
    assertThat(env(sql, "LAKEHOUSE_SQL_MAX_CONCURRENT")).isEqualTo("7");
    assertThat(sql.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(10000);
  }

  @Test
  void theSqlContainerIsSizedAsSparkConnectAndMeetsTheRestrictedProfile() {
    ClusterChildren children = build(WITH_SQL);
    Container connect =
        driverContainers(children).stream()
            .filter(c -> c.getName().equals("connect"))
            .findFirst()
            .orElseThrow();
    Container sql = sql(children);

    assertThat(sql.getResources()).isEqualTo(connect.getResources());
    assertThat(sql.getImage()).isEqualTo(connect.getImage());
    assertThat(sql.getSecurityContext()).isEqualTo(connect.getSecurityContext());
    assertThat(sql.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(sql.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(sql.getVolumeMounts()).isEqualTo(connect.getVolumeMounts());
    assertThat(env(connect, "LAKEHOUSE_UI_PORT"))
        .as("Spark Connect keeps the default UI port")
        .isNotEqualTo("4041");
  }

  @Test
  void theConcurrencyDefaultsToTen() {
    assertThat(env(sql(build("workers: 1\nsqlEndpoint: {}\n")), "LAKEHOUSE_SQL_MAX_CONCURRENT"))
        .isEqualTo("10");
  }

  @Test
  void theDriverServiceExposesTheSqlAndLoadPortsBesidesItsOwn() {
    List<ServicePort> ports = build(WITH_SQL).driverService().getSpec().getPorts();

    assertThat(ports)
        .extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactlyInAnyOrder(
            tuple("spark-connect", 15002),
            tuple("master", 7077),
            tuple("master-ui", 8080),
            tuple("ui", 4040),
            tuple("sql", 10000),
            tuple("sql-load", 10002));
  }

  @Test
  void withoutSqlEndpointNothingChanges() {
    ClusterChildren plain = build("workers: 2\n");

    assertThat(driverContainers(plain)).extracting(Container::getName).doesNotContain("sql");
    assertThat(plain.driverService().getSpec().getPorts())
        .extracting(ServicePort::getPort)
        .doesNotContain(10000, 10002);
    assertThat(List.of(configHash(plain.workers()), templateHash(plain.driver())))
        .as("the golden hashes of ClusterResourcesTest")
        .containsExactly("33e4ea4227baeeb7", "a6a1a7916d9ba235");
  }

  @Test
  void theSqlEndpointChangesTheDriverTemplateOnlyNotTheWorkers() {
    ClusterChildren plain = build("workers: 2\n");
    ClusterChildren withSql = build("workers: 2\nsqlEndpoint: {maxConcurrentQueries: 7}\n");

    assertThat(templateHash(withSql.driver())).isNotEqualTo(templateHash(plain.driver()));
    assertThat(templateHash(withSql.workers())).isEqualTo(templateHash(plain.workers()));
  }
}
