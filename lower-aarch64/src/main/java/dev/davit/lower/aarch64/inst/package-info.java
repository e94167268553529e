/**
 * AArch64 machine instructions: registers ({@link dev.davit.lower.aarch64.inst.AArch64Regs}),
 * operand types (addressing modes, conditions, shifted and extended register operands, the
 * logical-immediate and move-wide immediate encoders), the instruction records of
 * {@link dev.davit.lower.aarch64.inst.AArch64Inst}, their encoder
 * {@link dev.davit.lower.aarch64.inst.AArch64Emitter}, the GNU-as-syntax
 * {@link dev.davit.lower.aarch64.inst.AArch64Printer} and our disassembly of finished code,
 * {@link dev.davit.lower.aarch64.inst.AArch64Listing}. Lowering builds records over virtual
 * registers; the register allocator reads and rewrites their operands through
 * {@link dev.davit.codegen.OperandVisitor}; the emitter then writes the (now physical) records into
 * a {@link dev.davit.codegen.buffer.MachBuffer}, placing islands for short-range label uses.
 *
 * <p>Encodings cite the Arm Architecture Reference Manual for A-profile (DDI 0487): section C6.2
 * (A64 base instruction descriptions) by instruction title, since the numbers within C6.2 shift
 * between issues of the manual, and C4.1 (the encoding index) by instruction class.
 */
package dev.davit.lower.aarch64.inst;
