package dev.davit.filetests;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.Function;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import dev.davit.ir.reader.ClifParser;
import dev.davit.jit.isolated.IsolatedExecutor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wrapper {@code test run} compiles to call functions whose results the native linker cannot return. */
class RunTestWrapperTest {
    @Test
    void wrapperParsesAndStoresEachResultInItsSlot() throws Exception {
        Signature f = new Signature(List.of(new AbiParam(Type.I32), new AbiParam(Type.I8, AbiParam.Extension.UEXT,
                AbiParam.Purpose.NORMAL, 0)), List.of(new AbiParam(Type.I32), new AbiParam(Type.I8), new AbiParam(Type.I128)),
                CallConv.TAIL);
        String text = RunTest.wrapperText("__davit_wrap_f", "f", f);
        Function w = ClifParser.parseTestFile(text, "wrapper").functions().getFirst().function();
        assertEquals("%__davit_wrap_f", w.name().text());
        assertEquals(new Signature(List.of(new AbiParam(Type.I64), new AbiParam(Type.I32), new AbiParam(Type.I8)), List.of(),
                CallConv.SYSTEM_V), w.signature());
        // The callee is declared with its own signature, extensions and convention included.
        assertTrue(text.contains("fn0 = colocated %f(i32, i8 uext) -> i32, i8, i128 tail"), text);
        int slot = IsolatedExecutor.RESULT_SLOT_BYTES;
        assertTrue(text.contains("store notrap v3, v0+0\n"), text);
        assertTrue(text.contains("store notrap v4, v0+" + slot + "\n"), text);
        assertTrue(text.contains("store notrap v5, v0+" + 2 * slot + "\n"), text);
    }

    @Test
    void anI128ParameterArrivesAsTwoHalvesJoinedByIconcat() throws Exception {
        Signature f = new Signature(List.of(new AbiParam(Type.I8), new AbiParam(Type.I128), new AbiParam(Type.I64)),
                List.of(new AbiParam(Type.I128)), CallConv.SYSTEM_V);
        String text = RunTest.wrapperText("__davit_wrap_g", "g", f);
        Function w = ClifParser.parseTestFile(text, "wrapper").functions().getFirst().function();
        assertEquals(new Signature(List.of(new AbiParam(Type.I64), new AbiParam(Type.I8), new AbiParam(Type.I64),
                new AbiParam(Type.I64), new AbiParam(Type.I64)), List.of(), CallConv.SYSTEM_V), w.signature());
        assertTrue(text.contains("v4 = iconcat v2, v3\n"), text);
        assertTrue(text.contains("v6 = call fn0(v1, v4, v5)\n"), text);
        assertTrue(text.contains("store notrap v6, v0+0\n"), text);
    }
}
