package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static Backend backend(String name, boolean routable) {
    return new Backend(name, "127.0.0.1", 10000, 15002, routable);
  }

  @Test
  void countsEachChoiceSoConsecutiveConnectionsSpread() {
    Router router = new Router();
    router.setBackends(List.of(backend("a", true), backend("b", true)));

    List<String> chosen =
        List.of(
            router.acquire(Set.of()).orElseThrow().name(),
            router.acquire(Set.of()).orElseThrow().name(),
            router.acquire(Set.of()).orElseThrow().name());

    assertThat(chosen).containsExactly("a", "b", "a");
    assertThat(router.sessions()).isEqualTo(Map.of("a", 2, "b", 1));
  }

  @Test
  void aReleasedSessionMakesRoomOnItsBackend() {
    Router router = new Router();
    Backend a = backend("a", true);
    router.setBackends(List.of(a, backend("b", true)));
    router.acquire(Set.of());
    router.acquire(Set.of());

    router.release(a);

    assertThat(router.sessions()).isEqualTo(Map.of("a", 0, "b", 1));
    assertThat(router.acquire(Set.of()).orElseThrow().name()).isEqualTo("a");
  }

  @Test
  void aRemovedBackendIsListedUntilItsSessionsEnd() {
    Router router = new Router();
    Backend gone = backend("gone", true);
    router.setBackends(List.of(gone));
    router.acquire(Set.of());

    router.setBackends(List.of(backend("new", true)));

    assertThat(router.sessions()).isEqualTo(Map.of("gone", 1, "new", 0));
    router.release(gone);
    assertThat(router.sessions()).isEqualTo(Map.of("new", 0));
  }

  @Test
  void reportsWhetherTheListChangedAndWhetherAnythingIsRoutable() {
    Router router = new Router();
    assertThat(router.hasRoutable()).isFalse();

    assertThat(router.setBackends(List.of(backend("a", false)))).isTrue();
    assertThat(router.setBackends(List.of(backend("a", false)))).isFalse();
    assertThat(router.hasRoutable()).isFalse();
    assertThat(router.acquire(Set.of())).isEmpty();

    assertThat(router.setBackends(List.of(backend("a", true)))).isTrue();
    assertThat(router.hasRoutable()).isTrue();
  }
}
