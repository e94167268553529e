package dev.davit.lower.aarch64.inst;

import dev.davit.codegen.OperandVisitor;
import dev.davit.codegen.Reg;
import dev.davit.ir.AtomicRmwOp;
import java.util.ArrayList;
import java.util.List;

/**
 * An AArch64 machine instruction. Registers are Regs (virtual before allocation, pinned physical
 * after). AArch64 is a three-address machine, so apart from {@link MovK} (which keeps the other
 * halfwords of its destination) no record ties an output to an input.
 *
 * <p>{@link #visitOperands} reports each register operand, in a fixed order (uses first, then
 * defs), and rebuilds the record when the visitor {@link OperandVisitor#rewrites() rewrites}.
 * Register 31 is visited like any physical register; whether an operand position means {@code sp}
 * or {@code xzr} is fixed by the instruction form and noted on each record.
 */
public sealed interface AArch64Inst {
    AArch64Inst visitOperands(OperandVisitor v);

    /** A plain 64-bit register copy (GPR or FP) the allocator may coalesce. */
    default boolean isMove() {
        return this instanceof Mov m && m.size() == AArch64Size.S64 || this instanceof FpuMove;
    }

    private static void checkShift(AArch64Size size, int amount) {
        if (amount >= size.bits()) {
            throw new IllegalArgumentException("shift amount " + amount + " at " + size);
        }
    }

