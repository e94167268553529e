package dev.davit.ir.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.DataValue;
import dev.davit.ir.ExceptionTableData;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.Function;
import dev.davit.ir.TrapCode;
import dev.davit.ir.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blocks, branches, calls, traps and the fuel limit, on hand-built functions. */
class ControlFlowTest {
    static final Type I64 = Type.I64, I32 = Type.I32;

    static DataValue i64(long v) { return DataValue.ofInt(I64, v); }

    static DataValue i32(long v) { return DataValue.ofInt(I32, v); }

    static long returned(InterpreterResult r) {
        return assertInstanceOf(InterpreterResult.Returned.class, r).values()[0].lo();
    }

    /** sum(n) = n + (n-1) + ... + 1 as a loop with block parameters. */
    static Function sumLoop() {
        FnBuilder b = new FnBuilder("sum", List.of(I64), List.of(I64));
        int b0 = b.block(I64);
        int b1 = b.block(I64, I64);
        int b2 = b.block();
        int b3 = b.block(I64);
        b.at(b0);
        int zero = b.iconst(I64, 0);
        b.jump(b1, zero, b.param(b0, 0));
        b.at(b1);
        int acc = b.param(b1, 0), i = b.param(b1, 1);
        b.brif(i, b.blockCall(b2), b.blockCall(b3, acc));
        b.at(b2);
        int acc2 = b.v("iadd", I64, acc, i);
        int i2 = b.v("iadd", I64, i, b.iconst(I64, -1));
        b.jump(b1, acc2, i2);
        b.at(b3);
        b.ret(b.param(b3, 0));
        return b.fn;
    }

    @Test
    void loopWithBlockParams() {
        Interpreter in = new Interpreter(sumLoop());
        assertEquals(0, returned(in.call("sum", i64(0))));
        assertEquals(5050, returned(in.call("%sum", i64(100))));
        assertEquals(500000500000L, returned(in.call("sum", i64(1_000_000))));
    }

    @Test
    void infiniteLoopRunsOutOfFuel() {
        FnBuilder b = new FnBuilder("spin", List.of(), List.of());
        int b0 = b.block();
        b.jump(b0);
        Interpreter in = new Interpreter(b.fn).withFuel(10_000);
        InterpreterException e = assertThrows(InterpreterException.FuelExhausted.class, () -> in.call("spin"));
        assertTrue(e.getMessage().contains("10000"), e.getMessage());
        assertTrue(e.getMessage().contains("%spin"), e.getMessage());
    }

    @Test
    void blockArgumentsAreAParallelCopy() {
        // block1(a, b) jumps to itself with (b, a) n times: the swap must not clobber.
        FnBuilder b = new FnBuilder("swap", List.of(I64, I64, I64), List.of(I64));
        int b0 = b.block(I64, I64, I64);
        int b1 = b.block(I64, I64, I64);
        int b2 = b.block();
        int b3 = b.block();
        b.at(b0);
        b.jump(b1, b.param(b0, 0), b.param(b0, 1), b.param(b0, 2));
        b.at(b1);
        int x = b.param(b1, 0), y = b.param(b1, 1), n = b.param(b1, 2);
        b.brif(n, b.blockCall(b2), b.blockCall(b3));
        b.at(b2);
        b.jump(b1, y, x, b.v("iadd", I64, n, b.iconst(I64, -1)));
        b.at(b3);
        b.ret(x);
        Interpreter in = new Interpreter(b.fn);
        assertEquals(7, returned(in.call("swap", i64(7), i64(9), i64(2))));
        assertEquals(9, returned(in.call("swap", i64(7), i64(9), i64(3))));
    }

    @Test
    void brTable() {
        FnBuilder b = new FnBuilder("table", List.of(I32), List.of(I64));
        int b0 = b.block(I32);
        int[] targets = new int[4];
        for (int k = 0; k < 4; k++) targets[k] = b.block();
        b.at(b0);
        int[] calls = {b.blockCall(targets[3]), b.blockCall(targets[0]), b.blockCall(targets[1]), b.blockCall(targets[2])};
        int jt = b.dfg.addJumpTable(calls);
        b.inst("br_table", null, new Type[0], new int[] {b.param(b0, 0)}, 0, 0, jt);
        for (int k = 0; k < 4; k++) {
            b.at(targets[k]);
            b.ret(b.iconst(I64, 10 + k));
        }
        Interpreter in = new Interpreter(b.fn);
        assertEquals(10, returned(in.call("table", i32(0))));
        assertEquals(11, returned(in.call("table", i32(1))));
        assertEquals(12, returned(in.call("table", i32(2))));
        assertEquals(13, returned(in.call("table", i32(3))));
        assertEquals(13, returned(in.call("table", i32(-1))));
    }

