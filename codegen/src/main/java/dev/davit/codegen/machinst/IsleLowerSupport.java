package dev.davit.codegen.machinst;

import dev.davit.abi.AbiLocation;
import dev.davit.abi.AbiSig;
import dev.davit.codegen.Reg;
import dev.davit.ir.AbiParam;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.IntCC;
import dev.davit.ir.Opcode;
import dev.davit.ir.TrapCode;
import dev.davit.ir.Type;

/**
 * The ISLE externs of the shared prelude, the same for every backend (reading the CLIF being
 * lowered, type tests and constant arithmetic, result registers): a backend's
 * {@code LowerBackend} extends this and implements its generated {@code Context}, whose methods of
 * these names and signatures the inherited ones satisfy. "None" is -1 or null, so no int is boxed.
 */
public abstract class IsleLowerSupport<I> {
    /** The function being lowered; the backend sets both when {@link Lower} first calls it for a function. */
    protected Lower<I> lower;
    protected DataFlowGraph dfg;

    public Opcode inst_opcode(int inst) { return inst < 0 ? null : dfg.opcode(inst); }

    public Type inst_result_type(int inst) {
        if (inst < 0 || dfg.numResults(inst) == 0) return null;
        return dfg.valueType(dfg.result(inst, 0));
    }

    private int arg(int inst, int k) { return inst < 0 || dfg.numArgs(inst) <= k ? -1 : dfg.arg(inst, k); }

    public int inst_arg0(int inst) { return arg(inst, 0); }

    public int inst_arg1(int inst) { return arg(inst, 1); }

    public int inst_arg2(int inst) { return arg(inst, 2); }

    /** The entity field: a stack slot, FuncRef or SigRef number (0 for none). */
    public long inst_ref(int inst) { return inst < 0 ? 0 : dfg.ref(inst); }

    public long inst_imm(int inst) { return inst < 0 ? 0 : dfg.imm(inst); }

    public IntCC inst_intcc(int inst) {
        return inst < 0 || dfg.opcode(inst) != Opcode.ICMP ? null : IntCC.of(dfg.aux(inst));
    }

    public int inst_trap_code(int inst) { return inst < 0 ? TrapCode.NONE : dfg.aux(inst); }

    public Type value_type(int v) { return v < 0 ? null : lower.valueType(v); }

    public int def_inst(int v) { return v < 0 ? -1 : lower.defInst(v); }

    // ---- types, constants and their arithmetic (prelude externs)

    public Type const_I16() {
        return Type.I16;
    }

    public Type const_I32() {
        return Type.I32;
    }

    public Type const_I64() {
        return Type.I64;
    }

    public Type const_I128() {
        return Type.I128;
    }

    public Type const_I8() {
        return Type.I8;
    }

    public int const_TRAP_INT_DIVZ() {
        return TrapCode.INTEGER_DIVISION_BY_ZERO;
    }

    public int const_TRAP_INT_OVF() {
        return TrapCode.INTEGER_OVERFLOW;
    }

    public Type fits_in_64(Type t) {
        return t != null && t.isInt() && t.bits() <= 64 ? t : null;
    }

    public long i64_add(long a, long b) {
        return a + b;
    }

    public long i64_shl(long a, long b) {
        return a << b;
    }

    public long i64_sub(long a, long b) {
        return a - b;
    }

    public int i64_to_i32(long a) {
        return (int) a;
    }

    public int invalid_reg() {
        return Reg.INVALID;
    }

    public int label_at(int[] targets, int k) {
        return targets[k];
    }

    public boolean little_endian_mem(int inst) {
        return inst >= 0 && !dfg.memFlags(dfg.aux(inst)).big();
    }

    public Boolean nonzero_const(Type t, long k) {
        return (k & mask(t)) != 0 ? Boolean.TRUE : null;
    }

    public Boolean not_minus_one_const(Type t, long k) {
        return (k & mask(t)) != mask(t) ? Boolean.TRUE : null;
    }

    public boolean output_none() {
        return true;
    }

    public boolean output_pair(int r0, int r1) {
        lower.setResult(0, 0, r0);
        lower.setResult(1, 0, r1);
        return true;
    }

    public boolean output_wide(int lo, int hi) {
        lower.setResult(0, 0, lo);
        lower.setResult(0, 1, hi);
        return true;
    }

    public dev.davit.ir.AtomicRmwOp inst_atomic_op(int inst) {
        return inst < 0 ? dev.davit.ir.AtomicRmwOp.ADD : dev.davit.ir.AtomicRmwOp.of((int) dfg.imm(inst));
    }

    public long reg_pair(int lo, int hi) {
        return (lo & 0xFFFFFFFFL) | ((long) hi << 32);
    }

    public int pair_lo(long pair) {
        return (int) pair;
    }

    public int pair_hi(long pair) {
        return (int) (pair >>> 32);
    }

    public boolean output_wide_pair(int lo, int hi, int r1) {
        lower.setResult(0, 0, lo);
        lower.setResult(0, 1, hi);
        lower.setResult(1, 0, r1);
        return true;
    }

    public boolean output_reg(int r) {
        lower.setResult(0, 0, r);
        return true;
    }

    public int regClass(Type type) {
        return type.isInt() ? Reg.INT : Reg.FLOAT;
    }

    /**
     * Both backends lower, pass and return scalar integers, f32 and f64 (see {@code
     * LowerBackend#supportsType}).
     */
    public boolean supportsType(Type type) {
        return type.isInt() || type == Type.F32 || type == Type.F64;
    }

