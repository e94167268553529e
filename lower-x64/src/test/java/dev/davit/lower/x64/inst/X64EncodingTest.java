package dev.davit.lower.x64.inst;

import dev.davit.codegen.testing.GnuBinutils;
import static dev.davit.lower.x64.inst.X64Regs.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.davit.codegen.Reg;
import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.buffer.MachBufferFinalized;
import dev.davit.codegen.buffer.RelocKind;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every instruction form, over a spread of registers, sizes, addressing modes and immediates,
 * encodes to the bytes GNU {@code as} produces for the printer's text. All cases go into one
 * buffer and one assembly file, assembled once for the class.
 */
class X64EncodingTest {
    private static final X64Printer PRINTER = X64Printer.forAssembler();
    private static final int[] GPRS = new int[16];

    static {
        for (int i = 0; i < 16; i++) {
            GPRS[i] = gpr(i);
        }
    }

    private record Case(String group, String text, int start, int end) {}

    private static final MachBuffer BUF = new MachBuffer(false);
    private static final StringBuilder ASM = new StringBuilder();
    private static final List<Case> CASES = new ArrayList<>();
    private static final Map<String, Integer> GROUP_COUNTS = new LinkedHashMap<>();
    private static String group = "";
    private static int backLabel, fwdLabel;
    private static MachBufferFinalized ours;
    private static GnuBinutils.Result gas;

    private static void add(X64Inst inst) {
        int start = BUF.curOffset();
        X64Emitter.emit(inst, BUF);
        String text = PRINTER.print(inst);
        ASM.append(text).append('\n');
        CASES.add(new Case(group, text, start, BUF.curOffset()));
        GROUP_COUNTS.merge(group, 1, Integer::sum);
    }

    private static void bind(int label) {
        BUF.bindLabel(label);
        ASM.append(".L").append(label).append(":\n");
    }

    /** Register pairs: every register as destination, and every register as source. */
    private static int[][] pairs() {
        int[][] p = new int[32][];
        for (int i = 0; i < 16; i++) {
            p[i] = new int[] {GPRS[i], GPRS[(i * 5 + 3) % 16]};
            p[16 + i] = new int[] {GPRS[(i * 7 + 1) % 16], GPRS[i]};
        }
        return p;
    }

    private static List<X64Amode> amodes() {
        List<X64Amode> l = new ArrayList<>();
        l.add(X64Amode.base(RAX, 0));
        l.add(X64Amode.base(RSP, 0));
        l.add(X64Amode.base(RBP, 0));
        l.add(X64Amode.base(R12, 0));
        l.add(X64Amode.base(R13, 0));
        l.add(X64Amode.base(R13, 8));
        l.add(X64Amode.base(RBX, 0x12345678));
        l.add(X64Amode.base(RDI, -129));
        l.add(X64Amode.base(RSP, -8));
        l.add(X64Amode.base(R15, 127));
        l.add(X64Amode.baseIndex(RSP, RAX, 3, 16));
        l.add(X64Amode.baseIndex(R12, R13, 1, -128));
        l.add(X64Amode.baseIndex(RBP, R15, 2, 0));
        l.add(X64Amode.baseIndex(R13, RBP, 0, 0x1000));
        l.add(X64Amode.baseIndex(R8, R12, 3, 127));
        l.add(X64Amode.baseIndex(RCX, R9, 0, 0));
        l.add(new X64Amode.RipLabel(backLabel));
        l.add(new X64Amode.RipLabel(fwdLabel));
        l.add(new X64Amode.RipSymbol(7, 0));
        l.add(new X64Amode.RipSymbol(9, 24));
        l.add(new X64Amode.RipSymbol(9, -16));
        return l;
    }

    private static int[] imms(X64Size size) {
        return switch (size) {
            case S8 -> new int[] {0, 1, -1, 127, -128, 0xC8};
            case S16 -> new int[] {0, 1, -1, 127, -128, 128, -129, 0x1234, -0x1234, 0xFFFF};
            default -> new int[] {0, 1, -1, 127, -128, 128, -129, 0x12345678, -0x12345678, Integer.MIN_VALUE};
        };
    }

