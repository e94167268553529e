package dev.davit.ir.interpreter;

import dev.davit.ir.AtomicRmwOp;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.GlobalValueData;
import dev.davit.ir.MemFlags;
import dev.davit.ir.TrapCode;
import dev.davit.ir.Type;
import java.math.BigInteger;

/**
 * The state of one {@link Interpreter#call}: memory, the pinned register, fuel, and the run loop.
 * Values live in per-frame {@code long[] lo, hi} files indexed by value number (narrow values
 * zero-extended, 128-bit values and vectors split across the pair, lanes little-endian), so a
 * scalar instruction is an array read, a little arithmetic and an array write.
 */
final class Machine {
    final Interpreter owner;
    final Memory mem = new Memory();
    long fuel;
    long pinned;
    private int depth;

    /** Values of the last return (or libcall), read by the caller right away. */
    long[] retLo = new long[8], retHi = new long[8];
    int retCount;

    private long[] tmpLo = new long[16], tmpHi = new long[16];
    private final Wide w = new Wide();

    // A pending tail call, set by run() when it returns through return_call.
    private FunctionEntry tailCallee;
    private long[] tailLo, tailHi;
    private int tailN;
    private String lastWhere = "?";

    private final long fuelLimit;

    Machine(Interpreter owner, long fuel) {
        this.owner = owner;
        this.fuel = fuel;
        this.fuelLimit = fuel;
    }

    String where() { return lastWhere; }

    void invoke(FunctionEntry fe, long[] argLo, long[] argHi, int nargs) {
        if (fe.libcall != null) {
            libcall(fe.libcall, argLo, argHi, nargs);
            return;
        }
        if (++depth > Interpreter.MAX_CALL_DEPTH) {
            throw new Trap(TrapCode.STACK_OVERFLOW, "stk_ovf: call depth exceeds " + Interpreter.MAX_CALL_DEPTH);
        }
        try {
            while (true) {
                CompiledFunction f = fe.compiled(owner);
                if (nargs != f.entryParams.length) {
                    throw new Trap(InterpreterResult.BAD_SIGNATURE, "bad_sig: " + fe.name + " called with " + nargs
                            + " arguments, takes " + f.entryParams.length);
                }
                long[] lo = new long[f.numValues], hi = new long[f.numValues];
                for (int i = 0; i < nargs; i++) {
                    lo[f.entryParams[i]] = argLo[i];
                    hi[f.entryParams[i]] = argHi[i];
                }
                if (f.maxBlockArgs > tmpLo.length) {
                    tmpLo = new long[f.maxBlockArgs];
                    tmpHi = new long[f.maxBlockArgs];
                }
                int savedSp = mem.sp;
                long slotBase = Memory.STACK_BASE + (f.frameSize > 0 ? mem.alloc(f.frameSize, 16) : mem.sp);
                run(f, lo, hi, slotBase);
                mem.sp = savedSp;
                if (tailCallee == null) return;
                fe = tailCallee;
                argLo = tailLo;
                argHi = tailHi;
                nargs = tailN;
                tailCallee = null;
                if (fe.libcall != null) {
                    libcall(fe.libcall, argLo, argHi, nargs);
                    return;
                }
            }
        } finally {
            depth--;
        }
    }

    private int branch(Insn.Target t, long[] lo, long[] hi) {
        int[] src = t.src;
        int n = src.length;
        if (n == 0) return t.pc;
        long[] tl = tmpLo, th = tmpHi;
        for (int i = 0; i < n; i++) {
            int v = src[i];
            if (v >= 0) {
                tl[i] = lo[v];
                th[i] = hi[v];
            } else if (DataFlowGraph.blockArgIsRet(v)) {
                int k = DataFlowGraph.blockArgIndex(v);
                tl[i] = retLo[k];
                th[i] = retHi[k];
            } else {
                throw new InterpreterException("exception payloads are never produced: nothing the interpreter runs throws");
            }
        }
        int[] params = t.params;
        for (int i = 0; i < n; i++) {
            lo[params[i]] = tl[i];
            hi[params[i]] = th[i];
        }
        return t.pc;
    }

    private static boolean truthy(long[] lo, long[] hi, int v) { return (lo[v] | hi[v]) != 0; }

    // =====================================================================================
    // The run loop
    // =====================================================================================

