/**
 * The CLIF intermediate representation: types ({@link dev.davit.ir.Type}), the opcode table
 * ({@link dev.davit.ir.Opcode}, {@link dev.davit.ir.Format}, {@link dev.davit.ir.OpConstraints}),
 * and functions. A {@link dev.davit.ir.Function} is a {@link dev.davit.ir.FunctionStencil} (all that
 * compilation reads: signature, preamble entities, {@link dev.davit.ir.DataFlowGraph},
 * {@link dev.davit.ir.Layout}, relative source locations) plus {@link dev.davit.ir.FunctionParameters}
 * (base source location, user external names). Entities are dense int handles into primitive
 * arrays. Text comes in through {@code dev.davit.ir.reader}, goes out through
 * {@code dev.davit.ir.writer}; {@code dev.davit.ir.verifier} checks a function and
 * {@code dev.davit.ir.interpreter} runs it.
 */
package dev.davit.ir;
