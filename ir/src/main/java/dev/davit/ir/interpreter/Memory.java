package dev.davit.ir.interpreter;

import dev.davit.ir.MemFlags;
import dev.davit.ir.TrapCode;
import java.util.Arrays;

/**
 * The simulated address space: one downward-free stack region that call frames bump-allocate their
 * stack slots from, plus any regions a host maps in. Addresses are plain integers, so pointer
 * arithmetic in the program works; an access outside every live region traps with the access's
 * trap code (heap_oob by default). The stack starts well above 0 so null pointers trap, and below
 * 2^32 so 32-bit {@code stack_addr} works.
 */
final class Memory {
    static final long STACK_BASE = 0x0001_0000L;
    static final int MAX_STACK = 64 << 20;

    byte[] stack = new byte[1 << 16];
    int sp;

    private long[] regionBase = new long[0];
    private byte[][] regionData = new byte[0][];

    /** Set by {@link #locate}: the array and offset an access resolved to. */
    byte[] arr;
    int off;

    /** Allocates {@code size} zeroed bytes aligned to {@code align}; returns the stack offset. */
    int alloc(int size, int align) {
        int start = (sp + align - 1) & -align;
        long end = (long) start + size;
        if (end > MAX_STACK) throw Trap.of(TrapCode.STACK_OVERFLOW);
        if (end > stack.length) stack = Arrays.copyOf(stack, (int) Math.min(MAX_STACK, Math.max(end, stack.length * 2L)));
        Arrays.fill(stack, start, (int) end, (byte) 0);
        sp = (int) end;
        return start;
    }

    void map(long base, byte[] data) {
        int n = regionBase.length;
        regionBase = Arrays.copyOf(regionBase, n + 1);
        regionData = Arrays.copyOf(regionData, n + 1);
        regionBase[n] = base;
        regionData[n] = data;
    }

    /** Resolves an access of {@code size} bytes at {@code addr}, or traps. */
    void locate(long addr, int size, MemFlags flags) {
        long rel = addr - STACK_BASE;
        if (rel >= 0 && rel <= sp - size) {
            arr = stack;
            off = (int) rel;
        } else {
            boolean found = false;
            for (int i = 0; i < regionBase.length; i++) {
                long r = addr - regionBase[i];
                if (r >= 0 && r <= regionData[i].length - size) {
                    arr = regionData[i];
                    off = (int) r;
                    found = true;
                    break;
                }
            }
            if (!found) {
                int code = flags == null || flags.notrap() ? TrapCode.HEAP_OUT_OF_BOUNDS : flags.trapCode();
                throw new Trap(code, Trap.describe(code) + ": " + size + "-byte access at 0x" + Long.toHexString(addr));
            }
        }
        if (flags != null && flags.aligned() && size > 1 && (addr & (size - 1)) != 0) {
            throw new Trap(InterpreterResult.HEAP_MISALIGNED,
                    "heap_misaligned: " + size + "-byte aligned access at 0x" + Long.toHexString(addr));
        }
    }

    /** Reads {@code n <= 8} bytes at the located position. */
    long read(int n, boolean big) {
        long v = 0;
        byte[] a = arr;
        int o = off;
        if (big) {
            for (int i = 0; i < n; i++) v = (v << 8) | (a[o + i] & 0xffL);
        } else {
            for (int i = n - 1; i >= 0; i--) v = (v << 8) | (a[o + i] & 0xffL);
        }
        return v;
    }

    void write(int n, long v, boolean big) {
        byte[] a = arr;
        int o = off;
        if (big) {
            for (int i = n - 1; i >= 0; i--) { a[o + i] = (byte) v; v >>>= 8; }
        } else {
            for (int i = 0; i < n; i++) { a[o + i] = (byte) v; v >>>= 8; }
        }
    }

    /** Moves the located position by {@code delta} bytes (for multi-part accesses). */
    void advance(int delta) { off += delta; }
}
