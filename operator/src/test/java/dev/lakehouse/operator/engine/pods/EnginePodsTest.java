package dev.lakehouse.operator.engine.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnginePodsTest {

  @ParameterizedTest
  @CsvSource({
    // all of a size's cores: the plain number every template had before the fraction existed
    "1, 1.0, 1",
    "8, 1.0, 8",
    // a share: millicores, whole cores when they come out whole
    "2, 0.1, 200m",
    "3, 0.1, 300m",
    "1, 0.25, 250m",
    "4, 0.5, 2",
    // never nothing
    "1, 0.0001, 1m"
  })
  void theCpuRequestIsTheFractionOfTheSizesCores(int cores, double fraction, String request) {
    assertThat(EnginePods.cpuRequest(cores, fraction)).isEqualTo(request);
    assertThat(new Quantity(request).getNumericalAmount().doubleValue())
        .isCloseTo(Math.max(0.001, cores * fraction), org.assertj.core.data.Offset.offset(0.0005));
  }
}