    private static final X64Size[] SIZES = X64Size.values();
    private static final X64Size[] SIZES_16_UP = {X64Size.S16, X64Size.S32, X64Size.S64};
    private static final X64AluOp[] ALU_OPS = {X64AluOp.ADD, X64AluOp.OR, X64AluOp.ADC, X64AluOp.SBB, X64AluOp.AND, X64AluOp.SUB, X64AluOp.XOR};
    private static final int[] IMM_DSTS = {RAX, RCX, RSP, RSI, R9, R15};

    private static X64RegMem r(int reg) {
        return X64RegMem.reg(reg);
    }

    private static X64RegMem m(X64Amode a) {
        return X64RegMem.mem(a);
    }

    @BeforeAll
    static void assembleAll() throws Exception {
        backLabel = BUF.getLabel();
        fwdLabel = BUF.getLabel();
        bind(backLabel);
        List<X64Amode> amodes = amodes();

        group = "alu";
        for (X64AluOp op : ALU_OPS) {
            for (X64Size s : SIZES) {
                for (int[] p : pairs()) {
                    add(new X64Inst.AluRmiR(s, op, p[0], r(p[1]), p[0]));
                }
                for (X64Amode a : amodes) {
                    add(new X64Inst.AluRmiR(s, op, RDX, m(a), RDX));
                    add(new X64Inst.AluRmiR(s, op, R11, m(a), R11));
                }
                for (int d : IMM_DSTS) {
                    for (int v : imms(s)) {
                        add(new X64Inst.AluRmiR(s, op, d, X64RegMemImm.imm(v), d));
                    }
                }
            }
        }

        group = "aluMem";
        for (X64AluOp op : X64AluOp.values()) {
            if (op == X64AluOp.CMP) {
                continue;
            }
            for (X64Size s : SIZES) {
                for (X64Amode a : amodes) {
                    add(new X64Inst.AluM(s, op, a, r(RSI)));
                    add(new X64Inst.AluM(s, op, a, r(R10)));
                    for (int v : imms(s)) {
                        add(new X64Inst.AluM(s, op, a, X64RegMemImm.imm(v)));
                    }
                }
            }
        }

        group = "cmpTest";
        for (X64Inst.CmpOp op : X64Inst.CmpOp.values()) {
            for (X64Size s : SIZES) {
                for (int[] p : pairs()) {
                    add(new X64Inst.CmpRmiR(s, op, p[0], r(p[1])));
                }
                for (X64Amode a : amodes) {
                    add(new X64Inst.CmpRmiR(s, op, RDI, m(a)));
                    add(new X64Inst.CmpRmiR(s, op, R14, m(a)));
                }
                for (int d : IMM_DSTS) {
                    for (int v : imms(s)) {
                        add(new X64Inst.CmpRmiR(s, op, d, X64RegMemImm.imm(v)));
                    }
                }
            }
        }

        group = "imul";
        for (X64Size s : SIZES_16_UP) {
            for (int[] p : pairs()) {
                add(new X64Inst.Imul(s, p[0], r(p[1]), p[0]));
                add(new X64Inst.ImulImm(s, r(p[1]), p[0] == RAX ? 5 : 300, p[0]));
            }
            for (X64Amode a : amodes) {
                add(new X64Inst.Imul(s, R8, m(a), R8));
                for (int v : imms(s)) {
                    add(new X64Inst.ImulImm(s, m(a), v, RBX));
                }
            }
        }

        group = "mulDiv";
        for (X64Size s : SIZES) {
            int hi = s == X64Size.S8 ? Reg.INVALID : RDX;
            for (boolean signed : new boolean[] {false, true}) {
                for (int g : GPRS) {
                    add(new X64Inst.Mul(s, signed, RAX, r(g), RAX, hi));
                    add(new X64Inst.Div(s, signed, RAX, hi, r(g), RAX, hi, 1));
                }
                for (X64Amode a : amodes) {
                    add(new X64Inst.Mul(s, signed, RAX, m(a), RAX, hi));
                    add(new X64Inst.Div(s, signed, RAX, hi, m(a), RAX, hi, 1));
                }
            }
            add(new X64Inst.SignExtendData(s, RAX, s == X64Size.S8 ? RAX : RDX));
        }

        group = "unaryShift";
        for (X64Size s : SIZES) {
            for (int g : GPRS) {
                for (X64Inst.UnaryOp op : X64Inst.UnaryOp.values()) {
                    add(new X64Inst.Unary(s, op, g, g));
                }
                for (X64ShiftKind k : X64ShiftKind.values()) {
                    add(new X64Inst.ShiftCl(s, k, g, RCX, g));
                    for (int n : new int[] {0, 1, 2, 7, 31}) {
                        add(new X64Inst.ShiftImm(s, k, g, n, g));
                    }
                    if (s == X64Size.S64) {
                        add(new X64Inst.ShiftImm(s, k, g, 63, g));
                    }
                }
            }
        }

        group = "bits";
        for (X64Size s : SIZES_16_UP) {
            for (X64BitOp op : X64BitOp.values()) {
                for (int[] p : pairs()) {
                    add(new X64Inst.BitCount(s, op, r(p[1]), p[0]));
                }
                for (X64Amode a : amodes) {
                    add(new X64Inst.BitCount(s, op, m(a), R12));
                }
            }
            if (s != X64Size.S16) {
                for (int g : GPRS) {
                    add(new X64Inst.Bswap(s, g, g));
                }
            }
        }

        group = "extend";
        for (X64ExtMode mode : X64ExtMode.values()) {
            for (int[] p : pairs()) {
                add(new X64Inst.Movzx(mode, r(p[1]), p[0]));
                add(new X64Inst.Movsx(mode, r(p[1]), p[0]));
            }
            for (X64Amode a : amodes) {
                add(new X64Inst.Movzx(mode, m(a), RSI));
                add(new X64Inst.Movsx(mode, m(a), R13));
            }
        }

        group = "mov";
        for (X64Size s : new X64Size[] {X64Size.S32, X64Size.S64}) {
            for (int[] p : pairs()) {
                add(new X64Inst.MovRR(s, p[1], p[0]));
            }
        }
        for (X64Size s : SIZES) {
            for (X64Amode a : amodes) {
                for (int g : new int[] {RAX, RSP, RBP, RSI, RDI, R8, R13, R15}) {
                    add(new X64Inst.Load(s, a, g));
                    add(new X64Inst.Store(s, g, a));
                }
                for (int v : imms(s)) {
                    add(new X64Inst.StoreImm(s, v, a));
                }
            }
            for (int g : GPRS) {
                for (int v : imms(s)) {
                    add(new X64Inst.MovImm(s, s == X64Size.S64 ? v : v, g));
                }
            }
        }
        for (int g : GPRS) {
            add(new X64Inst.MovImm(X64Size.S32, 0xFFFF_FFFFL, g));
            add(new X64Inst.MovImm(X64Size.S64, 0x1_2345_6789L, g));
            add(new X64Inst.MovImm(X64Size.S64, 0x8000_0000L, g));
            add(new X64Inst.MovImm(X64Size.S64, Long.MIN_VALUE, g));
            add(new X64Inst.MovImm(X64Size.S64, -0x1_0000_0001L, g));
            add(new X64Inst.LoadExtName(g, 3, 0));
            add(new X64Inst.LoadExtName(g, 4, 40));
        }
        for (X64Size s : new X64Size[] {X64Size.S32, X64Size.S64}) {
            for (X64Amode a : amodes) {
                add(new X64Inst.Lea(s, a, RAX));
                add(new X64Inst.Lea(s, a, R12));
            }
        }

        group = "cmovSetcc";
        for (X64CC cc : X64CC.values()) {
            for (X64Size s : SIZES_16_UP) {
                add(new X64Inst.Cmove(s, cc, RAX, r(RBX), RAX));
                add(new X64Inst.Cmove(s, cc, R9, r(RSP), R9));
                add(new X64Inst.Cmove(s, cc, RDI, r(R14), RDI));
                add(new X64Inst.Cmove(s, cc, RDX, m(X64Amode.baseIndex(R13, RCX, 2, 4)), RDX));
                add(new X64Inst.Cmove(s, cc, R11, m(new X64Amode.RipLabel(fwdLabel)), R11));
            }
            for (int g : GPRS) {
                add(new X64Inst.Setcc(cc, g));
            }
        }

        group = "stack";
        for (int g : GPRS) {
            add(new X64Inst.Push(r(g)));
            add(new X64Inst.Pop(g));
        }
        for (X64Amode a : amodes) {
            add(new X64Inst.Push(m(a)));
        }
        for (int v : imms(X64Size.S32)) {
            add(new X64Inst.Push(X64RegMemImm.imm(v)));
        }

        group = "atomics";
        add(new X64Inst.Mfence());
        for (X64Size s : SIZES) {
            for (int g : GPRS) {
                X64Amode a = amodes.get(g % amodes.size());
                add(new X64Inst.AtomicXadd(s, false, a, g, g));
                add(new X64Inst.AtomicXadd(s, true, a, g, g));
                add(new X64Inst.AtomicCas(s, a, RAX, g, RAX));
            }
            for (X64Amode a : amodes) {
                add(new X64Inst.AtomicXadd(s, false, a, RSI, RSI));
                add(new X64Inst.AtomicCas(s, a, RAX, R9, RAX));
            }
            for (dev.davit.ir.AtomicRmwOp op : dev.davit.ir.AtomicRmwOp.values()) {
                add(new X64Inst.AtomicRmwLoop(s, op, X64Amode.base(R12, 8), RSI, R11, RAX));
                add(new X64Inst.AtomicRmwLoop(s, op, X64Amode.baseIndex(RDX, R13, 3, -4096), R10, RCX, RAX));
            }
        }

        group = "sse";
        // Every register as destination and as source, with REX.R and REX.B from xmm8-xmm15.
        int[][] xpairs = new int[32][];
        for (int i = 0; i < 16; i++) {
            xpairs[i] = new int[] {xmm(i), xmm((i * 5 + 3) % 16)};
            xpairs[16 + i] = new int[] {xmm((i * 7 + 1) % 16), xmm(i)};
        }
        X64SseOp[] packed = {X64SseOp.ANDPS, X64SseOp.ANDPD, X64SseOp.ANDNPS, X64SseOp.ANDNPD, X64SseOp.ORPS,
                X64SseOp.ORPD, X64SseOp.XORPS, X64SseOp.XORPD, X64SseOp.MOVAPS};
        for (X64SseOp op : X64SseOp.values()) {
            boolean isPacked = java.util.Arrays.asList(packed).contains(op);
            for (int[] p : xpairs) {
                switch (op) {
                    case UCOMISS, UCOMISD -> add(new X64Inst.XmmCmp(op, p[0], r(p[1])));
                    case SQRTSS, SQRTSD, CVTSS2SD, CVTSD2SS, MOVAPS, MOVSS, MOVSD -> add(new X64Inst.XmmUnary(op, r(p[1]), p[0]));
                    default -> add(new X64Inst.XmmRmR(op, p[0], r(p[1]), p[0]));
                }
            }
            for (X64Amode a : amodes) {
                switch (op) {
                    case UCOMISS, UCOMISD -> add(new X64Inst.XmmCmp(op, xmm(9), m(a)));
                    case MOVSS, MOVSD -> {
                        add(new X64Inst.XmmUnary(op, m(a), xmm(2)));
                        add(new X64Inst.XmmStore(op, xmm(12), a));
                        add(new X64Inst.XmmStore(op, xmm(3), a));
                    }
                    case SQRTSS, SQRTSD, CVTSS2SD, CVTSD2SS -> add(new X64Inst.XmmUnary(op, m(a), xmm(14)));
                    default -> {
                        if (!isPacked) add(new X64Inst.XmmRmR(op, xmm(1), m(a), xmm(1)));
                    }
                }
            }
        }
        for (X64Size s : new X64Size[] {X64Size.S32, X64Size.S64}) {
            for (int i = 0; i < 16; i++) {
                int g = GPRS[(i * 5 + 3) % 16];
                add(new X64Inst.GprToXmm(s, r(g), xmm(i)));
                add(new X64Inst.XmmToGpr(s, xmm(i), g));
                add(new X64Inst.CvtIntToFloat(false, s, r(g), xmm(i)));
                add(new X64Inst.CvtIntToFloat(true, s, r(GPRS[i]), xmm(15 - i)));
                add(new X64Inst.CvtFloatToInt(false, s, r(xmm(i)), g));
                add(new X64Inst.CvtFloatToInt(true, s, r(xmm(15 - i)), GPRS[i]));
            }
            for (X64Amode a : amodes) {
                add(new X64Inst.GprToXmm(s, m(a), xmm(10)));
                add(new X64Inst.CvtIntToFloat(false, s, m(a), xmm(4)));
                add(new X64Inst.CvtIntToFloat(true, s, m(a), xmm(11)));
                add(new X64Inst.CvtFloatToInt(false, s, m(a), R9));
                add(new X64Inst.CvtFloatToInt(true, s, m(a), RDX));
            }
        }
        for (int mode = 0; mode < 4; mode++) {
            for (int[] p : xpairs) {
                add(new X64Inst.XmmRound(mode % 2 == 0, mode, r(p[1]), p[0]));
            }
            for (X64Amode a : amodes) {
                add(new X64Inst.XmmRound(false, mode, m(a), xmm(7)));
                add(new X64Inst.XmmRound(true, mode, m(a), xmm(13)));
            }
        }
        for (X64CC cc : X64CC.values()) {
            add(new X64Inst.XmmCmove(cc, xmm(0), xmm(1), xmm(0)));
            add(new X64Inst.XmmCmove(cc, xmm(9), xmm(3), xmm(9)));
            add(new X64Inst.XmmCmove(cc, xmm(5), xmm(13), xmm(5)));
        }
        for (boolean dbl : new boolean[] {false, true}) {
            for (boolean min : new boolean[] {false, true}) {
                add(new X64Inst.XmmMinMaxSeq(dbl, min, xmm(0), xmm(1), xmm(0)));
                add(new X64Inst.XmmMinMaxSeq(dbl, min, xmm(8), xmm(2), xmm(8)));
                add(new X64Inst.XmmMinMaxSeq(dbl, min, xmm(6), xmm(15), xmm(6)));
            }
        }

        group = "control";
        for (X64CC cc : X64CC.values()) {
            add(new X64Inst.JmpIf(cc, backLabel));
            add(new X64Inst.JmpIf(cc, fwdLabel));
            add(new X64Inst.JmpCond(cc, fwdLabel, backLabel));
        }
        for (X64CC cc : X64CC.values()) {
            add(new X64Inst.TrapIf(cc, 3 + (cc.enc() & 3)));
        }
        add(new X64Inst.Jmp(backLabel));
        add(new X64Inst.Jmp(fwdLabel));
        add(new X64Inst.JmpTableSeq(RAX, R11, R10, new int[] {backLabel, fwdLabel, backLabel}));
        add(new X64Inst.JmpTableSeq(R13, RAX, RCX, new int[] {fwdLabel}));
        add(new X64Inst.JmpTableSeq(R12, R13, RSI, new int[] {fwdLabel, fwdLabel}));
                X64Inst.CallInfo none = X64Inst.CallInfo.none();
        for (int g : GPRS) {
            add(new X64Inst.JmpUnknown(r(g)));
            add(new X64Inst.CallUnknown(r(g), none));
        }
        for (X64Amode a : amodes) {
            add(new X64Inst.JmpUnknown(m(a)));
            add(new X64Inst.CallUnknown(m(a), none));
        }
        add(new X64Inst.CallKnown(5, none));
        add(new X64Inst.CallKnown(6, none));
        add(new X64Inst.ReturnCallKnown(7, new int[0], new int[0]));
        add(new X64Inst.CallKnown(8, new X64Inst.CallInfo(new int[0], new int[0], new int[0], new int[0], 0, 0, 0, 16)));
        add(new X64Inst.CallUnknown(r(GPRS[3]), new X64Inst.CallInfo(new int[0], new int[0], new int[0], new int[0], 0, 0, 0, 1 << 20)));
        add(new X64Inst.Ret(new int[0], new int[0], 0));
        add(new X64Inst.Ret(new int[0], new int[0], 16));
        add(new X64Inst.Ud2(2));
        for (int n = 1; n <= 20; n++) {
            add(new X64Inst.Nop(n));
        }

        bind(fwdLabel);
        group = "";
        // The buffer places deferred traps after the code, in order of first use.
        for (int code = 3; code <= 6; code++) {
            ASM.append(X64Printer.trapLabel(code)).append(":\nud2\n");
        }
        ours = BUF.finish();
        gas = GnuBinutils.X64.assemble(ASM.toString());
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
        assertTrue(CASES.size() > 5000, "cases: " + CASES.size());
        assertEquals(gas.text().length, ours.totalSize(), "total size");
        assertArrayEquals(gas.text(), ours.bytes());
    }

