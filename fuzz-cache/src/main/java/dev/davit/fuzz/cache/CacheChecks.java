package dev.davit.fuzz.cache;

import dev.davit.codegen.cache.AppliedCode;
import dev.davit.codegen.cache.CacheKey;
import dev.davit.codegen.cache.CacheResult;
import dev.davit.codegen.cache.CodeComparison;
import dev.davit.codegen.cache.CompileCache;
import dev.davit.codegen.cache.CompiledCodeCodec;
import dev.davit.codegen.cache.MemoryStore;
import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.fuzz.gen.GenFunction;
import dev.davit.fuzz.gen.Mutation;
import dev.davit.ir.Function;
import dev.davit.ir.UserExternalName;
import dev.davit.ir.verifier.Verifier;
import dev.davit.ir.verifier.VerifierErrors;

/**
 * The properties of the compile cache, as plain checks that throw {@link CheckFailure} with the CLIF
 * of the case. Each returns false when the target cannot compile the function (a real backend that
 * does not lower some instruction yet), which is a skip, not a pass.
 */
public final class CacheChecks {
    private CacheChecks() {}

    /** A property that does not hold, with what was compiled. */
    public static final class CheckFailure extends AssertionError {
        public CheckFailure(String what, String... clif) {
            super(what + (clif.length == 0 ? "" : "\n" + String.join("\n--- changed to ---\n", clif)));
        }
    }

    /** The generator's own promise: the function parses and verifies. */
    public static Function valid(GenFunction g) {
        Function f = g.toFunction();
        VerifierErrors errs = Verifier.verify(f);
        if (!errs.isEmpty()) throw new CheckFailure("generated function does not verify: " + errs, g.clif());
        return f;
    }

    /**
     * (1) Compiled and stored, then reloaded, through the entry format and a fresh cache: equal,
     * field for field, to a fresh compile.
     */
    public static boolean reloadEqualsFresh(TargetIsa isa, GenFunction g) {
        Function f = valid(g);
        CompiledCode fresh;
        try {
            fresh = isa.compile(f, false);
        } catch (TargetIsa.CompileError e) {
            return false;
        }
        MemoryStore store = new MemoryStore(1 << 24);
        try {
            CacheResult first = new CompileCache(store).compileWithCache(isa, f);
            if (first.hit()) throw new CheckFailure("hit in an empty cache", g.clif());
            CacheResult again = new CompileCache(store).compileWithCache(isa, g.toFunction());
            if (!again.hit()) throw new CheckFailure("no hit for the same function", g.clif());
            String diff = CodeComparison.firstDifference(fresh, again.code());
            if (diff != null) throw new CheckFailure("reloaded code differs from a fresh compile: " + diff, g.clif());
            if (!AppliedCode.apply(fresh, f.params()).equals(again.applied())) {
                throw new CheckFailure("applied parameters differ", g.clif());
            }
            CacheKey k = again.key();
            CompiledCodeCodec.Entry e = CompiledCodeCodec.decode(CompiledCodeCodec.encode(k, fresh, 1), k);
            if (e == null || !CodeComparison.identical(fresh, e.code())) throw new CheckFailure("codec round trip", g.clif());
        } catch (TargetIsa.CompileError e) {
            throw new CheckFailure("cache failed to compile what compiles: " + e.getMessage(), g.clif());
        }
        return true;
    }

    /**
     * (2) A change to names, base source location or the function's own name: same key, a hit, and
     * the hit carries the changed function's names and positions.
     */
    public static boolean parametersOnlyChangeHits(TargetIsa isa, GenFunction g, Mutation m, int pick) {
        if (m.changesStencil()) throw new IllegalArgumentException(m + " changes the stencil");
        GenFunction h = m.apply(g, pick);
        Function f1 = valid(g), f2 = valid(h);
        if (!CacheKey.of(isa, f1.stencil()).equals(CacheKey.of(isa, f2.stencil()))) {
            throw new CheckFailure(m + " changed the cache key", g.clif(), h.clif());
        }
        CompiledCode fresh;
        try {
            fresh = isa.compile(f2, false);
        } catch (TargetIsa.CompileError e) {
            return false;
        }
        CompileCache cache = new CompileCache(new MemoryStore(1 << 24));
        try {
            cache.compileWithCache(isa, f1);
            CacheResult r = cache.compileWithCache(isa, f2);
            if (!r.hit()) throw new CheckFailure(m + ": no hit", g.clif(), h.clif());
            AppliedCode want = AppliedCode.apply(fresh, f2.params());
            if (!want.equals(r.applied())) {
                throw new CheckFailure(m + ": hit differs from a fresh compile of the changed function: "
                        + CodeComparison.firstDifference(fresh, r.code()), g.clif(), h.clif());
            }
            for (int i = 0; i < r.applied().relocCount(); i++) {
                int ref = r.code().buffer().reloc(i).name();
                UserExternalName expected = ref >= 0 && ref < f2.params().numUserNames() ? f2.params().userName(ref) : null;
                if (!java.util.Objects.equals(expected, r.applied().relocTarget(i))) {
                    throw new CheckFailure(m + ": relocation " + i + " names " + r.applied().relocTarget(i)
                            + ", not the new " + expected, g.clif(), h.clif());
                }
            }
            // The same through the API, on the parsed function: other names for every ref, another base.
            Function f3 = g.toFunction();
            for (int ref = 0; ref < f3.params().numUserNames(); ref++) {
                f3.params().resetUserFunctionName(ref, new UserExternalName(77, 5000 + ref));
            }
            f3.params().setBaseSrcLoc(f3.params().baseSrcLoc() + 0x100 + pick);
            CacheResult r3 = cache.compileWithCache(isa, f3);
            if (!r3.hit() || !AppliedCode.apply(fresh, f3.params()).equals(r3.applied())) {
                throw new CheckFailure("renaming through FunctionParameters: no hit or wrong result", g.clif());
            }
        } catch (TargetIsa.CompileError e) {
            throw new CheckFailure("cache failed to compile what compiles: " + e.getMessage(), g.clif(), h.clif());
        }
        return true;
    }

    /** (3) Any other change: another key, and a cache holding the original misses. */
    public static boolean stencilChangeMisses(TargetIsa isa, GenFunction g, Mutation m, int pick) {
        if (!m.changesStencil()) throw new IllegalArgumentException(m + " does not change the stencil");
        GenFunction h = m.apply(g, pick);
        Function f1 = valid(g), f2 = valid(h);
        if (CacheKey.of(isa, f1.stencil()).equals(CacheKey.of(isa, f2.stencil()))) {
            throw new CheckFailure(m + " left the cache key unchanged", g.clif(), h.clif());
        }
        CompiledCode fresh;
        try {
            fresh = isa.compile(f2, false);
            CompileCache cache = new CompileCache(new MemoryStore(1 << 24));
            cache.compileWithCache(isa, f1);
            CacheResult r = cache.compileWithCache(isa, f2);
            if (r.hit()) throw new CheckFailure(m + ": hit for a changed function", g.clif(), h.clif());
            if (!CodeComparison.identical(fresh, r.code())) throw new CheckFailure(m + ": wrong code", g.clif(), h.clif());
        } catch (TargetIsa.CompileError e) {
            return false;
        }
        return true;
    }
}
