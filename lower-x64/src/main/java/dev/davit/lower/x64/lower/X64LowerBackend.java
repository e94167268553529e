package dev.davit.lower.x64.lower;

import dev.davit.codegen.Reg;
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

/**
 * The x86-64 instruction selector: the ISLE rules of {@code lower.isle} (compiled to
 * {@link X64Isle}) plus the externs they call, which read the DataFlowGraph through the
 * {@link Lower} driver, hand out registers and append instructions.
 *
 * <p>One instance serves one thread; {@link Lower} passes itself on every call, so the instance
 * carries no per-function state beyond that reference. Extern extractors on instructions accept -1
 * (a block parameter's "defining instruction") and match nothing for it.
 *
 * <p>ABI: System V for now (integer arguments in rdi, rsi, rdx, rcx, r8, r9; results in rax, rdx),
 * until the abi module provides argument and return locations.
 */
public final class X64LowerBackend implements LowerBackend<X64Inst>, X64Isle.Context {
    private static final int[] ARG_PREGS = {
        X64Regs.preg(X64Regs.RDI), X64Regs.preg(X64Regs.RSI), X64Regs.preg(X64Regs.RDX),
        X64Regs.preg(X64Regs.RCX), X64Regs.preg(X64Regs.R8), X64Regs.preg(X64Regs.R9)};
    private static final int[] RET_PREGS = {X64Regs.preg(X64Regs.RAX), X64Regs.preg(X64Regs.RDX)};

    private final boolean hasLzcnt, hasBmi1, hasPopcnt;
    private Lower<X64Inst> lower;
    private DataFlowGraph dfg;

    /** A backend for a CPU with the given optional instructions. */
    public X64LowerBackend(boolean hasLzcnt, boolean hasBmi1, boolean hasPopcnt) {
        this.hasLzcnt = hasLzcnt;
        this.hasBmi1 = hasBmi1;
        this.hasPopcnt = hasPopcnt;
    }

    /** Baseline x86-64: no lzcnt, bmi1 or popcnt. */
    public X64LowerBackend() {
        this(false, false, false);
    }