    private void run(CompiledFunction f, long[] lo, long[] hi, long slotBase) {
        Insn[] code = f.code;
        int pc = f.entryPc;
        Insn in = null;
        try {
            while (true) {
                in = code[pc++];
                if (--fuel < 0) {
                    throw new InterpreterException.FuelExhausted("out of fuel: more than " + fuelLimit
                            + " instructions executed (an infinite loop?)");
                }
                switch (in.op) {
                    case Ops.ICONST -> {
                        if (in.bits <= 64) lo[in.r] = in.imm & in.mask;
                        else { lo[in.r] = in.imm; hi[in.r] = in.imm >> 63; }
                    }
                    case Ops.IADD -> {
                        if (in.simple) lo[in.r] = (lo[in.a] + lo[in.b]) & in.mask;
                        else intBin(in, IntOps.ADD, lo, hi, lo[in.b], hi[in.b]);
                    }
                    case Ops.ISUB -> {
                        if (in.simple) lo[in.r] = (lo[in.a] - lo[in.b]) & in.mask;
                        else intBin(in, IntOps.SUB, lo, hi, lo[in.b], hi[in.b]);
                    }
                    case Ops.IMUL -> {
                        if (in.simple) lo[in.r] = (lo[in.a] * lo[in.b]) & in.mask;
                        else intBin(in, IntOps.MUL, lo, hi, lo[in.b], hi[in.b]);
                    }
                    case Ops.BAND -> { lo[in.r] = lo[in.a] & lo[in.b]; hi[in.r] = hi[in.a] & hi[in.b]; }
                    case Ops.BOR -> { lo[in.r] = lo[in.a] | lo[in.b]; hi[in.r] = hi[in.a] | hi[in.b]; }
                    case Ops.BXOR -> { lo[in.r] = lo[in.a] ^ lo[in.b]; hi[in.r] = hi[in.a] ^ hi[in.b]; }
                    case Ops.ICMP -> {
                        Type t = in.argType;
                        if (t.isInt() && t.bits() <= 64) lo[in.r] = IntOps.icmp(in.icc, lo[in.a], lo[in.b], t.bits()) ? 1 : 0;
                        else icmp(in, lo, hi, lo[in.b], hi[in.b]);
                    }
                    case Ops.ICMP_IMM -> {
                        Type t = in.argType;
                        if (t.bits() <= 64) lo[in.r] = IntOps.icmp(in.icc, lo[in.a], in.imm & IntOps.mask(t.bits()), t.bits()) ? 1 : 0;
                        else icmp(in, lo, hi, in.imm, in.imm >> 63);
                    }
                    case Ops.INT_BIN -> intBin(in, in.sub, lo, hi, lo[in.b], hi[in.b]);
                    case Ops.INT_BIN_IMM -> intBin(in, in.sub, lo, hi, in.imm & in.mask, in.bits > 64 ? in.imm >> 63 : 0);
                    case Ops.INT_UNARY -> intUnary(in, in.sub, lo, hi);
                    case Ops.SHIFT -> shift(in, lo, hi, lo[in.b]);
                    case Ops.SHIFT_IMM -> shift(in, lo, hi, in.imm);
                    case Ops.SELECT -> {
                        int s = truthy(lo, hi, in.a) ? in.b : in.c;
                        lo[in.r] = lo[s];
                        hi[in.r] = hi[s];
                    }
                    case Ops.BITSELECT -> {
                        lo[in.r] = (lo[in.a] & lo[in.b]) | (~lo[in.a] & lo[in.c]);
                        hi[in.r] = (hi[in.a] & hi[in.b]) | (~hi[in.a] & hi[in.c]);
                    }
                    case Ops.JUMP -> pc = branch(in.targets[0], lo, hi);
                    case Ops.BRIF -> pc = branch(in.targets[truthy(lo, hi, in.a) ? 0 : 1], lo, hi);
                    case Ops.BR_TABLE -> {
                        long idx = lo[in.a];
                        Insn.Target[] ts = in.targets;
                        pc = branch(idx >= 0 && idx < ts.length - 1 ? ts[(int) idx + 1] : ts[0], lo, hi);
                    }
                    case Ops.RETURN -> {
                        int n = in.args.length;
                        ensureRet(n);
                        for (int i = 0; i < n; i++) {
                            retLo[i] = lo[in.args[i]];
                            retHi[i] = hi[in.args[i]];
                        }
                        retCount = n;
                        return;
                    }
                    case Ops.CALL -> call(in, in.callee, 0, lo, hi);
                    case Ops.CALL_INDIRECT -> call(in, indirect(lo[in.a]), 1, lo, hi);
                    case Ops.TRY_CALL -> {
                        call(in, in.callee, 0, lo, hi);
                        pc = branch(in.targets[0], lo, hi);
                    }
                    case Ops.TRY_CALL_INDIRECT -> {
                        call(in, indirect(lo[in.a]), 1, lo, hi);
                        pc = branch(in.targets[0], lo, hi);
                    }
                    case Ops.RETURN_CALL -> {
                        tailCall(in, in.callee, 0, lo, hi);
                        return;
                    }
                    case Ops.RETURN_CALL_INDIRECT -> {
                        tailCall(in, indirect(lo[in.a]), 1, lo, hi);
                        return;
                    }
                    case Ops.FUNC_ADDR -> lo[in.r] = in.callee.address & in.mask;
                    case Ops.TRAP -> throw Trap.of(in.aux);
                    case Ops.TRAPZ -> { if (!truthy(lo, hi, in.a)) throw Trap.of(in.aux); }
                    case Ops.TRAPNZ -> { if (truthy(lo, hi, in.a)) throw Trap.of(in.aux); }
                    case Ops.DEBUGTRAP -> throw Trap.of(InterpreterResult.DEBUG);
                    case Ops.NOP -> { }
                    case Ops.FCONST -> lo[in.r] = in.imm & in.mask;
                    case Ops.CONST_POOL -> {
                        byte[] b = in.bytes;
                        lo[in.r] = le(b, 0);
                        hi[in.r] = b.length > 8 ? le(b, 8) : 0;
                    }
                    case Ops.OVF -> overflow(in, lo, hi);
                    case Ops.OVF_CARRY -> overflowCarry(in, lo, hi);
                    case Ops.UADD_TRAP -> {
                        intBin(in, IntOps.ADD, lo, hi, lo[in.b], hi[in.b]);
                        boolean carry = in.bits <= 64 ? Long.compareUnsigned(lo[in.r], lo[in.a]) < 0
                                : Wide.cmpUnsigned(lo[in.r], hi[in.r], lo[in.a], hi[in.a]) < 0;
                        if (carry) throw Trap.of(in.aux);
                    }
                    case Ops.FLOAT_BIN -> floatBin(in, lo, hi);
                    case Ops.FLOAT_UNARY -> floatUnary(in, lo, hi);
                    case Ops.FMA -> fma(in, lo, hi);
                    case Ops.FCMP -> fcmp(in, lo, hi);
                    case Ops.LOAD -> load(in, lo, hi);
                    case Ops.STORE -> store(in, lo, hi);
                    case Ops.STACK_ADDR -> lo[in.r] = (slotBase + f.slotOffset[in.ref] + in.imm) & in.mask;
                    case Ops.STACK_LOAD -> {
                        long addr = slotAddr(f, in, slotBase, in.type.bytes());
                        mem.locate(addr, in.type.bytes(), null);
                        readValue(in.type, false);
                        lo[in.r] = w.lo;
                        hi[in.r] = w.hi;
                    }
                    case Ops.STACK_STORE -> {
                        long addr = slotAddr(f, in, slotBase, in.argType.bytes());
                        mem.locate(addr, in.argType.bytes(), null);
                        writeValue(in.argType, lo[in.a], hi[in.a], false);
                    }
                    case Ops.GLOBAL_VALUE -> {
                        long v = globalValue(f, in.ref, lo, 0);
                        lo[in.r] = v & in.mask;
                    }
                    case Ops.GET_PINNED -> lo[in.r] = pinned & in.mask;
                    case Ops.SET_PINNED -> pinned = lo[in.a];
                    case Ops.UNSUPPORTED -> throw new InterpreterException.Unsupported(
                            in.unsupported == null ? "unsupported instruction" : in.unsupported);
                    default -> other(in, lo, hi);
                }
            }
        } catch (Trap t) {
            if (t.where == null) {
                t.where = f.entry.name + " " + (in == null ? "" : in.describe());
                lastWhere = t.where;
            }
            throw t;
        } catch (InterpreterException e) {
            e.addContext(f.entry.name + " " + (in == null ? "" : in.describe()));
            throw e;
        } catch (RuntimeException e) {
            InterpreterException ie = new InterpreterException("internal error: " + e);
            ie.initCause(e);
            ie.addContext(f.entry.name + " " + (in == null ? "" : in.describe()));
            throw ie;
        }
    }

    private void ensureRet(int n) {
        if (n > retLo.length) {
            retLo = new long[Math.max(n, retLo.length * 2)];
            retHi = new long[retLo.length];
        }
    }

    private static long le(byte[] b, int off) {
        long v = 0;
        int end = Math.min(b.length, off + 8);
        for (int i = end - 1; i >= off; i--) v = (v << 8) | (b[i] & 0xffL);
        return v;
    }

