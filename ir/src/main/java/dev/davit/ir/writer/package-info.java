/**
 * The CLIF text writer: {@link dev.davit.ir.writer.FunctionWriter} prints a
 * {@link dev.davit.ir.Function} exactly as Cranelift's {@code write_function} does (and one
 * instruction as {@code display_inst} does), so printed functions can be compared with Cranelift's
 * expected output and read back by {@code dev.davit.ir.reader} to an identical function.
 * {@link dev.davit.ir.writer.ImmFormat} holds Cranelift's spellings of immediates (hex grouping,
 * signed offsets, exact hex floats).
 *
 * <p>Data flows one way: the writer only reads the function, in layout order, and builds one
 * string.
 */
package dev.davit.ir.writer;
