package dev.davit.ir;

/** A user-defined external name: a namespace and an index, written {@code uNS:IDX}. */
public record UserExternalName(int namespace, int index) {
    public String text() { return "u" + Integer.toUnsignedString(namespace) + ":" + Integer.toUnsignedString(index); }

    @Override public String toString() { return text(); }
}
