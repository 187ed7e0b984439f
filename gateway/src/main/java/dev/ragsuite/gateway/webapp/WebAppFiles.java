package dev.ragsuite.gateway.webapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The web app's files: from the webapp module's jar ({@code META-INF/webapp/}, listed in its
 * {@code files.txt} and held in memory with their precompressed variants), or from a folder read
 * per request while someone works on the app.
 */
public sealed interface WebAppFiles {

    String CLASSPATH_ROOT = "META-INF/webapp/";

    /** A file with its precompressed variants (null when the build kept none) and a strong ETag of its content. */
    record WebAppFile(String path, String contentType, byte[] identity, byte[] brotli, byte[] gzip, String etag) {
    }

    Optional<WebAppFile> find(String path);

    /** Whether the app was built into this gateway (or the folder holds one). */
    boolean present();

    static WebAppFiles fromClasspath(ClassLoader loader) {
        return InMemory.load(loader);
    }

    static WebAppFiles fromFolder(Path folder) {
        return new Folder(folder.toAbsolutePath().normalize());
    }

    /** Loaded once at start: the app is a few hundred kilobytes. */
    final class InMemory implements WebAppFiles {
        private final Map<String, WebAppFile> files;

        private InMemory(Map<String, WebAppFile> files) {
            this.files = Map.copyOf(files);
        }

        static InMemory load(ClassLoader loader) {
            Map<String, WebAppFile> files = new HashMap<>();
            byte[] list = read(loader, "files.txt");
            if (list != null) {
                for (String line : new String(list, StandardCharsets.UTF_8).split("\n")) {
                    String path = line.strip();
                    byte[] identity = path.isEmpty() ? null : read(loader, path);
                    if (identity != null) {
                        files.put(path, file(path, identity, read(loader, path + ".br"), read(loader, path + ".gz")));
                    }
                }
            }
            return new InMemory(files);
        }

        private static byte[] read(ClassLoader loader, String path) {
            try (InputStream in = loader.getResourceAsStream(CLASSPATH_ROOT + path)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the web app's " + path, e);
            }
        }

        @Override
        public Optional<WebAppFile> find(String path) {
            return Optional.ofNullable(files.get(path));
        }

        @Override
        public boolean present() {
            return files.containsKey("index.html");
        }
    }

    /** For working on the app: every request reads the folder (a rebuilt app shows without a restart). */
    record Folder(Path root) implements WebAppFiles {
        @Override
        public Optional<WebAppFile> find(String path) {
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(file(path, Files.readAllBytes(file), readIfPresent(Path.of(file + ".br")),
                        readIfPresent(Path.of(file + ".gz"))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the web app's " + path, e);
            }
        }

        private static byte[] readIfPresent(Path file) throws IOException {
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        }

        @Override
        public boolean present() {
            return Files.isRegularFile(root.resolve("index.html"));
        }
    }

    private static WebAppFile file(String path, byte[] identity, byte[] brotli, byte[] gzip) {
        return new WebAppFile(path, contentType(path), identity, brotli, gzip, etag(identity));
    }

    static String contentType(String path) {
        String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "json", "map" -> "application/json";
            case "webmanifest" -> "application/manifest+json";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }

    private static String etag(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
