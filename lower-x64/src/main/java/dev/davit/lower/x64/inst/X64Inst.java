package dev.davit.lower.x64.inst;

import dev.davit.codegen.OperandVisitor;
import dev.davit.codegen.Reg;
import dev.davit.ir.AtomicRmwOp;

/**
 * An x86-64 machine instruction. Registers are Regs (virtual before allocation, pinned physical
 * after). Two-address forms carry a separate source and destination tied by a reuse constraint, so
 * that lowering can stay in SSA form; after allocation they hold the same register.
 *
 * <p>{@link #visitOperands} reports each register operand, in a fixed order, and rebuilds the
 * record when the visitor {@link OperandVisitor#rewrites() rewrites}. Reuse constraints name the
 * operand index in that order; a reused input is therefore always visited first.
 */
public sealed interface X64Inst {
    X64Inst visitOperands(OperandVisitor v);

    /** A plain register copy the allocator may coalesce: a 64-bit {@link MovRR}, or movaps between XMMs. */
    default boolean isMove() {
        return this instanceof MovRR m && m.size() == X64Size.S64
                || this instanceof XmmUnary x && x.op() == X64SseOp.MOVAPS && x.src() instanceof X64RegMem.Reg;
    }

    private static int rax() {
        return X64Regs.preg(X64Regs.RAX);
    }

    private static int rdx() {
        return X64Regs.preg(X64Regs.RDX);
    }

    private static void checkImm(X64Size size, int imm) {
        if (size == X64Size.S8 && (imm < -128 || imm > 255) || size == X64Size.S16 && (imm < -32768 || imm > 65535)) {
            throw new IllegalArgumentException("immediate " + imm + " does not fit " + size);
        }
    }

    private static void checkSize(X64Size size, X64Size... allowed) {
        for (X64Size a : allowed) {
            if (a == size) {
                return;
            }
        }
        throw new IllegalArgumentException("operand size " + size + " not allowed");
    }

    // ------------------------------------------------------------------ integer ALU

    /** {@code dst = src1 op src2} for add/or/adc/sbb/and/sub/xor; flags set. */
    record AluRmiR(X64Size size, X64AluOp op, int src1, X64RegMemImm src2, int dst) implements X64Inst {
        public AluRmiR {
            if (op == X64AluOp.CMP) {
                throw new IllegalArgumentException("use CmpRmiR for cmp");
            }
            if (src2 instanceof X64RegMemImm.Imm(int v)) {
                checkImm(size, v);
            }
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s1 = v.use(src1);
            X64RegMemImm s2 = src2.visitUses(v);
            int d = v.reuseDef(dst, 0);
            return v.rewrites() ? new AluRmiR(size, op, s1, s2, d) : this;
        }
    }

    /** {@code [dst] = [dst] op src} (read-modify-write memory); {@code src} is a register or an immediate. */
    record AluM(X64Size size, X64AluOp op, X64Amode dst, X64RegMemImm src) implements X64Inst {
        public AluM {
            if (src instanceof X64RegMem.Mem) {
                throw new IllegalArgumentException("memory source with memory destination");
            }
            if (src instanceof X64RegMemImm.Imm(int v)) {
                checkImm(size, v);
            }
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64Amode a = dst.visitUses(v);
            X64RegMemImm s = src.visitUses(v);
            return v.rewrites() ? new AluM(size, op, a, s) : this;
        }
    }

    enum CmpOp { CMP, TEST }

    /** Sets flags from {@code src1 - src2} (cmp) or {@code src1 & src2} (test). */
    record CmpRmiR(X64Size size, CmpOp op, int src1, X64RegMemImm src2) implements X64Inst {
        public CmpRmiR {
            if (src2 instanceof X64RegMemImm.Imm(int v)) {
                checkImm(size, v);
            }
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s1 = v.use(src1);
            X64RegMemImm s2 = src2.visitUses(v);
            return v.rewrites() ? new CmpRmiR(size, op, s1, s2) : this;
        }
    }

