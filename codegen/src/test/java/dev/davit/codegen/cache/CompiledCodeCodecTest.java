package dev.davit.codegen.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.buffer.RelocKind;
import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import java.util.Arrays;
import java.util.zip.CRC32C;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CompiledCodeCodecTest {
    private static final CacheKey KEY = CacheKey.fromBytes(new byte[32]);

    /** Code using every side table, with a constant pool and an unbound label. */
    static CompiledCode rich(String vcode) {
        MachBuffer b = new MachBuffer(false);
        int l0 = b.getLabel();
        b.getLabel(); // never bound
        b.bindLabel(l0);
        b.startSrcloc(-5);
        b.put1(0x90);
        b.addTrap(3);
        b.put2(0x0B0F);
        b.endSrcloc();
        b.startSrcloc(0x40);
        b.put1(0xE8);
        b.addReloc(RelocKind.X86CallPCRel4, 2, -4);
        b.put4(0);
        b.addCallSite(-77);
        b.addReloc(RelocKind.Abs8, -3, Long.MIN_VALUE);
        b.put8(0);
        b.endSrcloc();
        b.addConstant(0x1122334455667788L, 8);
        return new CompiledCode(b.finish(), 48, vcode, 3);
    }

    static byte[] entry() { return CompiledCodeCodec.encode(KEY, rich("v1 = iadd v0, v0\n"), 12345); }

    @Test
    void roundTripFieldForField() throws TargetIsa.CompileError {
        for (CompiledCode c : new CompiledCode[] {rich(null), rich("vcode ü\n"),
                new SyntheticIsa().compile(Fixtures.calls(), true)}) {
            byte[] e = CompiledCodeCodec.encode(KEY, c, 99);
            CompiledCodeCodec.Entry d = CompiledCodeCodec.decode(e, KEY);
            assertNotNull(d);
            assertEquals(99, d.compileNanos());
            assertEquals(null, CodeComparison.firstDifference(c, d.code()));
        }
    }

    @Test
    void decodeWithoutVCodeSkipsOnlyTheText() {
        byte[] e = entry();
        byte[] before = e.clone();
        CompiledCodeCodec.Entry with = CompiledCodeCodec.decode(e, KEY, true);
        CompiledCodeCodec.Entry without = CompiledCodeCodec.decode(e, KEY, false);
        assertEquals("v1 = iadd v0, v0\n", with.code().vcode());
        assertNull(without.code().vcode());
        assertNull(CodeComparison.firstDifference(rich(null), without.code()));
        assertArrayEquals(before, e, "decoding only reads the entry");
        // Nothing decoded shares the entry's array: changing it afterwards changes no decoded code.
        byte[] code = without.code().bytes();
        Arrays.fill(e, (byte) 0x5A);
        assertArrayEquals(code, without.code().bytes());
        // A damaged text flag is a miss either way.
        byte[] bad = entry();
        int flag = bad.length - 4 - "v1 = iadd v0, v0\n".length() - 1;
        assertEquals(1, bad[flag]);
        bad[flag] = 2;
        fixCrc(bad);
        assertNull(CompiledCodeCodec.decode(bad, KEY, false));
        assertNull(CompiledCodeCodec.decode(bad, KEY, true));
    }

    @Test
    void everyTruncationIsAMiss() {
        byte[] e = entry();
        for (int n = 0; n < e.length; n++) assertNull(CompiledCodeCodec.decode(Arrays.copyOf(e, n), KEY), "length " + n);
        byte[] longer = Arrays.copyOf(e, e.length + 1);
        assertNull(CompiledCodeCodec.decode(longer, KEY));
    }

    @Test
    void everyBitFlipIsAMiss() {
        byte[] e = entry();
        for (int bit = 0; bit < e.length * 8; bit++) {
            byte[] c = e.clone();
            c[bit >> 3] ^= (byte) (1 << (bit & 7));
            assertNull(CompiledCodeCodec.decode(c, KEY), "bit " + bit);
        }
    }

    @Test
    void wrongKeyOrVersionIsAMiss() {
        byte[] e = entry();
        byte[] other = new byte[32];
        other[31] = 1;
        assertNull(CompiledCodeCodec.decode(e, CacheKey.fromBytes(other)));
        byte[] v2 = e.clone();
        v2[5] = 2;
        fixCrc(v2);
        assertNull(CompiledCodeCodec.decode(v2, KEY));
        assertNull(CompiledCodeCodec.decode(null, KEY));
        assertNull(CompiledCodeCodec.decode(new byte[0], KEY));
    }

    static void fixCrc(byte[] e) {
        CRC32C crc = new CRC32C();
        crc.update(e, 0, e.length - 4);
        CompiledCodeCodec.putU32(e, e.length - 4, (int) crc.getValue());
    }

    /**
     * Damage that the checksum does not catch (the checksum recomputed after it) must still give a
     * miss or a well-formed entry, never an exception: the structural checks stand on their own.
     */
    @Property(tries = 2000)
    void damagedBodyWithValidChecksumNeverThrows(@ForAll @IntRange(min = 44, max = 10_000) int pos,
                                                 @ForAll byte value, @ForAll @IntRange(min = 0, max = 3) int cut) {
        byte[] e = entry();
        int p = 44 + pos % (e.length - 48);
        e[p] = value;
        if (cut > 0) {
            e = Arrays.copyOf(e, e.length - cut);
            CompiledCodeCodec.putU32(e, 40, e.length - 48);
        }
        fixCrc(e);
        CompiledCodeCodec.Entry d = CompiledCodeCodec.decode(e, KEY);
        if (d != null) assertTrue(d.code().buffer().codeSize() <= d.code().buffer().totalSize());
    }

    @Property(tries = 500)
    void randomBytesAreMisses(@ForAll @Size(max = 300) byte[] junk) {
        assertNull(CompiledCodeCodec.decode(junk, KEY));
    }
}
