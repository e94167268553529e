package dev.davit.regalloc;

import static dev.davit.regalloc.Operand.*;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random valid programs: a random CFG (loops included) with critical edges split, SSA values
 * defined where they dominate their uses, block parameters, and instructions with random
 * operands and constraints (fixed, reuse, stack, temps, mods, late uses, pinned uses, calls that
 * clobber the caller-saved registers, moves), within what the registers of the env can satisfy.
 */
final class RandomProgram {
    static final int[] INT_FIXED = {0, 1, 2, 3, 6, 7};
    static final int[] FLOAT_FIXED = {0, 1, 2, 3};

    private final SplittableRandom r;
    private final MachineEnv env;
    private int nextVReg = VReg.FIRST_VIRTUAL;

    private RandomProgram(SplittableRandom r, MachineEnv env) {
        this.r = r;
        this.env = env;
    }

    record Inst(long[] ops, long[] clobbers, int kind, int[] targets, int[][] args) {}

    static final int NORMAL = 0, MOVE = 1, RET = 2, BRANCH = 3;

    static RegFunction generate(long seed, MachineEnv env, int maxBlocks, int maxInsts) {
        return new RandomProgram(new SplittableRandom(seed), env).gen(maxBlocks, maxInsts);
    }

    private int newV(int c) {
        return VReg.of(nextVReg++, RegClass.of(c));
    }

