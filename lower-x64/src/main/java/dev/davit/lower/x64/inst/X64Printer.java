package dev.davit.lower.x64.inst;

import java.util.function.IntFunction;

/**
 * Prints instructions in Intel syntax as GNU {@code as} reads it after
 * {@code .intel_syntax noprefix}. Labels print as {@code .L<n>} and external names as
 * {@code ext<n>} unless other namings are supplied; virtual registers print as {@code %vN}
 * (not assemblable, for VCode before allocation). An instruction may print as several lines
 * ({@link X64Inst.JmpCond}, long {@link X64Inst.Nop}s).
 *
 * <p>Jumps to labels print without a size hint, so {@code as} alone would pick rel8 for near
 * targets where the emitter always uses rel32; prefixing them with {@code {disp32}} makes the two
 * agree (see {@link #jumpPrefix}).
 */
public final class X64Printer {
    private final IntFunction<String> labelName;
    private final IntFunction<String> symbolName;
    private final String jumpPrefix;

    public X64Printer() {
        this(l -> ".L" + l, n -> "ext" + n, "");
    }

    public X64Printer(IntFunction<String> labelName, IntFunction<String> symbolName, String jumpPrefix) {
        this.labelName = labelName;
        this.symbolName = symbolName;
        this.jumpPrefix = jumpPrefix;
    }

    /** A printer whose label jumps carry GNU as's {@code {disp32}} pseudo-prefix, to assemble exactly as emitted. */
    public static X64Printer forAssembler() {
        return new X64Printer(l -> ".L" + l, n -> "ext" + n, "{disp32} ");
    }

    /** The prefix put before label jumps ({@code ""} or {@code "{disp32} "}). */
    public String jumpPrefix() {
        return jumpPrefix;
    }

