package dev.davit.lower.x64.inst;

/**
 * The eight classic ALU operations. In every form the opcode is {@code base + k} and the ModRM
 * /digit of the immediate forms (80/81/83) is {@code base >> 3} (Intel SDM vol. 2A, ADD/OR/ADC/
 * SBB/AND/SUB/XOR/CMP pages, and Table A-6 group 1).
 */
public enum X64AluOp {
    ADD(0x00), OR(0x08), ADC(0x10), SBB(0x18), AND(0x20), SUB(0x28), XOR(0x30), CMP(0x38);

    private final int base;

    X64AluOp(int base) {
        this.base = base;
    }

    public int base() {
        return base;
    }

    public int digit() {
        return base >> 3;
    }

    public String mnemonic() {
        return name().toLowerCase();
    }
}
