/**
 * The machine-code buffer every backend emits into. An ISA emitter appends bytes to a
 * {@link dev.davit.codegen.buffer.MachBuffer}, binds int labels at block starts, records label uses
 * of its own {@link dev.davit.codegen.buffer.LabelUse} kinds, and tells the buffer which byte ranges
 * are branches; the buffer simplifies branches as labels are bound, collects traps, relocations,
 * source-location ranges, call sites and pool constants, and {@code finish()} patches every label
 * use and returns an immutable {@link dev.davit.codegen.buffer.MachBufferFinalized}.
 */
package dev.davit.codegen.buffer;