    public String print(X64Inst inst) {
        return switch (inst) {
            case X64Inst.AluRmiR i -> i.op().mnemonic() + " " + reg(i.dst(), i.size()) + ", " + rmi(i.src2(), i.size());
            case X64Inst.AluM i -> i.op().mnemonic() + " " + mem(i.dst(), i.size()) + ", " + rmi(i.src(), i.size());
            case X64Inst.CmpRmiR i -> (i.op() == X64Inst.CmpOp.CMP ? "cmp " : "test ") + reg(i.src1(), i.size()) + ", " + rmi(i.src2(), i.size());
            case X64Inst.Imul i -> "imul " + reg(i.dst(), i.size()) + ", " + rmi(i.src2(), i.size());
            case X64Inst.ImulImm i -> "imul " + reg(i.dst(), i.size()) + ", " + rmi(i.src(), i.size()) + ", " + imm(i.imm());
            case X64Inst.Mul i -> (i.signed() ? "imul " : "mul ") + rmi(i.src(), i.size());
            case X64Inst.Div i -> (i.signed() ? "idiv " : "div ") + rmi(i.divisor(), i.size());
            case X64Inst.SignExtendData i -> switch (i.size()) {
                case S8 -> "cbw";
                case S16 -> "cwd";
                case S32 -> "cdq";
                case S64 -> "cqo";
            };
            case X64Inst.Unary i -> (i.op() == X64Inst.UnaryOp.NEG ? "neg " : "not ") + reg(i.dst(), i.size());
            case X64Inst.ShiftCl i -> i.kind().mnemonic() + " " + reg(i.dst(), i.size()) + ", cl";
            case X64Inst.ShiftImm i -> i.kind().mnemonic() + " " + reg(i.dst(), i.size()) + ", " + i.amount();
            case X64Inst.BitCount i -> i.op().mnemonic() + " " + reg(i.dst(), i.size()) + ", " + rmi(i.src(), i.size());
            case X64Inst.Bswap i -> "bswap " + reg(i.dst(), i.size());
            case X64Inst.Movzx i -> i.mode() == X64ExtMode.LQ
                    ? "mov " + reg(i.dst(), X64Size.S32) + ", " + rmi(i.src(), X64Size.S32)
                    : "movzx " + reg(i.dst(), i.mode().to()) + ", " + rmi(i.src(), i.mode().from());
            case X64Inst.Movsx i -> (i.mode() == X64ExtMode.LQ ? "movsxd " : "movsx ")
                    + reg(i.dst(), i.mode().to()) + ", " + rmi(i.src(), i.mode().from());
            case X64Inst.MovRR i -> "mov " + reg(i.dst(), i.size()) + ", " + reg(i.src(), i.size());
            case X64Inst.Load i -> "mov " + reg(i.dst(), i.size()) + ", " + mem(i.src(), i.size());
            case X64Inst.Store i -> "mov " + mem(i.dst(), i.size()) + ", " + reg(i.src(), i.size());
            case X64Inst.MovImm i -> (i.size() == X64Size.S64 && i.imm() != (int) i.imm() ? "movabs " : "mov ")
                    + reg(i.dst(), i.size()) + ", " + imm(i.imm());
            case X64Inst.StoreImm i -> "mov " + mem(i.dst(), i.size()) + ", " + imm(i.imm());
            case X64Inst.Lea i -> "lea " + reg(i.dst(), i.size()) + ", " + amode(i.addr());
            case X64Inst.LoadExtName i -> "movabs " + reg(i.dst(), X64Size.S64) + ", OFFSET " + symbol(i.name(), i.addend());
            case X64Inst.Cmove i -> "cmov" + i.cc().suffix() + " " + reg(i.dst(), i.size()) + ", " + rmi(i.consequent(), i.size());
            case X64Inst.Setcc i -> "set" + i.cc().suffix() + " " + reg(i.dst(), X64Size.S8);
            case X64Inst.Push i -> "push " + rmi(i.src(), X64Size.S64);
            case X64Inst.Pop i -> "pop " + reg(i.dst(), X64Size.S64);
            case X64Inst.XmmRmR i -> i.op().mnemonic() + " " + xmm(i.dst()) + ", " + xrm(i.src2(), i.op());
            case X64Inst.XmmUnary i -> i.op().mnemonic() + " " + xmm(i.dst()) + ", " + xrm(i.src(), i.op());
            case X64Inst.XmmStore i -> i.op().mnemonic() + " " + i.op().memSize() + " PTR " + amode(i.dst()) + ", " + xmm(i.src());
            case X64Inst.GprToXmm i -> (i.size() == X64Size.S32 ? "movd " : "movq ") + xmm(i.dst()) + ", " + rmi(i.src(), i.size());
            case X64Inst.XmmToGpr i -> (i.size() == X64Size.S32 ? "movd " : "movq ") + reg(i.dst(), i.size()) + ", " + xmm(i.src());
            case X64Inst.CvtIntToFloat i -> (i.dbl() ? "cvtsi2sd " : "cvtsi2ss ") + xmm(i.dst()) + ", " + rmi(i.src(), i.size());
            case X64Inst.XmmRound i -> (i.dbl() ? "roundsd " : "roundss ") + xmm(i.dst()) + ", "
                    + xrm(i.src(), i.dbl() ? X64SseOp.MOVSD : X64SseOp.MOVSS) + ", " + imm(i.mode());
            case X64Inst.CvtFloatToInt i -> (i.dbl() ? "cvttsd2si " : "cvttss2si ") + reg(i.dst(), i.size()) + ", "
                    + xrm(i.src(), i.dbl() ? X64SseOp.MOVSD : X64SseOp.MOVSS);
            case X64Inst.XmmCmp i -> i.op().mnemonic() + " " + xmm(i.src1()) + ", " + xrm(i.src2(), i.op());
            case X64Inst.XmmCmove i -> "j" + i.cc().invert().suffix() + " 1f\nmovaps " + xmm(i.dst()) + ", " + xmm(i.consequent()) + "\n1:";
            case X64Inst.XmmMinMaxSeq i -> {
                X64Inst[] p = i.parts();
                yield print(p[0]) + "\njne 1f\njp 2f\n" + print(p[1]) + "\njmp 3f\n2:\n" + print(p[2]) + "\njmp 3f\n1:\n"
                        + print(p[3]) + "\n3:";
            }
            case X64Inst.Jmp i -> jumpPrefix + "jmp " + labelName.apply(i.label());
            case X64Inst.JmpCond i -> jumpPrefix + "j" + i.cc().suffix() + " " + labelName.apply(i.taken()) + "\n"
                    + jumpPrefix + "jmp " + labelName.apply(i.notTaken());
            case X64Inst.JmpIf i -> jumpPrefix + "j" + i.cc().suffix() + " " + labelName.apply(i.label());
            case X64Inst.JmpUnknown i -> "jmp " + rmi(i.target(), X64Size.S64);
            case X64Inst.JmpTableSeq i -> {
                String t1 = reg(i.tmp1(), X64Size.S64);
                StringBuilder sb = new StringBuilder()
                        .append("lea ").append(t1).append(", [rip+1f]\n")
                        .append("movsxd ").append(reg(i.tmp2(), X64Size.S64)).append(", DWORD PTR [").append(t1).append('+')
                        .append(reg(i.idx(), X64Size.S64)).append("*4]\n")
                        .append("add ").append(t1).append(", ").append(reg(i.tmp2(), X64Size.S64)).append('\n')
                        .append("jmp ").append(t1).append("\n1:");
                for (int t : i.targets()) {
                    sb.append("\n.long ").append(labelName.apply(t)).append("-1b");
                }
                yield sb.toString();
            }
            case X64Inst.CallKnown i -> "call " + symbolName.apply(i.name()) + calleePop(i.info());
            case X64Inst.CallUnknown i -> "call " + rmi(i.target(), X64Size.S64) + calleePop(i.info());
            case X64Inst.Ret i -> i.popBytes() == 0 ? "ret" : "ret " + i.popBytes();
            case X64Inst.Args i -> {
                StringBuilder sb = new StringBuilder("# args");
                for (int k = 0; k < i.defs().length; k++) {
                    sb.append(k == 0 ? " " : ", ").append(reg(i.defs()[k], X64Size.S64)).append('=')
                            .append(X64Regs.name64(dev.davit.codegen.Reg.fromPReg(i.defPregs()[k])));
                }
                yield sb.toString();
            }
            case X64Inst.TrapIf i -> jumpPrefix + "j" + i.cc().suffix() + " " + trapLabel(i.trapCode());
            case X64Inst.Mfence i -> "mfence";
            case X64Inst.AtomicXadd i -> (i.xchg() ? "xchg " : "lock xadd ") + mem(i.addr(), i.size()) + ", " + reg(i.src(), i.size());
            case X64Inst.AtomicCas i -> "lock cmpxchg " + mem(i.addr(), i.size()) + ", " + reg(i.replacement(), i.size());
            case X64Inst.AtomicRmwLoop i -> {
                StringBuilder sb = new StringBuilder(print(i.load())).append("\n2:");
                for (X64Inst part : i.body()) sb.append('\n').append(print(part));
                yield sb.append("\njne 2b").toString();
            }
            case X64Inst.Ud2 i -> "ud2";
            case X64Inst.Nop i -> nops(i.len());
            case X64Inst.ReturnCallKnown i -> "jmp " + symbolName.apply(i.name());
            case X64Inst.ReturnCallUnknown i -> "return_call_indirect " + X64Regs.name64(i.target());
        };
    }

