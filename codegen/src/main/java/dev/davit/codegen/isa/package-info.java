/**
 * Targets: {@link dev.davit.codegen.isa.TargetIsa} is one configured backend;
 * {@link dev.davit.codegen.isa.IsaRegistry} finds backends ({@link dev.davit.codegen.isa.IsaProvider},
 * registered through {@code ServiceLoader}) by the name on a {@code target} line and applies the
 * line's flags.
 */
package dev.davit.codegen.isa;
