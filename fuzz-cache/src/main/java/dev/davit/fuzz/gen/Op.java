package dev.davit.fuzz.gen;

/** What one generated instruction does; rendering decides its operands. */
public enum Op {
    ICONST, IADD, ISUB, IMUL, BAND, BOR, BXOR, ISHL, USHR, SSHR, ROTL, INEG, UMAX, ICMP, CLZ,
    SELECT, EXTEND, STACK_STORE, STACK_LOAD, STACK_ADDR, CALL;

    /** Binary operations on two values of the controlling type (shifts take any second type). */
    public boolean isBinary() { return ordinal() >= IADD.ordinal() && ordinal() <= ROTL.ordinal(); }

    public boolean hasImmediate() { return this == ICONST; }

    public String clif() { return name().toLowerCase(); }
}