    /**
     * Name of the out-of-line {@code ud2} for a trap code; code that assembles printed
     * {@link X64Inst.TrapIf}s defines it as {@code <name>: ud2} after the function.
     */
    public static String trapLabel(int trapCode) {
        return ".Ltrap" + trapCode;
    }

    /** Texts that GNU as encodes as the NOPs {@link X64Emitter} emits, by length. */
    private static final String[] NOP_TEXT = {
        "",
        "nop",
        "xchg ax, ax",
        "nop DWORD PTR [rax]",
        "{disp8} nop DWORD PTR [rax]",
        "{disp8} nop DWORD PTR [rax+rax*1]",
        "{disp8} nop WORD PTR [rax+rax*1]",
        "{disp32} nop DWORD PTR [rax]",
        "{disp32} nop DWORD PTR [rax+rax*1]",
        "{disp32} nop WORD PTR [rax+rax*1]",
    };

    private static String nops(int len) {
        StringBuilder sb = new StringBuilder();
        while (len > 0) {
            int n = Math.min(len, X64Emitter.MAX_NOP);
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(NOP_TEXT[n]);
            len -= n;
        }
        return sb.toString();
    }

    private static String xmm(int r) {
        return X64Regs.name(r, X64Size.S64);
    }

    /** An SSE operand: an XMM register, or memory of the operation's width. */
    private String xrm(X64RegMem o, X64SseOp op) {
        return switch (o) {
            case X64RegMem.Reg(int r) -> xmm(r);
            case X64RegMem.Mem(X64Amode a) -> op.memSize() + " PTR " + amode(a);
        };
    }

