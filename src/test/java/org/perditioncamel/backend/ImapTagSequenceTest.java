package org.perditioncamel.backend;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** perdition's flim07, flim08, … tags in base 62 (reference §7.2). */
class ImapTagSequenceTest {

    private static List<String> first(int n) {
        ImapTagSequence tags = new ImapTagSequence();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(tags.next());
        }
        return out;
    }

    @Test
    void tagsShouldStartAtFlim07AndCountInBase62() {
        List<String> tags = first(200);
        assertThat(tags.subList(0, 5)).containsExactly("flim07", "flim08", "flim09", "flim0a", "flim0b");
        assertThat(tags).contains("flim0z", "flim0A", "flim0Z", "flim10");
        assertThat(tags.get(tags.indexOf("flim0z") + 1)).isEqualTo("flim0A");
        assertThat(tags.get(tags.indexOf("flim0Z") + 1)).isEqualTo("flim10");
        assertThat(tags).doesNotHaveDuplicates();
    }

    @Test
    void tagsShouldGrowRatherThanWrapAfterFlimZZ() {
        List<String> tags = first(62 * 62 - 7 + 1);
        assertThat(tags.get(tags.size() - 2)).isEqualTo("flimZZ");
        assertThat(tags.get(tags.size() - 1)).isEqualTo("flim100");
    }
}
