package dev.ragsuite.fuzz;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code ./rag fuzz}: {@code --gateway URL [--requests N] [--seconds S] [--seed X] [--threads T] [--json] [--out FILE]}.
 * Prints the report (with {@code --json} one JSON object last) and exits 1 when a 5xx or a leak was found.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        URI gateway = null;
        int requests = 10_000;
        double seconds = 0;
        long seed = 1;
        int threads = 4;
        boolean json = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gateway" -> gateway = URI.create(args[++i]);
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--json" -> json = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (gateway == null) {
            System.err.println("usage: --gateway URL [--requests N] [--seconds S] [--seed X] [--threads T] [--json] [--out FILE]");
            System.exit(2);
        }
        FuzzReport report = new Fuzzer(new Fuzzer.Options(gateway, requests, seconds, seed, threads, 3_000)).run();
        String table = report.table();
        System.out.println(table);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        if (json) {
            System.out.println(report.json());
        }
        System.exit(report.clean() ? 0 : 1);
    }
}
