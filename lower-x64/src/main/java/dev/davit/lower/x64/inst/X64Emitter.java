package dev.davit.lower.x64.inst;

import dev.davit.codegen.Reg;
import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.buffer.RelocKind;

/**
 * Encodes {@link X64Inst} records (with physical registers) into a {@link MachBuffer}.
 *
 * <p>Instruction layout (Intel SDM vol. 2A §2.1, Figure 2-1): legacy prefixes, REX (§2.2.1),
 * opcode, ModRM, SIB, displacement, immediate. Where an instruction has several encodings, the
 * choice matches what GNU {@code as} picks for the text {@link X64Printer} prints, so the two can
 * be compared byte for byte: register-to-register ALU operations and moves use the "r/m, reg" (MR)
 * opcodes, immediates that fit take the sign-extended imm8 form, and the accumulator takes the
 * short {@code op al/ax/eax/rax, imm} forms when the immediate does not fit 8 bits.
 */
public final class X64Emitter {
    private X64Emitter() {}

    /** Legacy prefixes as a bit set: operand size (66) and the SSE mandatory prefixes F3 and F2. */
    static final int P66 = 1, PF3 = 2, PF2 = 4;

    /** ModRM.mod values (SDM vol. 2A §2.1.5, Table 2-2). */
    private static final int MOD_DISP0 = 0, MOD_DISP8 = 1, MOD_DISP32 = 2, MOD_REG = 3;

