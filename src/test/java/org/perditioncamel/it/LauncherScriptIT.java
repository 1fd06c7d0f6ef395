package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/perdition's choice of JVM options, read off a stand-in java that prints its arguments (after package: the script needs target/lib). */
class LauncherScriptIT {
    @TempDir
    Path javaHome;

    private List<String> javaArguments(String perditionJavaOpts) throws IOException, InterruptedException {
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder(Path.of("bin/perdition.pop3").toAbsolutePath().toString());
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("PERDITION_JAVA_OPTS", perditionJavaOpts);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().toList();
    }

    @Test
    void theParallelCollectorShouldBeChosenUnlessACollectorIsNamed() throws Exception {
        assertThat(javaArguments("-Xmx256m")).contains("-XX:+UseParallelGC");
        assertThat(javaArguments("-XX:+UseG1GC")).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseParallelGC");
        // two options that only together look like "-XX:+Use…GC"
        assertThat(javaArguments("-XX:+UseNUMA -XX:+DisableExplicitGC")).contains("-XX:+UseParallelGC", "-XX:+UseNUMA");
        // options of a collector, not collectors
        assertThat(javaArguments("-XX:+UseMaximumCompactionOnSystemGC")).contains("-XX:+UseParallelGC");
        assertThat(javaArguments("-XX:+UseZGC")).doesNotContain("-XX:+UseParallelGC");
    }
}
