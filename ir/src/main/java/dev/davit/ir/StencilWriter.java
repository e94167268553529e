package dev.davit.ir;

import java.io.ByteArrayOutputStream;
import org.bouncycastle.crypto.digests.SHA256Digest;

/** Canonical serialization of a {@link FunctionStencil} (implementation in progress). */
final class StencilWriter {
    private StencilWriter() {}

    static byte[] canonicalBytes(FunctionStencil s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return out.toByteArray();
    }

    static byte[] sha256(byte[] data) {
        SHA256Digest d = new SHA256Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
