package dev.davit.ir.interpreter;

import dev.davit.ir.AbiParam;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.ExceptionTableData;
import dev.davit.ir.ExtFuncData;
import dev.davit.ir.FloatCC;
import dev.davit.ir.Function;
import dev.davit.ir.IntCC;
import dev.davit.ir.Layout;
import dev.davit.ir.MemFlags;
import dev.davit.ir.Opcode;
import dev.davit.ir.StackSlotData;
import dev.davit.ir.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A function decoded for execution: its instructions in layout order as one flat {@link Insn}
 * array (blocks are start positions in it), the value-file size, and the stack frame layout.
 * Decoding problems that only matter if the instruction runs (an unsupported opcode, an unknown
 * callee) become {@link Ops#UNSUPPORTED} instructions rather than failing the whole function.
 */
final class CompiledFunction {
    final FunctionEntry entry;
    final Function function;
    Insn[] code;
    int entryPc;
    int[] entryParams;
    int numValues;
    /** Offsets of stack slots within the frame, and their sizes. */
    int[] slotOffset, slotSize;
    int frameSize;
    /** The value holding the {@code vmctx} parameter, or -1. */
    int vmctxValue = -1;
    int maxBlockArgs;

    private CompiledFunction(FunctionEntry entry) {
        this.entry = entry;
        this.function = entry.function;
    }

    static CompiledFunction compile(Interpreter owner, FunctionEntry entry) {
        CompiledFunction cf = new CompiledFunction(entry);
        cf.build(owner);
        return cf;
    }

    private void build(Interpreter owner) {
        Function fn = function;
        DataFlowGraph dfg = fn.dfg();
        Layout layout = fn.layout();
        numValues = Math.max(1, dfg.numValues());
        int entryBlock = layout.entryBlock();
        if (entryBlock < 0) throw new InterpreterException("function " + entry.name + " has no blocks");

        int[] blockPc = new int[dfg.numBlocks()];
        Arrays.fill(blockPc, -1);
        List<Insn> insns = new ArrayList<>();
        List<Insn.Target> targets = new ArrayList<>();
        for (int b = layout.firstBlock(); b >= 0; b = layout.nextBlock(b)) {
            blockPc[b] = insns.size();
            for (int i = layout.firstInst(b); i >= 0; i = layout.nextInst(i)) {
                insns.add(decode(owner, dfg, i, targets));
            }
            // Falling off the end of a block is a malformed function; make it an explicit error.
            Insn end = new Insn();
            end.op = Ops.UNSUPPORTED;
            end.unsupported = "block" + b + " of " + entry.name + " ends without a terminator";
            insns.add(end);
        }
        for (Insn.Target t : targets) {
            if (t.block < 0 || t.block >= blockPc.length || blockPc[t.block] < 0) {
                throw new InterpreterException("branch to block" + t.block + " which is not in the layout of " + entry.name);
            }
            t.pc = blockPc[t.block];
            maxBlockArgs = Math.max(maxBlockArgs, t.src.length);
        }
        code = insns.toArray(new Insn[0]);
        entryPc = blockPc[entryBlock];
        entryParams = new int[dfg.numBlockParams(entryBlock)];
        for (int i = 0; i < entryParams.length; i++) entryParams[i] = dfg.blockParam(entryBlock, i);

        List<AbiParam> params = fn.signature().params();
        for (int i = 0; i < params.size() && i < entryParams.length; i++) {
            if (params.get(i).purpose() == AbiParam.Purpose.VMCTX) vmctxValue = entryParams[i];
        }

        int n = fn.stencil().numStackSlots();
        slotOffset = new int[n];
        slotSize = new int[n];
        int off = 0;
        for (int s = 0; s < n; s++) {
            StackSlotData d = fn.stencil().stackSlot(s);
            if (d == null) continue;
            // Every slot at least 16-byte aligned: aligned accesses of any width then work.
            int align = Math.max(16, 1 << Math.min(d.alignShift(), 12));
            off = (off + align - 1) & -align;
            slotOffset[s] = off;
            slotSize[s] = d.size();
            off += d.size();
        }
        frameSize = (off + 15) & -16;
    }

    private Insn decode(Interpreter owner, DataFlowGraph dfg, int inst, List<Insn.Target> targets) {
        Insn in = new Insn();
        Opcode opc = dfg.opcode(inst);
        in.opcode = opc;
        in.inst = inst;
        String name = opc.textName();
        in.op = Ops.op(name);
        in.sub = Ops.sub(name);
        if (in.op == Ops.UNSUPPORTED) in.unsupported = "opcode " + name + " is not supported by the interpreter";

        int nargs = dfg.numArgs(inst);
        in.args = new int[nargs];
        for (int k = 0; k < nargs; k++) in.args[k] = dfg.resolveAliases(dfg.arg(inst, k));
        if (nargs > 0) in.a = in.args[0];
        if (nargs > 1) in.b = in.args[1];
        if (nargs > 2) in.c = in.args[2];
        in.argType = nargs > 0 ? dfg.valueType(in.a) : null;

        int nres = dfg.numResults(inst);
        in.results = new int[nres];
        for (int k = 0; k < nres; k++) in.results[k] = dfg.result(inst, k);
        if (nres > 0) in.r = in.results[0];
        if (nres > 1) in.r1 = in.results[1];

        Type t = nres > 0 ? dfg.valueType(in.r) : null;
        if (t == null && (in.op == Ops.STORE || in.op == Ops.STACK_STORE || in.op == Ops.ATOMIC_STORE)) t = in.argType;
        if (t == null) t = dfg.ctrlType(inst);
        in.type = t;
        if (t != null) {
            in.bits = t.laneBits();
            in.lanes = t.lanes();
            in.mask = IntOps.mask(in.bits);
            in.simple = t.isInt() && in.bits <= 64;
            if (t.isDynamic() || t.bits() > 128) unsupported(in, "type " + t + " is not supported by the interpreter");
        }
        if (in.argType != null && (in.argType.isDynamic() || in.argType.bits() > 128)) {
            unsupported(in, "type " + in.argType + " is not supported by the interpreter");
        }

        in.imm = dfg.imm(inst);
        in.aux = dfg.aux(inst);
        in.ref = dfg.ref(inst);

        switch (in.op) {
            case Ops.ICMP, Ops.ICMP_IMM -> in.icc = IntCC.of(in.aux);
            case Ops.FCMP -> in.fcc = FloatCC.of(in.aux);
            case Ops.LOAD, Ops.LOAD_VEC_EXT, Ops.STORE, Ops.ATOMIC_RMW, Ops.ATOMIC_CAS, Ops.ATOMIC_LOAD,
                    Ops.ATOMIC_STORE -> in.flags = dfg.memFlags(in.aux);
            case Ops.BITCAST -> in.flags = in.aux >= 0 && in.aux < dfg.numMemFlags() ? dfg.memFlags(in.aux) : MemFlags.DEFAULT;
            case Ops.SHUFFLE -> in.bytes = dfg.immediate(in.ref);
            case Ops.CONST_POOL -> {
                in.bytes = dfg.constant(in.ref);
                if (in.bytes == null) unsupported(in, "missing constant const" + in.ref);
            }
            case Ops.JUMP -> in.targets = new Insn.Target[] {target(dfg, dfg.dest(inst, 0), targets)};
            case Ops.BRIF -> in.targets = new Insn.Target[] {
                    target(dfg, dfg.dest(inst, 0), targets), target(dfg, dfg.dest(inst, 1), targets)};
            case Ops.BR_TABLE -> {
                int[] jt = dfg.jumpTable(in.ref);
                in.targets = new Insn.Target[jt.length];
                for (int k = 0; k < jt.length; k++) in.targets[k] = target(dfg, jt[k], targets);
            }
            case Ops.CALL, Ops.RETURN_CALL, Ops.FUNC_ADDR -> resolveCallee(owner, dfg, in, in.ref);
            case Ops.TRY_CALL -> {
                resolveCallee(owner, dfg, in, in.ref);
                tryTargets(dfg, dfg.exceptionTable(in.aux), in, targets);
            }
            case Ops.TRY_CALL_INDIRECT -> tryTargets(dfg, dfg.exceptionTable(in.ref), in, targets);
            case Ops.STACK_LOAD, Ops.STACK_STORE, Ops.STACK_ADDR -> {
                if (function.stencil().stackSlot(in.ref) == null) unsupported(in, "unknown stack slot ss" + in.ref);
            }
            case Ops.GLOBAL_VALUE -> {
                if (function.stencil().globalValue(in.ref) == null) unsupported(in, "unknown global value gv" + in.ref);
            }
            default -> { }
        }
        return in;
    }

    private static void unsupported(Insn in, String why) {
        in.op = Ops.UNSUPPORTED;
        if (in.unsupported == null) in.unsupported = why;
    }

    private void tryTargets(DataFlowGraph dfg, ExceptionTableData et, Insn in, List<Insn.Target> targets) {
        // Nothing the interpreter runs can throw, so only the normal-return edge is ever taken.
        in.targets = new Insn.Target[] {target(dfg, et.normalReturn(), targets)};
    }

    private void resolveCallee(Interpreter owner, DataFlowGraph dfg, Insn in, int fnRef) {
        ExtFuncData ext = dfg.extFunc(fnRef);
        if (ext == null) {
            unsupported(in, "unknown function reference fn" + fnRef);
            return;
        }
        FunctionEntry callee = owner.resolve(function, ext.name());
        if (callee == null) unsupported(in, "call target " + owner.describe(function, ext.name()) + " is not a function of this file or a supported libcall");
        in.callee = callee;
    }

    private static Insn.Target target(DataFlowGraph dfg, int bc, List<Insn.Target> all) {
        Insn.Target t = new Insn.Target();
        t.block = dfg.blockCallBlock(bc);
        int n = dfg.blockCallNumArgs(bc);
        t.src = new int[n];
        for (int k = 0; k < n; k++) {
            int a = dfg.blockCallArg(bc, k);
            t.src[k] = DataFlowGraph.blockArgIsValue(a) ? dfg.resolveAliases(a) : a;
        }
        t.params = new int[dfg.numBlockParams(t.block)];
        for (int k = 0; k < t.params.length; k++) t.params[k] = dfg.blockParam(t.block, k);
        if (t.params.length != n) {
            throw new InterpreterException("block call to block" + t.block + " passes " + n + " arguments for "
                    + t.params.length + " parameters");
        }
        all.add(t);
        return t;
    }
}