    // =====================================================================================
    // Calls
    // =====================================================================================

    private FunctionEntry indirect(long addr) {
        FunctionEntry e = owner.byAddress(addr);
        if (e == null) {
            throw new Trap(TrapCode.HEAP_OUT_OF_BOUNDS, "heap_oob: indirect call to 0x" + Long.toHexString(addr)
                    + ", which is not a function address");
        }
        return e;
    }

    private void call(Insn in, FunctionEntry callee, int first, long[] lo, long[] hi) {
        int n = in.args.length - first;
        long[] al = new long[n], ah = new long[n];
        for (int i = 0; i < n; i++) {
            al[i] = lo[in.args[first + i]];
            ah[i] = hi[in.args[first + i]];
        }
        invoke(callee, al, ah, n);
        int nr = in.results.length;
        if (retCount != nr && !(callee.libcall != null && retCount > nr) && in.op != Ops.TRY_CALL
                && in.op != Ops.TRY_CALL_INDIRECT) {
            throw new Trap(InterpreterResult.BAD_SIGNATURE, "bad_sig: " + callee.name + " returned " + retCount
                    + " values, the call expects " + nr);
        }
        for (int i = 0; i < nr; i++) {
            lo[in.results[i]] = retLo[i];
            hi[in.results[i]] = retHi[i];
        }
    }

    private void tailCall(Insn in, FunctionEntry callee, int first, long[] lo, long[] hi) {
        int n = in.args.length - first;
        long[] al = new long[n], ah = new long[n];
        for (int i = 0; i < n; i++) {
            al[i] = lo[in.args[first + i]];
            ah[i] = hi[in.args[first + i]];
        }
        tailCallee = callee;
        tailLo = al;
        tailHi = ah;
        tailN = n;
    }

    private void ret1(long v) {
        retLo[0] = v;
        retHi[0] = 0;
        retCount = 1;
    }

    private void libcall(String name, long[] a, long[] h, int n) {
        int want = switch (name) {
            case "FmaF32", "FmaF64", "Memcpy", "Memset", "Memmove", "Memcmp" -> 3;
            default -> 1;
        };
        if (n != want) throw new Trap(InterpreterResult.BAD_SIGNATURE, "bad_sig: %" + name + " takes " + want + " arguments");
        switch (name) {
            case "CeilF32" -> ret1(FloatOps.unary(FloatOps.CEIL, a[0], 32));
            case "CeilF64" -> ret1(FloatOps.unary(FloatOps.CEIL, a[0], 64));
            case "FloorF32" -> ret1(FloatOps.unary(FloatOps.FLOOR, a[0], 32));
            case "FloorF64" -> ret1(FloatOps.unary(FloatOps.FLOOR, a[0], 64));
            case "TruncF32" -> ret1(FloatOps.unary(FloatOps.TRUNC, a[0], 32));
            case "TruncF64" -> ret1(FloatOps.unary(FloatOps.TRUNC, a[0], 64));
            case "NearestF32" -> ret1(FloatOps.unary(FloatOps.NEAREST, a[0], 32));
            case "NearestF64" -> ret1(FloatOps.unary(FloatOps.NEAREST, a[0], 64));
            case "FmaF32" -> ret1(FloatOps.fma(a[0], a[1], a[2], 32));
            case "FmaF64" -> ret1(FloatOps.fma(a[0], a[1], a[2], 64));
            case "Memcpy", "Memmove" -> {
                int len = (int) Math.min(a[2], Integer.MAX_VALUE);
                byte[] tmp = new byte[len];
                if (len > 0) {
                    mem.locate(a[1], len, null);
                    System.arraycopy(mem.arr, mem.off, tmp, 0, len);
                    mem.locate(a[0], len, null);
                    System.arraycopy(tmp, 0, mem.arr, mem.off, len);
                }
                ret1(a[0]);
            }
            case "Memset" -> {
                int len = (int) Math.min(a[2], Integer.MAX_VALUE);
                if (len > 0) {
                    mem.locate(a[0], len, null);
                    java.util.Arrays.fill(mem.arr, mem.off, mem.off + len, (byte) a[1]);
                }
                ret1(a[0]);
            }
            case "Memcmp" -> {
                int len = (int) Math.min(a[2], Integer.MAX_VALUE);
                int r = 0;
                if (len > 0) {
                    mem.locate(a[0], len, null);
                    byte[] x = java.util.Arrays.copyOfRange(mem.arr, mem.off, mem.off + len);
                    mem.locate(a[1], len, null);
                    byte[] y = java.util.Arrays.copyOfRange(mem.arr, mem.off, mem.off + len);
                    r = Integer.signum(java.util.Arrays.compareUnsigned(x, y));
                }
                ret1(r & 0xffffffffL);
            }
            default -> throw new InterpreterException.Unsupported("libcall %" + name + " is not supported");
        }
    }

    // =====================================================================================
    // Integer operations
    // =====================================================================================

    private void intBin(Insn in, int op, long[] lo, long[] hi, long yl, long yh) {
        int r = in.r, a = in.a;
        if (in.lanes == 1) {
            if (in.bits <= 64) {
                lo[r] = IntOps.bin(op, lo[a], yl, in.bits);
            } else {
                w.bin(op, lo[a], hi[a], yl, yh);
                lo[r] = w.lo;
                hi[r] = w.hi;
            }
            return;
        }
        int lb = in.bits, n = in.lanes;
        long xl = lo[a], xh = hi[a], rl = 0, rh = 0;
        for (int i = 0; i < n; i++) {
            long v = IntOps.bin(op, Lanes.get(xl, xh, lb, i), Lanes.get(yl, yh, lb, i), lb);
            int bit = i * lb;
            if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
        }
        lo[r] = rl;
        hi[r] = rh;
    }

    private void shift(Insn in, long[] lo, long[] hi, long amount) {
        int r = in.r, a = in.a;
        if (in.lanes == 1) {
            if (in.bits <= 64) {
                lo[r] = IntOps.bin(in.sub, lo[a], amount, in.bits);
            } else {
                w.shift(in.sub, lo[a], hi[a], (int) (amount & 127));
                lo[r] = w.lo;
                hi[r] = w.hi;
            }
            return;
        }
        int lb = in.bits, n = in.lanes;
        long xl = lo[a], xh = hi[a], rl = 0, rh = 0;
        for (int i = 0; i < n; i++) {
            long v = IntOps.bin(in.sub, Lanes.get(xl, xh, lb, i), amount, lb);
            int bit = i * lb;
            if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
        }
        lo[r] = rl;
        hi[r] = rh;
    }

