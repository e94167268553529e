package dev.davit.jit.qemu;

import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ELF file as a loader reads it: header, program headers, contents where they say. */
class AArch64ElfWriterTest {
    private static final int PT_LOAD = 1, PF_X = 1, PF_W = 2, PF_R = 4;

    private record Phdr(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {}

    private static Phdr phdr(ByteBuffer b, int i) {
        int at = (int) b.getLong(32) + i * 56;
        return new Phdr(b.getInt(at), b.getInt(at + 4), b.getLong(at + 8), b.getLong(at + 16),
                b.getLong(at + 32), b.getLong(at + 40), b.getLong(at + 48));
    }

    private static byte[] filled(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (seed + i * 7);
        return b;
    }

    @Test
    void headerIsAStaticAarch64Executable() {
        var l = AArch64ElfWriter.layout(AArch64ElfWriter.DEFAULT_BASE, 100, 20, 30, 4096);
        byte[] elf = AArch64ElfWriter.write(l, l.textAddr() + 8, filled(100, 1), filled(20, 2), filled(30, 3));
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}, java.util.Arrays.copyOf(elf, 7));
        assertEquals(2, b.getShort(16));            // ET_EXEC
        assertEquals(183, b.getShort(18));          // EM_AARCH64
        assertEquals(l.textAddr() + 8, b.getLong(24));
        assertEquals(0, b.getShort(60));            // no sections
        assertEquals(4, b.getShort(56));
        Phdr text = phdr(b, 0), ro = phdr(b, 1), rw = phdr(b, 2);
        assertEquals(new Phdr(PT_LOAD, PF_R | PF_X, 0, AArch64ElfWriter.DEFAULT_BASE,
                AArch64ElfWriter.TEXT_OFFSET + 100, AArch64ElfWriter.TEXT_OFFSET + 100, 0x1000), text);
        assertEquals(PF_R, ro.flags());
        assertEquals(PF_R | PF_W, rw.flags());
        assertEquals(30, rw.filesz());
        assertEquals(4096, rw.memsz());
        assertEquals(l.rodataAddr(), ro.vaddr());
        assertEquals(l.rwAddr(), rw.vaddr());
        assertEquals(2, elf[(int) ro.offset()]);
        assertEquals(3, elf[(int) rw.offset()]);
        assertEquals(1, elf[AArch64ElfWriter.TEXT_OFFSET]);
    }

    @Test
    void emptyRodataBecomesANullHeader() {
        var l = AArch64ElfWriter.layout(AArch64ElfWriter.DEFAULT_BASE, 8, 0, 8, 8);
        ByteBuffer b = ByteBuffer.wrap(AArch64ElfWriter.write(l, l.textAddr(), new byte[8], new byte[0], new byte[8]))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, phdr(b, 1).type());
    }

    @Test
    void rejectsInconsistentInput() {
        var l = AArch64ElfWriter.layout(AArch64ElfWriter.DEFAULT_BASE, 8, 0, 8, 8);
        assertThrows(IllegalArgumentException.class, () -> AArch64ElfWriter.write(l, l.textAddr() + 8, new byte[8], new byte[0], new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> AArch64ElfWriter.write(l, l.textAddr(), new byte[9], new byte[0], new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> AArch64ElfWriter.layout(0x401000, 8, 0, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> AArch64ElfWriter.layout(0x400000, 8, 0, 8, 4));
    }

    @Test
    void boundarySizesAreLoadable() {
        for (int text : new int[] {4, 0x1000 - AArch64ElfWriter.TEXT_OFFSET, 0x1_0000 - AArch64ElfWriter.TEXT_OFFSET, 0x1_0001})
            for (int ro : new int[] {0, 1, 0x1000, 0x1_0000})
                for (int rw : new int[] {0, 8, 0x1000})
                    segmentsAreLoadable(text, ro, rw, rw == 0 ? 8 : 0);
    }

    /** gABI: loadable segments ascend, do not overlap, and p_vaddr ≡ p_offset (mod p_align); data stays page aligned. */
    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void segmentsAreLoadable(@ForAll @IntRange(min = 4, max = 300_000) int text, @ForAll @IntRange(max = 100_000) int ro,
                             @ForAll @IntRange(max = 50_000) int rwFile, @ForAll @IntRange(max = 50_000) int rwExtra) {
        var l = AArch64ElfWriter.layout(AArch64ElfWriter.DEFAULT_BASE, text, ro, rwFile, rwFile + rwExtra);
        byte[] elf = AArch64ElfWriter.write(l, l.textAddr(), new byte[text], new byte[ro], new byte[rwFile]);
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long lastEnd = 0, lastFileEnd = 0;
        for (int i = 0; i < 3; i++) {
            Phdr p = phdr(b, i);
            if (p.type() != PT_LOAD) continue;
            assertEquals(p.vaddr() % p.align(), p.offset() % p.align());
            assertTrue(p.vaddr() >= lastEnd && p.offset() >= lastFileEnd, "segment " + i + " overlaps");
            assertTrue(p.offset() + p.filesz() <= elf.length);
            lastEnd = p.vaddr() + p.memsz();
            lastFileEnd = p.offset() + p.filesz();
        }
        assertEquals(0, l.rodataAddr() % 0x1000);
        assertEquals(0, l.rwAddr() % 0x1000);
    }
}
