package dev.davit.lower.aarch64.inst;

/**
 * The single-instruction atomic read-modify-writes of FEAT_LSE (Arm ARM C6.2 LDADD, LDCLR,
 * LDEOR, LDSET, LDSMAX, LDSMIN, LDUMAX, LDUMIN, SWP), each used in its acquire-release form:
 * {@code o3} and {@code opc} are their encoding fields. LDCLR clears the operand's bits (an and
 * of its complement).
 */
public enum AArch64LseOp {
    LDADD("ldadd", 0, 0b000), LDCLR("ldclr", 0, 0b001), LDEOR("ldeor", 0, 0b010), LDSET("ldset", 0, 0b011),
    LDSMAX("ldsmax", 0, 0b100), LDSMIN("ldsmin", 0, 0b101), LDUMAX("ldumax", 0, 0b110), LDUMIN("ldumin", 0, 0b111),
    SWP("swp", 1, 0b000);

    private final String mnemonic;
    private final int o3;
    private final int opc;

    AArch64LseOp(String mnemonic, int o3, int opc) {
        this.mnemonic = mnemonic;
        this.o3 = o3;
        this.opc = opc;
    }

    public String mnemonic() {
        return mnemonic;
    }

    public int o3() {
        return o3;
    }

    public int opc() {
        return opc;
    }
}
