package dev.davit.jit;

import dev.davit.codegen.buffer.RelocKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Relocation arithmetic on plain buffers: runs on every host, AArch64 kinds included. */
class RelocationsTest {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static MemorySegment buffer(int insnAt, int insn) {
        MemorySegment seg = Arena.ofAuto().allocate(64);
        seg.set(I32, insnAt, insn);
        return seg;
    }

    @Test
    void arm64CallForwardAndBackward() {
        MemorySegment seg = buffer(0x10, 0x9400_0000);                       // bl .
        Relocations.patch(seg, 0x10000, 0x10, RelocKind.Arm64Call, 0x10100);
        assertEquals(0x9400_003c, seg.get(I32, 0x10));                      // bl .+0xf0
        seg.set(I32, 0x10, 0x1400_0000);                                   // b .
        Relocations.patch(seg, 0x10000, 0x10, RelocKind.Arm64Call, 0x1000c);
        assertEquals(0x17ff_ffff, seg.get(I32, 0x10));                      // b .-4
        assertThrows(JitException.class, () -> Relocations.patch(seg, 0x10000, 0x10, RelocKind.Arm64Call, 0x10000 + (1L << 27) + 0x10));
        assertThrows(JitException.class, () -> Relocations.patch(seg, 0x10000, 0x10, RelocKind.Arm64Call, 0x10102));
    }

    @Test
    void aarch64PageAndLow12() {
        MemorySegment seg = buffer(0, 0x9000_0000);                          // adrp x0, .
        Relocations.patch(seg, 0x12345678, 0, RelocKind.Aarch64AdrPrelPgHi21, 0x12345678 + 0x3000);
        assertEquals(0xf000_0000, seg.get(I32, 0));                          // 3 pages: immlo = 3
        seg.set(I32, 0, 0x9000_0000);
        Relocations.patch(seg, 0x12345678, 0, RelocKind.Aarch64AdrPrelPgHi21, 0x12345678 + 0x4000);
        assertEquals(0x9000_0020, seg.get(I32, 0));                          // 4 pages: immhi = 1
        seg.set(I32, 0, 0x9000_0000);
        Relocations.patch(seg, 0x12345678, 0, RelocKind.Aarch64AdrPrelPgHi21, 0x12345678 - 0x1000);
        assertEquals(0xf0ff_ffe0, seg.get(I32, 0));                          // -1 page
        seg.set(I32, 4, 0x9100_0000);                                        // add x0, x0, #0
        Relocations.patch(seg, 0x12345678, 4, RelocKind.Aarch64AddAbsLo12Nc, 0xabcdef678L);
        assertEquals(0x9119_e000, seg.get(I32, 4));                          // add x0, x0, #0x678
    }

    @Test
    void x86KindsAndRanges() {
        MemorySegment seg = buffer(0, 0);
        Relocations.patch(seg, 0x7000_0000_0000L, 4, RelocKind.X86PCRel4, 0x7000_0000_0000L + 4 - 100);
        assertEquals(-100, seg.get(I32, 4));
        Relocations.patch(seg, 0, 8, RelocKind.Abs8, 0x1122_3344_5566_7788L);
        assertEquals(0x1122_3344_5566_7788L, seg.get(I64, 8));
        Relocations.patch(seg, 0, 16, RelocKind.Abs4, 0xffff_fff0L);
        assertEquals(0xffff_fff0, seg.get(I32, 16));
        assertThrows(JitException.class, () -> Relocations.patch(seg, 0, 16, RelocKind.Abs4, 1L << 33));
        assertThrows(JitException.class, () -> Relocations.patch(seg, 0, 0, RelocKind.X86CallPCRel4, 1L << 31));
        assertEquals(false, Relocations.inRange(RelocKind.X86CallPCRel4, 0x7f00_0000_0000L, 0x1000));
    }

    @Test
    void arm64Veneer() {
        MemorySegment seg = buffer(0, 0);
        Relocations.writeVeneer(seg, 16, RelocKind.Arm64Call, 0xdead_beef_cafeL);
        assertEquals(0x5800_0050, seg.get(I32, 16));                         // ldr x16, #8
        assertEquals(0xd61f_0200, seg.get(I32, 20));                         // br x16
        assertEquals(0xdead_beef_cafeL, seg.get(I64, 24));
    }

    @Property
    void arm64CallEncodesAnyReachableWordOffset(@ForAll @IntRange(min = -(1 << 25), max = (1 << 25) - 1) int words,
                                                @ForAll boolean link) {
        int opcode = link ? 0x9400_0000 : 0x1400_0000;
        MemorySegment seg = buffer(0, opcode);
        long place = 0x4000_0000L;
        Relocations.patch(seg, place, 0, RelocKind.Arm64Call, place + 4L * words);
        int insn = seg.get(I32, 0);
        assertEquals(opcode, insn & 0xfc00_0000);
        assertEquals(words, (insn << 6) >> 6);
    }

    @Property
    void x86PcRelativeStoresTheDistance(@ForAll int distance, @ForAll @IntRange(min = 0, max = 60) int offset) {
        MemorySegment seg = buffer(0, 0);
        long base = 0x5555_0000_0000L;
        Relocations.patch(seg, base, offset, RelocKind.X86CallPCRel4, base + offset + distance);
        assertEquals(distance, seg.get(I32, offset));
    }
}
