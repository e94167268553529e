package dev.davit.lower.x64.inst;

/**
 * SSE/SSE2 operations on the low lane of XMM registers (and the packed logic ones, used on scalars
 * for sign masks), all {@code [prefix] 0F op /r} with the XMM destination in ModRM.reg (Intel SDM
 * vol. 2A/2B, under each mnemonic). The mandatory prefix selects the type: none = single packed,
 * 66 = double packed, F3 = single scalar, F2 = double scalar (SDM vol. 2A §2.1.2 and Table A-3).
 * {@code memSize} is the width of a memory operand, which is what GNU as prints the PTR size of.
 */
public enum X64SseOp {
    ADDSS(X64Emitter.PF3, 0x58, "DWORD"), ADDSD(X64Emitter.PF2, 0x58, "QWORD"),
    SUBSS(X64Emitter.PF3, 0x5C, "DWORD"), SUBSD(X64Emitter.PF2, 0x5C, "QWORD"),
    MULSS(X64Emitter.PF3, 0x59, "DWORD"), MULSD(X64Emitter.PF2, 0x59, "QWORD"),
    DIVSS(X64Emitter.PF3, 0x5E, "DWORD"), DIVSD(X64Emitter.PF2, 0x5E, "QWORD"),
    MINSS(X64Emitter.PF3, 0x5D, "DWORD"), MINSD(X64Emitter.PF2, 0x5D, "QWORD"),
    MAXSS(X64Emitter.PF3, 0x5F, "DWORD"), MAXSD(X64Emitter.PF2, 0x5F, "QWORD"),
    SQRTSS(X64Emitter.PF3, 0x51, "DWORD"), SQRTSD(X64Emitter.PF2, 0x51, "QWORD"),
    ANDPS(0, 0x54, "XMMWORD"), ANDPD(X64Emitter.P66, 0x54, "XMMWORD"),
    ANDNPS(0, 0x55, "XMMWORD"), ANDNPD(X64Emitter.P66, 0x55, "XMMWORD"),
    ORPS(0, 0x56, "XMMWORD"), ORPD(X64Emitter.P66, 0x56, "XMMWORD"),
    XORPS(0, 0x57, "XMMWORD"), XORPD(X64Emitter.P66, 0x57, "XMMWORD"),
    CVTSS2SD(X64Emitter.PF3, 0x5A, "DWORD"), CVTSD2SS(X64Emitter.PF2, 0x5A, "QWORD"),
    UCOMISS(0, 0x2E, "DWORD"), UCOMISD(X64Emitter.P66, 0x2E, "QWORD"),
    MOVAPS(0, 0x28, "XMMWORD"),
    // Loads; the store forms are the next opcode (11), see X64Inst.XmmStore.
    MOVSS(X64Emitter.PF3, 0x10, "DWORD"), MOVSD(X64Emitter.PF2, 0x10, "QWORD");

    private final int prefix;
    private final int opcode;
    private final String memSize;

    X64SseOp(int prefix, int opcode, String memSize) {
        this.prefix = prefix;
        this.opcode = opcode;
        this.memSize = memSize;
    }

    int prefix() {
        return prefix;
    }

    /** The two-byte opcode {@code 0F op}. */
    int opcode() {
        return 0x0F00 | opcode;
    }

    String memSize() {
        return memSize;
    }

    public String mnemonic() {
        return name().toLowerCase();
    }
}
