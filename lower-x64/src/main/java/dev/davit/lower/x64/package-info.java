/**
 * The x86-64 backend: {@link dev.davit.lower.x64.X64IsaProvider} registers it, {@link
 * dev.davit.lower.x64.X64Backend} is the configured target (flags from {@link
 * dev.davit.lower.x64.X64Settings}) that runs the shared pipeline with the x86-64 instruction
 * selector ({@code lower/}, ISLE rules), registers and frame ({@code abi/}), and emits through
 * {@link dev.davit.lower.x64.X64FunctionEmitter} and the encoder in {@code inst/}.
 */
package dev.davit.lower.x64;
