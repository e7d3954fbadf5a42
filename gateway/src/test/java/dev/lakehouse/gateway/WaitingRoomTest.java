package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitingRoomTest {
  private final Router router = new Router();
  private final AtomicInteger wakes = new AtomicInteger();
  private final WaitingRoom room = new WaitingRoom(router, wakes::incrementAndGet);
  private final List<String> routed = new ArrayList<>();

  private WaitingRoom.Waiter waiter(String id) {
    return backend -> routed.add(id + "->" + backend.name());
  }

  private static Backend backend(String name, boolean routable) {
    return new Backend(name, "127.0.0.1", 10000, 15002, routable);
  }

  @Test
  void routesAtOnceWhenABackendIsRoutable() {
    router.setBackends(List.of(backend("a", true)));

    assertThat(room.admit(waiter("c1"))).isFalse();

    assertThat(routed).containsExactly("c1->a");
    assertThat(room.size()).isZero();
    assertThat(wakes).hasValue(0);
  }

  @Test
  void holdsAndAsksForAWakeWhenNothingIsRoutable() {
    router.setBackends(List.of(backend("a", false)));

    assertThat(room.admit(waiter("c1"))).isTrue();
    assertThat(room.admit(waiter("c2"))).isTrue();

    assertThat(routed).isEmpty();
    assertThat(room.size()).isEqualTo(2);
    assertThat(wakes).hasValue(2);
  }

  @Test
  void releasesHeldConnectionsInArrivalOrderSpreadOverBackends() {
    room.admit(waiter("c1"));
    room.admit(waiter("c2"));
    room.admit(waiter("c3"));

    router.setBackends(List.of(backend("b", true), backend("a", true)));
    room.release();

    assertThat(routed).containsExactly("c1->a", "c2->b", "c3->a");
    assertThat(room.size()).isZero();
  }

  @Test
  void aConnectionThatLeftIsNotRouted() {
    WaitingRoom.Waiter gone = waiter("gone");
    room.admit(gone);
    room.admit(waiter("c2"));

    assertThat(room.leave(gone)).isTrue();
    router.setBackends(List.of(backend("a", true)));
    room.release();

    assertThat(routed).containsExactly("c2->a");
    assertThat(room.leave(gone)).isFalse();
    assertThat(router.sessions()).containsEntry("a", 1);
  }

  @Test
  void remindsOnlyWhileConnectionsWaitWithoutARoutableBackend() {
    room.remindWake();
    assertThat(wakes).hasValue(0);

    room.admit(waiter("c1"));
    room.remindWake();
    assertThat(wakes).hasValue(2);
  }
}
