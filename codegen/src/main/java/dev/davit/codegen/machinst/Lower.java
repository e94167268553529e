package dev.davit.codegen.machinst;

import dev.davit.codegen.Reg;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.Function;
import dev.davit.ir.Layout;
import dev.davit.ir.Opcode;
import dev.davit.ir.Type;
import dev.davit.ir.analysis.BranchDestinations;
import dev.davit.ir.writer.FunctionWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lowering driver: turns a CLIF function into {@link VCode} by asking the backend to lower each
 * instruction. It walks machine blocks last to first and instructions last to first, as Cranelift
 * does, so that when it reaches an instruction every use of its results has been lowered: a pure
 * instruction none of whose results was asked for ({@link #putInReg}) is skipped, which drops dead
 * code and constants that were folded into immediates, and a load merged into its user
 * ({@link #sinkInst}) is not lowered again.
 *
 * <p>Every CLIF value gets its vreg(s) up front; a backend that computes a result into another
 * register binds it with {@link #setResult}, which makes the value's vreg an alias resolved when the
 * VCode is built, so no copy is emitted.
 */
public final class Lower<I> {
    private final Function f;
    private final DataFlowGraph dfg;
    private final Layout layout;
    private final MachInstInfo<I> info;
    private final LowerBackend<I> backend;
    private final BlockLoweringOrder order;
    private final VCodeBuilder<I> vcode;
    /** The mid-end's value substitution (see {@code dev.davit.codegen.opt.MidEnd}), or null. */
    private final int[] subst;

    private final int[] valueReg;      // first vreg of each value, -1 when none
    private final boolean[] demanded;  // value's registers were asked for by lowered code
    private final boolean[] sunk;      // instruction merged into a user
    private final int[] useCount;      // uses by instructions and block calls, any block
    private final int[] entryColor;    // side-effect "color" at each instruction, see sinkableLoad
    private int[] alias;               // vreg index - PINNED_VREGS -> vreg it stands for, or -1; null until the first
    private final List<I> current = new ArrayList<>(); // machine insts of the CLIF inst being lowered
    private int currentInst = -1;
    private static final int[] NO_REGS = new int[0];

    public Lower(Function f, MachInstInfo<I> info, LowerBackend<I> backend, BlockLoweringOrder order) {
        this(f, null, info, backend, order);
    }

    /**
     * Lowers {@code f} reading every operand through {@code subst} (value → equivalent value whose
     * definition dominates it; null for none), which is how mid-end rewrites reach the backend.
     */
    public Lower(Function f, int[] subst, MachInstInfo<I> info, LowerBackend<I> backend, BlockLoweringOrder order) {
        this.subst = subst;
        this.f = f;
        this.dfg = f.dfg();
        this.layout = f.layout();
        this.info = info;
        this.backend = backend;
        this.order = order;
        this.vcode = new VCodeBuilder<>(info, order.numBlocks(), Reg.PINNED_VREGS);
        int nv = dfg.numValues();
        valueReg = new int[nv];
        Arrays.fill(valueReg, -1);
        demanded = new boolean[nv];
        sunk = new boolean[dfg.numInsts()];
        useCount = new int[nv];
        entryColor = new int[dfg.numInsts()];
        int color = 0;
        for (int b = layout.firstBlock(); b >= 0; b = layout.nextBlock(b)) {
            for (int k = 0; k < dfg.numBlockParams(b); k++) assignRegs(dfg.blockParam(b, k));
            color++; // nothing merges across blocks
            for (int i = layout.firstInst(b); i >= 0; i = layout.nextInst(i)) {
                entryColor[i] = color;
                Opcode op = dfg.opcode(i);
                if (op.canLoad() || op.canStore() || op.canTrap() || op.isCall() || op.otherSideEffects()) color++;
                for (int r = 0; r < dfg.numResults(i); r++) assignRegs(dfg.result(i, r));
                for (int a = 0; a < dfg.numArgs(i); a++) useCount[resolve(dfg.arg(i, a))]++;
                int nd = BranchDestinations.count(dfg, i);
                for (int d = 0; d < nd; d++) {
                    int bc = BranchDestinations.blockCall(dfg, i, d);
                    for (int a = 0; a < dfg.blockCallNumArgs(bc); a++) {
                        int arg = dfg.blockCallArg(bc, a);
                        if (DataFlowGraph.blockArgIsValue(arg)) useCount[resolve(arg)]++;
                    }
                }
            }
        }
    }

    private int resolve(int v) {
        int r = dfg.resolveAliases(v);
        return subst == null ? r : subst[r];
    }

    private void assignRegs(int v) {
        Type t = dfg.valueType(v);
        int cls = backend.regClass(t);
        int n = backend.numRegs(t);
        int first = vcode.newVReg(cls);
        for (int k = 1; k < n; k++) vcode.newVReg(cls);
        valueReg[v] = first;
    }

    // ---------------------------------------------------------------- API for backends

    public Function function() { return f; }

    public DataFlowGraph dfg() { return dfg; }

    /** The instruction being lowered. */
    public int currentInst() { return currentInst; }

    public Type valueType(int v) { return dfg.valueType(resolve(v)); }

    /** Number of uses of {@code v} anywhere in the function. */
    public int useCount(int v) { return useCount[resolve(v)]; }

    /** The {@code k}-th register of value {@code v}, which lowered code now depends on. */
    public int putInReg(int v, int k) {
        v = resolve(v);
        demanded[v] = true;
        return valueReg[v] + (k << 2);
    }

    /** The register of a single-register value. */
    public int putInReg(int v) { return putInReg(v, 0); }

    /** The instruction defining {@code v}, or -1 for a block parameter. */
    public int defInst(int v) {
        v = resolve(v);
        return dfg.valueKind(v) == DataFlowGraph.VALUE_RESULT ? dfg.valueDef(v) : -1;
    }

    /**
     * Marks {@code inst} as merged into the instruction being lowered (a load folded into a memory
     * operand); it will not be lowered on its own. The caller checks it is legal to move it here.
     */
    public void sinkInst(int inst) { sunk[inst] = true; }

    /**
     * The load defining {@code v} when it may be merged into the instruction being lowered (as a
     * memory operand, then {@link #sinkInst}), else -1: {@code v} has this one use, and the load is
     * the only instruction with side effects from it to here, in the same block, so moving it down
     * reorders no memory access or trap.
     */
    public int sinkableLoad(int v) {
        int inst = defInst(v);
        if (inst < 0 || currentInst < 0 || sunk[inst] || useCount(v) != 1 || !dfg.opcode(inst).canLoad()) return -1;
        return entryColor[inst] + 1 == entryColor[currentInst] ? inst : -1;
    }

    /** A fresh temporary register. */
    public int tempReg(int cls) { return vcode.newVReg(cls); }

    /** Emits a machine instruction for the instruction being lowered. */
    public void emit(I inst) { current.add(inst); }

    /** Binds the {@code k}-th register of result {@code r} of the current instruction to {@code reg}. */
    public void setResult(int r, int k, int reg) {
        int v = dfg.result(currentInst, r);
        int vreg = valueReg[v] + (k << 2);
        setAlias(vreg, reg);
    }

    private void setAlias(int from, int to) {
        int idx = Reg.vregIndex(from) - Reg.PINNED_VREGS; // only virtual vregs get aliases
        if (idx < 0) throw new IllegalArgumentException("cannot alias a pinned register " + from);
        if (alias == null) {
            alias = new int[Math.max(idx + 1, vcode.numVRegs() - Reg.PINNED_VREGS + 8)];
            Arrays.fill(alias, -1);
        } else if (idx >= alias.length) {
            int old = alias.length;
            alias = Arrays.copyOf(alias, Math.max(idx + 1, old * 2));
            Arrays.fill(alias, old, alias.length, -1);
        }
        alias[idx] = to;
    }

    /** The register of result {@code r} of the current instruction, to compute into directly. */
    public int resultReg(int r, int k) { return valueReg[dfg.result(currentInst, r)] + (k << 2); }

    // ---------------------------------------------------------------- the driver

    /** Lowers the whole function. */
    public VCode<I> lower() throws LoweringException {
        int n = order.numBlocks();
        VCodeBuilder<I> vc = vcode;
        for (int mb = n - 1; mb >= 0; mb--) {
            vc.beginBlock(mb); // this block's instructions, last first
            int b = order.origBlock(mb);
            if (b < 0) {
                lowerEdge(mb);
            } else {
                int term = layout.lastInst(b);
                lowerTerminator(mb, b, term);
                for (int inst = layout.prevInst(term); inst >= 0; inst = layout.prevInst(inst)) {
                    if (sunk[inst] || !needsLowering(inst)) continue;
                    lowerOne(inst);
                }
                if (b == layout.entryBlock()) {
                    int np = dfg.numBlockParams(b);
                    int[] regs = new int[paramRegCount(b)];
                    int j = 0;
                    for (int k = 0; k < np; k++) {
                        int v = dfg.blockParam(b, k);
                        for (int r = 0; r < backend.numRegs(dfg.valueType(v)); r++) regs[j++] = valueReg[v] + (r << 2);
                    }
                    currentInst = -1;
                    backend.genArgs(this, regs);
                    flush();
                    vc.setEntry(mb);
                } else {
                    for (int k = 0; k < dfg.numBlockParams(b); k++) {
                        int v = dfg.blockParam(b, k);
                        for (int r = 0; r < backend.numRegs(dfg.valueType(v)); r++) vc.addBlockParam(mb, valueReg[v] + (r << 2));
                    }
                }
            }
            vc.endBlock(mb);
        }
        return vc.build(alias, Reg.PINNED_VREGS);
    }

    private int paramRegCount(int b) {
        int c = 0;
        for (int k = 0; k < dfg.numBlockParams(b); k++) c += backend.numRegs(dfg.valueType(dfg.blockParam(b, k)));
        return c;
    }

    private boolean needsLowering(int inst) {
        Opcode op = dfg.opcode(inst);
        if (op.isTerminator() || op.isCall() || op.canStore() || op.canTrap() || op.otherSideEffects()) return true;
        if (op.canLoad() && !isPureLoad(inst)) return true;
        for (int r = 0; r < dfg.numResults(inst); r++) if (demanded[dfg.result(inst, r)]) return true;
        return false;
    }

    /** A load that cannot trap (notrap) may be dropped when unused; others keep their trap. */
    private boolean isPureLoad(int inst) { return false; }

    /**
     * Why an instruction was refused when it is the type rather than the operation: the first
     * operand or result of a type the backend has no rules for ({@link LowerBackend#supportsType}).
     */
    private String unsupportedType(int inst) {
        for (int a = 0; a < dfg.numArgs(inst); a++) {
            Type t = valueType(dfg.arg(inst, a));
            if (t != null && !backend.supportsType(t)) return " (" + t + " values are not supported by this backend yet)";
        }
        for (int r = 0; r < dfg.numResults(inst); r++) {
            Type t = dfg.valueType(dfg.result(inst, r));
            if (t != null && !backend.supportsType(t)) return " (" + t + " values are not supported by this backend yet)";
        }
        return "";
    }

    private void lowerOne(int inst) throws LoweringException {
        currentInst = inst;
        if (!backend.lower(this, inst))
            throw new LoweringException("unsupported instruction: " + FunctionWriter.writeInst(f, inst) + unsupportedType(inst));
        flush();
    }

    /** Moves the current instruction's machine instructions onto the reversed instruction list. */
    private void flush() {
        List<I> cur = current;
        for (int i = cur.size() - 1; i >= 0; i--) vcode.pushReversed(cur.get(i));
        cur.clear();
    }

    private void lowerTerminator(int mb, int b, int term) throws LoweringException {
        int nd = BranchDestinations.count(dfg, term);
        int[] targets = new int[nd];
        int[][] args = new int[nd][];
        for (int k = 0; k < nd; k++) {
            targets[k] = order.branchTarget(b, k);
            args[k] = order.branchGoesThroughEdge(b, k) ? NO_REGS : blockCallRegs(BranchDestinations.blockCall(dfg, term, k));
        }
        currentInst = term;
        boolean ok = nd == 0 ? backend.lower(this, term) : backend.lowerBranch(this, term, targets);
        if (!ok) throw new LoweringException("unsupported instruction: " + FunctionWriter.writeInst(f, term) + unsupportedType(term));
        flush();
        vcode.setSuccs(mb, targets, args);
    }

    private void lowerEdge(int mb) {
        int term = order.edgeInst(mb);
        int bc = BranchDestinations.blockCall(dfg, term, order.edgeSuccIndex(mb));
        int target = order.succ(mb, 0);
        vcode.pushReversed(info.genJump(target));
        vcode.setSuccs(mb, new int[] {target}, new int[][] {blockCallRegs(bc)});
    }

    private int[] blockCallRegs(int bc) {
        int na = dfg.blockCallNumArgs(bc);
        int count = 0;
        for (int a = 0; a < na; a++) {
            int arg = dfg.blockCallArg(bc, a);
            if (!DataFlowGraph.blockArgIsValue(arg)) throw new IllegalStateException("exception-payload block arguments are not supported yet");
            count += backend.numRegs(valueType(arg));
        }
        int[] out = new int[count];
        int j = 0;
        for (int a = 0; a < na; a++) {
            int arg = dfg.blockCallArg(bc, a);
            int n = backend.numRegs(valueType(arg));
            for (int r = 0; r < n; r++) out[j++] = putInReg(arg, r);
        }
        return out;
    }
}
