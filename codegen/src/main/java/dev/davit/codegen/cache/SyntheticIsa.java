package dev.davit.codegen.cache;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.buffer.RelocKind;
import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.codegen.settings.Flags;
import dev.davit.codegen.settings.SettingGroup;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.ExtFuncData;
import dev.davit.ir.ExternalName;
import dev.davit.ir.Function;
import dev.davit.ir.FunctionStencil;
import dev.davit.ir.Layout;
import dev.davit.ir.Opcode;
import dev.davit.ir.StackSlotData;
import dev.davit.ir.verifier.VerifierErrors;
import dev.davit.ir.verifier.Verifier;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * A stand-in backend whose "machine code" is derived deterministically from the stencil and the
 * flags: code bytes from a digest of both, a call with a PC-relative relocation naming the callee's
 * {@code UserExternalNameRef} for each {@code call}, a trap entry for each trapping instruction, a
 * source-location range for each located instruction (relative, as a stencil has it), a label per
 * block and a frame as large as the stack slots. It reads the function only in layout order and
 * never its {@code FunctionParameters}, as a real backend must, so the cache can be tested and fuzzed
 * before a real backend exists and exactly as it will be used with one.
 */
public final class SyntheticIsa implements TargetIsa {
    /** The ISA settings: two that exist only so tests can see flags change the key. */
    public static final SettingGroup SETTINGS = new SettingGroup("synthetic");
    public static final int HAS_WIDGETS = SETTINGS.bool("has_widgets", false, "A made-up ISA extension.");
    public static final int WIDGET_LEVEL = SETTINGS.num("widget_level", 0, "A made-up tuning number.");

    private final Flags shared;
    private final Flags isa;

    public SyntheticIsa() { this(SharedSettings.defaults(), SETTINGS.builder().build()); }

    public SyntheticIsa(Flags shared, Flags isa) {
        this.shared = shared;
        this.isa = isa;
    }

    @Override
    public String name() { return "synthetic"; }

    @Override
    public Flags sharedFlags() { return shared; }

    @Override
    public Flags isaFlags() { return isa; }

    @Override
    public CompiledCode compile(Function f, boolean keepVCode) throws CompileError {
        if (shared.bool(SharedSettings.ENABLE_VERIFIER)) {
            VerifierErrors errs = Verifier.verify(f, pointerType());
            if (!errs.isEmpty()) throw new CompileError(errs.toString());
        }
        FunctionStencil st = f.stencil();
        DataFlowGraph dfg = st.dfg();
        Layout layout = st.layout();
        byte[] seed = seed(st);

        MachBuffer b = new MachBuffer(false);
        int[] blockLabel = new int[dfg.numBlocks()];
        for (int blk = layout.firstBlock(); blk >= 0; blk = layout.nextBlock(blk)) blockLabel[blk] = b.getLabel();
        int stream = 0;
        for (int i = 0; i < 4; i++) b.put1(seed[i]);
        int position = 0;
        for (int blk = layout.firstBlock(); blk >= 0; blk = layout.nextBlock(blk)) {
            b.bindLabel(blockLabel[blk]);
            for (int inst = layout.firstInst(blk); inst >= 0; inst = layout.nextInst(inst), position++) {
                int rel = st.relSrcLoc(inst);
                if (rel != FunctionStencil.NO_SRCLOC) b.startSrcloc(rel);
                Opcode op = dfg.opcode(inst);
                switch (op) {
                    case CALL -> {
                        ExtFuncData ext = dfg.extFunc(dfg.ref(inst));
                        int name = ext != null && ext.name() instanceof ExternalName.User u ? u.ref() : -1;
                        b.put1(0xE8);
                        b.addReloc(RelocKind.X86CallPCRel4, name, -4);
                        b.put4(0);
                        b.addCallSite(position);
                    }
                    case TRAP, TRAPZ, TRAPNZ -> {
                        b.addTrap(dfg.aux(inst));
                        b.put1(0x0F);
                        b.put1(0x0B);
                    }
                    default -> {
                        int n = 1 + op.ordinal() % 5;
                        for (int k = 0; k < n; k++, stream++) {
                            b.put1(seed[stream & 31] ^ (stream * 0x9D) ^ op.ordinal());
                        }
                    }
                }
                if (rel != FunctionStencil.NO_SRCLOC) b.endSrcloc();
            }
        }
        int frame = 0;
        for (int s = 0; s < st.numStackSlots(); s++) {
            StackSlotData d = st.stackSlot(s);
            if (d != null) frame += d.size();
        }
        frame = (frame + 15) & ~15;
        String vcode = keepVCode ? "synthetic " + HexFormat.of().formatHex(seed) + " insts=" + position + "\n" : null;
        return new CompiledCode(b.finish(), frame, vcode, seed[5] & 3);
    }

    private byte[] seed(FunctionStencil st) {
        SHA256Digest d = new SHA256Digest();
        byte[] c = st.canonicalBytes();
        d.update(c, 0, c.length);
        byte[] fl = (shared.toString() + isa.toString()).getBytes(StandardCharsets.UTF_8);
        d.update(fl, 0, fl.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
