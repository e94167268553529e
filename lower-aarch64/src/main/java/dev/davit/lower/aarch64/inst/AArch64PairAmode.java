package dev.davit.lower.aarch64.inst;

import dev.davit.codegen.OperandVisitor;
import dev.davit.codegen.Reg;

/**
 * Address of a 64-bit register pair access (Arm ARM C6.2 LDP, C6.2 STP): base plus a
 * signed 7-bit offset scaled by 8, i.e. a multiple of 8 in -512..504. Pre- and post-indexed forms
 * write the base back, so like {@link AArch64Amode.PreIndexed} they take a physical base only.
 */
public sealed interface AArch64PairAmode {
    AArch64PairAmode visitUses(OperandVisitor v);

    int base();

    int offset();

    record SignedOffset(int base, int offset) implements AArch64PairAmode {
        public SignedOffset {
            check(offset);
        }

        @Override
        public AArch64PairAmode visitUses(OperandVisitor v) {
            int b = v.use(base);
            return v.rewrites() ? new SignedOffset(b, offset) : this;
        }
    }

    record PreIndexed(int base, int offset) implements AArch64PairAmode {
        public PreIndexed {
            check(offset);
            checkPhysical(base);
        }

        @Override
        public AArch64PairAmode visitUses(OperandVisitor v) {
            int b = v.use(base);
            return v.rewrites() ? new PreIndexed(b, offset) : this;
        }
    }

    record PostIndexed(int base, int offset) implements AArch64PairAmode {
        public PostIndexed {
            check(offset);
            checkPhysical(base);
        }

        @Override
        public AArch64PairAmode visitUses(OperandVisitor v) {
            int b = v.use(base);
            return v.rewrites() ? new PostIndexed(b, offset) : this;
        }
    }

    private static void check(int offset) {
        if (offset % 8 != 0 || offset < -512 || offset > 504) {
            throw new IllegalArgumentException("pair offset " + offset);
        }
    }

    private static void checkPhysical(int base) {
        if (!Reg.isPhysical(base)) {
            throw new IllegalArgumentException("write-back base must be a physical register: " + Reg.toString(base));
        }
    }
}
