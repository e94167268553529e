package dev.davit.jit.isolated;

import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.jit.ModuleImage;
import dev.davit.jit.X86Only;
import dev.davit.jit.X86Samples;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.List;

import static dev.davit.ir.Type.I32;
import static dev.davit.jit.Hex.sig;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The same addition through the worker process: results survive the protocol. */
@AddLifecycleHook(X86Only.class)
class IsolatedPropertiesTest {
    private static final Signature II_I = sig(List.of(I32, I32), I32);
    private static IsolatedExecutor executor;
    private static IsolatedExecutor.Module add;

    private static synchronized IsolatedExecutor.Module add() {
        if (add == null) {
            executor = new IsolatedExecutor();
            add = executor.load(ModuleImage.single("add", X86Samples.ADD_I32, List.of()));
        }
        return add;
    }

    @AfterContainer
    static synchronized void stop() {
        if (executor != null) executor.close();
        executor = null;
        add = null;
    }

    @Property(tries = 300)
    void leaAddsIntsInTheWorker(@ForAll int a, @ForAll int b) {
        CallOutcome o = add().call("add", II_I, DataValue.ofInt(I32, a), DataValue.ofInt(I32, b));
        var r = (CallOutcome.Returned) o;
        assertEquals(a + b, (int) r.values().getFirst().signed());
    }
}
