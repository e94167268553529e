package dev.davit.lower.aarch64.inst;

import static dev.davit.lower.aarch64.inst.AArch64Regs.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.davit.codegen.Operand;
import dev.davit.codegen.OperandVisitor;
import dev.davit.codegen.Reg;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AArch64OperandsTest {
    private static final AArch64Size S32 = AArch64Size.S32, S64 = AArch64Size.S64;

    private record Op(int reg, int kind, int pos, int constraint) {}

    private static int v(int n) {
        return Reg.vreg(Reg.PINNED_VREGS + n, Reg.INT);
    }

    private static List<Op> collect(AArch64Inst inst) {
        List<Op> ops = new ArrayList<>();
        AArch64Inst same = inst.visitOperands((reg, kind, pos, constraint) -> {
            ops.add(new Op(reg, kind, pos, constraint));
            return reg;
        });
        assertSame(inst, same, "collecting must not copy the instruction");
        return ops;
    }

    /** Rewrites the n-th operand to {@code regs[n]}. */
    private static AArch64Inst rewrite(AArch64Inst inst, int... regs) {
        int[] n = {0};
        AArch64Inst out = inst.visitOperands(new OperandVisitor() {
            @Override
            public int operand(int reg, int kind, int pos, int constraint) {
                return regs[n[0]++];
            }

            @Override
            public boolean rewrites() {
                return true;
            }
        });
        assertEquals(regs.length, n[0], "operand count");
        return out;
    }

    private static Op use(int reg) {
        return new Op(reg, Operand.USE, Operand.EARLY, Operand.REG);
    }

    private static Op def(int reg) {
        return new Op(reg, Operand.DEF, Operand.LATE, Operand.REG);
    }

    private static Op earlyDef(int reg) {
        return new Op(reg, Operand.DEF, Operand.EARLY, Operand.REG);
    }

    @Test
    void regEncodingsFollowTheSharedConvention() {
        assertEquals(0, Reg.toPReg(X0));
        assertEquals(30, Reg.toPReg(X30));
        assertEquals(31, Reg.toPReg(SP));
        assertEquals(SP, XZR);
        assertEquals((Reg.preg(Reg.FLOAT, 3) << 2) | Reg.FLOAT, fpr(3));
        assertEquals(Reg.FLOAT, Reg.cls(fpr(31)));
        assertEquals("x30", name(X30, S64));
        assertEquals("w30", name(X30, S32));
        assertEquals("xzr", name(XZR, S64));
        assertEquals("wzr", name(XZR, S32));
        assertEquals("sp", nameSp(SP, S64));
        assertEquals("wsp", nameSp(SP, S32));
        assertEquals("v7", name(fpr(7), S64));
        assertEquals(Reg.toString(v(1)), name(v(1), S64));
    }

    /**
     * For a sample of every record: collecting yields the same instance, and rewriting with
     * distinct registers puts each one back where the next collection finds it, in the same order and with
     * the same kinds and constraints.
     */
    @Test
    void rewritingPutsEveryRegisterBackInItsPlace() {
        AArch64Inst.CallInfo call = new AArch64Inst.CallInfo(new int[] {v(10), v(11)}, new int[] {preg(X0), preg(X1)},
                new int[] {v(12)}, new int[] {preg(X0)}, 0x3FFFFL, 0xFF, 7);
        List<AArch64Inst> sample = List.of(
                new AArch64Inst.AluRRR(AArch64AluOp.ADD, S64, v(0), v(1), v(2)),
                new AArch64Inst.AluRRImm12(AArch64AluOp.SUB, S32, v(0), v(1), new AArch64Imm12(4, false)),
                new AArch64Inst.AluRRImmLogic(AArch64AluOp.EOR, S64, v(0), v(1), AArch64ImmLogic.maybeFrom(0xFF, S64)),
                new AArch64Inst.AluRRRShift(AArch64AluOp.ORN, S64, v(0), v(1), v(2), new AArch64Shift(AArch64ShiftOp.ROR, 3)),
                new AArch64Inst.AluRRRExtend(AArch64AluOp.ADD, S64, v(0), v(1), v(2), AArch64ExtendOp.SXTW, 2),
                new AArch64Inst.AluRRRR(true, S64, v(0), v(1), v(2), v(3)),
                new AArch64Inst.AluRRImmShift(AArch64ShiftOp.ASR, S32, v(0), v(1), 3),
                new AArch64Inst.Bitfield(false, S64, v(0), v(1), 3, 9),
                new AArch64Inst.BitRR(AArch64Inst.BitOp.CLZ, S64, v(0), v(1)),
                new AArch64Inst.Extend(v(0), v(1), true, 8, 64),
                new AArch64Inst.Mov(S64, v(0), v(1)),
                new AArch64Inst.MovWide(AArch64MoveWide.Op.MOVZ, S64, v(0), 5, 16),
                new AArch64Inst.MovK(S64, v(0), v(1), 5, 32),
                new AArch64Inst.MovImm(S64, v(0), 0x1234_5678_9L),
                new AArch64Inst.Load(AArch64MemOp.LDRSH64, v(0), new AArch64Amode.RegOffset(v(1), v(2), AArch64ExtendOp.UXTW, true)),
                new AArch64Inst.Load(AArch64MemOp.LDR64, v(0), new AArch64Amode.Const(5, 8)),
                new AArch64Inst.Store(AArch64MemOp.STRB, v(0), new AArch64Amode.UnsignedOffset(v(1), 7)),
                new AArch64Inst.Store(AArch64MemOp.STR64, v(0), new AArch64Amode.PreIndexed(SP, -16)),
                new AArch64Inst.LoadP64(v(0), v(1), new AArch64PairAmode.SignedOffset(v(2), 16)),
                new AArch64Inst.StoreP64(v(0), v(1), new AArch64PairAmode.PostIndexed(SP, 16)),
                new AArch64Inst.CSel(AArch64Inst.CSelOp.CSNEG, S64, AArch64Cond.LT, v(0), v(1), v(2)),
                new AArch64Inst.CSet(S32, AArch64Cond.HI, v(0), true),
                new AArch64Inst.CCmp(S64, v(0), v(1), 4, AArch64Cond.EQ),
                new AArch64Inst.CCmpImm(S64, v(0), 3, 4, AArch64Cond.EQ),
                new AArch64Inst.CondBr(AArch64CondBrKind.zero(v(0), S64), 1, 2),
                new AArch64Inst.OneWayCondBr(new AArch64CondBrKind.TestBit(v(0), 3, true), 1),
                new AArch64Inst.TrapIf(AArch64CondBrKind.notZero(v(0), S32), 4),
                new AArch64Inst.Br(v(0)),
                new AArch64Inst.JmpTableSeq(v(0), v(1), v(2), new int[] {1, 2}),
                new AArch64Inst.Call(3, call),
                new AArch64Inst.CallInd(v(9), call),
                new AArch64Inst.Ret(new int[] {v(0), v(1)}, new int[] {preg(X0), preg(X1)}),
                new AArch64Inst.Args(new int[] {v(0), v(1)}, new int[] {preg(X0), preg(X7)}),
                new AArch64Inst.Adr(v(0), 1),
                new AArch64Inst.Adrp(v(0), 1, 0),
                new AArch64Inst.AddLo12(v(0), v(1), 1, 0));
        for (AArch64Inst inst : sample) {
            List<Op> ops = collect(inst);
            int[] fresh = new int[ops.size()];
            for (int k = 0; k < fresh.length; k++) {
                // Physical, as after allocation (write-back bases accept nothing else).
                fresh[k] = gpr(k + 3);
            }
            AArch64Inst out = rewrite(inst, fresh);
            assertNotSame(inst, out, inst.toString());
            List<Op> again = collect(out);
            assertEquals(ops.size(), again.size());
            for (int k = 0; k < ops.size(); k++) {
                Op o = ops.get(k);
                assertEquals(new Op(fresh[k], o.kind(), o.pos(), o.constraint()), again.get(k), inst + " operand " + k);
            }
            for (Op o : ops) {
                if (o.kind() == Operand.DEF && Operand.isReuse(o.constraint())) {
                    assertEquals(Operand.USE, ops.get(Operand.payload(o.constraint())).kind());
                }
            }
        }
    }

    @Test
    void usesComeBeforeDefsAndAddressRegistersAreUses() {
        assertEquals(List.of(use(v(1)), use(v(2)), def(v(0))),
                collect(new AArch64Inst.AluRRR(AArch64AluOp.SDIV, S64, v(0), v(1), v(2))));
        assertEquals(List.of(use(v(1)), use(v(2)), def(v(0))),
                collect(new AArch64Inst.Load(AArch64MemOp.LDRB, v(0), new AArch64Amode.RegOffset(v(1), v(2), AArch64ExtendOp.UXTX, false))));
        assertEquals(List.of(use(v(0)), use(v(1))),
                collect(new AArch64Inst.Store(AArch64MemOp.STRH, v(0), new AArch64Amode.Unscaled(v(1), -3))));
        assertEquals(List.of(use(v(1)), use(v(2)), use(v(3)), def(v(0))),
                collect(new AArch64Inst.AluRRRR(false, S64, v(0), v(1), v(2), v(3))));
        assertEquals(List.of(use(v(0))), collect(new AArch64Inst.CondBr(AArch64CondBrKind.zero(v(0), S64), 1, 2)));
        assertEquals(List.of(), collect(new AArch64Inst.CondBr(new AArch64CondBrKind.Cond(AArch64Cond.EQ), 1, 2)));
    }

    @Test
    void virtualRegistersPrintForVCode() {
        AArch64Printer p = new AArch64Printer();
        assertEquals("add " + Reg.toString(v(0)) + ", " + Reg.toString(v(1)) + ", #0x10",
                p.print(new AArch64Inst.AluRRImm12(AArch64AluOp.ADD, S64, v(0), v(1), new AArch64Imm12(16, false))));
        assertEquals("ldr " + Reg.toString(v(0)) + ", [sp, #8]",
                p.print(new AArch64Inst.Load(AArch64MemOp.LDR64, v(0), new AArch64Amode.UnsignedOffset(SP, 8))));
        assertEquals("// args x0=x0, x1=x1", p.print(new AArch64Inst.Args(new int[] {X0, X1}, new int[] {preg(X0), preg(X1)})));
        assertEquals("movz w3, #0x5678\nmovk w3, #0x1234, lsl #16", p.print(new AArch64Inst.MovImm(S32, X3, 0x1234_5678)));
    }

    @Test
    void movkReusesItsInput() {
        List<Op> ops = collect(new AArch64Inst.MovK(S64, v(1), v(0), 0x1234, 16));
        assertEquals(List.of(use(v(1)), new Op(v(0), Operand.DEF, Operand.LATE, Operand.reuse(0))), ops);
    }

    @Test
    void jumpTableTemporariesAreEarlyDefs() {
        assertEquals(List.of(use(v(0)), earlyDef(v(1)), earlyDef(v(2))),
                collect(new AArch64Inst.JmpTableSeq(v(0), v(1), v(2), new int[] {3})));
    }

    @Test
    void argsRetAndCallsUseFixedRegisters() {
        assertEquals(List.of(new Op(v(0), Operand.DEF, Operand.LATE, Operand.fixed(preg(X0))),
                        new Op(v(1), Operand.DEF, Operand.LATE, Operand.fixed(preg(X7)))),
                collect(new AArch64Inst.Args(new int[] {v(0), v(1)}, new int[] {preg(X0), preg(X7)})));
        assertEquals(List.of(new Op(v(0), Operand.USE, Operand.EARLY, Operand.fixed(preg(X0)))),
                collect(new AArch64Inst.Ret(new int[] {v(0)}, new int[] {preg(X0)})));
        long[] masks = new long[2];
        List<Op> ops = new ArrayList<>();
        AArch64Inst.CallInfo info = new AArch64Inst.CallInfo(new int[] {v(1)}, new int[] {preg(X0)},
                new int[] {v(2)}, new int[] {preg(X0)}, 0x7FFFFL, 0xFF00FFL, 0);
        new AArch64Inst.CallInd(v(0), info).visitOperands(new OperandVisitor() {
            @Override
            public int operand(int reg, int kind, int pos, int constraint) {
                ops.add(new Op(reg, kind, pos, constraint));
                return reg;
            }

            @Override
            public void clobbers(long intMask, long floatMask, long vectorMask) {
                masks[0] = intMask;
                masks[1] = floatMask;
            }
        });
        assertEquals(List.of(use(v(0)), new Op(v(1), Operand.USE, Operand.EARLY, Operand.fixed(preg(X0))),
                new Op(v(2), Operand.DEF, Operand.LATE, Operand.fixed(preg(X0)))), ops);
        assertArrayEquals(new long[] {0x7FFFFL, 0xFF00FFL}, masks);
    }

    @Test
    void invalidFormsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.AluRRR(AArch64AluOp.SMULH, S32, X0, X1, X2));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.AluRRImm12(AArch64AluOp.AND, S64, X0, X1, new AArch64Imm12(1, false)));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.AluRRRShift(AArch64AluOp.ADD, S64, X0, X1, X2, new AArch64Shift(AArch64ShiftOp.ROR, 1)));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.AluRRRShift(AArch64AluOp.AND, S32, X0, X1, X2, AArch64Shift.lsl(32)));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.AluRRRExtend(AArch64AluOp.ADD, S32, X0, X1, X2, AArch64ExtendOp.UXTX, 0));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.Load(AArch64MemOp.LDRB, X0, new AArch64Amode.Label(1)));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.Store(AArch64MemOp.LDRB, X0, new AArch64Amode.UnsignedOffset(X1, 0)));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Amode.PreIndexed(v(0), 8));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Amode.Unscaled(X0, 256));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.Load(AArch64MemOp.LDR64, X0, new AArch64Amode.UnsignedOffset(X1, 4)));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.Store(AArch64MemOp.STRB, X0, new AArch64Amode.UnsignedOffset(X1, 4096)));
        assertThrows(IllegalArgumentException.class, () -> new AArch64PairAmode.SignedOffset(X0, 4));
        assertThrows(IllegalArgumentException.class, () -> new AArch64CondBrKind.Cond(AArch64Cond.AL));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.MovWide(AArch64MoveWide.Op.MOVZ, S32, X0, 1, 32));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.Extend(X0, X1, true, 32, 32));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.Load(AArch64MemOp.LDR64, X3, new AArch64Amode.PostIndexed(X3, 8)));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.Store(AArch64MemOp.STR64, X3, new AArch64Amode.PreIndexed(X3, 8)));
        new AArch64Inst.Store(AArch64MemOp.STR64, XZR, new AArch64Amode.PreIndexed(SP, -16));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.LoadP64(X1, X1, new AArch64PairAmode.SignedOffset(SP, 0)));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.LoadP64(X1, X2, new AArch64PairAmode.PostIndexed(X2, 16)));
        assertThrows(IllegalArgumentException.class, () -> new AArch64Inst.MovImm(AArch64Size.S64, XZR, 5));
        assertEquals(AArch64Cond.LE, AArch64Cond.GT.invert());
        assertEquals(AArch64Cond.HS, AArch64Cond.LO.invert());
        assertEquals(AArch64Cond.VC, AArch64Cond.VS.invert());
    }

    @Test
    void offsetPicksTheCheapestForm() {
        assertEquals(new AArch64Amode.UnsignedOffset(X1, 32760), AArch64Amode.offset(X1, 32760, 8));
        assertEquals(new AArch64Amode.Unscaled(X1, -8), AArch64Amode.offset(X1, -8, 8));
        assertEquals(new AArch64Amode.Unscaled(X1, 3), AArch64Amode.offset(X1, 3, 8));
        assertNull(AArch64Amode.offset(X1, 32768, 8));
        assertNull(AArch64Amode.offset(X1, -257, 1));
    }
}
