package dev.davit.fuzz.gen;

import dev.davit.ir.Function;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated function as choices (see the package doc); {@link #clif()} renders it, and
 * {@link #toString()} is that text, which is how jqwik prints a failing (shrunk) case.
 *
 * @param name        the function's own name {@code u0:NAME}
 * @param params      the signature's parameters, also the entry block's
 * @param returns     the signature's results
 * @param slots       explicit stack slot sizes (each at least 8)
 * @param callees     declared external functions
 * @param blocks      the blocks; block 0 is the entry
 * @param order       layout order as a permutation of block indices, entry first (empty: identity)
 * @param srcBase     added to every instruction's source offset
 */
public record GenFunction(int name, List<IntTy> params, List<IntTy> returns, List<Integer> slots,
                          List<Callee> callees, List<Block> blocks, List<Integer> order, long srcBase) {
    /** An external function {@code uNS:INDEX} with its signature. */
    public record Callee(int namespace, int index, List<IntTy> params, List<IntTy> returns) {}

    /**
     * One instruction. {@code a, b, c} pick operands (or the slot, callee, condition code),
     * {@code srcOffset} is -1 for none.
     */
    public record Inst(Op op, IntTy type, IntTy type2, int a, int b, int c, long imm, int srcOffset) {}

    public enum TermKind { JUMP, BRIF, BR_TABLE }

    /** How a non-last block ends; the last one returns. {@code targets} pick blocks. */
    public record Term(TermKind kind, List<Integer> targets, int cond, int argPick) {}

    public record Block(List<IntTy> params, List<Inst> insts, Term term) {}

    static final String[] CCS = {"eq", "ne", "slt", "sge", "sgt", "sle", "ult", "uge", "ugt", "ule"};

    /** Layout order as block indices. */
    public List<Integer> layout() {
        if (order.size() == blocks.size()) return order;
        List<Integer> id = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) id.add(i);
        return id;
    }

    /** Parses {@link #clif()}. */
    public Function toFunction() {
        try {
            return ClifParser.parseFunction(clif());
        } catch (ParseError e) {
            throw new IllegalStateException("generated CLIF does not parse: " + e.getMessage() + "\n" + clif(), e);
        }
    }

    @Override
    public String toString() { return clif(); }

    /** The CLIF text. */
    public String clif() { return new Renderer(this).render(); }

    /** Block {@code i}'s body with value and block numbers erased: equal shapes, equal stencil bytes. */
    public String shape(int i) {
        Renderer r = new Renderer(this);
        r.render();
        return r.bodies.get(i).replaceAll("v\\d+", "v").replaceAll("block\\d+", "b").replaceAll("@[0-9a-f]+", "@");
    }

    private static final class Renderer {
        final GenFunction f;
        final List<Block> blocks;
        final Map<Integer, String> bodies = new HashMap<>();
        int nextValue;
        /** Values of the entry block, visible everywhere; and of the block being rendered. */
        Map<IntTy, List<String>> entryValues = new HashMap<>();
        Map<IntTy, List<String>> local;
        StringBuilder body;

        Renderer(GenFunction f) {
            this.f = f;
            this.blocks = f.blocks();
        }

        String render() {
            StringBuilder sb = new StringBuilder();
            sb.append("function u0:").append(Integer.toUnsignedString(f.name())).append('(').append(types(f.params()))
                    .append(')');
            if (!f.returns().isEmpty()) sb.append(" -> ").append(types(f.returns()));
            sb.append(" system_v {\n");
            for (int i = 0; i < f.slots().size(); i++) {
                sb.append("    ss").append(i).append(" = explicit_slot ").append(f.slots().get(i)).append('\n');
            }
            Map<String, Integer> sigs = new LinkedHashMap<>();
            for (Callee c : f.callees()) {
                String s = "(" + types(c.params()) + ")" + (c.returns().isEmpty() ? "" : " -> " + types(c.returns()))
                        + " system_v";
                sigs.putIfAbsent(s, sigs.size());
            }
            for (Map.Entry<String, Integer> e : sigs.entrySet()) {
                sb.append("    sig").append(e.getValue()).append(" = ").append(e.getKey()).append('\n');
            }
            for (int i = 0; i < f.callees().size(); i++) {
                Callee c = f.callees().get(i);
                String s = "(" + types(c.params()) + ")" + (c.returns().isEmpty() ? "" : " -> " + types(c.returns()))
                        + " system_v";
                sb.append("    fn").append(i).append(" = u").append(Integer.toUnsignedString(c.namespace())).append(':')
                        .append(Integer.toUnsignedString(c.index())).append(" sig").append(sigs.get(s)).append('\n');
            }
            // Entry first: its values are visible in every other block, whatever the layout.
            nextValue = 0;
            for (int b = 0; b < blocks.size(); b++) bodies.put(b, renderBlock(b));
            for (int b : f.layout()) sb.append('\n').append(bodies.get(b));
            sb.append("}\n");
            return sb.toString();
        }

        static String types(List<IntTy> ts) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < ts.size(); i++) sb.append(i == 0 ? "" : ", ").append(ts.get(i).clif());
            return sb.toString();
        }

        List<IntTy> blockParams(int b) { return b == 0 ? f.params() : blocks.get(b).params(); }

        String renderBlock(int b) {
            body = new StringBuilder();
            local = b == 0 ? entryValues : copy(entryValues);
            StringBuilder head = new StringBuilder("block").append(b);
            List<IntTy> ps = blockParams(b);
            if (!ps.isEmpty()) {
                head.append('(');
                for (int i = 0; i < ps.size(); i++) {
                    String v = define(ps.get(i));
                    head.append(i == 0 ? "" : ", ").append(v).append(": ").append(ps.get(i).clif());
                }
                head.append(')');
            }
            head.append(":\n");
            for (Inst inst : blocks.get(b).insts()) inst(inst);
            terminator(b);
            return head.append(body).toString();
        }

        static Map<IntTy, List<String>> copy(Map<IntTy, List<String>> m) {
            Map<IntTy, List<String>> c = new HashMap<>();
            for (Map.Entry<IntTy, List<String>> e : m.entrySet()) c.put(e.getKey(), new ArrayList<>(e.getValue()));
            return c;
        }

        String define(IntTy t) {
            String v = "v" + nextValue++;
            local.computeIfAbsent(t, k -> new ArrayList<>()).add(v);
            return v;
        }

        String fresh() { return "v" + nextValue++; }

        /** The {@code k}-th available value of type {@code t}, materializing a constant if none. */
        String pick(IntTy t, int k) {
            List<String> vs = local.get(t);
            if (vs == null || vs.isEmpty()) {
                String v = fresh();
                line(-1, v + " = iconst." + t.clif() + " " + Math.floorMod(k, 100));
                local.computeIfAbsent(t, x -> new ArrayList<>()).add(v);
                return v;
            }
            return vs.get(Math.floorMod(k, vs.size()));
        }

        void line(int srcOffset, String text) {
            if (srcOffset >= 0) body.append(String.format("@%08x ", f.srcBase() + srcOffset));
            else body.append("          ");
            body.append("    ").append(text).append('\n');
        }

        String slotRef(int k, int size, int pick) {
            int s = Math.floorMod(k, f.slots().size());
            int room = f.slots().get(s) - size;
            return "ss" + s + "+" + Math.floorMod(pick, room + 1);
        }

        void inst(Inst i) {
            IntTy t = i.type();
            int loc = i.srcOffset();
            switch (i.op()) {
                case ICONST -> {
                    String v = fresh();
                    line(loc, v + " = iconst." + t.clif() + " " + t.mask(i.imm()));
                    local.computeIfAbsent(t, x -> new ArrayList<>()).add(v);
                }
                case IADD, ISUB, IMUL, BAND, BOR, BXOR -> {
                    String x = pick(t, i.a()), y = pick(t, i.b());
                    line(loc, define(t) + " = " + i.op().clif() + " " + x + ", " + y);
                }
                case ISHL, USHR, SSHR, ROTL -> {
                    String x = pick(t, i.a()), y = pick(i.type2(), i.b());
                    line(loc, define(t) + " = " + i.op().clif() + " " + x + ", " + y);
                }
                case INEG, CLZ -> {
                    String x = pick(t, i.a());
                    line(loc, define(t) + " = " + i.op().clif() + " " + x);
                }
                case UMAX -> {
                    String x = pick(t, i.a()), y = pick(t, i.b());
                    line(loc, define(t) + " = umax " + x + ", " + y);
                }
                case ICMP -> {
                    String x = pick(t, i.a()), y = pick(t, i.b());
                    line(loc, define(IntTy.I8) + " = icmp " + CCS[Math.floorMod(i.c(), CCS.length)] + " " + x + ", " + y);
                }
                case SELECT -> {
                    String c = pick(i.type2(), i.c()), x = pick(t, i.a()), y = pick(t, i.b());
                    line(loc, define(t) + " = select " + c + ", " + x + ", " + y);
                }
                case EXTEND -> {
                    IntTy from = i.type2();
                    String x = pick(from, i.a());
                    String op = from.bits < t.bits ? ((i.c() & 1) == 0 ? "uextend." : "sextend.") + t.clif()
                            : from.bits > t.bits ? "ireduce." + t.clif() : "bnot";
                    line(loc, define(t) + " = " + op + " " + x);
                }
                case STACK_STORE -> {
                    // Slots are reached through stack_addr and a plain store, as Cranelift lowers them.
                    if (f.slots().isEmpty()) return;
                    String x = pick(t, i.a());
                    String addr = fresh();
                    line(-1, addr + " = stack_addr.i64 " + slotRef(i.b(), t.bits / 8, i.c()));
                    line(loc, "store notrap aligned " + x + ", " + addr);
                }
                case STACK_LOAD -> {
                    if (f.slots().isEmpty()) return;
                    String addr = fresh();
                    line(-1, addr + " = stack_addr.i64 " + slotRef(i.b(), t.bits / 8, i.c()));
                    line(loc, define(t) + " = load." + t.clif() + " notrap aligned " + addr);
                }
                case STACK_ADDR -> {
                    if (f.slots().isEmpty()) return;
                    String ref = slotRef(i.b(), 0, i.c());
                    line(loc, define(IntTy.I64) + " = stack_addr.i64 " + ref);
                }
                case CALL -> {
                    if (f.callees().isEmpty()) return;
                    int fn = Math.floorMod(i.a(), f.callees().size());
                    Callee c = f.callees().get(fn);
                    StringBuilder args = new StringBuilder();
                    for (int k = 0; k < c.params().size(); k++) {
                        args.append(k == 0 ? "" : ", ").append(pick(c.params().get(k), i.b() + k));
                    }
                    StringBuilder results = new StringBuilder();
                    for (int k = 0; k < c.returns().size(); k++) {
                        results.append(k == 0 ? "" : ", ").append(define(c.returns().get(k)));
                    }
                    line(loc, (results.isEmpty() ? "" : results + " = ") + "call fn" + fn + "(" + args + ")");
                }
            }
        }

        String blockCall(int target, int argPick) {
            List<IntTy> ps = blockParams(target);
            if (ps.isEmpty()) return "block" + target;
            StringBuilder sb = new StringBuilder("block").append(target).append('(');
            for (int k = 0; k < ps.size(); k++) sb.append(k == 0 ? "" : ", ").append(pick(ps.get(k), argPick + k));
            return sb.append(')').toString();
        }

        /** A target other than the entry block (which may not be branched to). */
        int target(int pick) { return 1 + Math.floorMod(pick, blocks.size() - 1); }

        void terminator(int b) {
            if (b == blocks.size() - 1) {
                StringBuilder sb = new StringBuilder("return");
                for (int k = 0; k < f.returns().size(); k++) {
                    sb.append(k == 0 ? " " : ", ").append(pick(f.returns().get(k), b + k));
                }
                line(-1, sb.toString());
                return;
            }
            Term t = blocks.get(b).term();
            int next = b + 1; // every block falls to the next somehow, so all are reachable
            int other = t.targets().isEmpty() ? next : target(t.targets().get(0));
            TermKind kind = t.kind();
            if (kind == TermKind.BR_TABLE) {
                List<Integer> table = new ArrayList<>();
                table.add(next);
                for (int p : t.targets()) table.add(target(p));
                for (int x : table) if (!blockParams(x).isEmpty()) kind = TermKind.BRIF;
                if (kind == TermKind.BR_TABLE) {
                    String idx = pick(IntTy.I32, t.cond());
                    StringBuilder sb = new StringBuilder("br_table ").append(idx).append(", block")
                            .append(table.get(table.size() - 1)).append(", [");
                    for (int k = 0; k < table.size() - 1; k++) sb.append(k == 0 ? "" : ", ").append("block").append(table.get(k));
                    line(-1, sb.append(']').toString());
                    return;
                }
            }
            if (kind == TermKind.JUMP) {
                line(-1, "jump " + blockCall(next, t.argPick()));
            } else {
                String c = pick(IntTy.values()[Math.floorMod(t.cond(), 4)], t.cond());
                boolean nextFirst = (t.argPick() & 1) == 0;
                String x = blockCall(nextFirst ? next : other, t.argPick());
                String y = blockCall(nextFirst ? other : next, t.argPick() + 1);
                line(-1, "brif " + c + ", " + x + ", " + y);
            }
        }
    }
}