    private void intUnary(Insn in, int op, long[] lo, long[] hi) {
        int r = in.r, a = in.a;
        if (in.lanes == 1) {
            if (in.bits <= 64) {
                lo[r] = IntOps.unary(op, lo[a], in.bits);
            } else {
                w.unary(op, lo[a], hi[a]);
                lo[r] = w.lo;
                hi[r] = w.hi;
            }
            return;
        }
        int lb = in.bits, n = in.lanes;
        long xl = lo[a], xh = hi[a], rl = 0, rh = 0;
        for (int i = 0; i < n; i++) {
            long v = IntOps.unary(op, Lanes.get(xl, xh, lb, i), lb);
            int bit = i * lb;
            if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
        }
        lo[r] = rl;
        hi[r] = rh;
    }

    private void icmp(Insn in, long[] lo, long[] hi, long yl, long yh) {
        Type t = in.argType;
        int a = in.a, r = in.r;
        if (t.isScalar()) {
            lo[r] = Wide.icmp(in.icc, lo[a], hi[a], yl, yh) ? 1 : 0;
            return;
        }
        int lb = t.laneBits(), n = t.lanes();
        long xl = lo[a], xh = hi[a], rl = 0, rh = 0, m = IntOps.mask(lb);
        for (int i = 0; i < n; i++) {
            if (!IntOps.icmp(in.icc, Lanes.get(xl, xh, lb, i), Lanes.get(yl, yh, lb, i), lb)) continue;
            int bit = i * lb;
            if (bit >= 64) rh |= m << (bit - 64); else rl |= m << bit;
        }
        lo[r] = rl;
        hi[r] = rh;
    }

    private void overflow(Insn in, long[] lo, long[] hi) {
        int bits = in.bits, a = in.a, b = in.b;
        long x = lo[a], y = lo[b], m = in.mask;
        boolean ovf;
        if (bits <= 64) {
            long res;
            switch (in.sub) {
                case Ops.UADD_OVF -> { res = (x + y) & m; ovf = Long.compareUnsigned(res, x) < 0; }
                case Ops.USUB_OVF -> { res = (x - y) & m; ovf = Long.compareUnsigned(x, y) < 0; }
                case Ops.SADD_OVF -> {
                    long sx = IntOps.sx(x, bits), sy = IntOps.sx(y, bits), s = sx + sy;
                    res = s & m;
                    ovf = bits == 64 ? ((sx ^ s) & (sy ^ s)) < 0 : s != IntOps.sx(res, bits);
                }
                case Ops.SSUB_OVF -> {
                    long sx = IntOps.sx(x, bits), sy = IntOps.sx(y, bits), s = sx - sy;
                    res = s & m;
                    ovf = bits == 64 ? ((sx ^ sy) & (sx ^ s)) < 0 : s != IntOps.sx(res, bits);
                }
                case Ops.UMUL_OVF -> {
                    res = (x * y) & m;
                    ovf = bits == 64 ? Math.unsignedMultiplyHigh(x, y) != 0 : ((x * y) >>> bits) != 0;
                }
                default -> {
                    long sx = IntOps.sx(x, bits), sy = IntOps.sx(y, bits), p = sx * sy;
                    res = p & m;
                    ovf = bits == 64 ? Math.multiplyHigh(sx, sy) != (p >> 63) : p != IntOps.sx(res, bits);
                }
            }
            lo[in.r] = res;
        } else {
            boolean signed = in.sub == Ops.SADD_OVF || in.sub == Ops.SSUB_OVF || in.sub == Ops.SMUL_OVF;
            BigInteger p = signed ? Wide.signed(x, hi[a]) : Wide.unsigned(x, hi[a]);
            BigInteger q = signed ? Wide.signed(y, hi[b]) : Wide.unsigned(y, hi[b]);
            BigInteger exact = switch (in.sub) {
                case Ops.UADD_OVF, Ops.SADD_OVF -> p.add(q);
                case Ops.USUB_OVF, Ops.SSUB_OVF -> p.subtract(q);
                default -> p.multiply(q);
            };
            ovf = !fits(exact, 128, signed);
            w.set(exact);
            lo[in.r] = w.lo;
            hi[in.r] = w.hi;
        }
        lo[in.r1] = ovf ? 1 : 0;
    }

    private static boolean fits(BigInteger v, int bits, boolean signed) {
        if (signed) return v.bitLength() <= bits - 1;
        return v.signum() >= 0 && v.bitLength() <= bits;
    }

    private void overflowCarry(Insn in, long[] lo, long[] hi) {
        int bits = in.bits, a = in.a, b = in.b;
        boolean signed = in.sub == Ops.SADD_CIN || in.sub == Ops.SSUB_BIN;
        BigInteger p = big(lo[a], hi[a], bits, signed), q = big(lo[b], hi[b], bits, signed);
        BigInteger c = truthy(lo, hi, in.c) ? BigInteger.ONE : BigInteger.ZERO;
        BigInteger exact = in.sub == Ops.UADD_CIN || in.sub == Ops.SADD_CIN ? p.add(q).add(c) : p.subtract(q).subtract(c);
        w.set(exact);
        lo[in.r] = w.lo & in.mask;
        if (bits > 64) hi[in.r] = w.hi;
        lo[in.r1] = fits(exact, bits, signed) ? 0 : 1;
    }

    private static BigInteger big(long lo, long hi, int bits, boolean signed) {
        if (bits > 64) return signed ? Wide.signed(lo, hi) : Wide.unsigned(lo, hi);
        if (signed) return BigInteger.valueOf(IntOps.sx(lo, bits));
        return Wide.unsigned(lo, 0);
    }

    // =====================================================================================
    // Float operations
    // =====================================================================================

    private void floatBin(Insn in, long[] lo, long[] hi) {
        int a = in.a, b = in.b, r = in.r, lb = in.bits;
        if (lb == 128) {
            BigInteger v = FloatOps.soft(in.sub, SoftFloat.F128, SoftFloat.bits(lo[a], hi[a]), SoftFloat.bits(lo[b], hi[b]));
            lo[r] = SoftFloat.lo(v);
            hi[r] = SoftFloat.hi(v);
            return;
        }
        if (in.lanes == 1) {
            lo[r] = FloatOps.bin(in.sub, lo[a], lo[b], lb);
            return;
        }
        long xl = lo[a], xh = hi[a], yl = lo[b], yh = hi[b], rl = 0, rh = 0;
        for (int i = 0, n = in.lanes; i < n; i++) {
            long v = FloatOps.bin(in.sub, Lanes.get(xl, xh, lb, i), Lanes.get(yl, yh, lb, i), lb);
            int bit = i * lb;
            if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
        }
        lo[r] = rl;
        hi[r] = rh;
    }

