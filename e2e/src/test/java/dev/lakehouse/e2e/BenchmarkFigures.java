package dev.lakehouse.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Figures measured by the end-to-end suite, written as JSON and printed as a table. */
public final class BenchmarkFigures {
  private final Map<String, Object> figures = new LinkedHashMap<>();

  public void put(String name, Object value) {
    figures.put(name, value);
  }

  /** Adds a figure measured elsewhere (a script's), unless this run measured it itself. */
  public void putIfAbsent(String name, Object value) {
    figures.putIfAbsent(name, value);
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), figures);
    System.out.println("[benchmark] " + file);
    figures.forEach((k, v) -> System.out.printf("[benchmark] %-40s %s%n", k, v));
  }
}
