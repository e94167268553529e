package dev.davit.lower.aarch64.inst;

import dev.davit.codegen.OperandVisitor;

/**
 * What a conditional branch tests: the flags ({@code b.cond}), a register against zero
 * ({@code cbz}/{@code cbnz}) or one bit of a register ({@code tbz}/{@code tbnz}).
 */
public sealed interface AArch64CondBrKind {
    AArch64CondBrKind invert();

    AArch64CondBrKind visitUses(OperandVisitor v);

    /** {@code b.cond}; AL and NV are not conditions here (they have no inverse to branch on). */
    record Cond(AArch64Cond cond) implements AArch64CondBrKind {
        public Cond {
            if (cond == AArch64Cond.AL || cond == AArch64Cond.NV) {
                throw new IllegalArgumentException("conditional branch on " + cond + ": use an unconditional one");
            }
        }

        @Override
        public AArch64CondBrKind invert() {
            return new Cond(cond.invert());
        }

        @Override
        public AArch64CondBrKind visitUses(OperandVisitor v) {
            return this;
        }
    }

    /** {@code cbz}/{@code cbnz}: taken if the register (at the size) is zero, or non-zero when {@code nonZero}. */
    record Zero(int reg, AArch64Size size, boolean nonZero) implements AArch64CondBrKind {
        @Override
        public AArch64CondBrKind invert() {
            return new Zero(reg, size, !nonZero);
        }

        @Override
        public AArch64CondBrKind visitUses(OperandVisitor v) {
            int r = v.use(reg);
            return v.rewrites() ? new Zero(r, size, nonZero) : this;
        }
    }

    /** {@code tbz}/{@code tbnz}: taken if bit {@code bit} (0..63) is zero, or one when {@code nonZero}. */
    record TestBit(int reg, int bit, boolean nonZero) implements AArch64CondBrKind {
        public TestBit {
            if (bit < 0 || bit > 63) {
                throw new IllegalArgumentException("bit " + bit);
            }
        }

        @Override
        public AArch64CondBrKind invert() {
            return new TestBit(reg, bit, !nonZero);
        }

        @Override
        public AArch64CondBrKind visitUses(OperandVisitor v) {
            int r = v.use(reg);
            return v.rewrites() ? new TestBit(r, bit, nonZero) : this;
        }
    }

    static AArch64CondBrKind cond(AArch64Cond c) {
        return new Cond(c);
    }

    static AArch64CondBrKind zero(int reg, AArch64Size size) {
        return new Zero(reg, size, false);
    }

    static AArch64CondBrKind notZero(int reg, AArch64Size size) {
        return new Zero(reg, size, true);
    }
}