    private RegFunction gen(int maxBlocks, int maxInsts) {
        int nb = 1 + r.nextInt(maxBlocks);
        List<IntArrayList> succ = new ArrayList<>();
        for (int b = 0; b < nb; b++) succ.add(new IntArrayList());
        for (int b = 1; b < nb; b++) succ.get(r.nextInt(b)).add(b);
        if (nb > 1) {
            for (int b = 0; b < nb; b++) {
                if (r.nextInt(10) < 4 && succ.get(b).size() < 3) succ.get(b).add(1 + r.nextInt(nb - 1));
            }
        }
        int[] predCount = new int[nb];
        for (IntArrayList s : succ) for (int t : s) predCount[t]++;
        int total = nb;
        for (int b = 0; b < nb; b++) {
            IntArrayList s = succ.get(b);
            if (s.size() < 2) continue;
            for (int k = 0; k < s.size(); k++) {
                if (predCount[s.getInt(k)] >= 2) {
                    IntArrayList e = new IntArrayList();
                    e.add(s.getInt(k));
                    succ.add(e);
                    s.set(k, total++);
                }
            }
        }
        nb = total;
        int[][] preds = new int[nb][];
        int[] pc = new int[nb];
        for (IntArrayList s : succ) for (int t : s) pc[t]++;
        for (int b = 0; b < nb; b++) preds[b] = new int[pc[b]];
        Arrays.fill(pc, 0);
        for (int b = 0; b < nb; b++) for (int t : succ.get(b)) preds[t][pc[t]++] = b;
        // Reverse postorder and dominators.
        int[] rpo = rpo(succ, nb);
        int[] rpoIndex = new int[nb];
        Arrays.fill(rpoIndex, -1);
        for (int k = 0; k < rpo.length; k++) rpoIndex[rpo[k]] = k;
        int[] idom = new int[nb];
        Arrays.fill(idom, -1);
        idom[0] = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int k = 1; k < rpo.length; k++) {
                int b = rpo[k];
                int ni = -1;
                for (int p : preds[b]) {
                    if (idom[p] < 0) continue;
                    ni = ni < 0 ? p : intersect(p, ni, idom, rpoIndex);
                }
                if (ni != idom[b]) {
                    idom[b] = ni;
                    changed = true;
                }
            }
        }
        // Params.
        int[][] params = new int[nb][];
        params[0] = new int[0];
        for (int b = 1; b < nb; b++) {
            int np = r.nextInt(10) < 6 ? r.nextInt(4) : 0;
            params[b] = new int[np];
            for (int j = 0; j < np; j++) params[b][j] = newV(r.nextInt(10) < 7 ? 0 : 1);
        }
        // Contents, in RPO so dominators come first.
        @SuppressWarnings("unchecked")
        List<Inst>[] body = new List[nb];
        IntArrayList[][] availOut = new IntArrayList[nb][];
        for (int b : rpo) {
            IntArrayList[] avail = new IntArrayList[2];
            for (int c = 0; c < 2; c++) avail[c] = b == 0 ? new IntArrayList() : new IntArrayList(availOut[idom[b]][c]);
            for (int p : params[b]) avail[VReg.classIndex(p)].add(p);
            List<Inst> insts = new ArrayList<>();
            if (b == 0) {
                int a0 = newV(0), a1 = newV(0), a2 = newV(1);
                insts.add(new Inst(new long[] {fixedDef(a0, PReg.of(0, 7)), fixedDef(a1, PReg.of(0, 6)), fixedDef(a2, PReg.of(1, 0))},
                        null, NORMAL, null, null));
                avail[0].add(a0);
                avail[0].add(a1);
                avail[1].add(a2);
            }
            int count = r.nextInt(maxInsts + 1);
            for (int k = 0; k < count; k++) insts.add(genInst(avail));
            insts.add(genTerminator(b, succ.get(b), params, avail));
            body[b] = insts;
            availOut[b] = avail;
        }
        FunctionBuilder fb = new FunctionBuilder();
        for (int b = 0; b < nb; b++) fb.newBlock(params[b]);
        // Lay blocks out in a random order (the entry need not come first).
        int[] fillOrder = new int[nb];
        for (int b = 0; b < nb; b++) fillOrder[b] = b;
        for (int b = nb - 1; b > 0; b--) {
            int j = r.nextInt(b + 1), t = fillOrder[b];
            fillOrder[b] = fillOrder[j];
            fillOrder[j] = t;
        }
        if (r.nextBoolean()) {
            for (int b = 0; b < nb; b++) fillOrder[b] = b;
        }
        for (int b : fillOrder) {
            fb.startBlock(b);
            for (Inst in : body[b]) {
                switch (in.kind) {
                    case NORMAL -> fb.instClobbers(in.clobbers, in.ops);
                    case MOVE -> fb.move(Operand.vreg(in.ops[1]), Operand.vreg(in.ops[0]));
                    case RET -> fb.ret(in.ops);
                    default -> fb.branch(in.ops, in.targets, in.args);
                }
            }
        }
        return fb.build();
    }

    private static int intersect(int a, int b, int[] idom, int[] rpoIndex) {
        while (a != b) {
            while (rpoIndex[a] > rpoIndex[b]) a = idom[a];
            while (rpoIndex[b] > rpoIndex[a]) b = idom[b];
        }
        return a;
    }

    private static int[] rpo(List<IntArrayList> succ, int nb) {
        boolean[] seen = new boolean[nb];
        IntArrayList post = new IntArrayList();
        int[] stack = new int[nb * 4 + 4], idx = new int[nb * 4 + 4];
        int sp = 0;
        stack[sp] = 0;
        idx[sp++] = 0;
        seen[0] = true;
        while (sp > 0) {
            int b = stack[sp - 1];
            if (idx[sp - 1] < succ.get(b).size()) {
                int s = succ.get(b).getInt(idx[sp - 1]++);
                if (!seen[s]) {
                    seen[s] = true;
                    stack[sp] = s;
                    idx[sp++] = 0;
                }
            } else {
                post.add(b);
                sp--;
            }
        }
        int[] res = new int[post.size()];
        for (int k = 0; k < res.length; k++) res[k] = post.getInt(res.length - 1 - k);
        return res;
    }

    private int pick(IntArrayList l) {
        return l.getInt(r.nextInt(l.size()));
    }

    private int fixedReg(int c, long[] used) {
        return fixedReg(c, used, used);
    }

    /** A fixed register free in both sets (then taken in both). */
    private int fixedReg(int c, long[] used, long[] used2) {
        int[] cands = c == 0 ? INT_FIXED : FLOAT_FIXED;
        for (int t = 0; t < 8; t++) {
            int p = PReg.of(c, cands[r.nextInt(cands.length)]);
            if (!PReg.contains(used, p) && !PReg.contains(used2, p)) {
                PReg.add(used, p);
                PReg.add(used2, p);
                return p;
            }
        }
        return -1;
    }

    private Inst genInst(IntArrayList[] avail) {
        int kind = r.nextInt(100);
        if (kind < 10) return genCall(avail);
        if (kind < 20) {
            int c = r.nextInt(2);
            int src = pick(avail[c]), dst = newV(c);
            avail[c].add(dst);
            return new Inst(new long[] {regUse(src), regDef(dst)}, null, MOVE, null, null);
        }
        if (kind < 28) {
            int c = r.nextInt(2);
            int v = pick(avail[c]);
            long op = switch (r.nextInt(3)) {
                case 0 -> regMod(v);
                case 1 -> anyMod(v);
                default -> fixedMod(v, PReg.of(c, (c == 0 ? INT_FIXED : FLOAT_FIXED)[r.nextInt(4)]));
            };
            int other = pick(avail[c]);
            if (other == v) return new Inst(new long[] {op}, null, NORMAL, null, null);
            return new Inst(new long[] {op, anyUse(other)}, null, NORMAL, null, null);
        }
        // A generic instruction.
        int[] budget = new int[2];
        for (int c = 0; c < 2; c++) budget[c] = Math.max(1, env.numAllocatable(c) - 1);
        long[] usedE = PReg.newSet(), usedL = PReg.newSet();
        int nu = r.nextInt(4), nd = r.nextInt(3);
        List<Long> ops = new ArrayList<>();
        if (r.nextInt(10) == 0) ops.add(r.nextBoolean() ? anyUse(VReg.pinned(Harness.RSP)) : regUse(VReg.pinned(Harness.RSP)));
        IntArrayList reusable = new IntArrayList();
        for (int k = 0; k < nu; k++) {
            int c = r.nextInt(10) < 7 ? 0 : 1;
            int v = pick(avail[c]);
            int t = r.nextInt(100);
            long op;
            if (t < 30) op = anyUse(v);
            else if (t < 65 && budget[c] > 0) {
                op = regUse(v);
                budget[c]--;
            } else if (t < 72 && budget[c] > 0) {
                int p = fixedReg(c, usedE);
                op = p < 0 ? anyUse(v) : fixedUse(v, p);
                if (p >= 0 && env.isAllocatable(p)) budget[c]--;
            } else if (t < 75 && budget[c] > 0) {
                int p = fixedReg(c, usedE, usedL);
                op = p < 0 ? anyUse(v) : Operand.of(v, USE, LATE, FIXED, p);
                if (p >= 0 && env.isAllocatable(p)) budget[c]--;
            } else if (t < 85) op = stackUse(v);
            else if (budget[c] > 0) {
                op = regLateUse(v);
                budget[c]--;
            } else op = anyUse(v);
            if (Operand.pos(op) == EARLY && (Operand.constraint(op) == ANY || Operand.constraint(op) == REG)) reusable.add(ops.size());
            ops.add(op);
        }
        for (int k = 0; k < nd; k++) {
            int c = r.nextInt(10) < 7 ? 0 : 1;
            int v = newV(c);
            int t = r.nextInt(100);
            long op = anyDef(v);
            if (t < 25) op = anyDef(v);
            else if (t < 60 && budget[c] > 0) {
                op = regDef(v);
                budget[c]--;
            } else if (t < 67 && budget[c] > 0) {
                int p = fixedReg(c, usedL);
                if (p >= 0) op = fixedDef(v, p);
                if (p >= 0 && env.isAllocatable(p)) budget[c]--;
            } else if (t < 70 && budget[c] > 0) {
                int p = fixedReg(c, usedE, usedL);
                if (p >= 0 && env.isAllocatable(p)) budget[c]--;
                if (p >= 0) op = fixedTemp(v, p);
                if (p >= 0 && env.isAllocatable(p)) budget[c]--;
            } else if (t < 80) op = stackDef(v);
            else if (t < 93) {
                for (int q = 0; q < reusable.size(); q++) {
                    int idx = reusable.getInt(q);
                    if (VReg.classIndex(Operand.vreg(ops.get(idx))) == c && budget[c] > 0) {
                        op = reuseDef(v, idx);
                        reusable.removeInt(q);
                        budget[c]--;
                        break;
                    }
                }
            } else if (budget[c] > 0) {
                op = regTemp(v);
                budget[c]--;
            }
            ops.add(op);
            if (r.nextInt(10) < 8) avail[c].add(v);
        }
        if (ops.isEmpty()) ops.add(anyDef(newV(0)));
        long[] arr = new long[ops.size()];
        for (int k = 0; k < arr.length; k++) arr[k] = ops.get(k);
        return new Inst(arr, null, NORMAL, null, null);
    }

    private Inst genCall(IntArrayList[] avail) {
        long[] clob = PReg.newSet();
        for (int c = 0; c < 2; c++) for (int p : env.preferred(RegClass.of(c))) PReg.add(clob, p);
        PReg.add(clob, PReg.of(0, 0));
        PReg.add(clob, PReg.of(1, 0));
        List<Long> ops = new ArrayList<>();
        int[] argRegs = {7, 6, 2, 1};
        int na = r.nextInt(4);
        for (int k = 0; k < na; k++) ops.add(fixedUse(pick(avail[0]), PReg.of(0, argRegs[k])));
        if (r.nextBoolean()) ops.add(fixedUse(pick(avail[1]), PReg.of(1, 0)));
        int ret = newV(0);
        ops.add(fixedDef(ret, PReg.of(0, 0)));
        avail[0].add(ret);
        if (r.nextBoolean()) {
            int fr = newV(1);
            ops.add(fixedDef(fr, PReg.of(1, 0)));
            avail[1].add(fr);
        }
        long[] arr = new long[ops.size()];
        for (int k = 0; k < arr.length; k++) arr[k] = ops.get(k);
        return new Inst(arr, clob, NORMAL, null, null);
    }

    private Inst genTerminator(int b, IntArrayList succs, int[][] params, IntArrayList[] avail) {
        if (succs.isEmpty()) {
            List<Long> ops = new ArrayList<>();
            if (r.nextBoolean()) ops.add(fixedUse(pick(avail[0]), PReg.of(0, 0)));
            if (r.nextBoolean()) ops.add(anyUse(pick(avail[r.nextInt(2)])));
            if (r.nextInt(4) == 0) ops.add(fixedUse(pick(avail[1]), PReg.of(1, 0)));
            long[] arr = new long[ops.size()];
            for (int k = 0; k < arr.length; k++) arr[k] = ops.get(k);
            return new Inst(arr, null, RET, null, null);
        }
        int[] targets = succs.toIntArray();
        int[][] args = new int[targets.length][];
        for (int k = 0; k < targets.length; k++) {
            int[] ps = params[targets[k]];
            args[k] = new int[ps.length];
            for (int j = 0; j < ps.length; j++) args[k][j] = pick(avail[VReg.classIndex(ps[j])]);
        }
        long[] ops = new long[0];
        if (targets.length > 1 && r.nextInt(10) < 8) ops = new long[] {r.nextBoolean() ? regUse(pick(avail[0])) : anyUse(pick(avail[0]))};
        return new Inst(ops, null, BRANCH, targets, args);
    }
}
