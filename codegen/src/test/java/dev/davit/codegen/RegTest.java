package dev.davit.codegen;

import static org.junit.jupiter.api.Assertions.*;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RegTest {
    @Property
    void pinnedRegsRoundTrip(@ForAll @IntRange(min = 0, max = 2) int cls, @ForAll @IntRange(min = 0, max = 63) int hw) {
        int preg = Reg.preg(cls, hw);
        int reg = Reg.fromPReg(preg);
        assertFalse(Reg.isVirtual(reg));
        assertTrue(Reg.isPhysical(reg));
        assertEquals(cls, Reg.cls(reg));
        assertEquals(preg, Reg.toPReg(reg));
        assertEquals(hw, Reg.hwEnc(reg));
        assertEquals(preg, Reg.vregIndex(reg));
    }

    @Property
    void virtualRegs(@ForAll @IntRange(min = 192, max = 1 << 20) int index, @ForAll @IntRange(min = 0, max = 2) int cls) {
        int reg = Reg.vreg(index, cls);
        assertTrue(Reg.isVirtual(reg));
        assertEquals(index, Reg.vregIndex(reg));
        assertEquals(cls, Reg.cls(reg));
        assertThrows(IllegalStateException.class, () -> Reg.toPReg(reg));
    }

    @Test
    void sharedEncodings() {
        assertEquals((1 << 6) | 3, Reg.preg(Reg.FLOAT, 3));
        assertEquals(((1 << 6 | 3) << 2) | 1, Reg.fromPReg(Reg.preg(Reg.FLOAT, 3)));
        assertFalse(Reg.isPhysical(Reg.INVALID));
    }

    @Test
    void constraints() {
        int f = Operand.fixed(Reg.preg(Reg.INT, 2));
        assertTrue(Operand.isFixed(f));
        assertFalse(Operand.isReuse(f));
        assertEquals(2, Operand.payload(f));
        int r = Operand.reuse(0);
        assertTrue(Operand.isReuse(r));
        assertEquals(0, Operand.payload(r));
        for (int c : new int[] {Operand.REG, Operand.ANY, Operand.STACK}) {
            assertFalse(Operand.isFixed(c));
            assertFalse(Operand.isReuse(c));
        }
        assertEquals("fixed(2)", Operand.constraintToString(f));
    }
}
