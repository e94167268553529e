package dev.davit.regalloc.checker;

import dev.davit.regalloc.Allocation;
import dev.davit.regalloc.MachineEnv;
import dev.davit.regalloc.Operand;
import dev.davit.regalloc.Output;
import dev.davit.regalloc.PReg;
import dev.davit.regalloc.RegFunction;
import dev.davit.regalloc.VReg;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Symbolic checker of an allocation. It tracks, for every register and spill slot, the set of
 * vregs whose current value it holds, through the edits and instructions of each block, and
 * meets (intersects) these states where control flow joins, iterating to a fixpoint over the CFG.
 * Then, in one last pass, every use must find its vreg in its allocated location.
 *
 * <p>Per instruction: edits before it; early uses read; early defs written; clobbered registers
 * forgotten; late uses read; late defs (and mods) written; edits after it. A def writes its
 * location and forgets the vreg everywhere else (the old value is stale). On an edge, block
 * parameters are bound to the arguments' values: every location holding argument {@code a_j}
 * then also holds parameter {@code p_j} (all at once, so swaps work). It also checks each
 * allocation against its operand's constraint (fixed register, register, stack, reuse,
 * allocatable registers, register class) and that defs do not share a location with operands
 * they would destroy. Values of pinned vregs are not tracked.
 */
public final class Checker {
    private final RegFunction f;
    private final MachineEnv env;
    private final Output out;
    private final int numLocs;
    private final int[] slotClass;
    private final int[] instBlock;
    private final int[][] slotsOfClass = new int[3][];

    private Checker(RegFunction f, MachineEnv env, Output out) {
        this.f = f;
        this.env = env;
        this.out = out;
        this.numLocs = PReg.NUM + out.numSpillSlots();
        this.slotClass = new int[out.numSpillSlots()];
        for (int s = 0; s < slotClass.length; s++) slotClass[s] = out.spillSlotClass(s).ordinal();
        int[] counts = new int[3];
        for (int c : slotClass) counts[c]++;
        for (int c = 0; c < 3; c++) slotsOfClass[c] = new int[counts[c]];
        Arrays.fill(counts, 0);
        for (int sl = 0; sl < slotClass.length; sl++) slotsOfClass[slotClass[sl]][counts[slotClass[sl]]++] = sl;
        this.instBlock = new int[f.numInsts()];
        for (int b = 0; b < f.numBlocks(); b++) {
            for (int i = f.blockInstStart(b); i < f.blockInstEnd(b); i++) instBlock[i] = b;
        }
    }

    /** Checks {@code out} for {@code f}; throws {@link CheckerException} naming the first error. */
    public static void check(RegFunction f, MachineEnv env, Output out) {
        new Checker(f, env, out).run();
    }

    private void run() {
        if (out.numInsts() != f.numInsts()) throw new CheckerException(-1, -1, "output is for " + out.numInsts() + " insts, function has " + f.numInsts());
        int nb = f.numBlocks();
        int[][][] in = new int[nb][][];
        ArrayDeque<Integer> work = new ArrayDeque<>();
        boolean[] queued = new boolean[nb];
        int entry = f.entryBlock();
        in[entry] = new int[numLocs][];
        work.add(entry);
        queued[entry] = true;
        while (!work.isEmpty()) {
            int b = work.poll();
            queued[b] = false;
            int[][] state = in[b].clone();
            block(b, state, false);
            for (int k = 0; k < f.numSuccs(b); k++) {
                int s = f.succ(b, k);
                int[][] edge = bind(state, b, k, s);
                if (in[s] == null) {
                    in[s] = edge;
                    if (!queued[s]) {
                        queued[s] = true;
                        work.add(s);
                    }
                } else if (meet(in[s], edge) && !queued[s]) {
                    queued[s] = true;
                    work.add(s);
                }
            }
        }
        for (int b = 0; b < nb; b++) {
            if (in[b] != null) block(b, in[b].clone(), true);
        }
    }

    // ---------------------------------------------------------------- state

    private int loc(int alloc, int inst, int k) {
        if (Allocation.isReg(alloc)) {
            int p = Allocation.preg(alloc);
            if (p < PReg.NUM) return p;
        } else if (Allocation.isStack(alloc)) {
            int s = Allocation.slot(alloc);
            if (s < slotClass.length) return PReg.NUM + s;
        }
        throw new CheckerException(inst, k, "invalid allocation " + Allocation.toString(alloc) + at(inst, k));
    }

    private int locClass(int l) {
        return l < PReg.NUM ? PReg.classIndex(l) : slotClass[l - PReg.NUM];
    }

    private static String locName(int l) {
        return l < PReg.NUM ? PReg.toString(l) : "stack" + (l - PReg.NUM);
    }