    /** %rec(n) = n == 0 ? 0 : n + %rec(n - 1), through a real call. */
    static Function recursiveSum(String callOp) {
        FnBuilder b = new FnBuilder("rec", List.of(I64), List.of(I64));
        int fn = b.func("rec", List.of(I64), List.of(I64));
        int b0 = b.block(I64);
        int b1 = b.block();
        int b2 = b.block();
        b.at(b0);
        int n = b.param(b0, 0);
        b.brif(n, b.blockCall(b1), b.blockCall(b2));
        b.at(b1);
        int m = b.v("iadd", I64, n, b.iconst(I64, -1));
        int c = b.inst(callOp, null, new Type[] {I64}, new int[] {m}, 0, 0, fn);
        b.ret(b.v("iadd", I64, n, b.dfg.firstResult(c)));
        b.at(b2);
        b.ret(b.iconst(I64, 0));
        return b.fn;
    }

    @Test
    void directRecursion() {
        Interpreter in = new Interpreter(recursiveSum("call"));
        assertEquals(55, returned(in.call("rec", i64(10))));
        assertEquals(500500, returned(in.call("rec", i64(1000))));
    }

    @Test
    void unboundedRecursionTrapsWithStackOverflow() {
        Interpreter in = new Interpreter(recursiveSum("call"));
        InterpreterResult r = in.call("rec", i64(1_000_000));
        assertEquals(TrapCode.STACK_OVERFLOW, assertInstanceOf(InterpreterResult.Trapped.class, r).trapCode());
    }

    @Test
    void tailCallsDoNotGrowTheStack() {
        // %count(n, acc) = n == 0 ? acc : return_call %count(n - 1, acc + 1)
        FnBuilder b = new FnBuilder("count", List.of(I64, I64), List.of(I64));
        int fn = b.func("count", List.of(I64, I64), List.of(I64));
        int b0 = b.block(I64, I64);
        int b1 = b.block();
        int b2 = b.block();
        b.at(b0);
        b.brif(b.param(b0, 0), b.blockCall(b1), b.blockCall(b2));
        b.at(b1);
        int n1 = b.v("iadd", I64, b.param(b0, 0), b.iconst(I64, -1));
        int a1 = b.v("iadd", I64, b.param(b0, 1), b.iconst(I64, 1));
        b.inst("return_call", null, new Type[0], new int[] {n1, a1}, 0, 0, fn);
        b.at(b2);
        b.ret(b.param(b0, 1));
        Interpreter in = new Interpreter(b.fn);
        assertEquals(100_000, returned(in.call("count", i64(100_000), i64(0))));
    }

    @Test
    void indirectCallThroughFuncAddr() {
        FnBuilder callee = new FnBuilder("add1", List.of(I64), List.of(I64));
        int c0 = callee.block(I64);
        callee.ret(callee.v("iadd", I64, callee.param(c0, 0), callee.iconst(I64, 1)));

        FnBuilder b = new FnBuilder("caller", List.of(I64), List.of(I64));
        int fn = b.func("add1", List.of(I64), List.of(I64));
        int sig = b.dfg.addSignature(FnBuilder.sig(List.of(I64), List.of(I64)));
        int b0 = b.block(I64);
        int addr = b.vi("func_addr", I64, 0, 0, fn);
        int c = b.inst("call_indirect", I64, new Type[] {I64}, new int[] {addr, b.param(b0, 0)}, 0, 0, sig);
        b.ret(b.dfg.firstResult(c));
        Interpreter in = new Interpreter(b.fn, callee.fn);
        assertEquals(42, returned(in.call("caller", i64(41))));
        assertEquals(in.functionAddress("add1"), Interpreter.FUNCTION_BASE + 16);
    }

