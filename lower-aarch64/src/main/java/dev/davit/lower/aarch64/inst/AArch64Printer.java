package dev.davit.lower.aarch64.inst;

import dev.davit.codegen.Reg;
import java.util.function.IntFunction;

/**
 * Prints instructions in the syntax GNU {@code as} reads for AArch64. Labels print as
 * {@code .L<n>}, external names as {@code ext<n>} and pool constants as
 * {@link #constLabel} unless other namings are supplied; virtual registers print as {@code %vN}
 * (not assemblable, for VCode before allocation). Register 31 prints as {@code sp}/{@code wsp} or
 * {@code xzr}/{@code wzr} according to the operand position. Where an alias would let the
 * assembler choose a different encoding (e.g. {@code mov} of an immediate), the underlying
 * instruction is printed; otherwise the preferred alias is ({@code cmp}, {@code lsl}, {@code cset}).
 * Pseudo-instructions print as several lines.
 */
public final class AArch64Printer {
    private final IntFunction<String> labelName;
    private final IntFunction<String> symbolName;

    public AArch64Printer() {
        this(l -> ".L" + l, n -> "ext" + n);
    }

    public AArch64Printer(IntFunction<String> labelName, IntFunction<String> symbolName) {
        this.labelName = labelName;
        this.symbolName = symbolName;
    }

