/**
 * The CLIF text reader: Cranelift's {@code .clif} format (as of Cranelift 0.136) into
 * {@link dev.davit.ir.Function}s.
 *
 * <p>Data flows {@link dev.davit.ir.reader.Lexer} (chars to tokens, no allocation per token) →
 * {@link dev.davit.ir.reader.Parser} (tokens to a function, building the
 * {@link dev.davit.ir.DataFlowGraph} and {@link dev.davit.ir.Layout} directly and keeping the
 * source's entity numbers) → {@link dev.davit.ir.reader.TestFile} (test commands, ISA lines,
 * functions with {@link dev.davit.ir.reader.FunctionDetails}: positions and comments attached to
 * entities). Immediate spellings are decoded by {@link dev.davit.ir.reader.Literals} with
 * Cranelift's rules. {@link dev.davit.ir.reader.RunCommand} reads the {@code run:}/{@code print:}
 * comments of run tests once the caller knows the callee's signature.
 *
 * <p>The public entry point is {@link dev.davit.ir.reader.ClifParser}; every failure is a
 * {@link dev.davit.ir.reader.ParseError} with {@code file:line:column}. The reader checks syntax
 * and references only; type and structure checks are the verifier's.
 */
package dev.davit.ir.reader;
