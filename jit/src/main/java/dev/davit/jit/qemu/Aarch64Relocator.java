package dev.davit.jit.qemu;

import dev.davit.jit.JitException;
import dev.davit.codegen.buffer.RelocKind;

/**
 * Patches relocated fields of code placed at a known address. The arithmetic is that of
 * {@code dev.davit.jit.Relocations} (package-private there, so repeated here for the kinds an
 * AArch64 module uses); the formulas are the AArch64 ELF ABI's (ELF for the Arm 64-bit
 * Architecture, "Relocation operations": CALL26, ADR_PREL_PG_HI21, ADD_ABS_LO12_NC, ABS64, ABS32).
 * There are no veneers: the code of one module is contiguous and far smaller than a {@code bl}'s
 * ±128 MiB, and outside symbols cannot be resolved in an executable without a libc anyway.
 */
final class Aarch64Relocator {
    private Aarch64Relocator() {}

    /** Patches the field at {@code offset} of {@code code}, which runs at {@code base}, with {@code value} = S + A. */
    static void patch(byte[] code, long base, int offset, RelocKind kind, long value) {
        long place = base + offset;
        switch (kind) {
            case Arm64Call -> {
                long d = value - place;
                if ((d & 3) != 0 || d < -(1L << 27) || d >= (1L << 27))
                    throw new JitException(kind + " at offset " + offset + " cannot reach 0x" + Long.toHexString(value));
                int insn = get32(code, offset);
                put32(code, offset, (insn & 0xfc00_0000) | ((int) (d >> 2) & 0x03ff_ffff));
            }
            case Aarch64AdrPrelPgHi21 -> {
                long pages = ((value & ~0xfffL) - (place & ~0xfffL)) >> 12;
                if (pages < -(1L << 20) || pages >= (1L << 20))
                    throw new JitException(kind + " at offset " + offset + " cannot reach 0x" + Long.toHexString(value));
                int insn = get32(code, offset);
                int immlo = (int) pages & 3, immhi = (int) (pages >> 2) & 0x7ffff;
                put32(code, offset, (insn & ~0x60ff_ffe0) | immlo << 29 | immhi << 5);
            }
            case Aarch64AddAbsLo12Nc -> {
                int insn = get32(code, offset);
                put32(code, offset, (insn & ~(0xfff << 10)) | ((int) value & 0xfff) << 10);
            }
            case Abs8 -> {
                put32(code, offset, (int) value);
                put32(code, offset + 4, (int) (value >>> 32));
            }
            case Abs4 -> {
                if (value != (int) value && value >>> 32 != 0)
                    throw new JitException("Abs4 at offset " + offset + " cannot hold 0x" + Long.toHexString(value));
                put32(code, offset, (int) value);
            }
            default -> throw new JitException(kind + " relocation in AArch64 code");
        }
    }

    static int get32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    static void put32(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
    }
}
