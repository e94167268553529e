package dev.davit.lower.x64.inst;

import dev.davit.codegen.OperandVisitor;

/** A source operand that is a register, memory or a sign-extended 32-bit immediate. */
public sealed interface X64RegMemImm permits X64RegMem, X64RegMemImm.Imm {
    /** Visits registers as early uses; returns this or a rewritten copy. */
    X64RegMemImm visitUses(OperandVisitor v);

    /**
     * An immediate; instructions sign-extend it to the operand size. For 8- and 16-bit operations
     * only its low bits are encoded.
     */
    record Imm(int simm32) implements X64RegMemImm {
        @Override
        public X64RegMemImm visitUses(OperandVisitor v) {
            return this;
        }
    }

    static X64RegMemImm imm(int v) {
        return new Imm(v);
    }
}
