package dev.davit.regalloc;

import java.util.ArrayList;
import java.util.List;

/**
 * Quick allocator throughput on random programs (not a unit test): run with
 * {@code java -cp target/classes:target/test-classes:<fastutil> dev.davit.regalloc.BenchMain [maxBlocks maxInsts count repeat]}.
 * {@link BenchSizes} times the size classes (trivial, small, medium, large) separately.
 */
public final class BenchMain {
    public static void main(String[] args) {
        int maxBlocks = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int maxInsts = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int repeat = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        MachineEnv env = Harness.x64Like();
        RegAllocator.Options opts = new RegAllocator.Options(args.length > 4 && args[4].equals("split"));
        List<RegFunction> fs = new ArrayList<>();
        for (long s = 0; s < count; s++) fs.add(RandomProgram.generate(s, env, maxBlocks, maxInsts));
        System.out.println("allocate:         " + Bench.run(fs, env, opts, repeat, repeat, false));
        for (int ek = 0; ek < 4; ek++) {
            MachineEnv e2 = AllocatorPropertiesTest.env(ek);
            long moves = 0, mem = 0;
            for (long sd = 0; sd < count; sd++) {
                RegFunction f = RandomProgram.generate(sd, e2, maxBlocks, maxInsts);
                Output o = RegAllocator.allocate(f, e2, opts);
                long[] cnt = new long[f.numInsts()];
                Interp.runVRegs(f, cnt);
                for (int e = 0; e < o.numEdits(); e++) {
                    long c = cnt[o.editInst(e)];
                    moves += c;
                    if (Allocation.isStack(o.editFrom(e)) || Allocation.isStack(o.editTo(e))) mem += c;
                }
                for (int i = 0; i < f.numInsts(); i++) {
                    for (int k = 0; k < f.numOperands(i); k++) {
                        if (Allocation.isStack(o.alloc(i, k)) && Operand.constraint(f.operand(i, k)) != Operand.STACK) mem += cnt[i];
                    }
                }
            }
            System.out.println("env" + ek + " dynamic moves " + moves + ", memory accesses " + mem);
        }
        System.out.println("allocate + check: " + Bench.run(fs, env, opts, 2, Math.max(1, repeat / 4), true));
    }
}
