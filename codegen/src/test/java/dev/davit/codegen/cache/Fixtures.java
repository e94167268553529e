package dev.davit.codegen.cache;

import dev.davit.ir.Function;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;

/** Small CLIF functions the cache tests compile with {@link SyntheticIsa}. */
final class Fixtures {
    private Fixtures() {}

    static final String CALLS = """
            function u0:7(i32, i64) -> i32 system_v {
                ss0 = explicit_slot 16
                sig0 = (i32) -> i32 system_v
                fn0 = u1:5 sig0
                fn1 = u2:9 sig0

            block0(v0: i32, v1: i64):
            @0010    v2 = iconst.i32 7
            @0014    v3 = iadd v0, v2
            @0018    v4 = call fn0(v3)
                     brif v4, block1, block2(v4)

            block1:
            @0020    v5 = call fn1(v0)
                     return v5

            block2(v6: i32):
            @0030    trapz v6, user1
                     return v6
            }
            """;

    static Function parse(String text) {
        try {
            return ClifParser.parseFunction(text);
        } catch (ParseError e) {
            throw new AssertionError(e);
        }
    }

    static Function calls() { return parse(CALLS); }

    /** A family of distinct small functions: {@code iconst} of {@code k}. */
    static Function numbered(int k) {
        return parse("""
                function u0:%d(i64) -> i64 {
                    sig0 = (i64) -> i64
                    fn0 = u3:%d sig0
                block0(v0: i64):
                @0100    v1 = iconst.i64 %d
                @0104    v2 = iadd v0, v1
                @0108    v3 = call fn0(v2)
                         return v3
                }
                """.formatted(k, k, k));
    }
}