    private void floatUnary(Insn in, long[] lo, long[] hi) {
        int a = in.a, r = in.r, lb = in.bits;
        if (lb == 128) {
            BigInteger v = FloatOps.softUnary(in.sub, SoftFloat.F128, SoftFloat.bits(lo[a], hi[a]));
            lo[r] = SoftFloat.lo(v);
            hi[r] = SoftFloat.hi(v);
            return;
        }
        if (in.lanes == 1) {
            lo[r] = FloatOps.unary(in.sub, lo[a], lb);
            return;
        }
        long xl = lo[a], xh = hi[a], rl = 0, rh = 0;
        for (int i = 0, n = in.lanes; i < n; i++) {
            long v = FloatOps.unary(in.sub, Lanes.get(xl, xh, lb, i), lb);
            int bit = i * lb;
            if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
        }
        lo[r] = rl;
        hi[r] = rh;
    }

    private void fma(Insn in, long[] lo, long[] hi) {
        int a = in.a, b = in.b, c = in.c, r = in.r, lb = in.bits;
        if (lb == 128) {
            BigInteger v = SoftFloat.fma(SoftFloat.F128, SoftFloat.bits(lo[a], hi[a]), SoftFloat.bits(lo[b], hi[b]),
                    SoftFloat.bits(lo[c], hi[c]));
            lo[r] = SoftFloat.lo(v);
            hi[r] = SoftFloat.hi(v);
            return;
        }
        long rl = 0, rh = 0;
        for (int i = 0, n = in.lanes; i < n; i++) {
            long v = FloatOps.fma(Lanes.get(lo[a], hi[a], lb, i), Lanes.get(lo[b], hi[b], lb, i),
                    Lanes.get(lo[c], hi[c], lb, i), lb);
            int bit = i * lb;
            if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
        }
        lo[r] = rl;
        hi[r] = rh;
    }

    private void fcmp(Insn in, long[] lo, long[] hi) {
        Type t = in.argType;
        int a = in.a, b = in.b, r = in.r, lb = t.laneBits();
        if (lb == 128) {
            int c = SoftFloat.compare(SoftFloat.F128, SoftFloat.bits(lo[a], hi[a]), SoftFloat.bits(lo[b], hi[b]));
            lo[r] = FloatOps.cond(in.fcc, c) ? 1 : 0;
            return;
        }
        if (t.isScalar()) {
            lo[r] = FloatOps.cond(in.fcc, FloatOps.cmp(lo[a], lo[b], lb)) ? 1 : 0;
            return;
        }
        long rl = 0, rh = 0, m = IntOps.mask(lb);
        for (int i = 0, n = t.lanes(); i < n; i++) {
            if (!FloatOps.cond(in.fcc, FloatOps.cmp(Lanes.get(lo[a], hi[a], lb, i), Lanes.get(lo[b], hi[b], lb, i), lb))) continue;
            int bit = i * lb;
            if (bit >= 64) rh |= m << (bit - 64); else rl |= m << bit;
        }
        lo[r] = rl;
        hi[r] = rh;
    }

    // =====================================================================================
    // Memory
    // =====================================================================================

    /** Reads a value of type {@code t} at the located position into {@link #w}. */
    private void readValue(Type t, boolean big) {
        int bytes = t.bytes();
        if (!big || t.laneBits() == 8) {
            if (bytes <= 8) { w.lo = mem.read(bytes, false); w.hi = 0; }
            else { w.lo = mem.read(8, false); mem.advance(8); w.hi = mem.read(8, false); }
            return;
        }
        if (t.isScalar()) {
            if (bytes <= 8) { w.lo = mem.read(bytes, true); w.hi = 0; }
            else { w.hi = mem.read(8, true); mem.advance(8); w.lo = mem.read(8, true); }
            return;
        }
        int lb = t.laneBits(), n = t.lanes(), lbytes = lb / 8;
        long rl = 0, rh = 0;
        for (int i = 0; i < n; i++) {
            long v = mem.read(lbytes, true);
            mem.advance(lbytes);
            int bit = i * lb;
            if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
        }
        w.lo = rl;
        w.hi = rh;
    }

    private void writeValue(Type t, long vl, long vh, boolean big) {
        int bytes = t.bytes();
        if (!big || t.laneBits() == 8) {
            if (bytes <= 8) mem.write(bytes, vl, false);
            else { mem.write(8, vl, false); mem.advance(8); mem.write(8, vh, false); }
            return;
        }
        if (t.isScalar()) {
            if (bytes <= 8) mem.write(bytes, vl, true);
            else { mem.write(8, vh, true); mem.advance(8); mem.write(8, vl, true); }
            return;
        }
        int lb = t.laneBits(), n = t.lanes(), lbytes = lb / 8;
        for (int i = 0; i < n; i++) {
            mem.write(lbytes, Lanes.get(vl, vh, lb, i), true);
            mem.advance(lbytes);
        }
    }

    private void load(Insn in, long[] lo, long[] hi) {
        long addr = lo[in.a] + in.imm;
        Type t = in.type;
        boolean big = in.flags.big();
        int sub = in.sub;
        if (sub == 0) {
            mem.locate(addr, t.bytes(), in.flags);
            readValue(t, big);
            lo[in.r] = w.lo;
            hi[in.r] = w.hi;
            return;
        }
        int n = sub & 0xff;
        mem.locate(addr, n, in.flags);
        long v = mem.read(n, big);
        if ((sub & 0x100) != 0) v = IntOps.sx(v, n * 8);
        lo[in.r] = v & in.mask;
        if (in.bits > 64) hi[in.r] = v >> 63;
    }

    private void loadVecExt(Insn in, long[] lo, long[] hi) {
        long addr = lo[in.a] + in.imm;
        boolean big = in.flags.big(), signed = (in.sub & 0x100) != 0;
        int sb = in.sub & 0xff, sbytes = sb / 8, n = 64 / sb, db = sb * 2;
        mem.locate(addr, 8, in.flags);
        long rl = 0, rh = 0;
        for (int i = 0; i < n; i++) {
            long v = mem.read(sbytes, big);
            mem.advance(sbytes);
            if (signed) v = IntOps.sx(v, sb) & IntOps.mask(db);
            int bit = i * db;
            if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
        }
        lo[in.r] = rl;
        hi[in.r] = rh;
    }

    private void store(Insn in, long[] lo, long[] hi) {
        long addr = lo[in.b] + in.imm;
        Type t = in.argType;
        boolean big = in.flags.big();
        if (in.sub == 0) {
            mem.locate(addr, t.bytes(), in.flags);
            writeValue(t, lo[in.a], hi[in.a], big);
        } else {
            mem.locate(addr, in.sub, in.flags);
            mem.write(in.sub, lo[in.a], big);
        }
    }

    private long slotAddr(CompiledFunction f, Insn in, long slotBase, int size) {
        long off = in.imm;
        int slotSize = f.slotSize[in.ref];
        if (off < 0 || off + size > slotSize) {
            throw new Trap(TrapCode.HEAP_OUT_OF_BOUNDS, "heap_oob: " + size + "-byte access at offset " + off
                    + " of the " + slotSize + "-byte stack slot ss" + in.ref);
        }
        return slotBase + f.slotOffset[in.ref] + off;
    }

