package dev.davit.lower.x64.inst;

import static dev.davit.lower.x64.inst.X64Regs.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.davit.codegen.Operand;
import dev.davit.codegen.OperandVisitor;
import dev.davit.codegen.Reg;
import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.buffer.MachBufferFinalized;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class X64OperandsTest {
    private record Op(int reg, int kind, int pos, int constraint) {}

    private static int v(int n) {
        return Reg.vreg(Reg.PINNED_VREGS + n, Reg.INT);
    }

    private static List<Op> collect(X64Inst inst) {
        List<Op> ops = new ArrayList<>();
        X64Inst same = inst.visitOperands((reg, kind, pos, constraint) -> {
            ops.add(new Op(reg, kind, pos, constraint));
            return reg;
        });
        assertSame(inst, same, "collecting must not copy the instruction");
        return ops;
    }

    private static X64Inst rewrite(X64Inst inst, int... regs) {
        int[] n = {0};
        X64Inst out = inst.visitOperands(new OperandVisitor() {
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

    private static Op fixedUse(int reg, int physReg) {
        return new Op(reg, Operand.USE, Operand.EARLY, Operand.fixed(preg(physReg)));
    }

    private static Op fixedDef(int reg, int physReg) {
        return new Op(reg, Operand.DEF, Operand.LATE, Operand.fixed(preg(physReg)));
    }

    @Test
    void regEncodingsFollowTheSharedConvention() {
        assertEquals(0, Reg.toPReg(RAX));
        assertEquals(15, Reg.toPReg(R15));
        assertEquals((Reg.preg(Reg.FLOAT, 3) << 2) | Reg.FLOAT, xmm(3));
        assertEquals(Reg.FLOAT, Reg.cls(xmm(3)));
        assertFalse(Reg.isVirtual(R15));
        assertTrue(Reg.isVirtual(v(0)));
        assertEquals("r13d", name(R13, X64Size.S32));
        assertEquals("sil", name(RSI, X64Size.S8));
        assertEquals("r9w", name(R9, X64Size.S16));
        assertEquals("xmm12", name(xmm(12), X64Size.S64));
    }

    @Test
    void twoAddressAluReusesFirstInputAfterAddressRegisters() {
        X64Inst i = new X64Inst.AluRmiR(X64Size.S64, X64AluOp.ADD, v(0),
                X64RegMem.mem(X64Amode.baseIndex(v(1), v(2), 3, 8)), v(3));
        assertEquals(List.of(use(v(0)), use(v(1)), use(v(2)),
                new Op(v(3), Operand.DEF, Operand.LATE, Operand.reuse(0))), collect(i));
    }

    @Test
    void divisionUsesRaxAndRdx() {
        X64Inst i = new X64Inst.Div(X64Size.S32, true, v(0), v(1), X64RegMem.reg(v(2)), v(3), v(4), 7);
        assertEquals(List.of(fixedUse(v(0), RAX), fixedUse(v(1), RDX), use(v(2)), fixedDef(v(3), RAX), fixedDef(v(4), RDX)),
                collect(i));
        X64Inst byteDiv = new X64Inst.Div(X64Size.S8, false, v(0), Reg.INVALID, X64RegMem.reg(v(2)), v(3), Reg.INVALID, 7);
        assertEquals(3, collect(byteDiv).size());
    }

    @Test
    void shiftByClFixesRcx() {
        X64Inst i = new X64Inst.ShiftCl(X64Size.S32, X64ShiftKind.SAR, v(0), v(1), v(2));
        assertEquals(List.of(use(v(0)), fixedUse(v(1), RCX), new Op(v(2), Operand.DEF, Operand.LATE, Operand.reuse(0))),
                collect(i));
    }

    private static int f(int n) {
        return Reg.vreg(Reg.PINNED_VREGS + n, Reg.FLOAT);
    }

    @Test
    void sseTwoAddressFormsReuseTheirFirstInput() {
        X64Inst add = new X64Inst.XmmRmR(X64SseOp.ADDSD, f(0), X64RegMem.mem(X64Amode.base(v(1), 8)), f(2));
        assertEquals(List.of(use(f(0)), use(v(1)), new Op(f(2), Operand.DEF, Operand.LATE, Operand.reuse(0))), collect(add));
        X64Inst sel = new X64Inst.XmmCmove(X64CC.P, f(0), f(1), f(2));
        assertEquals(List.of(use(f(0)), use(f(1)), new Op(f(2), Operand.DEF, Operand.LATE, Operand.reuse(0))), collect(sel));
        X64Inst minMax = new X64Inst.XmmMinMaxSeq(false, true, f(0), f(1), f(2));
        assertEquals(List.of(use(f(0)), use(f(1)), new Op(f(2), Operand.DEF, Operand.LATE, Operand.reuse(0))), collect(minMax));
        assertEquals(new X64Inst.XmmRmR(X64SseOp.ADDSD, xmm(3), X64RegMem.mem(X64Amode.base(RAX, 8)), xmm(3)),
                rewrite(add, xmm(3), RAX, xmm(3)));
    }

    @Test
    void floatClassMovesSpillsAndReloads() {
        var info = new dev.davit.lower.x64.lower.X64MachInstInfo();
        assertEquals(new X64Inst.XmmUnary(X64SseOp.MOVAPS, X64RegMem.reg(xmm(1)), xmm(2)), info.genMove(xmm(2), xmm(1), Reg.FLOAT));
        assertEquals(new X64Inst.XmmStore(X64SseOp.MOVSD, xmm(1), new X64Amode.SpillSlot(3)), info.genSpill(3, xmm(1), Reg.FLOAT));
        assertEquals(new X64Inst.XmmUnary(X64SseOp.MOVSD, X64RegMem.mem(new X64Amode.SpillSlot(3)), xmm(1)),
                info.genReload(xmm(1), 3, Reg.FLOAT));
    }

    @Test
    void xmmCopiesAreMovesAndConversionsAreNot() {
        assertTrue(new X64Inst.XmmUnary(X64SseOp.MOVAPS, X64RegMem.reg(f(0)), f(1)).isMove());
        assertFalse(new X64Inst.XmmUnary(X64SseOp.MOVSD, X64RegMem.reg(f(0)), f(1)).isMove());
        assertFalse(new X64Inst.XmmUnary(X64SseOp.SQRTSS, X64RegMem.reg(f(0)), f(1)).isMove());
        assertFalse(new X64Inst.GprToXmm(X64Size.S64, X64RegMem.reg(v(0)), f(1)).isMove());
        X64Inst cvt = new X64Inst.CvtFloatToInt(true, X64Size.S32, X64RegMem.reg(f(0)), v(1));
        assertEquals(List.of(use(f(0)), new Op(v(1), Operand.DEF, Operand.LATE, Operand.REG)), collect(cvt));
    }

    @Test
    void cmoveReusesTheAlternative() {
        X64Inst i = new X64Inst.Cmove(X64Size.S64, X64CC.L, v(0), X64RegMem.reg(v(1)), v(2));
        List<Op> ops = collect(i);
        assertEquals(use(v(0)), ops.get(0));
        assertEquals(Operand.reuse(0), ops.get(2).constraint());
    }

    @Test
    void callsReportFixedOperandsAndClobbers() {
        X64Inst.CallInfo info = new X64Inst.CallInfo(new int[] {v(0), v(1)}, new int[] {preg(RDI), preg(RSI)},
                new int[] {v(2)}, new int[] {preg(RAX)}, 0x0FC7L, 0xFFFFL, 0, 0);
        X64Inst i = new X64Inst.CallUnknown(X64RegMem.reg(v(5)), info);
        long[] clobbers = new long[3];
        List<Op> ops = new ArrayList<>();
        i.visitOperands(new OperandVisitor() {
            @Override
            public int operand(int reg, int kind, int pos, int constraint) {
                ops.add(new Op(reg, kind, pos, constraint));
                return reg;
            }

            @Override
            public void clobbers(long a, long b, long c) {
                clobbers[0] = a;
                clobbers[1] = b;
            }
        });
        assertEquals(List.of(use(v(5)), fixedUse(v(0), RDI), fixedUse(v(1), RSI), fixedDef(v(2), RAX)), ops);
        assertEquals(0x0FC7L, clobbers[0]);
        assertEquals(0xFFFFL, clobbers[1]);
    }

    /** One instance of every instruction form, over virtual registers. */
    private static List<X64Inst> everyForm() {
        X64RegMem mem = X64RegMem.mem(X64Amode.baseIndex(v(10), v(11), 2, 4));
        X64Amode a = X64Amode.base(v(12), 0);
        X64Inst.CallInfo info = new X64Inst.CallInfo(new int[] {v(13)}, new int[] {preg(RDI)},
                new int[] {v(14)}, new int[] {preg(RAX)}, 0, 0, 0, 0);
        return List.of(
                new X64Inst.AluRmiR(X64Size.S32, X64AluOp.SUB, v(0), mem, v(1)),
                new X64Inst.AluM(X64Size.S16, X64AluOp.OR, a, X64RegMem.reg(v(0))),
                new X64Inst.CmpRmiR(X64Size.S8, X64Inst.CmpOp.TEST, v(0), X64RegMem.reg(v(1))),
                new X64Inst.Imul(X64Size.S64, v(0), mem, v(1)),
                new X64Inst.ImulImm(X64Size.S64, mem, 9, v(1)),
                new X64Inst.Mul(X64Size.S64, false, v(0), mem, v(1), v(2)),
                new X64Inst.Div(X64Size.S64, false, v(0), v(3), mem, v(1), v(2), 0),
                new X64Inst.SignExtendData(X64Size.S64, v(0), v(1)),
                new X64Inst.Unary(X64Size.S64, X64Inst.UnaryOp.NEG, v(0), v(1)),
                new X64Inst.ShiftCl(X64Size.S64, X64ShiftKind.ROL, v(0), v(2), v(1)),
                new X64Inst.ShiftImm(X64Size.S64, X64ShiftKind.SHR, v(0), 3, v(1)),
                new X64Inst.BitCount(X64Size.S64, X64BitOp.POPCNT, mem, v(1)),
                new X64Inst.Bswap(X64Size.S64, v(0), v(1)),
                new X64Inst.Movzx(X64ExtMode.WQ, mem, v(1)),
                new X64Inst.Movsx(X64ExtMode.BL, X64RegMem.reg(v(0)), v(1)),
                new X64Inst.MovRR(X64Size.S64, v(0), v(1)),
                new X64Inst.Load(X64Size.S64, a, v(1)),
                new X64Inst.Store(X64Size.S64, v(0), a),
                new X64Inst.MovImm(X64Size.S64, 1L << 40, v(1)),
                new X64Inst.StoreImm(X64Size.S32, -5, a),
                new X64Inst.Lea(X64Size.S64, a, v(1)),
                new X64Inst.LoadExtName(v(1), 2, 0),
                new X64Inst.Cmove(X64Size.S32, X64CC.A, v(0), mem, v(1)),
                new X64Inst.Setcc(X64CC.B, v(1)),
                new X64Inst.Push(X64RegMem.reg(v(0))),
                new X64Inst.Pop(v(1)),
                new X64Inst.Jmp(0),
                new X64Inst.JmpCond(X64CC.Z, 0, 1),
                new X64Inst.JmpIf(X64CC.Z, 0),
                new X64Inst.JmpUnknown(mem),
                new X64Inst.JmpTableSeq(v(0), v(1), v(2), new int[] {0, 1}),
                new X64Inst.CallKnown(1, info),
                new X64Inst.CallUnknown(X64RegMem.reg(v(0)), info),
                new X64Inst.Ret(new int[] {v(0)}, new int[] {preg(RAX)}, 0),
                new X64Inst.Args(new int[] {v(0)}, new int[] {preg(RDI)}),
                new X64Inst.Ud2(1),
                new X64Inst.TrapIf(X64CC.O, 4),
                new X64Inst.Nop(3));
    }

    @Test
    void everyFormVisitsConsistently() {
        for (X64Inst inst : everyForm()) {
            List<Op> ops = collect(inst);
            for (int k = 0; k < ops.size(); k++) {
                Op op = ops.get(k);
                if (Operand.isReuse(op.constraint())) {
                    int idx = Operand.payload(op.constraint());
                    assertTrue(idx < k && ops.get(idx).kind() == Operand.USE, inst + ": reuse of a later or non-use operand");
                }
            }
            int[] same = ops.stream().mapToInt(Op::reg).toArray();
            X64Inst copy = rewrite(inst, same);
            assertEquals(collect(copy), ops, inst.toString());
            assertNotNull(new X64Printer().print(inst));
        }
    }

    @Test
    void allocatedInstructionEmits() {
        X64Inst i = new X64Inst.AluRmiR(X64Size.S64, X64AluOp.ADD, v(0), X64RegMem.reg(v(1)), v(2));
        X64Inst allocated = rewrite(i, RAX, RBX, RAX);
        assertEquals(new X64Inst.AluRmiR(X64Size.S64, X64AluOp.ADD, RAX, X64RegMem.reg(RBX), RAX), allocated);
        MachBuffer b = new MachBuffer();
        X64Emitter.emit(allocated, b);
        assertEquals("4801d8", HexFormat.of().formatHex(b.finish().bytes()));
        assertEquals("add rax, rbx", new X64Printer().print(allocated));
    }

    @Test
    void virtualRegistersDoNotEmitButPrint() {
        X64Inst i = new X64Inst.MovRR(X64Size.S64, v(0), v(1));
        assertThrows(IllegalStateException.class, () -> X64Emitter.emit(i, new MachBuffer()));
        assertEquals("mov %v193, %v192", new X64Printer().print(i));
    }

    @Test
    void untiedTwoAddressOperandsAreRejected() {
        X64Inst i = new X64Inst.AluRmiR(X64Size.S64, X64AluOp.ADD, RAX, X64RegMem.reg(RBX), RCX);
        assertThrows(IllegalStateException.class, () -> X64Emitter.emit(i, new MachBuffer()));
    }

    @Test
    void invalidOperandsAreRejectedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new X64Inst.AluRmiR(X64Size.S8, X64AluOp.ADD, RAX, X64RegMemImm.imm(300), RAX));
        assertThrows(IllegalArgumentException.class, () -> X64Amode.baseIndex(RAX, RSP, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new X64Inst.Bswap(X64Size.S16, RAX, RAX));
        assertThrows(IllegalArgumentException.class, () -> new X64Inst.AluM(X64Size.S32, X64AluOp.ADD, X64Amode.base(RAX, 0),
                X64RegMem.mem(X64Amode.base(RBX, 0))));
    }

    @Test
    void conditionCodesInvert() {
        for (X64CC cc : X64CC.values()) {
            assertEquals(cc, cc.invert().invert());
            assertNotEquals(cc, cc.invert());
        }
        assertEquals(X64CC.NZ, X64CC.Z.invert());
        assertEquals(X64CC.GE, X64CC.L.invert());
    }

    @Test
    void blockBranchesAreSimplifiedInTheBuffer() {
        MachBuffer b = new MachBuffer();
        int b1 = b.getLabel();
        int b2 = b.getLabel();
        int b3 = b.getLabel();
        X64Emitter.emit(new X64Inst.CmpRmiR(X64Size.S64, X64Inst.CmpOp.CMP, RDI, X64RegMem.reg(RSI)), b);
        X64Emitter.emit(new X64Inst.JmpCond(X64CC.L, b1, b2), b);
        b.bindLabel(b1);
        X64Emitter.emit(new X64Inst.Jmp(b3), b); // empty block: threaded, then deleted
        b.bindLabel(b2);
        X64Emitter.emit(new X64Inst.MovImm(X64Size.S32, 1, RAX), b);
        X64Emitter.emit(new X64Inst.Ret(new int[0], new int[0], 0), b);
        b.bindLabel(b3);
        X64Emitter.emit(new X64Inst.MovImm(X64Size.S32, 2, RAX), b);
        X64Emitter.emit(new X64Inst.Ret(new int[0], new int[0], 0), b);
        MachBufferFinalized f = b.finish();
        // "jl b1; jmp b2" became "jl b3" (b1 is an alias of b3), falling through into b2.
        assertEquals("4839f7" + "0f8c06000000" + "b801000000c3" + "b802000000c3", HexFormat.of().formatHex(f.bytes()));
        assertEquals(f.labelOffset(b3), f.labelOffset(b1));
    }

    @Test
    void ripRelativeConstantAccountsForTrailingImmediate() {
        MachBuffer b = new MachBuffer();
        int c = b.addConstant(0x1234L, 4);
        X64Emitter.emit(new X64Inst.AluM(X64Size.S32, X64AluOp.ADD, new X64Amode.RipLabel(c), X64RegMemImm.imm(1000)), b);
        MachBufferFinalized f = b.finish();
        // add DWORD PTR [rip+c], 1000: 81 05 disp32 imm32, 10 bytes; the constant sits at 12 (aligned).
        assertEquals(12, f.labelOffset(c));
        byte[] code = f.bytes();
        int disp = (code[2] & 0xFF) | (code[3] & 0xFF) << 8 | (code[4] & 0xFF) << 16 | code[5] << 24;
        assertEquals(12 - 10, disp);
    }
}
