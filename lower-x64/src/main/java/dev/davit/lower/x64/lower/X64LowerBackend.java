package dev.davit.lower.x64.lower;

import dev.davit.abi.AbiFlags;
import dev.davit.abi.AbiLocation;
import dev.davit.abi.AbiSig;
import dev.davit.abi.RegSet;
import dev.davit.abi.Regs;
import dev.davit.abi.UnsupportedAbiException;
import dev.davit.abi.X64CallConv;
import dev.davit.codegen.Reg;
import dev.davit.codegen.machinst.FinalCode;
import dev.davit.ir.AbiParam;
import dev.davit.ir.FunctionStencil;
import dev.davit.ir.Signature;
import dev.davit.ir.StackSlotData;
import dev.davit.lower.x64.abi.X64Frame;
import dev.davit.lower.x64.inst.X64AluOp;
import dev.davit.lower.x64.inst.X64ExtMode;
import dev.davit.codegen.machinst.IsleLowerSupport;
import dev.davit.codegen.machinst.Lower;
import dev.davit.codegen.machinst.LowerBackend;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.IntCC;
import dev.davit.ir.Opcode;
import dev.davit.ir.TrapCode;
import dev.davit.ir.Type;
import dev.davit.lower.x64.inst.X64Amode;
import dev.davit.lower.x64.inst.X64CC;
import dev.davit.lower.x64.inst.X64Inst;
import dev.davit.lower.x64.inst.X64RegMem;
import dev.davit.lower.x64.inst.X64RegMemImm;
import dev.davit.lower.x64.inst.X64Regs;
import dev.davit.lower.x64.inst.X64Size;
import dev.davit.lower.x64.inst.X64SseOp;

/**
 * The x86-64 instruction selector: the ISLE rules of {@code lower.isle} (compiled to
 * {@link X64Isle}) plus the externs they call, which read the DataFlowGraph through the
 * {@link Lower} driver, hand out registers and append instructions.
 *
 * <p>One instance serves one thread; {@link Lower} passes itself on every call, so the instance
 * carries no per-function state beyond that reference. Extern extractors on instructions accept -1
 * (a block parameter's "defining instruction") and match nothing for it.
 *
 * <p>ABI: argument and return locations come from the abi module ({@link X64CallConv#compute}) for
 * the function's own signature and for every call site. Per function this keeps the body's
 * {@link AbiSig}, the largest outgoing area of its calls and the vreg of an incoming return-area
 * pointer; the frame is laid out from them after allocation ({@link #frame}).
 */
