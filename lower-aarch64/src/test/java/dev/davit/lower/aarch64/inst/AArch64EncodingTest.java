package dev.davit.lower.aarch64.inst;

import dev.davit.codegen.testing.GnuBinutils;
import static dev.davit.lower.aarch64.inst.AArch64Regs.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.buffer.MachBufferFinalized;
import dev.davit.codegen.buffer.RelocKind;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SequencedSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every instruction form, over a spread of registers (x30 and register 31 as both sp and xzr
 * included), sizes, addressing modes and immediates, encodes to the bytes GNU {@code as} produces
 * for the printer's text. All cases go into one buffer and one assembly file, assembled once for
 * the class. Every bitmask immediate there is goes through {@code orr} (64-bit) and {@code and}
 * (32-bit).
 */
class AArch64EncodingTest {
    private static final AArch64Printer PRINTER = new AArch64Printer();
    private static final AArch64Size[] SIZES = AArch64Size.values();
    private static final AArch64Size S32 = AArch64Size.S32, S64 = AArch64Size.S64;

    private record Case(String group, String text, int start, int end) {}

    private static final MachBuffer BUF = new MachBuffer(false);
    private static final StringBuilder ASM = new StringBuilder();
    private static final List<Case> CASES = new ArrayList<>();
    private static final Map<String, Integer> GROUP_COUNTS = new LinkedHashMap<>();
    /** Pool constants in order of first use, as the buffer places them. */
    private static final SequencedSet<List<Long>> CONSTS = new LinkedHashSet<>();
    private static final SequencedSet<Integer> TRAPS = new LinkedHashSet<>();
    private static String group = "";
    private static int backLabel, fwdLabel;
    private static MachBufferFinalized ours;
    private static GnuBinutils.Result gas;
    private static int callSites;

    private static void add(AArch64Inst inst) {
        int start = BUF.curOffset();
        AArch64Emitter.emit(inst, BUF);
        assertTrue(BUF.curOffset() - start <= AArch64Emitter.worstCaseSize(inst), () -> "worst case of " + inst);
        String text = PRINTER.print(inst);
        ASM.append(text).append('\n');
        CASES.add(new Case(group, text, start, BUF.curOffset()));
        GROUP_COUNTS.merge(group, 1, Integer::sum);
        if (inst instanceof AArch64Inst.Load l && l.amode() instanceof AArch64Amode.Const(long v, int size)) {
            CONSTS.add(List.of(v, (long) size));
        }
        if (inst instanceof AArch64Inst.TrapIf t) {
            TRAPS.add(t.trapCode());
        }
        if (inst instanceof AArch64Inst.Call || inst instanceof AArch64Inst.CallInd) {
            callSites++;
        }
    }

    private static void bind(int label) {
        BUF.bindLabel(label);
        ASM.append(".L").append(label).append(":\n");
    }

    /** Register triples: every register (31 included) in each position. */
    private static int[][] triples() {
        int[][] t = new int[32][];
        for (int i = 0; i < 32; i++) {
            t[i] = new int[] {gpr(i), gpr((i * 5 + 3) % 32), gpr((i * 7 + 1) % 32), gpr((i * 11 + 2) % 32)};
        }
        return t;
    }

    private static final int[] FEW = {X0, X1, X9, X17, X28, X30, SP};

    private static AArch64ImmLogic imml(long v, AArch64Size s) {
        AArch64ImmLogic i = AArch64ImmLogic.maybeFrom(v, s);
        assertNotNull(i, Long.toHexString(v));
        return i;
    }

