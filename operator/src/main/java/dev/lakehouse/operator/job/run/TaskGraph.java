package dev.lakehouse.operator.job.run;

import dev.lakehouse.api.v1alpha1.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tasks of a Job as a graph: who depends on whom, which tasks are leaves (nothing depends on
 * them: the run's result comes from them), and whether the graph has a cycle (what admission cannot
 * check).
 */
public final class TaskGraph {
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final Map<String, Set<String>> dependents = new LinkedHashMap<>();

  public TaskGraph(List<Task> tasks) {
    for (Task task : tasks) {
      this.tasks.put(task.key, task);
      dependents.put(task.key, new LinkedHashSet<>());
    }
    for (Task task : tasks) {
      for (String dependency : dependencies(task)) {
        dependents.computeIfAbsent(dependency, k -> new LinkedHashSet<>()).add(task.key);
      }
    }
  }

  /** The tasks, in the Job's order. */
  public List<Task> tasks() {
    return List.copyOf(tasks.values());
  }

  public Optional<Task> task(String key) {
    return Optional.ofNullable(tasks.get(key));
  }

  public static List<String> dependencies(Task task) {
    return task.dependsOn == null ? List.of() : task.dependsOn;
  }

  /** Tasks nothing depends on. */
  public List<String> leaves() {
    return dependents.entrySet().stream()
        .filter(e -> tasks.containsKey(e.getKey()) && e.getValue().isEmpty())
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The tasks that depend on {@code key}, directly or not, in the Job's order. */
  public Set<String> downstreamOf(String key) {
    Set<String> found = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(dependents.getOrDefault(key, Set.of()));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (found.add(next)) {
        todo.addAll(dependents.getOrDefault(next, Set.of()));
      }
    }
    Set<String> ordered = new LinkedHashSet<>();
    tasks.keySet().stream().filter(found::contains).forEach(ordered::add);
    return ordered;
  }

  /** A cycle in the graph, as the keys around it (the first repeated at the end), if any. */
  public Optional<List<String>> cycle() {
    Map<String, Integer> state = new LinkedHashMap<>(); // 1 visiting, 2 done
    for (String key : tasks.keySet()) {
      List<String> path = new ArrayList<>();
      Optional<List<String>> found = visit(key, state, path);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private Optional<List<String>> visit(String key, Map<String, Integer> state, List<String> path) {
    Integer seen = state.get(key);
    if (seen != null && seen == 2) {
      return Optional.empty();
    }
    if (seen != null && seen == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(key), path.size()));
      cycle.add(key);
      return Optional.of(cycle);
    }
    state.put(key, 1);
    path.add(key);
    Task task = tasks.get(key);
    if (task != null) {
      for (String dependency : dependencies(task)) {
        Optional<List<String>> found = visit(dependency, state, path);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    path.remove(path.size() - 1);
    state.put(key, 2);
    return Optional.empty();
  }
}
