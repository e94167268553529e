/**
 * The ISLE language (Cranelift's instruction-selection rule language, with its syntax and
 * meaning): grammar, syntax tree and semantic analysis. It is used at build time only.
 *
 * <p>Data flows {@link dev.davit.isle.IsleReader} (the ANTLR grammar {@code Isle.g4} parses text
 * into {@link dev.davit.isle.Ast} forms with positions) → {@link dev.davit.isle.Sema} (names and
 * types resolved, patterns and expressions typed, internal extractors expanded, {@code convert}
 * terms inserted, purity, {@code multi} and recursion checked, giving a
 * {@link dev.davit.isle.Program}) → {@link dev.davit.isle.Lowering} (each term's rules as flat
 * match steps over shared bindings; overlap check). {@link dev.davit.isle.IsleFrontend} runs the
 * whole chain on the files of one unit.
 *
 * <p>Errors are {@link dev.davit.isle.Diagnostic}s, printed {@code file:line:column: message};
 * every phase records all of its errors and goes on, and no input makes the front end throw.
 * Verification forms ({@code spec}, {@code model}, {@code form}, {@code instantiate}) are parsed
 * and kept in {@link dev.davit.isle.Program#verification} but have no effect.
 */
package dev.davit.isle;
