package org.perditioncamel.it;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every ManageSieve transcript in {@code transcripts/managesieve} is what the real perdition 2.2 answers, in front
 * of Dovecot's ManageSieve.
 */
class PerditionReferenceManageSieveTranscriptIT {

    @RegisterExtension
    @Order(1)
    static final DovecotServer DOVECOT = new DovecotServer();

    @RegisterExtension
    @Order(2)
    static final PerditionReference PERDITION = PerditionReference.manageSieve(DOVECOT);

    @TestFactory
    Stream<DynamicTest> manageSieveTranscriptsShouldMatchRealPerdition() throws InterruptedException {
        TranscriptRuns.warmUp(DOVECOT);
        return TranscriptRuns.run(List.of(
                        new TranscriptRuns.Folder("transcripts/managesieve", PERDITION.host(), PERDITION.port())),
                () -> "perdition: " + String.join(" ", PERDITION.command()) + "\nperdition log:\n" + PERDITION.log());
    }
}
