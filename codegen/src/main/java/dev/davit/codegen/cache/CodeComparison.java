package dev.davit.codegen.cache;

import dev.davit.codegen.buffer.MachBufferFinalized;
import dev.davit.codegen.machinst.CompiledCode;
import java.util.Arrays;
import java.util.Objects;

/**
 * Field-for-field equality of {@link CompiledCode}. {@code MachBufferFinalized.equals} looks at the
 * bytes only, which is not enough to trust a cache hit: a relocation or trap table differing under
 * the same bytes would still be wrong code.
 */
public final class CodeComparison {
    private CodeComparison() {}

    public static boolean identical(CompiledCode a, CompiledCode b) { return firstDifference(a, b) == null; }

    /** The first field where {@code a} and {@code b} differ, described; null if none does. */
    public static String firstDifference(CompiledCode a, CompiledCode b) {
        if (a == b) return null;
        if (a == null || b == null) return "one side is null";
        if (a.frameSize() != b.frameSize()) return "frameSize " + a.frameSize() + " vs " + b.frameSize();
        if (a.numSpillSlots() != b.numSpillSlots()) return "numSpillSlots " + a.numSpillSlots() + " vs " + b.numSpillSlots();
        if (!Objects.equals(a.vcode(), b.vcode())) return "vcode text";
        MachBufferFinalized x = a.buffer(), y = b.buffer();
        if (x.codeSize() != y.codeSize()) return "codeSize " + x.codeSize() + " vs " + y.codeSize();
        if (!Arrays.equals(x.bytes(), y.bytes())) return "bytes";
        if (x.labelCount() != y.labelCount()) return "label count " + x.labelCount() + " vs " + y.labelCount();
        for (int i = 0; i < x.labelCount(); i++) {
            if (x.labelOffset(i) != y.labelOffset(i)) return "label " + i;
        }
        if (!x.traps().equals(y.traps())) return "traps " + x.traps() + " vs " + y.traps();
        if (!x.relocs().equals(y.relocs())) return "relocs " + x.relocs() + " vs " + y.relocs();
        if (!x.srclocs().equals(y.srclocs())) return "srclocs " + x.srclocs() + " vs " + y.srclocs();
        if (!x.callSites().equals(y.callSites())) return "call sites " + x.callSites() + " vs " + y.callSites();
        return null;
    }
}