    /**
     * Scaled offsets must fit the access size. A transfer register equal to a written-back base is
     * UNPREDICTABLE (Arm ARM C6.2 LDR (immediate), STR (immediate)), except for register 31, which
     * as a base is sp and as a transfer register xzr.
     */
    private static void checkAmode(AArch64MemOp op, int rt, AArch64Amode amode) {
        if (amode instanceof AArch64Amode.UnsignedOffset(_, int offset)) {
            check(offset % op.bytes() == 0 && offset / op.bytes() <= 0xFFF,
                    "offset " + offset + " is no scaled 12-bit offset for " + op + ": use Unscaled");
        }
        int base = switch (amode) {
            case AArch64Amode.PreIndexed a -> a.base();
            case AArch64Amode.PostIndexed a -> a.base();
            default -> Reg.INVALID;
        };
        check(base == Reg.INVALID || rt != base || isZr(rt), "transfer register is the written-back base");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what);
        }
    }

    // ------------------------------------------------------------------ integer ALU

    /**
     * {@code rd = rn op rm}, three registers: add/sub/adds/subs and the logical ops as the
     * shifted-register form with no shift, the variable shifts, divisions and high multiplies.
     * Register 31 is the zero register everywhere (the flag-setting ops with {@code rd = xzr} are
     * {@code cmp}/{@code cmn}/{@code tst}).
     */
    record AluRRR(AArch64AluOp op, AArch64Size size, int rd, int rn, int rm) implements AArch64Inst {
        public AluRRR {
            check(size == AArch64Size.S64 || (op != AArch64AluOp.SMULH && op != AArch64AluOp.UMULH), op + " is 64-bit only");
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int m = v.use(rm);
            int d = v.def(rd);
            return v.rewrites() ? new AluRRR(op, size, d, n, m) : this;
        }
    }

    /**
     * {@code rd = rn op #imm12{, lsl #12}} for add/sub/adds/subs. {@code rn} is sp when 31;
     * {@code rd} is sp for add/sub and xzr for adds/subs ({@code cmp}/{@code cmn}).
     */
    record AluRRImm12(AArch64AluOp op, AArch64Size size, int rd, int rn, AArch64Imm12 imm) implements AArch64Inst {
        public AluRRImm12 {
            check(op.isAddSub(), op + " has no imm12 form");
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int d = v.def(rd);
            return v.rewrites() ? new AluRRImm12(op, size, d, n, imm) : this;
        }
    }

    /**
     * {@code rd = rn op #bitmask} for and/orr/eor/ands. {@code rn} is xzr when 31; {@code rd} is sp
     * for and/orr/eor, xzr for ands ({@code tst}).
     */
    record AluRRImmLogic(AArch64AluOp op, AArch64Size size, int rd, int rn, AArch64ImmLogic imm) implements AArch64Inst {
        public AluRRImmLogic {
            check(op.hasImmLogicForm(), op + " has no bitmask-immediate form");
            check(imm.size() == size, "bitmask immediate size " + imm.size() + " for " + size);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int d = v.def(rd);
            return v.rewrites() ? new AluRRImmLogic(op, size, d, n, imm) : this;
        }
    }

    /**
     * {@code rd = rn op (rm <shift> #amount)}: add/sub/adds/subs (not ROR) and every logical op.
     * Register 31 is xzr throughout.
     */
    record AluRRRShift(AArch64AluOp op, AArch64Size size, int rd, int rn, int rm, AArch64Shift shift) implements AArch64Inst {
        public AluRRRShift {
            check(op.isAddSub() || op.isLogical(), op + " has no shifted-register form");
            check(!op.isAddSub() || shift.op() != AArch64ShiftOp.ROR, "add/sub cannot rotate");
            checkShift(size, shift.amount());
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int m = v.use(rm);
            int d = v.def(rd);
            return v.rewrites() ? new AluRRRShift(op, size, d, n, m, shift) : this;
        }
    }

    /**
     * {@code rd = rn op (extend(rm) << amount)}, amount 0..4, add/sub/adds/subs. {@code rn} is sp
     * when 31; {@code rd} is sp for add/sub, xzr for adds/subs. {@code rm} is named as an X
     * register for the 64-bit extends and a W register otherwise.
     */
    record AluRRRExtend(AArch64AluOp op, AArch64Size size, int rd, int rn, int rm, AArch64ExtendOp extend, int amount)
            implements AArch64Inst {
        public AluRRRExtend {
            check(op.isAddSub(), op + " has no extended-register form");
            check(amount >= 0 && amount <= 4, "extend shift " + amount);
            check(size == AArch64Size.S64 || !extend.is64(), "64-bit extend on a 32-bit operation");
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int m = v.use(rm);
            int d = v.def(rd);
            return v.rewrites() ? new AluRRRExtend(op, size, d, n, m, extend, amount) : this;
        }
    }

    /** {@code rd = ra + rn * rm} (madd) or {@code ra - rn * rm} (msub); xzr for 31. */
    record AluRRRR(boolean sub, AArch64Size size, int rd, int rn, int rm, int ra) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int m = v.use(rm);
            int a = v.use(ra);
            int d = v.def(rd);
            return v.rewrites() ? new AluRRRR(sub, size, d, n, m, a) : this;
        }
    }

    /**
     * Shift or rotate by an immediate: {@code lsl}/{@code lsr}/{@code asr} (aliases of UBFM/SBFM)
     * and {@code ror} (alias of EXTR with both sources {@code rn}).
     */
    record AluRRImmShift(AArch64ShiftOp op, AArch64Size size, int rd, int rn, int amount) implements AArch64Inst {
        public AluRRImmShift {
            check(amount >= 0, "shift amount " + amount);
            checkShift(size, amount);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int d = v.def(rd);
            return v.rewrites() ? new AluRRImmShift(op, size, d, n, amount) : this;
        }
    }

    /** Raw {@code sbfm}/{@code ubfm rd, rn, #immr, #imms} (bitfield extracts and inserts into zero). */
    record Bitfield(boolean signed, AArch64Size size, int rd, int rn, int immr, int imms) implements AArch64Inst {
        public Bitfield {
            check(immr >= 0 && immr < size.bits() && imms >= 0 && imms < size.bits(), "bitfield #" + immr + ", #" + imms);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int d = v.def(rd);
            return v.rewrites() ? new Bitfield(signed, size, d, n, immr, imms) : this;
        }
    }

    enum BitOp {
        RBIT("rbit"), REV16("rev16"),
        /** Bytes reversed within each 32-bit word: {@code rev32} on X, {@code rev} on W. */
        REV32("rev32"),
        /** 64-bit only. */
        REV64("rev"),
        CLZ("clz"), CLS("cls");

        private final String mnemonic;

        BitOp(String mnemonic) {
            this.mnemonic = mnemonic;
        }

        public String mnemonic() {
            return mnemonic;
        }
    }

    /** One-source data processing (Arm ARM C4.1 "Data-processing (1 source)"). */
    record BitRR(BitOp op, AArch64Size size, int rd, int rn) implements AArch64Inst {
        public BitRR {
            check(op != BitOp.REV64 || size == AArch64Size.S64, "rev64 is 64-bit only");
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int d = v.def(rd);
            return v.rewrites() ? new BitRR(op, size, d, n) : this;
        }
    }

    /**
     * Sign or zero extension from 8, 16 or 32 bits to 32 or 64: {@code sxtb/sxth/sxtw},
     * {@code uxtb/uxth} (a 32-bit write, which clears the upper half, serves 64 too) and, for zero
     * extension from 32, {@code mov wd, wn}.
     */
    record Extend(int rd, int rn, boolean signed, int fromBits, int toBits) implements AArch64Inst {
        public Extend {
            check((fromBits == 8 || fromBits == 16 || fromBits == 32) && (toBits == 32 || toBits == 64) && fromBits < toBits,
                    "extend " + fromBits + " to " + toBits);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int d = v.def(rd);
            return v.rewrites() ? new Extend(d, n, signed, fromBits, toBits) : this;
        }
    }

    /**
     * Register copy {@code mov rd, rm} (ORR with xzr). At 64 bits a move the allocator may
     * coalesce; at 32 it clears the upper half. Register 31 is xzr: copying sp needs
     * {@code add rd, sp, #0} ({@link AluRRImm12}).
     */
    record Mov(AArch64Size size, int rd, int rm) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int m = v.use(rm);
            int d = v.def(rd);
            return v.rewrites() ? new Mov(size, d, m) : this;
        }
    }

    /** {@code movz}/{@code movn rd, #imm16, lsl #shift}. */
    record MovWide(AArch64MoveWide.Op op, AArch64Size size, int rd, int imm16, int shift) implements AArch64Inst {
        public MovWide {
            check(op != AArch64MoveWide.Op.MOVK, "use MovK");
            new AArch64MoveWide.Step(op, imm16, shift);
            check(shift < size.bits(), "shift " + shift + " at " + size);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int d = v.def(rd);
            return v.rewrites() ? new MovWide(op, size, d, imm16, shift) : this;
        }
    }

    /** {@code movk}: replaces one halfword of {@code rn}, the rest kept, so {@code rd} reuses {@code rn}. */
    record MovK(AArch64Size size, int rn, int rd, int imm16, int shift) implements AArch64Inst {
        public MovK {
            new AArch64MoveWide.Step(AArch64MoveWide.Op.MOVK, imm16, shift);
            check(shift < size.bits(), "shift " + shift + " at " + size);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int d = v.reuseDef(rd, 0);
            return v.rewrites() ? new MovK(size, n, d, imm16, shift) : this;
        }
    }

    /**
     * Any constant into {@code rd}: one {@code orr rd, zr, #bitmask} when that is shorter, else
     * the shortest MOVZ/MOVN + MOVK sequence of {@link AArch64MoveWide#sequence}. The sequence
     * writes {@code rd} before it is complete, which needs no care as there are no inputs.
     */
    record MovImm(AArch64Size size, int rd, long value) implements AArch64Inst {
        public MovImm {
            // The ORR form would write sp, the move-wide form xzr: neither is a constant load.
            check(!isZr(rd), "constant into register 31");
            value = size.mask(value);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int d = v.def(rd);
            return v.rewrites() ? new MovImm(size, d, value) : this;
        }
    }

    // ------------------------------------------------------------------ memory

    /** Load {@code rt} ({@code ldrb} ... {@code ldr x}); register 31 as {@code rt} is xzr. */
    record Load(AArch64MemOp op, int rt, AArch64Amode amode) implements AArch64Inst {
        public Load {
            checkAmode(op, rt, amode);
            check(op.isLoad(), op + " is a store");
            check(!(amode instanceof AArch64Amode.Label || amode instanceof AArch64Amode.Const) || op.hasLiteralForm(),
                    op + " has no literal form");
            check(!(amode instanceof AArch64Amode.Const c) || c.size() == op.bytes(), "literal size");
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            AArch64Amode a = amode.visitUses(v);
            int t = v.def(rt);
            return v.rewrites() ? new Load(op, t, a) : this;
        }
    }

    /** Store {@code rt} ({@code strb}, {@code strh}, {@code str w/x}); register 31 as {@code rt} is xzr. */
    record Store(AArch64MemOp op, int rt, AArch64Amode amode) implements AArch64Inst {
        public Store {
            checkAmode(op, rt, amode);
            check(!op.isLoad(), op + " is a load");
            check(!(amode instanceof AArch64Amode.Label || amode instanceof AArch64Amode.Const), "no literal store");
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int t = v.use(rt);
            AArch64Amode a = amode.visitUses(v);
            return v.rewrites() ? new Store(op, t, a) : this;
        }
    }

    /** {@code ldp rt, rt2, [...]} of two X registers (distinct: the same register twice is UNPREDICTABLE). */
    record LoadP64(int rt, int rt2, AArch64PairAmode amode) implements AArch64Inst {
        public LoadP64 {
            check(rt != rt2 || !Reg.isPhysical(rt), "ldp into the same register twice");
            check(amode instanceof AArch64PairAmode.SignedOffset
                    || (rt != amode.base() && rt2 != amode.base()), "ldp writing back into a loaded register");
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            AArch64PairAmode a = amode.visitUses(v);
            int t = v.def(rt);
            int t2 = v.def(rt2);
            return v.rewrites() ? new LoadP64(t, t2, a) : this;
        }
    }

    /** {@code stp rt, rt2, [...]} of two X registers. */
    record StoreP64(int rt, int rt2, AArch64PairAmode amode) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int t = v.use(rt);
            int t2 = v.use(rt2);
            AArch64PairAmode a = amode.visitUses(v);
            return v.rewrites() ? new StoreP64(t, t2, a) : this;
        }
    }

    // ------------------------------------------------------------------ atomics

    private static void checkAtomicBits(int bits) {
        check(bits == 8 || bits == 16 || bits == 32 || bits == 64, "atomic access of " + bits + " bits");
    }

    /**
     * {@code ldarb}/{@code ldarh}/{@code ldar rt, [rn]}: a load-acquire of {@code bits} (zero-extended),
     * which with {@link StoreRelease} gives CLIF's sequentially consistent atomics (Arm ARM B2.3.7:
     * a store-release is never reordered with a later load-acquire). {@code rn} is sp when 31.
     */
    record LoadAcquire(int bits, int rt, int rn) implements AArch64Inst {
        public LoadAcquire {
            checkAtomicBits(bits);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int t = v.def(rt);
            return v.rewrites() ? new LoadAcquire(bits, t, n) : this;
        }
    }

    /** {@code stlrb}/{@code stlrh}/{@code stlr rt, [rn]}: a store-release of the low {@code bits} of {@code rt}. */
    record StoreRelease(int bits, int rt, int rn) implements AArch64Inst {
        public StoreRelease {
            checkAtomicBits(bits);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int t = v.use(rt);
            int n = v.use(rn);
            return v.rewrites() ? new StoreRelease(bits, t, n) : this;
        }
    }

    /** {@code dmb ish}: a full barrier over the inner shareable domain (Arm ARM C6.2 DMB). */
    record Fence() implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            return this;
        }
    }

    /**
     * {@code <op>al{b,h} rs, rt, [rn]} (FEAT_LSE): atomically {@code rt = [rn]; [rn] = op([rn], rs)}
     * with acquire and release semantics; the old value arrives zero-extended, narrow min/max
     * compare at the access width. {@code rt} is never register 31 (that would be the ST* alias).
     */
    record AtomicRmwLse(int bits, AArch64LseOp op, int rs, int rt, int rn) implements AArch64Inst {
        public AtomicRmwLse {
            checkAtomicBits(bits);
            check(!isZr(rt), "LSE atomic into register 31");
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int s = v.use(rs);
            int n = v.use(rn);
            int t = v.def(rt);
            return v.rewrites() ? new AtomicRmwLse(bits, op, s, t, n) : this;
        }
    }

    /**
     * {@code casal{b,h} rs, rt, [rn]} (FEAT_LSE, Arm ARM C6.2 CASB, CASH, CAS): compares
     * {@code [rn]} with {@code rs} at the access width, stores {@code rt} if equal, and always
     * leaves the old value in {@code rs}: the result {@code old} reuses the register of
     * {@code expected}.
     */
    record CasLse(int bits, int expected, int replacement, int rn, int old) implements AArch64Inst {
        public CasLse {
            checkAtomicBits(bits);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int e = v.use(expected);
            int r = v.use(replacement);
            int n = v.use(rn);
            int d = v.reuseDef(old, 0);
            return v.rewrites() ? new CasLse(bits, e, r, n, d) : this;
        }
    }

    /**
     * An {@code atomic_rmw} without LSE, as Cranelift emits it: a load-acquire-exclusive /
     * store-release-exclusive loop (Arm ARM B2.9 "Synchronization and semaphores").
     * <pre>
     * again: ldaxr{b,h} old, [addr]
     *        {@link #body()}                  // tmp = op(old, operand)
     *        stlxr{b,h} status, tmp, [addr]  // operand instead of tmp for xchg
     *        cbnz status, again
     * </pre>
     * {@code old} (the result), {@code tmp} and {@code status} are written while {@code addr} and
     * {@code operand} are still read, hence early defs; that also keeps {@code status} apart from
     * the stored register and the base, which STLXR makes CONSTRAINED UNPREDICTABLE (Arm ARM C6.2
     * STLXR).
     */
    record AtomicRmwLoop(int bits, AtomicRmwOp op, int addr, int operand, int old, int tmp, int status)
            implements AArch64Inst {
        public AtomicRmwLoop {
            checkAtomicBits(bits);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int a = v.use(addr);
            int o = v.use(operand);
            int d = v.earlyDef(old);
            int t = v.earlyDef(tmp);
            int st = v.earlyDef(status);
            return v.rewrites() ? new AtomicRmwLoop(bits, op, a, o, d, t, st) : this;
        }

        /** The register stored back: the new value, or the operand itself for {@code xchg}. */
        public int stored() {
            return op == AtomicRmwOp.XCHG ? operand : tmp;
        }

        /**
         * The instructions computing {@code tmp = op(old, operand)} between the exclusive load and
         * store; the emitter and the printer both walk this list. Narrow values run at 32 bits
         * ({@code old} is zero-extended by the load, the stored bits are the low ones); narrow
         * min/max compare through an extended-register {@code cmp} so that the operand's undefined
         * upper bits do not count.
         */
        public List<AArch64Inst> body() {
            AArch64Size size = bits == 64 ? AArch64Size.S64 : AArch64Size.S32;
            List<AArch64Inst> out = new ArrayList<>(3);
            switch (op) {
                case ADD -> out.add(new AluRRR(AArch64AluOp.ADD, size, tmp, old, operand));
                case SUB -> out.add(new AluRRR(AArch64AluOp.SUB, size, tmp, old, operand));
                case AND -> out.add(new AluRRR(AArch64AluOp.AND, size, tmp, old, operand));
                case OR -> out.add(new AluRRR(AArch64AluOp.ORR, size, tmp, old, operand));
                case XOR -> out.add(new AluRRR(AArch64AluOp.EOR, size, tmp, old, operand));
                case NAND -> {
                    out.add(new AluRRR(AArch64AluOp.AND, size, tmp, old, operand));
                    out.add(new AluRRR(AArch64AluOp.ORN, size, tmp, AArch64Regs.XZR, tmp));
                }
                case XCHG -> {
                }
                case UMIN -> minMax(out, size, false, AArch64Cond.LO);
                case UMAX -> minMax(out, size, false, AArch64Cond.HI);
                case SMIN -> minMax(out, size, true, AArch64Cond.LT);
                case SMAX -> minMax(out, size, true, AArch64Cond.GT);
            }
            return out;
        }

        /** {@code tmp = old <cond> operand ? old : operand}. */
        private void minMax(List<AArch64Inst> out, AArch64Size size, boolean signed, AArch64Cond cond) {
            int lhs = old;
            if (bits < 32) {
                AArch64ExtendOp ext = switch (bits) {
                    case 8 -> signed ? AArch64ExtendOp.SXTB : AArch64ExtendOp.UXTB;
                    default -> signed ? AArch64ExtendOp.SXTH : AArch64ExtendOp.UXTH;
                };
                if (signed) {
                    out.add(new Extend(tmp, old, true, bits, 32));
                    lhs = tmp;
                }
                out.add(new AluRRRExtend(AArch64AluOp.SUBS, size, AArch64Regs.XZR, lhs, operand, ext, 0));
            } else {
                out.add(new AluRRR(AArch64AluOp.SUBS, size, AArch64Regs.XZR, old, operand));
            }
            out.add(new CSel(CSelOp.CSEL, size, cond, tmp, old, operand));
        }
    }

    /**
     * An {@code atomic_cas} without LSE:
     * <pre>
     * again: ldaxr{b,h} old, [addr]
     *        cmp old, expected{, uxtb/uxth}
     *        b.ne out
     *        stlxr{b,h} status, replacement, [addr]
     *        cbnz status, again
     * out:
     * </pre>
     * Early defs as in {@link AtomicRmwLoop}.
     */
    record AtomicCasLoop(int bits, int addr, int expected, int replacement, int old, int status) implements AArch64Inst {
        public AtomicCasLoop {
            checkAtomicBits(bits);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int a = v.use(addr);
            int e = v.use(expected);
            int r = v.use(replacement);
            int d = v.earlyDef(old);
            int st = v.earlyDef(status);
            return v.rewrites() ? new AtomicCasLoop(bits, a, e, r, d, st) : this;
        }

        /** The compare of the loaded value with the expected one, at the access width. */
        public AArch64Inst compare() {
            return switch (bits) {
                case 8 -> new AluRRRExtend(AArch64AluOp.SUBS, AArch64Size.S32, AArch64Regs.XZR, old, expected,
                        AArch64ExtendOp.UXTB, 0);
                case 16 -> new AluRRRExtend(AArch64AluOp.SUBS, AArch64Size.S32, AArch64Regs.XZR, old, expected,
                        AArch64ExtendOp.UXTH, 0);
                case 32 -> new AluRRR(AArch64AluOp.SUBS, AArch64Size.S32, AArch64Regs.XZR, old, expected);
                default -> new AluRRR(AArch64AluOp.SUBS, AArch64Size.S64, AArch64Regs.XZR, old, expected);
            };
        }
    }

    // ------------------------------------------------------------------ conditional

    enum CSelOp {
        CSEL("csel"), CSINC("csinc"), CSINV("csinv"), CSNEG("csneg");

        private final String mnemonic;

        CSelOp(String mnemonic) {
            this.mnemonic = mnemonic;
        }

        public String mnemonic() {
            return mnemonic;
        }
    }

    /** {@code rd = cond ? rn : op(rm)} where op is identity, +1, NOT or negation. */
    record CSel(CSelOp op, AArch64Size size, AArch64Cond cond, int rd, int rn, int rm) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int m = v.use(rm);
            int d = v.def(rd);
            return v.rewrites() ? new CSel(op, size, cond, d, n, m) : this;
        }
    }

    /** {@code cset} (1 if cond holds, else 0) or {@code csetm} (all ones or 0). */
    record CSet(AArch64Size size, AArch64Cond cond, int rd, boolean mask) implements AArch64Inst {
        public CSet {
            check(cond != AArch64Cond.AL && cond != AArch64Cond.NV, "cset needs a real condition");
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int d = v.def(rd);
            return v.rewrites() ? new CSet(size, cond, d, mask) : this;
        }
    }

    /** {@code ccmp rn, rm, #nzcv, cond}: flags of {@code rn - rm} if cond holds, else {@code nzcv}. */
    record CCmp(AArch64Size size, int rn, int rm, int nzcv, AArch64Cond cond) implements AArch64Inst {
        public CCmp {
            check(nzcv >= 0 && nzcv <= 15, "nzcv " + nzcv);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int m = v.use(rm);
            return v.rewrites() ? new CCmp(size, n, m, nzcv, cond) : this;
        }
    }

    /** {@code ccmp rn, #imm5, #nzcv, cond}. */
    record CCmpImm(AArch64Size size, int rn, int imm5, int nzcv, AArch64Cond cond) implements AArch64Inst {
        public CCmpImm {
            check(nzcv >= 0 && nzcv <= 15, "nzcv " + nzcv);
            check(imm5 >= 0 && imm5 <= 31, "imm5 " + imm5);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            return v.rewrites() ? new CCmpImm(size, n, imm5, nzcv, cond) : this;
        }
    }

    // ------------------------------------------------------------------ scalar floating point

    /**
     * Copy of a scalar FP register, {@code fmov dd, dn}: 64 bits, which carries an f32 (in the low
     * half) as well as an f64; the allocator may coalesce it.
     */
    record FpuMove(int rd, int rn) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int d = v.def(rd);
            return v.rewrites() ? new FpuMove(d, n) : this;
        }
    }

    /** {@code fmov sd/dd, #imm}: the constant {@link AArch64FpImm#decode decode(imm8)}. */
    record FpuMovImm(AArch64Size size, int rd, int imm8) implements AArch64Inst {
        public FpuMovImm {
            check(imm8 >= 0 && imm8 <= 0xFF, "imm8 " + imm8);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int d = v.def(rd);
            return v.rewrites() ? new FpuMovImm(size, d, imm8) : this;
        }
    }

    /** {@code rd = op(rn)} on s ({@code S32}) or d ({@code S64}) registers; see {@link AArch64FpuOp1}. */
    record FpuRR(AArch64FpuOp1 op, AArch64Size size, int rd, int rn) implements AArch64Inst {
        public FpuRR {
            // fcvt to its own precision is unallocated (C6.2 FCVT).
            check(op.resultSize(size) != size || (op != AArch64FpuOp1.FCVT_TO_S && op != AArch64FpuOp1.FCVT_TO_D),
                    op + " from " + size);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int d = v.def(rd);
            return v.rewrites() ? new FpuRR(op, size, d, n) : this;
        }
    }

    /** {@code rd = rn op rm} on s or d registers. */
    record FpuRRR(AArch64FpuOp2 op, AArch64Size size, int rd, int rn, int rm) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int m = v.use(rm);
            int d = v.def(rd);
            return v.rewrites() ? new FpuRRR(op, size, d, n, m) : this;
        }
    }

    /** {@code fmadd rd, rn, rm, ra}: {@code ra + rn * rm} with one rounding. */
    record FpuMAdd(AArch64Size size, int rd, int rn, int rm, int ra) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int m = v.use(rm);
            int a = v.use(ra);
            int d = v.def(rd);
            return v.rewrites() ? new FpuMAdd(size, d, n, m, a) : this;
        }
    }

    /**
     * {@code fcmp rn, rm}: NZCV = 0110 equal, 1000 less, 0010 greater, 0011 unordered (Arm ARM
     * C6.2 FCMP), so that V alone tells an unordered result.
     */
    record FpuCmp(AArch64Size size, int rn, int rm) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int m = v.use(rm);
            return v.rewrites() ? new FpuCmp(size, n, m) : this;
        }
    }

    /** {@code fcsel rd, rn, rm, cond}: {@code cond ? rn : rm} on s or d registers. */
    record FpuCSel(AArch64Size size, AArch64Cond cond, int rd, int rn, int rm) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int m = v.use(rm);
            int d = v.def(rd);
            return v.rewrites() ? new FpuCSel(size, cond, d, n, m) : this;
        }
    }

    /**
     * A move or conversion between a GPR of {@code intSize} and an FP register of {@code fpSize}
     * (see {@link AArch64FpIntOp}); which of {@code rd}, {@code rn} is the GPR follows from the op.
     * A bit move has both of one width.
     */
    record FpuIntCvt(AArch64FpIntOp op, AArch64Size intSize, AArch64Size fpSize, int rd, int rn) implements AArch64Inst {
        public FpuIntCvt {
            check(op.rmode() != 0 || op.opcode() < 0b110 || intSize == fpSize, "fmov between different widths");
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int d = v.def(rd);
            return v.rewrites() ? new FpuIntCvt(op, intSize, fpSize, d, n) : this;
        }
    }

    // ------------------------------------------------------------------ control flow

    /** {@code b label}, subject to the buffer's branch simplification. */
    record Jump(int label) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            return this;
        }
    }

    /** Block terminator: branch on {@code kind} to {@code taken}, then {@code b notTaken}; usually reduced to one branch. */
    record CondBr(AArch64CondBrKind kind, int taken, int notTaken) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            AArch64CondBrKind k = kind.visitUses(v);
            return v.rewrites() ? new CondBr(k, taken, notTaken) : this;
        }
    }

    /** Branch on {@code kind} to {@code label}, falling through otherwise. */
    record OneWayCondBr(AArch64CondBrKind kind, int label) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            AArch64CondBrKind k = kind.visitUses(v);
            return v.rewrites() ? new OneWayCondBr(k, label) : this;
        }
    }

    /** Indirect jump {@code br rn}. */
    record Br(int rn) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            return v.rewrites() ? new Br(n) : this;
        }
    }

    /**
     * Jump through a table of 32-bit offsets relative to the table, placed right after the jump:
     * {@code adr tmp1, table; ldrsw tmp2, [tmp1, idx, uxtw #2]; add tmp1, tmp1, tmp2; br tmp1}.
     * The index is a bounds-checked 32-bit value. The temporaries are written while {@code idx} is
     * still to be read, hence early defs.
     */
    record JmpTableSeq(int idx, int tmp1, int tmp2, int[] targets) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int i = v.use(idx);
            int t1 = v.earlyDef(tmp1);
            int t2 = v.earlyDef(tmp2);
            return v.rewrites() ? new JmpTableSeq(i, t1, t2, targets) : this;
        }
    }

    /**
     * Register effects of a call: arguments in fixed registers, results in fixed registers, and
     * caller-saved registers clobbered (masks by hardware encoding; V registers in
     * {@code clobberFloat}). {@code callSiteInfo} is recorded with the call site.
     * {@code calleePopBytes} is what a callee of the {@code tail} convention takes off the stack on
     * return (its stack arguments): the call is followed by {@code sub sp, sp, #pop}, so that sp is
     * back at the bottom of the frame, where the outgoing area and the frame's sp offsets expect it.
     */
    record CallInfo(int[] uses, int[] usePregs, int[] defs, int[] defPregs, long clobberInt, long clobberFloat,
                    int callSiteInfo, int calleePopBytes) {
        public CallInfo {
            check(calleePopBytes >= 0 && calleePopBytes % 16 == 0, "callee pops " + calleePopBytes + " bytes");
        }

        /** A call to a callee that leaves its stack arguments to the caller. */
        public CallInfo(int[] uses, int[] usePregs, int[] defs, int[] defPregs, long clobberInt, long clobberFloat,
                        int callSiteInfo) {
            this(uses, usePregs, defs, defPregs, clobberInt, clobberFloat, callSiteInfo, 0);
        }

        CallInfo visit(OperandVisitor v) {
            int[] u = v.fixedUses(uses, usePregs);
            int[] d = v.fixedDefs(defs, defPregs);
            v.clobbers(clobberInt, clobberFloat, 0);
            return v.rewrites()
                    ? new CallInfo(u, usePregs, d, defPregs, clobberInt, clobberFloat, callSiteInfo, calleePopBytes)
                    : this;
        }

        public static CallInfo none() {
            return new CallInfo(new int[0], new int[0], new int[0], new int[0], 0, 0, 0, 0);
        }
    }

    /** {@code bl name} with an Arm64Call relocation. */
    record Call(int name, CallInfo info) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            CallInfo i = info.visit(v);
            return v.rewrites() ? new Call(name, i) : this;
        }
    }

    /** {@code blr rn}. */
    record CallInd(int rn, CallInfo info) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            CallInfo i = info.visit(v);
            return v.rewrites() ? new CallInd(n, i) : this;
        }
    }

    /**
     * Tail call {@code b name} (Arm64Call relocation: CALL26 and JUMP26 patch the same imm26
     * field). The function emitter puts the epilogue in front of it; the arguments are fixed
     * uses, in registers the epilogue leaves alone.
     */
    record ReturnCall(int name, int[] uses, int[] usePregs) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int[] u = v.fixedUses(uses, usePregs);
            return v.rewrites() ? new ReturnCall(name, u, usePregs) : this;
        }
    }

    /**
     * Tail call {@code br rn}. The epilogue restores callee-saved registers, so the function
     * emitter first copies {@code rn} to x17 (IP1, never allocated) and emits this with
     * {@code rn} = x17 after the epilogue.
     */
    record ReturnCallInd(int rn, int[] uses, int[] usePregs) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int[] u = v.fixedUses(uses, usePregs);
            return v.rewrites() ? new ReturnCallInd(n, u, usePregs) : this;
        }
    }

    /**
     * {@code rd = sp + (offset of stack slot slot) + disp}: the slot's place is known only once the
     * frame is laid out after allocation, so the frame ({@code AArch64Frame}) turns this into
     * {@code add rd, sp, #off} or, for a far slot, {@code mov rd, #off; add rd, sp, rd} at emission.
     */
    record StackSlotAddr(int rd, int slot, int disp) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int d = v.def(rd);
            return v.rewrites() ? new StackSlotAddr(d, slot, disp) : this;
        }
    }

    /** {@code ret} (to x30); {@code rets} are the returned values in fixed registers. */
    record Ret(int[] rets, int[] retPregs) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int[] r = v.fixedUses(rets, retPregs);
            return v.rewrites() ? new Ret(r, retPregs) : this;
        }
    }

    /** Function arguments arriving in fixed registers: emits nothing, defines the vregs. */
    record Args(int[] defs, int[] defPregs) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int[] d = v.fixedDefs(defs, defPregs);
            return v.rewrites() ? new Args(d, defPregs) : this;
        }
    }

    /** {@code adr rd, label} (±1 MiB). */
    record Adr(int rd, int label) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int d = v.def(rd);
            return v.rewrites() ? new Adr(d, label) : this;
        }
    }

    /** {@code adrp rd, name+addend}: the 4 KiB page of an external name (ADR_PREL_PG_HI21 relocation). */
    record Adrp(int rd, int name, long addend) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int d = v.def(rd);
            return v.rewrites() ? new Adrp(d, name, addend) : this;
        }
    }

    /** {@code add rd, rn, :lo12:name+addend} completing an {@link Adrp} (ADD_ABS_LO12_NC relocation). */
    record AddLo12(int rd, int rn, int name, long addend) implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            int n = v.use(rn);
            int d = v.def(rd);
            return v.rewrites() ? new AddLo12(d, n, name, addend) : this;
        }
    }

    /**
     * Traps with {@code trapCode} if {@code kind} holds: a branch to a {@code udf} the buffer places
     * out of line ({@link dev.davit.codegen.buffer.MachBuffer#deferTrap}).
     */
    record TrapIf(AArch64CondBrKind kind, int trapCode) implements AArch64Inst {
        public TrapIf {
            check(trapCode >= 0 && trapCode <= 0xFFFF, "trap code " + trapCode);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            AArch64CondBrKind k = kind.visitUses(v);
            return v.rewrites() ? new TrapIf(k, trapCode) : this;
        }
    }

    /** {@code udf #trapCode} with a trap record: permanently undefined, raises SIGILL. */
    record Udf(int trapCode) implements AArch64Inst {
        public Udf {
            check(trapCode >= 0 && trapCode <= 0xFFFF, "trap code " + trapCode);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            return this;
        }
    }

    /** {@code brk #imm} (debug breakpoint, SIGTRAP). */
    record Brk(int imm) implements AArch64Inst {
        public Brk {
            check(imm >= 0 && imm <= 0xFFFF, "brk #" + imm);
        }

        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            return this;
        }
    }

    record Nop() implements AArch64Inst {
        @Override
        public AArch64Inst visitOperands(OperandVisitor v) {
            return this;
        }
    }

    // ------------------------------------------------------------------ aliases

    /** {@code cmp rn, rm} = {@code subs xzr, rn, rm}. */
    static AArch64Inst cmp(AArch64Size size, int rn, int rm) {
        return new AluRRR(AArch64AluOp.SUBS, size, AArch64Regs.XZR, rn, rm);
    }

    /** {@code cmp rn, #imm} = {@code subs xzr, rn, #imm}. */
    static AArch64Inst cmpImm(AArch64Size size, int rn, AArch64Imm12 imm) {
        return new AluRRImm12(AArch64AluOp.SUBS, size, AArch64Regs.XZR, rn, imm);
    }

    /** {@code cmn rn, rm} = {@code adds xzr, rn, rm}. */
    static AArch64Inst cmn(AArch64Size size, int rn, int rm) {
        return new AluRRR(AArch64AluOp.ADDS, size, AArch64Regs.XZR, rn, rm);
    }

    /** {@code tst rn, rm} = {@code ands xzr, rn, rm}. */
    static AArch64Inst tst(AArch64Size size, int rn, int rm) {
        return new AluRRR(AArch64AluOp.ANDS, size, AArch64Regs.XZR, rn, rm);
    }

    /** {@code tst rn, #bitmask} = {@code ands xzr, rn, #bitmask}. */
    static AArch64Inst tstImm(AArch64Size size, int rn, AArch64ImmLogic imm) {
        return new AluRRImmLogic(AArch64AluOp.ANDS, size, AArch64Regs.XZR, rn, imm);
    }

    /** {@code mov rd, sp} / {@code mov sp, rn} = {@code add rd, rn, #0}. */
    static AArch64Inst movSp(int rd, int rn) {
        return new AluRRImm12(AArch64AluOp.ADD, AArch64Size.S64, rd, rn, new AArch64Imm12(0, false));
    }

    /** Whether {@code reg} is register 31 (for printing aliases). */
    static boolean isZr(int reg) {
        return reg != Reg.INVALID && AArch64Regs.isReg31(reg);
    }
}
