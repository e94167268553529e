package dev.davit.fuzz.cache;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.fuzz.gen.ClifGen;
import dev.davit.fuzz.gen.GenFunction;
import dev.davit.fuzz.gen.Mutation;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The cache fuzz target with the CI budget: a few hundred cases per property (seconds, not
 * minutes). The target is {@code -Ddavit.fuzz.target=...}, the synthetic ISA by default. A failure
 * is shrunk by jqwik and printed as CLIF (the original and the changed function).
 */
class CacheFuzzTest {
    private static final TargetIsa ISA = FuzzTarget.fromProperty();

    @Provide
    Arbitrary<GenFunction> functions() { return ClifGen.functions(); }

    @Provide
    Arbitrary<Mutation> stencilChanges() { return Arbitraries.of(Mutation.values()).filter(Mutation::changesStencil); }

    @Provide
    Arbitrary<Mutation> parameterChanges() { return Arbitraries.of(Mutation.values()).filter(m -> !m.changesStencil()); }

    /** (1) Cached, reloaded: exactly the fresh compile. */
    @Property(tries = 300)
    void reloadedEqualsFresh(@ForAll("functions") GenFunction g) {
        CacheChecks.reloadEqualsFresh(ISA, g);
    }

    /** (2) Only names or the base source location changed: a hit, carrying the new names. */
    @Property(tries = 300)
    void parameterChangesHit(@ForAll("functions") GenFunction g, @ForAll("parameterChanges") Mutation m,
                             @ForAll @IntRange(min = 0, max = 1 << 20) int pick) {
        CacheChecks.parametersOnlyChangeHits(ISA, g, m, pick);
    }

    /** (3) An instruction, immediate, type, block order, signature or slot changed: a miss. */
    @Property(tries = 500)
    void stencilChangesMiss(@ForAll("functions") GenFunction g, @ForAll("stencilChanges") Mutation m,
                            @ForAll @IntRange(min = 0, max = 1 << 20) int pick) {
        CacheChecks.stencilChangeMisses(ISA, g, m, pick);
    }

    /** The long-running command, briefly. */
    @Test
    void fuzzCommandRuns() {
        CacheFuzz.Report r = CacheFuzz.run(ISA, Duration.ofSeconds(2), 1234);
        assertTrue(r.cases() > 0, r.toString());
    }
}
