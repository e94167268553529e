/**
 * x86-64 machine instructions: registers ({@link dev.davit.lower.x64.inst.X64Regs}), operand
 * types, the instruction records of {@link dev.davit.lower.x64.inst.X64Inst}, their encoder
 * {@link dev.davit.lower.x64.inst.X64Emitter} and the Intel-syntax
 * {@link dev.davit.lower.x64.inst.X64Printer}. Lowering builds records over virtual registers; the
 * register allocator reads and rewrites their operands through
 * {@link dev.davit.codegen.OperandVisitor}; the emitter then writes the (now physical) records into
 * a {@link dev.davit.codegen.buffer.MachBuffer}.
 */
package dev.davit.lower.x64.inst;