    public static void emit(X64Inst inst, MachBuffer b) {
        switch (inst) {
            case X64Inst.AluRmiR i -> {
                checkTied(i.src1(), i.dst());
                emitAlu(b, i.size(), i.op(), hw(i.dst()), i.src2());
            }
            case X64Inst.AluM i -> emitAluMem(b, i);
            case X64Inst.CmpRmiR i -> {
                if (i.op() == X64Inst.CmpOp.CMP) {
                    emitAlu(b, i.size(), X64AluOp.CMP, hw(i.src1()), i.src2());
                } else {
                    emitTest(b, i.size(), hw(i.src1()), i.src2());
                }
            }
            case X64Inst.Imul i -> {
                // IMUL r, r/m: 0F AF /r (SDM vol. 2A IMUL).
                checkTied(i.src1(), i.dst());
                encRegRm(b, sizePrefix(i.size()), isW(i.size()), 0x0FAF, 2, hw(i.dst()), false, i.src2(), false, 0);
            }
            case X64Inst.ImulImm i -> {
                // IMUL r, r/m, imm8: 6B /r ib; imm16/32: 69 /r iw/id (SDM vol. 2A IMUL).
                boolean small = fitsI8(i.size(), i.imm());
                int immBytes = small ? 1 : immSize(i.size());
                encRegRm(b, sizePrefix(i.size()), isW(i.size()), small ? 0x6B : 0x69, 1, hw(i.dst()), false, i.src(), false, immBytes);
                putImm(b, i.imm(), immBytes);
            }
            case X64Inst.Mul i -> {
                // MUL r/m: F6 /4, F7 /4; IMUL r/m: F6 /5, F7 /5 (SDM vol. 2A MUL, IMUL).
                emitGroup3(b, i.size(), i.signed() ? 5 : 4, i.src());
            }
            case X64Inst.Div i -> {
                // DIV r/m: F6 /6, F7 /6; IDIV r/m: F6 /7, F7 /7 (SDM vol. 2A DIV, IDIV). #DE is raised
                // at the instruction itself, so the trap record points at its first byte.
                b.addTrap(i.trapCode());
                emitGroup3(b, i.size(), i.signed() ? 7 : 6, i.divisor());
            }
            case X64Inst.SignExtendData i -> {
                // CBW = 66 98; CWD = 66 99, CDQ = 99, CQO = REX.W 99 (SDM vol. 2A CBW/CWDE/CDQE, CWD/CDQ/CQO).
                switch (i.size()) {
                    case S8 -> { b.put1(0x66); b.put1(0x98); }
                    case S16 -> { b.put1(0x66); b.put1(0x99); }
                    case S32 -> b.put1(0x99);
                    case S64 -> { b.put1(0x48); b.put1(0x99); }
                }
            }
            case X64Inst.Unary i -> {
                // NOT r/m: F6 /2, F7 /2; NEG r/m: F6 /3, F7 /3 (SDM vol. 2B NOT, NEG).
                checkTied(i.src(), i.dst());
                encDigitReg(b, i.size(), i.size() == X64Size.S8 ? 0xF6 : 0xF7, i.op() == X64Inst.UnaryOp.NOT ? 2 : 3, hw(i.dst()));
            }
            case X64Inst.ShiftCl i -> {
                // SAL/SAR/SHL/SHR and RCL/RCR/ROL/ROR by CL: D2 /d (8-bit), D3 /d (SDM vol. 2B SAL..., vol. 2B RCL...).
                checkTied(i.src(), i.dst());
                if (hw(i.amount()) != 1) {
                    throw new IllegalStateException("shift amount must be in rcx");
                }
                encDigitReg(b, i.size(), i.size() == X64Size.S8 ? 0xD2 : 0xD3, i.kind().digit(), hw(i.dst()));
            }
            case X64Inst.ShiftImm i -> {
                // By 1: D0/D1 /d (GNU as prefers this shorter form for a count of 1); else C0/C1 /d ib.
                checkTied(i.src(), i.dst());
                boolean byte8 = i.size() == X64Size.S8;
                if (i.amount() == 1) {
                    encDigitReg(b, i.size(), byte8 ? 0xD0 : 0xD1, i.kind().digit(), hw(i.dst()));
                } else {
                    encDigitReg(b, i.size(), byte8 ? 0xC0 : 0xC1, i.kind().digit(), hw(i.dst()));
                    b.put1(i.amount());
                }
            }
            case X64Inst.BitCount i -> {
                // LZCNT F3 0F BD, TZCNT F3 0F BC, POPCNT F3 0F B8, BSR 0F BD, BSF 0F BC, all /r with
                // reg = destination (SDM vol. 2A BSF, BSR, LZCNT; vol. 2B POPCNT, TZCNT). The operand-size
                // prefix goes before the mandatory F3, as GNU as orders them.
                int pfx = sizePrefix(i.size()) | (i.op().f3() ? PF3 : 0);
                encRegRm(b, pfx, isW(i.size()), i.op().opcode(), 2, hw(i.dst()), false, i.src(), false, 0);
            }
            case X64Inst.Bswap i -> {
                // BSWAP: 0F C8+rd, REX.W for 64 bits (SDM vol. 2A BSWAP).
                checkTied(i.src(), i.dst());
                int r = hw(i.dst());
                rex(b, isW(i.size()), 0, 0, r, false);
                b.put1(0x0F);
                b.put1(0xC8 | (r & 7));
            }
            case X64Inst.Movzx i -> emitExtend(b, i.mode(), false, i.src(), hw(i.dst()));
            case X64Inst.Movsx i -> emitExtend(b, i.mode(), true, i.src(), hw(i.dst()));
            case X64Inst.MovRR i -> {
                // MOV r/m, r: 89 /r (SDM vol. 2A MOV), the form GNU as uses for register copies.
                encRR(b, 0, isW(i.size()), 0x89, 1, hw(i.src()), false, hw(i.dst()), false);
            }
            case X64Inst.Load i -> {
                // MOV r, r/m: 8A /r (8-bit), 8B /r.
                boolean byte8 = i.size() == X64Size.S8;
                encRegMem(b, sizePrefix(i.size()), isW(i.size()), byte8 ? 0x8A : 0x8B, 1, hw(i.dst()), byte8, i.src(), 0);
            }
            case X64Inst.Store i -> {
                // MOV r/m, r: 88 /r (8-bit), 89 /r.
                boolean byte8 = i.size() == X64Size.S8;
                encRegMem(b, sizePrefix(i.size()), isW(i.size()), byte8 ? 0x88 : 0x89, 1, hw(i.src()), byte8, i.dst(), 0);
            }
            case X64Inst.MovImm i -> emitMovImm(b, i);
            case X64Inst.StoreImm i -> {
                // MOV r/m, imm: C6 /0 ib, C7 /0 iw/id (sign-extended to 64 with REX.W).
                boolean byte8 = i.size() == X64Size.S8;
                int immBytes = immSize(i.size());
                encRegMem(b, sizePrefix(i.size()), isW(i.size()), byte8 ? 0xC6 : 0xC7, 1, 0, false, i.dst(), immBytes);
                putImm(b, i.imm(), immBytes);
            }
            case X64Inst.Lea i -> encRegMem(b, 0, isW(i.size()), 0x8D, 1, hw(i.dst()), false, i.addr(), 0);
            case X64Inst.LoadExtName i -> {
                // MOV r64, imm64: REX.W B8+rd io; the immediate is the Abs8-relocated address.
                int r = hw(i.dst());
                rex(b, true, 0, 0, r, false);
                b.put1(0xB8 | (r & 7));
                b.addReloc(RelocKind.Abs8, i.name(), i.addend());
                b.put8(0);
            }
            case X64Inst.Cmove i -> {
                // CMOVcc r, r/m: 0F 40+cc /r (SDM vol. 2A CMOVcc).
                checkTied(i.alternative(), i.dst());
                encRegRm(b, sizePrefix(i.size()), isW(i.size()), 0x0F40 | i.cc().enc(), 2, hw(i.dst()), false, i.consequent(), false, 0);
            }
            case X64Inst.Setcc i -> {
                // SETcc r/m8: 0F 90+cc /0 (SDM vol. 2B SETcc).
                encRR(b, 0, false, 0x0F90 | i.cc().enc(), 2, 0, false, hw(i.dst()), true);
            }
            case X64Inst.Push i -> {
                // PUSH r64: 50+rd; PUSH r/m64: FF /6; PUSH imm8: 6A ib; PUSH imm32: 68 id (SDM vol. 2B PUSH).
                switch (i.src()) {
                    case X64RegMem.Reg(int r) -> {
                        rex(b, false, 0, 0, hw(r), false);
                        b.put1(0x50 | (hw(r) & 7));
                    }
                    case X64RegMem.Mem(X64Amode a) -> encRegMem(b, 0, false, 0xFF, 1, 6, false, a, 0);
                    case X64RegMemImm.Imm(int v) -> {
                        if (fitsI8(v)) {
                            b.put1(0x6A);
                            b.put1(v);
                        } else {
                            b.put1(0x68);
                            b.put4(v);
                        }
                    }
                }
            }
            case X64Inst.Pop i -> {
                // POP r64: 58+rd (SDM vol. 2B POP).
                int r = hw(i.dst());
                rex(b, false, 0, 0, r, false);
                b.put1(0x58 | (r & 7));
            }
            case X64Inst.XmmRmR i -> {
                checkTied(i.src1(), i.dst());
                encRegRm(b, i.op().prefix(), false, i.op().opcode(), 2, hw(i.dst()), false, i.src2(), false, 0);
            }
            case X64Inst.XmmUnary i -> encRegRm(b, i.op().prefix(), false, i.op().opcode(), 2, hw(i.dst()), false, i.src(), false, 0);
            case X64Inst.XmmStore i -> {
                // MOVSS m32, xmm: F3 0F 11 /r; MOVSD m64, xmm: F2 0F 11 /r (SDM vol. 2B MOVSS, vol. 2A MOVSD).
                encRegMem(b, i.op().prefix(), false, i.op().opcode() + 1, 2, hw(i.src()), false, i.dst(), 0);
            }
            case X64Inst.GprToXmm i -> {
                // MOVD xmm, r/m32: 66 0F 6E /r; MOVQ xmm, r/m64: 66 REX.W 0F 6E /r (SDM vol. 2B MOVD/MOVQ).
                // From memory, GNU as prefers MOVQ xmm, m64: F3 0F 7E /r (SDM vol. 2B MOVQ), no REX.W.
                if (i.size() == X64Size.S64 && i.src() instanceof X64RegMem.Mem(X64Amode a)) {
                    encRegMem(b, PF3, false, 0x0F7E, 2, hw(i.dst()), false, a, 0);
                } else {
                    encRegRm(b, P66, isW(i.size()), 0x0F6E, 2, hw(i.dst()), false, i.src(), false, 0);
                }
            }
            case X64Inst.XmmToGpr i -> {
                // MOVD r/m32, xmm: 66 0F 7E /r; MOVQ r/m64, xmm: 66 REX.W 0F 7E /r (SDM vol. 2B MOVD/MOVQ).
                encRR(b, P66, isW(i.size()), 0x0F7E, 2, hw(i.src()), false, hw(i.dst()), false);
            }
            case X64Inst.CvtIntToFloat i -> {
                // CVTSI2SS xmm, r/m: F3 [REX.W] 0F 2A /r; CVTSI2SD: F2 [REX.W] 0F 2A /r (SDM vol. 2A).
                encRegRm(b, i.dbl() ? PF2 : PF3, isW(i.size()), 0x0F2A, 2, hw(i.dst()), false, i.src(), false, 0);
            }
            case X64Inst.XmmRound i -> {
                // ROUNDSS xmm, xmm/m32, imm8: 66 0F 3A 0A /r ib; ROUNDSD: 66 0F 3A 0B /r ib (SDM vol. 2B).
                encRegRm(b, P66, false, i.dbl() ? 0x0F3A0B : 0x0F3A0A, 3, hw(i.dst()), false, i.src(), false, 1);
                b.put1(i.mode());
            }
            case X64Inst.CvtFloatToInt i -> {
                // CVTTSS2SI r, xmm/m32: F3 [REX.W] 0F 2C /r; CVTTSD2SI r, xmm/m64: F2 [REX.W] 0F 2C /r (SDM vol. 2A).
                encRegRm(b, i.dbl() ? PF2 : PF3, isW(i.size()), 0x0F2C, 2, hw(i.dst()), false, i.src(), false, 0);
            }
            case X64Inst.XmmCmp i -> encRegRm(b, i.op().prefix(), false, i.op().opcode(), 2, hw(i.src1()), false, i.src2(), false, 0);
            case X64Inst.XmmCmove i -> {
                // Jcc rel8 (70+cc cb, SDM vol. 2A Jcc) on the inverted condition over MOVAPS (0F 28 /r).
                checkTied(i.alternative(), i.dst());
                b.put1(0x70 | i.cc().invert().enc());
                b.put1(xmmRRLength(0, hw(i.dst()), hw(i.consequent())));
                encRR(b, 0, false, 0x0F28, 2, hw(i.dst()), false, hw(i.consequent()), false);
            }
            case X64Inst.XmmMinMaxSeq i -> emitMinMax(b, i);
            case X64Inst.Jmp i -> emitJmp(b, i.label());
            case X64Inst.JmpCond i -> {
                emitJcc(b, i.cc(), i.taken());
                emitJmp(b, i.notTaken());
            }
            case X64Inst.JmpIf i -> emitJcc(b, i.cc(), i.label());
            case X64Inst.JmpUnknown i -> {
                // JMP r/m64: FF /4 (SDM vol. 2A JMP); 64-bit operand size is the default.
                encRegRm(b, 0, false, 0xFF, 1, 4, false, i.target(), false, 0);
            }
            case X64Inst.JmpTableSeq i -> emitJmpTable(b, i);
            case X64Inst.CallKnown i -> {
                // CALL rel32: E8 cd (SDM vol. 2A CALL); the target is an external name, so the field
                // is left zero with a relocation whose addend accounts for RIP being past it.
                b.put1(0xE8);
                b.addReloc(RelocKind.X86CallPCRel4, i.name(), -4);
                b.put4(0);
                b.addCallSite(i.info().callSiteInfo());
                emitCalleePop(b, i.info());
            }
            case X64Inst.CallUnknown i -> {
                // CALL r/m64: FF /2.
                encRegRm(b, 0, false, 0xFF, 1, 2, false, i.target(), false, 0);
                b.addCallSite(i.info().callSiteInfo());
                emitCalleePop(b, i.info());
            }
            case X64Inst.Ret i -> {
                // RET: C3; RET imm16: C2 iw (SDM vol. 2B RET).
                if (i.popBytes() == 0) {
                    b.put1(0xC3);
                } else {
                    b.put1(0xC2);
                    b.put2(i.popBytes());
                }
            }
            case X64Inst.Args i -> {
                // Only tells the allocator where arguments arrive.
            }
            case X64Inst.TrapIf i -> emitJcc(b, i.cc(), b.deferTrap(i.trapCode(), UD2));
            case X64Inst.Mfence i -> {
                // MFENCE: 0F AE F0 (SDM vol. 2B MFENCE).
                b.put1(0x0F);
                b.put1(0xAE);
                b.put1(0xF0);
            }
            case X64Inst.AtomicXadd i -> {
                // LOCK XADD r/m, r: F0 0F C0 /r (8-bit), F0 0F C1 /r (SDM vol. 2B XADD). XCHG r/m, r:
                // 86 /r, 87 /r, locked without the prefix (SDM vol. 2B XCHG).
                checkTied(i.src(), i.dst());
                boolean byte8 = i.size() == X64Size.S8;
                if (i.xchg()) {
                    encRegMem(b, sizePrefix(i.size()), isW(i.size()), byte8 ? 0x86 : 0x87, 1, hw(i.src()), byte8, i.addr(), 0);
                } else {
                    lockPrefix(b, i.size());
                    encRegMem(b, 0, isW(i.size()), byte8 ? 0x0FC0 : 0x0FC1, 2, hw(i.src()), byte8, i.addr(), 0);
                }
            }
            case X64Inst.AtomicCas i -> {
                // LOCK CMPXCHG r/m, r: F0 0F B0 /r (8-bit), F0 0F B1 /r (SDM vol. 2A CMPXCHG).
                boolean byte8 = i.size() == X64Size.S8;
                lockPrefix(b, i.size());
                encRegMem(b, 0, isW(i.size()), byte8 ? 0x0FB0 : 0x0FB1, 2, hw(i.replacement()), byte8, i.addr(), 0);
            }
            case X64Inst.AtomicRmwLoop i -> {
                emit(i.load(), b);
                int loop = b.curOffset();
                for (X64Inst part : i.body()) emit(part, b);
                // JNZ rel8 back: cmpxchg clears ZF when the memory had changed (SDM vol. 2A Jcc).
                b.put1(0x75);
                b.put1(loop - (b.curOffset() + 1));
            }
            case X64Inst.Ud2 i -> {
                // UD2: 0F 0B (SDM vol. 2B UD).
                b.addTrap(i.trapCode());
                b.put1(0x0F);
                b.put1(0x0B);
            }
            case X64Inst.Nop i -> emitNops(b, i.len());
            case X64Inst.ReturnCallKnown i -> {
                // JMP rel32: E9 cd (SDM vol. 2A JMP); the epilogue precedes it (X64FunctionEmitter).
                b.put1(0xE9);
                b.addReloc(RelocKind.X86CallPCRel4, i.name(), -4);
                b.put4(0);
            }
            case X64Inst.ReturnCallUnknown i -> {
                // JMP r/m64: FF /4 on r11, where the function emitter moved the target.
                encRegRm(b, 0, false, 0xFF, 1, 4, false, new X64RegMem.Reg(X64Regs.R11), false, 0);
            }
        }
    }