    public String print(AArch64Inst inst) {
        return switch (inst) {
            case AArch64Inst.AluRRR i -> aluRRR(i);
            case AArch64Inst.AluRRImm12 i -> {
                boolean flags = i.op().setsFlags();
                String imm = imm(i.imm().bits()) + (i.imm().shift12() ? ", lsl #12" : "");
                if (flags && AArch64Inst.isZr(i.rd())) {
                    yield (i.op() == AArch64AluOp.SUBS ? "cmp " : "cmn ") + xsp(i.rn(), i.size()) + ", " + imm;
                }
                yield i.op().mnemonic() + " " + (flags ? x(i.rd(), i.size()) : xsp(i.rd(), i.size())) + ", "
                        + xsp(i.rn(), i.size()) + ", " + imm;
            }
            case AArch64Inst.AluRRImmLogic i -> {
                String imm = imm(i.imm().value());
                if (i.op() == AArch64AluOp.ANDS && AArch64Inst.isZr(i.rd())) {
                    yield "tst " + x(i.rn(), i.size()) + ", " + imm;
                }
                boolean flags = i.op().setsFlags();
                yield i.op().mnemonic() + " " + (flags ? x(i.rd(), i.size()) : xsp(i.rd(), i.size())) + ", "
                        + x(i.rn(), i.size()) + ", " + imm;
            }
            case AArch64Inst.AluRRRShift i -> threeReg(i.op(), i.size(), i.rd(), i.rn(), i.rm()) + shift(i.shift());
            case AArch64Inst.AluRRRExtend i -> {
                boolean flags = i.op().setsFlags();
                String rm = x(i.rm(), i.extend().is64() ? AArch64Size.S64 : AArch64Size.S32);
                String ext = ", " + i.extend().mnemonic() + (i.amount() != 0 ? " #" + i.amount() : "");
                if (flags && AArch64Inst.isZr(i.rd())) {
                    yield (i.op() == AArch64AluOp.SUBS ? "cmp " : "cmn ") + xsp(i.rn(), i.size()) + ", " + rm + ext;
                }
                yield i.op().mnemonic() + " " + (flags ? x(i.rd(), i.size()) : xsp(i.rd(), i.size())) + ", "
                        + xsp(i.rn(), i.size()) + ", " + rm + ext;
            }
            case AArch64Inst.AluRRRR i -> (i.sub() ? "msub " : "madd ") + x(i.rd(), i.size()) + ", " + x(i.rn(), i.size())
                    + ", " + x(i.rm(), i.size()) + ", " + x(i.ra(), i.size());
            case AArch64Inst.AluRRImmShift i -> i.op().mnemonic() + " " + x(i.rd(), i.size()) + ", " + x(i.rn(), i.size())
                    + ", #" + i.amount();
            case AArch64Inst.Bitfield i -> (i.signed() ? "sbfm " : "ubfm ") + x(i.rd(), i.size()) + ", " + x(i.rn(), i.size())
                    + ", #" + i.immr() + ", #" + i.imms();
            case AArch64Inst.BitRR i -> {
                String m = i.op() == AArch64Inst.BitOp.REV32 && i.size() == AArch64Size.S32 ? "rev" : i.op().mnemonic();
                yield m + " " + x(i.rd(), i.size()) + ", " + x(i.rn(), i.size());
            }
            case AArch64Inst.Extend i -> {
                if (!i.signed() && i.fromBits() == 32) {
                    yield "mov " + x(i.rd(), AArch64Size.S32) + ", " + x(i.rn(), AArch64Size.S32);
                }
                String suffix = i.fromBits() == 8 ? "b" : i.fromBits() == 16 ? "h" : "w";
                AArch64Size to = i.signed() ? AArch64Size.ofBits(i.toBits()) : AArch64Size.S32;
                yield (i.signed() ? "sxt" : "uxt") + suffix + " " + x(i.rd(), to) + ", " + x(i.rn(), AArch64Size.S32);
            }
            case AArch64Inst.Mov i -> "mov " + x(i.rd(), i.size()) + ", " + x(i.rm(), i.size());
            case AArch64Inst.MovWide i -> moveWide(i.op(), x(i.rd(), i.size()), i.imm16(), i.shift());
            case AArch64Inst.MovK i -> moveWide(AArch64MoveWide.Op.MOVK, x(i.rd(), i.size()), i.imm16(), i.shift());
            case AArch64Inst.MovImm i -> {
                String d = x(i.rd(), i.size());
                AArch64ImmLogic imml = AArch64Emitter.movImmAsOrr(i.value(), i.size());
                if (imml != null) {
                    yield "orr " + xsp(i.rd(), i.size()) + ", " + x(AArch64Regs.XZR, i.size()) + ", " + imm(imml.value());
                }
                StringBuilder sb = new StringBuilder();
                for (AArch64MoveWide.Step s : AArch64MoveWide.sequence(i.value(), i.size())) {
                    if (!sb.isEmpty()) {
                        sb.append('\n');
                    }
                    sb.append(moveWide(s.op(), d, s.imm16(), s.shift()));
                }
                yield sb.toString();
            }
            case AArch64Inst.Load i -> loadStore(i.op(), i.rt(), i.amode());
            case AArch64Inst.Store i -> loadStore(i.op(), i.rt(), i.amode());
            case AArch64Inst.LoadP64 i -> "ldp " + x(i.rt(), AArch64Size.S64) + ", " + x(i.rt2(), AArch64Size.S64) + ", " + pairAmode(i.amode());
            case AArch64Inst.StoreP64 i -> "stp " + x(i.rt(), AArch64Size.S64) + ", " + x(i.rt2(), AArch64Size.S64) + ", " + pairAmode(i.amode());
            case AArch64Inst.CSel i -> i.op().mnemonic() + " " + x(i.rd(), i.size()) + ", " + x(i.rn(), i.size()) + ", "
                    + x(i.rm(), i.size()) + ", " + i.cond().suffix();
            case AArch64Inst.CSet i -> (i.mask() ? "csetm " : "cset ") + x(i.rd(), i.size()) + ", " + i.cond().suffix();
            case AArch64Inst.CCmp i -> "ccmp " + x(i.rn(), i.size()) + ", " + x(i.rm(), i.size()) + ", #" + i.nzcv() + ", " + i.cond().suffix();
            case AArch64Inst.CCmpImm i -> "ccmp " + x(i.rn(), i.size()) + ", #" + i.imm5() + ", #" + i.nzcv() + ", " + i.cond().suffix();
            case AArch64Inst.Jump i -> "b " + labelName.apply(i.label());
            case AArch64Inst.CondBr i -> condBranch(i.kind(), labelName.apply(i.taken())) + "\nb " + labelName.apply(i.notTaken());
            case AArch64Inst.OneWayCondBr i -> condBranch(i.kind(), labelName.apply(i.label()));
            case AArch64Inst.Br i -> "br " + x(i.rn(), AArch64Size.S64);
            case AArch64Inst.JmpTableSeq i -> {
                String t1 = x(i.tmp1(), AArch64Size.S64);
                StringBuilder sb = new StringBuilder()
                        .append("adr ").append(t1).append(", .+16\n")
                        .append("ldrsw ").append(x(i.tmp2(), AArch64Size.S64)).append(", [").append(t1).append(", ")
                        .append(x(i.idx(), AArch64Size.S32)).append(", uxtw #2]\n")
                        .append("add ").append(t1).append(", ").append(t1).append(", ").append(x(i.tmp2(), AArch64Size.S64)).append('\n')
                        .append("br ").append(t1).append("\n1:");
                for (int t : i.targets()) {
                    sb.append("\n.word ").append(labelName.apply(t)).append("-1b");
                }
                yield sb.toString();
            }
            case AArch64Inst.Call i -> "bl " + symbolName.apply(i.name()) + reclaimPopped(i.info().calleePopBytes());
            case AArch64Inst.CallInd i -> "blr " + x(i.rn(), AArch64Size.S64) + reclaimPopped(i.info().calleePopBytes());
            case AArch64Inst.ReturnCall i -> "b " + symbolName.apply(i.name());
            case AArch64Inst.ReturnCallInd i -> "br " + x(i.rn(), AArch64Size.S64);
            case AArch64Inst.StackSlotAddr i -> "add " + xsp(i.rd(), AArch64Size.S64) + ", sp, ss" + i.slot()
                    + (i.disp() != 0 ? "+" + i.disp() : "");
            case AArch64Inst.Ret i -> "ret";
            case AArch64Inst.Args i -> {
                StringBuilder sb = new StringBuilder("// args");
                for (int k = 0; k < i.defs().length; k++) {
                    sb.append(k == 0 ? " " : ", ").append(x(i.defs()[k], AArch64Size.S64)).append('=')
                            .append(AArch64Regs.name64(Reg.fromPReg(i.defPregs()[k])));
                }
                yield sb.toString();
            }
            case AArch64Inst.Adr i -> "adr " + x(i.rd(), AArch64Size.S64) + ", " + labelName.apply(i.label());
            case AArch64Inst.Adrp i -> "adrp " + x(i.rd(), AArch64Size.S64) + ", " + symbol(i.name(), i.addend());
            case AArch64Inst.AddLo12 i -> "add " + xsp(i.rd(), AArch64Size.S64) + ", " + xsp(i.rn(), AArch64Size.S64)
                    + ", :lo12:" + symbol(i.name(), i.addend());
            case AArch64Inst.TrapIf i -> condBranch(i.kind(), trapLabel(i.trapCode()));
            case AArch64Inst.Udf i -> "udf #" + i.trapCode();
            case AArch64Inst.Brk i -> "brk #" + imm(i.imm()).substring(1);
            case AArch64Inst.Nop i -> "nop";
            case AArch64Inst.FpuMove i -> "fmov " + d(i.rd()) + ", " + d(i.rn());
            case AArch64Inst.FpuMovImm i -> "fmov " + f(i.rd(), i.size()) + ", #" + AArch64FpImm.decode(i.imm8());
            case AArch64Inst.FpuRR i -> i.op().mnemonic() + " " + f(i.rd(), i.op().resultSize(i.size())) + ", " + f(i.rn(), i.size());
            case AArch64Inst.FpuRRR i -> i.op().mnemonic() + " " + f(i.rd(), i.size()) + ", " + f(i.rn(), i.size())
                    + ", " + f(i.rm(), i.size());
            case AArch64Inst.FpuMAdd i -> "fmadd " + f(i.rd(), i.size()) + ", " + f(i.rn(), i.size()) + ", "
                    + f(i.rm(), i.size()) + ", " + f(i.ra(), i.size());
            case AArch64Inst.FpuCmp i -> "fcmp " + f(i.rn(), i.size()) + ", " + f(i.rm(), i.size());
            case AArch64Inst.FpuCSel i -> "fcsel " + f(i.rd(), i.size()) + ", " + f(i.rn(), i.size()) + ", "
                    + f(i.rm(), i.size()) + ", " + i.cond().suffix();
            case AArch64Inst.FpuIntCvt i -> i.op().toFp()
                    ? i.op().mnemonic() + " " + f(i.rd(), i.fpSize()) + ", " + x(i.rn(), i.intSize())
                    : i.op().mnemonic() + " " + x(i.rd(), i.intSize()) + ", " + f(i.rn(), i.fpSize());
            case AArch64Inst.LoadAcquire i -> "ldar" + atomicSuffix(i.bits()) + " " + x(i.rt(), atomicSize(i.bits()))
                    + ", [" + xsp(i.rn(), AArch64Size.S64) + "]";
            case AArch64Inst.StoreRelease i -> "stlr" + atomicSuffix(i.bits()) + " " + x(i.rt(), atomicSize(i.bits()))
                    + ", [" + xsp(i.rn(), AArch64Size.S64) + "]";
            case AArch64Inst.Fence i -> "dmb ish";
            case AArch64Inst.AtomicRmwLse i -> i.op().mnemonic() + "al" + atomicSuffix(i.bits()) + " "
                    + x(i.rs(), atomicSize(i.bits())) + ", " + x(i.rt(), atomicSize(i.bits())) + ", ["
                    + xsp(i.rn(), AArch64Size.S64) + "]";
            case AArch64Inst.CasLse i -> "casal" + atomicSuffix(i.bits()) + " " + x(i.old(), atomicSize(i.bits())) + ", "
                    + x(i.replacement(), atomicSize(i.bits())) + ", [" + xsp(i.rn(), AArch64Size.S64) + "]";
            case AArch64Inst.AtomicRmwLoop i -> {
                StringBuilder sb = new StringBuilder(loadExclusive(i.bits(), i.old(), i.addr()));
                int n = 1;
                for (AArch64Inst step : i.body()) {
                    sb.append('\n').append(print(step));
                    n++;
                }
                sb.append('\n').append(storeExclusive(i.bits(), i.status(), i.stored(), i.addr()));
                n++;
                yield sb.append("\ncbnz ").append(x(i.status(), AArch64Size.S32)).append(", .-").append(4 * n).toString();
            }
            case AArch64Inst.AtomicCasLoop i -> loadExclusive(i.bits(), i.old(), i.addr()) + "\n" + print(i.compare())
                    + "\nb.ne .+12\n" + storeExclusive(i.bits(), i.status(), i.replacement(), i.addr())
                    + "\ncbnz " + x(i.status(), AArch64Size.S32) + ", .-16";
        };
    }