    private static boolean contains(int[] set, int v) {
        if (set == null) return false;
        return Arrays.binarySearch(set, v) >= 0;
    }

    private static int[] with(int[] set, int v) {
        if (set == null) return new int[] {v};
        int k = Arrays.binarySearch(set, v);
        if (k >= 0) return set;
        k = -k - 1;
        int[] r = new int[set.length + 1];
        System.arraycopy(set, 0, r, 0, k);
        r[k] = v;
        System.arraycopy(set, k, r, k + 1, set.length - k);
        return r;
    }

    private static int[] without(int[] set, int v) {
        if (set == null) return null;
        int k = Arrays.binarySearch(set, v);
        if (k < 0) return set;
        if (set.length == 1) return null;
        int[] r = new int[set.length - 1];
        System.arraycopy(set, 0, r, 0, k);
        System.arraycopy(set, k + 1, r, k, set.length - k - 1);
        return r;
    }

    private void write(int[][] state, int l, int vi, int cls) {
        // The vreg's old value can only be in locations of its class.
        for (int x = cls << 6, e = x + 64; x < e; x++) {
            if (state[x] != null && x != l) state[x] = without(state[x], vi);
        }
        for (int x : slotsOfClass[cls]) {
            int y = PReg.NUM + x;
            if (state[y] != null && y != l) state[y] = without(state[y], vi);
        }
        state[l] = new int[] {vi};
    }

    /** Intersects {@code edge} into {@code into}; whether {@code into} changed. */
    private boolean meet(int[][] into, int[][] edge) {
        boolean changed = false;
        for (int l = 0; l < numLocs; l++) {
            int[] a = into[l], b = edge[l];
            if (a == b || a == null) continue;
            if (b == null) {
                into[l] = null;
                changed = true;
                continue;
            }
            int[] r = new int[Math.min(a.length, b.length)];
            int n = 0;
            for (int i = 0, j = 0; i < a.length && j < b.length; ) {
                if (a[i] == b[j]) {
                    r[n++] = a[i];
                    i++;
                    j++;
                } else if (a[i] < b[j]) i++;
                else j++;
            }
            if (n != a.length) {
                into[l] = n == 0 ? null : Arrays.copyOf(r, n);
                changed = true;
            }
        }
        return changed;
    }

    private int[][] bind(int[][] state, int b, int succIdx, int s) {
        int np = f.numBlockParams(s);
        int[][] r = state.clone();
        if (np == 0) return r;
        int br = f.blockInstEnd(b) - 1;
        int[] params = new int[np], args = new int[np];
        for (int j = 0; j < np; j++) {
            params[j] = VReg.index(f.blockParam(s, j));
            args[j] = VReg.index(f.branchArg(br, succIdx, j));
        }
        for (int l = 0; l < numLocs; l++) {
            int[] old = state[l];
            if (old == null) continue;
            int[] set = old;
            for (int p : params) set = without(set, p);
            for (int j = 0; j < np; j++) if (contains(old, args[j])) set = with(set, params[j]);
            r[l] = set;
        }
        return r;
    }

    // ---------------------------------------------------------------- blocks

    private String at(int inst, int k) {
        String s = " at inst " + inst + " (block " + instBlock[inst] + ")";
        if (k >= 0) s += " operand " + k + " [" + Operand.toString(f.operand(inst, k)) + "]";
        return s;
    }

    private static String setString(int[] set) {
        if (set == null) return "{}";
        StringBuilder sb = new StringBuilder("{");
        for (int k = 0; k < set.length; k++) sb.append(k == 0 ? "v" : ", v").append(set[k]);
        return sb.append('}').toString();
    }

    private void edits(int[][] state, int point, boolean check) {
        for (int e = out.editStart(point); e < out.editStart(point + 1); e++) {
            int inst = point >>> 1;
            int from = loc(out.editFrom(e), inst, -1), to = loc(out.editTo(e), inst, -1);
            if (check && locClass(from) != locClass(to)) {
                throw new CheckerException(inst, -1, "move " + locName(to) + " <- " + locName(from) + " between register classes" + at(inst, -1));
            }
            state[to] = state[from];
        }
    }

