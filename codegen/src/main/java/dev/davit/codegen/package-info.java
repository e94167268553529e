/**
 * Machinery shared by every backend. Instruction records of an ISA hold registers as plain
 * {@code int}s in the encoding of {@link dev.davit.codegen.Reg}; the register allocator learns
 * each instruction's register operands through {@link dev.davit.codegen.OperandVisitor} (with
 * constraints from {@link dev.davit.codegen.Operand}) and, through the same visit, writes the
 * allocated registers back. Emitters then write bytes into a
 * {@link dev.davit.codegen.buffer.MachBuffer}.
 */
package dev.davit.codegen;
