package dev.davit.lower.aarch64.inst;

import dev.davit.codegen.OperandVisitor;
import dev.davit.codegen.Reg;

/**
 * A memory address of a single-register load or store (Arm ARM C6.2 LDR (immediate),
 * C6.2 LDR (register), C6.2 LDR (literal), C6.2 LDUR). A base register of 31 means
 * {@code sp}.
 */
public sealed interface AArch64Amode {
    /** Visits the registers of the address as early uses; returns this or a rewritten copy. */
    AArch64Amode visitUses(OperandVisitor v);

    /**
     * {@code [base, #offset]} with a non-negative byte offset that is a multiple of the access
     * size and below 4096 times it (the scaled {@code imm12} form).
     */
    record UnsignedOffset(int base, int offset) implements AArch64Amode {
        public UnsignedOffset {
            if (offset < 0 || offset > 0xFFF * 8) {
                throw new IllegalArgumentException("unsigned offset " + offset);
            }
        }

        @Override
        public AArch64Amode visitUses(OperandVisitor v) {
            int b = v.use(base);
            return v.rewrites() ? new UnsignedOffset(b, offset) : this;
        }
    }

    /** {@code [base, #offset]} with a signed 9-bit byte offset, printed as {@code ldur}/{@code stur}. */
    record Unscaled(int base, int offset) implements AArch64Amode {
        public Unscaled {
            checkSimm9(offset);
        }

        @Override
        public AArch64Amode visitUses(OperandVisitor v) {
            int b = v.use(base);
            return v.rewrites() ? new Unscaled(b, offset) : this;
        }
    }

    /**
     * {@code [base, index{, <extend> {#amount}}]}: the index register extended by {@code extend}
     * (UXTW, UXTX written {@code lsl}, SXTW or SXTX) and, when {@code scaled}, shifted left by the
     * log2 of the access size.
     */
    record RegOffset(int base, int index, AArch64ExtendOp extend, boolean scaled) implements AArch64Amode {
        public RegOffset {
            if (extend != AArch64ExtendOp.UXTW && extend != AArch64ExtendOp.UXTX
                    && extend != AArch64ExtendOp.SXTW && extend != AArch64ExtendOp.SXTX) {
                throw new IllegalArgumentException("index extend " + extend);
            }
        }

        @Override
        public AArch64Amode visitUses(OperandVisitor v) {
            int b = v.use(base);
            int i = v.use(index);
            return v.rewrites() ? new RegOffset(b, i, extend, scaled) : this;
        }
    }

    /**
     * {@code [base, #offset]!}: the base is updated before the access. Writing back is invisible
     * to the allocator, so the base must be a physical register it does not allocate (sp in
     * prologues and epilogues).
     */
    record PreIndexed(int base, int offset) implements AArch64Amode {
        public PreIndexed {
            checkSimm9(offset);
            checkWriteBackBase(base);
        }

        @Override
        public AArch64Amode visitUses(OperandVisitor v) {
            int b = v.use(base);
            return v.rewrites() ? new PreIndexed(b, offset) : this;
        }
    }

    /** {@code [base], #offset}: the base is updated after the access; same restriction as {@link PreIndexed}. */
    record PostIndexed(int base, int offset) implements AArch64Amode {
        public PostIndexed {
            checkSimm9(offset);
            checkWriteBackBase(base);
        }

        @Override
        public AArch64Amode visitUses(OperandVisitor v) {
            int b = v.use(base);
            return v.rewrites() ? new PostIndexed(b, offset) : this;
        }
    }

    /** PC-relative literal at a label of this function (LDR (literal), ±1 MiB). */
    record Label(int label) implements AArch64Amode {
        @Override
        public AArch64Amode visitUses(OperandVisitor v) {
            return this;
        }
    }

    /**
     * PC-relative literal holding {@code value} in {@code size} (4 or 8) bytes, placed by the
     * buffer in the constant pool or the next island, within reach.
     */
    record Const(long value, int size) implements AArch64Amode {
        public Const {
            if (size != 4 && size != 8) {
                throw new IllegalArgumentException("literal size " + size);
            }
        }

        @Override
        public AArch64Amode visitUses(OperandVisitor v) {
            return this;
        }
    }

    /**
     * Spill slot {@code slot} of the register allocator, an 8-byte slot whose sp offset the frame
     * fixes after allocation ({@code AArch64Frame} resolves it before encoding).
     */
    record SpillSlot(int slot) implements AArch64Amode {
        @Override
        public AArch64Amode visitUses(OperandVisitor v) {
            return this;
        }
    }

    /** Byte {@code disp} of explicit stack slot {@code slot}; resolved by the frame like {@link SpillSlot}. */
    record StackSlot(int slot, int disp) implements AArch64Amode {
        @Override
        public AArch64Amode visitUses(OperandVisitor v) {
            return this;
        }
    }

    /** Whether this is a frame address only the laid-out frame can turn into a real one. */
    default boolean isSymbolic() {
        return this instanceof SpillSlot || this instanceof StackSlot;
    }

    private static void checkSimm9(int offset) {
        if (offset < -256 || offset > 255) {
            throw new IllegalArgumentException("9-bit signed offset " + offset);
        }
    }

    private static void checkWriteBackBase(int base) {
        if (!Reg.isPhysical(base)) {
            throw new IllegalArgumentException("write-back base must be a physical register: " + Reg.toString(base));
        }
    }

    /**
     * The cheapest single-instruction form of {@code [base, #offset]} for an access of
     * {@code accessBytes}, or null if the offset needs a register.
     */
    public static AArch64Amode offset(int base, long offset, int accessBytes) {
        if (offset >= 0 && offset % accessBytes == 0 && offset / accessBytes <= 0xFFF) {
            return new UnsignedOffset(base, (int) offset);
        }
        if (offset >= -256 && offset <= 255) {
            return new Unscaled(base, (int) offset);
        }
        return null;
    }
}
