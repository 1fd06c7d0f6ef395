package org.perditioncamel.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The same bytes cut three ways for the fuzz targets' split property: whole, one byte at a time (a cut at every
 * position) and chunks whose sizes follow from the bytes themselves, so a replayed input always cuts the same way.
 */
public final class Splits {
    private Splits() {
    }

    public static List<List<byte[]>> of(byte[] data) {
        return List.of(List.of(data), bytewise(data), chunked(data));
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
            int size = 1 + ((seed >>> 16) & 0x3f);
            int end = Math.min(data.length, pos + size);
            out.add(Arrays.copyOfRange(data, pos, end));
            pos = end;
        }
        return out;
    }
}