    @Test
    void indirectCallToGarbageTraps() {
        FnBuilder b = new FnBuilder("bad", List.of(I64), List.of(I64));
        int sig = b.dfg.addSignature(FnBuilder.sig(List.of(), List.of(I64)));
        int b0 = b.block(I64);
        int c = b.inst("call_indirect", I64, new Type[] {I64}, new int[] {b.param(b0, 0)}, 0, 0, sig);
        b.ret(b.dfg.firstResult(c));
        InterpreterResult r = new Interpreter(b.fn).call("bad", i64(1234));
        assertEquals(TrapCode.HEAP_OUT_OF_BOUNDS, assertInstanceOf(InterpreterResult.Trapped.class, r).trapCode());
    }

    @Test
    void tryCallTakesTheNormalReturnEdgeWithResults() {
        FnBuilder callee = new FnBuilder("two", List.of(), List.of(I64));
        callee.block();
        callee.ret(callee.iconst(I64, 2));

        FnBuilder b = new FnBuilder("tc", List.of(), List.of(I64));
        int fn = b.func("two", List.of(), List.of(I64));
        int b0 = b.block();
        int b1 = b.block(I64);
        int b2 = b.block();
        b.at(b0);
        int normal = b.blockCall(b1, DataFlowGraph.blockArgRet(0));
        int handler = b.blockCall(b2);
        int et = b.dfg.addExceptionTable(new ExceptionTableData(b.dfg.numSignatures() - 1, normal, new int[0],
                new long[] {ExceptionTableData.DEFAULT_TAG}, new int[] {handler}));
        b.inst("try_call", null, new Type[0], new int[0], 0, et, fn);
        b.at(b1);
        b.ret(b.v("iadd", I64, b.param(b1, 0), b.iconst(I64, 40)));
        b.at(b2);
        b.ret(b.iconst(I64, -1));
        assertEquals(42, returned(new Interpreter(b.fn, callee.fn).call("tc")));
    }

    @Test
    void traps() {
        FnBuilder b = new FnBuilder("t", List.of(I64), List.of(I64));
        int b0 = b.block(I64);
        b.inst("trapz", null, new Type[0], new int[] {b.param(b0, 0)}, 0, 7, 0);
        int m = b.v("iadd", I64, b.param(b0, 0), b.iconst(I64, -5));
        b.inst("trapnz", null, new Type[0], new int[] {m}, 0, TrapCode.INTEGER_OVERFLOW, 0);
        b.inst("trap", null, new Type[0], new int[0], 0, TrapCode.HEAP_OUT_OF_BOUNDS, 0);
        Interpreter in = new Interpreter(b.fn);
        InterpreterResult.Trapped t0 = assertInstanceOf(InterpreterResult.Trapped.class, in.call("t", i64(0)));
        assertEquals(7, t0.trapCode());
        assertTrue(t0.description().startsWith("user7"), t0.description());
        assertEquals(TrapCode.INTEGER_OVERFLOW, ((InterpreterResult.Trapped) in.call("t", i64(1))).trapCode());
        assertEquals(TrapCode.HEAP_OUT_OF_BOUNDS, ((InterpreterResult.Trapped) in.call("t", i64(5))).trapCode());
    }

    @Test
    void unknownCalleeIsUnsupportedOnlyWhenReached() {
        FnBuilder b = new FnBuilder("maybe", List.of(I64), List.of(I64));
        int fn = b.func("nowhere", List.of(), List.of(I64));
        int b0 = b.block(I64);
        int b1 = b.block();
        int b2 = b.block();
        b.at(b0);
        b.brif(b.param(b0, 0), b.blockCall(b1), b.blockCall(b2));
        b.at(b1);
        int c = b.inst("call", null, new Type[] {I64}, new int[0], 0, 0, fn);
        b.ret(b.dfg.firstResult(c));
        b.at(b2);
        b.ret(b.iconst(I64, 3));
        Interpreter in = new Interpreter(b.fn);
        assertEquals(3, returned(in.call("maybe", i64(0))));
        InterpreterException e = assertThrows(InterpreterException.Unsupported.class, () -> in.call("maybe", i64(1)));
        assertTrue(e.getMessage().contains("%nowhere"), e.getMessage());
    }

    @Test
    void argumentsAreCheckedAgainstTheSignature() {
        Interpreter in = new Interpreter(sumLoop());
        assertThrows(IllegalArgumentException.class, () -> in.call("sum", i32(1)));
        assertThrows(IllegalArgumentException.class, () -> in.call("sum"));
        assertThrows(IllegalArgumentException.class, () -> in.call("nosuch"));
    }
}
