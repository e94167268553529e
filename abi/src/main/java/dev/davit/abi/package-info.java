/**
 * Calling conventions and frame layout: the ISA tables of which value goes where at a call
 * boundary, and the shape of a function's stack frame, as plain data for the backends.
 *
 * <p>Data flow. A backend picks a {@link dev.davit.abi.CallingConvention} for its ISA ({@link
 * dev.davit.abi.X64CallConv}, {@link dev.davit.abi.AArch64CallConv}, or {@link
 * dev.davit.abi.CallingConvention#forIsa}) with the shared settings that matter ({@link
 * dev.davit.abi.AbiFlags}). For the function being compiled and for every call site it calls
 * {@link dev.davit.abi.CallingConvention#compute} on the CLIF {@link dev.davit.ir.Signature}; the
 * resulting {@link dev.davit.abi.AbiSig} gives each parameter and return value an {@link
 * dev.davit.abi.AbiLocation} (an int: register, i128 register pair, stack offset, pointer to a
 * copy, or {@code sarg} area), the argument and return-area sizes, the hidden return-area pointer,
 * extensions, and the caller-saved / callee-saved / call-clobber {@link dev.davit.abi.RegSet}s the
 * register allocator needs. Lowering turns locations into argument moves and call operands.
 *
 * <p>After register allocation the backend fills a {@link dev.davit.abi.FrameRequest} (stack
 * slots, spill slots, the largest outgoing area, the registers written) and asks {@link
 * dev.davit.abi.CallingConvention#layoutFrame} for a {@link dev.davit.abi.FrameLayout}: offsets of
 * every slot from SP and FP, where each callee-save goes, how far SP moves, and what a {@code tail}
 * body pops. Emitting the prologue and epilogue instructions from it is the backend's job.
 *
 * <p>Registers are the shared ints {@code (class << 6) | hwEnc} ({@link dev.davit.abi.Regs});
 * register sets use the allocator's three-word layout. Nothing here allocates per value beyond
 * the result arrays, so both calls are cheap enough to run per function and per call site.
 *
 * <p>Sources: System V AMD64 psABI §3.2 ("Function Calling Sequence"), the Microsoft x64 calling
 * convention, AAPCS64 §6 ("The Base Procedure Call Standard"), Apple's "Writing ARM64 code for
 * Apple platforms", and, for {@code fast}, {@code tail}, {@code preserve_all}, i128 pairs and
 * return areas, what Cranelift's machinst ABI does.
 */
package dev.davit.abi;