    private static String atomicSuffix(int bits) {
        return bits == 8 ? "b" : bits == 16 ? "h" : "";
    }

    /** The register width an atomic access of {@code bits} names its data register with. */
    private static AArch64Size atomicSize(int bits) {
        return bits == 64 ? AArch64Size.S64 : AArch64Size.S32;
    }

    private static String loadExclusive(int bits, int rt, int rn) {
        return "ldaxr" + atomicSuffix(bits) + " " + x(rt, atomicSize(bits)) + ", [" + xsp(rn, AArch64Size.S64) + "]";
    }

    private static String storeExclusive(int bits, int rs, int rt, int rn) {
        return "stlxr" + atomicSuffix(bits) + " " + x(rs, AArch64Size.S32) + ", " + x(rt, atomicSize(bits)) + ", ["
                + xsp(rn, AArch64Size.S64) + "]";
    }

    /** The sp re-adjustment after a call whose callee popped {@code bytes}, as the emitter does it. */
    private String reclaimPopped(int bytes) {
        if (bytes == 0) {
            return "";
        }
        AArch64Imm12 imm = AArch64Imm12.maybeFrom(bytes);
        if (imm != null) {
            return "\n" + print(new AArch64Inst.AluRRImm12(AArch64AluOp.SUB, AArch64Size.S64, AArch64Regs.SP, AArch64Regs.SP, imm));
        }
        return "\n" + print(new AArch64Inst.MovImm(AArch64Size.S64, AArch64Regs.X16, bytes)) + "\n"
                + print(new AArch64Inst.AluRRRExtend(AArch64AluOp.SUB, AArch64Size.S64, AArch64Regs.SP, AArch64Regs.SP,
                        AArch64Regs.X16, AArch64ExtendOp.UXTX, 0));
    }

