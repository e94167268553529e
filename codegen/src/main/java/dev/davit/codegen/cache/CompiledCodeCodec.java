package dev.davit.codegen.cache;

import dev.davit.codegen.buffer.MachBufferFinalized;
import dev.davit.codegen.buffer.RelocKind;
import dev.davit.codegen.machinst.CompiledCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The binary form of a cache entry: one {@link CompiledCode} (compiled stencil, before fixups) and
 * the key it was stored under.
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "DVCE"
 *      4     2  format version (big-endian), {@link #FORMAT_VERSION}
 *      6     2  reserved, zero
 *      8    32  the {@link CacheKey} of the entry
 *     40     4  body length N (big-endian)
 *     44     N  body: sections, each  tag:u8  length:uvar  payload
 *   44+N     4  CRC32C of bytes [0, 44+N) (big-endian)
 * </pre>
 *
 * Sections appear once each, in tag order (a changed layout is a new format version, never a
 * tolerated variation). Integers inside are LEB128 varints, {@code svar} zig-zag for signed ones.
 * <ol>
 *   <li>META: svar frameSize, svar numSpillSlots, uvar codeSize, uvar compile time in ns (what a
 *       hit saves)</li>
 *   <li>CODE: the bytes, code then constant pool</li>
 *   <li>LABELS: uvar count, then svar offset each (-1: never bound)</li>
 *   <li>TRAPS: uvar count, then uvar offset, svar code</li>
 *   <li>RELOCS: uvar count, then uvar offset, uvar {@link RelocKind} ordinal, svar name
 *       ({@code UserExternalNameRef}), svar addend</li>
 *   <li>SRCLOCS: uvar count, then uvar start, uvar end, svar location relative to the base</li>
 *   <li>CALLSITES: uvar count, then uvar return offset, svar info</li>
 *   <li>VCODE: u8 present, then the UTF-8 text if present</li>
 * </ol>
 *
 * <p>{@link #decode} trusts nothing: it checks the checksum, the key, every length against what is
 * left, every offset against the code size, and returns null (a miss) for anything off, never an
 * exception or a partly read entry.
 */
public final class CompiledCodeCodec {
    public static final int FORMAT_VERSION = 1;

    static final int HEADER = 44;
    private static final int TRAILER = 4;
    private static final byte[] MAGIC = {'D', 'V', 'C', 'E'};
    private static final int T_META = 1, T_CODE = 2, T_LABELS = 3, T_TRAPS = 4, T_RELOCS = 5, T_SRCLOCS = 6,
            T_CALLSITES = 7, T_VCODE = 8;
    private static final int RELOC_KINDS = RelocKind.values().length;

    private CompiledCodeCodec() {}

    /** Encodes {@code code}, stored under {@code key}; {@code compileNanos} is what a hit will save. */
    public static byte[] encode(CacheKey key, CompiledCode code, long compileNanos) {
        MachBufferFinalized b = code.buffer();
        byte[] bytes = b.bytes();
        Out o = new Out(HEADER + bytes.length + 64 + 16 * (b.relocCount() + b.trapCount() + b.srclocCount()
                + b.callSiteCount()) + 4 * b.labelCount());
        o.raw(MAGIC);
        o.u16(FORMAT_VERSION);
        o.u16(0);
        o.ensure(CacheKey.SIZE);
        key.writeTo(o.buf, o.len);
        o.len += CacheKey.SIZE;
        o.u32(0); // body length, patched below

        Out s = new Out(64);
        s.svar(code.frameSize());
        s.svar(code.numSpillSlots());
        s.uvar(b.codeSize());
        s.uvar(Math.max(0, compileNanos));
        o.section(T_META, s);

        o.byte1(T_CODE);
        o.uvar(bytes.length);
        o.raw(bytes);

        s.len = 0;
        int n = b.labelCount();
        s.uvar(n);
        for (int i = 0; i < n; i++) s.svar(b.labelOffset(i));
        o.section(T_LABELS, s);

        s.len = 0;
        n = b.trapCount();
        s.uvar(n);
        for (int i = 0; i < n; i++) {
            MachBufferFinalized.Trap t = b.trap(i);
            s.uvar(t.offset());
            s.svar(t.code());
        }
        o.section(T_TRAPS, s);

        s.len = 0;
        n = b.relocCount();
        s.uvar(n);
        for (int i = 0; i < n; i++) {
            MachBufferFinalized.Reloc r = b.reloc(i);
            s.uvar(r.offset());
            s.uvar(r.kind().ordinal());
            s.svar(r.name());
            s.svar(r.addend());
        }
        o.section(T_RELOCS, s);

        s.len = 0;
        n = b.srclocCount();
        s.uvar(n);
        for (int i = 0; i < n; i++) {
            MachBufferFinalized.SrclocRange r = b.srcloc(i);
            s.uvar(r.start());
            s.uvar(r.end());
            s.svar(r.srcloc());
        }
        o.section(T_SRCLOCS, s);

        s.len = 0;
        n = b.callSiteCount();
        s.uvar(n);
        for (int i = 0; i < n; i++) {
            MachBufferFinalized.CallSite c = b.callSite(i);
            s.uvar(c.returnOffset());
            s.svar(c.info());
        }
        o.section(T_CALLSITES, s);

        s.len = 0;
        if (code.vcode() == null) {
            s.byte1(0);
        } else {
            s.byte1(1);
            s.raw(code.vcode().getBytes(StandardCharsets.UTF_8));
        }
        o.section(T_VCODE, s);

        int body = o.len - HEADER;
        putU32(o.buf, HEADER - 4, body);
        CRC32C crc = new CRC32C();
        crc.update(o.buf, 0, o.len);
        o.u32((int) crc.getValue());
        return Arrays.copyOf(o.buf, o.len);
    }

    /** A decoded entry: the compiled stencil and what compiling it cost when it was stored. */
    public record Entry(CompiledCode code, long compileNanos) {}

    /**
     * Decodes an entry stored under {@code key}; null if {@code data} is not exactly a well-formed
     * entry of this format version for this key.
     */
    public static Entry decode(byte[] data, CacheKey key) { return decode(data, key, true); }

    /**
     * As {@link #decode(byte[], CacheKey)}; without {@code vcode} the VCode text is checked for form
     * but not decoded, and the entry has none (what a compile without VCode gives). {@code data} is
     * only read, and nothing decoded shares it.
     */
    public static Entry decode(byte[] data, CacheKey key, boolean vcode) {
        if (data == null) return null;
        try {
            return decodeChecked(data, key, vcode);
        } catch (RuntimeException e) {
            // The reader bounds-checks everything; this is the backstop that keeps a miss a miss.
            return null;
        }
    }

    private static Entry decodeChecked(byte[] d, CacheKey key, boolean wantVCode) {
        if (d.length < HEADER + TRAILER) return null;
        if (d[0] != MAGIC[0] || d[1] != MAGIC[1] || d[2] != MAGIC[2] || d[3] != MAGIC[3]) return null;
        if (getU16(d, 4) != FORMAT_VERSION || getU16(d, 6) != 0) return null;
        if (!key.matches(d, 8)) return null;
        long body = getU32(d, 40) & 0xFFFF_FFFFL;
        if (body != d.length - HEADER - TRAILER) return null;
        CRC32C crc = new CRC32C();
        crc.update(d, 0, d.length - TRAILER);
        if ((int) crc.getValue() != getU32(d, d.length - TRAILER)) return null;

        In in = new In(d, HEADER, d.length - TRAILER);

        int end = in.section(T_META);
        if (end < 0) return null;
        int frameSize = in.svarInt();
        int numSpill = in.svarInt();
        int codeSize = in.uvarInt();
        long compileNanos = in.uvar();
        if (!in.ok || in.pos != end || compileNanos < 0) return null;

        end = in.section(T_CODE);
        if (end < 0) return null;
        int size = end - in.pos;
        if (codeSize > size) return null;
        byte[] bytes = Arrays.copyOfRange(d, in.pos, end);
        in.pos = end;

        end = in.section(T_LABELS);
        if (end < 0) return null;
        int n = in.count(end, 1);
        int[] labels = ints(n);
        for (int i = 0; i < n; i++) {
            int v = in.svarInt();
            if (v < -1 || v > size) return null;
            labels[i] = v;
        }
        if (n < 0 || !in.ok || in.pos != end) return null;

        end = in.section(T_TRAPS);
        if (end < 0) return null;
        n = in.count(end, 2);
        int[] trapOffsets = ints(n), trapCodes = ints(n);
        for (int i = 0; i < n; i++) {
            trapOffsets[i] = in.offset(size);
            trapCodes[i] = in.svarInt();
        }
        if (n < 0 || !in.ok || in.pos != end) return null;

        end = in.section(T_RELOCS);
        if (end < 0) return null;
        n = in.count(end, 4);
        int[] relocOffsets = ints(n), relocKinds = ints(n), relocNames = ints(n);
        long[] relocAddends = n > 0 ? new long[n] : NO_LONGS;
        for (int i = 0; i < n; i++) {
            relocOffsets[i] = in.offset(size);
            int k = in.uvarInt();
            if (k >= RELOC_KINDS) return null;
            relocKinds[i] = k;
            relocNames[i] = in.svarInt();
            relocAddends[i] = in.svar();
        }
        if (n < 0 || !in.ok || in.pos != end) return null;

        end = in.section(T_SRCLOCS);
        if (end < 0) return null;
        n = in.count(end, 3);
        int[] srcStarts = ints(n), srcEnds = ints(n), srcLocs = ints(n);
        for (int i = 0; i < n; i++) {
            srcStarts[i] = in.offset(size);
            srcEnds[i] = in.offset(size);
            srcLocs[i] = in.svarInt();
            if (srcEnds[i] < srcStarts[i]) return null;
        }
        if (n < 0 || !in.ok || in.pos != end) return null;

        end = in.section(T_CALLSITES);
        if (end < 0) return null;
        n = in.count(end, 2);
        int[] callOffsets = ints(n), callInfos = ints(n);
        for (int i = 0; i < n; i++) {
            callOffsets[i] = in.offset(size);
            callInfos[i] = in.svarInt();
        }
        if (n < 0 || !in.ok || in.pos != end) return null;

        end = in.section(T_VCODE);
        if (end < 0 || end == in.pos) return null;
        String vcode;
        int present = d[in.pos++];
        if (present == 0) {
            if (in.pos != end) return null;
            vcode = null;
        } else if (present == 1) {
            vcode = wantVCode ? new String(d, in.pos, end - in.pos, StandardCharsets.UTF_8) : null;
            in.pos = end;
        } else {
            return null;
        }
        if (in.pos != d.length - TRAILER) return null;

        // Every array above is this decode's own: handed over, not copied again.
        MachBufferFinalized buf = MachBufferFinalized.ofOwned(bytes, codeSize, labels, trapOffsets, trapCodes,
                relocOffsets, relocKinds, relocNames, relocAddends, srcStarts, srcEnds, srcLocs, callOffsets, callInfos);
        return new Entry(new CompiledCode(buf, frameSize, vcode, numSpill), compileNanos);
    }

    // ------------------------------------------------------------------ primitives

    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];

    /** A table of {@code n} ints; the shared empty one (immutable, having no elements) for none. */
    private static int[] ints(int n) { return n > 0 ? new int[n] : NO_INTS; }

    static int getU16(byte[] b, int off) { return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF); }

    static int getU32(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    static void putU32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** A growable byte sink. */
    private static final class Out {
        byte[] buf;
        int len;

        Out(int cap) { buf = new byte[Math.max(cap, 16)]; }

        void ensure(int n) {
            if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }

        void byte1(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        void u16(int v) { byte1(v >>> 8); byte1(v); }

        void u32(int v) {
            ensure(4);
            putU32(buf, len, v);
            len += 4;
        }

        void raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void uvar(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }

        void svar(long v) { uvar((v << 1) ^ (v >> 63)); }

        void section(int tag, Out s) {
            byte1(tag);
            uvar(s.len);
            ensure(s.len);
            System.arraycopy(s.buf, 0, buf, len, s.len);
            len += s.len;
        }
    }

    /**
     * A bounds-checked reader over {@code [pos, limit)}. Reads past the end or malformed varints
     * clear {@link #ok} and return 0 rather than throwing, so the decoder checks once per section.
     */
    private static final class In {
        final byte[] d;
        int pos;
        final int limit;
        boolean ok = true;

        In(byte[] d, int pos, int limit) {
            this.d = d;
            this.pos = pos;
            this.limit = limit;
        }

        long uvar() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= limit) {
                    ok = false;
                    return 0;
                }
                int b = d[pos++];
                if (shift == 63 && (b & 0x7E) != 0) break; // more than 64 bits
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return v;
            }
            ok = false;
            return 0;
        }

        long svar() {
            long u = uvar();
            return (u >>> 1) ^ -(u & 1);
        }

        int uvarInt() {
            long v = uvar();
            if (v < 0 || v > Integer.MAX_VALUE) {
                ok = false;
                return 0;
            }
            return (int) v;
        }

        int svarInt() {
            long v = svar();
            if (v != (int) v) {
                ok = false;
                return 0;
            }
            return (int) v;
        }

        /** An offset into code of {@code size} bytes. */
        int offset(int size) {
            int v = uvarInt();
            if (v > size) ok = false;
            return v;
        }

        /**
         * Reads the header of section {@code tag}; returns where its payload ends, or -1 if the next
         * section is not {@code tag} or does not fit.
         */
        int section(int tag) {
            if (!ok || pos >= limit || d[pos] != tag) return -1;
            pos++;
            int n = uvarInt();
            if (!ok || n > limit - pos) return -1;
            return pos + n;
        }

        /**
         * An element count whose elements take at least {@code minBytes} each: a count that cannot
         * fit in what is left is refused before anything is allocated for it. -1 when refused.
         */
        int count(int end, int minBytes) {
            int n = uvarInt();
            if (!ok || (long) n * minBytes > end - pos) {
                ok = false;
                return -1;
            }
            return n;
        }
    }
}