    /** Two-operand {@code imul dst, src2} with {@code dst} tied to {@code src1} (16/32/64). */
    record Imul(X64Size size, int src1, X64RegMem src2, int dst) implements X64Inst {
        public Imul {
            checkSize(size, X64Size.S16, X64Size.S32, X64Size.S64);
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s1 = v.use(src1);
            X64RegMem s2 = src2.visitUses(v);
            int d = v.reuseDef(dst, 0);
            return v.rewrites() ? new Imul(size, s1, s2, d) : this;
        }
    }

    /** Three-operand {@code imul dst, src, imm} (16/32/64). */
    record ImulImm(X64Size size, X64RegMem src, int imm, int dst) implements X64Inst {
        public ImulImm {
            checkSize(size, X64Size.S16, X64Size.S32, X64Size.S64);
            checkImm(size, imm);
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64RegMem s = src.visitUses(v);
            int d = v.def(dst);
            return v.rewrites() ? new ImulImm(size, s, imm, d) : this;
        }
    }

    /**
     * One-operand {@code mul}/{@code imul}: {@code rdx:rax = rax * src}. For 8 bits the product
     * lands in {@code ax} and {@code dstHi} is {@link Reg#INVALID}.
     */
    record Mul(X64Size size, boolean signed, int srcRax, X64RegMem src, int dstLo, int dstHi) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int a = v.fixedUse(srcRax, rax());
            X64RegMem s = src.visitUses(v);
            int lo = v.fixedDef(dstLo, rax());
            int hi = dstHi == Reg.INVALID ? dstHi : v.fixedDef(dstHi, rdx());
            return v.rewrites() ? new Mul(size, signed, a, s, lo, hi) : this;
        }
    }

    /**
     * {@code div}/{@code idiv}: quotient and remainder of {@code rdx:rax / divisor} into rax and
     * rdx. For 8 bits the dividend is {@code ax}, quotient al and remainder ah; {@code dividendHi}
     * and {@code dstRem} are then {@link Reg#INVALID}. The hardware raises #DE on a zero divisor or
     * an overflowing quotient; {@code trapCode} is recorded at the instruction.
     */
    record Div(X64Size size, boolean signed, int dividendLo, int dividendHi, X64RegMem divisor,
               int dstQuot, int dstRem, int trapCode) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int lo = v.fixedUse(dividendLo, rax());
            int hi = dividendHi == Reg.INVALID ? dividendHi : v.fixedUse(dividendHi, rdx());
            X64RegMem d = divisor.visitUses(v);
            int q = v.fixedDef(dstQuot, rax());
            int r = dstRem == Reg.INVALID ? dstRem : v.fixedDef(dstRem, rdx());
            return v.rewrites() ? new Div(size, signed, lo, hi, d, q, r, trapCode) : this;
        }
    }

    /**
     * Sign-extends the accumulator for a division: cbw (al to ax, {@code dst} is rax), cwd/cdq/cqo
     * (ax/eax/rax into dx/edx/rdx, {@code dst} is rdx).
     */
    record SignExtendData(X64Size size, int src, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s = v.fixedUse(src, rax());
            int d = v.fixedDef(dst, size == X64Size.S8 ? rax() : rdx());
            return v.rewrites() ? new SignExtendData(size, s, d) : this;
        }
    }

    enum UnaryOp { NEG, NOT }

    /** {@code neg}/{@code not} in place. */
    record Unary(X64Size size, UnaryOp op, int src, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s = v.use(src);
            int d = v.reuseDef(dst, 0);
            return v.rewrites() ? new Unary(size, op, s, d) : this;
        }
    }

    /** Shift or rotate by {@code cl}; {@code amount} is fixed to rcx. */
    record ShiftCl(X64Size size, X64ShiftKind kind, int src, int amount, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s = v.use(src);
            int a = v.fixedUse(amount, X64Regs.preg(X64Regs.RCX));
            int d = v.reuseDef(dst, 0);
            return v.rewrites() ? new ShiftCl(size, kind, s, a, d) : this;
        }
    }

    /** Shift or rotate by an immediate count (0..63). */
    record ShiftImm(X64Size size, X64ShiftKind kind, int src, int amount, int dst) implements X64Inst {
        public ShiftImm {
            if (amount < 0 || amount > 63) {
                throw new IllegalArgumentException("shift amount " + amount);
            }
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s = v.use(src);
            int d = v.reuseDef(dst, 0);
            return v.rewrites() ? new ShiftImm(size, kind, s, amount, d) : this;
        }
    }

    /** lzcnt/tzcnt/popcnt/bsr/bsf {@code dst, src} (16/32/64). */
    record BitCount(X64Size size, X64BitOp op, X64RegMem src, int dst) implements X64Inst {
        public BitCount {
            checkSize(size, X64Size.S16, X64Size.S32, X64Size.S64);
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64RegMem s = src.visitUses(v);
            int d = v.def(dst);
            return v.rewrites() ? new BitCount(size, op, s, d) : this;
        }
    }

    /** Byte swap in place (32/64). */
    record Bswap(X64Size size, int src, int dst) implements X64Inst {
        public Bswap {
            checkSize(size, X64Size.S32, X64Size.S64);
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s = v.use(src);
            int d = v.reuseDef(dst, 0);
            return v.rewrites() ? new Bswap(size, s, d) : this;
        }
    }

    // ------------------------------------------------------------------ moves

    /** Zero extension; LQ is a 32-bit {@code mov}, which clears the upper half. */
    record Movzx(X64ExtMode mode, X64RegMem src, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64RegMem s = src.visitUses(v);
            int d = v.def(dst);
            return v.rewrites() ? new Movzx(mode, s, d) : this;
        }
    }

    /** Sign extension (movsx, movsxd for LQ). */
    record Movsx(X64ExtMode mode, X64RegMem src, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64RegMem s = src.visitUses(v);
            int d = v.def(dst);
            return v.rewrites() ? new Movsx(mode, s, d) : this;
        }
    }

    /**
     * Register copy. At size 64 this is a plain move the allocator may coalesce; at 32 it also
     * zeroes the upper half.
     */
    record MovRR(X64Size size, int src, int dst) implements X64Inst {
        public MovRR {
            checkSize(size, X64Size.S32, X64Size.S64);
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s = v.use(src);
            int d = v.def(dst);
            return v.rewrites() ? new MovRR(size, s, d) : this;
        }
    }

    /** Load: {@code mov dst, [src]}. 8- and 16-bit loads leave the register's upper bits unchanged. */
    record Load(X64Size size, X64Amode src, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64Amode a = src.visitUses(v);
            int d = v.def(dst);
            return v.rewrites() ? new Load(size, a, d) : this;
        }
    }

    /** Store: {@code mov [dst], src}. */
    record Store(X64Size size, int src, X64Amode dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s = v.use(src);
            X64Amode a = dst.visitUses(v);
            return v.rewrites() ? new Store(size, s, a) : this;
        }
    }

    /**
     * {@code mov dst, imm}. At size 64 an immediate that fits a sign-extended 32 bits uses
     * {@code C7 /0}, any other is a 10-byte {@code movabs}; a non-negative value below 2^32 is
     * better emitted at size 32.
     */
    record MovImm(X64Size size, long imm, int dst) implements X64Inst {
        public MovImm {
            if (size != X64Size.S64) {
                checkImm(size, (int) imm);
                if (size == X64Size.S32 && (imm < Integer.MIN_VALUE || imm > 0xFFFF_FFFFL)) {
                    throw new IllegalArgumentException("immediate " + imm + " does not fit S32");
                }
            }
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int d = v.def(dst);
            return v.rewrites() ? new MovImm(size, imm, d) : this;
        }
    }

    /** {@code mov [dst], imm} with the immediate sign-extended to the size. */
    record StoreImm(X64Size size, int imm, X64Amode dst) implements X64Inst {
        public StoreImm {
            checkImm(size, imm);
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64Amode a = dst.visitUses(v);
            return v.rewrites() ? new StoreImm(size, imm, a) : this;
        }
    }

    /** {@code lea dst, [addr]} (32/64). */
    record Lea(X64Size size, X64Amode addr, int dst) implements X64Inst {
        public Lea {
            checkSize(size, X64Size.S32, X64Size.S64);
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64Amode a = addr.visitUses(v);
            int d = v.def(dst);
            return v.rewrites() ? new Lea(size, a, d) : this;
        }
    }

    /** {@code movabs dst, name + addend}: the absolute address of an external name (Abs8 relocation). */
    record LoadExtName(int dst, int name, long addend) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int d = v.def(dst);
            return v.rewrites() ? new LoadExtName(d, name, addend) : this;
        }
    }

    /** {@code dst = cc ? consequent : alternative}, as {@code cmovcc} over a copy of the alternative (16/32/64). */
    record Cmove(X64Size size, X64CC cc, int alternative, X64RegMem consequent, int dst) implements X64Inst {
        public Cmove {
            checkSize(size, X64Size.S16, X64Size.S32, X64Size.S64);
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int alt = v.use(alternative);
            X64RegMem c = consequent.visitUses(v);
            int d = v.reuseDef(dst, 0);
            return v.rewrites() ? new Cmove(size, cc, alt, c, d) : this;
        }
    }

    /** {@code setcc dst}: writes only the low byte. */
    record Setcc(X64CC cc, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int d = v.def(dst);
            return v.rewrites() ? new Setcc(cc, d) : this;
        }
    }

    record Push(X64RegMemImm src) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64RegMemImm s = src.visitUses(v);
            return v.rewrites() ? new Push(s) : this;
        }
    }

    record Pop(int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int d = v.def(dst);
            return v.rewrites() ? new Pop(d) : this;
        }
    }

    // ------------------------------------------------------------------ SSE (scalar floating point)

    /**
     * {@code dst = src1 op src2} on the low lane (addss, minsd, ...) or all lanes (andps, xorpd, used
     * on scalars with sign masks), {@code dst} tied to {@code src1}. A packed operation's memory
     * operand would need 16-byte alignment, so lowering gives those registers only.
     */
    record XmmRmR(X64SseOp op, int src1, X64RegMem src2, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s1 = v.use(src1);
            X64RegMem s2 = src2.visitUses(v);
            int d = v.reuseDef(dst, 0);
            return v.rewrites() ? new XmmRmR(op, s1, s2, d) : this;
        }
    }

    /**
     * {@code op dst, src} whose low lane depends on {@code src} only: sqrtss/sd, cvtss2sd/cvtsd2ss,
     * movaps (a register copy), movss/movsd (a load from memory). The lanes above a scalar are
     * undefined, so what these keep of {@code dst} does not matter.
     */
    record XmmUnary(X64SseOp op, X64RegMem src, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64RegMem s = src.visitUses(v);
            int d = v.def(dst);
            return v.rewrites() ? new XmmUnary(op, s, d) : this;
        }
    }

    /** {@code movss/movsd [dst], src} ({@code op} is MOVSS or MOVSD). */
    record XmmStore(X64SseOp op, int src, X64Amode dst) implements X64Inst {
        public XmmStore {
            if (op != X64SseOp.MOVSS && op != X64SseOp.MOVSD) {
                throw new IllegalArgumentException("not a scalar store: " + op);
            }
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s = v.use(src);
            X64Amode a = dst.visitUses(v);
            return v.rewrites() ? new XmmStore(op, s, a) : this;
        }
    }

    /** {@code movd/movq xmm, r/m} (32/64): the bits of a GPR or memory into the low lane, the rest zeroed. */
    record GprToXmm(X64Size size, X64RegMem src, int dst) implements X64Inst {
        public GprToXmm {
            checkSize(size, X64Size.S32, X64Size.S64);
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64RegMem s = src.visitUses(v);
            int d = v.def(dst);
            return v.rewrites() ? new GprToXmm(size, s, d) : this;
        }
    }

    /** {@code movd/movq r, xmm} (32/64): the low lane's bits into a GPR (a 32-bit move zero-extends). */
    record XmmToGpr(X64Size size, int src, int dst) implements X64Inst {
        public XmmToGpr {
            checkSize(size, X64Size.S32, X64Size.S64);
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s = v.use(src);
            int d = v.def(dst);
            return v.rewrites() ? new XmmToGpr(size, s, d) : this;
        }
    }

    /** {@code cvtsi2ss/cvtsi2sd xmm, r/m} of a signed 32- or 64-bit integer ({@code dbl}: to f64). */
    record CvtIntToFloat(boolean dbl, X64Size size, X64RegMem src, int dst) implements X64Inst {
        public CvtIntToFloat {
            checkSize(size, X64Size.S32, X64Size.S64);
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64RegMem s = src.visitUses(v);
            int d = v.def(dst);
            return v.rewrites() ? new CvtIntToFloat(dbl, size, s, d) : this;
        }
    }

    /**
     * SSE4.1 {@code roundss/roundsd dst, src, mode} ({@code dbl}: f64): mode 0 to nearest (ties to
     * even), 1 down (floor), 2 up (ceil), 3 toward zero (trunc).
     */
    record XmmRound(boolean dbl, int mode, X64RegMem src, int dst) implements X64Inst {
        public XmmRound {
            if (mode < 0 || mode > 3) {
                throw new IllegalArgumentException("rounding mode " + mode);
            }
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64RegMem s = src.visitUses(v);
            int d = v.def(dst);
            return v.rewrites() ? new XmmRound(dbl, mode, s, d) : this;
        }
    }

    /**
     * {@code cvttss2si/cvttsd2si r, xmm/m} ({@code dbl}: from f64) to a 32- or 64-bit signed integer,
     * truncating; NaNs and values out of range give the "integer indefinite" value, the minimum.
     */
    record CvtFloatToInt(boolean dbl, X64Size size, X64RegMem src, int dst) implements X64Inst {
        public CvtFloatToInt {
            checkSize(size, X64Size.S32, X64Size.S64);
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64RegMem s = src.visitUses(v);
            int d = v.def(dst);
            return v.rewrites() ? new CvtFloatToInt(dbl, size, s, d) : this;
        }
    }

    /**
     * {@code ucomiss/ucomisd src1, src2}: ZF, PF, CF = 1, 1, 1 when unordered, 0, 0, 1 when
     * {@code src1 < src2}, 1, 0, 0 when equal, 0, 0, 0 when greater (SDM vol. 2B UCOMISS).
     */
    record XmmCmp(X64SseOp op, int src1, X64RegMem src2) implements X64Inst {
        public XmmCmp {
            if (op != X64SseOp.UCOMISS && op != X64SseOp.UCOMISD) {
                throw new IllegalArgumentException("not a compare: " + op);
            }
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s1 = v.use(src1);
            X64RegMem s2 = src2.visitUses(v);
            return v.rewrites() ? new XmmCmp(op, s1, s2) : this;
        }
    }

    /**
     * {@code dst = cc ? consequent : alternative} for XMM values, which have no cmov: {@code dst}
     * tied to the alternative, then {@code j!cc} over a {@code movaps dst, consequent}.
     */
    record XmmCmove(X64CC cc, int alternative, int consequent, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int alt = v.use(alternative);
            int c = v.use(consequent);
            int d = v.reuseDef(dst, 0);
            return v.rewrites() ? new XmmCmove(cc, alt, c, d) : this;
        }
    }

    /**
     * Cranelift's fmin/fmax ({@code dbl}: f64), {@code dst} tied to {@code lhs}: NaN when either
     * operand is one, and -0.0 below +0.0. minss/maxss return their second operand for NaNs and for
     * equal operands, so those two cases are handled apart: {@code ucomis lhs, rhs}; unordered
     * gives {@code lhs + rhs} (a NaN); equal gives {@code lhs | rhs} for min and {@code lhs & rhs}
     * for max (only the sign bits can differ); else minss/maxss.
     */
    record XmmMinMaxSeq(boolean dbl, boolean min, int lhs, int rhs, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int l = v.use(lhs);
            int r = v.use(rhs);
            int d = v.reuseDef(dst, 0);
            return v.rewrites() ? new XmmMinMaxSeq(dbl, min, l, r, d) : this;
        }

        /** The instructions of the sequence, in order: compare, then the equal, NaN and ordinary cases. */
        public X64Inst[] parts() {
            X64RegMem r = new X64RegMem.Reg(rhs);
            return new X64Inst[] {
                new XmmCmp(dbl ? X64SseOp.UCOMISD : X64SseOp.UCOMISS, dst, r),
                new XmmRmR(min ? (dbl ? X64SseOp.ORPD : X64SseOp.ORPS) : (dbl ? X64SseOp.ANDPD : X64SseOp.ANDPS), dst, r, dst),
                new XmmRmR(dbl ? X64SseOp.ADDSD : X64SseOp.ADDSS, dst, r, dst),
                new XmmRmR(min ? (dbl ? X64SseOp.MINSD : X64SseOp.MINSS) : (dbl ? X64SseOp.MAXSD : X64SseOp.MAXSS), dst, r, dst),
            };
        }
    }

    // ------------------------------------------------------------------ control flow

    /** Unconditional jump to a label (rel32), subject to the buffer's branch simplification. */
    record Jmp(int label) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            return this;
        }
    }

    /** Block terminator: {@code jcc taken; jmp notTaken}; the buffer usually reduces it to one branch. */
    record JmpCond(X64CC cc, int taken, int notTaken) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            return this;
        }
    }

    /** {@code jcc label}, falling through otherwise. */
    record JmpIf(X64CC cc, int label) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            return this;
        }
    }

    /** Indirect jump (jump tables). */
    record JmpUnknown(X64RegMem target) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64RegMem t = target.visitUses(v);
            return v.rewrites() ? new JmpUnknown(t) : this;
        }
    }

    /**
     * Jump through a table of 32-bit offsets relative to the table, placed right after the jump:
     * {@code lea tmp1, [rip+table]; movsxd tmp2, [tmp1+idx*4]; add tmp1, tmp2; jmp tmp1}. The index
     * must already be bounds-checked and zero-extended to 64 bits. The temporaries are written
     * while {@code idx} is still to be read, hence early defs.
     */
    record JmpTableSeq(int idx, int tmp1, int tmp2, int[] targets) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int i = v.use(idx);
            int t1 = v.earlyDef(tmp1);
            int t2 = v.earlyDef(tmp2);
            return v.rewrites() ? new JmpTableSeq(i, t1, t2, targets) : this;
        }
    }

    /**
     * Register effects of a call: arguments in fixed registers, results in fixed registers, and
     * caller-saved registers clobbered (masks by hardware encoding; XMMs in {@code clobberFloat}).
     * {@code callSiteInfo} is recorded with the call site. A callee that pops its stack arguments
     * ({@code tail}) leaves rsp {@code calleePopBytes} higher; the call itself moves it back, so that no
     * instruction the allocator inserts after the call (a spill, a return-area load) ever sees the
     * shifted rsp.
     */
    record CallInfo(int[] uses, int[] usePregs, int[] defs, int[] defPregs, long clobberInt, long clobberFloat,
                    int callSiteInfo, int calleePopBytes) {
        CallInfo visit(OperandVisitor v) {
            int[] u = v.fixedUses(uses, usePregs);
            int[] d = v.fixedDefs(defs, defPregs);
            v.clobbers(clobberInt, clobberFloat, 0);
            return v.rewrites() ? new CallInfo(u, usePregs, d, defPregs, clobberInt, clobberFloat, callSiteInfo, calleePopBytes) : this;
        }

        public static CallInfo none() {
            return new CallInfo(new int[0], new int[0], new int[0], new int[0], 0, 0, 0, 0);
        }
    }

    /** {@code call name} (rel32 with an X86CallPCRel4 relocation). */
    record CallKnown(int name, CallInfo info) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            CallInfo i = info.visit(v);
            return v.rewrites() ? new CallKnown(name, i) : this;
        }
    }

    /** {@code call r/m}. */
    record CallUnknown(X64RegMem target, CallInfo info) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            X64RegMem t = target.visitUses(v);
            CallInfo i = info.visit(v);
            return v.rewrites() ? new CallUnknown(t, i) : this;
        }
    }

    /**
     * {@code return_call}: the epilogue, then {@code jmp name} (rel32 with an X86CallPCRel4
     * relocation). The arguments are in fixed registers ({@code uses}); stack arguments were stored
     * over this function's own incoming ones. Ends the function like {@link Ret}.
     */
    record ReturnCallKnown(int name, int[] uses, int[] usePregs) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int[] u = v.fixedUses(uses, usePregs);
            return v.rewrites() ? new ReturnCallKnown(name, u, usePregs) : this;
        }
    }

    /**
     * {@code return_call_indirect}: {@code mov r11, target}, the epilogue (which restores the
     * callee-saved registers, so the target cannot stay in one), then {@code jmp r11}. r11 is the
     * allocator's scratch register, never live across an instruction.
     */
    record ReturnCallUnknown(int target, int[] uses, int[] usePregs) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int t = v.use(target);
            int[] u = v.fixedUses(uses, usePregs);
            return v.rewrites() ? new ReturnCallUnknown(t, u, usePregs) : this;
        }
    }

    /** {@code ret} / {@code ret popBytes}; {@code rets} are the returned values in fixed registers. */
    record Ret(int[] rets, int[] retPregs, int popBytes) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int[] r = v.fixedUses(rets, retPregs);
            return v.rewrites() ? new Ret(r, retPregs, popBytes) : this;
        }
    }

    /** Function arguments arriving in fixed registers: emits nothing, defines the vregs. */
    record Args(int[] defs, int[] defPregs) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int[] d = v.fixedDefs(defs, defPregs);
            return v.rewrites() ? new Args(d, defPregs) : this;
        }
    }

    /**
     * Traps with {@code trapCode} if {@code cc} holds: a {@code jcc} to a {@code ud2} the buffer
     * places out of line ({@link dev.davit.codegen.buffer.MachBuffer#deferTrap}).
     */
    record TrapIf(X64CC cc, int trapCode) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            return this;
        }
    }

    /** {@code mfence}: orders every earlier load and store before every later one (seq-cst stores, fence). */
    record Mfence() implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            return this;
        }
    }

    /**
     * {@code lock xadd [addr], src} ({@code xchg [addr], src} when {@code xchg}, locked implicitly):
     * memory gets {@code old + src} (or {@code src}) and the register the old value, so {@code dst}
     * reuses {@code src}'s register.
     */
    record AtomicXadd(X64Size size, boolean xchg, X64Amode addr, int src, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int s = v.use(src);
            X64Amode a = addr.visitUses(v);
            int d = v.reuseDef(dst, 0);
            return v.rewrites() ? new AtomicXadd(size, xchg, a, s, d) : this;
        }
    }

    /** {@code lock cmpxchg [addr], replacement}: compares with rax ({@code expected}), the old value in rax. */
    record AtomicCas(X64Size size, X64Amode addr, int expected, int replacement, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int e = v.fixedUse(expected, rax());
            int r = v.use(replacement);
            X64Amode a = addr.visitUses(v);
            int d = v.fixedDef(dst, rax());
            return v.rewrites() ? new AtomicCas(size, a, e, r, d) : this;
        }
    }

    /**
     * A read-modify-write with no single x86 instruction, as a compare-exchange loop: load the old
     * value into rax, compute {@code op(old, operand)} in {@code temp}, {@code lock cmpxchg} it in,
     * retry until nothing changed the memory in between. rax and {@code temp} are written while the
     * address and operand are still read, so they are early defs.
     */
    record AtomicRmwLoop(X64Size size, AtomicRmwOp op, X64Amode addr, int operand, int temp, int dst) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            int o = v.use(operand);
            X64Amode a = addr.visitUses(v);
            int t = v.earlyDef(temp);
            int d = v.operand(dst, dev.davit.codegen.Operand.DEF, dev.davit.codegen.Operand.EARLY,
                    dev.davit.codegen.Operand.fixed(rax()));
            return v.rewrites() ? new AtomicRmwLoop(size, op, a, o, t, d) : this;
        }

        /** The load of the old value into rax (zero-extended when narrow), before the loop. */
        public X64Inst load() {
            return switch (size) {
                case S8 -> new Movzx(X64ExtMode.BL, new X64RegMem.Mem(addr), dst);
                case S16 -> new Movzx(X64ExtMode.WL, new X64RegMem.Mem(addr), dst);
                default -> new Load(size, addr, dst);
            };
        }

        /**
         * The loop body, after which a {@code jnz} goes back to its start: the new value in
         * {@code temp}, then {@code lock cmpxchg}. The emitter and the printer both walk this list.
         */
        public java.util.List<X64Inst> body() {
            X64Size wide = size == X64Size.S64 ? X64Size.S64 : X64Size.S32;
            X64RegMem src = new X64RegMem.Reg(operand);
            java.util.List<X64Inst> out = new java.util.ArrayList<>(5);
            out.add(new MovRR(X64Size.S64, dst, temp));
            switch (op) {
                case ADD -> out.add(new AluRmiR(wide, X64AluOp.ADD, temp, src, temp));
                case SUB -> out.add(new AluRmiR(wide, X64AluOp.SUB, temp, src, temp));
                case AND -> out.add(new AluRmiR(wide, X64AluOp.AND, temp, src, temp));
                case OR -> out.add(new AluRmiR(wide, X64AluOp.OR, temp, src, temp));
                case XOR -> out.add(new AluRmiR(wide, X64AluOp.XOR, temp, src, temp));
                case NAND -> {
                    out.add(new AluRmiR(wide, X64AluOp.AND, temp, src, temp));
                    out.add(new Unary(wide, UnaryOp.NOT, temp, temp));
                }
                case XCHG -> out.add(new MovRR(X64Size.S64, operand, temp));
                // Keep the old value when it wins the comparison, else take the operand; the
                // compare is at the exact width (the upper bits of narrow values are not defined).
                case UMIN -> minMax(out, X64CC.AE, wide, src);
                case UMAX -> minMax(out, X64CC.BE, wide, src);
                case SMIN -> minMax(out, X64CC.GE, wide, src);
                case SMAX -> minMax(out, X64CC.LE, wide, src);
            }
            out.add(new AtomicCas(size, addr, dst, temp, dst));
            return out;
        }

        private void minMax(java.util.List<X64Inst> out, X64CC takeOperand, X64Size wide, X64RegMem src) {
            out.add(new CmpRmiR(size, CmpOp.CMP, temp, src));
            out.add(new Cmove(wide, takeOperand, temp, src, temp));
        }
    }

    /** {@code ud2} with a trap record. */
    record Ud2(int trapCode) implements X64Inst {
        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            return this;
        }
    }

    /** {@code len} bytes of the recommended multi-byte NOPs. */
    record Nop(int len) implements X64Inst {
        public Nop {
            if (len < 0) {
                throw new IllegalArgumentException("nop length " + len);
            }
        }

        @Override
        public X64Inst visitOperands(OperandVisitor v) {
            return this;
        }
    }
}