    /**
     * Name of the out-of-line {@code udf} for a trap code; code that assembles printed
     * {@link AArch64Inst.TrapIf}s defines it as {@code <name>: udf #<code>} after the function.
     */
    public static String trapLabel(int trapCode) {
        return ".Ltrap" + trapCode;
    }

    /**
     * Name under which a literal-pool constant is printed; code that assembles printed
     * {@link AArch64Amode.Const} loads defines it after the code, aligned to its size, in the
     * order the constants were first used.
     */
    public static String constLabel(long value, int size) {
        return ".Lconst" + size + "_" + Long.toHexString(size == 4 ? value & 0xFFFF_FFFFL : value);
    }

    private String aluRRR(AArch64Inst.AluRRR i) {
        return threeReg(i.op(), i.size(), i.rd(), i.rn(), i.rm());
    }

    private static String threeReg(AArch64AluOp op, AArch64Size size, int rd, int rn, int rm) {
        if (AArch64Inst.isZr(rd)) {
            String alias = switch (op) {
                case SUBS -> "cmp";
                case ADDS -> "cmn";
                case ANDS -> "tst";
                default -> null;
            };
            if (alias != null) {
                return alias + " " + x(rn, size) + ", " + x(rm, size);
            }
        }
        return op.mnemonic() + " " + x(rd, size) + ", " + x(rn, size) + ", " + x(rm, size);
    }

    private static String shift(AArch64Shift s) {
        return s.isNone() ? "" : ", " + s.op().mnemonic() + " #" + s.amount();
    }

