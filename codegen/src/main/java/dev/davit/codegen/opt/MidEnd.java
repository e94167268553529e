package dev.davit.codegen.opt;

import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.Function;
import dev.davit.ir.Layout;
import dev.davit.ir.Opcode;
import dev.davit.ir.Type;
import dev.davit.ir.analysis.ControlFlowGraph;
import dev.davit.ir.analysis.DominatorTree;
import java.util.Arrays;

/**
 * The mid-end run at {@code opt_level=speed} and {@code speed_and_size}: global value numbering of
 * pure instructions and algebraic identities, computed as a <em>substitution</em> (value → an
 * equivalent value whose definition dominates it) instead of an edited function. The function a
 * caller hands to {@code compile} stays untouched (it is also the cache key), and {@link
 * dev.davit.codegen.machinst.Lower} reads every operand through the substitution; lowering is
 * demand-driven, so an instruction whose result nobody reads any more is never lowered, which makes
 * dead-code elimination free.
 *
 * <p>Blocks are visited in dominator-tree preorder with a scoped hash table of pure instructions:
 * an entry made in block B is visible exactly in the blocks B dominates, which is what keeps every
 * replacement dominating its uses. Deleting entries in the reverse order of insertion restores a
 * linear-probing table exactly, so leaving a scope is popping an undo stack.
 *
 * <p>Constants are left alone: the backends rematerialize {@code iconst} where it is used, and
 * merging constants across blocks would only lengthen live ranges.
 */
public final class MidEnd {
    private static final boolean[] PURE = new boolean[Opcode.values().length];

    static {
        for (Opcode op : new Opcode[] {
                Opcode.IADD, Opcode.ISUB, Opcode.IMUL, Opcode.UMULHI, Opcode.SMULHI, Opcode.INEG, Opcode.IABS,
                Opcode.SMIN, Opcode.UMIN, Opcode.SMAX, Opcode.UMAX, Opcode.BAND, Opcode.BOR, Opcode.BXOR, Opcode.BNOT,
                Opcode.BAND_NOT, Opcode.BOR_NOT, Opcode.BXOR_NOT, Opcode.ISHL, Opcode.USHR, Opcode.SSHR, Opcode.ROTL,
                Opcode.ROTR, Opcode.CLZ, Opcode.CLS, Opcode.CTZ, Opcode.POPCNT, Opcode.BSWAP, Opcode.BITREV,
                Opcode.ICMP, Opcode.SELECT, Opcode.BMASK, Opcode.UEXTEND, Opcode.SEXTEND, Opcode.IREDUCE,
                Opcode.ICONCAT}) {
            PURE[op.ordinal()] = true;
        }
    }

    private final Function f;
    private final DataFlowGraph dfg;
    private final Layout layout;
    private final int[] subst;
    /** Open-addressing table of instructions (-1 empty); its size is a power of two. */
    private final int[] table;
    private final int mask;
    /** Slots filled, in order, for leaving scopes. */
    private final int[] undo;
    private int undoTop;
    private boolean changed;

    private MidEnd(Function f) {
        this.f = f;
        this.dfg = f.dfg();
        this.layout = f.layout();
        int nv = dfg.numValues();
        subst = new int[nv];
        for (int v = 0; v < nv; v++) subst[v] = v;
        int cap = Integer.highestOneBit(Math.max(16, dfg.numInsts() * 2 - 1)) << 1;
        table = new int[cap];
        Arrays.fill(table, -1);
        mask = cap - 1;
        undo = new int[dfg.numInsts() + 1];
    }

    /**
     * The substitution for {@code f}: {@code subst[v]} is the value to use wherever {@code v} (alias
     * resolved) is used, and {@code subst[v] == v} for values kept. Null when nothing is replaced.
     */
    public static int[] substitution(Function f) {
        MidEnd m = new MidEnd(f);
        m.run();
        return m.changed ? m.subst : null;
    }

    private int value(int v) { return subst[dfg.resolveAliases(v)]; }

    private void run() {
        ControlFlowGraph cfg = ControlFlowGraph.compute(f);
        DominatorTree dt = DominatorTree.compute(f, cfg);
        int entry = layout.entryBlock();
        if (entry < 0) return;
        // Iterative preorder walk; ~b on the stack marks leaving b, with its undo mark beside it.
        // Each block is pushed once as a child and once as a frame of two ints.
        int[] stack = new int[3 * dfg.numBlocks() + 4];
        int sp = 0;
        stack[sp++] = entry;
        while (sp > 0) {
            int b = stack[--sp];
            if (b < 0) {
                int mark = stack[--sp];
                while (undoTop > mark) table[undo[--undoTop]] = -1;
                continue;
            }
            stack[sp++] = undoTop;
            stack[sp++] = ~b;
            for (int inst = layout.firstInst(b); inst >= 0; inst = layout.nextInst(inst)) visit(inst);
            int nc = dt.numChildren(b);
            for (int k = nc - 1; k >= 0; k--) stack[sp++] = dt.child(b, k);
        }
    }

