package org.perditioncamel.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The same bytes cut several ways for the fuzz targets' split property: whole; in chunks of 1 to 32 bytes whose sizes
 * follow from a hash of the bytes (so every mutation the fuzzer makes cuts differently, and a replayed input always
 * cuts the same way); and one byte at a time (a cut at every position) for inputs of at most {@link #BYTEWISE_MAX} bytes, or for
 * any input when the committed inputs are replayed. A longer input is not fed byte by byte: that made each execution cost a read per byte, and 10 million
 * executions out of reach; its cuts come from the many mutations of it the fuzzer runs.
 */
public final class Splits {
    public static final int BYTEWISE_MAX = 64;
    /** Fuzzing (fuzz/run-fuzzers), not replaying the committed inputs in mvn test, where every input gets every cut. */
    public static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null;

    private Splits() {
    }

    public static List<List<byte[]>> of(byte[] data) {
        return data.length <= BYTEWISE_MAX || !FUZZING ? List.of(List.of(data), chunked(data), bytewise(data))
                : List.of(List.of(data), chunked(data));
    }

    static List<byte[]> bytewise(byte[] data) {
        List<byte[]> out = new ArrayList<>(data.length);
        for (int i = 0; i < data.length; i++) {
            out.add(new byte[] {data[i]});
        }
        return out;
    }

    static List<byte[]> chunked(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int seed = Arrays.hashCode(data);
        int pos = 0;
        while (pos < data.length) {
            seed = seed * 1103515245 + 12345;
            int size = 1 + ((seed >>> 16) & 0x1f);
            int end = Math.min(data.length, pos + size);
            out.add(Arrays.copyOfRange(data, pos, end));
            pos = end;
        }
        return out;
    }
}
