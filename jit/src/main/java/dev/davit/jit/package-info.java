/**
 * Running machine code in this process. A backend's output becomes a {@link dev.davit.jit.ModuleImage}
 * (code bytes of one or more functions, their entry offsets, read-only data, and
 * {@link dev.davit.jit.Reloc}s naming other functions, outside symbols or the data);
 * {@link dev.davit.jit.JitModule#load} maps it into {@link dev.davit.jit.ExecutableMemory}
 * (read+write pages from {@code mmap}), resolves outside symbols through a
 * {@link java.lang.foreign.SymbolLookup}, patches the relocations (adding veneers for calls that
 * cannot reach and GOT slots where asked), then seals it with {@code mprotect}: code read+execute,
 * data read-only, never writable and executable at once. {@link dev.davit.jit.NativeCall} turns a
 * CLIF {@link dev.davit.ir.Signature} into a native-linker downcall taking and returning
 * {@link dev.davit.ir.DataValue}s. Everything here trusts the code: a trap kills the JVM. Code that
 * may trap is run through {@code dev.davit.jit.isolated}. Linux on x86-64 (and, untested, AArch64).
 */
package dev.davit.jit;
