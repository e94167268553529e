package dev.davit.lower.x64.inst;

/** Shifts and rotates; the value is the ModRM /digit of group 2 (Intel SDM vol. 2A, Table A-6). */
public enum X64ShiftKind {
    ROL(0), ROR(1), SHL(4), SHR(5), SAR(7);

    private final int digit;

    X64ShiftKind(int digit) {
        this.digit = digit;
    }

    public int digit() {
        return digit;
    }

    public String mnemonic() {
        return name().toLowerCase();
    }
}
