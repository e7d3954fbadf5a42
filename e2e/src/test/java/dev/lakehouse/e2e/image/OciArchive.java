package dev.lakehouse.e2e.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An image in an OCI archive (a tar of an OCI image layout, as runtime-image/build-oci writes it):
 * its config and the files of its layers, read without unpacking anything to disk.
 */
final class OciArchive {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Blobs larger than this are layers: streamed, never held in memory. */
  private static final long SMALL_BLOB = 1 << 20;

  /** One file of the image's root filesystem. */
  record Entry(
      String path, boolean directory, boolean regular, long size, int mode, long uid, long gid) {}

  private final JsonNode config;
  private final Map<String, Entry> files;
  private final Map<String, String> smallFileContents;

  private OciArchive(JsonNode config, Map<String, Entry> files, Map<String, String> contents) {
    this.config = config;
    this.files = files;
    this.smallFileContents = contents;
  }

  /**
   * Reads the image tagged {@code tag} (null: the archive's only image) and keeps the contents of
   * the given small text files (for example etc/passwd).
   */
  static OciArchive read(Path archive, String tag, Set<String> keepContents) throws IOException {
    Map<String, byte[]> small = new HashMap<>();
    forEachEntry(
        archive,
        (entry, in) -> {
          if (entry.isFile() && entry.getSize() <= SMALL_BLOB) {
            small.put(normalize(entry.getName()), in.readAllBytes());
          }
        });
    JsonNode index = JSON.readTree(required(small, "index.json"));
    JsonNode manifestDescriptor = null;
    for (JsonNode m : index.path("manifests")) {
      String ref = m.path("annotations").path("org.opencontainers.image.ref.name").asText();
      if (tag == null ? index.path("manifests").size() == 1 : tag.equals(ref)) {
        manifestDescriptor = m;
      }
    }
    if (manifestDescriptor == null) {
      throw new IOException(archive + " has no image tagged " + tag + ": " + index);
    }
    JsonNode manifest = JSON.readTree(required(small, blobPath(manifestDescriptor)));
    JsonNode config = JSON.readTree(required(small, blobPath(manifest.path("config"))));
    List<String> layers = new ArrayList<>();
    manifest.path("layers").forEach(l -> layers.add(blobPath(l)));

    Map<String, Entry> files = new LinkedHashMap<>();
    Map<String, String> contents = new HashMap<>();
    forEachEntry(
        archive,
        (entry, in) -> {
          if (!layers.contains(normalize(entry.getName()))) {
            return;
          }
          // Layers are applied in order: a later one's file replaces an earlier one's.
          try (TarArchiveInputStream layer =
              new TarArchiveInputStream(
                  new GzipCompressorInputStream(new BufferedInputStream(in)))) {
            TarArchiveEntry f;
            while ((f = layer.getNextEntry()) != null) {
              String path = normalize(f.getName());
              files.put(
                  path,
                  new Entry(
                      path,
                      f.isDirectory(),
                      f.isFile(),
                      f.getSize(),
                      f.getMode(),
                      f.getLongUserId(),
                      f.getLongGroupId()));
              if (keepContents.contains(path) && f.isFile()) {
                contents.put(path, new String(layer.readAllBytes(), StandardCharsets.UTF_8));
              }
            }
          }
        });
    return new OciArchive(config, files, contents);
  }

  /** The image config's {@code config} object (User, Env, Entrypoint, WorkingDir, ExposedPorts). */
  JsonNode runConfig() {
    return config.path("config");
  }

  /** The root filesystem's files, by path without a leading slash. */
  Map<String, Entry> files() {
    return files;
  }

  String contents(String path) {
    String c = smallFileContents.get(normalize(path));
    if (c == null) {
      throw new IllegalArgumentException(path + " was not kept or is not in the image");
    }
    return c;
  }

  /** The image's environment as a map. */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    runConfig()
        .path("Env")
        .forEach(
            e -> {
              String s = e.asText();
              int eq = s.indexOf('=');
              env.put(s.substring(0, eq), s.substring(eq + 1));
            });
    return env;
  }

  static String normalize(String path) {
    String p = path;
    while (p.startsWith("./") || p.startsWith("/")) {
      p = p.startsWith("./") ? p.substring(2) : p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static String blobPath(JsonNode descriptor) {
    String digest = descriptor.path("digest").asText();
    return "blobs/" + digest.replace(':', '/');
  }

  private static byte[] required(Map<String, byte[]> small, String path) throws IOException {
    byte[] b = small.get(path);
    if (b == null) {
      throw new IOException("the archive has no " + path);
    }
    return b;
  }

  private interface EntryConsumer {
    void accept(TarArchiveEntry entry, InputStream contents) throws IOException;
  }

  private static void forEachEntry(Path archive, EntryConsumer consumer) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        consumer.accept(entry, new NonClosing(tar));
      }
    }
  }

  /** Lets a consumer wrap the outer archive's stream without closing it. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
