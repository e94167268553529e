package dev.davit.lower.aarch64.inst;

import dev.davit.codegen.buffer.LabelUse;

/**
 * How AArch64 code refers to labels. Every kind but {@link #PCRel32} patches a signed field of the
 * 4-byte instruction at the use offset, counted from that instruction; the word-offset kinds count
 * in instructions (the target must be 4-aligned). Short conditional branches that cannot reach get
 * a veneer: an unconditional {@code b} (±128 MiB) in the next island, which the short branch is
 * pointed at instead.
 */
public enum AArch64LabelUse implements LabelUse {
    /** {@code b}/{@code bl}: imm26 in bits 25..0, ±128 MiB (Arm ARM C6.2 B). */
    Branch26(26, 0, true),
    /** {@code b.cond}, {@code cbz}/{@code cbnz}: imm19 in bits 23..5, ±1 MiB (C6.2 B.cond, C6.2 CBZ). */
    Branch19(19, 5, true),
    /** {@code tbz}/{@code tbnz}: imm14 in bits 18..5, ±32 KiB (C6.2 TBZ). */
    Branch14(14, 5, true),
    /** LDR (literal): imm19 in bits 23..5, ±1 MiB (C6.2 LDR (literal)). */
    Ldr19(19, 5, true),
    /** {@code adr}: a byte offset split into immlo (bits 30..29) and immhi (bits 23..5), ±1 MiB (C6.2 ADR). */
    Adr21(21, 5, false),
    /**
     * A 32-bit data word (jump tables) holding {@code label - use + addend}, the addend left in the
     * field by the emitter.
     */
    PCRel32(32, 0, false);

    private final int bits;
    private final int shift;
    private final boolean words;

    AArch64LabelUse(int bits, int shift, boolean words) {
        this.bits = bits;
        this.shift = shift;
        this.words = words;
    }

    @Override
    public int patchSize() {
        return 4;
    }

    @Override
    public long maxPosRange() {
        if (this == PCRel32) {
            return Integer.MAX_VALUE;
        }
        long units = (1L << (bits - 1)) - 1;
        return words ? units * 4 : units;
    }

    @Override
    public long maxNegRange() {
        if (this == PCRel32) {
            return 0x8000_0000L;
        }
        long units = 1L << (bits - 1);
        return words ? units * 4 : units;
    }

    @Override
    public void patch(byte[] code, int useOffset, int labelOffset) {
        int insn = read(code, useOffset);
        int delta = labelOffset - useOffset;
        int out = switch (this) {
            case PCRel32 -> delta + insn;
            case Adr21 -> (insn & ~(3 << 29 | 0x7FFFF << 5)) | (delta & 3) << 29 | ((delta >> 2) & 0x7FFFF) << 5;
            default -> {
                if ((delta & 3) != 0) {
                    throw new IllegalStateException(this + " to unaligned distance " + delta);
                }
                int mask = (int) ((1L << bits) - 1) << shift;
                yield (insn & ~mask) | (((delta >> 2) << shift) & mask);
            }
        };
        write(code, useOffset, out);
    }

    @Override
    public boolean supportsVeneer() {
        return this == Branch19 || this == Branch14;
    }

    @Override
    public int veneerSize() {
        return supportsVeneer() ? 4 : 0;
    }

    /** Writes {@code b <target>} (field left for {@link #Branch26}) and aims the short branch at it. */
    @Override
    public int generateVeneer(byte[] code, int useOffset, int veneerOffset) {
        if (!supportsVeneer()) {
            throw new UnsupportedOperationException(this + " has no veneer");
        }
        write(code, veneerOffset, AArch64Emitter.B);
        patch(code, useOffset, veneerOffset);
        return veneerOffset;
    }

    @Override
    public LabelUse veneerUse() {
        if (!supportsVeneer()) {
            throw new UnsupportedOperationException(this + " has no veneer");
        }
        return Branch26;
    }

    private static int read(byte[] code, int at) {
        return (code[at] & 0xFF) | (code[at + 1] & 0xFF) << 8 | (code[at + 2] & 0xFF) << 16 | code[at + 3] << 24;
    }

    private static void write(byte[] code, int at, int v) {
        code[at] = (byte) v;
        code[at + 1] = (byte) (v >>> 8);
        code[at + 2] = (byte) (v >>> 16);
        code[at + 3] = (byte) (v >>> 24);
    }
}
