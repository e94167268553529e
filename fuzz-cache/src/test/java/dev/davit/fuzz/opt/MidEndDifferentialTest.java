package dev.davit.fuzz.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.davit.codegen.opt.MidEnd;
import dev.davit.fuzz.gen.ClifGen;
import dev.davit.fuzz.gen.GenFunction;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.DataValue;
import dev.davit.ir.Function;
import dev.davit.ir.Type;
import dev.davit.ir.interpreter.Interpreter;
import dev.davit.ir.interpreter.InterpreterResult;
import dev.davit.ir.verifier.Verifier;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;

/**
 * The mid-end's substitution preserves meaning: a random function with every operand rewritten
 * through it still verifies (each replacement dominates its uses) and the interpreter gives the same
 * results, traps included, for random arguments.
 */
class MidEndDifferentialTest {
    @Provide
    Arbitrary<GenFunction> functions() { return ClifGen.functions(); }

    /** {@code f} with every operand (instruction and block-call arguments) read through {@code subst}. */
    private static Function withSubstitutionApplied(Function f, int[] subst) {
        DataFlowGraph dfg = f.dfg();
        for (int inst = 0; inst < dfg.numInsts(); inst++) {
            for (int a = 0; a < dfg.numArgs(inst); a++) dfg.setArg(inst, a, subst[dfg.resolveAliases(dfg.arg(inst, a))]);
        }
        for (int bc = 0; bc < dfg.numBlockCalls(); bc++) {
            for (int a = 0; a < dfg.blockCallNumArgs(bc); a++) {
                int v = dfg.blockCallArg(bc, a);
                if (DataFlowGraph.blockArgIsValue(v)) dfg.setBlockCallArg(bc, a, subst[dfg.resolveAliases(v)]);
            }
        }
        return f;
    }

    @Property(tries = 300)
    void rewritingThroughTheSubstitutionKeepsResults(@ForAll("functions") GenFunction g,
                                                     @ForAll @Size(8) List<Long> args) {
        Function original = g.toFunction();
        int[] subst = MidEnd.substitution(original);
        Statistics.collect(subst == null ? "nothing to do" : "rewritten");
        if (subst == null) return;
        Function rewritten = withSubstitutionApplied(g.toFunction(), subst);
        assertEquals("", Verifier.verify(rewritten, Type.I64).toString(), g.clif());
        DataValue[] in = new DataValue[original.signature().params().size()];
        for (int i = 0; i < in.length; i++) in[i] = DataValue.ofInt(original.signature().params().get(i).type(), args.get(i % args.size()));
        assertEquals(run(original, in), run(rewritten, in), g.clif());
    }

    private static final String[] BINARY = {"iadd", "isub", "imul", "band", "bor", "bxor", "ishl", "ushr", "sshr",
            "rotl", "rotr", "umin", "smax"};
    private static final String[] TYPES = {"i8", "i16", "i32", "i64"};

    /**
     * A straight-line function built to give the mid-end work: operands drawn from the parameters,
     * the identity constants (0, 1, -1, the width) and earlier results, and earlier instructions
     * repeated verbatim, so that merges and identities chain.
     */
    @Provide
    Arbitrary<String> redundant() {
        return net.jqwik.api.Arbitraries.integers().between(0, TYPES.length - 1).flatMap(ti ->
                net.jqwik.api.Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(4).ofMaxSize(40)
                        .map(picks -> redundantFunction(TYPES[ti], picks)));
    }

    private static String redundantFunction(String ty, List<Integer> picks) {
        int bits = Integer.parseInt(ty.substring(1));
        StringBuilder sb = new StringBuilder("function %r(" + ty + ", " + ty + ") -> " + ty + ", " + ty + " {\n");
        sb.append("block0(v0: ").append(ty).append(", v1: ").append(ty).append("):\n");
        long[] consts = {0, 1, -1, bits, 2};
        List<String> lines = new java.util.ArrayList<>();
        int next = 2;
        for (long k : consts) {
            sb.append("    v").append(next++).append(" = iconst.").append(ty).append(' ').append(k).append('\n');
        }
        for (int p : picks) {
            String rhs;
            if (p % 4 == 0 && !lines.isEmpty()) {
                rhs = lines.get((p / 4) % lines.size());
            } else {
                int a = (p >>> 3) % next, b = (p >>> 11) % next;
                rhs = switch ((p >>> 19) % 16) {
                    case 13 -> "bnot v" + a;
                    case 14 -> "ineg v" + a;
                    case 15 -> "select v" + a + ", v" + b + ", v" + ((p >>> 23) % next);
                    default -> BINARY[(p >>> 19) % 16 % BINARY.length] + " v" + a + ", v" + b;
                };
            }
            lines.add(rhs);
            sb.append("    v").append(next++).append(" = ").append(rhs).append('\n');
        }
        return sb.append("    return v").append(next - 1).append(", v").append(next - 2).append("\n}\n").toString();
    }

    @Property(tries = 500)
    void redundantStraightLineCodeKeepsResults(@ForAll("redundant") String clif, @ForAll long a, @ForAll long b)
            throws Exception {
        Function original = dev.davit.ir.reader.ClifParser.parseFunction(clif);
        assertEquals("", Verifier.verify(original, Type.I64).toString(), clif);
        int[] subst = MidEnd.substitution(original);
        Statistics.collect(subst == null ? "nothing to do" : "rewritten");
        if (subst == null) return;
        Function rewritten = withSubstitutionApplied(dev.davit.ir.reader.ClifParser.parseFunction(clif), subst);
        assertEquals("", Verifier.verify(rewritten, Type.I64).toString(), clif);
        Type t = original.signature().params().get(0).type();
        DataValue[] in = {DataValue.ofInt(t, a), DataValue.ofInt(t, b)};
        assertEquals(run(original, in), run(rewritten, in), clif);
    }

    /** The result, or the interpreter's refusal (a call to a function it does not have) as text. */
    private static Object run(Function f, DataValue[] in) {
        try {
            InterpreterResult r = new Interpreter(f).withFuel(200_000).call(f, in);
            return r;
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
