/**
 * The mid-end, run between verification and lowering when {@code opt_level} is not {@code none}:
 * {@link dev.davit.codegen.opt.MidEnd} computes a value substitution (global value numbering of
 * pure instructions over the dominator tree, and algebraic identities) that
 * {@link dev.davit.codegen.machinst.Lower} applies as it reads operands, so the input function is
 * never modified.
 */
package dev.davit.codegen.opt;