    /** Bytes of an SSE register-register instruction {@code [prefix] [REX] 0F op modrm}. */
    private static int xmmRRLength(int prefix, int regHw, int rmHw) {
        return (prefix != 0 ? 1 : 0) + (regHw >= 8 || rmHw >= 8 ? 1 : 0) + 3;
    }

    /**
     * The fmin/fmax sequence of {@link X64Inst.XmmMinMaxSeq} with short jumps (JNE 75, JP 7A, JMP EB,
     * all rel8: SDM vol. 2A Jcc, JMP); every part is a register-register SSE instruction, whose
     * length is known before it is emitted.
     */
    private static void emitMinMax(MachBuffer b, X64Inst.XmmMinMaxSeq i) {
        checkTied(i.lhs(), i.dst());
        X64Inst[] p = i.parts();
        int d = hw(i.dst()), r = hw(i.rhs());
        int eqLen = xmmRRLength(((X64Inst.XmmRmR) p[1]).op().prefix(), d, r);
        int nanLen = xmmRRLength(((X64Inst.XmmRmR) p[2]).op().prefix(), d, r);
        int opLen = xmmRRLength(((X64Inst.XmmRmR) p[3]).op().prefix(), d, r);
        emit(p[0], b);
        b.put1(0x75); // jne: ordered and not equal
        b.put1(2 + eqLen + 2 + nanLen + 2);
        b.put1(0x7A); // jp: unordered
        b.put1(eqLen + 2);
        emit(p[1], b);
        b.put1(0xEB);
        b.put1(nanLen + 2 + opLen);
        emit(p[2], b);
        b.put1(0xEB);
        b.put1(opLen);
        emit(p[3], b);
    }

