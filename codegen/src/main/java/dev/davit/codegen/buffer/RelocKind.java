package dev.davit.codegen.buffer;

/**
 * Relocation kinds against external names, named after Cranelift's; the code buffer records them
 * and the JIT ({@code dev.davit.jit}) applies them. In each formula S is the target address, A the
 * addend and P the address of the patched field.
 */
public enum RelocKind {
    /** 32-bit absolute {@code S + A}; must fit in 32 bits unsigned or signed. */
    Abs4,
    /** 64-bit absolute {@code S + A}. */
    Abs8,
    /** x86 32-bit PC-relative {@code S + A - P}, e.g. a RIP-relative data reference. */
    X86PCRel4,
    /** x86 {@code call rel32}: {@code S + A - P}; out-of-range symbols go through a veneer. */
    X86CallPCRel4,
    /** As {@link #X86CallPCRel4} (the module's veneers play the PLT's part). */
    X86CallPLTRel4,
    /** x86 32-bit PC-relative to a GOT slot holding S: {@code GOT(S) + A - P}. */
    X86GOTPCRel4,
    /** AArch64 {@code b}/{@code bl}: 26-bit word offset {@code (S + A - P) >> 2}; far symbols go through a veneer. */
    Arm64Call,
    /** AArch64 {@code adrp}: 21-bit page delta {@code Page(S + A) - Page(P)}. */
    Aarch64AdrPrelPgHi21,
    /** AArch64 {@code add} immediate: low 12 bits of {@code S + A}. */
    Aarch64AddAbsLo12Nc;

    /** Whether a target out of reach may be routed through a veneer (only calls can). */
    public boolean isCall() {
        return this == X86CallPCRel4 || this == X86CallPLTRel4 || this == Arm64Call;
    }
}