    private void bind(Lower<X64Inst> ctx) {
        if (lower != ctx) {
            lower = ctx;
            dfg = ctx.dfg();
        }
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

    @Override
    public void genArgs(Lower<X64Inst> ctx, int[] paramRegs) {
        bind(ctx);
        if (paramRegs.length > ARG_PREGS.length) {
            throw new IllegalArgumentException("more than " + ARG_PREGS.length + " register arguments are not supported yet");
        }
        int[] pregs = new int[paramRegs.length];
        for (int i = 0; i < paramRegs.length; i++) {
            if (Reg.cls(paramRegs[i]) != Reg.INT) {
                throw new IllegalArgumentException("non-integer arguments are not supported yet");
            }
            pregs[i] = ARG_PREGS[i];
        }
        ctx.emit(new X64Inst.Args(paramRegs.clone(), pregs));
    }

    @Override
    public int regClass(Type type) {
        return type.isInt() ? Reg.INT : Reg.FLOAT;
    }

    // ------------------------------------------------------------------ DataFlowGraph

    @Override
    public Opcode inst_opcode(int inst) {
        return inst < 0 ? null : dfg.opcode(inst);
    }

    @Override
    public Type inst_result_type(int inst) {
        if (inst < 0 || dfg.numResults(inst) == 0) {
            return null;
        }
        return dfg.valueType(dfg.result(inst, 0));
    }

    private int arg(int inst, int k) {
        return inst < 0 || dfg.numArgs(inst) <= k ? -1 : dfg.arg(inst, k);
    }

    @Override
    public int inst_arg0(int inst) {
        return arg(inst, 0);
    }

    @Override
    public int inst_arg1(int inst) {
        return arg(inst, 1);
    }

    @Override
    public int inst_arg2(int inst) {
        return arg(inst, 2);
    }

    @Override
    public long inst_imm(int inst) {
        return inst < 0 ? 0 : dfg.imm(inst);
    }

    @Override
    public IntCC inst_intcc(int inst) {
        return inst < 0 || dfg.opcode(inst) != Opcode.ICMP ? null : IntCC.of(dfg.aux(inst));
    }

    @Override
    public int inst_trap_code(int inst) {
        return inst < 0 ? TrapCode.NONE : dfg.aux(inst);
    }

    @Override
    public Type value_type(int v) {
        return v < 0 ? null : lower.valueType(v);
    }

    @Override
    public int def_inst(int v) {
        return v < 0 ? -1 : lower.defInst(v);
    }

    @Override
    public int sinkable_load(int v) {
        return v < 0 ? -1 : lower.sinkableLoad(v);
    }

    @Override
    public boolean sink_inst(int inst) {
        lower.sinkInst(inst);
        return true;
    }

    @Override
    public boolean little_endian_mem(int inst) {
        return inst >= 0 && !dfg.memFlags(dfg.aux(inst)).big();
    }

    @Override
    public int single_use_def_inst(int v) {
        return v < 0 || lower.useCount(v) != 1 ? -1 : lower.defInst(v);
    }

    // ------------------------------------------------------------------ types and constants

    @Override
    public Type fits_in_64(Type t) {
        return t != null && t.isInt() && t.bits() <= 64 ? t : null;
    }

    @Override
    public Type ty_8_or_16(Type t) {
        return t != null && t.isInt() && t.bits() <= 16 ? t : null;
    }

    @Override
    public Type ty_32_or_64(Type t) {
        return t != null && t.isInt() && (t.bits() == 32 || t.bits() == 64) ? t : null;
    }

    @Override
    public long ty_bits(Type t) {
        return t.bits();
    }

    @Override
    public long i64_add(long a, long b) {
        return a + b;
    }

    @Override
    public long i64_sub(long a, long b) {
        return a - b;
    }

    @Override
    public long i64_shl(long a, long b) {
        return a << b;
    }

    @Override
    public int i64_to_i32(long a) {
        return (int) a;
    }

    @Override
    public int shift_mask(Type t) {
        return t.bits() - 1;
    }

    @Override
    public int shift_imm_amount(Type t, long k) {
        return (int) (k & (t.bits() - 1));
    }

    private static long mask(Type t) {
        return t.bits() >= 64 ? -1L : (1L << t.bits()) - 1;
    }

    @Override
    public Boolean nonzero_const(Type t, long k) {
        return (k & mask(t)) != 0 ? Boolean.TRUE : null;
    }

    @Override
    public Boolean not_minus_one_const(Type t, long k) {
        return (k & mask(t)) != mask(t) ? Boolean.TRUE : null;
    }

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
    public int const_TRAP_INT_OVF() {
        return TrapCode.INTEGER_OVERFLOW;
    }

    @Override
    public int const_TRAP_INT_DIVZ() {
        return TrapCode.INTEGER_DIVISION_BY_ZERO;
    }

    @Override
    public Type const_I8() {
        return Type.I8;
    }

    @Override
    public Type const_I16() {
        return Type.I16;
    }

    @Override
    public Type const_I32() {
        return Type.I32;
    }

    @Override
    public Type const_I64() {
        return Type.I64;
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

    // ------------------------------------------------------------------ registers and results

    @Override
    public int value_reg(int v) {
        return lower.putInReg(v);
    }

    @Override
    public int temp_reg() {
        return lower.tempReg(Reg.INT);
    }

    @Override
    public int invalid_reg() {
        return Reg.INVALID;
    }

    @Override
    public boolean output_reg(int r) {
        lower.setResult(0, 0, r);
        return true;
    }

    @Override
    public boolean output_pair(int r0, int r1) {
        lower.setResult(0, 0, r0);
        lower.setResult(1, 0, r1);
        return true;
    }

    @Override
    public boolean output_none() {
        return true;
    }

    @Override
    public boolean side_effect(boolean unit) {
        return true;
    }

    @Override
    public int label_at(int[] targets, int k) {
        return targets[k];
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
    public X64CC cc_invert(X64CC cc) {
        return cc.invert();
    }

    // ------------------------------------------------------------------ ABI glue

    @Override
    public boolean gen_return(int inst) {
        int n = dfg.numArgs(inst);
        int count = 0;
        for (int i = 0; i < n; i++) {
            Type t = lower.valueType(dfg.arg(inst, i));
            if (!t.isInt()) {
                return false;
            }
            count += numRegs(t);
        }
        if (count > RET_PREGS.length) {
            return false;
        }
        int[] regs = new int[count];
        int[] pregs = new int[count];
        int j = 0;
        for (int i = 0; i < n; i++) {
            int v = dfg.arg(inst, i);
            for (int k = 0; k < numRegs(lower.valueType(v)); k++) {
                regs[j] = lower.putInReg(v, k);
                pregs[j] = RET_PREGS[j];
                j++;
            }
        }
        lower.emit(new X64Inst.Ret(regs, pregs, 0));
        return true;
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