    /** {@code sub rsp, n} after a call whose callee popped {@code n} bytes of stack arguments. */
    private static void emitCalleePop(MachBuffer b, X64Inst.CallInfo info) {
        if (info.calleePopBytes() != 0) {
            emitAlu(b, X64Size.S64, X64AluOp.SUB, hw(X64Regs.RSP), new X64RegMemImm.Imm(info.calleePopBytes()));
        }
    }

    // ------------------------------------------------------------------ groups

    /** ALU {@code dst op= src} (or cmp) for reg/mem/imm sources (SDM vol. 2A ADD etc., Table A-6 group 1). */
    private static void emitAlu(MachBuffer b, X64Size size, X64AluOp op, int dst, X64RegMemImm src) {
        boolean byte8 = size == X64Size.S8;
        int pfx = sizePrefix(size);
        boolean w = isW(size);
        switch (src) {
            // op r/m, r: base+0 (8-bit) / base+1, reg = source.
            case X64RegMem.Reg(int r) -> encRR(b, pfx, w, op.base() + (byte8 ? 0 : 1), 1, hw(r), byte8, dst, byte8);
            // op r, r/m: base+2 / base+3, reg = destination.
            case X64RegMem.Mem(X64Amode a) -> encRegMem(b, pfx, w, op.base() + (byte8 ? 2 : 3), 1, dst, byte8, a, 0);
            case X64RegMemImm.Imm(int v) -> {
                if (byte8) {
                    if (dst == 0) {
                        b.put1(op.base() + 4); // op AL, imm8
                    } else {
                        encDigitReg(b, size, 0x80, op.digit(), dst);
                    }
                    b.put1(v);
                } else if (fitsI8(size, v)) {
                    encDigitReg(b, size, 0x83, op.digit(), dst); // op r/m, imm8 sign-extended
                    b.put1(v);
                } else if (dst == 0) {
                    prefixAndRex(b, pfx, w, 0, 0, 0, false);
                    b.put1(op.base() + 5); // op eAX, imm
                    putImm(b, v, immSize(size));
                } else {
                    encDigitReg(b, size, 0x81, op.digit(), dst);
                    putImm(b, v, immSize(size));
                }
            }
        }
    }

