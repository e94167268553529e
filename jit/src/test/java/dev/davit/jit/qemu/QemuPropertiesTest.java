package dev.davit.jit.qemu;

import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.jit.ModuleImage;
import dev.davit.jit.isolated.CallOutcome;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.util.ArrayList;
import java.util.List;

import static dev.davit.ir.Type.I16;
import static dev.davit.ir.Type.I32;
import static dev.davit.ir.Type.I64;
import static dev.davit.ir.Type.I8;
import static dev.davit.jit.Hex.sig;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Additions under qemu, batched: one try is one process running a few dozen calls, since starting
 * the emulator costs far more than a call.
 */
@AddLifecycleHook(QemuOnly.class)
class QemuPropertiesTest {
    private static final ModuleImage ADD = ModuleImage.single("add", Listing.code(A64Samples.ADD), List.of());
    private static final Signature LL_L = sig(List.of(I64, I64), I64);
    private static QemuRunner runner;

    private static synchronized QemuRunner runner() {
        if (runner == null) runner = new QemuRunner();
        return runner;
    }

    @Property(tries = 20)
    void addsI64PairsInOneProcess(@ForAll @Size(min = 2, max = 100) List<Long> xs) {
        List<QemuRunner.Call> calls = new ArrayList<>();
        for (int i = 0; i + 1 < xs.size(); i++)
            calls.add(new QemuRunner.Call(0, LL_L, List.of(DataValue.ofInt(I64, xs.get(i)), DataValue.ofInt(I64, xs.get(i + 1)))));
        List<CallOutcome> out = runner().run(ADD, calls);
        assertEquals(calls.size(), out.size());
        for (int i = 0; i < calls.size(); i++)
            assertEquals(new CallOutcome.Returned(List.of(DataValue.ofInt(I64, xs.get(i) + xs.get(i + 1)))), out.get(i), "call " + i);
    }

    /** A 64-bit add of narrow values: the upper bits of x0 are garbage for i8..i32 and must be cut off. */
    @Property(tries = 10)
    void narrowSumsAreTruncated(@ForAll @Size(min = 1, max = 50) List<Integer> xs, @ForAll int y) {
        List<QemuRunner.Call> calls = new ArrayList<>();
        List<DataValue> expected = new ArrayList<>();
        for (int x : xs) {
            for (var t : List.of(I8, I16, I32)) {
                calls.add(new QemuRunner.Call(0, sig(List.of(t, t), t), List.of(DataValue.ofInt(t, x), DataValue.ofInt(t, y))));
                expected.add(DataValue.ofInt(t, (long) x + y));
            }
        }
        List<CallOutcome> out = runner().run(ADD, calls);
        for (int i = 0; i < calls.size(); i++)
            assertEquals(new CallOutcome.Returned(List.of(expected.get(i))), out.get(i), "call " + i);
    }
}
