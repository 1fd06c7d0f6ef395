package org.perditioncamel.it;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every IMAP4 transcript in {@code transcripts/imap4} is what the real perdition 2.2 answers, in front of Dovecot. */
class PerditionReferenceImapTranscriptIT {

    @RegisterExtension
    @Order(1)
    static final DovecotServer DOVECOT = new DovecotServer();

    @RegisterExtension
    @Order(2)
    static final PerditionReference PERDITION = PerditionReference.imap4(DOVECOT);

    @TestFactory
    Stream<DynamicTest> imap4TranscriptsShouldMatchRealPerdition() throws InterruptedException {
        TranscriptRuns.warmUp(DOVECOT);
        return TranscriptRuns.run(List.of(new TranscriptRuns.Folder("transcripts/imap4", PERDITION.host(), PERDITION.port())),
                () -> "perdition: " + String.join(" ", PERDITION.command()) + "\nperdition log:\n" + PERDITION.log());
    }
}
