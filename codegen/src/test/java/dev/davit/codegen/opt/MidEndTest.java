package dev.davit.codegen.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.davit.ir.Function;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;
import org.junit.jupiter.api.Test;

/** What the mid-end's substitution merges and simplifies, and what it must leave alone. */
class MidEndTest {
    private static Function parse(String text) {
        try {
            return ClifParser.parseTestFile(text, "t.clif").functions().get(0).function();
        } catch (ParseError e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The value standing for {@code v} after the mid-end (v itself when kept). */
    private static int after(int[] subst, int v) {
        return subst == null ? v : subst[v];
    }

    @Test
    void aRepeatedPureComputationInTheSameBlockIsMerged() {
        int[] s = MidEnd.substitution(parse("""
                function %f(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    v2 = iadd v0, v1
                    v3 = iadd v0, v1
                    v4 = imul v2, v3
                    return v4
                }
                """));
        assertNotNull(s);
        assertEquals(2, after(s, 3));
        assertEquals(2, after(s, 2));
        assertEquals(4, after(s, 4));
    }

    @Test
    void aComputationInADominatingBlockIsReusedButNotOneInASibling() {
        int[] s = MidEnd.substitution(parse("""
                function %f(i64, i64, i8) -> i64 {
                block0(v0: i64, v1: i64, v2: i8):
                    v3 = bxor v0, v1
                    brif v2, block1, block2
                block1:
                    v4 = bxor v0, v1
                    v5 = isub v0, v1
                    return v5
                block2:
                    v6 = isub v0, v1
                    v7 = iadd v4x, v6
                    return v7
                }
                """.replace("v4x", "v3")));
        assertEquals(3, after(s, 4), "block0 dominates block1");
        assertEquals(6, after(s, 6), "block1 does not dominate block2");
    }

    @Test
    void mergesFollowEarlierMerges() {
        int[] s = MidEnd.substitution(parse("""
                function %f(i32, i32) -> i32 {
                block0(v0: i32, v1: i32):
                    v2 = iadd v0, v1
                    v3 = iadd v0, v1
                    v4 = ishl v2, v1
                    v5 = ishl v3, v1
                    v6 = isub v4, v5
                    return v6
                }
                """));
        assertEquals(4, after(s, 5));
    }

    @Test
    void instructionsWithEffectsOrDifferentImmediatesAreNotMerged() {
        assertNull(MidEnd.substitution(parse("""
                function %f(i64, i32, i32) -> i32 {
                block0(v0: i64, v1: i32, v2: i32):
                    v3 = load.i32 v0
                    v4 = load.i32 v0
                    v5 = udiv v1, v2
                    v6 = udiv v1, v2
                    v7 = icmp slt v1, v2
                    v8 = icmp ult v1, v2
                    v9 = iadd v3, v4
                    v10 = iadd v5, v6
                    v11 = uextend.i32 v7
                    v12 = uextend.i32 v8
                    v13 = iadd v9, v10
                    v14 = iadd v11, v12
                    v15 = iadd v13, v14
                    return v15
                }
                """)));
    }

    @Test
    void constantsAreNotMergedAcrossTheFunction() {
        assertNull(MidEnd.substitution(parse("""
                function %f(i64) -> i64 {
                block0(v0: i64):
                    v1 = iconst.i64 5
                    v2 = iconst.i64 5
                    v3 = iadd v0, v1
                    v4 = isub v3, v2
                    return v4
                }
                """)));
    }

    @Test
    void identitiesYieldTheOperand() {
        int[] s = MidEnd.substitution(parse("""
                function %f(i32, i32, i8) -> i32 {
                block0(v0: i32, v1: i32, v2: i8):
                    v3 = iconst.i32 0
                    v4 = iadd v0, v3
                    v5 = iconst.i32 1
                    v6 = imul v5, v1
                    v7 = iconst.i32 -1
                    v8 = band v0, v7
                    v9 = iconst.i32 64
                    v10 = ishl v1, v9
                    v11 = select v2, v0, v0
                    v12 = bnot v1
                    v13 = bnot v12
                    v14 = uextend.i64 v0
                    v15 = ireduce.i32 v14
                    v16 = bor v1, v1
                    return v4
                }
                """));
        assertEquals(0, after(s, 4), "x + 0");
        assertEquals(1, after(s, 6), "1 * x");
        assertEquals(0, after(s, 8), "x & -1");
        assertEquals(1, after(s, 10), "shift by a multiple of the width");
        assertEquals(0, after(s, 11), "select c, x, x");
        assertEquals(1, after(s, 13), "bnot (bnot x)");
        assertEquals(0, after(s, 15), "ireduce (uextend x)");
        assertEquals(1, after(s, 16), "x | x");
    }

    @Test
    void identitiesRespectTheTypeWidth() {
        int[] s = MidEnd.substitution(parse("""
                function %f(i64, i8) -> i64 {
                block0(v0: i64, v1: i8):
                    v2 = iconst.i64 0xffffffff
                    v3 = band v0, v2
                    v4 = iconst.i64 32
                    v5 = ishl v0, v4
                    v6 = iconst.i8 0xff
                    v7 = band v1, v6
                    v8 = uextend.i64 v7
                    v9 = iadd v3, v5
                    v10 = iadd v9, v8
                    return v10
                }
                """));
        assertEquals(3, after(s, 3), "0xffffffff is not all ones in an i64");
        assertEquals(5, after(s, 5), "32 is not a multiple of 64");
        assertEquals(1, after(s, 7), "0xff is all ones in an i8");
    }

    @Test
    void unreachableBlocksAreLeftAlone() {
        int[] s = MidEnd.substitution(parse("""
                function %f(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    v2 = iadd v0, v1
                    return v2
                block1:
                    v3 = iadd v0, v1
                    return v3
                }
                """));
        assertEquals(3, after(s, 3));
    }
}
