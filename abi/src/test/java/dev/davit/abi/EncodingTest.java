package dev.davit.abi;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class EncodingTest {
    @Test
    void locationsRoundTrip() {
        int xmm15 = Regs.preg(Regs.FLOAT, 15);
        assertEquals(AbiLocation.REG, AbiLocation.kind(AbiLocation.reg(0)));
        assertNotEquals(AbiLocation.NONE, AbiLocation.reg(0));
        assertEquals(xmm15, AbiLocation.preg(AbiLocation.reg(xmm15)));
        int pair = AbiLocation.regPair(Regs.preg(Regs.INT, 7), Regs.preg(Regs.INT, 6));
        assertEquals(Regs.preg(Regs.INT, 7), AbiLocation.lo(pair));
        assertEquals(Regs.preg(Regs.INT, 6), AbiLocation.hi(pair));
        assertEquals(AbiLocation.MAX_OFFSET, AbiLocation.offset(AbiLocation.stack(AbiLocation.MAX_OFFSET)));
        assertEquals(40, AbiLocation.offset(AbiLocation.indirectStack(40)));
        assertEquals(8, AbiLocation.offset(AbiLocation.structStack(8)));
        assertTrue(AbiLocation.isInRegisters(AbiLocation.indirectReg(3)));
        assertTrue(AbiLocation.isOnStack(AbiLocation.structStack(0)));
        assertThrows(UnsupportedAbiException.class, () -> AbiLocation.stack(AbiLocation.MAX_OFFSET + 1));
        assertThrows(UnsupportedAbiException.class, () -> AbiLocation.stack(-8));
        assertThrows(IllegalArgumentException.class, () -> AbiLocation.offset(AbiLocation.reg(1)));
        assertEquals("stack+16", AbiLocation.toString(AbiLocation.stack(16)));
        assertEquals("none", AbiLocation.toString(AbiLocation.NONE));
    }

    @Test
    void regSetsMatchTheAllocatorLayout() {
        RegSet s = RegSet.of(Regs.preg(Regs.INT, 0), Regs.preg(Regs.INT, 63), Regs.preg(Regs.FLOAT, 5));
        assertArrayEquals(new long[] {1L | (1L << 63), 1L << 5, 0}, s.toLongArray());
        assertEquals(3, s.size());
        assertTrue(s.contains(Regs.preg(Regs.INT, 63)));
        assertFalse(s.contains(Regs.preg(Regs.VECTOR, 5)));
        assertFalse(s.contains(-1));
        assertEquals(2, s.without(Regs.preg(Regs.INT, 0)).size());
        assertEquals(s, s.with(Regs.preg(Regs.FLOAT, 5)));
        assertArrayEquals(new int[] {0, 63, 64 + 5}, s.toArray());
        assertEquals(RegSet.range(Regs.INT, 0, 63).word(Regs.INT), -1L);
        assertEquals(RegSet.range(Regs.FLOAT, 8, 15).word(Regs.FLOAT), 0xff00L);
        assertTrue(RegSet.range(Regs.INT, 0, 3).minus(RegSet.range(Regs.INT, 0, 3)).isEmpty());
        assertEquals("{p0i p63i p5f}", s.toString());
    }
}