    // ------------------------------------------------------------------ values an AbiSig places
    // A call's arguments and a return's values go where an AbiSig says: registers, register pairs
    // or the stack. The register cases are the same on every ISA and are written here once; a
    // backend says how to extend a value for the ABI and how to store one to the stack.

    /** The register of {@code v}, extended as the ABI's {@code ext} asks where the ISA needs it. */
    protected abstract int extendForAbi(int v, AbiParam.Extension ext);

    /**
     * Stores call argument {@code v} (extension {@code ext}) at {@code offset} in the outgoing
     * argument area or, for a tail call ({@code overIncoming}), over this function's own incoming
     * stack arguments.
     */
    protected abstract void storeStackArg(int v, AbiParam.Extension ext, int offset, boolean overIncoming);

    /** Stores returned value {@code v} at {@code offset} in the caller's return area. */
    protected abstract void storeStackReturn(int v, int offset);

    /**
     * Puts arguments {@code first .. first+na} of call {@code inst} where {@code cs} wants them:
     * register ones into {@code uses} / {@code usePregs} (the call's fixed uses), stack ones
     * through {@link #storeStackArg}. Returns the number of fixed uses, or -1 for a location this
     * backend cannot fill.
     */
    protected final int placeArgs(int inst, AbiSig cs, int first, int na, int[] uses, int[] usePregs,
                                  boolean overIncoming) {
        int nu = 0;
        for (int i = 0; i < na; i++) {
            int v = dfg.arg(inst, first + i);
            int loc = cs.paramLoc(i);
            switch (AbiLocation.kind(loc)) {
                case AbiLocation.REG -> {
                    uses[nu] = extendForAbi(v, cs.paramExtension(i));
                    usePregs[nu++] = AbiLocation.preg(loc);
                }
                case AbiLocation.REG_PAIR -> {
                    uses[nu] = lower.putInReg(v, 0);
                    usePregs[nu++] = AbiLocation.lo(loc);
                    uses[nu] = lower.putInReg(v, 1);
                    usePregs[nu++] = AbiLocation.hi(loc);
                }
                case AbiLocation.STACK -> storeStackArg(v, cs.paramExtension(i), AbiLocation.offset(loc), overIncoming);
                default -> {
                    return -1;
                }
            }
        }
        return nu;
    }

    /** The registers a return passes its values in, and the physical register of each. */
    protected record ReturnRegs(int[] regs, int[] pregs) {}

    /**
     * Places the values of return {@code inst} as this function's {@code sig} says: register ones
     * as the returned {@link ReturnRegs}, stack ones through {@link #storeStackReturn}. Null when
     * the count, a type or a location is one this backend cannot return.
     */
    protected final ReturnRegs placeReturns(int inst, AbiSig sig) {
        int n = dfg.numArgs(inst);
        if (n != sig.returnCount()) return null;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (!supportsType(lower.valueType(dfg.arg(inst, i)))) return null;
            int k = AbiLocation.kind(sig.returnLoc(i));
            count += k == AbiLocation.REG ? 1 : k == AbiLocation.REG_PAIR ? 2 : 0;
        }
        int[] regs = new int[count];
        int[] pregs = new int[count];
        int j = 0;
        for (int i = 0; i < n; i++) {
            int v = dfg.arg(inst, i);
            int loc = sig.returnLoc(i);
            switch (AbiLocation.kind(loc)) {
                case AbiLocation.REG -> {
                    regs[j] = extendForAbi(v, sig.returnExtension(i));
                    pregs[j++] = AbiLocation.preg(loc);
                }
                case AbiLocation.REG_PAIR -> {
                    regs[j] = lower.putInReg(v, 0);
                    pregs[j++] = AbiLocation.lo(loc);
                    regs[j] = lower.putInReg(v, 1);
                    pregs[j++] = AbiLocation.hi(loc);
                }
                case AbiLocation.STACK -> storeStackReturn(v, AbiLocation.offset(loc));
                default -> {
                    return null;
                }
            }
        }
        return new ReturnRegs(regs, pregs);
    }

    public int shift_imm_amount(Type t, long k) {
        return (int) (k & (t.bits() - 1));
    }

    public int shift_mask(Type t) {
        return t.bits() - 1;
    }

    public boolean side_effect(boolean unit) {
        return true;
    }

    public int single_use_def_inst(int v) {
        return v < 0 || lower.useCount(v) != 1 ? -1 : lower.defInst(v);
    }

    public boolean sink_inst(int inst) {
        lower.sinkInst(inst);
        return true;
    }

    public int sinkable_load(int v) {
        return v < 0 ? -1 : lower.sinkableLoad(v);
    }

    public int temp_reg() {
        return lower.tempReg(Reg.INT);
    }

    public Type ty_32_or_64(Type t) {
        return t != null && t.isInt() && (t.bits() == 32 || t.bits() == 64) ? t : null;
    }

    public Type ty_8_or_16(Type t) {
        return t != null && t.isInt() && t.bits() <= 16 ? t : null;
    }

    public long ty_bits(Type t) {
        return t.bits();
    }

    public int value_reg(int v) {
        return lower.putInReg(v);
    }

    public int value_reg_hi(int v) {
        return lower.putInReg(v, 1);
    }

    /** All ones in the low {@code t.bits()} bits. */
    protected static long mask(Type t) {
        return t.bits() >= 64 ? -1L : (1L << t.bits()) - 1;
    }
}
