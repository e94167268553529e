package dev.davit.jit;

import dev.davit.codegen.buffer.RelocKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModuleImageTest {
    @Test
    void builderAlignsFunctionsAndShiftsRelocations() {
        ModuleImage.Builder b = ModuleImage.builder();
        assertEquals(0, b.function("a", new byte[5], List.of()));
        assertEquals(1, b.function("b", new byte[10], List.of(new Reloc(2, RelocKind.Abs8, new RelocTarget.Function(0), 7))));
        assertEquals(0, b.data(new byte[3], 1));
        assertEquals(8, b.data(new byte[8], 8));
        ModuleImage m = b.build();
        assertEquals(26, m.code().length);
        assertEquals(16, m.data().length);
        assertEquals(List.of(new ModuleImage.Entry("a", 0), new ModuleImage.Entry("b", 16)), m.functions());
        assertEquals(List.of(new Reloc(18, RelocKind.Abs8, new RelocTarget.Function(0), 7)), m.relocs());
        assertEquals(1, m.indexOf("b"));
        assertEquals(-1, m.indexOf("c"));
    }

    @Test
    void rejectsRelocationsOutsideTheImage() {
        byte[] code = new byte[8];
        assertThrows(IllegalArgumentException.class, () -> ModuleImage.single("f", code,
                List.of(new Reloc(1, RelocKind.Abs8, new RelocTarget.Symbol("x"), 0))));
        assertThrows(IllegalArgumentException.class, () -> ModuleImage.single("f", code,
                List.of(new Reloc(0, RelocKind.X86CallPCRel4, new RelocTarget.Function(1), 0))));
        assertThrows(IllegalArgumentException.class, () -> ModuleImage.single("f", code,
                List.of(new Reloc(0, RelocKind.X86PCRel4, new RelocTarget.Data(1), 0))));
        assertThrows(IllegalArgumentException.class, () -> new ModuleImage(code, null,
                List.of(new ModuleImage.Entry("f", 9)), List.of()));
    }

    @Test
    void imageIsACopy() {
        byte[] code = {1, 2, 3};
        ModuleImage m = ModuleImage.single("f", code, List.of());
        code[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, m.code());
    }
}
