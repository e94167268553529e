package dev.davit.lower.aarch64.inst;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The bitmask-immediate encoder against a brute-force enumeration of every bitmask immediate, and
 * the move-wide sequences against their meaning.
 */
class AArch64ImmediatesTest {
    private static final AArch64Size S32 = AArch64Size.S32, S64 = AArch64Size.S64;

    /** Encoding (N:immr:imms) of every bitmask immediate, built from the definition, not the decoder. */
    private static final Map<Long, Integer> ALL64 = enumerate(S64);
    private static final Map<Long, Integer> ALL32 = enumerate(S32);

    /**
     * A run of {@code len} ones (1..e-1) rotated right by {@code rot} within an element of {@code e}
     * bits, replicated: N = 1 only for e = 64, imms = element-size marker | len-1, immr = rot.
     */
    private static Map<Long, Integer> enumerate(AArch64Size size) {
        Map<Long, Integer> out = new HashMap<>();
        for (int e = 2; e <= size.bits(); e *= 2) {
            long emask = e == 64 ? -1L : (1L << e) - 1;
            for (int len = 1; len < e; len++) {
                long run = (1L << len) - 1;
                for (int rot = 0; rot < e; rot++) {
                    long elt = rot == 0 ? run : ((run >>> rot) | (run << (e - rot))) & emask;
                    long v = 0;
                    for (int i = 0; i < size.bits(); i += e) {
                        v |= elt << i;
                    }
                    int n = e == 64 ? 1 : 0;
                    int marker = (0x3F << 1 & ~(2 * e - 1)) & 0x3F;
                    int imms = marker | (len - 1);
                    Integer prev = out.put(v, n << 12 | rot << 6 | imms);
                    assertNull(prev, "two encodings for " + Long.toHexString(v));
                }
            }
        }
        return out;
    }

    /** Decodes N:immr:imms by trying every element size, run length and rotation. */
    private static long bruteDecode(int n, int immr, int imms, AArch64Size size) {
        for (Map.Entry<Long, Integer> e : (size == S64 ? ALL64 : ALL32).entrySet()) {
            if (e.getValue() == (n << 12 | immr << 6 | imms)) {
                return e.getKey();
            }
        }
        return 0;
    }

    @Test
    void countsMatchTheArchitecture() {
        // 5334 distinct 64-bit and 1302 distinct 32-bit bitmask immediates.
        assertEquals(5334, ALL64.size());
        assertEquals(1302, ALL32.size());
        assertEquals(ALL64.keySet(), new java.util.HashSet<>(AArch64EncodingTest.allBitmasks(S64)));
        assertEquals(ALL32.keySet(), new java.util.HashSet<>(AArch64EncodingTest.allBitmasks(S32)));
    }

    @Test
    void everyBitmaskRoundTrips() {
        for (AArch64Size size : AArch64Size.values()) {
            for (Map.Entry<Long, Integer> e : (size == S64 ? ALL64 : ALL32).entrySet()) {
                AArch64ImmLogic i = AArch64ImmLogic.maybeFrom(e.getKey(), size);
                assertNotNull(i, Long.toHexString(e.getKey()));
                assertEquals(e.getValue(), i.bits(), Long.toHexString(e.getKey()));
                assertEquals(e.getKey(), i.value());
                assertEquals(e.getKey(), bruteDecode(i.n(), i.immr(), i.imms(), size));
            }
        }
    }

    @Test
    void edgeCases() {
        assertNull(AArch64ImmLogic.maybeFrom(0, S64));
        assertNull(AArch64ImmLogic.maybeFrom(-1, S64));
        assertNull(AArch64ImmLogic.maybeFrom(0, S32));
        assertNull(AArch64ImmLogic.maybeFrom(0xFFFF_FFFFL, S32));
        assertNull(AArch64ImmLogic.maybeFrom(-1, S32));
        assertNotNull(AArch64ImmLogic.maybeFrom(0xFFFF_FFFFL, S64));
        assertNull(AArch64ImmLogic.maybeFrom(0x1234, S64));
        assertNull(AArch64ImmLogic.maybeFrom(0x5, S64));
        assertNotNull(AArch64ImmLogic.maybeFrom(0x5555_5555_5555_5555L, S64));
        assertNotNull(AArch64ImmLogic.maybeFrom(0x8000_0000_0000_0001L, S64));
        // Upper bits beyond 32 are ignored at 32 bits: -2 is 0xFFFFFFFE there.
        assertEquals(0xFFFF_FFFEL, AArch64ImmLogic.maybeFrom(-2, S32).value());
        // 32-bit patterns with a period of 32 are not 64-bit immediates unless replicated.
        assertNull(AArch64ImmLogic.maybeFrom(0x0000_0000_0000_FF00L | 0x1_0000_0000L, S64));
        assertNotNull(AArch64ImmLogic.maybeFrom(0x0000_FF00_0000_FF00L, S64));
        assertThrows(IllegalArgumentException.class, () -> new AArch64ImmLogic(0x1234, 1, 0, 0, S64));
    }

    @Property(tries = 3000)
    void encodableIffBitmask(@ForAll("nearBitmasks") long v) {
        for (AArch64Size size : AArch64Size.values()) {
            long m = size.mask(v);
            boolean expected = (size == S64 ? ALL64 : ALL32).containsKey(m);
            AArch64ImmLogic i = AArch64ImmLogic.maybeFrom(v, size);
            assertEquals(expected, i != null, Long.toHexString(m) + " at " + size);
            if (i != null) {
                assertEquals(m, AArch64ImmLogic.decode(i.n(), i.immr(), i.imms(), size));
                assertEquals(m, bruteDecode(i.n(), i.immr(), i.imms(), size));
            }
        }
    }

