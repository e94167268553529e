package dev.davit.jit;

import dev.davit.codegen.buffer.RelocKind;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Patches relocated fields. Pure arithmetic on a segment plus the address that segment will run
 * at, so it can be checked on a heap buffer on any host. Both supported ISAs are little-endian.
 */
final class Relocations {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Bytes of an x86-64 veneer ({@code jmp [rip+0]; .quad S}, padded) and of an AArch64 one. */
    static final int VENEER_SIZE = 16;

    private Relocations() {}

    static int fieldSize(RelocKind kind) {
        return kind == RelocKind.Abs8 ? 8 : 4;
    }

    /** Whether {@code kind}'s field at {@code place} can reach {@code value} directly. */
    static boolean inRange(RelocKind kind, long place, long value) {
        long d = value - place;
        return switch (kind) {
            case X86PCRel4, X86CallPCRel4, X86CallPLTRel4, X86GOTPCRel4 -> d == (int) d;
            case Arm64Call -> (d & 3) == 0 && d >= -(1L << 27) && d < (1L << 27);
            case Aarch64AdrPrelPgHi21 -> {
                long pages = ((value & ~0xfffL) - (place & ~0xfffL)) >> 12;
                yield pages >= -(1L << 20) && pages < (1L << 20);
            }
            case Abs4 -> value == (int) value || value >>> 32 == 0;
            case Abs8, Aarch64AddAbsLo12Nc -> true;
        };
    }

    /**
     * Writes {@code value} (S + A, with S already the GOT slot or veneer where one is used) into the
     * field at {@code offset} of {@code seg}, whose byte 0 lives at address {@code base}.
     */
    static void patch(MemorySegment seg, long base, long offset, RelocKind kind, long value) {
        long place = base + offset;
        if (!inRange(kind, place, value))
            throw new JitException(kind + " relocation at offset " + offset + " cannot reach 0x"
                    + Long.toHexString(value) + " from 0x" + Long.toHexString(place));
        switch (kind) {
            case Abs8 -> seg.set(I64, offset, value);
            case Abs4 -> seg.set(I32, offset, (int) value);
            case X86PCRel4, X86CallPCRel4, X86CallPLTRel4, X86GOTPCRel4 -> seg.set(I32, offset, (int) (value - place));
            case Arm64Call -> {
                int insn = seg.get(I32, offset);
                int imm26 = (int) ((value - place) >> 2) & 0x03ff_ffff;
                seg.set(I32, offset, (insn & 0xfc00_0000) | imm26);
            }
            case Aarch64AdrPrelPgHi21 -> {
                int insn = seg.get(I32, offset);
                long pages = ((value & ~0xfffL) - (place & ~0xfffL)) >> 12;
                int immlo = (int) pages & 3;
                int immhi = (int) (pages >> 2) & 0x7ffff;
                seg.set(I32, offset, (insn & ~0x60ff_ffe0) | immlo << 29 | immhi << 5);
            }
            case Aarch64AddAbsLo12Nc -> {
                int insn = seg.get(I32, offset);
                seg.set(I32, offset, (insn & ~(0xfff << 10)) | ((int) value & 0xfff) << 10);
            }
        }
    }

    /** Writes at {@code offset} a veneer that jumps to absolute {@code target}, for a call of {@code kind}. */
    static void writeVeneer(MemorySegment seg, long offset, RelocKind kind, long target) {
        if (kind == RelocKind.Arm64Call) {
            seg.set(I32, offset, 0x5800_0050);      // ldr x16, #8
            seg.set(I32, offset + 4, 0xd61f_0200);  // br x16 (x16 is IP0, free for veneers by the AAPCS64)
            seg.set(I64, offset + 8, target);
        } else {
            // jmp qword ptr [rip+0]; .quad target; int3 int3 as padding
            byte[] jmp = {(byte) 0xff, 0x25, 0, 0, 0, 0};
            MemorySegment.copy(MemorySegment.ofArray(jmp), 0, seg, offset, jmp.length);
            seg.set(I64, offset + 6, target);
            seg.set(ValueLayout.JAVA_BYTE, offset + 14, (byte) 0xcc);
            seg.set(ValueLayout.JAVA_BYTE, offset + 15, (byte) 0xcc);
        }
    }
}
