package org.perditioncamel.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a run of the load generator is aimed at and how hard; parsed from {@code --key value} pairs. */
final class BenchOptions {
    String target = "target";
    String host = "127.0.0.1";
    int port;
    Dialogue dialogue = Dialogue.POP3;
    String scenario = "login";
    int clients = 1;
    double seconds = 5;
    double warmup = 1;
    int count = 2000;
    String userPrefix = "bench";
    /** 0: {@code userPrefix} is the one user's name; else users prefix0 … prefix(count-1). */
    int userCount;
    String password = "benchpw";
    String bulkPrefix = "bulk";
    int bulkCount;
    byte[] message;
    /** Name → root pid of each process tree whose CPU is reported (the first is the target's own). */
    final Map<String, Long> cpu = new LinkedHashMap<>();
    /** The target's JVM, whose live heap per idle session is measured too (0: not a JVM). */
    long jvm;
    String eventsHost;
    int eventsPort;
    String eventsProtocol = "core";
    double eventsWait = 60;
    int round = 1;
    String out;
    long replyTimeoutMillis = 60_000;

    String user(String prefix, int count, int n) {
        return count <= 0 ? prefix : prefix + (n % count);
    }

    static BenchOptions parse(String... args) throws java.io.IOException {
        BenchOptions o = new BenchOptions();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--target" -> o.target = v;
                case "--host" -> o.host = v;
                case "--port" -> o.port = Integer.parseInt(v);
                case "--protocol" -> o.dialogue = Dialogue.of(v);
                case "--scenario" -> o.scenario = v;
                case "--clients" -> o.clients = Integer.parseInt(v);
                case "--seconds" -> o.seconds = Double.parseDouble(v);
                case "--warmup" -> o.warmup = Double.parseDouble(v);
                case "--count" -> o.count = Integer.parseInt(v);
                case "--users" -> o.userPrefix = v;
                case "--user-count" -> o.userCount = Integer.parseInt(v);
                case "--password" -> o.password = v;
                case "--bulk-users" -> o.bulkPrefix = v;
                case "--bulk-user-count" -> o.bulkCount = Integer.parseInt(v);
                case "--message" -> o.message = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(v));
                case "--cpu" -> {
                    for (String pair : v.split(",")) {
                        if (!pair.isBlank()) {
                            String[] kv = pair.split("=", 2);
                            o.cpu.put(kv[0], Long.parseLong(kv[1]));
                        }
                    }
                }
                case "--events" -> {
                    int colon = v.lastIndexOf(':');
                    o.eventsHost = v.substring(0, colon);
                    o.eventsPort = Integer.parseInt(v.substring(colon + 1));
                }
                case "--jvm" -> o.jvm = Long.parseLong(v);
                case "--events-protocol" -> o.eventsProtocol = v;
                case "--events-wait" -> o.eventsWait = Double.parseDouble(v);
                case "--round" -> o.round = Integer.parseInt(v);
                case "--out" -> o.out = v;
                case "--reply-timeout" -> o.replyTimeoutMillis = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (o.port == 0) {
            throw new IllegalArgumentException("--port is required");
        }
        return o;
    }
}
