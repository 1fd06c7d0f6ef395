package org.perditioncamel.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Just enough DER to wrap PKCS#1 and SEC1 keys in PKCS#8, which is the only key format the JDK reads. */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    static final int CONTEXT_0 = 0xa0;

    /** rsaEncryption, 1.2.840.113549.1.1.1 */
    static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
        0x01, 0x01, 0x01};
    /** id-ecPublicKey, 1.2.840.10045.2.1 */
    static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Der() {
    }

    static byte[] tlv(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            body.writeBytes(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = body.size();
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** PrivateKeyInfo (RFC 5208) around a PKCS#1 RSAPrivateKey. */
    static byte[] pkcs8FromPkcs1(byte[] pkcs1) {
        return tlv(SEQUENCE, new byte[] {INTEGER, 1, 0}, tlv(SEQUENCE, RSA_ENCRYPTION, new byte[] {NULL, 0}),
                tlv(OCTET_STRING, pkcs1));
    }

    /** PrivateKeyInfo around a SEC1 ECPrivateKey, whose [0] parameters name the curve. */
    static byte[] pkcs8FromSec1(byte[] sec1) {
        return tlv(SEQUENCE, new byte[] {INTEGER, 1, 0}, tlv(SEQUENCE, EC_PUBLIC_KEY, curveOf(sec1)),
                tlv(OCTET_STRING, sec1));
    }

    /** The curve OID (whole TLV) from ECPrivateKey ::= SEQUENCE { version, privateKey, [0] parameters, … }. */
    private static byte[] curveOf(byte[] sec1) {
        Reader outer = new Reader(sec1, 0);
        Reader seq = outer.enter(SEQUENCE);
        while (seq.hasMore()) {
            int tag = seq.peekTag();
            if (tag == CONTEXT_0) {
                Reader params = seq.enter(CONTEXT_0);
                if (params.peekTag() == OID) {
                    return params.whole();
                }
                break;
            }
            seq.skip();
        }
        throw new IllegalArgumentException("EC private key without a named curve");
    }

    /** Walks one level of TLVs. */
    private static final class Reader {
        private final byte[] data;
        private int pos;
        private final int end;

        Reader(byte[] data, int pos) {
            this(data, pos, data.length);
        }

        private Reader(byte[] data, int pos, int end) {
            this.data = data;
            this.pos = pos;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        int peekTag() {
            check(pos < end);
            return data[pos] & 0xff;
        }

        /** The next element's contents; the reader moves past it. */
        Reader enter(int tag) {
            check(peekTag() == tag);
            int[] header = header();
            Reader inner = new Reader(data, header[0], header[0] + header[1]);
            pos = header[0] + header[1];
            return inner;
        }

        void skip() {
            int[] header = header();
            pos = header[0] + header[1];
        }

        /** The next element including tag and length. */
        byte[] whole() {
            int start = pos;
            int[] header = header();
            return Arrays.copyOfRange(data, start, header[0] + header[1]);
        }

        /** {contents offset, contents length} of the element at pos. */
        private int[] header() {
            int p = pos + 1;
            check(p < end);
            int length = data[p++] & 0xff;
            if (length >= 0x80) {
                int bytes = length & 0x7f;
                check(bytes >= 1 && bytes <= 3 && p + bytes <= end);
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (data[p++] & 0xff);
                }
            }
            check(p + length <= end);
            return new int[] {p, length};
        }

        private static void check(boolean ok) {
            if (!ok) {
                throw new IllegalArgumentException("malformed DER in private key");
            }
        }
    }
}
