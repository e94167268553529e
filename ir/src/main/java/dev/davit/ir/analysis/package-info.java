/**
 * Control-flow analyses over a {@link dev.davit.ir.Function}: the {@link
 * dev.davit.ir.analysis.ControlFlowGraph} (block predecessors and successors) and the {@link
 * dev.davit.ir.analysis.DominatorTree} (immediate dominators, CFG postorder, constant-time block
 * dominance). Both are immutable snapshots stored in int arrays indexed by block, computed in
 * near-linear time, and safe to compute on malformed functions, since the verifier is their first
 * user; recompute them after changing control flow.
 */
package dev.davit.ir.analysis;
