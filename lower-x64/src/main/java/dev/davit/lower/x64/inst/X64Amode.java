package dev.davit.lower.x64.inst;

import dev.davit.codegen.OperandVisitor;
import dev.davit.codegen.Reg;

/** A memory address: base + index * 2^shift + disp32, or RIP-relative to a label or an external name. */
public sealed interface X64Amode {
    /** Visits the registers of the address as early uses; returns this or a rewritten copy. */
    X64Amode visitUses(OperandVisitor v);

    /**
     * {@code [base + index * (1 << shift) + disp]}; {@code index} is {@link Reg#INVALID} when
     * absent. {@code rsp} cannot be an index (its SIB encoding means "no index").
     */
    record BaseIndex(int base, int index, int shift, int disp) implements X64Amode {
        public BaseIndex {
            if (shift < 0 || shift > 3) {
                throw new IllegalArgumentException("shift " + shift);
            }
            if (index == X64Regs.RSP) {
                throw new IllegalArgumentException("rsp cannot be an index register");
            }
        }

        @Override
        public X64Amode visitUses(OperandVisitor v) {
            int b = v.use(base);
            int i = index == Reg.INVALID ? index : v.use(index);
            return v.rewrites() ? new BaseIndex(b, i, shift, disp) : this;
        }
    }

    /** {@code [rip + label]}: a block, a constant-pool entry or a jump table in this function. */
    record RipLabel(int label) implements X64Amode {
        @Override
        public X64Amode visitUses(OperandVisitor v) {
            return this;
        }
    }

    /** {@code [rip + name + addend]}: an external name, resolved through a PC-relative relocation. */
    record RipSymbol(int name, long addend) implements X64Amode {
        @Override
        public X64Amode visitUses(OperandVisitor v) {
            return this;
        }
    }

    /**
     * {@code [rsp + offset of explicit stack slot {@code slot} + disp]}: a frame address whose rsp
     * offset depends on the frame layout (outgoing-argument area below the stack slots), which is
     * only known after register allocation. The function emitter rewrites it to a {@link BaseIndex}
     * on rsp before encoding.
     */
    record StackSlot(int slot, int disp) implements X64Amode {
        @Override
        public X64Amode visitUses(OperandVisitor v) {
            return this;
        }
    }

    /** {@code [rsp + offset of spill slot {@code slot}]}, resolved like {@link StackSlot}. */
    record SpillSlot(int slot) implements X64Amode {
        @Override
        public X64Amode visitUses(OperandVisitor v) {
            return this;
        }
    }

    static X64Amode base(int base, int disp) {
        return new BaseIndex(base, Reg.INVALID, 0, disp);
    }

    static X64Amode baseIndex(int base, int index, int shift, int disp) {
        return new BaseIndex(base, index, shift, disp);
    }
}
