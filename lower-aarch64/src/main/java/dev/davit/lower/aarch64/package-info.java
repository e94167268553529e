/**
 * The AArch64 backend: {@link dev.davit.lower.aarch64.AArch64Backend} (the {@code aarch64}
 * {@link dev.davit.codegen.isa.TargetIsa}, found through {@link dev.davit.lower.aarch64.AArch64IsaProvider}),
 * its ISA flags ({@link dev.davit.lower.aarch64.AArch64Settings}) and function emission
 * ({@link dev.davit.lower.aarch64.AArch64FunctionEmitter}). Instructions, encodings and islands are
 * in {@code inst}, instruction selection in {@code lower}, the frame in {@code abi}.
 */
package dev.davit.lower.aarch64;
