package dev.davit.fuzz.gen;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries of valid CLIF functions: integer types i8 to i64, up to six blocks with
 * parameters, {@code jump}/{@code brif}/{@code br_table}, arithmetic, shifts, compares,
 * {@code select}, extensions, stack slots with loads, stores and addresses, calls to declared
 * external functions with user names, and source locations. Everything shrinks: lists toward fewer
 * blocks and instructions, choices toward the first of each.
 */
public final class ClifGen {
    private ClifGen() {}

    public static Arbitrary<IntTy> types() { return Arbitraries.of(IntTy.values()); }

    static Arbitrary<Integer> picks() { return Arbitraries.integers().between(0, 1000); }

    public static Arbitrary<GenFunction.Inst> insts() {
        Arbitrary<Long> imm = Arbitraries.oneOf(Arbitraries.longs().between(-1000, 1000), Arbitraries.longs());
        Arbitrary<Integer> src = Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(0, 0xFFF));
        // Calls get extra weight: relocations are what name changes must carry through a hit.
        Arbitrary<Op> ops = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(Op.values())),
                Tuple.of(1, Arbitraries.just(Op.CALL)));
        return Combinators.combine(ops, types(), types(), picks(), picks(), picks(), imm, src)
                .as((op, t, t2, a, b, c, i, s) -> new GenFunction.Inst(op, t, t2, a, b, c,
                        op == Op.ICONST ? i : Math.floorMod(i, 2001) - 1000, s));
    }

    public static Arbitrary<GenFunction.Term> terms() {
        return Combinators.combine(Arbitraries.of(GenFunction.TermKind.values()), picks().list().ofMaxSize(3), picks(),
                picks()).as(GenFunction.Term::new);
    }

    public static Arbitrary<GenFunction.Block> blocks() {
        return Combinators.combine(types().list().ofMaxSize(3), insts().list().ofMaxSize(8), terms())
                .as(GenFunction.Block::new);
    }

    public static Arbitrary<GenFunction.Callee> callees() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1000),
                types().list().ofMaxSize(3), types().list().ofMaxSize(2)).as(GenFunction.Callee::new);
    }

    /** Valid functions (they parse and pass the verifier). */
    public static Arbitrary<GenFunction> functions() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 100_000),
                types().list().ofMaxSize(4),
                types().list().ofMaxSize(2),
                Arbitraries.integers().between(8, 64).list().ofMaxSize(3),
                callees().list().ofMaxSize(3),
                blocks().list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.longs().between(0, 0x7FFF_0000L))
                .as((name, ps, rs, slots, cs, bs, base) -> new GenFunction(name, ps, rs, slots, cs, bs, List.of(), base));
    }
}