    private void block(int b, int[][] state, boolean check) {
        for (int i = f.blockInstStart(b); i < f.blockInstEnd(b); i++) {
            edits(state, 2 * i, check);
            int nops = f.numOperands(i);
            if (check) validate(i, nops);
            // Early uses and mods read.
            for (int k = 0; k < nops; k++) {
                long op = f.operand(i, k);
                if (Operand.reads(op) && (Operand.pos(op) == Operand.EARLY || Operand.kind(op) == Operand.MOD)) use(state, i, k, op, check);
            }
            // Early defs.
            for (int k = 0; k < nops; k++) {
                long op = f.operand(i, k);
                if (Operand.kind(op) == Operand.DEF && Operand.pos(op) == Operand.EARLY && Operand.constraint(op) != Operand.REUSE) def(state, i, k, op);
            }
            for (int w = 0; w < 3; w++) {
                long bits = f.clobbers(i, w);
                while (bits != 0) {
                    int hw = Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    state[(w << 6) | hw] = null;
                }
            }
            for (int k = 0; k < nops; k++) {
                long op = f.operand(i, k);
                if (Operand.kind(op) == Operand.USE && Operand.pos(op) == Operand.LATE) use(state, i, k, op, check);
            }
            for (int k = 0; k < nops; k++) {
                long op = f.operand(i, k);
                if (Operand.kind(op) == Operand.MOD
                        || (Operand.kind(op) == Operand.DEF && (Operand.pos(op) == Operand.LATE || Operand.constraint(op) == Operand.REUSE))) {
                    def(state, i, k, op);
                }
            }
            edits(state, 2 * i + 1, check);
        }
    }

    private void use(int[][] state, int i, int k, long op, boolean check) {
        int v = Operand.vreg(op);
        if (VReg.isPinned(v) || !check) return;
        int l = loc(out.alloc(i, k), i, k);
        if (!contains(state[l], VReg.index(v))) {
            throw new CheckerException(i, k, "use of " + VReg.toString(v) + at(i, k) + " reads " + locName(l) + ", which holds "
                    + setString(state[l]));
        }
    }

    private void def(int[][] state, int i, int k, long op) {
        int v = Operand.vreg(op);
        int l = loc(out.alloc(i, k), i, k);
        if (VReg.isPinned(v)) {
            state[l] = null;
            return;
        }
        write(state, l, VReg.index(v), VReg.classIndex(v));
    }

    private void validate(int i, int nops) {
        for (int k = 0; k < nops; k++) {
            long op = f.operand(i, k);
            int v = Operand.vreg(op);
            int a = out.alloc(i, k);
            int l = loc(a, i, k);
            if (locClass(l) != VReg.classIndex(v)) {
                throw new CheckerException(i, k, "allocation " + locName(l) + " has the wrong register class" + at(i, k));
            }
            int c = Operand.constraint(op);
            if (VReg.isPinned(v)) {
                if (a != Allocation.reg(VReg.pinnedPReg(v))) throw new CheckerException(i, k, "pinned vreg not in its register" + at(i, k));
                continue;
            }
            switch (c) {
                case Operand.FIXED -> {
                    if (a != Allocation.reg(Operand.fixedPReg(op))) throw new CheckerException(i, k, "fixed operand in " + locName(l) + at(i, k));
                }
                case Operand.REG -> {
                    if (!Allocation.isReg(a)) throw new CheckerException(i, k, "register operand in " + locName(l) + at(i, k));
                }
                case Operand.STACK -> {
                    if (!Allocation.isStack(a)) throw new CheckerException(i, k, "stack operand in " + locName(l) + at(i, k));
                }
                case Operand.REUSE -> {
                    int r = Operand.reuseIndex(op);
                    if (!Allocation.isReg(a) || r >= nops || out.alloc(i, r) != a) {
                        throw new CheckerException(i, k, "reuse def in " + locName(l) + " but its input " + r + " is elsewhere" + at(i, k));
                    }
                }
                default -> { }
            }
            if (Allocation.isReg(a) && c != Operand.FIXED && !env.isAllocatable(Allocation.preg(a))) {
                throw new CheckerException(i, k, "operand in non-allocatable register " + locName(l) + at(i, k));
            }
        }
        for (int k = 0; k < nops; k++) {
            long op = f.operand(i, k);
            if (!Operand.writes(op)) continue;
            boolean early = Operand.kind(op) == Operand.DEF && Operand.pos(op) == Operand.EARLY && Operand.constraint(op) != Operand.REUSE;
            for (int j = 0; j < nops; j++) {
                if (j == k) continue;
                long o2 = f.operand(i, j);
                if (out.alloc(i, j) != out.alloc(i, k)) continue;
                boolean clash;
                if (Operand.writes(o2)) clash = true;
                else if (early) clash = true;
                else if (Operand.kind(op) == Operand.MOD) clash = Operand.vreg(o2) != Operand.vreg(op);
                else clash = Operand.pos(o2) == Operand.LATE;
                if (clash) {
                    throw new CheckerException(i, k, "def shares " + Allocation.toString(out.alloc(i, k)) + " with operand " + j
                            + " [" + Operand.toString(o2) + "]" + at(i, k));
                }
            }
        }
    }
}
