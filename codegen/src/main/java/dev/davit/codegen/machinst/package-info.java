/**
 * The machine-independent backend pipeline. {@link dev.davit.codegen.machinst.BlockLoweringOrder}
 * orders blocks and splits critical edges; {@link dev.davit.codegen.machinst.Lower} walks the CLIF
 * backwards and asks the ISA's {@link dev.davit.codegen.machinst.LowerBackend} (ISLE rules) for
 * machine instructions, building {@link dev.davit.codegen.machinst.VCode} on virtual registers; the
 * register allocator reads VCode as its {@code RegFunction};
 * {@link dev.davit.codegen.machinst.RegAllocApply} rewrites it onto physical registers with the
 * allocator's moves ({@link dev.davit.codegen.machinst.FinalCode}); the ISA's
 * {@link dev.davit.codegen.machinst.MachBackend} emits it into a {@code MachBuffer}.
 * {@link dev.davit.codegen.machinst.MachCompiler} runs the whole chain for one function.
 */
package dev.davit.codegen.machinst;
