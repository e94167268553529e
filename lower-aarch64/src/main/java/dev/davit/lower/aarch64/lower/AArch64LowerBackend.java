package dev.davit.lower.aarch64.lower;

import dev.davit.abi.AArch64CallConv;
import dev.davit.abi.AbiFlags;
import dev.davit.abi.AbiLocation;
import dev.davit.abi.AbiSig;
import dev.davit.abi.RegSet;
import dev.davit.abi.Regs;
import dev.davit.abi.UnsupportedAbiException;
import dev.davit.codegen.Reg;
import dev.davit.codegen.machinst.FinalCode;
import dev.davit.ir.AbiParam;
import dev.davit.ir.FunctionStencil;
import dev.davit.ir.Signature;
import dev.davit.ir.StackSlotData;
import dev.davit.lower.aarch64.abi.AArch64Frame;
import dev.davit.codegen.machinst.IsleLowerSupport;
import dev.davit.codegen.machinst.Lower;
import dev.davit.codegen.machinst.LowerBackend;
import dev.davit.ir.AtomicRmwOp;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.FloatCC;
import dev.davit.ir.IntCC;
import dev.davit.ir.Opcode;
import dev.davit.ir.TrapCode;
import dev.davit.ir.Type;
import dev.davit.lower.aarch64.inst.AArch64AluOp;
import dev.davit.lower.aarch64.inst.AArch64Amode;
import dev.davit.lower.aarch64.inst.AArch64Cond;
import dev.davit.lower.aarch64.inst.AArch64CondBrKind;
import dev.davit.lower.aarch64.inst.AArch64ExtendOp;
import dev.davit.lower.aarch64.inst.AArch64FpImm;
import dev.davit.lower.aarch64.inst.AArch64FpIntOp;
import dev.davit.lower.aarch64.inst.AArch64FpuOp1;
import dev.davit.lower.aarch64.inst.AArch64FpuOp2;
import dev.davit.lower.aarch64.inst.AArch64Imm12;
import dev.davit.lower.aarch64.inst.AArch64ImmLogic;
import dev.davit.lower.aarch64.inst.AArch64Inst;
import dev.davit.lower.aarch64.inst.AArch64LseOp;
import dev.davit.lower.aarch64.inst.AArch64MemOp;
import dev.davit.lower.aarch64.inst.AArch64Regs;
import dev.davit.lower.aarch64.inst.AArch64Shift;
import dev.davit.lower.aarch64.inst.AArch64ShiftOp;
import dev.davit.lower.aarch64.inst.AArch64Size;

/**
 * The AArch64 instruction selector: the ISLE rules of {@code lower.isle} (compiled to
 * {@link AArch64Isle}) plus the externs they call, which read the DataFlowGraph through the
 * {@link Lower} driver, hand out registers and append {@link AArch64Inst} records.
 *
 * <p>One instance serves one thread. Extern extractors on instructions accept -1 (a block
 * parameter's "defining instruction") and match nothing for it.
 *
 * <p>ABI: argument and return locations come from the abi module ({@link AArch64CallConv#compute})
 * for the function's own signature and for every call site. Per function this keeps the body's
 * {@link AbiSig}, the largest outgoing area of its calls and the vreg of an incoming return-area
 * pointer; the frame is laid out from them after allocation ({@link #frame}).
 * Trap codes are carried in the 16-bit immediate of {@code udf}: sign-extended, it gives back the
 * CLIF {@link TrapCode} (the reserved codes are small negative numbers).
 */
