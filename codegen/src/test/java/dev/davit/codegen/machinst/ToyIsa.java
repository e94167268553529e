package dev.davit.codegen.machinst;

import dev.davit.codegen.OperandVisitor;
import dev.davit.codegen.Reg;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.IntCC;
import dev.davit.ir.Opcode;
import dev.davit.ir.Type;
import dev.davit.regalloc.MachineEnv;
import dev.davit.regalloc.PReg;

/**
 * A tiny three-address machine for testing the shared pipeline without a real ISA: 64-bit integer
 * registers r0..r{N-1}, arguments in r0.., the result in r0, spill slots in memory.
 */
final class ToyIsa {
    sealed interface Inst {}

    record Const(long value, int dst) implements Inst {}

    record Bin(char op, int a, int b, int dst) implements Inst {}

    record Mov(int src, int dst) implements Inst {}

    record Spill(int slot, int src) implements Inst {}

    record Reload(int slot, int dst) implements Inst {}

    record Args(int[] dsts) implements Inst {}

    record Ret(int src) implements Inst {}

    record Jump(int target) implements Inst {}

    record Br(int cond, int then, int otherwise) implements Inst {}

    static final MachInstInfo<Inst> INFO = new MachInstInfo<>() {
        @Override
        public Inst visitOperands(Inst inst, OperandVisitor v) {
            return switch (inst) {
                case Const c -> new Const(c.value(), v.def(c.dst()));
                case Bin b -> {
                    int a = v.use(b.a()), bb = v.use(b.b());
                    yield new Bin(b.op(), a, bb, v.def(b.dst()));
                }
                case Mov m -> {
                    int s = v.use(m.src());
                    yield new Mov(s, v.def(m.dst()));
                }
                case Spill s -> new Spill(s.slot(), v.use(s.src()));
                case Reload r -> new Reload(r.slot(), v.def(r.dst()));
                case Args a -> {
                    int[] d = new int[a.dsts().length];
                    for (int i = 0; i < d.length; i++) d[i] = v.fixedDef(a.dsts()[i], PReg.of(0, i));
                    yield new Args(d);
                }
                case Ret r -> new Ret(v.fixedUse(r.src(), PReg.of(0, 0)));
                case Jump j -> j;
                case Br b -> new Br(v.use(b.cond()), b.then(), b.otherwise());
            };
        }

        @Override public boolean isRet(Inst inst) { return inst instanceof Ret; }

        @Override public boolean isBranch(Inst inst) { return inst instanceof Jump || inst instanceof Br; }

        @Override public boolean isMove(Inst inst) { return inst instanceof Mov; }

        @Override public Inst genMove(int dst, int src, int cls) { return new Mov(src, dst); }

        @Override public Inst genSpill(int slot, int src, int cls) { return new Spill(slot, src); }

        @Override public Inst genReload(int dst, int slot, int cls) { return new Reload(slot, dst); }

        @Override public Inst genJump(int target) { return new Jump(target); }

        @Override public String print(Inst inst) { return inst.toString(); }
    };

    /** Lowers iconst, iadd, isub, imul, icmp eq/slt, brif, jump and return of i64 values. */
    static final LowerBackend<Inst> LOWER = new LowerBackend<>() {
        @Override
        public boolean lower(Lower<Inst> ctx, int inst) {
            DataFlowGraph dfg = ctx.dfg();
            Opcode op = dfg.opcode(inst);
            switch (op) {
                case ICONST -> ctx.emit(new Const(dfg.imm(inst), ctx.resultReg(0, 0)));
                case IADD, ISUB, IMUL -> ctx.emit(new Bin(op == Opcode.IADD ? '+' : op == Opcode.ISUB ? '-' : '*',
                        ctx.putInReg(dfg.arg(inst, 0)), ctx.putInReg(dfg.arg(inst, 1)), ctx.resultReg(0, 0)));
                case ICMP -> {
                    char c = switch (IntCC.of(dfg.aux(inst))) {
                        case EQ -> '=';
                        case SLT -> '<';
                        default -> '?';
                    };
                    if (c == '?') return false;
                    ctx.emit(new Bin(c, ctx.putInReg(dfg.arg(inst, 0)), ctx.putInReg(dfg.arg(inst, 1)), ctx.resultReg(0, 0)));
                }
                case RETURN -> ctx.emit(new Ret(ctx.putInReg(dfg.arg(inst, 0))));
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean lowerBranch(Lower<Inst> ctx, int inst, int[] targets) {
            switch (ctx.dfg().opcode(inst)) {
                case JUMP -> ctx.emit(new Jump(targets[0]));
                case BRIF -> ctx.emit(new Br(ctx.putInReg(ctx.dfg().arg(inst, 0)), targets[0], targets[1]));
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override public void genArgs(Lower<Inst> ctx, int[] paramRegs) { ctx.emit(new Args(paramRegs.clone())); }

        @Override public int regClass(Type type) { return Reg.INT; }
    };

    /** An environment with {@code n} allocatable registers and a scratch register. */
    static MachineEnv env(int n) {
        int[] regs = new int[n];
        for (int i = 0; i < n; i++) regs[i] = PReg.of(0, i);
        return new MachineEnv(new int[][] {regs, {}, {}}, new int[][] {{}, {}, {}}, new int[] {PReg.of(0, 63), -1, -1});
    }

    /** Runs allocated code: registers by hardware number, spill slots in memory. */
    static long run(FinalCode<Inst> code, long... args) {
        long[] regs = new long[64];
        long[] slots = new long[Math.max(1, code.numSpillSlots())];
        int b = 0;
        int steps = 0;
        while (true) {
            for (int i = code.blockStart()[b]; i < code.blockStart()[b + 1]; i++) {
                if (++steps > 1_000_000) throw new IllegalStateException("runaway toy program");
                switch (code.inst(i)) {
                    case Const c -> regs[Reg.hwEnc(c.dst())] = c.value();
                    case Bin x -> {
                        long l = regs[Reg.hwEnc(x.a())], r = regs[Reg.hwEnc(x.b())];
                        regs[Reg.hwEnc(x.dst())] = switch (x.op()) {
                            case '+' -> l + r;
                            case '-' -> l - r;
                            case '*' -> l * r;
                            case '=' -> l == r ? 1 : 0;
                            default -> l < r ? 1 : 0;
                        };
                    }
                    case Mov m -> regs[Reg.hwEnc(m.dst())] = regs[Reg.hwEnc(m.src())];
                    case Spill s -> slots[s.slot()] = regs[Reg.hwEnc(s.src())];
                    case Reload r -> regs[Reg.hwEnc(r.dst())] = slots[r.slot()];
                    case Args a -> {
                        for (int k = 0; k < a.dsts().length; k++) regs[Reg.hwEnc(a.dsts()[k])] = args[k];
                    }
                    case Ret r -> {
                        return regs[Reg.hwEnc(r.src())];
                    }
                    case Jump j -> {
                        b = j.target();
                        i = Integer.MAX_VALUE - 1;
                    }
                    case Br br -> {
                        b = regs[Reg.hwEnc(br.cond())] != 0 ? br.then() : br.otherwise();
                        i = Integer.MAX_VALUE - 1;
                    }
                }
                if (i == Integer.MAX_VALUE - 1) break;
            }
        }
    }
}
