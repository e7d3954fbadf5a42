package dev.lakehouse.e2e.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final stage of a Dockerfile, read as far as the layout of the image it builds: what it copies
 * where, its environment, user, working directory, entrypoint and ports, and the paths its RUN
 * instructions create, own and remove.
 */
final class DockerfileStage {
  record Instruction(String keyword, String arguments) {}

  /** A COPY: its sources (relative to the build context, or to a stage with --from) and target. */
  record Copy(String fromStage, List<String> sources, String target) {
    boolean targetIsDirectory() {
      return target.endsWith("/") || sources.size() > 1;
    }
  }

  /** A user added by {@code useradd}. */
  record User(String name, int uid, int gid, String home) {}

  private final List<Instruction> instructions;

  private DockerfileStage(List<Instruction> instructions) {
    this.instructions = instructions;
  }

  static DockerfileStage finalStageOf(Path dockerfile) throws IOException {
    List<Instruction> all = parse(Files.readString(dockerfile));
    int lastFrom = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).keyword().equals("FROM")) {
        lastFrom = i;
      }
    }
    return new DockerfileStage(all.subList(lastFrom + 1, all.size()));
  }

  /** Instructions with their continuation lines joined and comments dropped. */
  static List<Instruction> parse(String text) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String joined = current.toString().strip();
      current.setLength(0);
      if (joined.isEmpty()) {
        continue;
      }
      int space = joined.indexOf(' ');
      out.add(
          new Instruction(
              joined.substring(0, space).toUpperCase(), joined.substring(space + 1).strip()));
    }
    return out;
  }

  List<Copy> copies() {
    List<Copy> copies = new ArrayList<>();
    for (Instruction i : of("COPY")) {
      List<String> words = new ArrayList<>(Arrays.asList(i.arguments().split("\\s+")));
      String from = null;
      while (words.get(0).startsWith("--")) {
        String flag = words.remove(0);
        if (flag.startsWith("--from=")) {
          from = flag.substring("--from=".length());
        }
      }
      String target = words.remove(words.size() - 1);
      copies.add(new Copy(from, words, target));
    }
    return copies;
  }

  /** ENV in order; a later value of a name replaces the earlier one. */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\\S*)");
    for (Instruction i : of("ENV")) {
      Matcher m = pair.matcher(i.arguments());
      while (m.find()) {
        env.put(m.group(1), m.group(2));
      }
    }
    return env;
  }

  String user() {
    return last("USER");
  }

  String workingDir() {
    return last("WORKDIR");
  }

  List<String> entrypoint() throws IOException {
    return Arrays.asList(new ObjectMapper().readValue(last("ENTRYPOINT"), String[].class));
  }

  List<String> exposedPorts() {
    List<String> ports = new ArrayList<>();
    for (Instruction i : of("EXPOSE")) {
      for (String p : i.arguments().split("\\s+")) {
        ports.add(p.contains("/") ? p : p + "/tcp");
      }
    }
    return ports;
  }

  /** Directories that {@code mkdir -p} creates in RUN instructions. */
  List<String> createdDirectories() {
    return commandArguments("mkdir", "-p");
  }

  /** Paths (globs) that {@code rm -rf} removes in RUN instructions. */
  List<String> removedPaths() {
    return commandArguments("rm", "-rf");
  }

  /** {@code chown OWNER PATH} in RUN instructions, as path -> "uid:gid". */
  Map<String, String> ownedPaths() {
    Map<String, String> owned = new LinkedHashMap<>();
    for (List<String> command : runCommands()) {
      if (command.size() == 3 && command.get(0).equals("chown")) {
        owned.put(command.get(2), command.get(1));
      }
    }
    return owned;
  }

  List<User> addedUsers() {
    List<User> users = new ArrayList<>();
    for (List<String> command : runCommands()) {
      if (command.isEmpty() || !command.get(0).equals("useradd")) {
        continue;
      }
      Map<String, String> options = new LinkedHashMap<>();
      for (int k = 1; k < command.size() - 1; k++) {
        if (command.get(k).startsWith("--") && !command.get(k + 1).startsWith("--")) {
          options.put(command.get(k), command.get(++k));
        }
      }
      users.add(
          new User(
              command.get(command.size() - 1),
              Integer.parseInt(options.get("--uid")),
              Integer.parseInt(options.get("--gid")),
              options.get("--home-dir")));
    }
    return users;
  }

  /** Targets of {@code python3 -m venv DIR}. */
  List<String> virtualEnvironments() {
    List<String> venvs = new ArrayList<>();
    for (List<String> command : runCommands()) {
      int m = command.indexOf("-m");
      if (m >= 0 && m + 2 < command.size() && command.get(m + 1).equals("venv")) {
        venvs.add(command.get(m + 2));
      }
    }
    return venvs;
  }

  /** Every simple command of every RUN, split at {@code &&} and {@code ;}, as words. */
  List<List<String>> runCommands() {
    List<List<String>> commands = new ArrayList<>();
    for (Instruction i : of("RUN")) {
      for (String command : i.arguments().split("&&|;")) {
        List<String> words = new ArrayList<>();
        for (String w : command.strip().split("\\s+")) {
          if (!w.isEmpty()) {
            words.add(w);
          }
        }
        // Leading VAR=value assignments set the environment of the command, they are not it.
        while (!words.isEmpty() && words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
          words.remove(0);
        }
        commands.add(words);
      }
    }
    return commands;
  }

  private List<String> commandArguments(String program, String flag) {
    List<String> args = new ArrayList<>();
    for (List<String> command : runCommands()) {
      if (command.size() > 2 && command.get(0).equals(program) && command.get(1).equals(flag)) {
        args.addAll(command.subList(2, command.size()));
      }
    }
    return args;
  }

  private List<Instruction> of(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  private String last(String keyword) {
    List<Instruction> found = of(keyword);
    if (found.isEmpty()) {
      throw new IllegalStateException("the final stage has no " + keyword);
    }
    return found.get(found.size() - 1).arguments();
  }
}
