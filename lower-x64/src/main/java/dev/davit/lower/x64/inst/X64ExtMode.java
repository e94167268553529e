package dev.davit.lower.x64.inst;

/** Source and destination widths of a zero or sign extension: B=8, W=16, L=32, Q=64 bits. */
public enum X64ExtMode {
    BW(X64Size.S8, X64Size.S16), BL(X64Size.S8, X64Size.S32), BQ(X64Size.S8, X64Size.S64),
    WL(X64Size.S16, X64Size.S32), WQ(X64Size.S16, X64Size.S64), LQ(X64Size.S32, X64Size.S64);

    private final X64Size from;
    private final X64Size to;

    X64ExtMode(X64Size from, X64Size to) {
        this.from = from;
        this.to = to;
    }

    public X64Size from() {
        return from;
    }

    public X64Size to() {
        return to;
    }
}
