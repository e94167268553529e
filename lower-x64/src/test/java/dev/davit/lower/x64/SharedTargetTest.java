package dev.davit.lower.x64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.ir.Function;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParsedFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One target compiling on several threads at once, as a module's functions are compiled: every
 * result must equal, byte for byte, what a single thread compiles. The functions differ in frame
 * size, outgoing-argument area and return area, the per-function state a shared selector would mix.
 */
class SharedTargetTest {
    private static final String CLIF = """
            function %callee(i64, i64, i64, i64, i64, i64, i64, i64) -> i64 {
            block0(v0: i64, v1: i64, v2: i64, v3: i64, v4: i64, v5: i64, v6: i64, v7: i64):
                v8 = iadd v0, v7
                return v8
            }

            function %many_args(i64) -> i64 {
                fn0 = %callee(i64, i64, i64, i64, i64, i64, i64, i64) -> i64
            block0(v0: i64):
                v1 = call fn0(v0, v0, v0, v0, v0, v0, v0, v0)
                return v1
            }

            function %slots(i64) -> i64 {
                ss0 = explicit_slot 64
            block0(v0: i64):
                v1 = stack_addr.i64 ss0+8
                store v0, v1
                v2 = load.i64 v1
                return v2
            }

            function %multi_ret(i8) -> i8, i8, i8, i8, i8, i8, i8, i8, i8, i8 tail {
            block0(v0: i8):
                return v0, v0, v0, v0, v0, v0, v0, v0, v0, v0
            }

            function %calls_multi_ret(i8) -> i8 {
                fn0 = %multi_ret(i8) -> i8, i8, i8, i8, i8, i8, i8, i8, i8, i8 tail
            block0(v0: i8):
                v1, v2, v3, v4, v5, v6, v7, v8, v9, v10 = call fn0(v0)
                return v10
            }

            function %loop(i32) -> i32 {
            block0(v0: i32):
                v1 = iconst.i32 0
                jump block1(v0, v1)
            block1(v2: i32, v3: i32):
                v4 = iadd v3, v2
                v5 = iconst.i32 1
                v6 = isub v2, v5
                brif v6, block1(v6, v4), block2
            block2:
                return v4
            }
            """;

    @Test
    void aTargetSharedByThreadsCompilesWhatOneThreadCompiles() throws Exception {
        var shared = SharedSettings.GROUP.builder();
        shared.enable("enable_multi_ret_implicit_sret");
        TargetIsa isa = new X64Backend(shared.build(), X64Settings.GROUP.builder().build());
        List<Function> fs = new ArrayList<>();
        for (ParsedFunction pf : ClifParser.parseTestFile(CLIF, "t.clif").functions()) fs.add(pf.function());
        List<byte[]> expected = new ArrayList<>();
        for (Function f : fs) expected.add(isa.compile(f, false).bytes());

        int threads = 4, rounds = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<byte[]>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    List<byte[]> got = new ArrayList<>();
                    // Each thread walks the functions from a different start, so different
                    // functions are in flight at once.
                    for (int r = 0; r < rounds; r++) {
                        Function f = fs.get((r + offset) % fs.size());
                        got.add(isa.compile(f, false).bytes());
                    }
                    return got;
                }));
            }
            for (int t = 0; t < threads; t++) {
                List<byte[]> got = futures.get(t).get();
                assertEquals(rounds, got.size());
                for (int r = 0; r < rounds; r++) {
                    assertArrayEquals(expected.get((r + t) % fs.size()), got.get(r), "thread " + t + " round " + r);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