    private long globalValue(CompiledFunction f, int gv, long[] lo, int depth) {
        if (depth > 64) throw new InterpreterException("global value gv" + gv + " is defined in a cycle");
        GlobalValueData d = f.function.stencil().globalValue(gv);
        return switch (d) {
            case GlobalValueData.VmContext v -> {
                if (f.vmctxValue < 0) {
                    throw new InterpreterException.Unsupported("vmctx global value in a function without a vmctx parameter");
                }
                yield lo[f.vmctxValue];
            }
            case GlobalValueData.Load l -> {
                long addr = globalValue(f, l.base(), lo, depth + 1) + l.offset();
                int n = l.globalType().bytes();
                mem.locate(addr, n, l.flags());
                yield mem.read(Math.min(n, 8), l.flags().big()) & IntOps.mask(l.globalType().bits());
            }
            case GlobalValueData.IAddImm a -> (globalValue(f, a.base(), lo, depth + 1) + a.offset())
                    & IntOps.mask(a.globalType().bits());
            case GlobalValueData.Symbol s -> {
                FunctionEntry e = s.tls() ? null : owner.resolve(f.function, s.name());
                if (e == null) {
                    throw new InterpreterException.Unsupported("symbol " + owner.describe(f.function, s.name())
                            + (s.tls() ? " (thread-local)" : "") + " has no address in the interpreter");
                }
                yield e.address + s.offset();
            }
            case GlobalValueData.DynScaleTargetConst c ->
                    throw new InterpreterException.Unsupported("dynamic vector scale global values are not supported");
            case null -> throw new InterpreterException("unknown global value gv" + gv);
        };
    }

    // =====================================================================================
    // Everything else: conversions, SIMD, atomics
    // =====================================================================================

