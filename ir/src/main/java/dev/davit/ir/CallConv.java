package dev.davit.ir;

/** Calling conventions a signature may name. */
public enum CallConv {
    FAST("fast"), TAIL("tail"), SYSTEM_V("system_v"), WINDOWS_FASTCALL("windows_fastcall"),
    APPLE_AARCH64("apple_aarch64"), PROBESTACK("probestack"), WINCH("winch"), PRESERVE_ALL("preserve_all");

    private final String text;
    private static final CallConv[] VALUES = values();

    CallConv(String text) { this.text = text; }

    public static CallConv of(int ordinal) { return VALUES[ordinal]; }

    public static CallConv byName(String s) {
        for (CallConv c : VALUES) if (c.text.equals(s)) return c;
        return null;
    }

    public String text() { return text; }

    @Override public String toString() { return text; }
}