    private void visit(int inst) {
        int op = dfg.opcodeOrdinal(inst);
        if (!PURE[op] || dfg.numResults(inst) != 1) return;
        int result = dfg.result(inst, 0);
        int simpler = simplify(inst, op, result);
        if (simpler >= 0) {
            replace(result, simpler);
            return;
        }
        int h = hash(inst) & mask;
        while (true) {
            int other = table[h];
            if (other < 0) break;
            if (same(inst, other)) {
                replace(result, dfg.result(other, 0));
                return;
            }
            h = (h + 1) & mask;
        }
        table[h] = inst;
        undo[undoTop++] = h;
    }

    private void replace(int v, int with) {
        subst[v] = with;
        changed = true;
    }

    private int hash(int inst) {
        int h = dfg.opcodeOrdinal(inst) * 0x9E3779B1;
        Type t = dfg.ctrlType(inst);
        h = (h ^ (t == null ? 0 : t.code())) * 0x85EBCA6B;
        for (int a = 0, n = dfg.numArgs(inst); a < n; a++) h = (h ^ value(dfg.arg(inst, a))) * 0xC2B2AE35;
        long imm = dfg.imm(inst);
        h = (h ^ (int) imm ^ (int) (imm >>> 32)) * 0x27D4EB2F;
        h ^= dfg.aux(inst) * 31 + dfg.ref(inst);
        return h ^ (h >>> 16);
    }

    private boolean same(int a, int b) {
        if (dfg.opcodeOrdinal(a) != dfg.opcodeOrdinal(b) || dfg.ctrlType(a) != dfg.ctrlType(b)
                || dfg.imm(a) != dfg.imm(b) || dfg.aux(a) != dfg.aux(b) || dfg.ref(a) != dfg.ref(b)) return false;
        int n = dfg.numArgs(a);
        if (n != dfg.numArgs(b)) return false;
        for (int k = 0; k < n; k++) if (value(dfg.arg(a, k)) != value(dfg.arg(b, k))) return false;
        return dfg.valueType(dfg.result(a, 0)) == dfg.valueType(dfg.result(b, 0));
    }

    // ---- algebraic identities: each yields an existing value of the result's own type ----

    private int simplify(int inst, int op, int result) {
        Type t = dfg.valueType(result);
        int n = dfg.numArgs(inst);
        int x = n > 0 ? value(dfg.arg(inst, 0)) : -1;
        int y = n > 1 ? value(dfg.arg(inst, 1)) : -1;
        Opcode o = Opcode.of(op);
        return switch (o) {
            case IADD, BXOR -> isConst(y, 0, t) ? x : isConst(x, 0, t) ? y : -1;
            case BOR -> x == y ? x : isConst(y, 0, t) ? x : isConst(x, 0, t) ? y : -1;
            case ISUB -> isConst(y, 0, t) ? x : -1;
            case IMUL -> isConst(y, 1, t) ? x : isConst(x, 1, t) ? y : -1;
            case BAND -> x == y ? x : isConst(y, -1, t) ? x : isConst(x, -1, t) ? y : -1;
            case ISHL, USHR, SSHR, ROTL, ROTR -> t.isInt() && isShiftByZero(y, t) ? x : -1;
            case SELECT -> y == value(dfg.arg(inst, 2)) && dfg.valueType(y) == t ? y : -1;
            case BNOT, INEG -> {
                int d = defOf(x, op);
                yield d >= 0 ? value(dfg.arg(d, 0)) : -1;
            }
            case IREDUCE -> {
                int d = defOf(x, Opcode.UEXTEND.ordinal());
                if (d < 0) d = defOf(x, Opcode.SEXTEND.ordinal());
                if (d < 0) yield -1;
                int inner = value(dfg.arg(d, 0));
                yield dfg.valueType(inner) == t ? inner : -1;
            }
            default -> -1;
        };
    }

    /** The instruction defining {@code v} if it has opcode {@code op}, else -1. */
    private int defOf(int v, int op) {
        if (v < 0 || dfg.valueKind(v) != DataFlowGraph.VALUE_RESULT) return -1;
        int d = dfg.valueDef(v);
        return d >= 0 && dfg.opcodeOrdinal(d) == op ? d : -1;
    }

    /** Whether {@code v} is an {@code iconst} equal to {@code k} in the low bits of scalar type {@code t}. */
    private boolean isConst(int v, long k, Type t) {
        if (!t.isInt() || t.bits() > 64) return false;
        int d = defOf(v, Opcode.ICONST.ordinal());
        if (d < 0) return false;
        long m = t.bits() == 64 ? -1L : (1L << t.bits()) - 1;
        return (dfg.imm(d) & m) == (k & m);
    }

    /** A shift or rotate amount that is a constant multiple of the width: the operation is the identity. */
    private boolean isShiftByZero(int amount, Type t) {
        int d = defOf(amount, Opcode.ICONST.ordinal());
        return d >= 0 && (dfg.imm(d) & (t.bits() - 1)) == 0;
    }
}