    @Test
    void relocationsMatchGas() {
        List<String> mine = new ArrayList<>();
        for (MachBufferFinalized.Reloc r : ours.relocs()) {
            String type = switch (r.kind()) {
                case X86CallPCRel4 -> "R_X86_64_PLT32";
                case X86PCRel4 -> "R_X86_64_PC32";
                case Abs8 -> "R_X86_64_64";
                default -> r.kind().name();
            };
            mine.add(r.offset() + " " + type + " ext" + r.name() + " " + r.addend());
        }
        List<String> theirs = new ArrayList<>();
        for (GnuBinutils.Reloc r : gas.relocs()) {
            theirs.add(r.offset() + " " + r.type() + " " + r.symbol() + " " + r.addend());
        }
        assertFalse(mine.isEmpty());
        // gas emits the relocation of a relaxable jmp after those of later fixed-size instructions.
        java.util.Comparator<String> byOffset = java.util.Comparator.comparingInt(x -> Integer.parseInt(x.substring(0, x.indexOf(' '))));
        theirs.sort(byOffset);
        mine.sort(byOffset);
        assertEquals(theirs, mine);
    }

    @Test
    void trapsAreRecordedAtTheTrappingInstruction() {
        for (MachBufferFinalized.Trap t : ours.traps()) {
            int op = ours.byteAt(t.offset());
            // ud2 (0F 0B) or div/idiv, possibly behind a 66 or REX prefix.
            assertTrue(op == 0x0F || op == 0xF6 || op == 0xF7 || op == 0x66 || (op & 0xF0) == 0x40, "trap at " + t);
        }
        assertEquals(1 + 2 * 4 * (16 + amodes().size()) + 4, ours.trapCount());
        for (int k = 1; k <= 4; k++) {
            MachBufferFinalized.Trap t = ours.trap(ours.trapCount() - k);
            assertEquals(7 - k, t.code());
            assertEquals(ours.totalSize() - 2 * k, t.offset());
        }
        assertTrue(ours.traps().stream().anyMatch(t -> t.code() == 2));
        assertTrue(ours.relocs().stream().anyMatch(r -> r.kind() == RelocKind.Abs8));
        assertEquals(4 + 16 + amodes().size(), ours.callSiteCount());
    }

    @Test
    void alu() {
        checkGroup("alu");
    }

    @Test
    void aluMem() {
        checkGroup("aluMem");
    }

    @Test
    void cmpTest() {
        checkGroup("cmpTest");
    }

    @Test
    void imul() {
        checkGroup("imul");
    }

    @Test
    void mulDiv() {
        checkGroup("mulDiv");
    }

    @Test
    void unaryShift() {
        checkGroup("unaryShift");
    }

    @Test
    void bits() {
        checkGroup("bits");
    }

    @Test
    void extend() {
        checkGroup("extend");
    }

    @Test
    void atomics() {
        checkGroup("atomics");
    }

    @Test
    void mov() {
        checkGroup("mov");
    }

    @Test
    void cmovSetcc() {
        checkGroup("cmovSetcc");
    }

    @Test
    void stack() {
        checkGroup("stack");
    }

    @Test
    void sse() {
        checkGroup("sse");
    }

    @Test
    void control() {
        checkGroup("control");
    }
}
