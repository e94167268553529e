package dev.davit.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * {@link FunctionStencil#writeCanonical} (the stream the compile cache hashes) against
 * {@link FunctionStencil#canonicalBytes()}, and the writer's state, which is reused between runs.
 */
class StencilStreamTest {
    static final String SMALL = """
            function %f(i64, i32) -> i32 system_v {
                ss0 = explicit_slot 16
                sig0 = (i32) -> i32 system_v
                fn0 = u1:7 sig0
            block0(v0: i64, v1: i32):
                v2 = iconst.i32 7
                v3 = iadd v1, v2
                v4 = load.i32 notrap aligned v0+8
                brif v3, block1(v4), block2
            block1(v5: i32):
                v6 = call fn0(v5)
                return v6
            block2 cold:
                v7 = iconst.i32 9
                return v7
            }
            """;

    /** A function whose canonical bytes span several of the writer's chunks. */
    static String large(int n) {
        StringBuilder b = new StringBuilder("function %g(i64) -> i64 {\nblock0(v0: i64):\n");
        for (int i = 1; i <= n; i++) {
            b.append("    v").append(2 * i - 1).append(" = iconst.i64 ").append(i * 1_000_003L).append('\n');
            b.append("    v").append(2 * i).append(" = iadd v").append(2 * i - 2).append(", v").append(2 * i - 1).append('\n');
        }
        return b.append("    return v").append(2 * n).append("\n}\n").toString();
    }

    /** Collects the chunks, copying each: the writer reuses its buffer. */
    static final class Collect implements FunctionStencil.CanonicalSink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int chunks;

        @Override
        public void write(byte[] b, int off, int len) {
            assertTrue(len > 0, "no empty chunks");
            out.write(b, off, len);
            chunks++;
        }
    }

    static byte[] streamed(FunctionStencil s) {
        Collect c = new Collect();
        long n = s.writeCanonical(c);
        assertEquals(c.out.size(), n);
        return c.out.toByteArray();
    }

    @Test
    void formatIsUnchanged() throws ParseError {
        // The stencil format (version 2) is what it was before the writer was made incremental:
        // the SHA-256 of this function's bytes, as computed by the earlier writer.
        FunctionStencil s = ClifParser.parseFunction(SMALL).stencil();
        assertEquals("7af7f500701d89f90d205486941ba729ecbbaa874b88200c4328326db36033ba",
                HexFormat.of().formatHex(s.stencilHash()));
        assertEquals(215, s.canonicalBytes().length);
    }

    @Test
    void streamIsExactlyTheCanonicalBytes() throws ParseError {
        for (String text : new String[] {SMALL, large(10), large(1500)}) {
            FunctionStencil s = ClifParser.parseFunction(text).stencil();
            assertArrayEquals(s.canonicalBytes(), streamed(s));
        }
        Collect c = new Collect();
        ClifParser.parseFunction(large(1500)).stencil().writeCanonical(c);
        assertTrue(c.chunks > 1, "a large stencil is streamed in several chunks");
    }

    @Test
    void aConstantLargerThanAChunkStreamsWhole() throws ParseError {
        Function f = ClifParser.parseFunction(SMALL);
        byte[] big = new byte[10_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        f.dfg().addConstant(new byte[] {1, 2, 3});
        f.dfg().addConstant(big);
        byte[] bytes = f.stencil().canonicalBytes();
        assertTrue(bytes.length > big.length);
        assertArrayEquals(bytes, streamed(f.stencil()));
    }

    @Test
    void runsDoNotSeeEachOther() throws ParseError {
        // Value and block numbers are kept in tables reused from run to run: a big function, then
        // a small one, then the big one again must each give what a fresh writer gives.
        Function big = ClifParser.parseFunction(large(3000));
        Function small = ClifParser.parseFunction(SMALL);
        byte[] smallFirst = small.stencil().canonicalBytes();
        byte[] bigFirst = big.stencil().canonicalBytes();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(smallFirst, small.stencil().canonicalBytes());
            assertArrayEquals(bigFirst, streamed(big.stencil()));
            assertArrayEquals(smallFirst, streamed(small.stencil()));
            assertArrayEquals(bigFirst, big.stencil().canonicalBytes());
        }
        // Parsed again, the same text gives the same bytes: nothing depends on earlier runs.
        assertArrayEquals(smallFirst, ClifParser.parseFunction(SMALL).stencil().canonicalBytes());
    }

    @Test
    void aRunThatThrowsLeavesNothingBehind() throws ParseError {
        Function f = ClifParser.parseFunction(SMALL);
        byte[] before = f.stencil().canonicalBytes();
        // A sink that fails part way, and a stencil the writer itself cannot finish (an alias cycle).
        FunctionStencil.CanonicalSink failing = (b, off, len) -> { throw new IllegalStateException("sink"); };
        assertThrows(IllegalStateException.class, () -> f.stencil().writeCanonical(failing));
        Function cyclic = ClifParser.parseFunction(SMALL);
        int v3 = 3;
        cyclic.dfg().setAlias(v3, v3);
        assertThrows(IllegalStateException.class, () -> cyclic.stencil().canonicalBytes());
        assertArrayEquals(before, f.stencil().canonicalBytes());
        assertArrayEquals(before, streamed(f.stencil()));
    }

    @Test
    void aSinkMayComputeAnotherStencil() throws ParseError {
        // Re-entered from a sink, the writer must not share its state with the outer run.
        Function f = ClifParser.parseFunction(SMALL);
        Function g = ClifParser.parseFunction(large(50));
        byte[] gBytes = g.stencil().canonicalBytes();
        Collect outer = new Collect();
        FunctionStencil.CanonicalSink reentering = (b, off, len) -> {
            assertArrayEquals(gBytes, g.stencil().canonicalBytes());
            outer.write(b, off, len);
        };
        f.stencil().writeCanonical(reentering);
        assertArrayEquals(f.stencil().canonicalBytes(), outer.out.toByteArray());
    }

    @Test
    void everyChangeStillChangesTheStream() throws ParseError {
        byte[] base = streamed(ClifParser.parseFunction(SMALL).stencil());
        String[] edits = {"iconst.i32 7", "iconst.i32 8", "aligned v0+8", "aligned v0+16", "block2 cold:", "block2:",
                "explicit_slot 16", "explicit_slot 32", "-> i32 system_v {", "-> i32 windows_fastcall {"};
        for (int i = 0; i < edits.length; i += 2) {
            String text = SMALL.replace(edits[i], edits[i + 1]);
            assertFalse(text.equals(SMALL), edits[i]);
            byte[] edited = streamed(ClifParser.parseFunction(text).stencil());
            assertFalse(java.util.Arrays.equals(base, edited), "changing " + edits[i]);
        }
    }
}