public final class X64LowerBackend extends IsleLowerSupport<X64Inst>
        implements LowerBackend<X64Inst>, X64Isle.Context {
    private static final int[] NO_INTS = new int[0];

    private final boolean hasLzcnt, hasBmi1, hasPopcnt;
    private final X64CallConv callConv;
    private int probeGuard;
    private boolean hasSse41;
    // Per function (reset by bind).
    private AbiSig abiSig;
    private int outgoingBytes;
    private int retAreaReg;

    /** A backend for a CPU with the given optional instructions and ABI flags. */
    public X64LowerBackend(boolean hasLzcnt, boolean hasBmi1, boolean hasPopcnt, AbiFlags abiFlags) {
        this.hasLzcnt = hasLzcnt;
        this.hasBmi1 = hasBmi1;
        this.hasPopcnt = hasPopcnt;
        this.callConv = new X64CallConv(abiFlags);
    }

    /**
     * {@code enable_probestack}: probe frames of at least {@code bytes} (the guard size, {@code 1 <<
     * probestack_size_log2}) in the prologue; 0 turns probing off. Both strategies are done inline.
     */
    public X64LowerBackend probeStack(int bytes) {
        this.probeGuard = bytes;
        return this;
    }

    /** {@code has_sse41}: roundss/roundsd for floor, ceil, trunc and nearest. */
    public X64LowerBackend sse41(boolean has) {
        this.hasSse41 = has;
        return this;
    }

    /** A backend for a CPU with the given optional instructions, Cranelift's default ABI flags. */
    public X64LowerBackend(boolean hasLzcnt, boolean hasBmi1, boolean hasPopcnt) {
        this(hasLzcnt, hasBmi1, hasPopcnt, AbiFlags.DEFAULT);
    }

    /** Baseline x86-64: no lzcnt, bmi1 or popcnt. */
    public X64LowerBackend() {
        this(false, false, false);
    }

    private void bind(Lower<X64Inst> ctx) {
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
    public X64Frame frame(FinalCode<X64Inst> code) {
        FunctionStencil st = lower.function().stencil();
        int n = st.numStackSlots();
        int[] sizes = new int[n];
        int[] aligns = new int[n];
        for (int i = 0; i < n; i++) {
            StackSlotData d = st.stackSlot(i);
            sizes[i] = d == null ? 0 : d.size();
            aligns[i] = d == null ? 1 : 1 << d.alignShift();
        }
        return X64Frame.of(callConv, abiSig, sizes, aligns, code.numSpillSlots(), outgoingBytes, code.usedRegs(), probeGuard);
    }

    // ------------------------------------------------------------------ LowerBackend

    @Override
    public boolean lower(Lower<X64Inst> ctx, int inst) {
        bind(ctx);
        Boolean r = X64Isle.lower(this, inst);
        return r != null && r;
    }

    @Override
    public boolean lowerBranch(Lower<X64Inst> ctx, int inst, int[] targets) {
        bind(ctx);
        Boolean r = X64Isle.lower_branch(this, inst, targets);
        return r != null && r;
    }

    /**
     * Register arguments are defined by one {@code Args} pseudo-instruction in their fixed registers;
     * stack arguments are loaded from above the return address, {@code [rbp + 16 + offset]} (a
     * fixed place: the setup area is always 16 bytes on x86-64).
     */
    @Override
    public void genArgs(Lower<X64Inst> ctx, int[] paramRegs) {
        bind(ctx);
        AbiSig sig = abiSig;
        int np = sig.paramCount();
        int[] defs = new int[paramRegs.length + 1];
        int[] pregs = new int[paramRegs.length + 1];
        int nd = 0;
        int j = 0;
        java.util.List<X64Inst> loads = null;
        for (int i = 0; i < np; i++) {
            int loc = sig.paramLoc(i);
            int r = paramRegs[j];
            Type pt = ctx.function().signature().params().get(i).type();
            if (!supportsType(pt)) throw new IllegalArgumentException(pt + " arguments are not supported yet");
            switch (AbiLocation.kind(loc)) {
                case AbiLocation.REG -> {
                    defs[nd] = r;
                    pregs[nd++] = AbiLocation.preg(loc);
                    j++;
                }
                case AbiLocation.REG_PAIR -> {
                    defs[nd] = r;
                    pregs[nd++] = AbiLocation.lo(loc);
                    defs[nd] = paramRegs[j + 1];
                    pregs[nd++] = AbiLocation.hi(loc);
                    j += 2;
                }
                case AbiLocation.STACK -> {
                    if (loads == null) loads = new java.util.ArrayList<>();
                    int base = 16 + AbiLocation.offset(loc);
                    if (pt.isFloat()) {
                        loads.add(xmmLoad(pt, new X64Amode.BaseIndex(X64Regs.RBP, Reg.INVALID, 0, base), paramRegs[j++]));
                        continue;
                    }
                    int words = pt.bits() > 64 ? 2 : 1;
                    for (int w = 0; w < words; w++) {
                        loads.add(new X64Inst.Load(X64Size.S64,
                                new X64Amode.BaseIndex(X64Regs.RBP, Reg.INVALID, 0, base + 8 * w), paramRegs[j++]));
                    }
                }
                default -> throw new IllegalArgumentException("argument location " + AbiLocation.toString(loc)
                        + " is not supported yet");
            }
        }
        int ra = sig.returnAreaPointer();
        if (ra != AbiLocation.NONE && retAreaReg != Reg.INVALID) {
            defs[nd] = retAreaReg;
            pregs[nd++] = AbiLocation.preg(ra);
        }
        ctx.emit(new X64Inst.Args(java.util.Arrays.copyOf(defs, nd), java.util.Arrays.copyOf(pregs, nd)));
        if (loads != null) for (X64Inst l : loads) ctx.emit(l);
    }

    // ------------------------------------------------------------------ DataFlowGraph

    // ------------------------------------------------------------------ types and constants

    @Override
    public Boolean simm32_fits(Type t, long k) {
        return t.bits() <= 32 || k == (int) k ? Boolean.TRUE : null;
    }

    @Override
    public int simm32_value(Type t, long k) {
        return switch (t.bits()) {
            case 8 -> (byte) k;
            case 16 -> (short) k;
            default -> (int) k;
        };
    }

    @Override
    public Boolean disp_fits(long off, long k) {
        long s = off + k;
        return k == (int) k && s == (int) s ? Boolean.TRUE : null;
    }

    @Override
    public X64Size imm_size(Type t, long k) {
        // A 32-bit mov zero-extends, so any value whose upper half is zero takes the short form.
        return t.bits() < 64 || (k >>> 32) == 0 ? X64Size.S32 : X64Size.S64;
    }

    @Override
    public long imm_value(Type t, long k) {
        return k & mask(t);
    }

    @Override
    public boolean use_lzcnt() {
        return hasLzcnt;
    }

    @Override
    public boolean use_bmi1() {
        return hasBmi1;
    }

    @Override
    public boolean use_popcnt() {
        return hasPopcnt;
    }

    @Override
    public boolean use_sse41() {
        return hasSse41;
    }

    // ------------------------------------------------------------------ registers and results

    @Override
    public int temp_xmm() {
        return lower.tempReg(Reg.FLOAT);
    }

    // ------------------------------------------------------------------ floats

    @Override
    public Type const_F32() {
        return Type.F32;
    }

    @Override
    public Type const_F64() {
        return Type.F64;
    }

    @Override
    public Type ty_float(Type t) {
        return t == Type.F32 || t == Type.F64 ? t : null;
    }

    @Override
    public int const_TRAP_BAD_TOINT() {
        return TrapCode.BAD_CONVERSION_TO_INTEGER;
    }

    /** Bits of {@code v} as a float of type {@code t} (f32 bits zero-extended). */
    private static long floatBits(Type t, double v) {
        return t == Type.F32 ? Float.floatToRawIntBits((float) v) & 0xFFFF_FFFFL : Double.doubleToRawLongBits(v);
    }

    @Override
    public long float_pow2_bits(Type t, long k) {
        return floatBits(t, Math.scalb(1.0, (int) k));
    }

    @Override
    public long float_bits_of_int(Type t, long k) {
        return floatBits(t, (double) k);
    }

    /** Whether -2^(N-1) - 1 is a float of type {@code ft}: its mantissa holds N bits. */
    private static boolean loBoundExact(Type ft, Type it) {
        return it.bits() <= (ft == Type.F32 ? 24 : 53);
    }

    @Override
    public long fcvt_sint_lo_bits(Type ft, Type it) {
        double min = -Math.scalb(1.0, it.bits() - 1);
        return floatBits(ft, loBoundExact(ft, it) ? min - 1 : min);
    }

    @Override
    public X64CC fcvt_sint_lo_cc(Type ft, Type it) {
        // After ucomis bound, x: AE is bound >= x, A is bound > x.
        return loBoundExact(ft, it) ? X64CC.AE : X64CC.A;
    }

    @Override
    public long int_max(Type t, boolean signed) {
        int n = t.bits();
        return signed ? (1L << (n - 1)) - 1 : n == 64 ? -1L : (1L << n) - 1;
    }

    @Override
    public long int_min(Type t) {
        return -(1L << (t.bits() - 1));
    }

    @Override
    public dev.davit.ir.FloatCC inst_floatcc(int inst) {
        return inst < 0 || dfg.opcode(inst) != Opcode.FCMP ? null : dev.davit.ir.FloatCC.of(dfg.aux(inst));
    }

    @Override
    public boolean emit(X64Inst inst) {
        lower.emit(inst);
        return true;
    }

    // ------------------------------------------------------------------ operands

    @Override
    public X64RegMemImm rmi_reg(int r) {
        return new X64RegMem.Reg(r);
    }

    @Override
    public X64RegMemImm rmi_imm(int k) {
        return new X64RegMemImm.Imm(k);
    }

    @Override
    public X64RegMem rm_reg(int r) {
        return new X64RegMem.Reg(r);
    }

    @Override
    public X64RegMemImm rmi_mem(X64Amode a) {
        return new X64RegMem.Mem(a);
    }

    @Override
    public X64RegMem rm_mem(X64Amode a) {
        return new X64RegMem.Mem(a);
    }

    @Override
    public X64Amode amode_base(int base, long disp) {
        return new X64Amode.BaseIndex(base, Reg.INVALID, 0, (int) disp);
    }

    @Override
    public X64Amode amode_base_index(int base, int index, long disp) {
        return new X64Amode.BaseIndex(base, index, 0, (int) disp);
    }

    @Override
    public X64Amode amode_base_index_shift(int base, int index, long shift, long disp) {
        return new X64Amode.BaseIndex(base, index, (int) shift, (int) disp);
    }

    @Override
    public Boolean scale_shift(long k) {
        return k >= 1 && k <= 3 ? Boolean.TRUE : null;
    }

    @Override
    public X64CC cc_invert(X64CC cc) {
        return cc.invert();
    }

    // ------------------------------------------------------------------ ABI glue

    /**
     * {@code ret} with the values where the signature's {@link AbiSig} puts them: registers (fixed
     * uses of the {@code Ret}), or stores into the caller's return area through the hidden pointer.
     */
    @Override
    public boolean gen_return(int inst) {
        ReturnRegs r = placeReturns(inst, abiSig);
        if (r == null) return false;
        lower.emit(new X64Inst.Ret(r.regs(), r.pregs(), abiSig.calleePopBytes()));
        return true;
    }

    /** A returned value in the caller's return area, whose address came in the return-area pointer. */
    @Override
    protected void storeStackReturn(int v, int off) {
        if (retAreaReg == Reg.INVALID) retAreaReg = lower.tempReg(Reg.INT);
        Type t = lower.valueType(v);
        if (t.isFloat()) {
            lower.emit(xmmStore(t, lower.putInReg(v), new X64Amode.BaseIndex(retAreaReg, Reg.INVALID, 0, off)));
            return;
        }
        for (int w = 0; w < numRegs(t); w++) {
            X64Size size = w == 0 && t.bits() <= 64 ? exactSize(t) : X64Size.S64;
            lower.emit(new X64Inst.Store(size, lower.putInReg(v, w),
                    new X64Amode.BaseIndex(retAreaReg, Reg.INVALID, 0, off + 8 * w)));
        }
    }

    /** movss/movsd of a float of type {@code t} from memory. */
    private static X64Inst xmmLoad(Type t, X64Amode a, int dst) {
        return new X64Inst.XmmUnary(t == Type.F32 ? X64SseOp.MOVSS : X64SseOp.MOVSD, new X64RegMem.Mem(a), dst);
    }

    /** movss/movsd of a float of type {@code t} to memory. */
    private static X64Inst xmmStore(Type t, int src, X64Amode a) {
        return new X64Inst.XmmStore(t == Type.F32 ? X64SseOp.MOVSS : X64SseOp.MOVSD, src, a);
    }

    private static X64Size exactSize(Type t) {
        return switch (t.bits()) {
            case 8 -> X64Size.S8;
            case 16 -> X64Size.S16;
            case 32 -> X64Size.S32;
            default -> X64Size.S64;
        };
    }

    /** The register of {@code v}, extended to 64 bits when the ABI asks for {@code uext}/{@code sext}. */
    @Override
    protected int extendForAbi(int v, AbiParam.Extension ext) {
        int r = lower.putInReg(v);
        Type t = lower.valueType(v);
        if (ext == AbiParam.Extension.NONE || t.bits() >= 64 || !t.isInt()) return r;
        boolean signed = ext == AbiParam.Extension.SEXT;
        X64ExtMode mode = switch (t.bits()) {
            case 8 -> signed ? X64ExtMode.BQ : X64ExtMode.BL;
            case 16 -> signed ? X64ExtMode.WQ : X64ExtMode.WL;
            default -> X64ExtMode.LQ;
        };
        int dst = lower.tempReg(Reg.INT);
        X64RegMem src = new X64RegMem.Reg(r);
        lower.emit(signed ? new X64Inst.Movsx(mode, src, dst) : new X64Inst.Movzx(mode, src, dst));
        return dst;
    }

    // ------------------------------------------------------------------ calls and frame addresses

    /** The callee's {@link AbiSig}, or null when the call has no signature or an unsupported one. */
    private AbiSig callAbi(int inst) {
        Signature s = dfg.callSignature(inst);
        if (s == null) return null;
        try {
            return callConv.compute(s);
        } catch (UnsupportedAbiException e) {
            return null;
        }
    }

    @Override
    public boolean gen_call(int inst) {
        return genCall(inst, false);
    }

    @Override
    public boolean gen_call_indirect(int inst) {
        return genCall(inst, true);
    }

    /**
     * A call per the callee's {@link AbiSig}: stack arguments stored at {@code [rsp + offset]} (the
     * outgoing area at the bottom of the frame, sized by the largest call), register arguments as
     * fixed uses, results as fixed defs, a return area (if any) right above the stack arguments
     * with its address in the hidden pointer register, and the convention's caller-saved
     * registers clobbered.
     */
    private boolean genCall(int inst, boolean indirect) {
        AbiSig cs = callAbi(inst);
        if (cs == null) return false;
        int first = indirect ? 1 : 0;
        int na = dfg.numArgs(inst) - first;
        if (na != cs.paramCount() || dfg.numResults(inst) != cs.returnCount()) return false;
        for (int i = 0; i < na; i++) if (!supportsType(lower.valueType(dfg.arg(inst, first + i)))) return false;
        for (int r = 0; r < cs.returnCount(); r++) if (!supportsType(dfg.valueType(dfg.result(inst, r)))) return false;
        int[] uses = new int[2 * na + 1];
        int[] usePregs = new int[2 * na + 1];
        int nu = placeArgs(inst, cs, first, na, uses, usePregs, false);
        if (nu < 0) return false;
        if (cs.returnAreaPointer() != AbiLocation.NONE) {
            int p = lower.tempReg(Reg.INT);
            lower.emit(new X64Inst.Lea(X64Size.S64, rspAddr(cs.returnAreaOffset()), p));
            uses[nu] = p;
            usePregs[nu++] = AbiLocation.preg(cs.returnAreaPointer());
        }
        int nr = cs.returnCount();
        int[] defs = new int[2 * nr];
        int[] defPregs = new int[2 * nr];
        int ndf = 0;
        java.util.List<X64Inst> after = null;
        for (int r = 0; r < nr; r++) {
            int loc = cs.returnLoc(r);
            int v = dfg.result(inst, r);
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
                    if (after == null) after = new java.util.ArrayList<>();
                    int off = cs.returnAreaOffset() + AbiLocation.offset(loc);
                    if (dfg.valueType(v).isFloat()) {
                        after.add(xmmLoad(dfg.valueType(v), rspAddr(off), lower.resultReg(r, 0)));
                        continue;
                    }
                    for (int w = 0; w < numRegs(lower.valueType(v)); w++) {
                        after.add(new X64Inst.Load(X64Size.S64, rspAddr(off + 8 * w), lower.resultReg(r, w)));
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        outgoingBytes = Math.max(outgoingBytes, cs.outgoingAreaBytes());
        RegSet clob = cs.callClobbers();
        X64Inst.CallInfo info = new X64Inst.CallInfo(java.util.Arrays.copyOf(uses, nu),
                java.util.Arrays.copyOf(usePregs, nu), java.util.Arrays.copyOf(defs, ndf),
                java.util.Arrays.copyOf(defPregs, ndf), clob.word(Regs.INT), clob.word(Regs.FLOAT), 0,
                cs.calleePopBytes());
        if (indirect) {
            lower.emit(new X64Inst.CallUnknown(new X64RegMem.Reg(lower.putInReg(dfg.arg(inst, 0))), info));
        } else {
            lower.emit(new X64Inst.CallKnown(dfg.ref(inst), info));
        }
        if (after != null) for (X64Inst l : after) lower.emit(l);
        return true;
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
     * arguments are stored over the incoming ones at {@code [rbp + 16 + offset]}; those were all
     * loaded into registers at entry. A callee return area is this function's own, whose pointer
     * is passed on.
     */
    private boolean genReturnCall(int inst, boolean indirect) {
        AbiSig cs = callAbi(inst);
        if (cs == null) return false;
        AbiSig own = abiSig;
        if (cs.stackArgBytes() != own.stackArgBytes() || cs.calleePopBytes() != own.calleePopBytes()
                || cs.stackRetBytes() != own.stackRetBytes()) {
            return false;
        }
        int first = indirect ? 1 : 0;
        int na = dfg.numArgs(inst) - first;
        if (na != cs.paramCount()) return false;
        for (int i = 0; i < na; i++) if (!supportsType(lower.valueType(dfg.arg(inst, first + i)))) return false;
        int[] uses = new int[2 * na + 1];
        int[] usePregs = new int[2 * na + 1];
        int nu = placeArgs(inst, cs, first, na, uses, usePregs, true);
        if (nu < 0) return false;
        if (cs.returnAreaPointer() != AbiLocation.NONE) {
            if (retAreaReg == Reg.INVALID) retAreaReg = lower.tempReg(Reg.INT);
            uses[nu] = retAreaReg;
            usePregs[nu++] = AbiLocation.preg(cs.returnAreaPointer());
        }
        int[] u = java.util.Arrays.copyOf(uses, nu);
        int[] p = java.util.Arrays.copyOf(usePregs, nu);
        if (indirect) {
            lower.emit(new X64Inst.ReturnCallUnknown(lower.putInReg(dfg.arg(inst, 0)), u, p));
        } else {
            lower.emit(new X64Inst.ReturnCallKnown(dfg.ref(inst), u, p));
        }
        return true;
    }

    /**
     * A stack argument at {@code [rsp + offset]} in the outgoing area or, for a tail call, over
     * this function's own incoming arguments at {@code [rbp + 16 + offset]}.
     */
    @Override
    protected void storeStackArg(int v, AbiParam.Extension ext, int off, boolean overIncoming) {
        Type t = lower.valueType(v);
        X64Amode at = overIncoming ? rbpAddr(16 + off) : rspAddr(off);
        if (t.isFloat()) {
            lower.emit(xmmStore(t, lower.putInReg(v), at));
        } else if (numRegs(t) == 2) {
            lower.emit(new X64Inst.Store(X64Size.S64, lower.putInReg(v, 0), at));
            lower.emit(new X64Inst.Store(X64Size.S64, lower.putInReg(v, 1),
                    overIncoming ? rbpAddr(16 + off + 8) : rspAddr(off + 8)));
        } else {
            lower.emit(new X64Inst.Store(X64Size.S64, extendForAbi(v, ext), at));
        }
    }

    private static X64Amode rbpAddr(int off) {
        return new X64Amode.BaseIndex(X64Regs.RBP, Reg.INVALID, 0, off);
    }

    private static X64Amode rspAddr(int off) {
        return new X64Amode.BaseIndex(X64Regs.RSP, Reg.INVALID, 0, off);
    }

    /** {@code func_addr fnN}: the callee's absolute address, an Abs8 relocation naming the FuncRef. */
    @Override
    public int gen_func_addr(int inst) {
        int dst = lower.tempReg(Reg.INT);
        lower.emit(new X64Inst.LoadExtName(dst, dfg.ref(inst), 0));
        return dst;
    }

    @Override
    public X64Amode amode_stack_slot(long slot, long disp) {
        return new X64Amode.StackSlot((int) slot, (int) disp);
    }

    @Override
    public int[] jump_table_targets(int[] targets) {
        // The driver lists the default first (CLIF's branch-destination order); the table wants it last.
        int n = targets.length;
        int[] out = new int[n];
        System.arraycopy(targets, 1, out, 0, n - 1);
        out[n - 1] = targets[0];
        return out;
    }

    @Override
    public long jump_table_size(int[] targets) {
        return targets.length - 1;
    }
}
