package dev.lakehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.testing.HostileManifests.Case;
import dev.lakehouse.testing.HostileManifests.MutationClass;
import dev.lakehouse.testing.HostileManifests.Refused;
import dev.lakehouse.testing.HostileManifests.Reported;
import dev.lakehouse.testing.HostileManifests.Valid;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Sends {@link HostileManifests} cases to a real API server as a server-side dry-run create (what
 * {@code kubectl apply --dry-run=server} does, with kubectl's strict field validation) and judges
 * the answer against the outcome each case documents; tallies the verdicts by class of mutation.
 */
public final class Admission {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A path as the API server writes it: spec, spec.x, metadata.name, spec.a[0].b. */
  private static final Pattern SOME_FIELD = Pattern.compile("\\b(spec|metadata)([.\\[:]|$)");

  private Admission() {}

  /** The API server's answer: its HTTP status and, when it refused, its message. */
  public record Verdict(int code, String message) {
    public boolean accepted() {
      return code / 100 == 2;
    }
  }

  /** A case and the API server's answer; {@code problem} is empty when it ended as documented. */
  public record Judged(Case testCase, Verdict verdict, Optional<String> problem) {}

  /** A server-side dry-run create of the case's manifest, with strict field validation. */
  public static Verdict dryRunCreate(KubernetesClient client, Case c) {
    String kind = c.kind();
    String plural = CrdSchemas.PLURALS.get(kind);
    String base = client.getMasterUrl().toString().replaceAll("/$", "");
    String url =
        base
            + "/apis/lakehouse.dev/v1alpha1/"
            + (CrdSchemas.namespaced(kind) ? "namespaces/" + c.namespace() + "/" : "")
            + plural
            + "?dryRun=All&fieldValidation=Strict&fieldManager=hostile-input";
    HttpRequest request =
        client
            .getHttpClient()
            .newHttpRequestBuilder()
            .uri(url)
            .post("application/json", c.json())
            .build();
    try {
      HttpResponse<String> response =
          client.getHttpClient().sendAsync(request, String.class).get(60, TimeUnit.SECONDS);
      if (response.code() / 100 == 2) {
        return new Verdict(response.code(), "");
      }
      String body = response.body();
      String message;
      try {
        JsonNode status = JSON.readTree(body);
        message = status.path("message").asText(body);
      } catch (IOException notJson) {
        message = body;
      }
      return new Verdict(response.code(), message);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("no answer from the API server for " + c.name(), e);
    }
  }

  /** Sends the case and judges the answer. */
  public static Judged judge(KubernetesClient client, Case c) {
    Verdict verdict = dryRunCreate(client, c);
    return new Judged(c, verdict, problem(c, verdict));
  }

  /** What is wrong with the answer for the case's documented outcome, if anything. */
  public static Optional<String> problem(Case c, Verdict verdict) {
    if (c.outcome() instanceof Refused refused) {
      if (verdict.accepted()) {
        return Optional.of("accepted, but should be refused naming " + refused.field());
      }
      if (verdict.code() != 400 && verdict.code() != 422) {
        return Optional.of(
            "refused with HTTP " + verdict.code() + " (not a validation error): " + verdict);
      }
      String message = verdict.message();
      if (refused.field() == null) {
        if (!SOME_FIELD.matcher(message).find() && !refused.detail().contains("name")) {
          return Optional.of("the message names no field: " + message);
        }
      } else if (!message.contains(refused.field())) {
        return Optional.of("the message does not name " + refused.field() + ": " + message);
      }
      if (!message.contains(refused.detail())) {
        return Optional.of("the message does not say \"" + refused.detail() + "\": " + message);
      }
      return Optional.empty();
    }
    if (!verdict.accepted()) {
      String why =
          c.outcome() instanceof Reported r
              ? "should be accepted and reported as " + r.condition() + "/" + r.reason()
              : "should be accepted: " + ((Valid) c.outcome()).why();
      return Optional.of("refused, but " + why + ": " + verdict.message());
    }
    return Optional.empty();
  }

  /**
   * The table of verdicts: by class of mutation, how many were tried, refused at admission and
   * accepted (for invalid input: reported by the operator), and the valid boundaries apart.
   */
  public static Map<String, Object> table(List<Judged> judged) {
    Map<String, Object> table = new LinkedHashMap<>();
    List<Judged> invalid =
        judged.stream().filter(j -> !(j.testCase().outcome() instanceof Valid)).toList();
    table.put("manifests_tried", invalid.size());
    table.put(
        "manifests_distinct", invalid.stream().map(j -> j.testCase().json()).distinct().count());
    table.put(
        "refused_at_admission", invalid.stream().filter(j -> !j.verdict().accepted()).count());
    table.put(
        "accepted_and_reported_by_the_operator",
        invalid.stream().filter(j -> j.verdict().accepted()).count());
    table.put("not_as_documented", judged.stream().filter(j -> j.problem().isPresent()).count());
    Map<String, Object> classes = new LinkedHashMap<>();
    for (MutationClass mutation : MutationClass.values()) {
      List<Judged> rows =
          invalid.stream().filter(j -> j.testCase().mutation() == mutation).toList();
      if (rows.isEmpty()) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("tried", rows.size());
      row.put("refused", rows.stream().filter(j -> !j.verdict().accepted()).count());
      row.put("accepted_reported", rows.stream().filter(j -> j.verdict().accepted()).count());
      row.put("what", mutation.description());
      classes.put(mutation.label(), row);
    }
    table.put("by_class", classes);
    Map<String, Object> kinds = new LinkedHashMap<>();
    for (String kind : CrdSchemas.PLURALS.keySet()) {
      kinds.put(kind, invalid.stream().filter(j -> j.testCase().kind().equals(kind)).count());
    }
    table.put("by_kind", kinds);
    List<Map<String, Object>> reported = new ArrayList<>();
    for (Judged j : invalid) {
      if (j.testCase().outcome() instanceof Reported r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("case", j.testCase().name());
        row.put("object", j.testCase().kind() + "/" + j.testCase().objectName());
        row.put("condition", r.condition() + "=" + r.status());
        row.put("reason", r.reason());
        reported.add(row);
      }
    }
    table.put("accepted_reported_as_a_condition", reported);
    List<Judged> valid =
        judged.stream().filter(j -> j.testCase().outcome() instanceof Valid).toList();
    table.put(
        "valid_boundaries",
        Map.of(
            "tried",
            valid.size(),
            "accepted",
            valid.stream().filter(j -> j.verdict().accepted()).count()));
    return table;
  }

  /**
   * Every case with the API server's answer (HTTP status and the start of its message), one JSON
   * object a line: what a reviewer reads to see how each manifest was refused.
   */
  public static void writeVerdicts(List<Judged> judged, Path file) {
    StringBuilder lines = new StringBuilder();
    for (Judged j : judged) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("case", j.testCase().name());
      line.put("source", j.testCase().source());
      line.put("expected", String.valueOf(j.testCase().outcome()));
      line.put("code", j.verdict().code());
      String message = j.verdict().message();
      line.put("message", message.length() > 400 ? message.substring(0, 400) + "..." : message);
      line.put("as_documented", j.problem().isEmpty());
      try {
        lines.append(JSON.writeValueAsString(line)).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints the table by class and writes it as JSON. */
  public static void write(Map<String, Object> table, Path file) {
    try {
      Files.createDirectories(file.getParent());
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println("[invalid-input] " + file);
    System.out.printf(
        "[invalid-input] %-18s %6s %8s %9s%n", "class", "tried", "refused", "accepted");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> classes =
        (Map<String, Map<String, Object>>) table.get("by_class");
    classes.forEach(
        (name, row) ->
            System.out.printf(
                "[invalid-input] %-18s %6s %8s %9s%n",
                name, row.get("tried"), row.get("refused"), row.get("accepted_reported")));
    System.out.printf(
        "[invalid-input] %-18s %6s %8s %9s%n",
        "total",
        table.get("manifests_tried"),
        table.get("refused_at_admission"),
        table.get("accepted_and_reported_by_the_operator"));
  }
}
