package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackendsFileTest {
  @Test
  void readsEveryField() {
    String json =
        """
        {"backends":[
          {"name":"e1","host":"127.0.0.1","sqlPort":11000,"connectPort":16002,"routable":true},
          {"name":"e2","host":"10.0.0.7","sqlPort":11001,"connectPort":16003,"routable":false}]}
        """;

    assertThat(BackendsFile.parse(json))
        .containsExactly(
            new Backend("e1", "127.0.0.1", 11000, 16002, true),
            new Backend("e2", "10.0.0.7", 11001, 16003, false));
  }

  @Test
  void portsAndRoutableHaveDefaults() {
    assertThat(BackendsFile.parse("{\"backends\":[{\"name\":\"e1\",\"host\":\"h\"}]}"))
        .containsExactly(new Backend("e1", "h", 10000, 15002, true));
  }

  @Test
  void anEmptyListIsNoBackends() {
    assertThat(BackendsFile.parse("{\"backends\":[]}")).isEmpty();
  }

  @Test
  void saysWhatIsWrongAndWhere() {
    assertThatThrownBy(() -> BackendsFile.parse("{\"backends\":[{\"name\":\"e1\""))
        .hasMessageStartingWith("is not JSON");
    assertThatThrownBy(() -> BackendsFile.parse("{\"engines\":[]}"))
        .hasMessage("has no \"backends\" array");
    assertThatThrownBy(
            () ->
                BackendsFile.parse(
                    "{\"backends\":[{\"name\":\"e1\",\"host\":\"h\"},{\"host\":\"h\"}]}"))
        .hasMessage("backends[1].name is missing or not a string");
    assertThatThrownBy(() -> BackendsFile.parse("{\"backends\":[{\"name\":\"e1\"}]}"))
        .hasMessage("backends[0].host is missing or not a string");
    assertThatThrownBy(
            () ->
                BackendsFile.parse(
                    "{\"backends\":[{\"name\":\"e1\",\"host\":\"h\",\"sqlPort\":70000}]}"))
        .hasMessage("backends[0].sqlPort 70000 is not a port number");
    assertThatThrownBy(
            () ->
                BackendsFile.parse(
                    "{\"backends\":[{\"name\":\"e1\",\"host\":\"h\",\"connectPort\":\"x\"}]}"))
        .hasMessage("backends[0].connectPort is not a port number");
    assertThatThrownBy(
            () ->
                BackendsFile.parse(
                    "{\"backends\":[{\"name\":\"e1\",\"host\":\"h\",\"routable\":\"yes\"}]}"))
        .hasMessage("backends[0].routable is not true or false");
    assertThatThrownBy(
            () ->
                BackendsFile.parse(
                    "{\"backends\":[{\"name\":\"e1\",\"host\":\"h\"},{\"name\":\"e1\",\"host\":\"h\"}]}"))
        .hasMessage("backends[1].name \"e1\" appears twice");
  }
}
