package dev.davit.ir;

/** Integer comparison condition codes, in CLIF text order. */
public enum IntCC {
    EQ, NE, SLT, SGE, SGT, SLE, ULT, UGE, UGT, ULE;

    private static final IntCC[] VALUES = values();

    public static IntCC of(int ordinal) { return VALUES[ordinal]; }

    /** The condition code with this text name, or null. */
    public static IntCC byName(String s) {
        for (IntCC c : VALUES) if (c.text().equals(s)) return c;
        return null;
    }

    public String text() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** The condition that holds exactly when this one does not. */
    public IntCC inverse() {
        return switch (this) {
            case EQ -> NE; case NE -> EQ; case SLT -> SGE; case SGE -> SLT; case SGT -> SLE; case SLE -> SGT;
            case ULT -> UGE; case UGE -> ULT; case UGT -> ULE; case ULE -> UGT;
        };
    }

    /** The condition with operands swapped. */
    public IntCC swapArgs() {
        return switch (this) {
            case EQ -> EQ; case NE -> NE; case SLT -> SGT; case SGE -> SLE; case SGT -> SLT; case SLE -> SGE;
            case ULT -> UGT; case UGE -> ULE; case UGT -> ULT; case ULE -> UGE;
        };
    }

    @Override public String toString() { return text(); }
}
