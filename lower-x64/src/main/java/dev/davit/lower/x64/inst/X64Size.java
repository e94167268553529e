package dev.davit.lower.x64.inst;

/** Operand size of an integer instruction. */
public enum X64Size {
    S8(1, "BYTE"), S16(2, "WORD"), S32(4, "DWORD"), S64(8, "QWORD");

    private final int bytes;
    private final String ptr;

    X64Size(int bytes, String ptr) {
        this.bytes = bytes;
        this.ptr = ptr;
    }

    public int bytes() {
        return bytes;
    }

    public int bits() {
        return bytes * 8;
    }

    /** Intel-syntax memory size keyword ({@code BYTE}, ..., {@code QWORD}). */
    public String ptr() {
        return ptr;
    }

    public static X64Size ofBytes(int n) {
        return switch (n) {
            case 1 -> S8;
            case 2 -> S16;
            case 4 -> S32;
            case 8 -> S64;
            default -> throw new IllegalArgumentException("operand size " + n);
        };
    }
}
