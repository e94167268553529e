/**
 * A register allocator that knows nothing of CLIF or of any ISA, in the spirit of regalloc2.
 *
 * <p>Data flow: a client describes its machine code through {@link dev.davit.regalloc.RegFunction}
 * (blocks, block parameters and branch arguments, and per instruction its {@link
 * dev.davit.regalloc.Operand}s encoded as longs, clobbers and a move flag) and its registers through
 * {@link dev.davit.regalloc.MachineEnv}. {@link dev.davit.regalloc.RegAllocator#allocate} (the
 * work is done in the package-private {@code LinearScan}, whose working arrays a {@code
 * RegAllocator} instance keeps from function to function) computes liveness and live ranges,
 * assigns registers by a linear scan with eviction and spilling, splits spilled values around the
 * operands that need registers (optionally splits intervals too), resolves the moves each
 * program point needs as parallel moves ({@code ParallelMoves}), and returns an {@link
 * dev.davit.regalloc.Output}: one {@link dev.davit.regalloc.Allocation} (an int) per operand, the
 * moves to insert before and after instructions, the spill slots used, and statistics. Registers
 * are ints too ({@link dev.davit.regalloc.PReg}, {@link dev.davit.regalloc.VReg}); register
 * classes are disjoint register files (an ISA whose floats and vectors share registers should use
 * one class for both). {@link dev.davit.regalloc.FunctionBuilder} builds an array-backed function
 * for tests and tools, {@link dev.davit.regalloc.Bench} measures throughput, and {@code
 * dev.davit.regalloc.checker} verifies an output independently of the allocator.
 */
package dev.davit.regalloc;
