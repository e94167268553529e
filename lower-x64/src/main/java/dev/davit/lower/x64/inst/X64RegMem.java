package dev.davit.lower.x64.inst;

import dev.davit.codegen.OperandVisitor;

/** A source operand that is a register or memory (the r/m of ModRM). */
public sealed interface X64RegMem extends X64RegMemImm permits X64RegMem.Reg, X64RegMem.Mem {
    @Override
    X64RegMem visitUses(OperandVisitor v);

    record Reg(int reg) implements X64RegMem {
        @Override
        public X64RegMem visitUses(OperandVisitor v) {
            int r = v.use(reg);
            return v.rewrites() ? new Reg(r) : this;
        }
    }

    record Mem(X64Amode amode) implements X64RegMem {
        @Override
        public X64RegMem visitUses(OperandVisitor v) {
            X64Amode a = amode.visitUses(v);
            return v.rewrites() ? new Mem(a) : this;
        }
    }

    static X64RegMem reg(int r) {
        return new Reg(r);
    }

    static X64RegMem mem(X64Amode a) {
        return new Mem(a);
    }
}
