package dev.davit.regalloc;

/** Register classes. The ordinal is part of the {@link PReg} and {@link VReg} encodings. */
public enum RegClass {
    INT, FLOAT, VECTOR;

    private static final RegClass[] VALUES = values();

    /** The class with the given ordinal (0..2). */
    public static RegClass of(int ordinal) {
        return VALUES[ordinal];
    }
}
