package dev.davit.jit;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the JIT needs, bound once through the native linker. Linux only: the
 * constants below are Linux's (they differ on macOS and the BSDs).
 */
// Restricted FFM methods (raw addresses, downcalls) are what this class is for.
@SuppressWarnings("restricted")
final class Posix {
    static final int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    private static final int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20;
    private static final int SC_PAGESIZE = 30;
    private static final long MAP_FAILED = -1L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle MMAP = bind("mmap", FunctionDescriptor.of(ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle MPROTECT = bind("mprotect", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle MUNMAP = bind("munmap", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle SYSCONF = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("sysconf"),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

    static final long PAGE_SIZE = pageSize();

    private Posix() {}

    private static MethodHandle bind(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), fd,
                Linker.Option.captureCallState("errno"));
    }

    private static long pageSize() {
        try {
            long p = (long) SYSCONF.invokeExact(SC_PAGESIZE);
            return p > 0 ? p : 4096;
        } catch (Throwable t) {
            throw new ExceptionInInitializerError(t);
        }
    }

    static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux");
    }

    /** Fresh private anonymous read+write pages, {@code size} a multiple of the page size. */
    static long mmap(long size) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment r = (MemorySegment) MMAP.invokeExact(st, MemorySegment.NULL, size,
                    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
            if (r.address() == MAP_FAILED || r.address() == 0)
                throw new JitException("mmap of " + size + " bytes failed: errno " + (int) ERRNO.get(st, 0L));
            return r.address();
        } catch (JitException e) {
            throw e;
        } catch (Throwable t) {
            throw new JitException("mmap failed", t);
        }
    }

    static void mprotect(long addr, long size, int prot) {
        if (size == 0) return;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int r = (int) MPROTECT.invokeExact(st, MemorySegment.ofAddress(addr), size, prot);
            if (r != 0)
                throw new JitException("mprotect(" + Long.toHexString(addr) + ", " + size + ", " + prot
                        + ") failed: errno " + (int) ERRNO.get(st, 0L));
        } catch (JitException e) {
            throw e;
        } catch (Throwable t) {
            throw new JitException("mprotect failed", t);
        }
    }

    static void munmap(long addr, long size) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            int r = (int) MUNMAP.invokeExact(st, MemorySegment.ofAddress(addr), size);
            if (r != 0) throw new JitException("munmap failed: errno " + (int) ERRNO.get(st, 0L));
        } catch (JitException e) {
            throw e;
        } catch (Throwable t) {
            throw new JitException("munmap failed", t);
        }
    }

    static long roundUpToPage(long n) {
        return (n + PAGE_SIZE - 1) & -PAGE_SIZE;
    }
}