    private static void emitAluMem(MachBuffer b, X64Inst.AluM i) {
        X64Size size = i.size();
        boolean byte8 = size == X64Size.S8;
        int pfx = sizePrefix(size);
        boolean w = isW(size);
        switch (i.src()) {
            case X64RegMem.Reg(int r) -> encRegMem(b, pfx, w, i.op().base() + (byte8 ? 0 : 1), 1, hw(r), byte8, i.dst(), 0);
            case X64RegMemImm.Imm(int v) -> {
                int immBytes = byte8 || fitsI8(size, v) ? 1 : immSize(size);
                int opc = byte8 ? 0x80 : immBytes == 1 ? 0x83 : 0x81;
                encRegMem(b, pfx, w, opc, 1, i.op().digit(), false, i.dst(), immBytes);
                putImm(b, v, immBytes);
            }
            case X64RegMem.Mem m -> throw new IllegalStateException("memory source with memory destination");
        }
    }

    /** TEST (SDM vol. 2B TEST): 84/85 /r, A8/A9 for the accumulator with an immediate, F6/F7 /0 otherwise. */
    private static void emitTest(MachBuffer b, X64Size size, int src1, X64RegMemImm src2) {
        boolean byte8 = size == X64Size.S8;
        int pfx = sizePrefix(size);
        boolean w = isW(size);
        int opc = byte8 ? 0x84 : 0x85;
        switch (src2) {
            case X64RegMem.Reg(int r) -> encRR(b, pfx, w, opc, 1, hw(r), byte8, src1, byte8);
            case X64RegMem.Mem(X64Amode a) -> encRegMem(b, pfx, w, opc, 1, src1, byte8, a, 0);
            case X64RegMemImm.Imm(int v) -> {
                if (src1 == 0) {
                    prefixAndRex(b, pfx, w, 0, 0, 0, false);
                    b.put1(byte8 ? 0xA8 : 0xA9);
                } else {
                    encDigitReg(b, size, byte8 ? 0xF6 : 0xF7, 0, src1);
                }
                putImm(b, v, immSize(size));
            }
        }
    }