    @Property(tries = 2000)
    void anyLong(@ForAll long v) {
        for (AArch64Size size : AArch64Size.values()) {
            assertEquals((size == S64 ? ALL64 : ALL32).containsKey(size.mask(v)), AArch64ImmLogic.isEncodable(v, size));
        }
    }

    /** Bitmask immediates, half of them with one bit flipped (mostly not encodable, barely). */
    @Provide
    Arbitrary<Long> nearBitmasks() {
        List<Long> all = List.copyOf(ALL64.keySet());
        Arbitrary<Long> base = Arbitraries.of(all);
        return Combinators.combine(base, Arbitraries.integers().between(-64, 63))
                .as((b, bit) -> bit < 0 ? b : b ^ (1L << bit));
    }

    @Property(tries = 3000)
    void moveWideSequenceIsShortestAndRight(@ForAll("halfwordMixes") long v) {
        for (AArch64Size size : AArch64Size.values()) {
            List<AArch64MoveWide.Step> seq = AArch64MoveWide.sequence(v, size);
            assertEquals(size.mask(v), AArch64MoveWide.evaluate(seq, size));
            int zeros = 0;
            int ones = 0;
            for (int h = 0; h < size.bits() / 16; h++) {
                long part = (v >>> (16 * h)) & 0xFFFF;
                zeros += part == 0 ? 1 : 0;
                ones += part == 0xFFFF ? 1 : 0;
            }
            assertEquals(Math.max(1, size.bits() / 16 - Math.max(zeros, ones)), seq.size());
            assertNotEquals(AArch64MoveWide.Op.MOVK, seq.getFirst().op());
        }
    }

    @Provide
    Arbitrary<Long> halfwordMixes() {
        Arbitrary<Long> half = Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.just(0xFFFFL),
                Arbitraries.longs().between(0, 0xFFFF));
        return Combinators.combine(half, half, half, half).as((a, b, c, d) -> a | b << 16 | c << 32 | d << 48);
    }

    @Test
    void moveWideExamples() {
        assertEquals(List.of(new AArch64MoveWide.Step(AArch64MoveWide.Op.MOVZ, 0, 0)), AArch64MoveWide.sequence(0, S64));
        assertEquals(List.of(new AArch64MoveWide.Step(AArch64MoveWide.Op.MOVN, 0, 0)), AArch64MoveWide.sequence(-1, S64));
        assertEquals(List.of(new AArch64MoveWide.Step(AArch64MoveWide.Op.MOVN, 0, 0)), AArch64MoveWide.sequence(-1, S32));
        assertEquals(List.of(new AArch64MoveWide.Step(AArch64MoveWide.Op.MOVN, 0x1233, 16)),
                AArch64MoveWide.sequence(0xFFFF_FFFF_EDCC_FFFFL, S64));
        assertEquals(4, AArch64MoveWide.sequence(0x1234_5678_9ABC_DEF0L, S64).size());
        // A bitmask immediate needing several move-wides is one ORR.
        assertNotNull(AArch64Emitter.movImmAsOrr(0x5555_5555_5555_5555L, S64));
        assertNull(AArch64Emitter.movImmAsOrr(0xFF, S64));
    }

    @Test
    void imm12() {
        assertEquals(new AArch64Imm12(0xFFF, false), AArch64Imm12.maybeFrom(0xFFF));
        assertEquals(new AArch64Imm12(1, true), AArch64Imm12.maybeFrom(0x1000));
        assertNull(AArch64Imm12.maybeFrom(0x1001));
        assertNull(AArch64Imm12.maybeFrom(-1));
        assertNull(AArch64Imm12.maybeFrom(0x100_0000));
    }

    /** Every imm8 round-trips at both sizes; the values just outside its range and 0.0 do not encode. */
    @org.junit.jupiter.api.Test
    void fpImmediates() {
        int n = 0;
        for (int imm8 = 0; imm8 < 256; imm8++) {
            double v = AArch64FpImm.decode(imm8);
            assertEquals(imm8, AArch64FpImm.encode(Double.doubleToRawLongBits(v), AArch64Size.S64), () -> "f64 " + v);
            assertEquals(imm8, AArch64FpImm.encode(Float.floatToRawIntBits((float) v) & 0xFFFF_FFFFL, AArch64Size.S32), () -> "f32 " + v);
            n++;
        }
        assertEquals(256, n);
        assertEquals(0x70, AArch64FpImm.encode(Double.doubleToRawLongBits(1.0), AArch64Size.S64));
        for (double v : new double[] {0.0, -0.0, 0.1, 32.0, 0.0625, 1.0 / 3, 31.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals(-1, AArch64FpImm.encode(Double.doubleToRawLongBits(v), AArch64Size.S64), () -> "f64 " + v);
            assertEquals(-1, AArch64FpImm.encode(Float.floatToRawIntBits((float) v) & 0xFFFF_FFFFL, AArch64Size.S32), () -> "f32 " + v);
        }
        assertEquals(31.0, AArch64FpImm.decode(0x3F));
        assertEquals(0.125, AArch64FpImm.decode(0x40));
    }
}
