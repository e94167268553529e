package dev.davit.lower.x64.inst;

import dev.davit.codegen.buffer.LabelUse;

/** How x86-64 code refers to labels: always a 32-bit displacement from the end of the field or instruction. */
public enum X64LabelUse implements LabelUse {
    /**
     * The rel32 of JMP/Jcc/CALL (Intel SDM vol. 2A JMP, Jcc): relative to the end of the field,
     * which is the end of the instruction.
     */
    JmpRel32,
    /**
     * A RIP-relative disp32 (Intel SDM vol. 2A §2.2.1.6) or a jump-table entry. RIP is the end of
     * the instruction, which can lie past the field when an immediate follows, so the emitter
     * leaves an addend in the field ({@code -4 - trailing bytes}) that is added to
     * {@code label - field}.
     */
    PCRel32;

    @Override
    public int patchSize() {
        return 4;
    }

    @Override
    public long maxPosRange() {
        return Integer.MAX_VALUE;
    }

    @Override
    public long maxNegRange() {
        return 0x8000_0000L;
    }

    @Override
    public void patch(byte[] code, int useOffset, int labelOffset) {
        int v;
        if (this == JmpRel32) {
            v = labelOffset - (useOffset + 4);
        } else {
            int addend = (code[useOffset] & 0xFF) | (code[useOffset + 1] & 0xFF) << 8
                    | (code[useOffset + 2] & 0xFF) << 16 | code[useOffset + 3] << 24;
            v = labelOffset - useOffset + addend;
        }
        code[useOffset] = (byte) v;
        code[useOffset + 1] = (byte) (v >>> 8);
        code[useOffset + 2] = (byte) (v >>> 16);
        code[useOffset + 3] = (byte) (v >>> 24);
    }
}
