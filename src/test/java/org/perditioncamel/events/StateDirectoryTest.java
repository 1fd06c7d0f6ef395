package org.perditioncamel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.config.Settings;

class StateDirectoryTest {
    @TempDir
    Path root;

    @Test
    void theInstanceShouldBeNamedAsPerditionWasInvoked() {
        Settings none = Settings.of(Map.of("protocol", "IMAP4"));

        assertThat(StateDirectory.instanceName(none, "/usr/sbin/perdition.pop3s")).isEqualTo("perdition.pop3s");
        assertThat(StateDirectory.instanceName(none, "perdition")).isEqualTo("perdition.imap4");
        assertThat(StateDirectory.instanceName(Settings.of(Map.of("listeners", "POP3,IMAP4")), "perdition"))
                .isEqualTo("perdition.pop3+imap4");
        assertThat(StateDirectory.instanceName(Settings.of(Map.of("instance_name", "pop3-a")), "perdition.pop3"))
                .isEqualTo("pop3-a");
        assertThatThrownBy(() -> StateDirectory.instanceName(Settings.of(Map.of("instance_name", "../x")), "p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instance_name");
        assertThatThrownBy(() -> StateDirectory.instanceName(Settings.of(Map.of("instance_name", "hub")), "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inetdProcessesShouldEachTakeTheFirstFreeSlotAndReuseEndedOnes() {
        StateDirectory first = StateDirectory.openInetdSlot(root, "perdition.pop3");
        StateDirectory second = StateDirectory.openInetdSlot(root, "perdition.pop3");
        assertThat(first.instance()).isEqualTo("perdition.pop3.inetd-1");
        assertThat(second.instance()).isEqualTo("perdition.pop3.inetd-2");
        first.close();
        StateDirectory third = StateDirectory.openInetdSlot(root, "perdition.pop3");
        assertThat(third.instance()).isEqualTo("perdition.pop3.inetd-1");
        second.close();
        third.close();
    }

    @Test
    void theRootShouldBeStateDirectoryElseAWritableDefault() {
        assertThat(StateDirectory.root(Settings.of(Map.of("state_directory", "/srv/state")))).isEqualTo(Path.of("/srv/state"));
        assertThat(StateDirectory.root(Settings.of(Map.of()))).isIn(StateDirectory.SYSTEM_ROOT, StateDirectory.FALLBACK_ROOT);
    }

    @Test
    void aNameInUseShouldFailAtOnceAndBeFreeAgainAfterClose() {
        try (StateDirectory first = StateDirectory.open(root, "perdition.pop3")) {
            assertThat(first.instanceDir()).isDirectory();
            assertThat(first.hubDir()).isEqualTo(root.resolve("hub")).isDirectory();
            assertThatThrownBy(() -> StateDirectory.open(root, "perdition.pop3"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("state directory " + root.resolve("perdition.pop3") + " is in use by another"
                            + " perdition-camel instance; give this one its own name with instance_name, or its own"
                            + " state_directory");
            StateDirectory.open(root, "perdition.imap4").close();
        }
        StateDirectory.open(root, "perdition.pop3").close();
    }

    @Test
    void directoriesItMakesShouldBeTheProxiesUsersOnly() throws Exception {
        Path fresh = root.resolve("var/state");
        try (StateDirectory state = StateDirectory.open(fresh, "perdition.pop3")) {
            // others may reach the root's public files by name (hub-cert.pem), never list it or read a journal
            assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(PosixFilePermissions.fromString("rwx--x--x"));
            assertThat(Files.getPosixFilePermissions(state.instanceDir()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(state.hubDir())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
        // an operator's own choice for an existing directory stays
        Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rwxr-x---"));
        try (StateDirectory again = StateDirectory.open(fresh, "perdition.imap4")) {
            assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
        }
    }

    @Test
    void aDataDirectoryGivenToTwoInstancesShouldStopTheSecond() {
        Path outbox = root.resolve("shared-outbox");
        Runnable first = StateDirectory.lockOwn(outbox, "events.data_dir");

        assertThatThrownBy(() -> StateDirectory.lockOwn(outbox, "events.data_dir"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("events.data_dir " + outbox.toAbsolutePath() + " is in use by another perdition-camel"
                        + " instance; give each instance its own");
        first.run();
        StateDirectory.lockOwn(outbox, "events.data_dir").run();
    }

    @Test
    void theBridgeSecretShouldBeMadeOnceAndReadableOnlyByItsOwner() throws Exception {
        try (StateDirectory a = StateDirectory.open(root, "a"); StateDirectory b = StateDirectory.open(root, "b")) {
            String secret = a.bridgeSecret();
            assertThat(secret).matches("[0-9a-f]{48}");
            assertThat(b.bridgeSecret()).isEqualTo(secret);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(StateDirectory.SECRET_FILE))))
                    .isEqualTo("rw-------");
        }
    }

    /** An empty secret (a power loss at the first start, a touch) would let anyone with an empty password publish. */
    @Test
    void anEmptyBridgeSecretShouldStopTheStartNotOpenTheHub() throws Exception {
        Files.writeString(root.resolve(StateDirectory.SECRET_FILE), "\n");
        try (StateDirectory a = StateDirectory.open(root, "a")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(a::bridgeSecret)
                    .hasMessageContaining("holds no usable secret (0 characters)");
        }
    }
}
