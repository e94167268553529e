package dev.davit.abi;

import dev.davit.ir.AbiParam;
import dev.davit.ir.Type;
import java.util.List;

/**
 * Scratch state while one list (parameters or returns) is assigned: the locations so far and the
 * stack cursor. Shared by the ISA conventions, which only differ in the register rules.
 */
final class Lowering {
    /** Value classes, decided from the CLIF type alone. */
    static final int C_INT = 0, C_I128 = 1, C_FLOAT = 2;

    final int[] locs;
    final int[] bytes;
    final byte[] ext;
    int stack;

    Lowering(int n, int stackStart) {
        locs = new int[n];
        bytes = new int[n];
        ext = new byte[n];
        stack = stackStart;
    }

    /** Reserves {@code size} bytes at the next multiple of {@code align}; returns the offset. */
    int spill(int size, int align) {
        long off = ((long) stack + align - 1) & -(long) align;
        long end = off + size;
        if (end > AbiLocation.MAX_OFFSET) {
            throw new UnsupportedAbiException("stack argument area exceeds the 128 MiB limit");
        }
        stack = (int) end;
        return (int) off;
    }

    int alignedSize() {
        return alignTo(stack, 16);
    }

    static int alignTo(int v, int a) {
        return (v + a - 1) & -a;
    }

    /**
     * The class of a value type. Vectors wider than 128 bits and dynamic vectors have no rule in
     * either convention we implement (they would need AVX/SVE register files), so they are refused.
     */
    static int classify(Type t) {
        if (t.isDynamic()) throw new UnsupportedAbiException("dynamic vector type " + t + " at an ABI boundary");
        if (t.isInt()) return t.bits() == 128 ? C_I128 : C_INT;
        if (t.isFloat()) return C_FLOAT;
        if (t.bits() <= 128) return C_FLOAT;
        throw new UnsupportedAbiException("vector type " + t + " wider than 128 bits at an ABI boundary");
    }

    static int indexOfPurpose(List<AbiParam> list, AbiParam.Purpose purpose) {
        int found = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).purpose() == purpose) {
                if (found >= 0) throw new UnsupportedAbiException("more than one " + purpose.text() + " value");
                found = i;
            }
        }
        return found;
    }

    static int[] noBuffers(int n) {
        int[] b = new int[n];
        java.util.Arrays.fill(b, -1);
        return b;
    }
}