    /** Every bitmask immediate of a size, by brute force over N:immr:imms. */
    static List<Long> allBitmasks(AArch64Size s) {
        SequencedSet<Long> out = new LinkedHashSet<>();
        for (int n = 0; n <= (s == S64 ? 1 : 0); n++) {
            for (int immr = 0; immr < 64; immr++) {
                for (int imms = 0; imms < 64; imms++) {
                    long v = AArch64ImmLogic.decode(n, immr, imms, s);
                    if (v != 0) {
                        out.add(v);
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    @BeforeAll
    static void assembleAll() throws Exception {
        backLabel = BUF.getLabel();
        fwdLabel = BUF.getLabel();
        bind(backLabel);

        group = "aluRRR";
        for (AArch64AluOp op : AArch64AluOp.values()) {
            for (AArch64Size s : SIZES) {
                if (s == S32 && (op == AArch64AluOp.SMULH || op == AArch64AluOp.UMULH)) {
                    continue;
                }
                for (int[] t : triples()) {
                    add(new AArch64Inst.AluRRR(op, s, t[0], t[1], t[2]));
                }
            }
        }

        group = "atomics";
        for (int bits : new int[] {8, 16, 32, 64}) {
            for (int[] t : triples()) {
                add(new AArch64Inst.LoadAcquire(bits, t[0], t[1]));
                add(new AArch64Inst.StoreRelease(bits, t[2], t[1]));
            }
            for (dev.davit.ir.AtomicRmwOp op : dev.davit.ir.AtomicRmwOp.values()) {
                add(new AArch64Inst.AtomicRmwLoop(bits, op, X0, X1, X2, X3, X4));
                add(new AArch64Inst.AtomicRmwLoop(bits, op, SP, X30, X17, X9, X28));
            }
            add(new AArch64Inst.AtomicCasLoop(bits, X0, X1, X2, X3, X4));
            for (AArch64LseOp op : AArch64LseOp.values()) {
                add(new AArch64Inst.AtomicRmwLse(bits, op, X1, X2, X0));
                add(new AArch64Inst.AtomicRmwLse(bits, op, XZR, X30, SP));
            }
            add(new AArch64Inst.CasLse(bits, X3, X2, X1, X3));
            add(new AArch64Inst.CasLse(bits, X30, XZR, SP, X30));
            add(new AArch64Inst.AtomicCasLoop(bits, SP, X30, X17, X9, X28));
        }
        add(new AArch64Inst.Fence());

        group = "aluImm12";
        AArch64Imm12[] imm12s = {new AArch64Imm12(0, false), new AArch64Imm12(1, false), new AArch64Imm12(0xFFF, false),
            new AArch64Imm12(0x123, false), new AArch64Imm12(1, true), new AArch64Imm12(0xFFF, true), new AArch64Imm12(0, true)};
        for (AArch64AluOp op : new AArch64AluOp[] {AArch64AluOp.ADD, AArch64AluOp.SUB, AArch64AluOp.ADDS, AArch64AluOp.SUBS}) {
            for (AArch64Size s : SIZES) {
                for (int[] t : triples()) {
                    add(new AArch64Inst.AluRRImm12(op, s, t[0], t[1], imm12s[(Math.abs(t[2]) >> 2) % imm12s.length]));
                }
                for (AArch64Imm12 imm : imm12s) {
                    add(new AArch64Inst.AluRRImm12(op, s, SP, SP, imm));
                    add(new AArch64Inst.AluRRImm12(op, s, X30, X3, imm));
                }
            }
        }
        add(AArch64Inst.cmpImm(S64, SP, new AArch64Imm12(16, false)));
        add(AArch64Inst.cmpImm(S32, X4, new AArch64Imm12(7, true)));
        add(AArch64Inst.movSp(SP, X29));
        add(AArch64Inst.movSp(X29, SP));

        group = "aluImmLogic";
        for (long v : allBitmasks(S64)) {
            add(new AArch64Inst.AluRRImmLogic(AArch64AluOp.ORR, S64, X5, X30, imml(v, S64)));
        }
        for (long v : allBitmasks(S32)) {
            add(new AArch64Inst.AluRRImmLogic(AArch64AluOp.AND, S32, X30, X7, imml(v, S32)));
        }
        long[] someMasks = {1, 0xFF, 0x5555_5555_5555_5555L, 0x8000_0000_0000_0000L, 0x7FFF_FFFF_FFFF_FFFFL, -2,
            0xFFFF_0000L, 0xFFFF_FFFFL, 0xF000_0000_0000_000FL, 0x00FF_00FF_00FF_00FFL};
        for (AArch64AluOp op : new AArch64AluOp[] {AArch64AluOp.AND, AArch64AluOp.ORR, AArch64AluOp.EOR, AArch64AluOp.ANDS}) {
            for (AArch64Size s : SIZES) {
                int k = 0;
                for (int[] t : triples()) {
                    long v = someMasks[k++ % someMasks.length];
                    if (s == S32 && !AArch64ImmLogic.isEncodable(v, s)) {
                        v = 0xFF00;
                    }
                    add(new AArch64Inst.AluRRImmLogic(op, s, t[0], t[1], imml(v, s)));
                }
            }
        }
        add(AArch64Inst.tstImm(S64, X3, imml(0x8000_0000_0000_0000L, S64)));
        add(AArch64Inst.tstImm(S32, X30, imml(1, S32)));

        group = "aluShift";
        for (AArch64AluOp op : AArch64AluOp.values()) {
            if (!op.isAddSub() && !op.isLogical()) {
                continue;
            }
            for (AArch64Size s : SIZES) {
                for (AArch64ShiftOp sh : AArch64ShiftOp.values()) {
                    if (op.isAddSub() && sh == AArch64ShiftOp.ROR) {
                        continue;
                    }
                    int k = 0;
                    for (int[] t : triples()) {
                        int[] amounts = {0, 1, 13, s.bits() - 1};
                        add(new AArch64Inst.AluRRRShift(op, s, t[0], t[1], t[2], new AArch64Shift(sh, amounts[k++ % 4])));
                    }
                }
            }
        }

        group = "aluExtend";
        for (AArch64AluOp op : new AArch64AluOp[] {AArch64AluOp.ADD, AArch64AluOp.SUB, AArch64AluOp.ADDS, AArch64AluOp.SUBS}) {
            for (AArch64Size s : SIZES) {
                for (AArch64ExtendOp ext : AArch64ExtendOp.values()) {
                    if (s == S32 && ext.is64()) {
                        continue;
                    }
                    for (int amount = 0; amount <= 4; amount++) {
                        int[] t = triples()[(ext.ordinal() * 5 + amount) % 32];
                        add(new AArch64Inst.AluRRRExtend(op, s, t[0], t[1], t[2], ext, amount));
                        add(new AArch64Inst.AluRRRExtend(op, s, SP, SP, X30, ext, amount));
                    }
                }
            }
        }

        group = "madd";
        for (AArch64Size s : SIZES) {
            for (int[] t : triples()) {
                add(new AArch64Inst.AluRRRR(false, s, t[0], t[1], t[2], t[3]));
                add(new AArch64Inst.AluRRRR(true, s, t[0], t[1], t[2], t[3]));
            }
        }

        group = "shiftBits";
        for (AArch64Size s : SIZES) {
            for (AArch64ShiftOp op : AArch64ShiftOp.values()) {
                for (int amount : new int[] {0, 1, 7, 16, 31, 63}) {
                    if (amount >= s.bits()) {
                        continue;
                    }
                    for (int[] t : triples()) {
                        if (t[0] == t[2]) {
                            add(new AArch64Inst.AluRRImmShift(op, s, t[0], t[1], amount));
                        }
                    }
                    add(new AArch64Inst.AluRRImmShift(op, s, X30, X0, amount));
                    add(new AArch64Inst.AluRRImmShift(op, s, X2, X30, amount));
                }
            }
            for (boolean signed : new boolean[] {false, true}) {
                for (int[] rs : new int[][] {{0, 7}, {5, 3}, {s.bits() - 1, s.bits() - 1}, {3, 12}, {1, 0}}) {
                    add(new AArch64Inst.Bitfield(signed, s, X1, X30, rs[0], rs[1]));
                }
            }
            for (AArch64Inst.BitOp op : AArch64Inst.BitOp.values()) {
                if (op == AArch64Inst.BitOp.REV64 && s == S32) {
                    continue;
                }
                for (int[] t : triples()) {
                    add(new AArch64Inst.BitRR(op, s, t[0], t[1]));
                }
            }
        }
        for (boolean signed : new boolean[] {false, true}) {
            for (int from : new int[] {8, 16, 32}) {
                for (int to : new int[] {32, 64}) {
                    if (from >= to) {
                        continue;
                    }
                    for (int[] t : triples()) {
                        add(new AArch64Inst.Extend(t[0], t[1], signed, from, to));
                    }
                }
            }
        }

        group = "mov";
        for (AArch64Size s : SIZES) {
            for (int[] t : triples()) {
                add(new AArch64Inst.Mov(s, t[0], t[1]));
            }
            for (int shift = 0; shift < s.bits(); shift += 16) {
                for (int imm : new int[] {0, 1, 0xFFFF, 0x1234, 0x8000}) {
                    for (int r : FEW) {
                        add(new AArch64Inst.MovWide(AArch64MoveWide.Op.MOVZ, s, r, imm, shift));
                        add(new AArch64Inst.MovWide(AArch64MoveWide.Op.MOVN, s, r, imm, shift));
                        add(new AArch64Inst.MovK(s, r, r, imm, shift));
                    }
                }
            }
        }
        Random rnd = new Random(42);
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, 0xFFFFL, 0x10000L, 0x1_0000L, 0x12345678L, 0xFFFF_FFFFL,
                0x1_0000_0000L, 0xFFFF_FFFF_0000_FFFFL, 0x1234_0000_5678_0000L, Long.MIN_VALUE, Long.MAX_VALUE,
                0x5555_5555_5555_5555L, 0x00FF_00FF_00FF_00FFL, -0x12345L, 0xFFFF_1234_FFFF_FFFFL, 0x8000_0000L,
                0xFFFF_FFFF_8000_0000L, 0x0000_FFFF_0000_0000L));
        for (int i = 0; i < 200; i++) {
            long v = rnd.nextLong();
            // Random halfwords drawn from {0, 0xFFFF, random} exercise all sequence lengths.
            long w = 0;
            for (int h = 0; h < 4; h++) {
                long part = switch (rnd.nextInt(3)) {
                    case 0 -> 0;
                    case 1 -> 0xFFFF;
                    default -> (v >>> (16 * h)) & 0xFFFF;
                };
                w |= part << (16 * h);
            }
            values.add(w);
            values.add(v);
        }
        for (long v : values) {
            add(new AArch64Inst.MovImm(S64, X30, v));
            add(new AArch64Inst.MovImm(S32, X11, v));
        }

        group = "loadStore";
        for (AArch64MemOp op : AArch64MemOp.values()) {
            int n = op.bytes();
            List<AArch64Amode> amodes = new ArrayList<>(List.of(
                    new AArch64Amode.UnsignedOffset(X0, 0), new AArch64Amode.UnsignedOffset(SP, n),
                    new AArch64Amode.UnsignedOffset(X30, 0xFFF * n), new AArch64Amode.UnsignedOffset(X17, 0x123 * n),
                    new AArch64Amode.Unscaled(X1, -256), new AArch64Amode.Unscaled(SP, -1), new AArch64Amode.Unscaled(X29, 255),
                    new AArch64Amode.Unscaled(X9, 3),
                    new AArch64Amode.PreIndexed(SP, -16), new AArch64Amode.PreIndexed(X3, 255),
                    new AArch64Amode.PostIndexed(SP, 16), new AArch64Amode.PostIndexed(X28, -256)));
            for (AArch64ExtendOp ext : new AArch64ExtendOp[] {AArch64ExtendOp.UXTW, AArch64ExtendOp.UXTX, AArch64ExtendOp.SXTW, AArch64ExtendOp.SXTX}) {
                amodes.add(new AArch64Amode.RegOffset(X2, X30, ext, false));
                amodes.add(new AArch64Amode.RegOffset(SP, X5, ext, true));
                amodes.add(new AArch64Amode.RegOffset(X30, X0, ext, true));
            }
            // A far stack or spill slot as the frame resolves it: [sp, x17].
            amodes.add(new AArch64Amode.RegOffset(SP, X17, AArch64ExtendOp.UXTX, false));
            if (op.hasLiteralForm()) {
                amodes.add(new AArch64Amode.Label(backLabel));
                amodes.add(new AArch64Amode.Label(fwdLabel));
                amodes.add(new AArch64Amode.Const(0x1122_3344_5566_7788L, n));
                amodes.add(new AArch64Amode.Const(-5, n));
            }
            int[] rts = op.isFp() ? new int[] {fpr(0), fpr(7), fpr(30), fpr(31)} : new int[] {X0, X7, X30, SP};
            for (AArch64Amode a : amodes) {
                for (int rt : rts) {
                    if (op.isLoad()) {
                        add(new AArch64Inst.Load(op, rt, a));
                    } else {
                        add(new AArch64Inst.Store(op, rt, a));
                    }
                }
            }
        }
        for (AArch64PairAmode a : List.<AArch64PairAmode>of(new AArch64PairAmode.SignedOffset(SP, 0),
                new AArch64PairAmode.SignedOffset(X3, -512), new AArch64PairAmode.SignedOffset(SP, 504),
                new AArch64PairAmode.PreIndexed(SP, -16), new AArch64PairAmode.PreIndexed(SP, -512),
                new AArch64PairAmode.PostIndexed(SP, 16), new AArch64PairAmode.PostIndexed(X1, 504))) {
            add(new AArch64Inst.StoreP64(FP, LR, a));
            add(new AArch64Inst.LoadP64(FP, LR, a));
            add(new AArch64Inst.StoreP64(X19, XZR, a));
            add(new AArch64Inst.LoadP64(X27, X28, a));
        }

        group = "float";
        for (AArch64Size s : SIZES) {
            for (int imm8 = 0; imm8 < 256; imm8++) {
                add(new AArch64Inst.FpuMovImm(s, fpr(imm8 % 32), imm8));
            }
        }
        for (int i = 0; i < 32; i++) {
            int d = fpr(i), n = fpr((i * 5 + 3) % 32), m = fpr((i * 7 + 1) % 32), ra = fpr((i * 11 + 2) % 32);
            add(new AArch64Inst.FpuMove(d, n));
            for (AArch64Size s : SIZES) {
                for (AArch64FpuOp1 op : AArch64FpuOp1.values()) {
                    // fcvt converts between the sizes only.
                    if (op == AArch64FpuOp1.FCVT_TO_S && s == S32 || op == AArch64FpuOp1.FCVT_TO_D && s == S64) {
                        continue;
                    }
                    add(new AArch64Inst.FpuRR(op, s, d, n));
                }
                for (AArch64FpuOp2 op : AArch64FpuOp2.values()) {
                    add(new AArch64Inst.FpuRRR(op, s, d, n, m));
                }
                add(new AArch64Inst.FpuMAdd(s, d, n, m, ra));
                add(new AArch64Inst.FpuCmp(s, n, m));
                add(new AArch64Inst.FpuCSel(s, AArch64Cond.values()[i % 15], d, n, m));
                for (AArch64FpIntOp op : AArch64FpIntOp.values()) {
                    for (AArch64Size is : SIZES) {
                        if (op.rmode() == 0 && op.opcode() >= 0b110 && is != s) {
                            continue;
                        }
                        int g = gpr((i * 13 + 5) % 32);
                        add(op.toFp() ? new AArch64Inst.FpuIntCvt(op, is, s, d, g) : new AArch64Inst.FpuIntCvt(op, is, s, g, n));
                    }
                }
            }
        }

        group = "cond";
        for (AArch64Cond c : AArch64Cond.values()) {
            if (c == AArch64Cond.NV) {
                continue;
            }
            for (AArch64Size s : SIZES) {
                for (AArch64Inst.CSelOp op : AArch64Inst.CSelOp.values()) {
                    int[] t = triples()[(c.ordinal() * 4 + op.ordinal()) % 32];
                    add(new AArch64Inst.CSel(op, s, c, t[0], t[1], t[2]));
                    add(new AArch64Inst.CSel(op, s, c, X30, XZR, X0));
                }
                if (c != AArch64Cond.AL) {
                    add(new AArch64Inst.CSet(s, c, X30, false));
                    add(new AArch64Inst.CSet(s, c, X(c.ordinal()), true));
                }
                add(new AArch64Inst.CCmp(s, X(c.ordinal() + 3), X30, c.ordinal(), c));
                add(new AArch64Inst.CCmp(s, XZR, X1, 15 - c.ordinal(), c));
                add(new AArch64Inst.CCmpImm(s, X30, 31, 4, c));
                add(new AArch64Inst.CCmpImm(s, X2, c.ordinal(), 0, c));
            }
        }
        for (AArch64Size s : SIZES) {
            add(AArch64Inst.cmp(s, X1, X30));
            add(AArch64Inst.cmn(s, XZR, X2));
            add(AArch64Inst.tst(s, X3, X4));
        }

        group = "control";
        int near = BUF.getLabel();
        int nearFwd = BUF.getLabel();
        bind(near);
        List<AArch64CondBrKind> kinds = new ArrayList<>();
        for (AArch64Cond c : AArch64Cond.values()) {
            if (c != AArch64Cond.AL && c != AArch64Cond.NV) {
                kinds.add(new AArch64CondBrKind.Cond(c));
            }
        }
        for (int r : FEW) {
            for (AArch64Size s : SIZES) {
                kinds.add(new AArch64CondBrKind.Zero(r, s, false));
                kinds.add(new AArch64CondBrKind.Zero(r, s, true));
            }
        }
        for (int bit : new int[] {0, 1, 31, 32, 63}) {
            kinds.add(new AArch64CondBrKind.TestBit(X30, bit, false));
            kinds.add(new AArch64CondBrKind.TestBit(X4, bit, true));
        }
        int trap = 3;
        for (AArch64CondBrKind k : kinds) {
            boolean tb = k instanceof AArch64CondBrKind.TestBit;
            add(new AArch64Inst.CondBr(k, tb ? nearFwd : fwdLabel, tb ? near : backLabel));
            add(new AArch64Inst.OneWayCondBr(k, tb ? near : backLabel));
            add(new AArch64Inst.OneWayCondBr(k, tb ? nearFwd : fwdLabel));
            add(new AArch64Inst.TrapIf(k, trap++ % 5 + 3));
        }
        add(new AArch64Inst.Jump(backLabel));
        add(new AArch64Inst.Jump(fwdLabel));
        add(new AArch64Inst.Jump(near));
        AArch64Inst.CallInfo none = AArch64Inst.CallInfo.none();
        for (int r = 0; r < 32; r++) {
            add(new AArch64Inst.Br(gpr(r)));
            add(new AArch64Inst.CallInd(gpr(r), none));
            add(new AArch64Inst.Adr(gpr(r), r % 2 == 0 ? backLabel : fwdLabel));
            add(new AArch64Inst.Adrp(gpr(r), 3 + r % 3, r % 4 == 0 ? 0 : 16 * r));
            add(new AArch64Inst.AddLo12(gpr(r), gpr(31 - r), 3 + r % 3, r % 4 == 0 ? 0 : 16 * r));
        }
        add(new AArch64Inst.Call(5, none));
        add(new AArch64Inst.Call(6, none));
        // Calls to tail-convention callees, which pop their stack arguments: sp re-adjusted after.
        for (int pop : new int[] {16, 4080, 0x5000, 0x12340}) {
            AArch64Inst.CallInfo pops = new AArch64Inst.CallInfo(new int[0], new int[0], new int[0], new int[0], 0, 0, 0, pop);
            add(new AArch64Inst.Call(7, pops));
            add(new AArch64Inst.CallInd(X9, pops));
        }
        // Tail calls: b to a name (the linker's JUMP26, our Arm64Call) and br.
        add(new AArch64Inst.ReturnCall(5, new int[0], new int[0]));
        add(new AArch64Inst.ReturnCall(8, new int[] {X0}, new int[] {X0}));
        for (int r : new int[] {X0, X1, X17, X30}) {
            add(new AArch64Inst.ReturnCallInd(r, new int[0], new int[0]));
        }
        add(new AArch64Inst.JmpTableSeq(X0, X16, X17, new int[] {backLabel, fwdLabel, near}));
        add(new AArch64Inst.JmpTableSeq(X30, X1, X2, new int[] {fwdLabel}));
        add(new AArch64Inst.Ret(new int[0], new int[0]));
        add(new AArch64Inst.Udf(2));
        add(new AArch64Inst.Udf(0xFFFF));
        add(new AArch64Inst.Brk(0));
        add(new AArch64Inst.Brk(0xF000));
        add(new AArch64Inst.Nop());
        bind(nearFwd);

        bind(fwdLabel);
        group = "";
        // The buffer places deferred traps after the code, in order of first use, then the pool.
        for (int code : TRAPS) {
            ASM.append(AArch64Printer.trapLabel(code)).append(":\nudf #").append(code).append('\n');
        }
        for (List<Long> c : CONSTS) {
            int size = (int) (long) c.get(1);
            ASM.append(".balign ").append(size).append(", 0\n").append(AArch64Printer.constLabel(c.get(0), size)).append(":\n")
                    .append(size == 4 ? ".word " : ".quad ").append(size == 4 ? c.get(0) & 0xFFFF_FFFFL : c.get(0)).append('\n');
        }
        ours = BUF.finish();
        gas = GnuBinutils.AARCH64.assemble(ASM.toString());
    }

    private static int X(int n) {
        return gpr(n % 31);
    }

    private void checkGroup(String g) {
        byte[] mine = ours.bytes();
        byte[] theirs = gas.text();
        List<String> bad = new ArrayList<>();
        HexFormat hex = HexFormat.of().withDelimiter(" ");
        for (Case c : CASES) {
            if (!c.group().equals(g)) {
                continue;
            }
            boolean same = c.end() <= theirs.length;
            for (int i = c.start(); same && i < c.end(); i++) {
                same = mine[i] == theirs[i];
            }
            if (!same && bad.size() < 25) {
                int theirEnd = Math.min(theirs.length, c.end());
                bad.add(c.text() + "\n    ours: " + hex.formatHex(mine, c.start(), c.end())
                        + "\n    gas:  " + hex.formatHex(theirs, Math.min(c.start(), theirEnd), theirEnd));
            }
        }
        assertTrue(bad.isEmpty(), () -> "encodings differ from GNU as (" + g + "):\n" + String.join("\n", bad));
        assertTrue(GROUP_COUNTS.getOrDefault(g, 0) > 0);
    }

    @Test
    void wholeFileMatchesGas() {
        assertTrue(CASES.size() > 10000, "cases: " + CASES.size());
        assertEquals(gas.text().length, ours.totalSize(), "total size");
        assertArrayEquals(gas.text(), ours.bytes());
    }

    @Test
    void relocationsMatchGas() {
        List<String> mine = new ArrayList<>();
        for (MachBufferFinalized.Reloc r : ours.relocs()) {
            String type = switch (r.kind()) {
                // One kind for bl and b: both patch imm26; as names the b (tail call) one JUMP26.
                case Arm64Call -> (ours.byteAt(r.offset() + 3) & 0xFC) == 0x14 ? "R_AARCH64_JUMP26" : "R_AARCH64_CALL26";
                case Aarch64AdrPrelPgHi21 -> "R_AARCH64_ADR_PREL_PG_HI21";
                case Aarch64AddAbsLo12Nc -> "R_AARCH64_ADD_ABS_LO12_NC";
                default -> r.kind().name();
            };
            mine.add(r.offset() + " " + type + " ext" + r.name() + " " + r.addend());
        }
        List<String> theirs = new ArrayList<>();
        for (GnuBinutils.Reloc r : gas.relocs()) {
            theirs.add(r.offset() + " " + r.type() + " " + r.symbol() + " " + r.addend());
        }
        assertFalse(mine.isEmpty());
        assertEquals(theirs, mine);
    }

    @Test
    void trapsAreRecordedAtTheTrappingInstruction() {
        for (MachBufferFinalized.Trap t : ours.traps()) {
            int word = ours.byteAt(t.offset()) | ours.byteAt(t.offset() + 1) << 8
                    | ours.byteAt(t.offset() + 2) << 16 | ours.byteAt(t.offset() + 3) << 24;
            assertEquals(t.code(), word, "udf #code at " + t);
        }
        assertEquals(2 + TRAPS.size(), ours.trapCount());
        assertEquals(callSites, ours.callSiteCount());
        assertTrue(ours.relocs().stream().anyMatch(r -> r.kind() == RelocKind.Arm64Call));
    }

    @Test
    void aluRRR() {
        checkGroup("aluRRR");
    }

    @Test
    void aluImm12() {
        checkGroup("aluImm12");
    }

    @Test
    void aluImmLogic() {
        checkGroup("aluImmLogic");
    }

    @Test
    void aluShift() {
        checkGroup("aluShift");
    }

    @Test
    void aluExtend() {
        checkGroup("aluExtend");
    }

    @Test
    void madd() {
        checkGroup("madd");
    }

    @Test
    void shiftBits() {
        checkGroup("shiftBits");
    }

    @Test
    void mov() {
        checkGroup("mov");
    }

    @Test
    void loadStore() {
        checkGroup("loadStore");
    }

    @Test
    void scalarFloat() {
        checkGroup("float");
    }

    @Test
    void cond() {
        checkGroup("cond");
    }

    @Test
    void control() {
        checkGroup("control");
    }
}
