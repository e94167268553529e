package dev.davit.fuzz.gen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes to a {@link GenFunction}, each giving a valid function. {@link #changesStencil()} tells
 * which kind of change it is: those that alter what compilation reads, and those that touch only
 * {@code FunctionParameters} (names, base source location) or the function's own name.
 */
public enum Mutation {
    /** Another binary operation in place of one (or, with none, an extra instruction). */
    INSTRUCTION(true),
    /** Another immediate in one {@code iconst} (or an extra constant). */
    IMMEDIATE(true),
    /** Another controlling type for one instruction (or an extra entry-block parameter). */
    TYPE(true),
    /** Two blocks of different content swapped in the layout (or an extra instruction). */
    BLOCK_ORDER(true),
    /** A parameter added to the signature, or to a callee's. */
    SIGNATURE(true),
    /** A stack slot grown, or one added. */
    SLOT(true),
    /** Every external name replaced, injectively (so which callees share a name is unchanged). */
    NAMES(false),
    /** Every source location moved by the same amount: only the base changes. */
    SOURCE_BASE(false),
    /** The function's own name. */
    FUNCTION_NAME(false);

    private final boolean changesStencil;

    Mutation(boolean changesStencil) { this.changesStencil = changesStencil; }

    public boolean changesStencil() { return changesStencil; }

    /** Applies this change; {@code pick} chooses among candidates. */
    public GenFunction apply(GenFunction f, int pick) {
        List<GenFunction.Block> blocks = new ArrayList<>(f.blocks());
        return switch (this) {
            case INSTRUCTION -> {
                int[] at = find(f, i -> i.op().isBinary(), pick);
                if (at == null) yield insertConst(f, pick);
                GenFunction.Inst i = inst(f, at);
                Op[] binops = {Op.IADD, Op.ISUB, Op.IMUL, Op.BAND, Op.BOR, Op.BXOR};
                Op op = binops[Math.floorMod(pick, binops.length)];
                if (op == i.op() || !isSameKind(op, i.op())) op = i.op() == Op.IADD ? Op.ISUB : Op.IADD;
                yield replace(f, at, new GenFunction.Inst(op, i.type(), i.type2(), i.a(), i.b(), i.c(), i.imm(), i.srcOffset()));
            }
            case IMMEDIATE -> {
                int[] at = find(f, i -> i.op().hasImmediate(), pick);
                if (at == null) yield insertConst(f, pick);
                GenFunction.Inst i = inst(f, at);
                yield replace(f, at, new GenFunction.Inst(i.op(), i.type(), i.type2(), i.a(), i.b(), i.c(), i.imm() + 1,
                        i.srcOffset()));
            }
            case TYPE -> {
                int[] at = find(f, i -> i.op() == Op.ICONST || i.op().isBinary() || i.op() == Op.INEG
                        || i.op() == Op.UMAX || i.op() == Op.CLZ, pick);
                if (at == null) {
                    List<IntTy> ps = new ArrayList<>(f.params());
                    ps.add(IntTy.values()[Math.floorMod(pick, 4)]);
                    yield new GenFunction(f.name(), ps, f.returns(), f.slots(), f.callees(), f.blocks(), f.order(), f.srcBase());
                }
                GenFunction.Inst i = inst(f, at);
                IntTy t = IntTy.values()[(i.type().ordinal() + 1 + Math.floorMod(pick, 3)) % 4];
                yield replace(f, at, new GenFunction.Inst(i.op(), t, i.type2(), i.a(), i.b(), i.c(), i.imm(), i.srcOffset()));
            }
            case BLOCK_ORDER -> {
                List<Integer> order = new ArrayList<>(f.layout());
                int n = order.size();
                for (int k = 0; k < n * n; k++) {
                    int x = 1 + Math.floorMod(pick + k, Math.max(1, n - 1)), y = 1 + Math.floorMod(pick / 7 + k * 3 + 1, Math.max(1, n - 1));
                    if (n < 3 || x == y || x >= n || y >= n) continue;
                    if (f.shape(order.get(x)).equals(f.shape(order.get(y)))) continue;
                    int tmp = order.get(x);
                    order.set(x, order.get(y));
                    order.set(y, tmp);
                    yield new GenFunction(f.name(), f.params(), f.returns(), f.slots(), f.callees(), f.blocks(), order, f.srcBase());
                }
                yield insertConst(f, pick);
            }
            case SIGNATURE -> {
                IntTy t = IntTy.values()[Math.floorMod(pick, 4)];
                if ((pick & 1) == 0 || f.callees().isEmpty()) {
                    List<IntTy> ps = new ArrayList<>(f.params());
                    ps.add(t);
                    yield new GenFunction(f.name(), ps, f.returns(), f.slots(), f.callees(), f.blocks(), f.order(), f.srcBase());
                }
                List<GenFunction.Callee> cs = new ArrayList<>(f.callees());
                int k = Math.floorMod(pick, cs.size());
                GenFunction.Callee c = cs.get(k);
                List<IntTy> ps = new ArrayList<>(c.params());
                ps.add(t);
                cs.set(k, new GenFunction.Callee(c.namespace(), c.index(), ps, c.returns()));
                yield new GenFunction(f.name(), f.params(), f.returns(), f.slots(), cs, f.blocks(), f.order(), f.srcBase());
            }
            case SLOT -> {
                List<Integer> slots = new ArrayList<>(f.slots());
                if (slots.isEmpty() || (pick & 1) == 0) slots.add(8 + Math.floorMod(pick, 57));
                else {
                    int k = Math.floorMod(pick, slots.size());
                    slots.set(k, slots.get(k) + 8);
                }
                yield new GenFunction(f.name(), f.params(), f.returns(), slots, f.callees(), f.blocks(), f.order(), f.srcBase());
            }
            case NAMES -> {
                Map<Long, long[]> renamed = new HashMap<>();
                List<GenFunction.Callee> cs = new ArrayList<>();
                for (GenFunction.Callee c : f.callees()) {
                    long old = (long) c.namespace() << 32 | c.index();
                    // Fresh names live above every generated index, so no new name meets an old one.
                    long[] nn = renamed.computeIfAbsent(old, o -> new long[] {c.namespace() + 10 + Math.floorMod(pick, 5),
                            2000 + renamed.size()});
                    cs.add(new GenFunction.Callee((int) nn[0], (int) nn[1], c.params(), c.returns()));
                }
                yield new GenFunction(f.name(), f.params(), f.returns(), f.slots(), cs, f.blocks(), f.order(), f.srcBase());
            }
            case SOURCE_BASE -> new GenFunction(f.name(), f.params(), f.returns(), f.slots(), f.callees(), f.blocks(), f.order(),
                    f.srcBase() + 1 + Math.floorMod(pick, 0x10000));
            case FUNCTION_NAME -> new GenFunction(f.name() + 1 + Math.floorMod(pick, 1000), f.params(), f.returns(), f.slots(),
                    f.callees(), f.blocks(), f.order(), f.srcBase());
        };
    }

    private static boolean isSameKind(Op a, Op b) { return a.isBinary() && b.isBinary(); }

    private static GenFunction.Inst inst(GenFunction f, int[] at) { return f.blocks().get(at[0]).insts().get(at[1]); }

    /** The {@code pick}-th instruction (over all blocks) matching {@code p}, as {block, index}. */
    private static int[] find(GenFunction f, java.util.function.Predicate<GenFunction.Inst> p, int pick) {
        List<int[]> found = new ArrayList<>();
        for (int b = 0; b < f.blocks().size(); b++) {
            List<GenFunction.Inst> is = f.blocks().get(b).insts();
            for (int i = 0; i < is.size(); i++) if (p.test(is.get(i))) found.add(new int[] {b, i});
        }
        return found.isEmpty() ? null : found.get(Math.floorMod(pick, found.size()));
    }

    private static GenFunction replace(GenFunction f, int[] at, GenFunction.Inst inst) {
        List<GenFunction.Block> bs = new ArrayList<>(f.blocks());
        GenFunction.Block b = bs.get(at[0]);
        List<GenFunction.Inst> is = new ArrayList<>(b.insts());
        is.set(at[1], inst);
        bs.set(at[0], new GenFunction.Block(b.params(), is, b.term()));
        return new GenFunction(f.name(), f.params(), f.returns(), f.slots(), f.callees(), bs, f.order(), f.srcBase());
    }

    /**
     * An extra {@code iconst} at the top of the entry block. It carries a source location because
     * rendering materializes located-less constants on demand: an unlocated one could stand in for
     * one of those and leave the function as it was.
     */
    private static GenFunction insertConst(GenFunction f, int pick) {
        List<GenFunction.Block> bs = new ArrayList<>(f.blocks());
        GenFunction.Block b = bs.get(0);
        List<GenFunction.Inst> is = new ArrayList<>(b.insts());
        is.add(0, new GenFunction.Inst(Op.ICONST, IntTy.I32, IntTy.I32, 0, 0, 0, pick, 0x7FF));
        bs.set(0, new GenFunction.Block(b.params(), is, b.term()));
        return new GenFunction(f.name(), f.params(), f.returns(), f.slots(), f.callees(), bs, f.order(), f.srcBase());
    }
}
