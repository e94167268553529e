package dev.davit.ir;

/** Floating-point comparison condition codes, in CLIF text order. */
public enum FloatCC {
    ORD("ord"), UNO("uno"), EQ("eq"), NE("ne"), ONE("one"), UEQ("ueq"), LT("lt"), LE("le"), GT("gt"), GE("ge"),
    ULT("ult"), ULE("ule"), UGT("ugt"), UGE("uge");

    private final String text;
    private static final FloatCC[] VALUES = values();

    FloatCC(String text) { this.text = text; }

    public static FloatCC of(int ordinal) { return VALUES[ordinal]; }

    public static FloatCC byName(String s) {
        for (FloatCC c : VALUES) if (c.text.equals(s)) return c;
        return null;
    }

    public String text() { return text; }

    @Override public String toString() { return text; }
}
