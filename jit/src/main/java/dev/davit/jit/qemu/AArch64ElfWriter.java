package dev.davit.jit.qemu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes the smallest static executable Linux (and qemu-user) will run on AArch64: an ELF64
 * little-endian {@code ET_EXEC} for {@code EM_AARCH64} with three loadable segments and no section
 * headers (the loader reads only program headers; gABI "Program Loading").
 *
 * <ul>
 * <li>text, read+execute, at file offset 0 so it also maps the ELF and program headers, as
 *     ordinary linkers do; the caller's text starts at {@link Layout#textAddr()};</li>
 * <li>read-only data, page aligned, so a module's data alignment (up to the page size) holds;</li>
 * <li>read+write data, whose memory size may exceed its file size (zero-filled, like .bss).</li>
 * </ul>
 *
 * Each segment starts on a fresh 64 KiB boundary in memory and the gaps stay unmapped, so a stray
 * access just past a segment faults instead of silently reading the next one. File offsets are
 * page (4 KiB) aligned and congruent to the addresses modulo the page size, which is all
 * {@code p_align} promises to the loader (gABI: {@code p_vaddr ≡ p_offset mod p_align}).
 */
public final class AArch64ElfWriter {
    /** Where the text segment is placed: the traditional static-executable base, far from qemu's own mappings. */
    public static final long DEFAULT_BASE = 0x40_0000L;
    static final int PAGE = 0x1000;
    static final int SEGMENT_ALIGN = 0x1_0000;

    private static final int EHDR_SIZE = 64, PHDR_SIZE = 56, PHNUM = 4;
    /** Offset of the caller's text in the file and in the text segment, after the headers. */
    static final int TEXT_OFFSET = align(EHDR_SIZE + PHNUM * PHDR_SIZE, 64);

    private static final int ET_EXEC = 2, EM_AARCH64 = 183, EV_CURRENT = 1;
    private static final int PT_NULL = 0, PT_LOAD = 1, PT_GNU_STACK = 0x6474_e551;
    private static final int PF_X = 1, PF_W = 2, PF_R = 4;

    private AArch64ElfWriter() {}

    /**
     * Where everything goes.
     *
     * @param base       address of the text segment (file offset 0)
     * @param textAddr   address of the caller's text (after the headers)
     * @param rodataAddr address of the read-only data (page aligned)
     * @param rwAddr     address of the writable data (page aligned)
     */
    public record Layout(long base, long textAddr, int textSize, long rodataAddr, int rodataSize,
                         long rwAddr, int rwFileSize, int rwMemSize) {
        long rodataOffset() { return align(TEXT_OFFSET + textSize, PAGE); }

        long rwOffset() { return align(rodataOffset() + rodataSize, PAGE); }
    }

    /** The layout of an executable with these sizes at {@code base} (a multiple of 64 KiB). */
    public static Layout layout(long base, int textSize, int rodataSize, int rwFileSize, int rwMemSize) {
        if (base % SEGMENT_ALIGN != 0) throw new IllegalArgumentException("base must be 64 KiB aligned");
        if (textSize < 0 || rodataSize < 0 || rwFileSize < 0 || rwMemSize < rwFileSize)
            throw new IllegalArgumentException("bad segment sizes");
        long rodataAddr = align(base + TEXT_OFFSET + textSize, SEGMENT_ALIGN);
        long rwAddr = align(rodataAddr + Math.max(rodataSize, 1), SEGMENT_ALIGN);
        return new Layout(base, base + TEXT_OFFSET, textSize, rodataAddr, rodataSize, rwAddr, rwFileSize, rwMemSize);
    }

    /** The executable's bytes; {@code entry} is an address in the text. */
    public static byte[] write(Layout l, long entry, byte[] text, byte[] rodata, byte[] rw) {
        if (text.length != l.textSize() || rodata.length != l.rodataSize() || rw.length != l.rwFileSize())
            throw new IllegalArgumentException("contents do not match the layout");
        if (entry < l.textAddr() || entry >= l.textAddr() + l.textSize())
            throw new IllegalArgumentException("entry point outside the text");
        long size = l.rwOffset() + rw.length;
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);

        // ELF header (gABI "ELF Header"; AArch64 ELF ABI for EM_AARCH64 and ELFCLASS64/ELFDATA2LSB).
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2 /* ELFCLASS64 */, 1 /* ELFDATA2LSB */, EV_CURRENT, 0 /* ELFOSABI_NONE */});
        b.position(16);
        b.putShort((short) ET_EXEC).putShort((short) EM_AARCH64).putInt(EV_CURRENT);
        b.putLong(entry).putLong(EHDR_SIZE /* e_phoff */).putLong(0 /* e_shoff: no sections */);
        b.putInt(0 /* e_flags */).putShort((short) EHDR_SIZE).putShort((short) PHDR_SIZE).putShort((short) PHNUM);
        b.putShort((short) 0 /* e_shentsize */).putShort((short) 0 /* e_shnum */).putShort((short) 0 /* e_shstrndx */);

        long textEnd = TEXT_OFFSET + text.length;
        phdr(b, PT_LOAD, PF_R | PF_X, 0, l.base(), textEnd, textEnd);
        // A zero-sized PT_LOAD is legal but not every loader maps it gracefully; PT_NULL keeps the count fixed.
        if (rodata.length > 0) phdr(b, PT_LOAD, PF_R, l.rodataOffset(), l.rodataAddr(), rodata.length, rodata.length);
        else phdr(b, PT_NULL, 0, 0, 0, 0, 0);
        phdr(b, PT_LOAD, PF_R | PF_W, l.rwOffset(), l.rwAddr(), rw.length, l.rwMemSize());
        // Without PT_GNU_STACK Linux may make the stack executable (READ_IMPLIES_EXEC); nothing here needs that.
        b.putInt(PT_GNU_STACK).putInt(PF_R | PF_W).putLong(0).putLong(0).putLong(0).putLong(0).putLong(0).putLong(16);

        b.put(TEXT_OFFSET, text);
        b.put(Math.toIntExact(l.rodataOffset()), rodata);
        b.put(Math.toIntExact(l.rwOffset()), rw);
        return b.array();
    }

    private static void phdr(ByteBuffer b, int type, int flags, long offset, long vaddr, long filesz, long memsz) {
        b.putInt(type).putInt(flags).putLong(offset).putLong(vaddr).putLong(vaddr /* p_paddr */)
                .putLong(filesz).putLong(memsz).putLong(type == PT_LOAD ? PAGE : 0);
    }

    static int align(int v, int a) { return (v + a - 1) & -a; }

    static long align(long v, long a) { return (v + a - 1) & -a; }
}
