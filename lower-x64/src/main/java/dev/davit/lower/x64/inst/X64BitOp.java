package dev.davit.lower.x64.inst;

/**
 * Bit-counting unary operations {@code op dst, r/m}. LZCNT, TZCNT and POPCNT are F3-prefixed
 * (Intel SDM vol. 2A LZCNT, vol. 2B POPCNT, TZCNT); without the prefix 0F BD/BC decode as BSR/BSF
 * on processors lacking the feature, which is why the lowering must check the ISA flags.
 */
public enum X64BitOp {
    LZCNT(true, 0x0FBD), TZCNT(true, 0x0FBC), POPCNT(true, 0x0FB8), BSR(false, 0x0FBD), BSF(false, 0x0FBC);

    private final boolean f3;
    private final int opcode;

    X64BitOp(boolean f3, int opcode) {
        this.f3 = f3;
        this.opcode = opcode;
    }

    boolean f3() {
        return f3;
    }

    int opcode() {
        return opcode;
    }

    public String mnemonic() {
        return name().toLowerCase();
    }
}
