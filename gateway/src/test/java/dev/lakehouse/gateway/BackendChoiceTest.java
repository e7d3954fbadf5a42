package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackendChoiceTest {
  private static Backend backend(String name, boolean routable) {
    return new Backend(name, name + ".host", 10000, 15002, routable);
  }

  @Test
  void choosesTheRoutableBackendWithFewestSessions() {
    List<Backend> backends =
        List.of(backend("wh-1", true), backend("wh-2", true), backend("wh-3", true));
    Map<String, Integer> sessions = Map.of("wh-1", 4, "wh-2", 1, "wh-3", 2);

    assertThat(BackendChoice.leastSessions(backends, sessions, Set.of()))
        .map(Backend::name)
        .hasValue("wh-2");
  }

  @Test
  void aBackendWithoutCountedSessionsHasNone() {
    List<Backend> backends = List.of(backend("wh-1", true), backend("wh-2", true));

    assertThat(BackendChoice.leastSessions(backends, Map.of("wh-1", 1), Set.of()))
        .map(Backend::name)
        .hasValue("wh-2");
  }

  @Test
  void tiesGoToTheFirstNameWhateverTheListOrder() {
    List<Backend> backends =
        List.of(backend("wh-2", true), backend("wh-10", true), backend("wh-1", true));

    assertThat(BackendChoice.leastSessions(backends, Map.of("wh-10", 1), Set.of()))
        .map(Backend::name)
        .hasValue("wh-1");
  }

  @Test
  void skipsBackendsThatAreNotRoutableEvenWhenIdle() {
    List<Backend> backends = List.of(backend("wh-1", false), backend("wh-2", true));

    assertThat(BackendChoice.leastSessions(backends, Map.of("wh-2", 9), Set.of()))
        .map(Backend::name)
        .hasValue("wh-2");
  }

  @Test
  void skipsExcludedBackends() {
    List<Backend> backends = List.of(backend("wh-1", true), backend("wh-2", true));

    assertThat(BackendChoice.leastSessions(backends, Map.of("wh-2", 5), Set.of("wh-1")))
        .map(Backend::name)
        .hasValue("wh-2");
  }

  @Test
  void choosesNothingWhenNothingIsRoutable() {
    assertThat(BackendChoice.leastSessions(List.of(), Map.of(), Set.of())).isEmpty();
    assertThat(
            BackendChoice.leastSessions(
                List.of(backend("wh-1", false), backend("wh-2", true)), Map.of(), Set.of("wh-2")))
        .isEmpty();
  }
}