    /** Unary group 3 (F6/F7 /digit) on a register or memory operand. */
    private static void emitGroup3(MachBuffer b, X64Size size, int digit, X64RegMem rm) {
        boolean byte8 = size == X64Size.S8;
        encRegRm(b, sizePrefix(size), isW(size), byte8 ? 0xF6 : 0xF7, 1, digit, false, rm, byte8, 0);
    }

    /**
     * MOVZX r, r/m8: 0F B6 /r; r, r/m16: 0F B7 /r. MOVSX: 0F BE / 0F BF. MOVSXD r64, r/m32:
     * REX.W 63 /r (SDM vol. 2B MOVZX, MOVSX/MOVSXD). Zero extension from 32 bits is MOV r32, r/m32
     * (89 /r for a register, 8B /r from memory), since a 32-bit write clears the upper half
     * (SDM vol. 1 §3.4.1.1).
     */
    private static void emitExtend(MachBuffer b, X64ExtMode mode, boolean signed, X64RegMem src, int dst) {
        X64Size to = mode.to();
        int pfx = sizePrefix(to);
        if (mode == X64ExtMode.LQ) {
            if (signed) {
                encRegRm(b, 0, true, 0x63, 1, dst, false, src, false, 0);
            } else if (src instanceof X64RegMem.Reg(int r)) {
                encRR(b, 0, false, 0x89, 1, hw(r), false, dst, false);
            } else {
                encRegRm(b, 0, false, 0x8B, 1, dst, false, src, false, 0);
            }
            return;
        }
        boolean fromByte = mode.from() == X64Size.S8;
        int opc = (signed ? 0x0FBE : 0x0FB6) + (fromByte ? 0 : 1);
        encRegRm(b, pfx, isW(to), opc, 2, dst, false, src, fromByte, 0);
    }

    /**
     * MOV r8, imm8: B0+rb; MOV r16/32, imm: B8+rw/rd (SDM vol. 2A MOV). For 64 bits, a value that
     * fits a sign-extended imm32 uses REX.W C7 /0 id, as GNU as does for {@code mov r64, imm};
     * anything else needs REX.W B8+rd io ({@code movabs}).
     */
    private static void emitMovImm(MachBuffer b, X64Inst.MovImm i) {
        int r = hw(i.dst());
        long v = i.imm();
        switch (i.size()) {
            case S8 -> {
                rex(b, false, 0, 0, r, r >= 4 && r <= 7);
                b.put1(0xB0 | (r & 7));
                b.put1((int) v);
            }
            case S16 -> {
                b.put1(0x66);
                rex(b, false, 0, 0, r, false);
                b.put1(0xB8 | (r & 7));
                b.put2((int) v);
            }
            case S32 -> {
                rex(b, false, 0, 0, r, false);
                b.put1(0xB8 | (r & 7));
                b.put4((int) v);
            }
            case S64 -> {
                if (v == (int) v) {
                    encDigitReg(b, X64Size.S64, 0xC7, 0, r);
                    b.put4((int) v);
                } else {
                    rex(b, true, 0, 0, r, false);
                    b.put1(0xB8 | (r & 7));
                    b.put8(v);
                }
            }
        }
    }

    /**
     * LEA (8D /r), MOVSXD (REX.W 63 /r), ADD (REX.W 01 /r), JMP r64 (FF /4), then the table. Entries
     * are PCRel32 uses whose in-field addend {@code entry - table} turns {@code target - entry}
     * into {@code target - table}.
     */
    private static void emitJmpTable(MachBuffer b, X64Inst.JmpTableSeq i) {
        int t1 = hw(i.tmp1());
        int t2 = hw(i.tmp2());
        int table = b.getLabel();
        encRegMem(b, 0, true, 0x8D, 1, t1, false, new X64Amode.RipLabel(table), 0);
        encRegMem(b, 0, true, 0x63, 1, t2, false, new X64Amode.BaseIndex(i.tmp1(), i.idx(), 2, 0), 0);
        encRR(b, 0, true, 0x01, 1, t2, false, t1, false);
        encRR(b, 0, false, 0xFF, 1, 4, false, t1, false);
        int tableStart = b.curOffset();
        b.bindLabel(table);
        for (int target : i.targets()) {
            int at = b.curOffset();
            b.useLabelAtOffset(at, target, X64LabelUse.PCRel32);
            b.put4(at - tableStart);
        }
    }

