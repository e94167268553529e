/**
 * The symbolic allocation checker. {@link dev.davit.regalloc.checker.Checker#check} takes the
 * function, the machine environment and the allocator's {@link dev.davit.regalloc.Output}, runs a
 * forward dataflow over the CFG whose state maps every register and spill slot to the vregs it
 * holds (edits copy, defs write, clobbers forget, edges bind block parameters, joins intersect),
 * and then checks every use and every constraint, throwing a
 * {@link dev.davit.regalloc.checker.CheckerException} that names the instruction and operand.
 * Independent of the allocator's internals: it trusts nothing but the output.
 */
package dev.davit.regalloc.checker;
