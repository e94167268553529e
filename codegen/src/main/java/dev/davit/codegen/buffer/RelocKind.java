package dev.davit.codegen.buffer;

/** Relocation kinds against external names, named after Cranelift's. */
public enum RelocKind {
    /** Absolute 4-byte address. */
    Abs4,
    /** Absolute 8-byte address. */
    Abs8,
    /** x86 PC-relative 4-byte (RIP-relative data reference). */
    X86PCRel4,
    /** x86 call to a function, PC-relative 4-byte. */
    X86CallPCRel4,
    /** x86 call through the PLT, PC-relative 4-byte. */
    X86CallPLTRel4,
    /** x86 GOT entry, PC-relative 4-byte. */
    X86GOTPCRel4,
    /** AArch64 bl, 26-bit word offset. */
    Arm64Call,
    /** AArch64 adrp, page of the symbol. */
    Aarch64AdrPrelPgHi21,
    /** AArch64 add, low 12 bits of the symbol. */
    Aarch64AddAbsLo12Nc,
}
