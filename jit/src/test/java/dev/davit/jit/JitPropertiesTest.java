package dev.davit.jit;

import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.List;

import static dev.davit.ir.Type.I32;
import static dev.davit.ir.Type.I64;
import static dev.davit.jit.Hex.sig;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Random arguments through hand-assembled code in this JVM. */
@AddLifecycleHook(X86Only.class)
class JitPropertiesTest {
    private static final Signature II_I = sig(List.of(I32, I32), I32);
    private static final Signature LL_L = sig(List.of(I64, I64), I64);
    private static JitModule module;

    private static synchronized JitModule module() {
        if (module == null) {
            ModuleImage.Builder b = ModuleImage.builder();
            b.function("add", X86Samples.ADD_I32, List.of());
            b.function("mul", X86Samples.MUL_I64, List.of());
            module = JitModule.load(b.build());
        }
        return module;
    }

    @AfterContainer
    static synchronized void unload() {
        if (module != null) module.close();
        module = null;
    }

    @Property(tries = 2000)
    void leaAddsInts(@ForAll int a, @ForAll int b) {
        DataValue r = module().call("add", II_I, DataValue.ofInt(I32, a), DataValue.ofInt(I32, b)).getFirst();
        assertEquals(I32, r.type());
        assertEquals(a + b, (int) r.signed());
    }

    @Property(tries = 2000)
    void imulMultipliesLongs(@ForAll long a, @ForAll long b) {
        assertEquals(a * b, module().call("mul", LL_L, DataValue.ofInt(I64, a), DataValue.ofInt(I64, b)).getFirst().signed());
    }
}