    private static String moveWide(AArch64MoveWide.Op op, String rd, int imm16, int shift) {
        return op.mnemonic() + " " + rd + ", " + imm(imm16) + (shift != 0 ? ", lsl #" + shift : "");
    }

    private String condBranch(AArch64CondBrKind kind, String target) {
        return switch (kind) {
            case AArch64CondBrKind.Cond(AArch64Cond c) -> "b." + c.suffix() + " " + target;
            case AArch64CondBrKind.Zero(int r, AArch64Size size, boolean nz) -> (nz ? "cbnz " : "cbz ") + x(r, size) + ", " + target;
            case AArch64CondBrKind.TestBit(int r, int bit, boolean nz) ->
                    (nz ? "tbnz " : "tbz ") + x(r, bit < 32 ? AArch64Size.S32 : AArch64Size.S64) + ", #" + bit + ", " + target;
        };
    }

    private String loadStore(AArch64MemOp op, int rt, AArch64Amode amode) {
        String t = op.isFp() ? AArch64Regs.fpName(rt, op.regSize()) : x(rt, op.regSize());
        return switch (amode) {
            case AArch64Amode.UnsignedOffset(int base, int offset) ->
                    op.mnemonic() + " " + t + ", [" + xsp(base, AArch64Size.S64) + (offset != 0 ? ", #" + offset : "") + "]";
            case AArch64Amode.Unscaled(int base, int offset) ->
                    op.unscaledMnemonic() + " " + t + ", [" + xsp(base, AArch64Size.S64) + ", #" + offset + "]";
            case AArch64Amode.PreIndexed(int base, int offset) ->
                    op.mnemonic() + " " + t + ", [" + xsp(base, AArch64Size.S64) + ", #" + offset + "]!";
            case AArch64Amode.PostIndexed(int base, int offset) ->
                    op.mnemonic() + " " + t + ", [" + xsp(base, AArch64Size.S64) + "], #" + offset;
            case AArch64Amode.RegOffset(int base, int index, AArch64ExtendOp ext, boolean scaled) -> {
                String idx = x(index, ext.is64() ? AArch64Size.S64 : AArch64Size.S32);
                String e;
                if (ext == AArch64ExtendOp.UXTX) {
                    e = scaled ? ", lsl #" + op.log2Bytes() : "";
                } else {
                    e = ", " + ext.mnemonic() + (scaled ? " #" + op.log2Bytes() : "");
                }
                yield op.mnemonic() + " " + t + ", [" + xsp(base, AArch64Size.S64) + ", " + idx + e + "]";
            }
            case AArch64Amode.Label(int label) -> op.mnemonic() + " " + t + ", " + labelName.apply(label);
            case AArch64Amode.Const(long value, int size) -> op.mnemonic() + " " + t + ", " + constLabel(value, size);
            // Symbolic frame addresses, for VCode only (the frame resolves them before encoding).
            case AArch64Amode.SpillSlot(int slot) -> op.mnemonic() + " " + t + ", [spill" + slot + "]";
            case AArch64Amode.StackSlot(int slot, int disp) ->
                    op.mnemonic() + " " + t + ", [ss" + slot + (disp != 0 ? ", #" + disp : "") + "]";
        };
    }

    private static String pairAmode(AArch64PairAmode a) {
        String base = xsp(a.base(), AArch64Size.S64);
        return switch (a) {
            case AArch64PairAmode.SignedOffset s -> "[" + base + (s.offset() != 0 ? ", #" + s.offset() : "") + "]";
            case AArch64PairAmode.PreIndexed s -> "[" + base + ", #" + s.offset() + "]!";
            case AArch64PairAmode.PostIndexed s -> "[" + base + "], #" + s.offset();
        };
    }

    private String symbol(int name, long addend) {
        String s = symbolName.apply(name);
        return addend == 0 ? s : addend > 0 ? s + "+" + addend : s + addend;
    }

    /** A scalar FP register: s at 32 bits, d at 64. */
    private static String f(int reg, AArch64Size size) {
        return AArch64Regs.fpName(reg, size);
    }

    private static String d(int reg) {
        return AArch64Regs.fpName(reg, AArch64Size.S64);
    }

    /** Register 31 as the zero register. */
    private static String x(int reg, AArch64Size size) {
        return AArch64Regs.name(reg, size);
    }

    /** Register 31 as the stack pointer. */
    private static String xsp(int reg, AArch64Size size) {
        return AArch64Regs.nameSp(reg, size);
    }

    private static String imm(long v) {
        return "#0x" + Long.toHexString(v);
    }
}