    private static String reg(int r, X64Size size) {
        return X64Regs.name(r, size);
    }

    private String rmi(X64RegMemImm o, X64Size size) {
        return switch (o) {
            case X64RegMem.Reg(int r) -> reg(r, size);
            case X64RegMem.Mem(X64Amode a) -> mem(a, size);
            case X64RegMemImm.Imm(int v) -> imm(v);
        };
    }

    private String mem(X64Amode a, X64Size size) {
        return size.ptr() + " PTR " + amode(a);
    }

    /** {@code [base+index*scale+disp]} with 64-bit register names. */
    public String amode(X64Amode a) {
        return switch (a) {
            case X64Amode.BaseIndex(int base, int index, int shift, int disp) -> {
                StringBuilder sb = new StringBuilder("[").append(X64Regs.name64(base));
                if (index != dev.davit.codegen.Reg.INVALID) {
                    sb.append('+').append(X64Regs.name64(index)).append('*').append(1 << shift);
                }
                if (disp != 0) {
                    sb.append(disp < 0 ? "-" : "+").append("0x").append(Long.toHexString(Math.abs((long) disp)));
                }
                yield sb.append(']').toString();
            }
            case X64Amode.RipLabel(int label) -> "[rip+" + labelName.apply(label) + "]";
            case X64Amode.RipSymbol(int name, long addend) -> "[rip+" + symbol(name, addend) + "]";
            case X64Amode.StackSlot(int slot, int disp) -> disp == 0 ? "[ss" + slot + "]"
                    : "[ss" + slot + (disp < 0 ? "-" : "+") + "0x" + Long.toHexString(Math.abs((long) disp)) + "]";
            case X64Amode.SpillSlot(int slot) -> "[spill" + slot + "]";
        };
    }

    private String symbol(int name, long addend) {
        String s = symbolName.apply(name);
        return addend == 0 ? s : addend > 0 ? s + "+" + addend : s + addend;
    }

    /** The re-adjustment a callee-pops call carries; {@code ;} separates statements in GNU as. */
    private static String calleePop(X64Inst.CallInfo info) {
        return info.calleePopBytes() == 0 ? "" : "; sub rsp, " + imm(info.calleePopBytes());
    }

    private static String imm(long v) {
        if (v < 0) {
            return v == Long.MIN_VALUE ? "-0x8000000000000000" : "-0x" + Long.toHexString(-v);
        }
        return "0x" + Long.toHexString(v);
    }
}
