package dev.davit.lower.aarch64.inst;

/**
 * Two-input integer operations. Which instruction forms accept an op is checked by the records:
 * add/sub (and flag-setting) take every form, logical ops the logical-immediate and
 * shifted-register forms (BIC/ORN/EON/BICS the register forms only), the rest the plain
 * three-register form.
 */
public enum AArch64AluOp {
    ADD("add"), SUB("sub"), ADDS("adds"), SUBS("subs"),
    AND("and"), ORR("orr"), EOR("eor"), ANDS("ands"),
    BIC("bic"), ORN("orn"), EON("eon"), BICS("bics"),
    LSLV("lsl"), LSRV("lsr"), ASRV("asr"), RORV("ror"),
    SDIV("sdiv"), UDIV("udiv"),
    /** 64-bit only. */
    SMULH("smulh"),
    /** 64-bit only. */
    UMULH("umulh"),
    /** Add and subtract with the carry flag (three-register form only): the high halves of i128 arithmetic. */
    ADC("adc"), ADCS("adcs"), SBC("sbc"), SBCS("sbcs");

    private final String mnemonic;

    AArch64AluOp(String mnemonic) {
        this.mnemonic = mnemonic;
    }

    public String mnemonic() {
        return mnemonic;
    }

    public boolean isAddSub() {
        return ordinal() <= SUBS.ordinal();
    }

    public boolean isLogical() {
        return ordinal() >= AND.ordinal() && ordinal() <= BICS.ordinal();
    }

    /** Logical ops with an immediate form (AND/ORR/EOR/ANDS). */
    public boolean hasImmLogicForm() {
        return ordinal() >= AND.ordinal() && ordinal() <= ANDS.ordinal();
    }

    /** Whether the op reads the carry flag (ADC, ADCS, SBC, SBCS). */
    public boolean readsCarry() {
        return ordinal() >= ADC.ordinal();
    }

    public boolean setsFlags() {
        return this == ADDS || this == SUBS || this == ANDS || this == BICS || this == ADCS || this == SBCS;
    }
}