    private void other(Insn in, long[] lo, long[] hi) {
        int a = in.a, r = in.r;
        switch (in.op) {
            case Ops.LOAD_VEC_EXT -> loadVecExt(in, lo, hi);
            case Ops.BITCAST -> {
                long vl = lo[a], vh = hi[a];
                Type from = in.argType, to = in.type;
                if (in.flags.big() && from.laneBits() != to.laneBits()) {
                    // A big-endian bitcast reinterprets the value as it would sit in memory.
                    long sl = Lanes.swapLo(vl, vh, from.laneBits(), false), sh = Lanes.swapLo(vl, vh, from.laneBits(), true);
                    vl = Lanes.swapLo(sl, sh, to.laneBits(), false);
                    vh = Lanes.swapLo(sl, sh, to.laneBits(), true);
                }
                int bits = to.bits();
                lo[r] = bits < 64 ? vl & IntOps.mask(bits) : vl;
                hi[r] = bits <= 64 ? 0 : vh;
            }
            case Ops.SCALAR_TO_VECTOR -> { lo[r] = lo[a]; hi[r] = hi[a]; }
            case Ops.BMASK -> {
                Type from = in.argType;
                if (from.isScalar()) {
                    boolean nz = truthy(lo, hi, a);
                    lo[r] = nz ? in.mask : 0;
                    hi[r] = nz && in.bits > 64 ? -1 : 0;
                } else {
                    int fb = from.laneBits(), lb = in.bits;
                    long rl = 0, rh = 0;
                    for (int i = 0, n = in.lanes; i < n; i++) {
                        if (Lanes.get(lo[a], hi[a], fb, i) == 0) continue;
                        int bit = i * lb;
                        if (bit >= 64) rh |= in.mask << (bit - 64); else rl |= in.mask << bit;
                    }
                    lo[r] = rl;
                    hi[r] = rh;
                }
            }
            case Ops.IREDUCE -> lo[r] = lo[a] & in.mask;
            case Ops.UEXTEND -> { lo[r] = lo[a]; if (in.bits > 64) hi[r] = in.argType.bits() > 64 ? hi[a] : 0; }
            case Ops.SEXTEND -> {
                int fb = in.argType.bits();
                long v = IntOps.sx(lo[a], fb);
                lo[r] = v & in.mask;
                if (in.bits > 64) hi[r] = fb > 64 ? hi[a] : v >> 63;
            }
            case Ops.NARROW -> narrow(in, lo, hi);
            case Ops.WIDEN -> {
                Type from = in.argType;
                int fb = from.laneBits(), n = in.lanes, lb = in.bits;
                int first = (in.sub & Ops.WIDEN_HIGH) != 0 ? from.lanes() - n : 0;
                boolean signed = (in.sub & Ops.WIDEN_SIGNED) != 0;
                long rl = 0, rh = 0;
                for (int i = 0; i < n; i++) {
                    long v = Lanes.get(lo[a], hi[a], fb, first + i);
                    if (signed) v = IntOps.sx(v, fb) & in.mask;
                    int bit = i * lb;
                    if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
                }
                lo[r] = rl;
                hi[r] = rh;
            }
            case Ops.IADD_PAIRWISE -> {
                int n = in.lanes, lb = in.bits, half = n / 2;
                long rl = 0, rh = 0;
                for (int i = 0; i < n; i++) {
                    int src = i < half ? a : in.b, k = i < half ? 2 * i : 2 * (i - half);
                    long v = (Lanes.get(lo[src], hi[src], lb, k) + Lanes.get(lo[src], hi[src], lb, k + 1)) & in.mask;
                    int bit = i * lb;
                    if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
                }
                lo[r] = rl;
                hi[r] = rh;
            }
            case Ops.FCVT_FLOAT -> {
                int fb = in.argType.bits(), tb = in.bits;
                if (fb <= 64 && tb <= 64) {
                    lo[r] = FloatOps.convert(lo[a], fb, tb);
                } else {
                    BigInteger v = SoftFloat.convert(SoftFloat.of(fb), SoftFloat.of(tb), SoftFloat.bits(lo[a], hi[a]));
                    lo[r] = SoftFloat.lo(v);
                    hi[r] = tb > 64 ? SoftFloat.hi(v) : 0;
                }
            }
            case Ops.FVDEMOTE -> {
                long x0 = FloatOps.convert(lo[a], 64, 32), x1 = FloatOps.convert(hi[a], 64, 32);
                lo[r] = x0 | x1 << 32;
                hi[r] = 0;
            }
            case Ops.FVPROMOTE_LOW -> {
                long v = lo[a];
                lo[r] = FloatOps.convert(v & 0xffffffffL, 32, 64);
                hi[r] = FloatOps.convert(v >>> 32, 32, 64);
            }
            case Ops.FCVT_LOW_FROM_SINT -> {
                long v = lo[a];
                lo[r] = FloatOps.f64((double) (int) v);
                hi[r] = FloatOps.f64((double) (int) (v >>> 32));
            }
            case Ops.FCVT_TO_INT -> fcvtToInt(in, lo, hi);
            case Ops.FCVT_FROM_INT -> fcvtFromInt(in, lo, hi);
            case Ops.CVTT2DQ -> {
                long rl = 0, rh = 0;
                for (int i = 0; i < 4; i++) {
                    float f = FloatOps.f32(Lanes.get(lo[a], hi[a], 32, i));
                    long v = f != f || f >= 0x1p31f || f < -0x1p31f ? 0x80000000L : ((int) f) & 0xffffffffL;
                    if (i >= 2) rh |= v << (32 * (i - 2)); else rl |= v << (32 * i);
                }
                lo[r] = rl;
                hi[r] = rh;
            }
            case Ops.ISPLIT -> {
                int fb = in.argType.bits();
                if (fb == 128) { lo[r] = lo[a]; lo[in.r1] = hi[a]; }
                else { int h = fb / 2; lo[r] = lo[a] & IntOps.mask(h); lo[in.r1] = lo[a] >>> h; }
            }
            case Ops.ICONCAT -> {
                if (in.bits == 128) { lo[r] = lo[a]; hi[r] = lo[in.b]; }
                else lo[r] = lo[a] | lo[in.b] << (in.bits / 2);
            }
            case Ops.VANY_TRUE -> lo[r] = truthy(lo, hi, a) ? 1 : 0;
            case Ops.VALL_TRUE -> {
                Type t = in.argType;
                boolean all = true;
                for (int i = 0, n = t.lanes(); i < n && all; i++) all = Lanes.get(lo[a], hi[a], t.laneBits(), i) != 0;
                lo[r] = all ? 1 : 0;
            }
            case Ops.VHIGH_BITS -> {
                Type t = in.argType;
                int lb = t.laneBits();
                long v = 0;
                for (int i = 0, n = t.lanes(); i < n; i++) v |= (Lanes.get(lo[a], hi[a], lb, i) >>> (lb - 1)) << i;
                lo[r] = v & in.mask;
                if (in.bits > 64) hi[r] = 0;
            }
            case Ops.BLENDV -> {
                int lb = in.bits, c = in.a;
                long rl = 0, rh = 0;
                for (int i = 0, n = in.lanes; i < n; i++) {
                    boolean top = (Lanes.get(lo[c], hi[c], lb, i) >>> (lb - 1)) != 0;
                    int s = top ? in.b : in.c;
                    long v = Lanes.get(lo[s], hi[s], lb, i);
                    int bit = i * lb;
                    if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
                }
                lo[r] = rl;
                hi[r] = rh;
            }
            case Ops.SPLAT -> {
                int lb = in.bits;
                long v = lo[a] & in.mask, rl = 0, rh = 0;
                for (int i = 0, n = in.lanes; i < n; i++) {
                    int bit = i * lb;
                    if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
                }
                lo[r] = rl;
                hi[r] = rh;
            }
            case Ops.INSERTLANE -> {
                int lb = in.bits, i = (int) in.imm;
                long vl = lo[a], vh = hi[a], v = lo[in.b];
                if (i * lb >= 64) vh = Lanes.withLo(vh, lb, i - 64 / lb, v);
                else vl = Lanes.withLo(vl, lb, i, v);
                lo[r] = vl;
                hi[r] = vh;
            }
            case Ops.EXTRACTLANE -> lo[r] = Lanes.get(lo[a], hi[a], in.argType.laneBits(), (int) in.imm);
            case Ops.SWIZZLE, Ops.PSHUFB -> {
                long rl = 0, rh = 0;
                for (int i = 0; i < 16; i++) {
                    int s = (int) Lanes.get(lo[in.b], hi[in.b], 8, i);
                    long v;
                    if (in.op == Ops.PSHUFB) v = (s & 0x80) != 0 ? 0 : Lanes.get(lo[a], hi[a], 8, s & 15);
                    else v = s < 16 ? Lanes.get(lo[a], hi[a], 8, s) : 0;
                    if (i >= 8) rh |= v << (8 * (i - 8)); else rl |= v << (8 * i);
                }
                lo[r] = rl;
                hi[r] = rh;
            }
            case Ops.SHUFFLE -> {
                byte[] mask = in.bytes;
                long rl = 0, rh = 0;
                for (int i = 0; i < mask.length && i < 16; i++) {
                    int s = mask[i] & 0xff;
                    long v = s < 16 ? Lanes.get(lo[a], hi[a], 8, s) : s < 32 ? Lanes.get(lo[in.b], hi[in.b], 8, s - 16) : 0;
                    if (i >= 8) rh |= v << (8 * (i - 8)); else rl |= v << (8 * i);
                }
                lo[r] = rl;
                hi[r] = rh;
            }
            case Ops.ATOMIC_LOAD -> {
                mem.locate(lo[a], in.type.bytes(), in.flags);
                readValue(in.type, in.flags.big());
                lo[r] = w.lo;
                hi[r] = w.hi;
            }
            case Ops.ATOMIC_STORE -> {
                mem.locate(lo[in.b], in.argType.bytes(), in.flags);
                writeValue(in.argType, lo[a], hi[a], in.flags.big());
            }
            case Ops.ATOMIC_RMW -> atomicRmw(in, lo, hi);
            case Ops.ATOMIC_CAS -> {
                Type t = in.type;
                boolean big = in.flags.big();
                mem.locate(lo[a], t.bytes(), in.flags);
                readValue(t, big);
                long ol = w.lo, oh = w.hi;
                if (ol == lo[in.b] && oh == hi[in.b]) {
                    mem.locate(lo[a], t.bytes(), in.flags);
                    writeValue(t, lo[in.c], hi[in.c], big);
                }
                lo[r] = ol;
                hi[r] = oh;
            }
            default -> throw new InterpreterException.Unsupported("opcode " + in.opcode + " is not supported by the interpreter");
        }
    }

    private void atomicRmw(Insn in, long[] lo, long[] hi) {
        Type t = in.type;
        int bits = t.bits();
        boolean big = in.flags.big();
        long addr = lo[in.a];
        mem.locate(addr, t.bytes(), in.flags);
        readValue(t, big);
        long ol = w.lo, oh = w.hi, xl = lo[in.b], xh = hi[in.b];
        AtomicRmwOp op = AtomicRmwOp.of((int) in.imm);
        int iop = switch (op) {
            case ADD -> IntOps.ADD; case SUB -> IntOps.SUB; case AND -> IntOps.AND; case OR -> IntOps.OR;
            case XOR -> IntOps.XOR; case UMIN -> IntOps.UMIN; case UMAX -> IntOps.UMAX; case SMIN -> IntOps.SMIN;
            case SMAX -> IntOps.SMAX; case NAND, XCHG -> -1;
        };
        long nl, nh;
        if (op == AtomicRmwOp.XCHG) {
            nl = xl;
            nh = xh;
        } else if (bits <= 64) {
            nl = op == AtomicRmwOp.NAND ? ~(ol & xl) & IntOps.mask(bits) : IntOps.bin(iop, ol, xl, bits);
            nh = 0;
        } else {
            if (op == AtomicRmwOp.NAND) { w.lo = ~(ol & xl); w.hi = ~(oh & xh); }
            else w.bin(iop, ol, oh, xl, xh);
            nl = w.lo;
            nh = w.hi;
        }
        mem.locate(addr, t.bytes(), in.flags);
        writeValue(t, nl, nh, big);
        lo[in.r] = ol;
        hi[in.r] = oh;
    }

