package dev.davit.lower.x64.inst;

/**
 * Condition codes in their 4-bit encoding (Intel SDM vol. 2, Appendix B.1.4.7, Table B-10): the
 * value is added to the Jcc/SETcc/CMOVcc base opcode, and flipping the low bit negates the
 * condition, which is what {@link #invert()} relies on.
 */
public enum X64CC {
    O("o"), NO("no"), B("b"), AE("ae"), Z("e"), NZ("ne"), BE("be"), A("a"),
    S("s"), NS("ns"), P("p"), NP("np"), L("l"), GE("ge"), LE("le"), G("g");

    private final String suffix;

    X64CC(String suffix) {
        this.suffix = suffix;
    }

    /** Encoding 0..15. */
    public int enc() {
        return ordinal();
    }

    public X64CC invert() {
        return values()[ordinal() ^ 1];
    }

    /** Mnemonic suffix as in {@code j<suffix>}, {@code set<suffix>}, {@code cmov<suffix>}. */
    public String suffix() {
        return suffix;
    }
}
