/**
 * The CLIF interpreter: the reference semantics compiled code is checked against.
 *
 * <p>{@link dev.davit.ir.interpreter.Interpreter} runs the functions of a file by name and returns
 * an {@link dev.davit.ir.interpreter.InterpreterResult} (values or trap); whatever it cannot model
 * raises an {@link dev.davit.ir.interpreter.InterpreterException} instead of guessing.
 * {@link dev.davit.ir.interpreter.RunTests} checks {@code ; run:} lines against it.
 *
 * <p>Execution decodes each function once into flat instruction records with operands resolved to
 * indices of a {@code long[]} value file, and dispatches on the interpreter's own operation codes,
 * so scalar instructions allocate nothing. Integer semantics follow Cranelift's definitions for
 * every width including i128; f32/f64 use Java's IEEE arithmetic and f16/f128 a correctly rounded
 * soft-float; memory is a simulated address space in which stack slots have real addresses.
 */
package dev.davit.ir.interpreter;