    private void narrow(Insn in, long[] lo, long[] hi) {
        Type from = in.argType;
        int fb = from.laneBits(), n = from.lanes(), lb = in.bits;
        long smin = IntOps.sx(1L << (lb - 1), lb), smax = IntOps.mask(lb - 1), umax = IntOps.mask(lb);
        long rl = 0, rh = 0;
        for (int i = 0; i < 2 * n; i++) {
            int src = i < n ? in.a : in.b;
            long v = Lanes.get(lo[src], hi[src], fb, i % n);
            long out;
            switch (in.sub) {
                case Ops.SNARROW -> out = Math.max(smin, Math.min(smax, IntOps.sx(v, fb)));
                case Ops.UNARROW -> out = Math.max(0, Math.min(umax, IntOps.sx(v, fb)));
                default -> out = Long.compareUnsigned(v, umax) > 0 ? umax : v;
            }
            out &= umax;
            int bit = i * lb;
            if (bit >= 64) rh |= out << (bit - 64); else rl |= out << bit;
        }
        lo[in.r] = rl;
        hi[in.r] = rh;
    }

    private void fcvtToInt(Insn in, long[] lo, long[] hi) {
        Type from = in.argType;
        int fb = from.laneBits(), tb = in.bits, a = in.a;
        boolean signed = (in.sub & Ops.CVT_SIGNED) != 0, sat = (in.sub & Ops.CVT_SAT) != 0;
        if (from.isScalar()) {
            convertToInt(fb, lo[a], hi[a], tb, signed, sat);
            lo[in.r] = w.lo;
            if (tb > 64) hi[in.r] = w.hi;
            return;
        }
        long rl = 0, rh = 0;
        for (int i = 0, n = from.lanes(); i < n; i++) {
            convertToInt(fb, Lanes.get(lo[a], hi[a], fb, i), 0, tb, signed, sat);
            int bit = i * tb;
            if (bit >= 64) rh |= w.lo << (bit - 64); else rl |= w.lo << bit;
        }
        lo[in.r] = rl;
        hi[in.r] = rh;
    }

    /** Converts a float to an integer of {@code tb} bits into {@link #w}, trapping or saturating. */
    private void convertToInt(int fb, long xl, long xh, int tb, boolean signed, boolean sat) {
        if (fb <= 64 && fb != 16 && tb <= 64) {
            double d = fb == 32 ? FloatOps.f32(xl) : FloatOps.f64(xl);
            if (d != d) {
                if (!sat) throw Trap.of(TrapCode.BAD_CONVERSION_TO_INTEGER);
                w.lo = 0;
                w.hi = 0;
                return;
            }
            double t = d < 0 ? Math.ceil(d) : Math.floor(d);
            double lim = Math.scalb(1.0, signed ? tb - 1 : tb);
            double min = signed ? -lim : 0;
            long v;
            if (t < min || t >= lim) {
                if (!sat) throw Trap.of(TrapCode.INTEGER_OVERFLOW);
                v = t < min ? (signed ? IntOps.smin(tb) : 0) : (signed ? IntOps.smax(tb) : IntOps.mask(tb));
            } else if (!signed && tb == 64 && t >= 0x1p63) {
                v = (long) (t - 0x1p63) + Long.MIN_VALUE;
            } else {
                v = (long) t;
            }
            w.lo = v & IntOps.mask(tb);
            w.hi = 0;
            return;
        }
        SoftFloat.Fmt f = SoftFloat.of(fb);
        BigInteger v = SoftFloat.toIntTrunc(f, SoftFloat.bits(xl, fb > 64 ? xh : 0));
        if (v == null) {
            if (!sat) throw Trap.of(TrapCode.BAD_CONVERSION_TO_INTEGER);
            v = BigInteger.ZERO;
        }
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(tb - 1).negate() : BigInteger.ZERO;
        BigInteger max = (signed ? BigInteger.ONE.shiftLeft(tb - 1) : BigInteger.ONE.shiftLeft(tb)).subtract(BigInteger.ONE);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            if (!sat) throw Trap.of(TrapCode.INTEGER_OVERFLOW);
            v = v.compareTo(min) < 0 ? min : max;
        }
        w.set(v);
        if (tb <= 64) { w.lo &= IntOps.mask(tb); w.hi = 0; }
    }

    private void fcvtFromInt(Insn in, long[] lo, long[] hi) {
        Type from = in.argType;
        int fb = from.laneBits(), tb = in.bits, a = in.a;
        boolean signed = (in.sub & Ops.CVT_SIGNED) != 0;
        if (from.isScalar()) {
            long v = convertFromInt(fb, lo[a], hi[a], tb, signed);
            lo[in.r] = v;
            if (tb > 64) hi[in.r] = w.hi;
            return;
        }
        long rl = 0, rh = 0;
        for (int i = 0, n = from.lanes(); i < n; i++) {
            long v = convertFromInt(fb, Lanes.get(lo[a], hi[a], fb, i), 0, tb, signed);
            int bit = i * tb;
            if (bit >= 64) rh |= v << (bit - 64); else rl |= v << bit;
        }
        lo[in.r] = rl;
        hi[in.r] = rh;
    }

    /** Returns the low bits of the float; for f128 the high bits are left in {@code w.hi}. */
    private long convertFromInt(int fb, long xl, long xh, int tb, boolean signed) {
        if (fb <= 64 && (tb == 32 || tb == 64)) {
            long v = signed ? IntOps.sx(xl, fb) : xl;
            if (signed || fb < 64 || v >= 0) {
                return tb == 32 ? FloatOps.f32((float) v) : FloatOps.f64((double) v);
            }
        }
        BigInteger v = fb > 64 ? (signed ? Wide.signed(xl, xh) : Wide.unsigned(xl, xh))
                : signed ? BigInteger.valueOf(IntOps.sx(xl, fb)) : Wide.unsigned(xl, 0);
        BigInteger r = SoftFloat.fromInt(SoftFloat.of(tb), v);
        w.hi = SoftFloat.hi(r);
        return SoftFloat.lo(r);
    }
}
