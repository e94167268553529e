/**
 * Running AArch64 machine code on any Linux host through qemu-user ({@code qemu-aarch64}), so the
 * AArch64 backend can be tested on x86-64 machines and in CI without an AArch64 C toolchain.
 *
 * <p>{@link dev.davit.jit.qemu.QemuRunner} takes a {@link dev.davit.jit.ModuleImage} and a batch of
 * calls; {@link dev.davit.jit.qemu.AArch64ElfWriter} turns the relocated module, a small harness of
 * hand-written machine code and a call table into a static ELF executable of its own; qemu runs it
 * once per batch (not once per call, since starting the emulator costs far more than the calls);
 * the harness writes one record per finished call to stdout, so a trap, which kills the process,
 * still leaves the results of the calls before it and says which call trapped. Outcomes are the
 * same {@link dev.davit.jit.isolated.CallOutcome}s the in-process isolated executor reports.
 *
 * <p>There is no libc in the executable, so relocations to outside symbols cannot be resolved;
 * return values must fit in registers (x0..x7, v0..v7). {@link dev.davit.jit.qemu.Listing} keeps
 * hand-written AArch64 code next to its assembly so tests can check it against GNU as.
 */
package dev.davit.jit.qemu;