public final class AArch64LowerBackend extends IsleLowerSupport<AArch64Inst>
        implements LowerBackend<AArch64Inst>, AArch64Isle.Context {
    private final AArch64CallConv callConv;
    private final int probeGuard;
    private final boolean hasLse;
    // Per function (reset by bind).
    private AbiSig abiSig;
    private int outgoingBytes;
    private int retAreaReg;

    /**
     * A backend with the given ABI flags whose frames probe the stack every {@code probeGuard}
     * bytes ({@code enable_probestack}; 0 turns probing off).
     */
    public AArch64LowerBackend(AbiFlags abiFlags, int probeGuard) {
        this(abiFlags, probeGuard, false);
    }

    /** The same, using the FEAT_LSE atomics ({@code has_lse}) when {@code hasLse}. */
    public AArch64LowerBackend(AbiFlags abiFlags, int probeGuard, boolean hasLse) {
        this.callConv = new AArch64CallConv(abiFlags);
        this.probeGuard = probeGuard;
        this.hasLse = hasLse;
    }

    /** Cranelift's default ABI flags, no stack probes. */
    public AArch64LowerBackend() {
        this(AbiFlags.DEFAULT, 0);
    }

    private void bind(Lower<AArch64Inst> ctx) {
        if (lower != ctx) {
            lower = ctx;
            dfg = ctx.dfg();
            abiSig = callConv.compute(ctx.function().signature());
            outgoingBytes = 0;
            retAreaReg = Reg.INVALID;
        }
    }

    /**
     * The frame of the function lowered last, once allocation has given its spill-slot count and
     * the registers it used.
     */
    public AArch64Frame frame(FinalCode<AArch64Inst> code) {
        FunctionStencil st = lower.function().stencil();
        int n = st.numStackSlots();
        int[] sizes = new int[n];
        int[] aligns = new int[n];
        for (int i = 0; i < n; i++) {
            StackSlotData d = st.stackSlot(i);
            sizes[i] = d == null ? 0 : d.size();
            aligns[i] = d == null ? 1 : 1 << d.alignShift();
        }
        return AArch64Frame.of(callConv, abiSig, sizes, aligns, code.numSpillSlots(), outgoingBytes, code.usedRegs(),
                probeGuard);
    }

    /** The {@code udf}/{@code TrapIf} immediate of a CLIF trap code. */
    public static int trapImm(int trapCode) {
        return trapCode & 0xFFFF;
    }

    // ------------------------------------------------------------------ LowerBackend

    @Override
    public boolean lower(Lower<AArch64Inst> ctx, int inst) {
        bind(ctx);
        Boolean r = AArch64Isle.lower(this, inst);
        return r != null && r;
    }

    @Override
    public boolean lowerBranch(Lower<AArch64Inst> ctx, int inst, int[] targets) {
        bind(ctx);
        Boolean r = AArch64Isle.lower_branch(this, inst, targets);
        return r != null && r;
    }

    /**
     * Register arguments are defined by one {@code Args} pseudo-instruction in their fixed
     * registers (with the return-area pointer in x8 when the body stores results through it);
     * stack arguments are loaded from above the frame record, {@code [fp + 16 + offset]}.
     */
    @Override
    public void genArgs(Lower<AArch64Inst> ctx, int[] paramRegs) {
        bind(ctx);
        AbiSig sig = abiSig;
        int[] defs = new int[paramRegs.length + 1];
        int[] pregs = new int[paramRegs.length + 1];
        int nd = 0;
        int j = 0;
        java.util.List<AArch64Inst> loads = null;
        for (int i = 0; i < sig.paramCount(); i++) {
            int loc = sig.paramLoc(i);
            switch (AbiLocation.kind(loc)) {
                case AbiLocation.REG -> {
                    defs[nd] = paramRegs[j++];
                    pregs[nd++] = AbiLocation.preg(loc);
                }
                case AbiLocation.REG_PAIR -> {
                    defs[nd] = paramRegs[j++];
                    pregs[nd++] = AbiLocation.lo(loc);
                    defs[nd] = paramRegs[j++];
                    pregs[nd++] = AbiLocation.hi(loc);
                }
                case AbiLocation.STACK -> {
                    if (loads == null) {
                        loads = new java.util.ArrayList<>();
                    }
                    Type t = ctx.function().signature().params().get(i).type();
                    if (!supportsType(t)) {
                        throw new IllegalArgumentException(t + " stack arguments are not supported yet");
                    }
                    int off = INCOMING_ARGS_FP_OFFSET + AbiLocation.offset(loc);
                    for (int w = 0; w < numRegs(t); w++) {
                        AArch64MemOp op = loadOpOf(t, w);
                        AArch64Amode at = frameAddr(AArch64Regs.FP, off + 8L * w, op, loads);
                        loads.add(new AArch64Inst.Load(op, paramRegs[j++], at));
                    }
                }
                default -> throw new IllegalArgumentException("argument at " + AbiLocation.toString(loc)
                        + " is not supported yet");
            }
        }
        int ra = sig.returnAreaPointer();
        if (ra != AbiLocation.NONE && retAreaReg != Reg.INVALID) {
            defs[nd] = retAreaReg;
            pregs[nd++] = AbiLocation.preg(ra);
        }
        ctx.emit(new AArch64Inst.Args(java.util.Arrays.copyOf(defs, nd), java.util.Arrays.copyOf(pregs, nd)));
        if (loads != null) {
            for (AArch64Inst l : loads) {
                ctx.emit(l);
            }
        }
    }

    /** Types this backend passes and returns: integers (i128 as two words) and scalar floats. */
    /**
     * Incoming stack arguments start right above the frame record (fp, lr), which the frame
     * always builds; tail bodies do not grow their argument area ({@link #genReturnCall}).
     */
    private static final int INCOMING_ARGS_FP_OFFSET = 16;

    /**
     * {@code [base, #off]} for an access by {@code op}; an offset beyond the immediate forms goes
     * into a new register, whose constant load is appended to {@code pre} when given, else emitted.
     */
    private AArch64Amode frameAddr(int base, long off, AArch64MemOp op, java.util.List<AArch64Inst> pre) {
        AArch64Amode a = AArch64Amode.offset(base, off, op.bytes());
        if (a != null) {
            return a;
        }
        int idx = temp_reg();
        AArch64Inst k = new AArch64Inst.MovImm(AArch64Size.S64, idx, off);
        if (pre != null) {
            pre.add(k);
        } else {
            lower.emit(k);
        }
        return new AArch64Amode.RegOffset(base, idx, AArch64ExtendOp.UXTX, false);
    }

    /** The load of word {@code w} of a value of type {@code t} in memory: its exact size, zero-extending. */
    private static AArch64MemOp loadOpOf(Type t, int w) {
        if (t == Type.F32) {
            return AArch64MemOp.LDRS;
        }
        if (t == Type.F64) {
            return AArch64MemOp.LDRD;
        }
        return switch (w == 0 ? t.bits() : 64) {
            case 8 -> AArch64MemOp.LDRB;
            case 16 -> AArch64MemOp.LDRH;
            case 32 -> AArch64MemOp.LDR32;
            default -> AArch64MemOp.LDR64;
        };
    }

    /** The store of word {@code w} of a value of type {@code t}: its exact size. */
    private static AArch64MemOp storeOpOf(Type t, int w) {
        if (t == Type.F32) {
            return AArch64MemOp.STRS;
        }
        if (t == Type.F64) {
            return AArch64MemOp.STRD;
        }
        return switch (w == 0 ? t.bits() : 64) {
            case 8 -> AArch64MemOp.STRB;
            case 16 -> AArch64MemOp.STRH;
            case 32 -> AArch64MemOp.STR32;
            default -> AArch64MemOp.STR64;
        };
    }

    // ------------------------------------------------------------------ DataFlowGraph

    // ------------------------------------------------------------------ types and constants

    @Override
    public AArch64Imm12 imm12_from(Type t, long k) {
        return AArch64Imm12.maybeFrom(k & mask(t));
    }

    @Override
    public AArch64Imm12 imm12_from_neg(Type t, long k) {
        long n = -k & mask(t);
        return n == 0 ? null : AArch64Imm12.maybeFrom(n);
    }

    @Override
    public AArch64Imm12 imm12_zero() {
        return new AArch64Imm12(0, false);
    }

    /**
     * The bitmask immediate at the operation size (32 bits up to i32): the type's bits, the bits
     * above taken as zeros or as copies of the sign, whichever encodes (they are undefined).
     */
    @Override
    public AArch64ImmLogic imm_logic_from(Type t, long k) {
        AArch64Size size = t.bits() == 64 ? AArch64Size.S64 : AArch64Size.S32;
        long z = k & mask(t);
        AArch64ImmLogic i = AArch64ImmLogic.maybeFrom(size.mask(z), size);
        if (i == null && t.bits() < 32) {
            long s = (z << (64 - t.bits())) >> (64 - t.bits());
            i = AArch64ImmLogic.maybeFrom(size.mask(s), size);
        }
        return i;
    }

    @Override
    public long shift_amt(Type t, long k) {
        return k & (t.bits() - 1);
    }

    // ------------------------------------------------------------------ registers and results

    /** An i128's two registers in one long: the low half in the low 32 bits. */
    @Override
    public int zero_reg() {
        return AArch64Regs.XZR;
    }

    // ------------------------------------------------------------------ instruction constructors

    @Override
    public int a64_imm(AArch64Size size, long k) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.MovImm(size, d, k));
        return d;
    }

    @Override
    public int a64_alu_rrr(AArch64AluOp op, AArch64Size size, int a, int b) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.AluRRR(op, size, d, a, b));
        return d;
    }

    @Override
    public int a64_alu_imm12(AArch64AluOp op, AArch64Size size, int a, AArch64Imm12 imm) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.AluRRImm12(op, size, d, a, imm));
        return d;
    }

    @Override
    public int a64_alu_logic(AArch64AluOp op, AArch64Size size, int a, AArch64ImmLogic imm) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.AluRRImmLogic(op, size, d, a, imm));
        return d;
    }

    @Override
    public int a64_alu_extend(AArch64AluOp op, int a, int b, Type from, boolean signed) {
        AArch64ExtendOp ext = switch (from.bits()) {
            case 8 -> signed ? AArch64ExtendOp.SXTB : AArch64ExtendOp.UXTB;
            case 16 -> signed ? AArch64ExtendOp.SXTH : AArch64ExtendOp.UXTH;
            case 32 -> signed ? AArch64ExtendOp.SXTW : AArch64ExtendOp.UXTW;
            default -> throw new IllegalArgumentException("extend from " + from);
        };
        int d = temp_reg();
        lower.emit(new AArch64Inst.AluRRRExtend(op, AArch64Size.S64, d, a, b, ext, 0));
        return d;
    }

    @Override
    public int a64_alu_shift(AArch64AluOp op, AArch64Size size, int a, int b, AArch64ShiftOp sop, long amount) {
        int d = temp_reg();
        if (amount == 0 && sop == AArch64ShiftOp.LSL) {
            lower.emit(new AArch64Inst.AluRRR(op, size, d, a, b));
        } else {
            lower.emit(new AArch64Inst.AluRRRShift(op, size, d, a, b, new AArch64Shift(sop, (int) amount)));
        }
        return d;
    }

    @Override
    public int a64_madd(AArch64Size size, int a, int b, int acc) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.AluRRRR(false, size, d, a, b, acc));
        return d;
    }

    @Override
    public int a64_msub(AArch64Size size, int a, int b, int acc) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.AluRRRR(true, size, d, a, b, acc));
        return d;
    }

    @Override
    public int a64_shift_imm(AArch64ShiftOp op, AArch64Size size, int a, long amount) {
        if (amount == 0) {
            return a;
        }
        int d = temp_reg();
        lower.emit(new AArch64Inst.AluRRImmShift(op, size, d, a, (int) amount));
        return d;
    }

    @Override
    public int a64_bit(AArch64Inst.BitOp op, AArch64Size size, int a) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.BitRR(op, size, d, a));
        return d;
    }

    @Override
    public int a64_extend(int a, boolean signed, long from, long to) {
        if (from >= to) {
            return a;
        }
        int d = temp_reg();
        lower.emit(new AArch64Inst.Extend(d, a, signed, (int) from, (int) to));
        return d;
    }

    @Override
    public boolean a64_cmp(AArch64Size size, int a, int b) {
        lower.emit(new AArch64Inst.AluRRR(AArch64AluOp.SUBS, size, AArch64Regs.XZR, a, b));
        return true;
    }

    @Override
    public boolean a64_cmp_imm(AArch64Size size, int a, AArch64Imm12 imm) {
        lower.emit(new AArch64Inst.AluRRImm12(AArch64AluOp.SUBS, size, AArch64Regs.XZR, a, imm));
        return true;
    }

    @Override
    public boolean a64_flags_rrr(AArch64AluOp op, AArch64Size size, int a, int b) {
        lower.emit(new AArch64Inst.AluRRR(op, size, AArch64Regs.XZR, a, b));
        return true;
    }

    @Override
    public boolean a64_tst_imm(AArch64Size size, int a, AArch64ImmLogic imm) {
        lower.emit(new AArch64Inst.AluRRImmLogic(AArch64AluOp.ANDS, size, AArch64Regs.XZR, a, imm));
        return true;
    }

    @Override
    public boolean a64_ccmp(AArch64Size size, int a, int b, long nzcv, AArch64Cond cond) {
        lower.emit(new AArch64Inst.CCmp(size, a, b, (int) nzcv, cond));
        return true;
    }

    @Override
    public int a64_cset(AArch64Cond cond) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.CSet(AArch64Size.S32, cond, d, false));
        return d;
    }

    @Override
    public int a64_csel(AArch64Size size, AArch64Cond cond, int a, int b) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.CSel(AArch64Inst.CSelOp.CSEL, size, cond, d, a, b));
        return d;
    }

    @Override
    public int a64_load(AArch64MemOp op, AArch64Amode amode) {
        int d = op.isFp() ? temp_freg() : temp_reg();
        lower.emit(new AArch64Inst.Load(op, d, amode));
        return d;
    }

    @Override
    public boolean a64_store(AArch64MemOp op, int src, AArch64Amode amode) {
        lower.emit(new AArch64Inst.Store(op, src, amode));
        return true;
    }

    /**
     * {@code p + off}: a {@code stack_addr} becomes a symbolic stack-slot address; an {@code iadd}
     * of two values with no offset becomes a register offset;
     * an offset that is a multiple of the access size below 4096 of them the scaled form, one in
     * -256..255 the unscaled form; anything else goes into a register added as an index.
     */
    @Override
    public AArch64Amode amode(int p, long off, AArch64MemOp op) {
        int pdef = lower.defInst(p);
        if (off == 0 && pdef >= 0 && dfg.opcode(pdef) == Opcode.IADD && lower.valueType(p).bits() == 64) {
            int a = dfg.arg(pdef, 0);
            int b = dfg.arg(pdef, 1);
            AArch64Amode folded = regOffset(a, b, op);
            if (folded == null) folded = regOffset(b, a, op);
            if (folded != null) return folded;
            return new AArch64Amode.RegOffset(put(a), put(b), AArch64ExtendOp.UXTX, false);
        }
        if (pdef >= 0 && dfg.opcode(pdef) == Opcode.STACK_ADDR) {
            // The slot's sp offset is fixed with the frame, which resolves the address then.
            long disp = dfg.imm(pdef) + off;
            if (disp == (int) disp) {
                return new AArch64Amode.StackSlot(dfg.ref(pdef), (int) disp);
            }
        }
        int base = put(p);
        if (off >= 0 && off % op.bytes() == 0 && off / op.bytes() <= 0xFFF) {
            return new AArch64Amode.UnsignedOffset(base, (int) off);
        }
        if (off >= -256 && off <= 255) {
            return new AArch64Amode.Unscaled(base, (int) off);
        }
        int idx = a64_imm(AArch64Size.S64, off);
        return new AArch64Amode.RegOffset(base, idx, AArch64ExtendOp.UXTX, false);
    }

    /**
     * {@code base + index} where the index is an extended 32-bit value and/or shifted left by the
     * access size's log2, as the register-offset form does in the access itself (Arm ARM C6.2
     * LDR (register): option UXTW/SXTW/LSL, S scales by the size); null when it is neither.
     */
    private AArch64Amode regOffset(int base, int index, AArch64MemOp op) {
        int idef = lower.defInst(index);
        if (idef < 0) return null;
        boolean scaled = false;
        int v = index;
        if (dfg.opcode(idef) == Opcode.ISHL) {
            int kdef = lower.defInst(dfg.arg(idef, 1));
            if (kdef < 0 || dfg.opcode(kdef) != Opcode.ICONST || (1L << (dfg.imm(kdef) & 63)) != op.bytes()) return null;
            scaled = true;
            v = dfg.arg(idef, 0);
            idef = lower.defInst(v);
        }
        AArch64ExtendOp ext = AArch64ExtendOp.UXTX;
        if (idef >= 0 && (dfg.opcode(idef) == Opcode.UEXTEND || dfg.opcode(idef) == Opcode.SEXTEND)
                && lower.valueType(dfg.arg(idef, 0)).bits() == 32) {
            ext = dfg.opcode(idef) == Opcode.UEXTEND ? AArch64ExtendOp.UXTW : AArch64ExtendOp.SXTW;
            v = dfg.arg(idef, 0);
        }
        if (!scaled && ext == AArch64ExtendOp.UXTX) return null;
        return new AArch64Amode.RegOffset(put(base), put(v), ext, scaled);
    }

    /** A value in a register, a constant materialized (as the ISLE {@code put_in_reg} does). */
    private int put(int v) {
        int d = lower.defInst(v);
        if (d >= 0 && dfg.opcode(d) == Opcode.ICONST) {
            return a64_imm(lower.valueType(v).bits() == 64 ? AArch64Size.S64 : AArch64Size.S32, dfg.imm(d));
        }
        return lower.putInReg(v);
    }

    /**
     * Bit-parallel population count of a value with no bits above {@code size} set:
     * {@code x - ((x >> 1) & 0x55..)}, pairs summed with mask 0x33.., nibbles with 0x0f.., then the
     * byte sums added up by a multiply with 0x01.. and the top byte taken.
     */
    @Override
    public int a64_popcnt(AArch64Size size, int x) {
        int bits = size.bits();
        int t1 = a64_shift_imm(AArch64ShiftOp.LSR, size, x, 1);
        int t2 = a64_alu_logic(AArch64AluOp.AND, size, t1, logic(0x5555_5555_5555_5555L, size));
        int x1 = a64_alu_rrr(AArch64AluOp.SUB, size, x, t2);
        int t3 = a64_alu_logic(AArch64AluOp.AND, size, x1, logic(0x3333_3333_3333_3333L, size));
        int t4 = a64_shift_imm(AArch64ShiftOp.LSR, size, x1, 2);
        int t5 = a64_alu_logic(AArch64AluOp.AND, size, t4, logic(0x3333_3333_3333_3333L, size));
        int x2 = a64_alu_rrr(AArch64AluOp.ADD, size, t3, t5);
        int x3 = a64_alu_shift(AArch64AluOp.ADD, size, x2, x2, AArch64ShiftOp.LSR, 4);
        int x4 = a64_alu_logic(AArch64AluOp.AND, size, x3, logic(0x0F0F_0F0F_0F0F_0F0FL, size));
        int m = a64_imm(size, 0x0101_0101_0101_0101L);
        int x5 = a64_madd(size, x4, m, AArch64Regs.XZR);
        return a64_shift_imm(AArch64ShiftOp.LSR, size, x5, bits - 8);
    }

    private static AArch64ImmLogic logic(long value, AArch64Size size) {
        AArch64ImmLogic i = AArch64ImmLogic.maybeFrom(size.mask(value), size);
        if (i == null) {
            throw new IllegalStateException("not a bitmask immediate: " + Long.toHexString(value));
        }
        return i;
    }

    /**
     * Rotate of a zero-extended 8- or 16-bit value {@code x} by {@code amt} (mod the width w):
     * {@code (x >> n) | (x << (w - n))} for rotr, the shifts swapped for rotl. Bits shifted above w
     * land in the undefined upper part; {@code x >> w} is zero.
     */
    @Override
    public int a64_rotate_narrow(Type ty, boolean left, int x, int amt) {
        AArch64Size s = AArch64Size.S32;
        int w = ty.bits();
        int n = a64_alu_logic(AArch64AluOp.AND, s, amt, logic(w - 1, s));
        int m = a64_alu_rrr(AArch64AluOp.SUB, s, a64_imm(s, w), n);
        int a = a64_alu_rrr(left ? AArch64AluOp.LSLV : AArch64AluOp.LSRV, s, x, n);
        int b = a64_alu_rrr(left ? AArch64AluOp.LSRV : AArch64AluOp.LSLV, s, x, m);
        return a64_alu_rrr(AArch64AluOp.ORR, s, a, b);
    }

    @Override
    public int a64_abs(AArch64Size size, int x) {
        lower.emit(new AArch64Inst.AluRRImm12(AArch64AluOp.SUBS, size, AArch64Regs.XZR, x, new AArch64Imm12(0, false)));
        int d = temp_reg();
        lower.emit(new AArch64Inst.CSel(AArch64Inst.CSelOp.CSNEG, size, AArch64Cond.GE, d, x, x));
        return d;
    }

    @Override
    public int a64_csetm(AArch64Size size, AArch64Cond cond) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.CSet(size, cond, d, true));
        return d;
    }

    /**
     * The {@code *_overflow} ops. At 32 and 64 bits the flag-setting add/sub gives the flag (C for
     * unsigned add, not-C for unsigned sub, V for signed); narrow values are extended to 32 bits and
     * the result checked for bits beyond the type (unsigned) or against its own sign extension
     * (signed). Multiplies compare the high half (umulh/smulh at 64, a 64-bit product at 32, a 32-bit
     * product below) with what it must be without overflow.
     */
    @Override
    public boolean lower_overflow(Opcode op, Type ty, int x, int y) {
        int bits = ty.bits();
        AArch64Size size = bits == 64 ? AArch64Size.S64 : AArch64Size.S32;
        AArch64Size s32 = AArch64Size.S32, s64 = AArch64Size.S64;
        int res;
        AArch64Cond cond;
        switch (op) {
            case UADD_OVERFLOW, USUB_OVERFLOW -> {
                boolean add = op == Opcode.UADD_OVERFLOW;
                if (bits >= 32) {
                    res = a64_alu_rrr(add ? AArch64AluOp.ADDS : AArch64AluOp.SUBS, size, x, y);
                    cond = add ? AArch64Cond.HS : AArch64Cond.LO;
                } else {
                    res = a64_alu_rrr(add ? AArch64AluOp.ADD : AArch64AluOp.SUB, s32,
                            a64_extend(x, false, bits, 32), a64_extend(y, false, bits, 32));
                    testHighBits(s32, res, ~mask(ty));
                    cond = AArch64Cond.NE;
                }
            }
            case SADD_OVERFLOW, SSUB_OVERFLOW -> {
                boolean add = op == Opcode.SADD_OVERFLOW;
                if (bits >= 32) {
                    res = a64_alu_rrr(add ? AArch64AluOp.ADDS : AArch64AluOp.SUBS, size, x, y);
                    cond = AArch64Cond.VS;
                } else {
                    res = a64_alu_rrr(add ? AArch64AluOp.ADD : AArch64AluOp.SUB, s32,
                            a64_extend(x, true, bits, 32), a64_extend(y, true, bits, 32));
                    a64_cmp(s32, res, a64_extend(res, true, bits, 32));
                    cond = AArch64Cond.NE;
                }
            }
            case UMUL_OVERFLOW -> {
                if (bits == 64) {
                    res = a64_madd(s64, x, y, AArch64Regs.XZR);
                    int hi = a64_alu_rrr(AArch64AluOp.UMULH, s64, x, y);
                    a64_cmp_imm(s64, hi, new AArch64Imm12(0, false));
                } else if (bits == 32) {
                    res = a64_madd(s64, a64_extend(x, false, 32, 64), a64_extend(y, false, 32, 64), AArch64Regs.XZR);
                    testHighBits(s64, res, 0xFFFF_FFFF_0000_0000L);
                } else {
                    res = a64_madd(s32, a64_extend(x, false, bits, 32), a64_extend(y, false, bits, 32), AArch64Regs.XZR);
                    testHighBits(s32, res, ~mask(ty));
                }
                cond = AArch64Cond.NE;
            }
            case SMUL_OVERFLOW -> {
                if (bits == 64) {
                    res = a64_madd(s64, x, y, AArch64Regs.XZR);
                    int hi = a64_alu_rrr(AArch64AluOp.SMULH, s64, x, y);
                    lower.emit(new AArch64Inst.AluRRRShift(AArch64AluOp.SUBS, s64, AArch64Regs.XZR, hi, res,
                            new AArch64Shift(AArch64ShiftOp.ASR, 63)));
                } else if (bits == 32) {
                    res = a64_madd(s64, a64_extend(x, true, 32, 64), a64_extend(y, true, 32, 64), AArch64Regs.XZR);
                    a64_cmp(s64, res, a64_extend(res, true, 32, 64));
                } else {
                    res = a64_madd(s32, a64_extend(x, true, bits, 32), a64_extend(y, true, bits, 32), AArch64Regs.XZR);
                    a64_cmp(s32, res, a64_extend(res, true, bits, 32));
                }
                cond = AArch64Cond.NE;
            }
            default -> {
                return false;
            }
        }
        return output_pair(res, a64_cset(cond));
    }

    /** {@code tst r, #bits}: Z clear when any of {@code bits} is set. */
    private void testHighBits(AArch64Size size, int r, long bits) {
        lower.emit(new AArch64Inst.AluRRImmLogic(AArch64AluOp.ANDS, size, AArch64Regs.XZR, r, logic(bits, size)));
    }

    // ------------------------------------------------------------------ atomics

    @Override
    public boolean use_lse() {
        return hasLse;
    }

    /** The LSE instruction of an atomic_rmw op taking its operand as it is; null for sub, and, nand. */
    @Override
    public AArch64LseOp lse_op(AtomicRmwOp op) {
        return switch (op) {
            case ADD -> AArch64LseOp.LDADD;
            case OR -> AArch64LseOp.LDSET;
            case XOR -> AArch64LseOp.LDEOR;
            case XCHG -> AArch64LseOp.SWP;
            case SMAX -> AArch64LseOp.LDSMAX;
            case SMIN -> AArch64LseOp.LDSMIN;
            case UMAX -> AArch64LseOp.LDUMAX;
            case UMIN -> AArch64LseOp.LDUMIN;
            case SUB, AND, NAND -> null;
        };
    }

    @Override
    public int a64_atomic_rmw_lse(Type ty, AArch64LseOp op, int p, int x) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.AtomicRmwLse(ty.bits(), op, x, d, p));
        return d;
    }

    @Override
    public int a64_atomic_cas_lse(Type ty, int p, int expected, int replacement) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.CasLse(ty.bits(), expected, replacement, p, d));
        return d;
    }

    @Override
    public int a64_load_acquire(Type ty, int p) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.LoadAcquire(ty.bits(), d, p));
        return d;
    }

    @Override
    public boolean a64_store_release(Type ty, int x, int p) {
        lower.emit(new AArch64Inst.StoreRelease(ty.bits(), x, p));
        return true;
    }

    @Override
    public int a64_atomic_rmw(Type ty, AtomicRmwOp op, int p, int x) {
        int old = temp_reg();
        lower.emit(new AArch64Inst.AtomicRmwLoop(ty.bits(), op, p, x, old, temp_reg(), temp_reg()));
        return old;
    }

    @Override
    public int a64_atomic_cas(Type ty, int p, int expected, int replacement) {
        int old = temp_reg();
        lower.emit(new AArch64Inst.AtomicCasLoop(ty.bits(), p, expected, replacement, old, temp_reg()));
        return old;
    }

    @Override
    public boolean a64_fence() {
        lower.emit(new AArch64Inst.Fence());
        return true;
    }

    // ------------------------------------------------------------------ traps

    @Override
    public boolean a64_udf(int code) {
        lower.emit(new AArch64Inst.Udf(trapImm(code)));
        return true;
    }

    @Override
    public boolean a64_trap_if(AArch64Cond cond, int code) {
        lower.emit(new AArch64Inst.TrapIf(new AArch64CondBrKind.Cond(cond), trapImm(code)));
        return true;
    }

    @Override
    public boolean a64_trap_if_zero(AArch64Size size, int r, int code) {
        lower.emit(new AArch64Inst.TrapIf(new AArch64CondBrKind.Zero(r, size, false), trapImm(code)));
        return true;
    }

    @Override
    public boolean a64_sdiv_overflow_check(Type ty, int a, int b) {
        AArch64Size size = ty.bits() == 64 ? AArch64Size.S64 : AArch64Size.S32;
        long min = ty.bits() == 64 ? Long.MIN_VALUE : -(1L << (ty.bits() - 1));
        int minReg = a64_imm(size, min);
        // cmn b, #1: Z when b == -1.
        lower.emit(new AArch64Inst.AluRRImm12(AArch64AluOp.ADDS, size, AArch64Regs.XZR, b, new AArch64Imm12(1, false)));
        // If b == -1, compare a with MIN; else clear Z.
        lower.emit(new AArch64Inst.CCmp(size, a, minReg, 0, AArch64Cond.EQ));
        lower.emit(new AArch64Inst.TrapIf(new AArch64CondBrKind.Cond(AArch64Cond.EQ), trapImm(TrapCode.INTEGER_OVERFLOW)));
        return true;
    }

    @Override
    public AArch64Cond cond_invert(AArch64Cond c) {
        return c.invert();
    }

    // ------------------------------------------------------------------ branches

    @Override
    public boolean a64_jump(int label) {
        lower.emit(new AArch64Inst.Jump(label));
        return true;
    }

    @Override
    public boolean a64_condbr(AArch64Cond cond, int taken, int notTaken) {
        lower.emit(new AArch64Inst.CondBr(new AArch64CondBrKind.Cond(cond), taken, notTaken));
        return true;
    }

    @Override
    public boolean a64_cbnz(AArch64Size size, int r, int taken, int notTaken) {
        lower.emit(new AArch64Inst.CondBr(new AArch64CondBrKind.Zero(r, size, true), taken, notTaken));
        return true;
    }

    /**
     * {@code br_table idx}: the driver lists the default first; the table holds the entries and
     * then the default, and an index at or past the entries is clamped to the default's slot
     * ({@code cmp; csel}), so one jump-table sequence does the whole dispatch.
     */
    @Override
    public boolean a64_br_table(int idx, int[] targets) {
        int n = targets.length;
        int[] table = new int[n];
        System.arraycopy(targets, 1, table, 0, n - 1);
        table[n - 1] = targets[0];
        int limit = a64_imm(AArch64Size.S32, n - 1);
        lower.emit(new AArch64Inst.AluRRR(AArch64AluOp.SUBS, AArch64Size.S32, AArch64Regs.XZR, idx, limit));
        int clamped = a64_csel(AArch64Size.S32, AArch64Cond.HS, limit, idx);
        lower.emit(new AArch64Inst.JmpTableSeq(clamped, temp_reg(), temp_reg(), table));
        return true;
    }

    // ------------------------------------------------------------------ ABI glue

    /**
     * {@code ret} with the values where the signature's {@link AbiSig} puts them: registers (fixed
     * uses of the {@code Ret}), or stores into the caller's return area through the pointer that
     * arrived in x8.
     */
    @Override
    public boolean gen_return(int inst) {
        ReturnRegs r = placeReturns(inst, abiSig);
        if (r == null) {
            return false;
        }
        lower.emit(new AArch64Inst.Ret(r.regs(), r.pregs()));
        return true;
    }

    /** A returned value in the caller's return area, whose address came in x8. */
    @Override
    protected void storeStackReturn(int v, int off) {
        if (retAreaReg == Reg.INVALID) {
            retAreaReg = temp_reg();
        }
        Type t = lower.valueType(v);
        for (int w = 0; w < numRegs(t); w++) {
            AArch64MemOp op = storeOpOf(t, w);
            lower.emit(new AArch64Inst.Store(op, lower.putInReg(v, w), frameAddr(retAreaReg, off + 8L * w, op, null)));
        }
    }

    /**
     * The register of {@code v}, extended to 32 bits when the ABI asks for {@code uext}/{@code
     * sext} (only Apple's convention does: AAPCS64 leaves the upper bits unspecified).
     */
    @Override
    protected int extendForAbi(int v, AbiParam.Extension ext) {
        int r = lower.putInReg(v);
        Type t = lower.valueType(v);
        if (ext == AbiParam.Extension.NONE || t.bits() >= 32) {
            return r;
        }
        return a64_extend(r, ext == AbiParam.Extension.SEXT, t.bits(), 32);
    }

    // ------------------------------------------------------------------ calls and frame addresses

    @Override
    public boolean gen_call(int inst) {
        return genCall(inst, false);
    }

    @Override
    public boolean gen_call_indirect(int inst) {
        return genCall(inst, true);
    }

    /** The callee's {@link AbiSig}, or null for a signature this backend cannot call yet. */
    private AbiSig calleeSig(int inst, boolean indirect, boolean withResults) {
        Signature s = dfg.callSignature(inst);
        if (s == null) {
            return null;
        }
        AbiSig cs;
        try {
            cs = callConv.compute(s);
        } catch (UnsupportedAbiException e) {
            return null;
        }
        int first = indirect ? 1 : 0;
        int na = dfg.numArgs(inst) - first;
        if (na != cs.paramCount() || (withResults && dfg.numResults(inst) != cs.returnCount())) {
            return null;
        }
        for (int i = 0; i < na; i++) {
            if (!supportsType(lower.valueType(dfg.arg(inst, first + i)))) {
                return null;
            }
        }
        if (withResults) {
            for (int r = 0; r < cs.returnCount(); r++) {
                if (!supportsType(dfg.valueType(dfg.result(inst, r)))) {
                    return null;
                }
            }
        }
        return cs;
    }

    /**
     * A call per the callee's {@link AbiSig}: stack arguments stored at {@code [sp + offset]} (the
     * outgoing area at the bottom of the frame, sized by the largest call), register arguments as
     * fixed uses, results as fixed defs, a return area (if any) right above the stack arguments
     * with its address in x8, results from it loaded after the call, and the convention's
     * caller-saved registers clobbered.
     */
    private boolean genCall(int inst, boolean indirect) {
        AbiSig cs = calleeSig(inst, indirect, true);
        if (cs == null) {
            return false;
        }
        int first = indirect ? 1 : 0;
        int na = cs.paramCount();
        int[] uses = new int[2 * na + 1];
        int[] usePregs = new int[2 * na + 1];
        int nu = placeArgs(inst, cs, first, na, uses, usePregs, false);
        if (nu < 0) {
            return false;
        }
        if (cs.returnAreaPointer() != AbiLocation.NONE) {
            uses[nu] = spPlus(cs.returnAreaOffset());
            usePregs[nu++] = AbiLocation.preg(cs.returnAreaPointer());
        }
        int nr = cs.returnCount();
        int[] defs = new int[2 * nr];
        int[] defPregs = new int[2 * nr];
        int ndf = 0;
        java.util.List<AArch64Inst> after = null;
        for (int r = 0; r < nr; r++) {
            int loc = cs.returnLoc(r);
            switch (AbiLocation.kind(loc)) {
                case AbiLocation.REG -> {
                    defs[ndf] = lower.resultReg(r, 0);
                    defPregs[ndf++] = AbiLocation.preg(loc);
                }
                case AbiLocation.REG_PAIR -> {
                    defs[ndf] = lower.resultReg(r, 0);
                    defPregs[ndf++] = AbiLocation.lo(loc);
                    defs[ndf] = lower.resultReg(r, 1);
                    defPregs[ndf++] = AbiLocation.hi(loc);
                }
                case AbiLocation.STACK -> {
                    if (after == null) {
                        after = new java.util.ArrayList<>();
                    }
                    Type t = dfg.valueType(dfg.result(inst, r));
                    long off = (long) cs.returnAreaOffset() + AbiLocation.offset(loc);
                    for (int w = 0; w < numRegs(t); w++) {
                        AArch64MemOp op = loadOpOf(t, w);
                        AArch64Amode at = frameAddr(AArch64Regs.SP, off + 8L * w, op, after);
                        after.add(new AArch64Inst.Load(op, lower.resultReg(r, w), at));
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        outgoingBytes = Math.max(outgoingBytes, cs.outgoingAreaBytes());
        RegSet clob = cs.callClobbers();
        AArch64Inst.CallInfo info = new AArch64Inst.CallInfo(java.util.Arrays.copyOf(uses, nu),
                java.util.Arrays.copyOf(usePregs, nu), java.util.Arrays.copyOf(defs, ndf),
                java.util.Arrays.copyOf(defPregs, ndf), clob.word(Regs.INT), clob.word(Regs.FLOAT), 0,
                cs.calleePopBytes());
        if (indirect) {
            lower.emit(new AArch64Inst.CallInd(lower.putInReg(dfg.arg(inst, 0)), info));
        } else {
            lower.emit(new AArch64Inst.Call(dfg.ref(inst), info));
        }
        if (after != null) {
            for (AArch64Inst l : after) {
                lower.emit(l);
            }
        }
        return true;
    }

    /** A new register holding {@code sp + off}. */
    private int spPlus(long off) {
        int d = temp_reg();
        AArch64Imm12 imm = AArch64Imm12.maybeFrom(off);
        if (imm != null) {
            lower.emit(new AArch64Inst.AluRRImm12(AArch64AluOp.ADD, AArch64Size.S64, d, AArch64Regs.SP, imm));
        } else {
            int k = a64_imm(AArch64Size.S64, off);
            lower.emit(new AArch64Inst.AluRRRExtend(AArch64AluOp.ADD, AArch64Size.S64, d, AArch64Regs.SP, k,
                    AArch64ExtendOp.UXTX, 0));
        }
        return d;
    }

    @Override
    public boolean gen_return_call(int inst) {
        return genReturnCall(inst, false);
    }

    @Override
    public boolean gen_return_call_indirect(int inst) {
        return genReturnCall(inst, true);
    }

    /**
     * A tail call that reuses this function's incoming argument area: only when the callee's stack
     * arguments take exactly as many bytes and it pops the same amount (so the caller's view of the
     * stack stays right), which covers equal signatures and all register-only ones. Stack
     * arguments are stored over the incoming ones at {@code [fp + 16 + offset]}; those were all
     * loaded into registers at entry. A callee return area is this function's own, whose pointer
     * is passed on.
     */
    private boolean genReturnCall(int inst, boolean indirect) {
        AbiSig cs = calleeSig(inst, indirect, false);
        if (cs == null) {
            return false;
        }
        AbiSig own = abiSig;
        if (cs.stackArgBytes() != own.stackArgBytes() || cs.calleePopBytes() != own.calleePopBytes()
                || cs.stackRetBytes() != own.stackRetBytes()) {
            return false;
        }
        int first = indirect ? 1 : 0;
        int na = cs.paramCount();
        int[] uses = new int[2 * na + 1];
        int[] usePregs = new int[2 * na + 1];
        int nu = placeArgs(inst, cs, first, na, uses, usePregs, true);
        if (nu < 0) {
            return false;
        }
        if (cs.returnAreaPointer() != AbiLocation.NONE) {
            if (retAreaReg == Reg.INVALID) {
                retAreaReg = temp_reg();
            }
            uses[nu] = retAreaReg;
            usePregs[nu++] = AbiLocation.preg(cs.returnAreaPointer());
        }
        int[] u = java.util.Arrays.copyOf(uses, nu);
        int[] p = java.util.Arrays.copyOf(usePregs, nu);
        if (indirect) {
            lower.emit(new AArch64Inst.ReturnCallInd(lower.putInReg(dfg.arg(inst, 0)), u, p));
        } else {
            lower.emit(new AArch64Inst.ReturnCall(dfg.ref(inst), u, p));
        }
        return true;
    }

    /**
     * A stack argument at {@code [sp + offset]} in the outgoing area or, for a tail call, over this
     * function's own incoming arguments at {@code [fp + 16 + offset]}.
     */
    @Override
    protected void storeStackArg(int v, AbiParam.Extension ext, int offset, boolean overIncoming) {
        Type t = lower.valueType(v);
        int base = overIncoming ? AArch64Regs.FP : AArch64Regs.SP;
        long off = (overIncoming ? INCOMING_ARGS_FP_OFFSET : 0) + offset;
        if (numRegs(t) == 2) {
            for (int w = 0; w < 2; w++) {
                lower.emit(new AArch64Inst.Store(AArch64MemOp.STR64, lower.putInReg(v, w),
                        frameAddr(base, off + 8L * w, AArch64MemOp.STR64, null)));
            }
        } else {
            AArch64MemOp op = storeOpOf(t, 0);
            lower.emit(new AArch64Inst.Store(op, extendForAbi(v, ext), frameAddr(base, off, op, null)));
        }
    }

    /**
     * {@code func_addr fnN}: the callee's address by {@code adrp} + {@code add :lo12:}
     * (ADR_PREL_PG_HI21 and ADD_ABS_LO12_NC relocations naming the FuncRef), ±4 GiB of the code.
     */
    @Override
    public int gen_func_addr(int inst) {
        int page = temp_reg();
        lower.emit(new AArch64Inst.Adrp(page, dfg.ref(inst), 0));
        int d = temp_reg();
        lower.emit(new AArch64Inst.AddLo12(d, page, dfg.ref(inst), 0));
        return d;
    }

    /** {@code stack_addr ssN+off}: sp plus the slot's offset, fixed once the frame is laid out. */
    @Override
    public int a64_stack_addr(long slot, long off) {
        int d = temp_reg();
        lower.emit(new AArch64Inst.StackSlotAddr(d, (int) slot, (int) off));
        return d;
    }
    // ------------------------------------------------------------------ scalar floating point

    /** A new FLOAT-class temporary (an s or d register). */
    public int temp_freg() {
        return lower.tempReg(Reg.FLOAT);
    }

    @Override
    public Type a64_float_ty(Type t) {
        return t == Type.F32 || t == Type.F64 ? t : null;
    }

    @Override
    public AArch64Size fp_size_of(Type t) {
        return t == Type.F64 ? AArch64Size.S64 : AArch64Size.S32;
    }

    @Override
    public int a64_fpu_rr(AArch64FpuOp1 op, AArch64Size size, int rn) {
        int d = temp_freg();
        lower.emit(new AArch64Inst.FpuRR(op, size, d, rn));
        return d;
    }

    @Override
    public int a64_fpu_rrr(AArch64FpuOp2 op, AArch64Size size, int rn, int rm) {
        int d = temp_freg();
        lower.emit(new AArch64Inst.FpuRRR(op, size, d, rn, rm));
        return d;
    }

    @Override
    public int a64_fmadd(AArch64Size size, int rn, int rm, int ra) {
        int d = temp_freg();
        lower.emit(new AArch64Inst.FpuMAdd(size, d, rn, rm, ra));
        return d;
    }

    @Override
    public int a64_fcsel(AArch64Size size, AArch64Cond cond, int a, int b) {
        int d = temp_freg();
        lower.emit(new AArch64Inst.FpuCSel(size, cond, d, a, b));
        return d;
    }

    @Override
    public int a64_fpu_int(AArch64FpIntOp op, AArch64Size intSize, AArch64Size fpSize, int rn) {
        int d = op.toFp() ? temp_freg() : temp_reg();
        lower.emit(new AArch64Inst.FpuIntCvt(op, intSize, fpSize, d, rn));
        return d;
    }

    /**
     * +0.0 from the zero register and the values of an 8-bit FP immediate by one fmov, anything
     * else from the constant pool by a literal load, which needs no GPR.
     */
    @Override
    public int a64_fconst(AArch64Size size, long bits) {
        long b = size.mask(bits);
        if (b == 0) {
            return a64_fpu_int(AArch64FpIntOp.FMOV_TO_FP, size, size, AArch64Regs.XZR);
        }
        int imm8 = AArch64FpImm.encode(b, size);
        if (imm8 >= 0) {
            int d = temp_freg();
            lower.emit(new AArch64Inst.FpuMovImm(size, d, imm8));
            return d;
        }
        int d = temp_freg();
        boolean dbl = size == AArch64Size.S64;
        lower.emit(new AArch64Inst.Load(dbl ? AArch64MemOp.LDRD : AArch64MemOp.LDRS, d,
                new AArch64Amode.Const(b, dbl ? 8 : 4)));
        return d;
    }

    /**
     * Without a scalar bit-select outside Advanced SIMD, the sign is moved in the GPRs: the
     * magnitude bits of {@code x} or the sign bit of {@code y}, both masks logical immediates.
     */
    @Override
    public int a64_fcopysign(AArch64Size size, int x, int y) {
        long sign = size == AArch64Size.S64 ? Long.MIN_VALUE : 1L << 31;
        int xi = a64_fpu_int(AArch64FpIntOp.FMOV_FROM_FP, size, size, x);
        int yi = a64_fpu_int(AArch64FpIntOp.FMOV_FROM_FP, size, size, y);
        int mag = a64_alu_logic(AArch64AluOp.AND, size, xi, logic(size.mask(~sign), size));
        int sgn = a64_alu_logic(AArch64AluOp.AND, size, yi, logic(sign, size));
        int r = a64_alu_rrr(AArch64AluOp.ORR, size, mag, sgn);
        return a64_fpu_int(AArch64FpIntOp.FMOV_TO_FP, size, size, r);
    }

    /**
     * {@code fcmp} then {@code cset} on the condition that holds exactly when {@code cc} does,
     * given that unordered sets NZCV = 0011 (C6.2 FCMP): {@code lt} is {@code mi} (N alone),
     * {@code ult} is {@code lt} (N != V), {@code uge} is {@code pl}, and so on. {@code one} and
     * {@code ueq} need two conditions, or-ed.
     */
    @Override
    public int a64_fcmp(int inst) {
        FloatCC cc = FloatCC.of(dfg.aux(inst));
        AArch64Cond c = a64_fcmp_flags(inst);
        if (c != AArch64Cond.AL) {
            return a64_cset(c);
        }
        int a = a64_cset(cc == FloatCC.ONE ? AArch64Cond.MI : AArch64Cond.EQ);
        int b = a64_cset(cc == FloatCC.ONE ? AArch64Cond.GT : AArch64Cond.VS);
        return a64_alu_rrr(AArch64AluOp.ORR, AArch64Size.S32, a, b);
    }

    @Override
    public Boolean fcmp_single_cond(int inst) {
        FloatCC cc = FloatCC.of(dfg.aux(inst));
        return cc != FloatCC.ONE && cc != FloatCC.UEQ ? Boolean.TRUE : null;
    }

    /** Emits the fcmp of {@code inst} and returns its condition; AL for {@code one} and {@code ueq}, which need two. */
    @Override
    public AArch64Cond a64_fcmp_flags(int inst) {
        int x = dfg.arg(inst, 0);
        AArch64Size size = fp_size_of(lower.valueType(x));
        lower.emit(new AArch64Inst.FpuCmp(size, lower.putInReg(x), lower.putInReg(dfg.arg(inst, 1))));
        return fcmpCond(FloatCC.of(dfg.aux(inst)));
    }

    private static AArch64Cond fcmpCond(FloatCC cc) {
        return switch (cc) {
            case ORD -> AArch64Cond.VC;
            case UNO -> AArch64Cond.VS;
            case EQ -> AArch64Cond.EQ;
            case NE -> AArch64Cond.NE;
            case LT -> AArch64Cond.MI;
            case LE -> AArch64Cond.LS;
            case GT -> AArch64Cond.GT;
            case GE -> AArch64Cond.GE;
            case ULT -> AArch64Cond.LT;
            case ULE -> AArch64Cond.LE;
            case UGT -> AArch64Cond.HI;
            case UGE -> AArch64Cond.PL;
            case ONE, UEQ -> AArch64Cond.AL;
        };
    }

    /** scvtf/ucvtf from a W or X register; i8 and i16 are extended to 32 bits first. */
    @Override
    public int a64_fcvt_from_int(boolean signed, Type from, AArch64Size fpSize, int x) {
        int bits = from.bits();
        int r = bits < 32 ? a64_extend(x, signed, bits, 32) : x;
        AArch64Size intSize = bits == 64 ? AArch64Size.S64 : AArch64Size.S32;
        return a64_fpu_int(signed ? AArch64FpIntOp.SCVTF : AArch64FpIntOp.UCVTF, intSize, fpSize, r);
    }

    /**
     * fcvtzs/fcvtzu into a W (types up to i32) or X register. The trapping forms first trap on NaN
     * ({@code bad_toint}) and on a value whose truncation is outside the type ({@code int_ovf}):
     * below {@code min - 1} exclusive (or {@code min} itself when {@code min - 1} has no exact
     * representation, as then no value lies between them) and at or above {@code max + 1}. The
     * saturating forms rely on the instructions saturating at 32/64 bits (NaN giving 0) and clamp
     * i8/i16 with csel.
     */
    @Override
    public int a64_fcvt_to_int(boolean signed, boolean sat, Type to, AArch64Size fpSize, int x) {
        int bits = to.bits();
        AArch64Size intSize = bits == 64 ? AArch64Size.S64 : AArch64Size.S32;
        AArch64FpIntOp op = signed ? AArch64FpIntOp.FCVTZS : AArch64FpIntOp.FCVTZU;
        if (!sat) {
            lower.emit(new AArch64Inst.FpuCmp(fpSize, x, x));
            trapIf(AArch64Cond.VS, TrapCode.BAD_CONVERSION_TO_INTEGER);
            double lo = signed ? -Math.pow(2, bits - 1) : 0;
            double hi = signed ? Math.pow(2, bits - 1) : Math.pow(2, bits);
            // min - 1 = -(2^(bits-1) + 1) is exact when the significand holds bits-1 + 1 bits.
            boolean exact = !signed || bits - 1 <= (fpSize == AArch64Size.S64 ? 52 : 23);
            double below = lo - 1;
            lower.emit(new AArch64Inst.FpuCmp(fpSize, x, fconstOf(fpSize, exact ? below : lo)));
            trapIf(exact ? AArch64Cond.LS : AArch64Cond.MI, TrapCode.INTEGER_OVERFLOW);
            lower.emit(new AArch64Inst.FpuCmp(fpSize, x, fconstOf(fpSize, hi)));
            trapIf(AArch64Cond.GE, TrapCode.INTEGER_OVERFLOW);
            return a64_fpu_int(op, intSize, fpSize, x);
        }
        int r = a64_fpu_int(op, intSize, fpSize, x);
        if (bits >= 32) {
            return r;
        }
        if (signed) {
            int max = a64_imm(AArch64Size.S32, (1L << (bits - 1)) - 1);
            lower.emit(new AArch64Inst.AluRRR(AArch64AluOp.SUBS, AArch64Size.S32, AArch64Regs.XZR, r, max));
            int r1 = a64_csel(AArch64Size.S32, AArch64Cond.LT, r, max);
            int min = a64_imm(AArch64Size.S32, -(1L << (bits - 1)));
            lower.emit(new AArch64Inst.AluRRR(AArch64AluOp.SUBS, AArch64Size.S32, AArch64Regs.XZR, r1, min));
            return a64_csel(AArch64Size.S32, AArch64Cond.GT, r1, min);
        }
        int max = a64_imm(AArch64Size.S32, (1L << bits) - 1);
        lower.emit(new AArch64Inst.AluRRR(AArch64AluOp.SUBS, AArch64Size.S32, AArch64Regs.XZR, r, max));
        return a64_csel(AArch64Size.S32, AArch64Cond.LO, r, max);
    }

    private int fconstOf(AArch64Size size, double v) {
        return a64_fconst(size, size == AArch64Size.S64 ? Double.doubleToRawLongBits(v)
                : Float.floatToRawIntBits((float) v) & 0xFFFF_FFFFL);
    }

    private void trapIf(AArch64Cond cond, int trapCode) {
        lower.emit(new AArch64Inst.TrapIf(new AArch64CondBrKind.Cond(cond), trapImm(trapCode)));
    }
}