    /** JMP rel32: E9 cd (SDM vol. 2A JMP), announced to the buffer as an unconditional branch. */
    private static void emitJmp(MachBuffer b, int label) {
        b.addUncondBranch(label, X64LabelUse.JmpRel32, 1, 5);
        b.put1(0xE9);
        b.put4(0);
    }

    /** Jcc rel32: 0F 80+cc cd (SDM vol. 2A Jcc); the inverted form differs only in the condition. */
    private static void emitJcc(MachBuffer b, X64CC cc, int label) {
        byte[] inverted = {0x0F, (byte) (0x80 | cc.invert().enc()), 0, 0, 0, 0};
        b.addCondBranch(label, X64LabelUse.JmpRel32, 2, 6, inverted);
        b.put1(0x0F);
        b.put1(0x80 | cc.enc());
        b.put4(0);
    }

    /**
     * The recommended multi-byte NOP sequences of SDM vol. 2B NOP (Table 4-12), longest first:
     * {@code 0F 1F /0} with a ModRM/SIB/displacement that only pads.
     */
    private static final int[][] NOPS = {
        {},
        {0x90},
        {0x66, 0x90},
        {0x0F, 0x1F, 0x00},
        {0x0F, 0x1F, 0x40, 0x00},
        {0x0F, 0x1F, 0x44, 0x00, 0x00},
        {0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00},
        {0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00},
        {0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
        {0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    };

    static final int MAX_NOP = 9;

    /** UD2: 0F 0B (SDM vol. 2B UD). Cloned by the buffer. */
    private static final byte[] UD2 = {0x0F, 0x0B};

    private static void emitNops(MachBuffer b, int len) {
        while (len > 0) {
            int n = Math.min(len, MAX_NOP);
            for (int x : NOPS[n]) {
                b.put1(x);
            }
            len -= n;
        }
    }

    // ------------------------------------------------------------------ encoding primitives

    private static int hw(int reg) {
        return Reg.hwEnc(reg);
    }

    /** Two-address forms are encoded with one register: allocation must have tied them. */
    private static void checkTied(int src, int dst) {
        if (src != dst) {
            throw new IllegalStateException("two-address operands differ: " + Reg.toString(src) + " vs " + Reg.toString(dst));
        }
    }

    /** The operand-size prefix (if any) then LOCK (F0), in the order GNU as writes them. */
    private static void lockPrefix(MachBuffer b, X64Size s) {
        if (s == X64Size.S16) b.put1(0x66);
        b.put1(0xF0);
    }

    private static int sizePrefix(X64Size s) {
        return s == X64Size.S16 ? P66 : 0;
    }

    private static boolean isW(X64Size s) {
        return s == X64Size.S64;
    }

    private static boolean fitsI8(int v) {
        return v == (byte) v;
    }

    /** Whether the immediate, taken at the operand size, is a sign-extended imm8 (0xFFFF is -1 at 16 bits). */
    private static boolean fitsI8(X64Size size, int v) {
        return fitsI8(size == X64Size.S16 ? (short) v : v);
    }

    /** Bytes of a full-size immediate: imm8, imm16, or imm32 (also for 64 bits, sign-extended). */
    private static int immSize(X64Size s) {
        return switch (s) {
            case S8 -> 1;
            case S16 -> 2;
            default -> 4;
        };
    }

    private static void putImm(MachBuffer b, int v, int bytes) {
        switch (bytes) {
            case 1 -> b.put1(v);
            case 2 -> b.put2(v);
            default -> b.put4(v);
        }
    }

    /** An 8-bit operand in spl/bpl/sil/dil needs a REX prefix, else it would mean ah/ch/dh/bh (SDM vol. 2A §2.2.1.2). */
    private static boolean needsRexForByte(int hwEnc) {
        return hwEnc >= 4 && hwEnc <= 7;
    }

    /** REX = 0100WRXB (SDM vol. 2A §2.2.1.2, Table 2-4); omitted when it would be 0x40 and not forced. */
    private static void rex(MachBuffer b, boolean w, int regHw, int indexHw, int baseHw, boolean force) {
        int rex = 0x40 | (w ? 8 : 0) | ((regHw >> 3) & 1) << 2 | ((indexHw >> 3) & 1) << 1 | ((baseHw >> 3) & 1);
        if (rex != 0x40 || force) {
            b.put1(rex);
        }
    }

    private static void prefixAndRex(MachBuffer b, int pfx, boolean w, int regHw, int indexHw, int baseHw, boolean force) {
        if ((pfx & P66) != 0) {
            b.put1(0x66);
        }
        if ((pfx & PF3) != 0) {
            b.put1(0xF3);
        }
        if ((pfx & PF2) != 0) {
            b.put1(0xF2);
        }
        rex(b, w, regHw, indexHw, baseHw, force);
    }

    private static void opcode(MachBuffer b, int opcode, int len) {
        for (int i = len - 1; i >= 0; i--) {
            b.put1(opcode >>> (8 * i));
        }
    }

    /** {@code opc /digit} on a register, with size prefixes (group opcodes 80/81/83/C0/C1/D0-D3/F6/F7/C7). */
    private static void encDigitReg(MachBuffer b, X64Size size, int opc, int digit, int rmHw) {
        boolean byte8 = size == X64Size.S8;
        prefixAndRex(b, sizePrefix(size), isW(size), 0, 0, rmHw, byte8 && needsRexForByte(rmHw));
        b.put1(opc);
        b.put1(MOD_REG << 6 | digit << 3 | (rmHw & 7));
    }

    /**
     * Prefixes, REX, opcode and ModRM (+SIB, displacement) for {@code reg} (a register encoding or
     * a /digit) and a register-or-memory operand. {@code regIsByte}/{@code rmIsByte} say whether a
     * register in that field is an 8-bit register, which may force an empty REX.
     */
    private static void encRegRm(MachBuffer b, int pfx, boolean w, int opc, int opLen, int reg, boolean regIsByte,
                                 X64RegMem rm, boolean rmIsByte, int immBytes) {
        switch (rm) {
            case X64RegMem.Reg(int r) -> encRR(b, pfx, w, opc, opLen, reg, regIsByte, hw(r), rmIsByte);
            case X64RegMem.Mem(X64Amode a) -> encRegMem(b, pfx, w, opc, opLen, reg, regIsByte, a, immBytes);
        }
    }

    /** Register-direct form (ModRM.mod = 11). */
    private static void encRR(MachBuffer b, int pfx, boolean w, int opc, int opLen, int reg, boolean regIsByte,
                              int rmHw, boolean rmIsByte) {
        boolean force = regIsByte && needsRexForByte(reg) || rmIsByte && needsRexForByte(rmHw);
        prefixAndRex(b, pfx, w, reg, 0, rmHw, force);
        opcode(b, opc, opLen);
        b.put1(MOD_REG << 6 | (reg & 7) << 3 | (rmHw & 7));
    }

    /**
     * Memory form. {@code immBytes} is the size of any immediate that follows, needed because RIP
     * in a RIP-relative address is the end of the whole instruction.
     */
    private static void encRegMem(MachBuffer b, int pfx, boolean w, int opc, int opLen, int reg, boolean regIsByte,
                                  X64Amode amode, int immBytes) {
        boolean force = regIsByte && needsRexForByte(reg);
        switch (amode) {
            case X64Amode.BaseIndex(int base, int index, int shift, int disp) -> {
                int baseHw = hw(base);
                int indexHw = index == Reg.INVALID ? 4 : hw(index);
                prefixAndRex(b, pfx, w, reg, index == Reg.INVALID ? 0 : indexHw, baseHw, force);
                opcode(b, opc, opLen);
                // rbp/r13 as base with mod 00 would mean RIP/disp32-only, so a zero displacement
                // still needs disp8 (SDM vol. 2A §2.1.5, Tables 2-2 and 2-3, and §2.2.1.6).
                int mod;
                if (disp == 0 && (baseHw & 7) != 5) {
                    mod = MOD_DISP0;
                } else if (fitsI8(disp)) {
                    mod = MOD_DISP8;
                } else {
                    mod = MOD_DISP32;
                }
                // rsp/r12 as base (rm = 100) mean "a SIB byte follows"; a SIB with index 100 means no index.
                if (index == Reg.INVALID && (baseHw & 7) != 4) {
                    b.put1(mod << 6 | (reg & 7) << 3 | (baseHw & 7));
                } else {
                    b.put1(mod << 6 | (reg & 7) << 3 | 4);
                    b.put1(shift << 6 | (indexHw & 7) << 3 | (baseHw & 7));
                }
                if (mod == MOD_DISP8) {
                    b.put1(disp);
                } else if (mod == MOD_DISP32) {
                    b.put4(disp);
                }
            }
            case X64Amode.RipLabel(int label) -> {
                // mod 00, rm 101 in 64-bit mode: RIP + disp32 (SDM vol. 2A §2.2.1.6).
                prefixAndRex(b, pfx, w, reg, 0, 0, force);
                opcode(b, opc, opLen);
                b.put1(MOD_DISP0 << 6 | (reg & 7) << 3 | 5);
                b.useLabelAtOffset(b.curOffset(), label, X64LabelUse.PCRel32);
                b.put4(-4 - immBytes);
            }
            case X64Amode.RipSymbol(int name, long addend) -> {
                prefixAndRex(b, pfx, w, reg, 0, 0, force);
                opcode(b, opc, opLen);
                b.put1(MOD_DISP0 << 6 | (reg & 7) << 3 | 5);
                b.addReloc(RelocKind.X86PCRel4, name, addend - 4 - immBytes);
                b.put4(0);
            }
            case X64Amode.StackSlot s -> throw new IllegalStateException("unresolved frame address " + s);
            case X64Amode.SpillSlot s -> throw new IllegalStateException("unresolved frame address " + s);
        }
    }
}
