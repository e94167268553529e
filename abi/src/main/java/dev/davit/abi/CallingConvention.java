package dev.davit.abi;

import dev.davit.ir.CallConv;
import dev.davit.ir.Signature;

/**
 * The calling conventions of one ISA: lowers signatures to {@link AbiSig}s and lays out frames.
 * Implementations are immutable and thread-safe; build one per ISA and flag set, then call
 * {@link #compute} once per function and per call site.
 */
public interface CallingConvention {
    /** The ISA name as CLIF {@code target} lines spell it. */
    String isaName();

    /** Whether {@link #compute} accepts signatures with this convention. */
    boolean supports(CallConv cc);

    /**
     * Lowers a signature: parameter and return locations, stack sizes, extensions and register
     * sets.
     *
     * @throws UnsupportedAbiException for types, purposes or conventions this ISA cannot pass, and
     *     for returns that overflow the return registers when the implicit return area is off
     */
    AbiSig compute(Signature sig);

    /** The convention's caller-saved registers: what a call to such a function may destroy. */
    RegSet callerSaved(CallConv cc);

    /** The convention's callee-saved registers (before per-signature adjustments, see {@link AbiSig#calleeSaved()}). */
    RegSet calleeSaved(CallConv cc);

    /** Assembly name of a PReg ({@code rax}, {@code xmm3}, {@code x19}, {@code v8}). */
    String regName(int preg);

    /** Lays out the frame of a body with signature {@code sig}. */
    FrameLayout layoutFrame(AbiSig sig, FrameRequest request);

    /** The conventions of {@code x86_64} or {@code aarch64} (also {@code x64}, {@code arm64}). */
    static CallingConvention forIsa(String isa, AbiFlags flags) {
        return switch (isa) {
            case "x86_64", "x64", "x86-64" -> new X64CallConv(flags);
            case "aarch64", "arm64" -> new AArch64CallConv(flags);
            default -> throw new IllegalArgumentException("no calling conventions for ISA " + isa);
        };
    }
}
