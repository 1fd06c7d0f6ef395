package org.perditioncamel.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One second of a scenario by the load generator, as alice, against a target of the smoke tests; its counts. */
final class SmokeRun {
    private SmokeRun() {
    }

    static Map<String, Object> of(String target, String protocol, int port, String scenario, int clients,
                                  String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--target", target, "--protocol", protocol, "--port",
                Integer.toString(port), "--scenario", scenario, "--clients", Integer.toString(clients),
                "--seconds", "1", "--warmup", "0", "--users", "alice", "--password", "secret",
                "--cpu", "target=" + ProcessHandle.current().pid(), "--reply-timeout", "30000"));
        args.addAll(List.of(extra));
        return BenchMain.run(args.toArray(String[]::new));
    }
}
