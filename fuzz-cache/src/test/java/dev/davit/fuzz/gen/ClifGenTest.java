package dev.davit.fuzz.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.fuzz.cache.CacheChecks;
import dev.davit.ir.Function;
import dev.davit.ir.writer.FunctionWriter;
import java.util.EnumSet;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ClifGenTest {
    @Provide
    Arbitrary<GenFunction> functions() { return ClifGen.functions(); }

    @Property(tries = 400)
    void generatedFunctionsVerify(@ForAll("functions") GenFunction g) {
        Function f = CacheChecks.valid(g);
        // The writer prints it back: the reader and writer agree on what was generated.
        assertTrue(FunctionWriter.write(f).startsWith("function"));
    }

    @Property(tries = 300)
    void mutatedFunctionsVerify(@ForAll("functions") GenFunction g, @ForAll Mutation m,
                                @ForAll @IntRange(min = 0, max = 1 << 20) int pick) {
        CacheChecks.valid(m.apply(g, pick));
    }

    /** Over a fixed sample the generator reaches every kind of instruction and terminator. */
    @Test
    void coversWhatTheBackendSupports() {
        Set<String> seen = new java.util.HashSet<>();
        java.util.Random r = new java.util.Random(42);
        net.jqwik.api.sessions.JqwikSession.start();
        var gen = ClifGen.functions().generator(1000);
        for (int i = 0; i < 400; i++) {
            String text = gen.next(r).value().clif();
            for (String w : new String[] {"iconst", "iadd", "imul", "ishl", "icmp", "ineg", "umax", "clz", "select",
                    "uextend", "sextend", "ireduce", "store notrap", "= load.", "stack_addr", "call fn", "brif",
                    "jump", "br_table", "return", "explicit_slot", "@", "block1(", ".i8", ".i16", ".i64"}) {
                if (text.contains(w)) seen.add(w);
            }
        }
        net.jqwik.api.sessions.JqwikSession.finish();
        assertEquals(26, seen.size(), "seen: " + seen);
        assertTrue(EnumSet.allOf(Mutation.class).size() == 9);
    }
}
